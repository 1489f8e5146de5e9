// <time.h>. time_t is 64 bits (x64 msvcrt and ucrt). Local time (localtime, mktime, ctime) is in
// the process's time zone, which TimeZone.cpp reads from TZ or from GetTimeZoneInformation.

#include "win32/crt/Errno.h"
#include "win32/crt/Os.h"
#include "win32/crt/ThreadData.h"
#include "win32/crt/TimeTypes.h"
#include "win32/crt/TimeZone.h"

using crt::Tm;

namespace {

constexpr int64_t kUnixEpochIn100ns = 116444736000000000ll; // 1601-01-01 -> 1970-01-01
constexpr int64_t kMaxTime64 = 32535215999ll;                // 3000-12-31 23:59:59, the CRT's limit
int64_t g_clock_start;

} // namespace

/// Days from 1970-01-01 to year-month-day (proleptic Gregorian; month 0-11 may be out of range).
int64_t crt::days_from_civil(int64_t year, int64_t month, int64_t day) {
    year += month / 12;
    month %= 12;
    if (month < 0) {
        month += 12;
        --year;
    }
    // Howard Hinnant's algorithm, months counted from March.
    int64_t m = month + 1;
    year -= m <= 2;
    int64_t era = (year >= 0 ? year : year - 399) / 400;
    int64_t yoe = year - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void crt::civil_from_seconds(int64_t t, Tm& out) {
    int64_t days = t / 86400, seconds = t % 86400;
    if (seconds < 0) {
        seconds += 86400;
        --days;
    }
    out.tm_hour = static_cast<int>(seconds / 3600);
    out.tm_min = static_cast<int>(seconds / 60 % 60);
    out.tm_sec = static_cast<int>(seconds % 60);
    out.tm_wday = static_cast<int>(((days + 4) % 7 + 7) % 7); // 1970-01-01 was a Thursday
    int64_t z = days + 719468;
    int64_t era = z / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t year = yoe + era * 400;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t day = doy - (153 * mp + 2) / 5 + 1;
    int64_t month = mp < 10 ? mp + 3 : mp - 9;
    year += month <= 2;
    out.tm_year = static_cast<int>(year - 1900);
    out.tm_mon = static_cast<int>(month - 1);
    out.tm_mday = static_cast<int>(day);
    out.tm_yday = static_cast<int>(days - days_from_civil(year, 0, 1));
    out.tm_isdst = 0;
}

int64_t crt::seconds_from_civil(const Tm& tm) {
    int64_t days = days_from_civil(1900 + static_cast<int64_t>(tm.tm_year), tm.tm_mon, 1) + tm.tm_mday - 1;
    return days * 86400 + static_cast<int64_t>(tm.tm_hour) * 3600 + static_cast<int64_t>(tm.tm_min) * 60 + tm.tm_sec;
}

namespace {

bool to_tm(int64_t t, Tm& out) {
    if (t < 0 || t > kMaxTime64) {
        crt::set_errno(crt::kEINVAL);
        return false;
    }
    crt::civil_from_seconds(t, out);
    return true;
}

int64_t from_tm(Tm* tm) {
    if (!tm) {
        crt::set_errno(crt::kEINVAL);
        return -1;
    }
    int64_t t = crt::seconds_from_civil(*tm);
    if (t < 0 || t > kMaxTime64) {
        crt::set_errno(crt::kEINVAL);
        return -1;
    }
    to_tm(t, *tm); // normalize the fields, as mktime must
    return t;
}

} // namespace

CRT_EXPORT int64_t _time64(int64_t* out) {
    int64_t t = (static_cast<int64_t>(crt::os::system_time_as_file_time()) - kUnixEpochIn100ns) / 10000000;
    if (out)
        *out = t;
    return t;
}
CRT_EXPORT int64_t time(int64_t* out) { return _time64(out); }
CRT_EXPORT int32_t _time32(int32_t* out) {
    int32_t t = static_cast<int32_t>(_time64(nullptr));
    if (out)
        *out = t;
    return t;
}

namespace crt {
void initialize_clock() { g_clock_start = os::performance_counter(); }
} // namespace crt

/// clock(): CLOCKS_PER_SEC (1000) ticks since process start-up, as the CRT measures it.
CRT_EXPORT crt::WinLong clock() {
    int64_t frequency = crt::os::performance_frequency();
    if (frequency <= 0)
        return -1;
    int64_t elapsed = crt::os::performance_counter() - g_clock_start;
    return static_cast<crt::WinLong>(elapsed / frequency * 1000 + (elapsed % frequency) * 1000 / frequency);
}

CRT_EXPORT double _difftime64(int64_t a, int64_t b) { return static_cast<double>(a - b); }
CRT_EXPORT double difftime(int64_t a, int64_t b) { return static_cast<double>(a - b); }
CRT_EXPORT double _difftime32(int32_t a, int32_t b) { return static_cast<double>(a - b); }

CRT_EXPORT Tm* _gmtime64(const int64_t* t) {
    if (!t) {
        crt::set_errno(crt::kEINVAL);
        return nullptr;
    }
    Tm& buffer = crt::thread_data().tm_buffer;
    return to_tm(*t, buffer) ? &buffer : nullptr;
}
CRT_EXPORT Tm* gmtime(const int64_t* t) { return _gmtime64(t); }
CRT_EXPORT Tm* _localtime64(const int64_t* t) {
    if (!t) {
        crt::set_errno(crt::kEINVAL);
        return nullptr;
    }
    Tm& buffer = crt::thread_data().tm_buffer;
    if (*t < 0 || *t > kMaxTime64 || !crt::tz::utc_to_local(*t, buffer)) {
        crt::set_errno(crt::kEINVAL);
        return nullptr;
    }
    return &buffer;
}
CRT_EXPORT Tm* localtime(const int64_t* t) { return _localtime64(t); }
CRT_EXPORT Tm* _gmtime32(const int32_t* t) {
    if (!t)
        return nullptr;
    int64_t wide = *t;
    return _gmtime64(&wide);
}
CRT_EXPORT Tm* _localtime32(const int32_t* t) {
    if (!t)
        return nullptr;
    int64_t wide = *t;
    return _localtime64(&wide);
}
CRT_EXPORT int _gmtime64_s(Tm* out, const int64_t* t) {
    if (!out || !t)
        return crt::kEINVAL;
    return to_tm(*t, *out) ? 0 : crt::kEINVAL;
}
CRT_EXPORT int _localtime64_s(Tm* out, const int64_t* t) {
    if (!out || !t)
        return crt::kEINVAL;
    if (*t < 0 || *t > kMaxTime64 || !crt::tz::utc_to_local(*t, *out)) {
        crt::set_errno(crt::kEINVAL);
        return crt::kEINVAL;
    }
    return 0;
}
CRT_EXPORT int _gmtime32_s(Tm* out, const int32_t* t) {
    if (!t)
        return crt::kEINVAL;
    int64_t wide = *t;
    return _gmtime64_s(out, &wide);
}
CRT_EXPORT int _localtime32_s(Tm* out, const int32_t* t) {
    if (!t)
        return crt::kEINVAL;
    int64_t wide = *t;
    return _localtime64_s(out, &wide);
}

/// mktime: the fields are local time (tm_isdst > 0 daylight, 0 standard, < 0 "find out"); the
/// fields are normalized and tm_isdst set, as localtime would give them.
CRT_EXPORT int64_t _mktime64(Tm* tm) {
    if (!tm) {
        crt::set_errno(crt::kEINVAL);
        return -1;
    }
    int64_t t = crt::tz::local_to_utc(*tm);
    Tm normalized;
    if (t < 0 || t > kMaxTime64 || !crt::tz::utc_to_local(t, normalized)) {
        crt::set_errno(crt::kEINVAL);
        return -1;
    }
    *tm = normalized;
    return t;
}
CRT_EXPORT int64_t mktime(Tm* tm) { return _mktime64(tm); }
CRT_EXPORT int64_t _mkgmtime64(Tm* tm) { return from_tm(tm); }
CRT_EXPORT int64_t _mkgmtime(Tm* tm) { return from_tm(tm); }
CRT_EXPORT int32_t _mktime32(Tm* tm) {
    int64_t t = _mktime64(tm);
    return t > 0x7fffffff ? -1 : static_cast<int32_t>(t);
}
CRT_EXPORT int32_t _mkgmtime32(Tm* tm) { return static_cast<int32_t>(from_tm(tm)); }

namespace {

const char* const kDays[] = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
const char* const kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                               "July",    "August",   "September", "October", "November", "December"};

struct Output {
    char* buffer;
    size_t capacity;
    size_t used;
    bool overflow;
    void put(char c) {
        if (used + 1 < capacity)
            buffer[used++] = c;
        else
            overflow = true;
    }
    void put(const char* text, size_t limit = ~size_t(0)) {
        for (size_t i = 0; text[i] && i < limit; ++i)
            put(text[i]);
    }
    void number(int value, int width, char pad = '0') {
        char digits[16];
        int count = 0;
        bool negative = value < 0;
        unsigned v = negative ? 0u - static_cast<unsigned>(value) : static_cast<unsigned>(value);
        do {
            digits[count++] = static_cast<char>('0' + v % 10);
            v /= 10;
        } while (v);
        if (negative)
            put('-');
        for (int i = count; i < width; ++i)
            put(pad);
        while (count)
            put(digits[--count]);
    }
};

void format_time(Output& out, const char* format, const Tm* tm);

void format_one(Output& out, char spec, bool alternate, const Tm* tm) {
    int hour12 = tm->tm_hour % 12 == 0 ? 12 : tm->tm_hour % 12;
    switch (spec) {
    case 'a':
        out.put(kDays[tm->tm_wday % 7], 3);
        break;
    case 'A':
        out.put(kDays[tm->tm_wday % 7]);
        break;
    case 'b':
    case 'h':
        out.put(kMonths[tm->tm_mon % 12], 3);
        break;
    case 'B':
        out.put(kMonths[tm->tm_mon % 12]);
        break;
    case 'c':
        if (alternate)
            format_time(out, "%A, %B %#d, %Y %H:%M:%S", tm);
        else
            format_time(out, "%m/%d/%y %H:%M:%S", tm);
        break;
    case 'C':
        out.number((tm->tm_year + 1900) / 100, 2);
        break;
    case 'd':
        out.number(tm->tm_mday, alternate ? 1 : 2);
        break;
    case 'D':
        format_time(out, "%m/%d/%y", tm);
        break;
    case 'e':
        out.number(tm->tm_mday, alternate ? 1 : 2, ' ');
        break;
    case 'F':
        format_time(out, "%Y-%m-%d", tm);
        break;
    case 'H':
        out.number(tm->tm_hour, alternate ? 1 : 2);
        break;
    case 'I':
        out.number(hour12, alternate ? 1 : 2);
        break;
    case 'j':
        out.number(tm->tm_yday + 1, alternate ? 1 : 3);
        break;
    case 'm':
        out.number(tm->tm_mon + 1, alternate ? 1 : 2);
        break;
    case 'M':
        out.number(tm->tm_min, alternate ? 1 : 2);
        break;
    case 'n':
        out.put('\n');
        break;
    case 'p':
        out.put(tm->tm_hour < 12 ? "AM" : "PM");
        break;
    case 'r':
        format_time(out, "%I:%M:%S %p", tm);
        break;
    case 'R':
        format_time(out, "%H:%M", tm);
        break;
    case 'S':
        out.number(tm->tm_sec, alternate ? 1 : 2);
        break;
    case 't':
        out.put('\t');
        break;
    case 'T':
    case 'X':
        format_time(out, "%H:%M:%S", tm);
        break;
    case 'u':
        out.number(tm->tm_wday == 0 ? 7 : tm->tm_wday, 1);
        break;
    case 'U':
        out.number((tm->tm_yday + 7 - tm->tm_wday) / 7, alternate ? 1 : 2);
        break;
    case 'w':
        out.number(tm->tm_wday, 1);
        break;
    case 'W':
        out.number((tm->tm_yday + 7 - (tm->tm_wday + 6) % 7) / 7, alternate ? 1 : 2);
        break;
    case 'x':
        if (alternate)
            format_time(out, "%A, %B %#d, %Y", tm);
        else
            format_time(out, "%m/%d/%y", tm);
        break;
    case 'y':
        out.number((tm->tm_year + 1900) % 100, alternate ? 1 : 2);
        break;
    case 'Y':
        out.number(tm->tm_year + 1900, alternate ? 1 : 4);
        break;
    case 'z':
        out.put("+0000");
        break;
    case 'Z':
        out.put("UTC");
        break;
    case '%':
        out.put('%');
        break;
    default:
        // FIXME: %g %G %V (ISO 8601 week dates) are not implemented.
        break;
    }
}

void format_time(Output& out, const char* format, const Tm* tm) {
    for (const char* p = format; *p; ++p) {
        if (*p != '%') {
            out.put(*p);
            continue;
        }
        ++p;
        bool alternate = false;
        if (*p == '#') {
            alternate = true;
            ++p;
        }
        if (*p == 'E' || *p == 'O')
            ++p;
        if (!*p)
            break;
        format_one(out, *p, alternate, tm);
    }
}

} // namespace

