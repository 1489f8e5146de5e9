// Characters and strings: CharUpper/CharLower (string and single-character forms), the *Buff
// variants, CharNext/CharPrev, IsChar*, and the OEM <-> ANSI conversions.
//
// Case mapping is ntdll's (RtlUpcaseUnicodeChar / RtlDowncaseUnicodeChar); the ANSI variants go
// through CP_ACP. Character classes come from the case tables plus the large caseless scripts.
// FIXME: full Unicode character classes (GetStringTypeW's C1 table) for IsCharAlphaW on caseless
// scripts other than CJK, kana and Hangul, and for digits other than ASCII ones.

#include "halcyon/ntrtl.h"
#include "halcyon/win32.h"

namespace {

/// A pointer argument below 64 KiB is a single character in its low word (MAKEINTRESOURCE style).
bool is_single_character(const void* p) {
    return (reinterpret_cast<ULONG_PTR>(p) >> 16) == 0;
}

WCHAR ansi_to_wide(char c) {
    WCHAR wide = 0;
    if (MultiByteToWideChar(CP_ACP, 0, &c, 1, &wide, 1) != 1)
        return 0;
    return wide;
}

char wide_to_ansi(WCHAR c, char fallback) {
    char ansi = 0;
    BOOL used_default = FALSE;
    if (WideCharToMultiByte(CP_ACP, 0, &c, 1, &ansi, 1, nullptr, &used_default) != 1 || used_default)
        return fallback;
    return ansi;
}

char map_ansi(char c, bool upper) {
    WCHAR const wide = ansi_to_wide(c);
    WCHAR const mapped = upper ? RtlUpcaseUnicodeChar(wide) : RtlDowncaseUnicodeChar(wide);
    // A character whose case partner is not in the code page (ÿ -> Ÿ in 1252 is; µ -> Μ is not)
    // stays as it is.
    return mapped == wide ? c : wide_to_ansi(mapped, c);
}

bool is_alpha(WCHAR c) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))
        return true;
    if (c < 0xAA)
        return false;
    if (c == 0xAA || c == 0xB5 || c == 0xBA)
        return true;
    if (c < 0xC0 || c == 0xD7 || c == 0xF7)
        return false;
    if (c <= 0x24F)
        return true; // Latin-1 letters and Latin Extended-A/B.
    if (RtlUpcaseUnicodeChar(c) != c || RtlDowncaseUnicodeChar(c) != c)
        return true;
    return (c >= 0x3041 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
           (c >= 0xAC00 && c <= 0xD7A3);
}

bool is_upper(WCHAR c) {
    return RtlDowncaseUnicodeChar(c) != c;
}
/// Lowercase: has an uppercase partner, or is one of Latin-1's caseless lowercase letters.
bool is_lower(WCHAR c) {
    return RtlUpcaseUnicodeChar(c) != c || c == 0xDF || c == 0xFF;
}

template <typename T, typename Map>
DWORD map_buffer(T* text, DWORD length, Map&& map) {
    if (!text)
        return 0;
    for (DWORD i = 0; i < length; ++i)
        text[i] = map(text[i]);
    return length;
}

} // namespace

