// String -> number conversions: strtol family, strtod family, atoi family (narrow and wide).

#include "win32/crt/NumberParse.h"
#include "win32/crt/FloatDecimal.h"

namespace crt {

namespace {

template <typename CharT>
bool is_space(CharT c) {
    return c == ' ' || (c >= '\t' && c <= '\r');
}

template <typename CharT>
int digit_value(CharT c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z')
        return c - 'A' + 10;
    return 99;
}

} // namespace

template <typename CharT>
uint64_t parse_integer(const CharT* text, const CharT** end, int base, bool is_signed, int bits, bool& range_error,
                       bool& invalid_base) {
    range_error = false;
    invalid_base = false;
    const CharT* p = text;
    if (end)
        *end = text;
    if (base < 0 || base == 1 || base > 36) {
        invalid_base = true;
        return 0;
    }
    while (is_space(*p))
        ++p;
    bool negative = false;
    if (*p == '+' || *p == '-')
        negative = *p++ == '-';
    if (base == 0) {
        if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
            base = 16;
        else if (p[0] == '0')
            base = 8;
        else
            base = 10;
    }
    if (base == 16 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X') && digit_value(p[2]) < 16)
        p += 2;
    uint64_t limit = bits == 64 ? ~uint64_t(0) : ((uint64_t(1) << bits) - 1);
    uint64_t value = 0;
    bool overflow = false;
    const CharT* digits_start = p;
    for (;; ++p) {
        int d = digit_value(*p);
        if (d >= base)
            break;
        if (value > (limit - static_cast<uint64_t>(d)) / static_cast<uint64_t>(base))
            overflow = true;
        else
            value = value * static_cast<uint64_t>(base) + static_cast<uint64_t>(d);
    }
    if (p == digits_start)
        return 0; // no conversion: *end stays at the start of the string
    if (end)
        *end = p;
    if (is_signed) {
        uint64_t positive_limit = limit >> 1;      // e.g. 0x7fffffff
        uint64_t negative_limit = positive_limit + 1; // magnitude of the minimum
        if (overflow || (!negative && value > positive_limit) || (negative && value > negative_limit)) {
            range_error = true;
            return negative ? (~uint64_t(0) << (bits - 1)) : positive_limit;
        }
        return negative ? uint64_t(0) - value : value;
    }
    if (overflow) {
        range_error = true;
        return limit;
    }
    // strtoul("-1") negates in the unsigned type, as C requires.
    return negative ? (uint64_t(0) - value) & limit : value;
}

template <typename CharT>
double parse_double(const CharT* text, const CharT** end, bool& range_error) {
    const CharT* p = text;
    while (is_space(*p))
        ++p;
    bool negative = false;
    if (*p == '+' || *p == '-')
        negative = *p++ == '-';
    size_t consumed = 0;
    // msvcrt's strtod knows only decimal; ucrt (C99) also parses hex floats, inf and nan.
    double magnitude = parse_decimal_magnitude(p, consumed, range_error, kFlavor == Flavor::Ucrt);
    if (consumed == 0) {
        range_error = false;
        if (end)
            *end = text;
        return 0.0;
    }
    if (end)
        *end = p + consumed;
    return negative ? -magnitude : magnitude;
}

template uint64_t parse_integer<char>(const char*, const char**, int, bool, int, bool&, bool&);
template uint64_t parse_integer<WideChar>(const WideChar*, const WideChar**, int, bool, int, bool&, bool&);
template double parse_double<char>(const char*, const char**, bool&);
template double parse_double<WideChar>(const WideChar*, const WideChar**, bool&);

} // namespace crt
