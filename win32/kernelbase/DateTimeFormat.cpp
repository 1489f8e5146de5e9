// GetDateFormat(A/W/Ex) and GetTimeFormat(A/W/Ex): a SYSTEMTIME through a picture string, the
// locale's (DATE_SHORTDATE, DATE_LONGDATE, DATE_YEARMONTH, DATE_MONTHDAY, the time format) or the
// caller's.
//
// Date pictures: d dd (day), ddd dddd (day name), M MM (month), MMM MMMM (month name), y yy (two
// digits), yyy yyyy (full year), g gg (era). Time pictures: h hh (12-hour), H HH (24-hour), m mm, s ss,
// t tt (marker). Text between single quotes is literal ('' is a quote); everything else is copied.
// TIME_NOSECONDS, TIME_NOMINUTESORSECONDS and TIME_NOTIMEMARKER drop a field together with the
// separator before it and the punctuation after it (so "h:mm:ss tt" becomes "h:mm tt").
//
// FIXME: calendars other than the Gregorian one (DATE_USE_ALT_CALENDAR, the calendar argument of
// GetDateFormatEx) and genitive month names (no supported locale has them).

#include "halcyon/winnls.h"
#include "win32/kernelbase/KernelBase.h"
#include "win32/kernelbase/LocaleData.h"

using namespace halcyon;
using namespace halcyon::kernelbase;

namespace {

/// A growing UTF-16 result on the process heap.
class Result {
public:
    Result() = default;
    ~Result() { heap_free(m_data); }
    Result(const Result&) = delete;
    Result& operator=(const Result&) = delete;