CRT_EXPORT size_t strftime(char* buffer, size_t size, const char* format, const Tm* tm) {
    if (!buffer || !format || !tm || size == 0) {
        crt::set_errno(crt::kEINVAL);
        if (buffer && size)
            buffer[0] = 0;
        return 0;
    }
    Output out{buffer, size, 0, false};
    format_time(out, format, tm);
    if (out.overflow) {
        buffer[0] = 0;
        crt::set_errno(crt::kERANGE);
        return 0;
    }
    buffer[out.used] = 0;
    return out.used;
}

CRT_EXPORT size_t _strftime_l(char* buffer, size_t size, const char* format, const Tm* tm, void*) {
    return strftime(buffer, size, format, tm);
}

CRT_EXPORT size_t wcsftime(crt::WideChar* buffer, size_t size, const crt::WideChar* format, const Tm* tm) {
    if (!buffer || !format || !tm || size == 0)
        return 0;
    char narrow_format[256];
    size_t i = 0;
    for (; format[i] && i < 255; ++i)
        narrow_format[i] = static_cast<char>(format[i]);
    narrow_format[i] = 0;
    char narrow[512];
    size_t length = strftime(narrow, size < 512 ? size : 512, narrow_format, tm);
    for (size_t k = 0; k <= length; ++k)
        buffer[k] = static_cast<unsigned char>(narrow[k]);
    return length;
}

CRT_EXPORT char* asctime(const Tm* tm) {
    char* buffer = crt::thread_data().asctime_buffer;
    if (!tm)
        return nullptr;
    Output out{buffer, 26, 0, false};
    out.put(kDays[tm->tm_wday % 7], 3);
    out.put(' ');
    out.put(kMonths[tm->tm_mon % 12], 3);
    out.put(' ');
    out.number(tm->tm_mday, 2);
    out.put(' ');
    format_time(out, "%H:%M:%S ", tm);
    out.number(tm->tm_year + 1900, 4);
    out.put('\n');
    buffer[out.used] = 0;
    return buffer;
}

CRT_EXPORT char* _ctime64(const int64_t* t) {
    Tm* tm = _localtime64(t);
    return tm ? asctime(tm) : nullptr;
}
CRT_EXPORT char* ctime(const int64_t* t) { return _ctime64(t); }