extern "C" {

LPWSTR WINAPI CharUpperW(LPWSTR text) {
    if (is_single_character(text))
        return reinterpret_cast<LPWSTR>(static_cast<ULONG_PTR>(
            RtlUpcaseUnicodeChar(static_cast<WCHAR>(reinterpret_cast<ULONG_PTR>(text)))));
    for (WCHAR* p = text; *p; ++p)
        *p = RtlUpcaseUnicodeChar(*p);
    return text;
}

LPWSTR WINAPI CharLowerW(LPWSTR text) {
    if (is_single_character(text))
        return reinterpret_cast<LPWSTR>(static_cast<ULONG_PTR>(
            RtlDowncaseUnicodeChar(static_cast<WCHAR>(reinterpret_cast<ULONG_PTR>(text)))));
    for (WCHAR* p = text; *p; ++p)
        *p = RtlDowncaseUnicodeChar(*p);
    return text;
}

LPSTR WINAPI CharUpperA(LPSTR text) {
    if (is_single_character(text)) {
        auto const c = static_cast<char>(reinterpret_cast<ULONG_PTR>(text) & 0xFF);
        return reinterpret_cast<LPSTR>(static_cast<ULONG_PTR>(static_cast<unsigned char>(map_ansi(c, true))));
    }
    for (char* p = text; *p; ++p)
        *p = map_ansi(*p, true);
    return text;
}

LPSTR WINAPI CharLowerA(LPSTR text) {
    if (is_single_character(text)) {
        auto const c = static_cast<char>(reinterpret_cast<ULONG_PTR>(text) & 0xFF);
        return reinterpret_cast<LPSTR>(
            static_cast<ULONG_PTR>(static_cast<unsigned char>(map_ansi(c, false))));
    }
    for (char* p = text; *p; ++p)
        *p = map_ansi(*p, false);
    return text;
}

DWORD WINAPI CharUpperBuffW(LPWSTR text, DWORD length) {
    return map_buffer(text, length, [](WCHAR c) { return RtlUpcaseUnicodeChar(c); });
}

DWORD WINAPI CharLowerBuffW(LPWSTR text, DWORD length) {
    return map_buffer(text, length, [](WCHAR c) { return RtlDowncaseUnicodeChar(c); });
}

DWORD WINAPI CharUpperBuffA(LPSTR text, DWORD length) {
    return map_buffer(text, length, [](char c) { return map_ansi(c, true); });
}

DWORD WINAPI CharLowerBuffA(LPSTR text, DWORD length) {
    return map_buffer(text, length, [](char c) { return map_ansi(c, false); });
}

LPWSTR WINAPI CharNextW(LPCWSTR p) {
    return const_cast<LPWSTR>(*p ? p + 1 : p);
}

LPWSTR WINAPI CharPrevW(LPCWSTR start, LPCWSTR p) {
    return const_cast<LPWSTR>(p > start ? p - 1 : start);
}

LPSTR WINAPI CharNextExA(WORD code_page, LPCSTR p, DWORD flags) {
    (void)flags;
    if (!*p)
        return const_cast<LPSTR>(p);
    if (IsDBCSLeadByteEx(code_page, static_cast<BYTE>(*p)) && p[1])
        return const_cast<LPSTR>(p + 2);
    return const_cast<LPSTR>(p + 1);
}

LPSTR WINAPI CharNextA(LPCSTR p) {
    return CharNextExA(CP_ACP, p, 0);
}

LPSTR WINAPI CharPrevExA(WORD code_page, LPCSTR start, LPCSTR p, DWORD flags) {
    (void)flags;
    // Walk forward from the start so a trail byte is never taken for a character.
    LPCSTR previous = start;
    for (LPCSTR q = start; q < p;) {
        previous = q;
        LPCSTR next = CharNextExA(code_page, q, 0);
        if (next == q)
            break;
        q = next;
    }
    return const_cast<LPSTR>(previous);
}

LPSTR WINAPI CharPrevA(LPCSTR start, LPCSTR p) {
    return CharPrevExA(CP_ACP, start, p, 0);
}

BOOL WINAPI IsCharAlphaW(WCHAR c) {
    return is_alpha(c);
}
BOOL WINAPI IsCharAlphaNumericW(WCHAR c) {
    return is_alpha(c) || (c >= '0' && c <= '9');
}
BOOL WINAPI IsCharUpperW(WCHAR c) {
    return is_upper(c);
}
BOOL WINAPI IsCharLowerW(WCHAR c) {
    return is_lower(c);
}
BOOL WINAPI IsCharAlphaA(CHAR c) {
    return is_alpha(ansi_to_wide(c));
}
BOOL WINAPI IsCharAlphaNumericA(CHAR c) {
    return IsCharAlphaNumericW(ansi_to_wide(c));
}
BOOL WINAPI IsCharUpperA(CHAR c) {
    return is_upper(ansi_to_wide(c));
}
BOOL WINAPI IsCharLowerA(CHAR c) {
    return is_lower(ansi_to_wide(c));
}

// ---- OEM <-> ANSI ------------------------------------------------------------------------------

namespace {

/// Converts `length` bytes between code pages through UTF-16, one character at a time so the
/// source and destination may be the same buffer. Characters the target lacks become '?'.
BOOL convert_bytes(UINT from, UINT to, LPCSTR source, LPSTR destination, DWORD length) {
    if (!source || !destination) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    for (DWORD i = 0; i < length; ++i) {
        WCHAR wide = 0;
        char out = '?';
        if (MultiByteToWideChar(from, 0, source + i, 1, &wide, 1) == 1)
            WideCharToMultiByte(to, 0, &wide, 1, &out, 1, nullptr, nullptr);
        destination[i] = out;
    }
    return TRUE;
}

DWORD string_length(LPCSTR s) {
    DWORD n = 0;
    while (s[n])
        ++n;
    return n;
}

} // namespace

BOOL WINAPI OemToCharBuffA(LPCSTR source, LPSTR destination, DWORD length) {
    return convert_bytes(CP_OEMCP, CP_ACP, source, destination, length);
}

BOOL WINAPI OemToCharA(LPCSTR source, LPSTR destination) {
    if (!source || !destination) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    return convert_bytes(CP_OEMCP, CP_ACP, source, destination, string_length(source) + 1);
}

BOOL WINAPI CharToOemBuffA(LPCSTR source, LPSTR destination, DWORD length) {
    return convert_bytes(CP_ACP, CP_OEMCP, source, destination, length);
}

BOOL WINAPI CharToOemA(LPCSTR source, LPSTR destination) {
    if (!source || !destination) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    return convert_bytes(CP_ACP, CP_OEMCP, source, destination, string_length(source) + 1);
}

BOOL WINAPI OemToCharBuffW(LPCSTR source, LPWSTR destination, DWORD length) {
    if (!source || !destination) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    for (DWORD i = 0; i < length; ++i) {
        if (MultiByteToWideChar(CP_OEMCP, 0, source + i, 1, destination + i, 1) != 1)
            destination[i] = '?';
    }
    return TRUE;
}

BOOL WINAPI OemToCharW(LPCSTR source, LPWSTR destination) {
    if (!source || !destination) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    return OemToCharBuffW(source, destination, string_length(source) + 1);
}

BOOL WINAPI CharToOemBuffW(LPCWSTR source, LPSTR destination, DWORD length) {
    if (!source || !destination) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    for (DWORD i = 0; i < length; ++i) {
        if (WideCharToMultiByte(CP_OEMCP, 0, source + i, 1, destination + i, 1, nullptr, nullptr) != 1)
            destination[i] = '?';
    }
    return TRUE;
}

BOOL WINAPI CharToOemW(LPCWSTR source, LPSTR destination) {
    if (!source || !destination) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    DWORD length = 0;
    while (source[length])
        ++length;
    return CharToOemBuffW(source, destination, length + 1);
}

} // extern "C"
