// The C runtime's time zone: _tzset and its variables (_timezone, _daylight, _dstbias, _tzname),
// and the conversions localtime and mktime use.
//
// As the Microsoft CRT documents, _tzset takes the zone from the TZ environment variable when it
// is set and not empty, in the CRT's own syntax "tzn[+|-]hh[:mm[:ss]][dzn]" (three letters of
// standard-time name, the hours *west* of UTC, an optional three-letter daylight name, as in
// "PST8PDT"); daylight time then follows the United States rules, and is one hour. Otherwise the
// zone is the system's, from GetTimeZoneInformation, including its own transition dates.
// localtime and mktime read the zone once (as if by _tzset) on first use; a program that changes
// TZ later calls _tzset again.
//
// FIXME: _tzset is not thread-safe against concurrent localtime calls (the Microsoft CRT takes a
// lock); TZ's names are read as three bytes, not as characters of the ANSI code page.

#include "win32/crt/Errno.h"
#include "win32/crt/Os.h"
#include "win32/crt/OsProcess.h"
#include "win32/crt/TimeZone.h"
#include "win32/crt/TzVariable.h"

CRT_EXPORT void _invalid_parameter_noinfo();

extern "C" {
int _daylight = 0;
crt::WinLong _timezone = 0;
crt::WinLong _dstbias = -3600;
char _tzname_standard[64] = "UTC";
char _tzname_daylight[64] = "UTC";
char* _tzname[2] = {_tzname_standard, _tzname_daylight};
}

namespace crt::tz {

namespace {

/// When daylight time starts or ends in a year (TransitionDate's meaning, see Os.h).
struct Rules {
    bool from_tz_variable = false;
    os::TransitionDate daylight_start = {};
    os::TransitionDate standard_start = {};
};

Rules g_rules;
bool g_initialized;

bool is_leap(int64_t year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int64_t year, int month) {
    static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 1 && is_leap(year) ? 29 : kDays[month];
}

/// Minutes from the start of `year` (local time) to the transition, or -1 when it does not apply.
int64_t transition_minute(const os::TransitionDate& date, int64_t year) {
    if (date.month < 1 || date.month > 12)
        return -1;
    int month = date.month - 1;
    int day;
    if (date.year != 0) {
        if (date.year != year)
            return -1;
        day = date.day;
    } else {
        int64_t first = days_from_civil(year, month, 1);
        int first_weekday = static_cast<int>(((first + 4) % 7 + 7) % 7);
        day = 1 + (date.day_of_week - first_weekday + 7) % 7 + (date.day - 1) * 7;
        while (day > days_in_month(year, month))
            day -= 7;
    }
    int64_t yday = days_from_civil(year, month, day) - days_from_civil(year, 0, 1);
    return yday * 1440 + date.hour * 60 + date.minute;
}

/// The United States daylight-time rules the CRT applies to a TZ-variable zone.
void us_rules(int64_t year, os::TransitionDate& start, os::TransitionDate& end) {
    if (year >= 2007) {
        start = {0, 3, 0, 2, 2, 0};  // second Sunday of March, 2:00
        end = {0, 11, 0, 1, 2, 0};   // first Sunday of November, 2:00
    } else if (year >= 1987) {
        start = {0, 4, 0, 1, 2, 0};  // first Sunday of April
        end = {0, 10, 0, 5, 2, 0};   // last Sunday of October
    } else {
        start = {0, 4, 0, 5, 2, 0};  // last Sunday of April
        end = {0, 10, 0, 5, 2, 0};
    }
}

/// Whether `standard` (local standard time, fields normalized) falls in daylight time.
bool in_daylight_time(const Tm& standard) {
    if (!_daylight)
        return false;
    int64_t year = 1900 + static_cast<int64_t>(standard.tm_year);
    os::TransitionDate start = g_rules.daylight_start, end = g_rules.standard_start;
    if (g_rules.from_tz_variable)
        us_rules(year, start, end);
    int64_t start_minute = transition_minute(start, year);
    int64_t end_minute = transition_minute(end, year);
    if (start_minute < 0 || end_minute < 0)
        return false;
    // The end is given in daylight time; in standard time it is earlier by the bias.
    end_minute += _dstbias / 60;
    int64_t now = static_cast<int64_t>(standard.tm_yday) * 1440 + standard.tm_hour * 60 + standard.tm_min;
    if (start_minute < end_minute)
        return now >= start_minute && now < end_minute;
    return now >= start_minute || now < end_minute; // southern hemisphere
}

void copy_name(char* out, const char* text, size_t n) {
    size_t i = 0;
    for (; i < n && text[i]; ++i)
        out[i] = text[i];
    out[i] = 0;
}

/// Applies a TZ value; false (nothing changed) when it does not parse.
bool apply_tz(const char* text) {
    TzVariable tz;
    if (!parse_tz_variable(text, tz))
        return false;
    copy_name(_tzname_standard, tz.standard_name, 3);
    copy_name(_tzname_daylight, tz.daylight_name, 3);
    _timezone = static_cast<WinLong>(tz.offset_seconds);
    _dstbias = -3600;
    _daylight = tz.has_daylight ? 1 : 0;
    g_rules = {};
    g_rules.from_tz_variable = true;
    return true;
}

void narrow_name(char* out, const WideChar* name) {
    int n = os::wide_to_multibyte(0, name, -1, out, 63, nullptr);
    if (n <= 0)
        out[0] = 0;
    out[63] = 0;
}

void read_system_zone() {
    os::TimeZoneInfo info = {};
    if (!os::time_zone(info)) {
        // FIXME: no zone at all: keep UTC rather than the CRT's historical PST8PDT default.
        _timezone = 0;
        _daylight = 0;
        _dstbias = 0;
        copy_name(_tzname_standard, "UTC", 3);
        copy_name(_tzname_daylight, "UTC", 3);
        g_rules = {};
        return;
    }
    _timezone = static_cast<WinLong>((info.bias + info.standard_bias) * 60);
    _daylight = info.daylight_date.month != 0;
    _dstbias = static_cast<WinLong>((info.daylight_bias - info.standard_bias) * 60);
    narrow_name(_tzname_standard, info.standard_name);
    narrow_name(_tzname_daylight, info.daylight_name);
    g_rules = {};
    g_rules.daylight_start = info.daylight_date;
    g_rules.standard_start = info.standard_date;
}

} // namespace

void read_zone() {
    WideChar value[128];
    uint32_t n = os::environment_variable(L"TZ", value, 128);
    if (n > 0 && n < 128) {
        char narrow[128];
        int m = os::wide_to_multibyte(0, value, -1, narrow, 128, nullptr);
        if (m > 0 && apply_tz(narrow)) {
            g_initialized = true;
            return;
        }
    }
    read_system_zone();
    g_initialized = true;
}

namespace {

void ensure_zone() {
    if (!__atomic_load_n(&g_initialized, __ATOMIC_ACQUIRE))
        read_zone();
}

} // namespace

bool utc_to_local(int64_t t, Tm& out) {
    ensure_zone();
    int64_t standard = t - _timezone;
    civil_from_seconds(standard, out);
    if (in_daylight_time(out)) {
        civil_from_seconds(standard - _dstbias, out);
        out.tm_isdst = 1;
    }
    return out.tm_year >= 69;
}

int64_t local_to_utc(const Tm& local) {
    ensure_zone();
    int64_t seconds = seconds_from_civil(local);
    int64_t t = seconds + _timezone;
    if (local.tm_isdst > 0 && _daylight) {
        t += _dstbias;
    } else if (local.tm_isdst < 0) {
        Tm standard;
        civil_from_seconds(seconds, standard);
        if (in_daylight_time(standard))
            t += _dstbias;
    }
    return t;
}

} // namespace crt::tz

