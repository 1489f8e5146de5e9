#pragma once

// Time-zone rules in the shape of TIME_ZONE_INFORMATION (a base bias, a standard and a daylight
// bias, and the two yearly transitions as SYSTEMTIME rules), parsed from a POSIX TZ string, and
// the arithmetic that applies them (which bias holds at a UTC or a local instant). Pure; also
// builds for the host unit tests and the fuzzer.
//
// Where the zone comes from: the TZ variable of the process environment, in the POSIX form
// "STD offset [DST [offset] [,start[/time],end[/time]]]" (e.g. "EST5EDT,M3.2.0,M11.1.0" or
// "CET-1CEST,M3.5.0,M10.5.0/3"). Without TZ, or with one that does not parse, the zone is UTC.
// FIXME: the registry's TimeZoneInformation key once there is a registry, and Windows' display
// names ("Eastern Standard Time"): a POSIX string only carries abbreviations, which are used as
// the names.

#include <stddef.h>
#include <stdint.h>

#include "win32/kernelbase/TimeConvert.h"

namespace halcyon::win32::time {

constexpr size_t kZoneNameLength = 32;

struct ZoneRule {
    /// Minutes: UTC = local time + bias (+ standard_bias or daylight_bias).
    int32_t bias;
    uint16_t standard_name[kZoneNameLength];
    /// When standard time starts (in local daylight time). month 0 means no daylight saving.
    /// With year 0: day_of_week and day (1..5, 5 = last) pick a weekday of the month.
    CivilTime standard_date;
    int32_t standard_bias;
    uint16_t daylight_name[kZoneNameLength];
    /// When daylight time starts (in local standard time).
    CivilTime daylight_date;
    int32_t daylight_bias;
};

/// The UTC zone (bias 0, no daylight saving, named "Coordinated Universal Time").
void utc_zone(ZoneRule& out);

/// Parses a POSIX TZ string of `length` UTF-16 units. Only the Mm.w.d transition form is
/// accepted (the Jn and n day-of-year forms have no TIME_ZONE_INFORMATION equivalent); a DST
/// name without rules gets the US rules, as POSIX's default. False on anything malformed.
[[nodiscard]] bool parse_posix_tz(const uint16_t* text, size_t length, ZoneRule& out);

inline bool has_daylight_saving(const ZoneRule& rule) {
    return rule.standard_date.month != 0 && rule.daylight_date.month != 0;
}

/// The total bias (minutes, UTC = local + bias) in effect at UTC `utc_ticks`, and whether it is
/// daylight time. False when the transition rules are invalid.
[[nodiscard]] bool bias_at_utc(const ZoneRule& rule, uint64_t utc_ticks, int32_t& bias, bool& daylight);

/// The same for a local time (SystemTimeToTzSpecificLocalTime's inverse). In the hour that
/// repeats when daylight time ends, the local time is taken as standard time.
[[nodiscard]] bool bias_at_local(const ZoneRule& rule, uint64_t local_ticks, int32_t& bias, bool& daylight);

/// The local time (in ticks since 1601) at which a transition rule fires in `year`.
[[nodiscard]] bool transition_in_year(const CivilTime& rule, uint32_t year, uint64_t& ticks);

} // namespace halcyon::win32::time
