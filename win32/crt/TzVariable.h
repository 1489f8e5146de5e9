#pragma once

// The Microsoft CRT's TZ environment-variable syntax, "tzn[+|-]hh[:mm[:ss]][dzn]" (PST8PDT,
// EST5, GMT-1): a pure parser shared by TimeZone.cpp, the host tests and a fuzzer.

#include "win32/crt/CrtTypes.h"

namespace crt {

struct TzVariable {
    /// Standard-time name: up to three characters of the value's start (may be empty).
    char standard_name[4];
    /// Daylight-time name: up to three characters after the offset; empty when absent.
    char daylight_name[4];
    /// Seconds *west* of UTC (the _timezone value): PST8 is 28800, GMT-1 is -3600.
    int32_t offset_seconds;
    /// Whether anything follows the offset (the zone then observes daylight time).
    bool has_daylight;
};

/// Parses `text` (NUL-terminated). Returns false, leaving `out` unspecified, when the value is
/// empty or its offset is out of range (more than 24 hours or minutes/seconds above 59), in
/// which case the CRT falls back to the system zone.
bool parse_tz_variable(const char* text, TzVariable& out);

} // namespace crt
