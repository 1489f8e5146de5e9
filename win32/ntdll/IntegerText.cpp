// Unsigned 32-bit integers to and from text in bases 2, 8, 10 and 16: RtlIntegerToChar,
// RtlIntegerToUnicodeString, RtlCharToInteger, RtlUnicodeStringToInteger. As on Windows, text
// is parsed after leading blanks, with an optional sign and (base 0 only) a 0x/0o/0b prefix,
// up to the first character that is not a digit of the base; overflow wraps silently.

#include "Ntdll.h"
#include "halcyon/ntrtlutil.h"

namespace halcyon::ntdll {

namespace {

bool valid_base(ULONG base) { return base == 2 || base == 8 || base == 10 || base == 16; }

/// Writes `value` in `base` right-aligned into `digits[32]`; returns the index of the first digit.
int format_digits(ULONG value, ULONG base, char (&digits)[32]) {
    int position = 32;
    do {
        ULONG digit = value % base;
        digits[--position] = static_cast<char>(digit < 10 ? '0' + digit : 'A' + digit - 10);
        value /= base;
    } while (value);
    return position;
}

int digit_value(WCHAR c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z')
        return c - 'A' + 10;
    return 99;
}

/// The parse both text forms share; `at(i)` is the i-th character, `length` the count.
template<typename At>
NTSTATUS parse_integer(At at, size_t length, ULONG base, PULONG value) {
    if (base != 0 && !valid_base(base))
        return STATUS_INVALID_PARAMETER;
    if (!value)
        return STATUS_ACCESS_VIOLATION;
    size_t i = 0;
    while (i < length && at(i) <= ' ' && at(i) != 0)
        ++i;
    bool negative = false;
    if (i < length && (at(i) == '+' || at(i) == '-')) {
        negative = at(i) == '-';
        ++i;
    }
    if (base == 0) {
        base = 10;
        if (i + 1 < length && at(i) == '0') {
            WCHAR prefix = at(i + 1);
            if (prefix == 'x' || prefix == 'X')
                base = 16;
            else if (prefix == 'o' || prefix == 'O')
                base = 8;
            else if (prefix == 'b' || prefix == 'B')
                base = 2;
            if (base != 10)
                i += 2;
        }
    }
    ULONG result = 0;
    for (; i < length; ++i) {
        int digit = digit_value(at(i));
        if (digit >= static_cast<int>(base))
            break;
        result = result * base + static_cast<ULONG>(digit);
    }
    *value = negative ? 0u - result : result;
    return STATUS_SUCCESS;
}

} // namespace

} // namespace halcyon::ntdll

using namespace halcyon::ntdll;

extern "C" {

NTSTATUS NTAPI RtlIntegerToChar(ULONG value, ULONG base, ULONG length, PCHAR text) {
    if (base == 0)
        base = 10;
    if (!valid_base(base))
        return STATUS_INVALID_PARAMETER;
    char digits[32];
    int first = format_digits(value, base, digits);
    ULONG count = static_cast<ULONG>(32 - first);
    // The terminating NUL is written only when it fits; the digits themselves must.
    if (count > length)
        return STATUS_BUFFER_OVERFLOW;
    if (!text)
        return STATUS_ACCESS_VIOLATION;
    __builtin_memcpy(text, digits + first, count);
    if (count < length)
        text[count] = 0;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlIntegerToUnicodeString(ULONG value, ULONG base, PUNICODE_STRING text) {
    if (base == 0)
        base = 10;
    if (!valid_base(base))
        return STATUS_INVALID_PARAMETER;
    char digits[32];
    int first = format_digits(value, base, digits);
    ULONG count = static_cast<ULONG>(32 - first);
    // Length is reported even when the buffer is too small; the buffer must hold the NUL too.
    text->Length = static_cast<USHORT>(count * sizeof(WCHAR));
    if (text->Length >= text->MaximumLength)
        return STATUS_BUFFER_OVERFLOW;
    for (ULONG i = 0; i < count; ++i)
        text->Buffer[i] = static_cast<WCHAR>(digits[first + i]);
    text->Buffer[count] = 0;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlUnicodeStringToInteger(PCUNICODE_STRING text, ULONG base, PULONG value) {
    if (!text)
        return STATUS_ACCESS_VIOLATION;
    PCWSTR buffer = text->Buffer;
    return parse_integer([buffer](size_t i) { return buffer[i]; }, text->Length / sizeof(WCHAR), base, value);
}

NTSTATUS NTAPI RtlCharToInteger(const char* text, ULONG base, PULONG value) {
    if (!text)
        return STATUS_ACCESS_VIOLATION;
    size_t length = 0;
    while (text[length])
        ++length;
    return parse_integer([text](size_t i) { return static_cast<WCHAR>(static_cast<unsigned char>(text[i])); },
                         length, base, value);
}

} // extern "C"
