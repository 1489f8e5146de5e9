// Time zones: GetTimeZoneInformation, GetDynamicTimeZoneInformation and the conversions between
// UTC and a zone's local time. The zone comes from the TZ environment variable (a POSIX string;
// see TimeZoneRules.h), read on every call so a program that sets TZ sees the change, and is UTC
// without one.

#include "win32/kernelbase/TimeZone.h"
#include "halcyon/winnls.h"
#include "win32/kernelbase/KernelBase.h"

using namespace halcyon;
using namespace halcyon::kernelbase;
namespace wtime = halcyon::win32::time;

namespace halcyon::kernelbase {

void current_zone(wtime::ZoneRule& rule) {
    WCHAR value[128];
    DWORD saved = teb()->last_error_value;
    DWORD length = GetEnvironmentVariableW(L"TZ", value, 128);
    teb()->last_error_value = saved;
    if (length == 0 || length >= 128 ||
        !wtime::parse_posix_tz(reinterpret_cast<const uint16_t*>(value), length, rule))
        wtime::utc_zone(rule);
}

namespace {

ULONGLONG now_ticks() {
    FILETIME now;
    GetSystemTimeAsFileTime(&now);
    return (static_cast<ULONGLONG>(now.dwHighDateTime) << 32) | now.dwLowDateTime;
}

} // namespace

int32_t current_bias() {
    wtime::ZoneRule rule;
    current_zone(rule);
    int32_t bias = 0;
    bool daylight = false;
    if (!wtime::bias_at_utc(rule, now_ticks(), bias, daylight))
        bias = rule.bias;
    return bias;
}

} // namespace halcyon::kernelbase

namespace {

void to_info(const wtime::ZoneRule& rule, TIME_ZONE_INFORMATION& info) {
    static_assert(sizeof(wtime::CivilTime) == sizeof(SYSTEMTIME));
    info.Bias = rule.bias;
    __builtin_memcpy(info.StandardName, rule.standard_name, sizeof(info.StandardName));
    __builtin_memcpy(&info.StandardDate, &rule.standard_date, sizeof(SYSTEMTIME));
    info.StandardBias = rule.standard_bias;
    __builtin_memcpy(info.DaylightName, rule.daylight_name, sizeof(info.DaylightName));
    __builtin_memcpy(&info.DaylightDate, &rule.daylight_date, sizeof(SYSTEMTIME));
    info.DaylightBias = rule.daylight_bias;
}

void from_info(const TIME_ZONE_INFORMATION& info, wtime::ZoneRule& rule) {
    rule.bias = info.Bias;
    __builtin_memcpy(rule.standard_name, info.StandardName, sizeof(info.StandardName));
    __builtin_memcpy(&rule.standard_date, &info.StandardDate, sizeof(SYSTEMTIME));
    rule.standard_bias = info.StandardBias;
    __builtin_memcpy(rule.daylight_name, info.DaylightName, sizeof(info.DaylightName));
    __builtin_memcpy(&rule.daylight_date, &info.DaylightDate, sizeof(SYSTEMTIME));
    rule.daylight_bias = info.DaylightBias;
}

DWORD zone_id_now(const wtime::ZoneRule& rule) {
    if (!wtime::has_daylight_saving(rule))
        return TIME_ZONE_ID_UNKNOWN;
    int32_t bias = 0;
    bool daylight = false;
    if (!wtime::bias_at_utc(rule, now_ticks(), bias, daylight))
        return TIME_ZONE_ID_INVALID;
    return daylight ? TIME_ZONE_ID_DAYLIGHT : TIME_ZONE_ID_STANDARD;
}

bool to_ticks(const SYSTEMTIME* time, ULONGLONG& ticks) {
    wtime::CivilTime civil;
    __builtin_memcpy(&civil, time, sizeof(civil));
    return wtime::civil_to_file_time(civil, ticks);
}

bool from_ticks(ULONGLONG ticks, SYSTEMTIME* time) {
    wtime::CivilTime civil;
    if (!wtime::file_time_to_civil(ticks, civil))
        return false;
    __builtin_memcpy(time, &civil, sizeof(civil));
    return true;
}

constexpr LONGLONG kTicksPerMinute = 600'000'000;

/// UTC -> local (to_local) or local -> UTC under `rule`.
BOOL convert(const wtime::ZoneRule& rule, const SYSTEMTIME* in, LPSYSTEMTIME out, bool to_local) {
    if (!in || !out) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    ULONGLONG ticks = 0;
    if (!to_ticks(in, ticks)) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    int32_t bias = 0;
    bool daylight = false;
    bool const ok = to_local ? wtime::bias_at_utc(rule, ticks, bias, daylight)
                             : wtime::bias_at_local(rule, ticks, bias, daylight);
    if (!ok) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    LONGLONG const shifted = static_cast<LONGLONG>(ticks) + (to_local ? -1 : 1) * bias * kTicksPerMinute;
    if (shifted < 0 || !from_ticks(static_cast<ULONGLONG>(shifted), out)) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    return TRUE;
}

void rule_from(const TIME_ZONE_INFORMATION* zone, wtime::ZoneRule& rule) {
    if (zone)
        from_info(*zone, rule);
    else
        current_zone(rule);
}

} // namespace

