// Host tests of ntdll's pure conversions: NT time <-> calendar fields and Unix seconds
// (TimeFields.cpp), and integers <-> text (IntegerText.cpp). Wine-and-Windows behaviour is
// checked by tests/conformance/process_info.c; these sweep ranges no conformance run could.

#include <gtest/gtest.h>

#include <cstring>

#include "NtdllHarness.h"
#include "halcyon/ntrtlutil.h"

using namespace ntdll_test;

namespace {

constexpr int64_t kTicksPerDay = 864'000'000'000;

int64_t civil_days(int year, int month, int day) {
    // Days from 1601-01-01, computed the slow way as a reference.
    static const int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    auto leap = [](int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; };
    int64_t days = 0;
    for (int y = 1601; y < year; ++y)
        days += leap(y) ? 366 : 365;
    for (int m = 1; m < month; ++m)
        days += kDays[m - 1] + (m == 2 && leap(year) ? 1 : 0);
    return days + day - 1;
}

} // namespace

TEST(TimeFields, EveryDayOfFourCenturiesRoundTrips) {
    // Walks 1601-01-01 .. 2400-12-31 day by day against the reference calendar.
    TIME_FIELDS fields{};
    static const int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int64_t day_number = 0;
    for (int year = 1601; year <= 2400; ++year) {
        bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        for (int month = 1; month <= 12; ++month) {
            int days = kDays[month - 1] + (month == 2 && leap ? 1 : 0);
            for (int day = 1; day <= days; ++day, ++day_number) {
                LARGE_INTEGER time;
                time.QuadPart = day_number * kTicksPerDay + 3'723'004'0000; // 01:02:03.004
                RtlTimeToTimeFields(&time, &fields);
                ASSERT_EQ(fields.Year, year);
                ASSERT_EQ(fields.Month, month);
                ASSERT_EQ(fields.Day, day);
                ASSERT_EQ(fields.Hour, 1);
                ASSERT_EQ(fields.Minute, 2);
                ASSERT_EQ(fields.Second, 3);
                ASSERT_EQ(fields.Milliseconds, 4);
                ASSERT_EQ(fields.Weekday, (day_number + 1) % 7);
                LARGE_INTEGER back;
                ASSERT_TRUE(RtlTimeFieldsToTime(&fields, &back));
                ASSERT_EQ(back.QuadPart, time.QuadPart);
            }
        }
    }
    EXPECT_EQ(day_number, civil_days(2401, 1, 1));
}

TEST(TimeFields, RefusesFieldsOutOfRange) {
    TIME_FIELDS fields{2001, 2, 29, 0, 0, 0, 0, 0};
    LARGE_INTEGER time;
    EXPECT_FALSE(RtlTimeFieldsToTime(&fields, &time)); // not a leap year
    fields.Day = 28;
    EXPECT_TRUE(RtlTimeFieldsToTime(&fields, &time));
    EXPECT_EQ(time.QuadPart, civil_days(2001, 2, 28) * kTicksPerDay);
    fields.Year = 1600;
    EXPECT_FALSE(RtlTimeFieldsToTime(&fields, &time));
    fields = {2001, 1, 1, 0, 60, 0, 0, 0};
    EXPECT_FALSE(RtlTimeFieldsToTime(&fields, &time));
    fields = {2001, 1, 1, 0, 0, 60, 0, 0};
    EXPECT_FALSE(RtlTimeFieldsToTime(&fields, &time));
    fields = {2001, 0, 1, 0, 0, 0, 0, 0};
    EXPECT_FALSE(RtlTimeFieldsToTime(&fields, &time));
}

