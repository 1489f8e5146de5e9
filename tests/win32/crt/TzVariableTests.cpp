// Host tests of the CRT's TZ environment-variable parser (win32/crt/TzVariable.cpp).

#include <gtest/gtest.h>
#include <string.h>

#include "win32/crt/TzVariable.h"

using crt::parse_tz_variable;
using crt::TzVariable;

TEST(TzVariable, PacificNamesBothZonesAndEightHoursWest) {
    TzVariable tz;
    ASSERT_TRUE(parse_tz_variable("PST8PDT", tz));
    EXPECT_STREQ(tz.standard_name, "PST");
    EXPECT_STREQ(tz.daylight_name, "PDT");
    EXPECT_EQ(tz.offset_seconds, 28800);
    EXPECT_TRUE(tz.has_daylight);
}

TEST(TzVariable, ZoneWithoutDaylightNameHasNoDaylightTime) {
    TzVariable tz;
    ASSERT_TRUE(parse_tz_variable("EST5", tz));
    EXPECT_STREQ(tz.standard_name, "EST");
    EXPECT_STREQ(tz.daylight_name, "");
    EXPECT_EQ(tz.offset_seconds, 18000);
    EXPECT_FALSE(tz.has_daylight);
}

TEST(TzVariable, NegativeOffsetWithMinutesAndSecondsIsEastOfUtc) {
    TzVariable tz;
    ASSERT_TRUE(parse_tz_variable("IST-5:30", tz));
    EXPECT_EQ(tz.offset_seconds, -(5 * 3600 + 30 * 60));
    ASSERT_TRUE(parse_tz_variable("XYZ+1:02:03ABC", tz));
    EXPECT_EQ(tz.offset_seconds, 3723);
    EXPECT_STREQ(tz.daylight_name, "ABC");
}

TEST(TzVariable, DaylightNameIsCutToThreeCharacters) {
    TzVariable tz;
    ASSERT_TRUE(parse_tz_variable("CET-1CEST", tz));
    EXPECT_STREQ(tz.standard_name, "CET");
    EXPECT_STREQ(tz.daylight_name, "CES");
    EXPECT_EQ(tz.offset_seconds, -3600);
    EXPECT_TRUE(tz.has_daylight);
}

TEST(TzVariable, ShortNameStopsAtTheOffset) {
    TzVariable tz;
    ASSERT_TRUE(parse_tz_variable("Z0", tz));
    EXPECT_STREQ(tz.standard_name, "Z");
    EXPECT_EQ(tz.offset_seconds, 0);
    ASSERT_TRUE(parse_tz_variable("-3", tz));
    EXPECT_STREQ(tz.standard_name, "");
    EXPECT_EQ(tz.offset_seconds, -10800);
}

TEST(TzVariable, RejectsEmptyMissingOrOutOfRangeOffsets) {
    TzVariable tz;
    EXPECT_FALSE(parse_tz_variable("", tz));
    EXPECT_FALSE(parse_tz_variable(nullptr, tz));
    EXPECT_FALSE(parse_tz_variable("PST", tz));
    EXPECT_FALSE(parse_tz_variable("PST-", tz));
    EXPECT_FALSE(parse_tz_variable("ABC25", tz));
    EXPECT_FALSE(parse_tz_variable("ABC5:60", tz));
    EXPECT_FALSE(parse_tz_variable("ABC5:", tz));
}
