// The lstr* string functions (winbase.h): lengths, copies and comparisons of NUL-terminated
// strings that tolerate NULL pointers.
//
// lstrcmp/lstrcmpi compare as CompareString does for the user locale: case-insensitively first,
// then lower case before upper case for otherwise equal strings.
// FIXME: CompareString's word sort also gives '-' and '\'' minimal weight; that needs the sort
// tables, which do not exist yet. Letters and digits order as ASCII/Latin-1 folded here.

#include "win32/kernelbase/KernelBase.h"

using namespace halcyon;
using namespace halcyon::kernelbase;

namespace {

unsigned to_unsigned(char c) { return static_cast<unsigned char>(c); }
unsigned to_unsigned(WCHAR c) { return c; }

template <typename Char>
unsigned fold(Char c) {
    unsigned u = to_unsigned(c);
    if ((u >= 'A' && u <= 'Z') || (u >= 0xC0 && u <= 0xDE && u != 0xD7))
        return u + 0x20;
    return u;
}

template <typename Char>
int compare(const Char* a, const Char* b, bool ignore_case) {
    if (!a || !b)
        return a ? 1 : (b ? -1 : 0);
    size_t i = 0;
    for (;; ++i) {
        unsigned x = fold(a[i]);
        unsigned y = fold(b[i]);
        if (x != y)
            return x < y ? -1 : 1;
        if (!a[i])
            break;
    }
    if (ignore_case)
        return 0;
    // Equal but for case: the first difference decides, lower case first.
    for (size_t j = 0; a[j]; ++j) {
        if (a[j] != b[j])
            return to_unsigned(a[j]) > to_unsigned(b[j]) ? -1 : 1;
    }
    return 0;
}

template <typename Char>
int length(const Char* s) {
    if (!s)
        return 0;
    int n = 0;
    while (s[n])
        ++n;
    return n;
}

template <typename Char>
Char* copy_n(Char* destination, const Char* source, int count) {
    if (!destination || !source || count <= 0)
        return count > 0 ? nullptr : destination;
    int i = 0;
    for (; i < count - 1 && source[i]; ++i)
        destination[i] = source[i];
    destination[i] = 0;
    return destination;
}

} // namespace

extern "C" {

int WINAPI lstrlenA(LPCSTR s) { return length(s); }
int WINAPI lstrlenW(LPCWSTR s) { return length(s); }
int WINAPI lstrcmpA(LPCSTR a, LPCSTR b) { return compare(a, b, false); }
int WINAPI lstrcmpW(LPCWSTR a, LPCWSTR b) { return compare(a, b, false); }
int WINAPI lstrcmpiA(LPCSTR a, LPCSTR b) { return compare(a, b, true); }
int WINAPI lstrcmpiW(LPCWSTR a, LPCWSTR b) { return compare(a, b, true); }
LPSTR WINAPI lstrcpynA(LPSTR destination, LPCSTR source, int count) { return copy_n(destination, source, count); }
LPWSTR WINAPI lstrcpynW(LPWSTR destination, LPCWSTR source, int count) { return copy_n(destination, source, count); }

LPSTR WINAPI lstrcpyA(LPSTR destination, LPCSTR source) {
    if (!destination || !source)
        return nullptr;
    int i = 0;
    for (; source[i]; ++i)
        destination[i] = source[i];
    destination[i] = 0;
    return destination;
}

LPWSTR WINAPI lstrcpyW(LPWSTR destination, LPCWSTR source) {
    if (!destination || !source)
        return nullptr;
    int i = 0;
    for (; source[i]; ++i)
        destination[i] = source[i];
    destination[i] = 0;
    return destination;
}

LPSTR WINAPI lstrcatA(LPSTR destination, LPCSTR source) {
    if (!destination || !source)
        return nullptr;
    lstrcpyA(destination + length(destination), source);
    return destination;
}

LPWSTR WINAPI lstrcatW(LPWSTR destination, LPCWSTR source) {
    if (!destination || !source)
        return nullptr;
    lstrcpyW(destination + length(destination), source);
    return destination;
}

} // extern "C"
