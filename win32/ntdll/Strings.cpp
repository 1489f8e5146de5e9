// Counted strings (UNICODE_STRING / ANSI_STRING): initialisation, allocation, copying,
// comparison and case mapping. Code-page conversions are in CodePages.cpp.

#include "Ntdll.h"

using namespace halcyon::ntdll;

namespace {

/// UNICODE_STRING lengths are USHORT bytes; Windows caps initialised strings below 64 KiB so
/// that MaximumLength (length + terminator) still fits.
constexpr size_t kMaxUnicodeStringBytes = 0xFFFC;
constexpr size_t kMaxAnsiStringBytes = 0xFFFE;

/// Upcases the letters of the scripts programs actually use in identifiers, paths and
/// environment names: ASCII, Latin-1, Latin Extended-A, Greek, Cyrillic and fullwidth Latin.
/// FIXME: the rest of the Unicode case table (Latin Extended-B, Armenian, Georgian, ...).
WCHAR upcase(WCHAR c) {
    unsigned u = c;
    if (u < 0x80)
        return (u >= 'a' && u <= 'z') ? static_cast<WCHAR>(u - 0x20) : c;
    if (u >= 0xE0 && u <= 0xFE && u != 0xF7)
        return static_cast<WCHAR>(u - 0x20);
    if (u == 0xFF)
        return static_cast<WCHAR>(0x178);
    if (u >= 0x100 && u <= 0x17F) {
        // Pairs (upper, lower). Even/odd order flips in 0x139..0x148 and 0x179..0x17E.
        if (u == 0x131 || u == 0x138 || u == 0x149 || u == 0x17F || u == 0x130)
            return c;
        bool odd_upper = (u >= 0x139 && u <= 0x148) || (u >= 0x179 && u <= 0x17E);
        if (odd_upper)
            return (u & 1) ? c : static_cast<WCHAR>(u - 1);
        return (u & 1) ? static_cast<WCHAR>(u - 1) : c;
    }
    if (u >= 0x3B1 && u <= 0x3CB && u != 0x3C2)
        return static_cast<WCHAR>(u - 0x20);
    if (u == 0x3C2)
        return static_cast<WCHAR>(0x3A3);
    if (u >= 0x430 && u <= 0x44F)
        return static_cast<WCHAR>(u - 0x20);
    if (u >= 0x450 && u <= 0x45F)
        return static_cast<WCHAR>(u - 0x50);
    if (u >= 0xFF41 && u <= 0xFF5A)
        return static_cast<WCHAR>(u - 0x20);
    return c;
}

WCHAR downcase(WCHAR c) {
    unsigned u = c;
    if (u < 0x80)
        return (u >= 'A' && u <= 'Z') ? static_cast<WCHAR>(u + 0x20) : c;
    if (u >= 0xC0 && u <= 0xDE && u != 0xD7)
        return static_cast<WCHAR>(u + 0x20);
    if (u == 0x178)
        return static_cast<WCHAR>(0xFF);
    if (u >= 0x100 && u <= 0x17F) {
        if (u == 0x130 || u == 0x131 || u == 0x138 || u == 0x149 || u == 0x17F)
            return c;
        bool odd_upper = (u >= 0x139 && u <= 0x148) || (u >= 0x179 && u <= 0x17E);
        if (odd_upper)
            return (u & 1) ? static_cast<WCHAR>(u + 1) : c;
        return (u & 1) ? c : static_cast<WCHAR>(u + 1);
    }
    if (u >= 0x391 && u <= 0x3AB && u != 0x3A2)
        return static_cast<WCHAR>(u + 0x20);
    if (u >= 0x410 && u <= 0x42F)
        return static_cast<WCHAR>(u + 0x20);
    if (u >= 0x400 && u <= 0x40F)
        return static_cast<WCHAR>(u + 0x50);
    if (u >= 0xFF21 && u <= 0xFF3A)
        return static_cast<WCHAR>(u + 0x20);
    return c;
}

} // namespace

namespace halcyon::ntdll {

bool wide_equal_ignoring_case(PCWSTR a, size_t a_length, PCWSTR b, size_t b_length) {
    if (a_length != b_length)
        return false;
    for (size_t i = 0; i < a_length; ++i) {
        if (a[i] != b[i] && upcase(a[i]) != upcase(b[i]))
            return false;
    }
    return true;
}

PWSTR allocate_wide(size_t count) {
    return static_cast<PWSTR>(RtlAllocateHeap(process_heap(), 0, count * sizeof(WCHAR)));
}

} // namespace halcyon::ntdll

