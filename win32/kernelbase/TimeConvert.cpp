// Calendar arithmetic for FILETIME/SYSTEMTIME. Days are counted with the civil-from-days algorithm
// of H. Hinnant ("chrono-Compatible Low-Level Date Algorithms"), shifted to the 1601 epoch.

#include "win32/kernelbase/TimeConvert.h"

namespace halcyon::win32::time {

namespace {

// Days from 0000-03-01 (proleptic Gregorian) to 1601-01-01.
constexpr int64_t kEpochDays = 584'694;

int64_t days_from_civil(int64_t year, uint32_t month, uint32_t day) {
    year -= month <= 2;
    int64_t era = year / 400;
    uint32_t year_of_era = static_cast<uint32_t>(year - era * 400);
    uint32_t day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    uint32_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146'097 + static_cast<int64_t>(day_of_era) - kEpochDays;
}

void civil_from_days(int64_t days, uint32_t& year, uint32_t& month, uint32_t& day) {
    days += kEpochDays;
    int64_t era = days / 146'097;
    uint32_t day_of_era = static_cast<uint32_t>(days - era * 146'097);
    uint32_t year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36'524 - day_of_era / 146'096) / 365;
    int64_t y = static_cast<int64_t>(year_of_era) + era * 400;
    uint32_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    uint32_t mp = (5 * day_of_year + 2) / 153;
    day = day_of_year - (153 * mp + 2) / 5 + 1;
    month = mp < 10 ? mp + 3 : mp - 9;
    year = static_cast<uint32_t>(y + (month <= 2));
}

} // namespace

bool is_leap_year(uint32_t year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

uint32_t days_in_month(uint32_t year, uint32_t month) {
    static constexpr uint8_t kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month == 2 && is_leap_year(year))
        return 29;
    return kDays[month - 1];
}

bool file_time_to_civil(uint64_t ticks, CivilTime& out) {
    if (ticks & 0x8000'0000'0000'0000ull)
        return false;
    uint64_t days = ticks / kTicksPerDay;
    uint64_t rest = ticks % kTicksPerDay;
    uint32_t year, month, day;
    civil_from_days(static_cast<int64_t>(days), year, month, day);
    out.year = static_cast<uint16_t>(year);
    out.month = static_cast<uint16_t>(month);
    out.day = static_cast<uint16_t>(day);
    out.day_of_week = static_cast<uint16_t>((days + 1) % 7); // 1601-01-01 was a Monday
    out.hour = static_cast<uint16_t>(rest / (3600 * kTicksPerSecond));
    rest %= 3600 * kTicksPerSecond;
    out.minute = static_cast<uint16_t>(rest / (60 * kTicksPerSecond));
    rest %= 60 * kTicksPerSecond;
    out.second = static_cast<uint16_t>(rest / kTicksPerSecond);
    rest %= kTicksPerSecond;
    out.milliseconds = static_cast<uint16_t>(rest / kTicksPerMillisecond);
    return true;
}

bool civil_to_file_time(const CivilTime& in, uint64_t& ticks) {
    if (in.year < 1601 || in.year > 30827 || in.month < 1 || in.month > 12 || in.day < 1 ||
        in.day > days_in_month(in.year, in.month) || in.hour > 23 || in.minute > 59 ||
        in.second > 59 || in.milliseconds > 999)
        return false;
    uint64_t days = static_cast<uint64_t>(days_from_civil(in.year, in.month, in.day));
    ticks = days * kTicksPerDay + in.hour * 3600 * kTicksPerSecond + in.minute * 60 * kTicksPerSecond +
            in.second * kTicksPerSecond + in.milliseconds * kTicksPerMillisecond;
    return true;
}

} // namespace halcyon::win32::time