using namespace crt;

CRT_EXPORT void _tzset() { tz::read_zone(); }

CRT_EXPORT int* __daylight() { return &_daylight; }
CRT_EXPORT WinLong* __timezone() { return &_timezone; }
CRT_EXPORT WinLong* __dstbias() { return &_dstbias; }
CRT_EXPORT char** __tzname() { return _tzname; }

CRT_EXPORT int _get_timezone(WinLong* seconds) {
    if (!seconds) {
        _invalid_parameter_noinfo();
        set_errno(kEINVAL);
        return kEINVAL;
    }
    *seconds = _timezone;
    return 0;
}
CRT_EXPORT int _get_daylight(int* hours) {
    if (!hours) {
        _invalid_parameter_noinfo();
        set_errno(kEINVAL);
        return kEINVAL;
    }
    *hours = _daylight;
    return 0;
}
CRT_EXPORT int _get_dstbias(WinLong* seconds) {
    if (!seconds) {
        _invalid_parameter_noinfo();
        set_errno(kEINVAL);
        return kEINVAL;
    }
    *seconds = _dstbias;
    return 0;
}

/// _get_tzname: the length of name `index` (0 standard, 1 daylight) including its terminator in
/// *length, and the name itself when `buffer` is given and large enough.
CRT_EXPORT int _get_tzname(size_t* length, char* buffer, size_t size, int index) {
    if (!length || (index != 0 && index != 1) || (buffer && size == 0) || (!buffer && size != 0)) {
        _invalid_parameter_noinfo();
        set_errno(kEINVAL);
        return kEINVAL;
    }
    const char* name = _tzname[index];
    size_t n = 0;
    while (name[n])
        ++n;
    *length = n + 1;
    if (!buffer)
        return 0;
    if (n + 1 > size) {
        buffer[0] = 0;
        set_errno(kERANGE);
        return kERANGE;
    }
    for (size_t i = 0; i <= n; ++i)
        buffer[i] = name[i];
    return 0;
}
