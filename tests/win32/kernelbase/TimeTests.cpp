// FILETIME <-> SYSTEMTIME arithmetic.

#include <gtest/gtest.h>

#include "win32/kernelbase/TimeConvert.h"

using namespace halcyon::win32::time;

TEST(Time, EpochIsMondayJanuaryFirst1601) {
    CivilTime t{};
    ASSERT_TRUE(file_time_to_civil(0, t));
    EXPECT_EQ(t.year, 1601);
    EXPECT_EQ(t.month, 1);
    EXPECT_EQ(t.day, 1);
    EXPECT_EQ(t.day_of_week, 1);
    EXPECT_EQ(t.hour, 0);
}

TEST(Time, UnixEpochConverts) {
    CivilTime t{};
    ASSERT_TRUE(file_time_to_civil(kUnixEpochTicks, t));
    EXPECT_EQ(t.year, 1970);
    EXPECT_EQ(t.month, 1);
    EXPECT_EQ(t.day, 1);
    EXPECT_EQ(t.day_of_week, 4); // Thursday
    uint64_t ticks = 0;
    ASSERT_TRUE(civil_to_file_time(CivilTime{1970, 1, 0, 1, 0, 0, 0, 0}, ticks));
    EXPECT_EQ(ticks, kUnixEpochTicks);
}

TEST(Time, KnownInstantWithMilliseconds) {
    // 2024-02-29 23:59:58.123 UTC (a Thursday) = Unix 1709251198.123
    uint64_t ticks = kUnixEpochTicks + 1709251198ull * kTicksPerSecond + 123 * kTicksPerMillisecond + 4567;
    CivilTime t{};
    ASSERT_TRUE(file_time_to_civil(ticks, t));
    EXPECT_EQ(t.year, 2024);
    EXPECT_EQ(t.month, 2);
    EXPECT_EQ(t.day, 29);
    EXPECT_EQ(t.day_of_week, 4);
    EXPECT_EQ(t.hour, 23);
    EXPECT_EQ(t.minute, 59);
    EXPECT_EQ(t.second, 58);
    EXPECT_EQ(t.milliseconds, 123);
    uint64_t back = 0;
    ASSERT_TRUE(civil_to_file_time(t, back));
    EXPECT_EQ(back, ticks - 4567); // sub-millisecond ticks are not representable in SYSTEMTIME
}

TEST(Time, RoundTripsEveryDayAcrossCenturies) {
    for (uint64_t day = 0; day < 200'000; day += 7) {
        uint64_t ticks = day * kTicksPerDay + 3723 * kTicksPerSecond;
        CivilTime t{};
        ASSERT_TRUE(file_time_to_civil(ticks, t));
        uint64_t back = 0;
        ASSERT_TRUE(civil_to_file_time(t, back)) << day;
        ASSERT_EQ(back, ticks) << day;
    }
}

TEST(Time, LargestValidFileTimeConvertsAndTopBitFails) {
    CivilTime t{};
    ASSERT_TRUE(file_time_to_civil(0x7FFFFFFFFFFFFFFFull, t));
    EXPECT_EQ(t.year, 30828);
    EXPECT_FALSE(file_time_to_civil(0x8000000000000000ull, t));
}

TEST(Time, SystemTimeValidationRejectsImpossibleDates) {
    uint64_t ticks;
    EXPECT_FALSE(civil_to_file_time(CivilTime{2023, 2, 0, 29, 0, 0, 0, 0}, ticks));
    EXPECT_TRUE(civil_to_file_time(CivilTime{2000, 2, 0, 29, 0, 0, 0, 0}, ticks));
    EXPECT_FALSE(civil_to_file_time(CivilTime{1900, 2, 0, 29, 0, 0, 0, 0}, ticks));
    EXPECT_FALSE(civil_to_file_time(CivilTime{1600, 12, 0, 31, 0, 0, 0, 0}, ticks));
    EXPECT_FALSE(civil_to_file_time(CivilTime{2020, 13, 0, 1, 0, 0, 0, 0}, ticks));
    EXPECT_FALSE(civil_to_file_time(CivilTime{2020, 4, 0, 31, 0, 0, 0, 0}, ticks));
    EXPECT_FALSE(civil_to_file_time(CivilTime{2020, 4, 0, 1, 24, 0, 0, 0}, ticks));
    EXPECT_FALSE(civil_to_file_time(CivilTime{2020, 4, 0, 1, 0, 60, 0, 0}, ticks));
    EXPECT_FALSE(civil_to_file_time(CivilTime{2020, 4, 0, 1, 0, 0, 60, 0}, ticks));
    EXPECT_FALSE(civil_to_file_time(CivilTime{2020, 4, 0, 1, 0, 0, 0, 1000}, ticks));
    // The day of the week is ignored, as on Windows.
    EXPECT_TRUE(civil_to_file_time(CivilTime{2020, 4, 6, 1, 0, 0, 0, 0}, ticks));
}