TEST(TimeFields, SecondsSince1970CoverTheUnsignedRange) {
    LARGE_INTEGER time;
    ULONG seconds = 0;
    RtlSecondsSince1970ToTime(0xFFFFFFFF, &time);
    EXPECT_TRUE(RtlTimeToSecondsSince1970(&time, &seconds));
    EXPECT_EQ(seconds, 0xFFFFFFFFu);
    time.QuadPart += 10'000'000;
    EXPECT_FALSE(RtlTimeToSecondsSince1970(&time, &seconds));
    RtlSecondsSince1970ToTime(0, &time);
    EXPECT_EQ(time.QuadPart, civil_days(1970, 1, 1) * kTicksPerDay);
    time.QuadPart = -1;
    EXPECT_FALSE(RtlTimeToSecondsSince1970(&time, &seconds));
}

TEST(IntegerText, EveryBaseRoundTripsThroughText) {
    const ULONG values[] = {0, 1, 7, 8, 9, 10, 15, 16, 255, 256, 65535, 123456789, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF};
    for (ULONG base : {2u, 8u, 10u, 16u}) {
        for (ULONG value : values) {
            char text[40];
            ASSERT_EQ(RtlIntegerToChar(value, base, sizeof(text), text), STATUS_SUCCESS);
            ULONG parsed = ~value;
            ASSERT_EQ(RtlCharToInteger(text, base, &parsed), STATUS_SUCCESS);
            EXPECT_EQ(parsed, value) << text << " in base " << base;
            WCHAR wide[40];
            UNICODE_STRING string{0, sizeof(wide), wide};
            ASSERT_EQ(RtlIntegerToUnicodeString(value, base, &string), STATUS_SUCCESS);
            ASSERT_EQ(string.Length, std::strlen(text) * sizeof(WCHAR));
            parsed = ~value;
            ASSERT_EQ(RtlUnicodeStringToInteger(&string, base, &parsed), STATUS_SUCCESS);
            EXPECT_EQ(parsed, value);
        }
    }
}

TEST(IntegerText, ParsingStopsAtTheFirstForeignCharacterAndWraps) {
    ULONG value = 0;
    EXPECT_EQ(RtlCharToInteger("4294967296", 10, &value), STATUS_SUCCESS);
    EXPECT_EQ(value, 0u); // wraps silently, as on Windows
    EXPECT_EQ(RtlCharToInteger("\t\n 42abc", 10, &value), STATUS_SUCCESS);
    EXPECT_EQ(value, 42u);
    EXPECT_EQ(RtlCharToInteger("", 10, &value), STATUS_SUCCESS);
    EXPECT_EQ(value, 0u);
    EXPECT_EQ(RtlCharToInteger("-", 0, &value), STATUS_SUCCESS);
    EXPECT_EQ(value, 0u);
    EXPECT_EQ(RtlCharToInteger("0x", 0, &value), STATUS_SUCCESS);
    EXPECT_EQ(value, 0u);
    EXPECT_EQ(RtlCharToInteger("1", 1, &value), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(RtlCharToInteger("1", 10, nullptr), STATUS_ACCESS_VIOLATION);
}

TEST(IntegerText, BufferRulesOfIntegerToChar) {
    char text[4] = {'x', 'x', 'x', 'x'};
    EXPECT_EQ(RtlIntegerToChar(1234, 10, 3, text), STATUS_BUFFER_OVERFLOW);
    EXPECT_EQ(RtlIntegerToChar(1234, 10, 4, text), STATUS_SUCCESS);
    EXPECT_EQ(std::memcmp(text, "1234", 4), 0); // no room for the NUL, none written
    EXPECT_EQ(RtlIntegerToChar(1, 10, 4, nullptr), STATUS_ACCESS_VIOLATION);
    WCHAR wide[4];
    UNICODE_STRING string{0, sizeof(wide), wide};
    EXPECT_EQ(RtlIntegerToUnicodeString(1234, 10, &string), STATUS_BUFFER_OVERFLOW);
    EXPECT_EQ(string.Length, 8); // the length needed is still reported
    EXPECT_EQ(RtlIntegerToUnicodeString(123, 10, &string), STATUS_SUCCESS);
    EXPECT_EQ(wide[3], 0);
}