extern "C" {

DWORD WINAPI GetTimeZoneInformation(LPTIME_ZONE_INFORMATION info) {
    if (!info) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return TIME_ZONE_ID_INVALID;
    }
    wtime::ZoneRule rule;
    current_zone(rule);
    to_info(rule, *info);
    return zone_id_now(rule);
}

DWORD WINAPI GetDynamicTimeZoneInformation(PDYNAMIC_TIME_ZONE_INFORMATION info) {
    if (!info) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return TIME_ZONE_ID_INVALID;
    }
    wtime::ZoneRule rule;
    current_zone(rule);
    TIME_ZONE_INFORMATION base;
    to_info(rule, base);
    static_assert(__builtin_offsetof(DYNAMIC_TIME_ZONE_INFORMATION, TimeZoneKeyName) ==
                  sizeof(TIME_ZONE_INFORMATION));
    __builtin_memcpy(info, &base, sizeof(base));
    // The key name of the UTC zone is "UTC" on Windows; other zones are named by their POSIX
    // standard abbreviation (FIXME: Windows' registry key names).
    __builtin_memset(info->TimeZoneKeyName, 0, sizeof(info->TimeZoneKeyName));
    if (rule.bias == 0 && !wtime::has_daylight_saving(rule) && rule.standard_name[0] == 'C') {
        info->TimeZoneKeyName[0] = 'U';
        info->TimeZoneKeyName[1] = 'T';
        info->TimeZoneKeyName[2] = 'C';
    } else {
        __builtin_memcpy(info->TimeZoneKeyName, rule.standard_name, sizeof(rule.standard_name));
    }
    info->DynamicDaylightTimeDisabled = FALSE;
    return zone_id_now(rule);
}

BOOL WINAPI SystemTimeToTzSpecificLocalTime(const TIME_ZONE_INFORMATION* zone, const SYSTEMTIME* utc,
                                            LPSYSTEMTIME local) {
    wtime::ZoneRule rule;
    rule_from(zone, rule);
    return convert(rule, utc, local, true);
}

BOOL WINAPI TzSpecificLocalTimeToSystemTime(const TIME_ZONE_INFORMATION* zone, const SYSTEMTIME* local,
                                            LPSYSTEMTIME utc) {
    wtime::ZoneRule rule;
    rule_from(zone, rule);
    return convert(rule, local, utc, false);
}

BOOL WINAPI SystemTimeToTzSpecificLocalTimeEx(const DYNAMIC_TIME_ZONE_INFORMATION* zone,
                                              const SYSTEMTIME* utc, LPSYSTEMTIME local) {
    return SystemTimeToTzSpecificLocalTime(reinterpret_cast<const TIME_ZONE_INFORMATION*>(zone), utc, local);
}

BOOL WINAPI TzSpecificLocalTimeToSystemTimeEx(const DYNAMIC_TIME_ZONE_INFORMATION* zone,
                                              const SYSTEMTIME* local, LPSYSTEMTIME utc) {
    return TzSpecificLocalTimeToSystemTime(reinterpret_cast<const TIME_ZONE_INFORMATION*>(zone), local, utc);
}

} // extern "C"