extern "C" {

void NTAPI RtlInitUnicodeString(PUNICODE_STRING destination, PCWSTR source) {
    size_t bytes = source ? wide_length(source) * sizeof(WCHAR) : 0;
    if (bytes > kMaxUnicodeStringBytes)
        bytes = kMaxUnicodeStringBytes;
    destination->Length = static_cast<USHORT>(bytes);
    destination->MaximumLength = source ? static_cast<USHORT>(bytes + sizeof(WCHAR)) : 0;
    destination->Buffer = const_cast<PWSTR>(source);
}

NTSTATUS NTAPI RtlInitUnicodeStringEx(PUNICODE_STRING destination, PCWSTR source) {
    if (source && wide_length(source) * sizeof(WCHAR) > kMaxUnicodeStringBytes)
        return STATUS_NAME_TOO_LONG;
    RtlInitUnicodeString(destination, source);
    return STATUS_SUCCESS;
}

void NTAPI RtlInitAnsiString(PANSI_STRING destination, PCSTR source) {
    size_t bytes = 0;
    if (source)
        while (source[bytes])
            ++bytes;
    if (bytes > kMaxAnsiStringBytes)
        bytes = kMaxAnsiStringBytes;
    destination->Length = static_cast<USHORT>(bytes);
    destination->MaximumLength = source ? static_cast<USHORT>(bytes + 1) : 0;
    destination->Buffer = const_cast<PCHAR>(source);
}

NTSTATUS NTAPI RtlInitAnsiStringEx(PANSI_STRING destination, PCSTR source) {
    size_t bytes = 0;
    if (source)
        while (source[bytes])
            ++bytes;
    if (bytes > kMaxAnsiStringBytes)
        return STATUS_NAME_TOO_LONG;
    RtlInitAnsiString(destination, source);
    return STATUS_SUCCESS;
}

void NTAPI RtlInitString(PSTRING destination, PCSTR source) {
    RtlInitAnsiString(destination, source);
}

void NTAPI RtlFreeUnicodeString(PUNICODE_STRING string) {
    if (string->Buffer)
        RtlFreeHeap(process_heap(), 0, string->Buffer);
    string->Buffer = nullptr;
    string->Length = string->MaximumLength = 0;
}

void NTAPI RtlFreeAnsiString(PANSI_STRING string) {
    if (string->Buffer)
        RtlFreeHeap(process_heap(), 0, string->Buffer);
    string->Buffer = nullptr;
    string->Length = string->MaximumLength = 0;
}

BOOLEAN NTAPI RtlCreateUnicodeString(PUNICODE_STRING destination, PCWSTR source) {
    size_t bytes = (wide_length(source) + 1) * sizeof(WCHAR);
    if (bytes > 0xFFFF)
        return FALSE;
    auto* buffer = static_cast<PWSTR>(RtlAllocateHeap(process_heap(), 0, bytes));
    if (!buffer)
        return FALSE;
    __builtin_memcpy(buffer, source, bytes);
    destination->Buffer = buffer;
    destination->Length = static_cast<USHORT>(bytes - sizeof(WCHAR));
    destination->MaximumLength = static_cast<USHORT>(bytes);
    return TRUE;
}

BOOLEAN NTAPI RtlCreateUnicodeStringFromAsciiz(PUNICODE_STRING destination, PCSTR source) {
    ANSI_STRING ansi;
    RtlInitAnsiString(&ansi, source);
    return NT_SUCCESS(RtlAnsiStringToUnicodeString(destination, &ansi, TRUE));
}

void NTAPI RtlCopyUnicodeString(PUNICODE_STRING destination, PCUNICODE_STRING source) {
    if (!source) {
        destination->Length = 0;
        return;
    }
    USHORT bytes = source->Length < destination->MaximumLength ? source->Length : destination->MaximumLength;
    __builtin_memmove(destination->Buffer, source->Buffer, bytes);
    destination->Length = bytes;
    if (bytes + sizeof(WCHAR) <= destination->MaximumLength)
        destination->Buffer[bytes / sizeof(WCHAR)] = 0;
}

NTSTATUS NTAPI RtlAppendUnicodeToString(PUNICODE_STRING destination, PCWSTR source) {
    if (!source)
        return STATUS_SUCCESS;
    size_t bytes = wide_length(source) * sizeof(WCHAR);
    if (destination->Length + bytes > destination->MaximumLength)
        return STATUS_BUFFER_TOO_SMALL;
    __builtin_memmove(destination->Buffer + destination->Length / sizeof(WCHAR), source, bytes);
    destination->Length = static_cast<USHORT>(destination->Length + bytes);
    if (destination->Length + sizeof(WCHAR) <= destination->MaximumLength)
        destination->Buffer[destination->Length / sizeof(WCHAR)] = 0;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlAppendUnicodeStringToString(PUNICODE_STRING destination, PCUNICODE_STRING source) {
    size_t bytes = source->Length;
    if (destination->Length + bytes > destination->MaximumLength)
        return STATUS_BUFFER_TOO_SMALL;
    __builtin_memmove(destination->Buffer + destination->Length / sizeof(WCHAR), source->Buffer, bytes);
    destination->Length = static_cast<USHORT>(destination->Length + bytes);
    if (destination->Length + sizeof(WCHAR) <= destination->MaximumLength)
        destination->Buffer[destination->Length / sizeof(WCHAR)] = 0;
    return STATUS_SUCCESS;
}

LONG NTAPI RtlCompareUnicodeString(PCUNICODE_STRING a, PCUNICODE_STRING b, BOOLEAN case_insensitive) {
    size_t a_length = a->Length / sizeof(WCHAR);
    size_t b_length = b->Length / sizeof(WCHAR);
    size_t n = a_length < b_length ? a_length : b_length;
    for (size_t i = 0; i < n; ++i) {
        WCHAR x = a->Buffer[i];
        WCHAR y = b->Buffer[i];
        if (case_insensitive) {
            x = upcase(x);
            y = upcase(y);
        }
        if (x != y)
            return static_cast<LONG>(x) - static_cast<LONG>(y);
    }
    return static_cast<LONG>(a_length) - static_cast<LONG>(b_length);
}

BOOLEAN NTAPI RtlEqualUnicodeString(PCUNICODE_STRING a, PCUNICODE_STRING b, BOOLEAN case_insensitive) {
    if (a->Length != b->Length)
        return FALSE;
    return RtlCompareUnicodeString(a, b, case_insensitive) == 0;
}

BOOLEAN NTAPI RtlPrefixUnicodeString(PCUNICODE_STRING prefix, PCUNICODE_STRING string,
                                     BOOLEAN case_insensitive) {
    if (prefix->Length > string->Length)
        return FALSE;
    UNICODE_STRING head = *string;
    head.Length = prefix->Length;
    return RtlCompareUnicodeString(prefix, &head, case_insensitive) == 0;
}

WCHAR NTAPI RtlUpcaseUnicodeChar(WCHAR c) {
    return upcase(c);
}

WCHAR NTAPI RtlDowncaseUnicodeChar(WCHAR c) {
    return downcase(c);
}

static NTSTATUS map_case(PUNICODE_STRING destination, PCUNICODE_STRING source, BOOLEAN allocate,
                         WCHAR (*map)(WCHAR)) {
    USHORT bytes = source->Length;
    if (allocate) {
        auto* buffer = static_cast<PWSTR>(RtlAllocateHeap(process_heap(), 0, bytes + sizeof(WCHAR)));
        if (!buffer)
            return STATUS_NO_MEMORY;
        destination->Buffer = buffer;
        destination->MaximumLength = static_cast<USHORT>(bytes + sizeof(WCHAR));
    } else if (bytes > destination->MaximumLength) {
        return STATUS_BUFFER_OVERFLOW;
    }
    for (size_t i = 0; i < bytes / sizeof(WCHAR); ++i)
        destination->Buffer[i] = map(source->Buffer[i]);
    destination->Length = bytes;
    if (bytes + sizeof(WCHAR) <= destination->MaximumLength)
        destination->Buffer[bytes / sizeof(WCHAR)] = 0;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlUpcaseUnicodeString(PUNICODE_STRING destination, PCUNICODE_STRING source,
                                      BOOLEAN allocate) {
    return map_case(destination, source, allocate, upcase);
}

NTSTATUS NTAPI RtlDowncaseUnicodeString(PUNICODE_STRING destination, PCUNICODE_STRING source,
                                        BOOLEAN allocate) {
    return map_case(destination, source, allocate, downcase);
}

} // extern "C"
