// NT time (100 ns intervals since 1601-01-01 UTC) to and from calendar fields and Unix seconds.
// Pure arithmetic (no system calls), so the host unit tests compile it as is. The calendar is
// the proleptic Gregorian one Windows uses; 1601 starts a 400-year cycle, which keeps the day
// arithmetic simple.

#include "Ntdll.h"
#include "halcyon/ntrtlutil.h"

namespace halcyon::ntdll {

namespace {

constexpr int64_t kTicksPerMillisecond = 10'000;
constexpr int64_t kTicksPerSecond = 10'000'000;
constexpr int64_t kTicksPerDay = 86'400 * kTicksPerSecond;
constexpr int64_t kSecondsFrom1601To1970 = 11'644'473'600;
constexpr int64_t kDaysPer400Years = 146'097;

bool is_leap(int64_t year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int64_t year, int month) {
    static constexpr uint8_t kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && is_leap(year) ? 29 : kDays[month - 1];
}

/// Days since 1601-01-01 of the first day of `year` (year >= 1601).
int64_t days_before_year(int64_t year) {
    int64_t y = year - 1601;
    return y * 365 + y / 4 - y / 100 + y / 400;
}

} // namespace

} // namespace halcyon::ntdll

using namespace halcyon::ntdll;

extern "C" {

void NTAPI RtlTimeToTimeFields(const LARGE_INTEGER* time, PTIME_FIELDS fields) {
    int64_t ticks = time->QuadPart;
    int64_t days = ticks / kTicksPerDay;
    int64_t in_day = ticks % kTicksPerDay;
    fields->Milliseconds = static_cast<SHORT>((in_day % kTicksPerSecond) / kTicksPerMillisecond);
    int64_t seconds = in_day / kTicksPerSecond;
    fields->Second = static_cast<SHORT>(seconds % 60);
    fields->Minute = static_cast<SHORT>((seconds / 60) % 60);
    fields->Hour = static_cast<SHORT>(seconds / 3600);
    fields->Weekday = static_cast<SHORT>((days + 1) % 7); // 1601-01-01 was a Monday

    // Whole 400-year cycles, then years within the cycle: the estimate from the mean year
    // length is off by at most one either way.
    int64_t year = 1601 + (days / kDaysPer400Years) * 400;
    days %= kDaysPer400Years;
    int64_t in_cycle = days * 400 / kDaysPer400Years;
    while (in_cycle + 1 < 400 && days_before_year(1601 + in_cycle + 1) <= days)
        ++in_cycle;
    while (in_cycle > 0 && days_before_year(1601 + in_cycle) > days)
        --in_cycle;
    days -= days_before_year(1601 + in_cycle);
    year += in_cycle;
    int month = 1;
    while (days >= days_in_month(year, month)) {
        days -= days_in_month(year, month);
        ++month;
    }
    fields->Year = static_cast<SHORT>(year);
    fields->Month = static_cast<SHORT>(month);
    fields->Day = static_cast<SHORT>(days + 1);
}

BOOLEAN NTAPI RtlTimeFieldsToTime(PTIME_FIELDS fields, PLARGE_INTEGER time) {
    // Weekday is ignored, as on Windows; every other field must be in range.
    if (fields->Year < 1601 || fields->Month < 1 || fields->Month > 12 || fields->Day < 1 ||
        fields->Day > days_in_month(fields->Year, fields->Month) || fields->Hour < 0 || fields->Hour > 23 ||
        fields->Minute < 0 || fields->Minute > 59 || fields->Second < 0 || fields->Second > 59 ||
        fields->Milliseconds < 0 || fields->Milliseconds > 999)
        return FALSE;
    int64_t days = days_before_year(fields->Year);
    for (int month = 1; month < fields->Month; ++month)
        days += days_in_month(fields->Year, month);
    days += fields->Day - 1;
    int64_t seconds = ((days * 24 + fields->Hour) * 60 + fields->Minute) * 60 + fields->Second;
    time->QuadPart = seconds * kTicksPerSecond + fields->Milliseconds * kTicksPerMillisecond;
    return TRUE;
}

BOOLEAN NTAPI RtlTimeToSecondsSince1970(const LARGE_INTEGER* time, PULONG seconds) {
    int64_t since = time->QuadPart / kTicksPerSecond - kSecondsFrom1601To1970;
    if (time->QuadPart < 0 || since < 0 || since > 0xFFFFFFFFll)
        return FALSE;
    *seconds = static_cast<ULONG>(since);
    return TRUE;
}

void NTAPI RtlSecondsSince1970ToTime(ULONG seconds, PLARGE_INTEGER time) {
    time->QuadPart = (static_cast<int64_t>(seconds) + kSecondsFrom1601To1970) * kTicksPerSecond;
}

} // extern "C"
