#pragma once

// The process's time zone for localtime/mktime and the _tzset variables (TimeZone.cpp).

#include "win32/crt/TimeTypes.h"

namespace crt::tz {

/// UTC seconds -> local broken-down time with tm_isdst; false when the result is out of range.
/// Reads the zone (_tzset) on first use.
bool utc_to_local(int64_t t, Tm& out);
/// Local fields (tm_isdst > 0: daylight time, 0: standard, < 0: decide from the rules) -> UTC
/// seconds, without range checks.
int64_t local_to_utc(const Tm& local);
/// (Re)reads the zone from TZ or the system: _tzset.
void read_zone();

} // namespace crt::tz
