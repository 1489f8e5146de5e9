#include <gtest/gtest.h>

#include "Calendar.h"

using namespace halcyon::baremetal;

namespace {

TEST(Calendar, TheUnixEpochIsTheKnownFiletime) {
    // 11644473600 s between 1601-01-01 and 1970-01-01, the documented FILETIME offset.
    EXPECT_EQ(filetime_of(1970, 1, 1, 0, 0, 0), 116444736000000000ull);
}

TEST(Calendar, LeapYearsFollowTheGregorianRules) {
    EXPECT_EQ(days_since_1601(2000, 3, 1) - days_since_1601(2000, 2, 28), 2) << "2000 is a leap year";
    EXPECT_EQ(days_since_1601(1900, 3, 1) - days_since_1601(1900, 2, 28), 1) << "1900 is not";
    EXPECT_EQ(days_since_1601(2024, 3, 1) - days_since_1601(2024, 2, 28), 2);
    EXPECT_EQ(days_since_1601(2025, 1, 1) - days_since_1601(2024, 1, 1), 366);
}

TEST(Calendar, ATimeOfDayAddsSeconds) {
    EXPECT_EQ(filetime_of(2026, 11, 21, 18, 30, 15) - filetime_of(2026, 11, 21, 0, 0, 0),
              (18ull * 3600 + 30 * 60 + 15) * 10000000ull);
}

} // namespace
