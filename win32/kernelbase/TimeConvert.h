#pragma once

// FILETIME <-> SYSTEMTIME arithmetic (proleptic Gregorian calendar, 100 ns ticks since
// 1601-01-01 00:00 UTC). Pure; also builds for the host unit tests.

#include <stdint.h>

namespace halcyon::win32::time {

/// The fields of a SYSTEMTIME, in its order.
struct CivilTime {
    uint16_t year;
    uint16_t month;       // 1..12
    uint16_t day_of_week; // 0 = Sunday
    uint16_t day;         // 1..31
    uint16_t hour;
    uint16_t minute;
    uint16_t second;
    uint16_t milliseconds;
};

constexpr uint64_t kTicksPerMillisecond = 10'000;
constexpr uint64_t kTicksPerSecond = 10'000'000;
constexpr uint64_t kTicksPerDay = 86'400 * kTicksPerSecond;
/// Ticks from 1601-01-01 to the Unix epoch 1970-01-01.
constexpr uint64_t kUnixEpochTicks = 116'444'736'000'000'000ull;

/// FileTimeToSystemTime: fails (ERROR_INVALID_PARAMETER) for values with the top bit set.
[[nodiscard]] bool file_time_to_civil(uint64_t ticks, CivilTime& out);

/// SystemTimeToFileTime: validates every field (years 1601..30827, real dates, hour < 24, ...);
/// wDayOfWeek is ignored, as Windows does.
[[nodiscard]] bool civil_to_file_time(const CivilTime& in, uint64_t& ticks);

bool is_leap_year(uint32_t year);
uint32_t days_in_month(uint32_t year, uint32_t month);

} // namespace halcyon::win32::time
