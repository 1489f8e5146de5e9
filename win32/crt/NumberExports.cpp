// The exported strtol/strtod/atoi families and the integer -> string conversions (_itoa, ...).
// errno is ERANGE on overflow and EINVAL for a bad base, as in the CRT.

#include "win32/crt/Errno.h"
#include "win32/crt/NumberParse.h"

using namespace crt;

namespace {

template <typename CharT, typename Result>
Result integer_export(const CharT* text, CharT** end, int base, bool is_signed, int bits) {
    if (!text) {
        set_errno(kEINVAL);
        if (end)
            *end = nullptr;
        return 0;
    }
    bool range_error, invalid_base;
    const CharT* stop = text;
    uint64_t value = parse_integer(text, &stop, base, is_signed, bits, range_error, invalid_base);
    if (end)
        *end = const_cast<CharT*>(stop);
    if (invalid_base)
        set_errno(kEINVAL);
    if (range_error)
        set_errno(kERANGE);
    return static_cast<Result>(value);
}

template <typename CharT>
double double_export(const CharT* text, CharT** end) {
    if (!text) {
        set_errno(kEINVAL);
        if (end)
            *end = nullptr;
        return 0.0;
    }
    bool range_error = false;
    const CharT* stop = text;
    double value = parse_double(text, &stop, range_error);
    if (end)
        *end = const_cast<CharT*>(stop);
    if (range_error)
        set_errno(kERANGE);
    return value;
}

} // namespace

CRT_EXPORT WinLong strtol(const char* s, char** e, int b) { return integer_export<char, WinLong>(s, e, b, true, 32); }
CRT_EXPORT WinULong strtoul(const char* s, char** e, int b) { return integer_export<char, WinULong>(s, e, b, false, 32); }
CRT_EXPORT int64_t strtoll(const char* s, char** e, int b) { return integer_export<char, int64_t>(s, e, b, true, 64); }
CRT_EXPORT uint64_t strtoull(const char* s, char** e, int b) { return integer_export<char, uint64_t>(s, e, b, false, 64); }
CRT_EXPORT int64_t _strtoi64(const char* s, char** e, int b) { return integer_export<char, int64_t>(s, e, b, true, 64); }
CRT_EXPORT uint64_t _strtoui64(const char* s, char** e, int b) { return integer_export<char, uint64_t>(s, e, b, false, 64); }
CRT_EXPORT int64_t strtoimax(const char* s, char** e, int b) { return integer_export<char, int64_t>(s, e, b, true, 64); }
CRT_EXPORT uint64_t strtoumax(const char* s, char** e, int b) { return integer_export<char, uint64_t>(s, e, b, false, 64); }
CRT_EXPORT WinLong _strtol_l(const char* s, char** e, int b, void*) { return strtol(s, e, b); }
CRT_EXPORT WinULong _strtoul_l(const char* s, char** e, int b, void*) { return strtoul(s, e, b); }
CRT_EXPORT int64_t _strtoi64_l(const char* s, char** e, int b, void*) { return _strtoi64(s, e, b); }
CRT_EXPORT uint64_t _strtoui64_l(const char* s, char** e, int b, void*) { return _strtoui64(s, e, b); }

CRT_EXPORT WinLong wcstol(const WideChar* s, WideChar** e, int b) { return integer_export<WideChar, WinLong>(s, e, b, true, 32); }
CRT_EXPORT WinULong wcstoul(const WideChar* s, WideChar** e, int b) {
    return integer_export<WideChar, WinULong>(s, e, b, false, 32);
}
CRT_EXPORT int64_t wcstoll(const WideChar* s, WideChar** e, int b) { return integer_export<WideChar, int64_t>(s, e, b, true, 64); }
CRT_EXPORT uint64_t wcstoull(const WideChar* s, WideChar** e, int b) {
    return integer_export<WideChar, uint64_t>(s, e, b, false, 64);
}
CRT_EXPORT int64_t _wcstoi64(const WideChar* s, WideChar** e, int b) { return wcstoll(s, e, b); }
CRT_EXPORT uint64_t _wcstoui64(const WideChar* s, WideChar** e, int b) { return wcstoull(s, e, b); }

// atoi and friends: strtol without the end pointer; errno is still set on overflow.
CRT_EXPORT int atoi(const char* s) { return static_cast<int>(integer_export<char, WinLong>(s, nullptr, 10, true, 32)); }
CRT_EXPORT WinLong atol(const char* s) { return integer_export<char, WinLong>(s, nullptr, 10, true, 32); }
CRT_EXPORT int64_t atoll(const char* s) { return integer_export<char, int64_t>(s, nullptr, 10, true, 64); }
CRT_EXPORT int64_t _atoi64(const char* s) { return atoll(s); }
CRT_EXPORT int _wtoi(const WideChar* s) { return static_cast<int>(integer_export<WideChar, WinLong>(s, nullptr, 10, true, 32)); }
CRT_EXPORT WinLong _wtol(const WideChar* s) { return integer_export<WideChar, WinLong>(s, nullptr, 10, true, 32); }
CRT_EXPORT int64_t _wtoll(const WideChar* s) { return integer_export<WideChar, int64_t>(s, nullptr, 10, true, 64); }
CRT_EXPORT int64_t _wtoi64(const WideChar* s) { return _wtoll(s); }