    bool push(WCHAR c) {
        if (m_length + 1 >= m_capacity) {
            size_t capacity = m_capacity ? m_capacity * 2 : 64;
            auto* data = static_cast<WCHAR*>(heap_alloc(capacity * sizeof(WCHAR)));
            if (!data) {
                m_failed = true;
                return false;
            }
            if (m_data)
                __builtin_memcpy(data, m_data, m_length * sizeof(WCHAR));
            heap_free(m_data);
            m_data = data;
            m_capacity = capacity;
        }
        m_data[m_length++] = c;
        m_data[m_length] = 0;
        return true;
    }
    void append(const WCHAR* text) {
        for (; text && *text; ++text)
            push(*text);
    }
    void number(unsigned value, unsigned min_digits) {
        WCHAR digits[12];
        unsigned count = 0;
        do {
            digits[count++] = static_cast<WCHAR>('0' + value % 10);
            value /= 10;
        } while (value);
        for (; count < min_digits; ++count)
            digits[count] = '0';
        while (count)
            push(digits[--count]);
    }
    void truncate(size_t length) {
        if (length < m_length) {
            m_length = length;
            m_data[m_length] = 0;
        }
    }
    size_t length() const { return m_length; }
    const WCHAR* data() const { return m_data ? m_data : L""; }
    bool failed() const { return m_failed; }

private:
    WCHAR* m_data = nullptr;
    size_t m_length = 0;
    size_t m_capacity = 0;
    bool m_failed = false;
};

size_t run_length(const WCHAR* p) {
    size_t n = 1;
    while (p[n] == p[0])
        ++n;
    return n;
}

bool is_time_field(WCHAR c) {
    return c == 'h' || c == 'H' || c == 'm' || c == 's' || c == 't';
}
bool is_date_field(WCHAR c) {
    return c == 'd' || c == 'M' || c == 'y' || c == 'g';
}

/// Copies quoted text starting at the opening quote; returns the position after the closing one.
const WCHAR* copy_quoted(const WCHAR* p, Result& out) {
    ++p;
    while (*p) {
        if (*p == '\'') {
            if (p[1] == '\'') {
                out.push('\'');
                p += 2;
                continue;
            }
            return p + 1;
        }
        out.push(*p++);
    }
    return p;
}

void format_date(const LocaleData& locale, const SYSTEMTIME& date, const WCHAR* picture, Result& out) {
    for (const WCHAR* p = picture; *p;) {
        if (*p == '\'') {
            p = copy_quoted(p, out);
            continue;
        }
        if (!is_date_field(*p)) {
            out.push(*p++);
            continue;
        }
        size_t const count = run_length(p);
        switch (*p) {
        case 'd':
            if (count <= 2) {
                out.number(date.wDay, static_cast<unsigned>(count));
            } else {
                // SYSTEMTIME counts from Sunday = 0; the locale's names from Monday.
                LCTYPE const first = count == 3 ? kLocaleSAbbrevDayName1 : kLocaleSDayName1;
                out.append(locale_item(locale, first + (date.wDayOfWeek + 6) % 7));
            }
            break;
        case 'M':
            if (count <= 2)
                out.number(date.wMonth, static_cast<unsigned>(count));
            else
                out.append(locale_item(locale, (count == 3 ? kLocaleSAbbrevMonthName1 : kLocaleSMonthName1) +
                                                   date.wMonth - 1));
            break;
        case 'y':
            // "y" gives two digits like "yy" (as Windows does, whatever the documentation says
            // about a single digit).
            if (count <= 2)
                out.number(date.wYear % 100, 2);
            else
                out.number(date.wYear, 1);
            break;
        case 'g':
            out.append(L"A.D.");
            break;
        }
        p += count;
    }
}

void format_time(const LocaleData& locale, DWORD flags, const SYSTEMTIME& time, const WCHAR* picture,
                 Result& out) {
    bool const force24 = flags & TIME_FORCE24HOURFORMAT;
    // Where the last field that was written ends: a dropped field takes the separator since then.
    size_t last_field_end = 0;
    bool dropping = false;
    for (const WCHAR* p = picture; *p;) {
        if (*p == '\'') {
            // A quoted literal after a dropped field stops the dropping and is kept.
            dropping = false;
            p = copy_quoted(p, out);
            continue;
        }
        if (!is_time_field(*p)) {
            // Punctuation right after a dropped field goes with it; a space ends the dropping.
            if (dropping && *p != ' ') {
                ++p;
                continue;
            }
            dropping = false;
            out.push(*p++);
            continue;
        }
        size_t const count = run_length(p);
        unsigned const digits = count >= 2 ? 2 : 1;
        bool drop = false;
        switch (*p) {
        case 'h':
        case 'H': {
            if (*p == 'H' || force24) {
                out.number(time.wHour, digits);
            } else {
                unsigned const hour = time.wHour % 12;
                out.number(hour ? hour : 12, digits);
            }
            break;
        }
        case 'm':
            if (flags & TIME_NOMINUTESORSECONDS)
                drop = true;
            else
                out.number(time.wMinute, digits);
            break;
        case 's':
            if (flags & (TIME_NOMINUTESORSECONDS | TIME_NOSECONDS))
                drop = true;
            else
                out.number(time.wSecond, digits);
            break;
        case 't': {
            if (flags & TIME_NOTIMEMARKER) {
                drop = true;
                break;
            }
            const WCHAR* marker = locale_item(locale, time.wHour < 12 ? kLocaleS1159 : kLocaleS2359);
            if (count == 1) {
                if (marker && marker[0])
                    out.push(marker[0]);
            } else {
                out.append(marker);
            }
            break;
        }
        }
        if (drop) {
            out.truncate(last_field_end);
        } else {
            last_field_end = out.length();
        }
        dropping = drop;
        p += count;
    }
}

/// Copies the result with the "count including the NUL, or the size needed" convention.
int deliver(const Result& result, LPWSTR buffer, int size) {
    if (result.failed()) {
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return 0;
    }
    int const needed = static_cast<int>(result.length()) + 1;
    if (size == 0)
        return needed;
    if (size < needed) {
        set_last_error(ERROR_INSUFFICIENT_BUFFER);
        return 0;
    }
    __builtin_memcpy(buffer, result.data(), static_cast<size_t>(needed) * sizeof(WCHAR));
    return needed;
}

constexpr DWORD kDateFormatFlags = DATE_SHORTDATE | DATE_LONGDATE | DATE_YEARMONTH | DATE_MONTHDAY;
constexpr DWORD kDateFlags = kDateFormatFlags | DATE_USE_ALT_CALENDAR | DATE_LTRREADING | DATE_RTLREADING |
                             DATE_AUTOLAYOUT | LOCALE_NOUSEROVERRIDE | LOCALE_USE_CP_ACP;
constexpr DWORD kTimeFlags = TIME_NOMINUTESORSECONDS | TIME_NOSECONDS | TIME_NOTIMEMARKER |
                             TIME_FORCE24HOURFORMAT | LOCALE_NOUSEROVERRIDE | LOCALE_USE_CP_ACP;

int date_format(const LocaleData* locale, DWORD flags, const SYSTEMTIME* date, LPCWSTR format, LPWSTR buffer,
                int size) {
    if (size < 0 || (size > 0 && !buffer)) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    if (!locale)
        return 0; // LastError set by the lookup.
    DWORD const kinds = flags & kDateFormatFlags;
    // DATE_LTRREADING | DATE_RTLREADING together are accepted (they only add direction marks,
    // which no supported locale needs).
    if ((flags & ~kDateFlags) || (kinds & (kinds - 1)) || (format && kinds) ||
        (format && (flags & LOCALE_NOUSEROVERRIDE))) {
        set_last_error(ERROR_INVALID_FLAGS);
        return 0;
    }
    if (flags & DATE_USE_ALT_CALENDAR)
        write_diagnostic(
            "GetDateFormat: DATE_USE_ALT_CALENDAR is not implemented; using the Gregorian calendar\n");
    // Only the date fields count; the day of the week is recomputed from them.
    SYSTEMTIME value;
    if (date) {
        SYSTEMTIME day = *date;
        day.wHour = day.wMinute = day.wSecond = day.wMilliseconds = 0;
        FILETIME ticks;
        if (!SystemTimeToFileTime(&day, &ticks) || !FileTimeToSystemTime(&ticks, &value)) {
            set_last_error(ERROR_INVALID_PARAMETER);
            return 0;
        }
    } else {
        GetLocalTime(&value);
    }
    const WCHAR* picture = format;
    if (!picture) {
        LCTYPE const type = kinds == DATE_LONGDATE    ? kLocaleSLongDate
                            : kinds == DATE_YEARMONTH ? kLocaleSYearMonth
                            : kinds == DATE_MONTHDAY  ? kLocaleSMonthDay
                                                      : kLocaleSShortDate;
        picture = locale_item(*locale, type);
    }
    Result result;
    format_date(*locale, value, picture, result);
    return deliver(result, buffer, size);
}

int time_format(const LocaleData* locale, DWORD flags, const SYSTEMTIME* time, LPCWSTR format, LPWSTR buffer,
                int size) {
    if (size < 0 || (size > 0 && !buffer)) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    if (!locale)
        return 0;
    if ((flags & ~kTimeFlags) || (format && (flags & LOCALE_NOUSEROVERRIDE))) {
        set_last_error(ERROR_INVALID_FLAGS);
        return 0;
    }
    SYSTEMTIME value;
    if (time) {
        if (time->wHour > 23 || time->wMinute > 59 || time->wSecond > 59 || time->wMilliseconds > 999) {
            set_last_error(ERROR_INVALID_PARAMETER);
            return 0;
        }
        value = *time;
    } else {
        GetLocalTime(&value);
    }
    Result result;
    format_time(*locale, flags, value, format ? format : locale_item(*locale, kLocaleSTimeFormat), result);
    return deliver(result, buffer, size);
}

/// The ANSI variants: the picture from CP_ACP, the result back to it, sizes in bytes.
template <typename Format>
int ansi_variant(LPCSTR format, LPSTR buffer, int size, Format&& format_wide) {
    if (size < 0 || (size > 0 && !buffer)) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    WideString wide_format(format, CP_ACP);
    if (!wide_format.ok())
        return 0;
    int const wide_size = format_wide(wide_format.get(), nullptr, 0);
    if (wide_size <= 0)
        return 0;
    auto* wide = static_cast<WCHAR*>(heap_alloc(static_cast<size_t>(wide_size) * sizeof(WCHAR)));
    if (!wide) {
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return 0;
    }
    int ret = 0;
    if (format_wide(wide_format.get(), wide, wide_size) > 0) {
        int const bytes = WideCharToMultiByte(CP_ACP, 0, wide, -1, nullptr, 0, nullptr, nullptr);
        if (size == 0)
            ret = bytes;
        else if (size < bytes)
            set_last_error(ERROR_INSUFFICIENT_BUFFER);
        else
            ret = WideCharToMultiByte(CP_ACP, 0, wide, -1, buffer, size, nullptr, nullptr);
    }
    heap_free(wide);
    return ret;
}

} // namespace

