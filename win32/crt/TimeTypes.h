#pragma once

// struct tm with the Microsoft layout (nine ints), shared by Time.cpp, TimeZone.cpp and
// ThreadData, and the calendar arithmetic they share (Time.cpp).

#include "win32/crt/CrtTypes.h"

namespace crt {

struct Tm {
    int tm_sec;
    int tm_min;
    int tm_hour;
    int tm_mday;
    int tm_mon;
    int tm_year;
    int tm_wday;
    int tm_yday;
    int tm_isdst;
};

/// Fills every field but tm_isdst (set to 0) from seconds since 1970-01-01 (any sign; proleptic
/// Gregorian calendar).
void civil_from_seconds(int64_t seconds, Tm& out);
/// Seconds since 1970-01-01 of the fields (tm_mon, tm_mday, ... may be out of range: they carry).
int64_t seconds_from_civil(const Tm& tm);
/// Days from 1970-01-01 to year-month-day (month 0-11 may be out of range).
int64_t days_from_civil(int64_t year, int64_t month, int64_t day);

} // namespace crt
