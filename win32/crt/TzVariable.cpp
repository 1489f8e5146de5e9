// The TZ environment-variable parser (see TzVariable.h).
//
// The name is taken as the Microsoft CRT does: the first three characters, whatever they are,
// stopping early at a sign or digit so that "GMT-1" and short names such as "Z0" work. Each
// number of the offset has at most two digits; anything else after it (up to three characters)
// is the daylight name.

#include "win32/crt/TzVariable.h"

namespace crt {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

/// Reads one or two digits; false when there is none.
bool read_number(const char*& p, int32_t& value) {
    if (!is_digit(*p))
        return false;
    value = *p++ - '0';
    if (is_digit(*p))
        value = value * 10 + (*p++ - '0');
    return true;
}

} // namespace

bool parse_tz_variable(const char* text, TzVariable& out) {
    if (!text || !*text)
        return false;
    out = {};
    const char* p = text;
    size_t name_length = 0;
    while (name_length < 3 && *p && *p != '+' && *p != '-' && !is_digit(*p))
        out.standard_name[name_length++] = *p++;
    int32_t sign = 1;
    if (*p == '+' || *p == '-')
        sign = *p++ == '-' ? -1 : 1;
    int32_t hours = 0, minutes = 0, seconds = 0;
    if (!read_number(p, hours))
        return false;
    if (*p == ':') {
        ++p;
        if (!read_number(p, minutes))
            return false;
        if (*p == ':') {
            ++p;
            if (!read_number(p, seconds))
                return false;
        }
    }
    if (hours > 24 || minutes > 59 || seconds > 59)
        return false;
    out.offset_seconds = sign * (hours * 3600 + minutes * 60 + seconds);
    out.has_daylight = *p != 0;
    for (size_t i = 0; i < 3 && *p; ++i)
        out.daylight_name[i] = *p++;
    return true;
}

} // namespace crt
