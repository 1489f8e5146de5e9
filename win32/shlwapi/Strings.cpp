// String helpers: StrCmpIW, StrCmpNIW, StrStrIW, StrChrW, StrRChrW, StrDupW, StrToIntW (and the
// ANSI forms of the cheap ones). Case-insensitive comparison folds with ntdll's upper-case table,
// character by character, the way StrCmpIW's ordinal fallback does.
// FIXME: StrCmpIW on Windows compares linguistically (CompareString with NORM_IGNORECASE), which
// orders punctuation differently from code points.

#include "halcyon/ntrtl.h"
#include "halcyon/win32.h"

namespace {

WCHAR fold(WCHAR c) {
    return RtlUpcaseUnicodeChar(c);
}

int compare_folded(LPCWSTR a, LPCWSTR b, size_t limit) {
    for (size_t i = 0; i < limit; ++i) {
        WCHAR const x = fold(a[i]), y = fold(b[i]);
        if (x != y)
            return x < y ? -1 : 1;
        if (!x)
            return 0;
    }
    return 0;
}

} // namespace

extern "C" {

int WINAPI StrCmpIW(LPCWSTR a, LPCWSTR b) {
    if (!a || !b)
        return a == b ? 0 : (a ? 1 : -1);
    return compare_folded(a, b, static_cast<size_t>(-1));
}

int WINAPI StrCmpNIW(LPCWSTR a, LPCWSTR b, int count) {
    if (!a || !b)
        return a == b ? 0 : (a ? 1 : -1);
    if (count <= 0)
        return 0;
    return compare_folded(a, b, static_cast<size_t>(count));
}

int WINAPI StrCmpW(LPCWSTR a, LPCWSTR b) {
    if (!a || !b)
        return a == b ? 0 : (a ? 1 : -1);
    for (;; ++a, ++b) {
        if (*a != *b)
            return *a < *b ? -1 : 1;
        if (!*a)
            return 0;
    }
}

LPWSTR WINAPI StrStrIW(LPCWSTR haystack, LPCWSTR needle) {
    if (!haystack || !needle || !*needle)
        return nullptr;
    size_t needle_length = 0;
    while (needle[needle_length])
        ++needle_length;
    for (LPCWSTR p = haystack; *p; ++p) {
        if (compare_folded(p, needle, needle_length) == 0)
            return const_cast<LPWSTR>(p);
    }
    return nullptr;
}

LPWSTR WINAPI StrStrW(LPCWSTR haystack, LPCWSTR needle) {
    if (!haystack || !needle || !*needle)
        return nullptr;
    for (LPCWSTR p = haystack; *p; ++p) {
        size_t i = 0;
        while (needle[i] && p[i] == needle[i])
            ++i;
        if (!needle[i])
            return const_cast<LPWSTR>(p);
    }
    return nullptr;
}

LPWSTR WINAPI StrChrW(LPCWSTR text, WCHAR c) {
    if (!text)
        return nullptr;
    for (; *text; ++text) {
        if (*text == c)
            return const_cast<LPWSTR>(text);
    }
    return nullptr;
}

LPWSTR WINAPI StrChrIW(LPCWSTR text, WCHAR c) {
    if (!text)
        return nullptr;
    WCHAR const folded = fold(c);
    for (; *text; ++text) {
        if (fold(*text) == folded)
            return const_cast<LPWSTR>(text);
    }
    return nullptr;
}

/// The last `c` in [start, end), or up to the terminator when `end` is null.
LPWSTR WINAPI StrRChrW(LPCWSTR start, LPCWSTR end, WCHAR c) {
    if (!start)
        return nullptr;
    LPCWSTR found = nullptr;
    for (LPCWSTR p = start; (end ? p < end : true) && *p; ++p) {
        if (*p == c)
            found = p;
    }
    return const_cast<LPWSTR>(found);
}

LPWSTR WINAPI StrDupW(LPCWSTR text) {
    size_t length = 0;
    if (text) {
        while (text[length])
            ++length;
    }
    auto* copy = static_cast<LPWSTR>(LocalAlloc(LMEM_FIXED, (length + 1) * sizeof(WCHAR)));
    if (!copy)
        return nullptr;
    for (size_t i = 0; i < length; ++i)
        copy[i] = text[i];
    copy[length] = 0;
    return copy;
}

LPSTR WINAPI StrDupA(LPCSTR text) {
    size_t length = 0;
    if (text) {
        while (text[length])
            ++length;
    }
    auto* copy = static_cast<LPSTR>(LocalAlloc(LMEM_FIXED, length + 1));
    if (!copy)
        return nullptr;
    for (size_t i = 0; i < length; ++i)
        copy[i] = text[i];
    copy[length] = 0;
    return copy;
}

/// A decimal number with an optional leading '-'; parsing stops at the first non-digit.
int WINAPI StrToIntW(LPCWSTR text) {
    if (!text)
        return 0;
    bool negative = false;
    if (*text == '-') {
        negative = true;
        ++text;
    }
    unsigned value = 0;
    for (; *text >= '0' && *text <= '9'; ++text)
        value = value * 10 + static_cast<unsigned>(*text - '0');
    return negative ? -static_cast<int>(value) : static_cast<int>(value);
}

int WINAPI StrToIntA(LPCSTR text) {
    if (!text)
        return 0;
    bool negative = false;
    if (*text == '-') {
        negative = true;
        ++text;
    }
    unsigned value = 0;
    for (; *text >= '0' && *text <= '9'; ++text)
        value = value * 10 + static_cast<unsigned>(*text - '0');
    return negative ? -static_cast<int>(value) : static_cast<int>(value);
}

} // extern "C"
