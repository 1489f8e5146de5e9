// POSIX TZ strings and applying time-zone rules.

#include <gtest/gtest.h>

#include <string>

#include "win32/kernelbase/TimeZoneRules.h"

using namespace halcyon::win32::time;

namespace {

bool parse(const std::string& text, ZoneRule& rule) {
    std::u16string wide(text.begin(), text.end());
    return parse_posix_tz(reinterpret_cast<const uint16_t*>(wide.data()), wide.size(), rule);
}

std::string name_of(const uint16_t* name) {
    std::string out;
    for (size_t i = 0; i < kZoneNameLength && name[i]; ++i)
        out.push_back(static_cast<char>(name[i]));
    return out;
}

uint64_t ticks_of(uint16_t year, uint16_t month, uint16_t day, uint16_t hour, uint16_t minute = 0) {
    uint64_t ticks = 0;
    EXPECT_TRUE(civil_to_file_time(CivilTime{year, month, 0, day, hour, minute, 0, 0}, ticks));
    return ticks;
}

constexpr uint64_t kMinute = 60 * kTicksPerSecond;

} // namespace

TEST(TimeZone, ParsesAZoneWithoutDaylightSaving) {
    ZoneRule rule{};
    ASSERT_TRUE(parse("JST-9", rule));
    EXPECT_EQ(rule.bias, -540);
    EXPECT_EQ(name_of(rule.standard_name), "JST");
    EXPECT_FALSE(has_daylight_saving(rule));
    ASSERT_TRUE(parse("<+0530>-5:30", rule));
    EXPECT_EQ(rule.bias, -330);
    EXPECT_EQ(name_of(rule.standard_name), "+0530");
}

TEST(TimeZone, ParsesUsEasternRules) {
    ZoneRule rule{};
    ASSERT_TRUE(parse("EST5EDT,M3.2.0,M11.1.0", rule));
    EXPECT_EQ(rule.bias, 300);
    EXPECT_EQ(rule.standard_bias, 0);
    EXPECT_EQ(rule.daylight_bias, -60);
    EXPECT_EQ(name_of(rule.daylight_name), "EDT");
    EXPECT_EQ(rule.daylight_date.month, 3);
    EXPECT_EQ(rule.daylight_date.day, 2);
    EXPECT_EQ(rule.daylight_date.day_of_week, 0);
    EXPECT_EQ(rule.daylight_date.hour, 2);
    EXPECT_EQ(rule.standard_date.month, 11);
}

TEST(TimeZone, RejectsMalformedStrings) {
    ZoneRule rule{};
    for (const char* bad : {"", "E5", "EST", "EST5EDT,M3.2.0", "EST5EDT,M13.2.0,M11.1.0", "EST5EDT,J60,J300",
                            ":America/New_York", "EST5EDT,M3.2.0,M11.1.0junk", "EST99"})
        EXPECT_FALSE(parse(bad, rule)) << bad;
}

TEST(TimeZone, FindsTheNthAndLastWeekdayOfAMonth) {
    uint64_t ticks = 0;
    // The second Sunday of March 2024 was the 10th; the last Sunday of October 2024 the 27th.
    ASSERT_TRUE(transition_in_year(CivilTime{0, 3, 0, 2, 2, 0, 0, 0}, 2024, ticks));
    EXPECT_EQ(ticks, ticks_of(2024, 3, 10, 2));
    ASSERT_TRUE(transition_in_year(CivilTime{0, 10, 0, 5, 3, 0, 0, 0}, 2024, ticks));
    EXPECT_EQ(ticks, ticks_of(2024, 10, 27, 3));
}

TEST(TimeZone, AppliesDaylightSavingAroundBothTransitions) {
    ZoneRule rule{};
    ASSERT_TRUE(parse("EST5EDT,M3.2.0,M11.1.0", rule));
    int32_t bias = 0;
    bool daylight = false;
    // 2024-03-10 02:00 EST = 07:00 UTC: daylight time begins.
    ASSERT_TRUE(bias_at_utc(rule, ticks_of(2024, 3, 10, 6, 59), bias, daylight));
    EXPECT_FALSE(daylight);
    EXPECT_EQ(bias, 300);
    ASSERT_TRUE(bias_at_utc(rule, ticks_of(2024, 3, 10, 7), bias, daylight));
    EXPECT_TRUE(daylight);
    EXPECT_EQ(bias, 240);
    // 2024-11-03 02:00 EDT = 06:00 UTC: it ends.
    ASSERT_TRUE(bias_at_utc(rule, ticks_of(2024, 11, 3, 5, 59), bias, daylight));
    EXPECT_TRUE(daylight);
    ASSERT_TRUE(bias_at_utc(rule, ticks_of(2024, 11, 3, 6), bias, daylight));
    EXPECT_FALSE(daylight);
    // Local July is daylight time, local January is not.
    ASSERT_TRUE(bias_at_local(rule, ticks_of(2024, 7, 1, 12), bias, daylight));
    EXPECT_TRUE(daylight);
    ASSERT_TRUE(bias_at_local(rule, ticks_of(2024, 1, 1, 12), bias, daylight));
    EXPECT_FALSE(daylight);
}

TEST(TimeZone, HandlesSouthernHemisphereRules) {
    ZoneRule rule{};
    ASSERT_TRUE(parse("AEST-10AEDT,M10.1.0,M4.1.0/3", rule));
    int32_t bias = 0;
    bool daylight = false;
    ASSERT_TRUE(bias_at_utc(rule, ticks_of(2024, 1, 15, 0), bias, daylight));
    EXPECT_TRUE(daylight);
    EXPECT_EQ(bias, -660);
    ASSERT_TRUE(bias_at_utc(rule, ticks_of(2024, 7, 15, 0), bias, daylight));
    EXPECT_FALSE(daylight);
    EXPECT_EQ(bias, -600);
}

TEST(TimeZone, LocalAndUtcConversionsRoundTripOutsideTheRepeatedHour) {
    ZoneRule rule{};
    ASSERT_TRUE(parse("CET-1CEST,M3.5.0,M10.5.0/3", rule));
    for (uint64_t utc = ticks_of(2023, 1, 1, 0); utc < ticks_of(2024, 1, 1, 0); utc += 97 * 60 * kMinute) {
        int32_t bias = 0, back_bias = 0;
        bool daylight = false, back_daylight = false;
        ASSERT_TRUE(bias_at_utc(rule, utc, bias, daylight));
        uint64_t const local = utc - static_cast<int64_t>(bias) * static_cast<int64_t>(kMinute);
        ASSERT_TRUE(bias_at_local(rule, local, back_bias, back_daylight));
        if (back_bias != bias) // Only inside the hour that repeats in October.
            EXPECT_TRUE(daylight && !back_daylight);
        else
            EXPECT_EQ(local + static_cast<int64_t>(back_bias) * static_cast<int64_t>(kMinute), utc);
    }
}