CRT_EXPORT double strtod(const char* s, char** e) { return double_export(s, e); }
CRT_EXPORT double _strtod_l(const char* s, char** e, void*) { return double_export(s, e); }
CRT_EXPORT float strtof(const char* s, char** e) { return static_cast<float>(double_export(s, e)); }
CRT_EXPORT double strtold(const char* s, char** e) { return double_export(s, e); }
CRT_EXPORT double wcstod(const WideChar* s, WideChar** e) { return double_export(s, e); }
CRT_EXPORT float wcstof(const WideChar* s, WideChar** e) { return static_cast<float>(double_export(s, e)); }
CRT_EXPORT double atof(const char* s) { return double_export(s, static_cast<char**>(nullptr)); }
CRT_EXPORT double _wtof(const WideChar* s) { return double_export(s, static_cast<WideChar**>(nullptr)); }
CRT_EXPORT double _atof_l(const char* s, void*) { return atof(s); }

/// _atodbl/_atoflt: the CRT's "fill a struct" forms (return 0, or _OVERFLOW 3 / _UNDERFLOW 4).
CRT_EXPORT int _atodbl(double* result, char* s) {
    bool range_error = false;
    const char* end;
    *result = parse_double<char>(s, &end, range_error);
    if (!range_error)
        return 0;
    return *result == 0.0 ? 4 : 3;
}

// ---- Integer -> string ------------------------------------------------------------------------

namespace {

template <typename CharT>
CharT* unsigned_to_string(uint64_t value, CharT* buffer, int base, bool negative) {
    if (base < 2 || base > 36) {
        set_errno(kEINVAL);
        if (buffer)
            buffer[0] = 0;
        return buffer;
    }
    CharT digits[72];
    int count = 0;
    do {
        int d = static_cast<int>(value % static_cast<uint64_t>(base));
        digits[count++] = static_cast<CharT>(d < 10 ? '0' + d : 'a' + d - 10);
        value /= static_cast<uint64_t>(base);
    } while (value);
    CharT* out = buffer;
    if (negative)
        *out++ = '-';
    while (count)
        *out++ = digits[--count];
    *out = 0;
    return buffer;
}

template <typename CharT>
CharT* signed_to_string(int64_t value, CharT* buffer, int base) {
    // Only base 10 shows a sign; other bases print the two's-complement bit pattern.
    if (base == 10 && value < 0)
        return unsigned_to_string(uint64_t(0) - static_cast<uint64_t>(value), buffer, base, true);
    return unsigned_to_string(static_cast<uint64_t>(value), buffer, base, false);
}

} // namespace

CRT_EXPORT char* _itoa(int v, char* b, int r) {
    return r == 10 ? signed_to_string<char>(v, b, r) : unsigned_to_string<char>(static_cast<uint32_t>(v), b, r, false);
}
CRT_EXPORT char* _ltoa(WinLong v, char* b, int r) { return _itoa(v, b, r); }
CRT_EXPORT char* _ultoa(WinULong v, char* b, int r) { return unsigned_to_string<char>(v, b, r, false); }
CRT_EXPORT char* _i64toa(int64_t v, char* b, int r) { return signed_to_string<char>(v, b, r); }
CRT_EXPORT char* _ui64toa(uint64_t v, char* b, int r) { return unsigned_to_string<char>(v, b, r, false); }
CRT_EXPORT WideChar* _itow(int v, WideChar* b, int r) {
    return r == 10 ? signed_to_string<WideChar>(v, b, r)
                   : unsigned_to_string<WideChar>(static_cast<uint32_t>(v), b, r, false);
}
CRT_EXPORT WideChar* _ltow(WinLong v, WideChar* b, int r) { return _itow(v, b, r); }
CRT_EXPORT WideChar* _ultow(WinULong v, WideChar* b, int r) { return unsigned_to_string<WideChar>(v, b, r, false); }
CRT_EXPORT WideChar* _i64tow(int64_t v, WideChar* b, int r) { return signed_to_string<WideChar>(v, b, r); }
CRT_EXPORT WideChar* _ui64tow(uint64_t v, WideChar* b, int r) { return unsigned_to_string<WideChar>(v, b, r, false); }

CRT_EXPORT int _itoa_s(int v, char* b, size_t size, int r) {
    char temporary[72];
    _itoa(v, temporary, r);
    size_t length = __builtin_strlen(temporary);
    if (!b || length + 1 > size) {
        if (b && size)
            b[0] = 0;
        return b ? kERANGE : kEINVAL;
    }
    __builtin_memcpy(b, temporary, length + 1);
    return 0;
}
CRT_EXPORT int _i64toa_s(int64_t v, char* b, size_t size, int r) {
    char temporary[72];
    _i64toa(v, temporary, r);
    size_t length = __builtin_strlen(temporary);
    if (!b || length + 1 > size) {
        if (b && size)
            b[0] = 0;
        return b ? kERANGE : kEINVAL;
    }
    __builtin_memcpy(b, temporary, length + 1);
    return 0;
}
CRT_EXPORT int _ltoa_s(WinLong v, char* b, size_t size, int r) { return _itoa_s(v, b, size, r); }