extern "C" {

int WINAPI GetDateFormatW(LCID lcid, DWORD flags, const SYSTEMTIME* date, LPCWSTR format, LPWSTR buffer,
                          int size) {
    return date_format(locale_from_lcid(lcid), flags, date, format, buffer, size);
}

int WINAPI GetDateFormatEx(LPCWSTR locale, DWORD flags, const SYSTEMTIME* date, LPCWSTR format, LPWSTR buffer,
                           int size, LPCWSTR calendar) {
    if (calendar) {
        set_last_error(ERROR_INVALID_PARAMETER); // Reserved; must be NULL.
        return 0;
    }
    return date_format(locale_from_name(locale), flags, date, format, buffer, size);
}

int WINAPI GetDateFormatA(LCID lcid, DWORD flags, const SYSTEMTIME* date, LPCSTR format, LPSTR buffer,
                          int size) {
    return ansi_variant(format, buffer, size, [&](LPCWSTR wide_format, LPWSTR out, int out_size) {
        return GetDateFormatW(lcid, flags, date, wide_format, out, out_size);
    });
}

int WINAPI GetTimeFormatW(LCID lcid, DWORD flags, const SYSTEMTIME* time, LPCWSTR format, LPWSTR buffer,
                          int size) {
    return time_format(locale_from_lcid(lcid), flags, time, format, buffer, size);
}

int WINAPI GetTimeFormatEx(LPCWSTR locale, DWORD flags, const SYSTEMTIME* time, LPCWSTR format, LPWSTR buffer,
                           int size) {
    return time_format(locale_from_name(locale), flags, time, format, buffer, size);
}

int WINAPI GetTimeFormatA(LCID lcid, DWORD flags, const SYSTEMTIME* time, LPCSTR format, LPSTR buffer,
                          int size) {
    return ansi_variant(format, buffer, size, [&](LPCWSTR wide_format, LPWSTR out, int out_size) {
        return GetTimeFormatW(lcid, flags, time, wide_format, out, out_size);
    });
}

} // extern "C"
