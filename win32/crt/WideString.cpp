// <wchar.h> string functions on UTF-16 code units. Case folding covers ASCII and Latin-1, the
// "C" locale's range for the Microsoft CRT's wide functions.

#include "win32/crt/CrtTypes.h"
#include "win32/crt/StringShared.h"

using namespace crt;

namespace {
constexpr int kEINVAL = 22, kSTRUNCATE = 80;
constexpr size_t kTruncate = ~size_t(0);

uint32_t fold(WideChar c) {
    uint32_t v = static_cast<uint16_t>(c);
    if ((v >= 'A' && v <= 'Z') || (v >= 0xc0 && v <= 0xde && v != 0xd7))
        return v + 32;
    return v;
}

bool contains(const WideChar* set, WideChar c) {
    for (; *set; ++set)
        if (*set == c)
            return true;
    return false;
}
} // namespace

CRT_EXPORT size_t CRT_FN(wcslen)(const WideChar* text) {
    const WideChar* p = text;
    while (*p)
        ++p;
    return static_cast<size_t>(p - text);
}

CRT_EXPORT size_t CRT_FN(wcsnlen)(const WideChar* text, size_t maximum) {
    size_t n = 0;
    while (n < maximum && text[n])
        ++n;
    return n;
}

CRT_EXPORT WideChar* CRT_FN(wcscpy)(WideChar* destination, const WideChar* source) {
    WideChar* d = destination;
    while ((*d++ = *source++))
        ;
    return destination;
}

CRT_EXPORT WideChar* CRT_FN(wcsncpy)(WideChar* destination, const WideChar* source, size_t count) {
    size_t i = 0;
    for (; i < count && source[i]; ++i)
        destination[i] = source[i];
    for (; i < count; ++i)
        destination[i] = 0;
    return destination;
}

CRT_EXPORT WideChar* CRT_FN(wcscat)(WideChar* destination, const WideChar* source) {
    CRT_FN(wcscpy)(destination + CRT_FN(wcslen)(destination), source);
    return destination;
}

CRT_EXPORT WideChar* CRT_FN(wcsncat)(WideChar* destination, const WideChar* source, size_t count) {
    WideChar* d = destination + CRT_FN(wcslen)(destination);
    size_t i = 0;
    for (; i < count && source[i]; ++i)
        d[i] = source[i];
    d[i] = 0;
    return destination;
}

CRT_EXPORT int CRT_FN(wcscpy_s)(WideChar* destination, size_t size, const WideChar* source) {
    return string_copy_secure(destination, size, source, kTruncate - 1, false);
}

CRT_EXPORT int CRT_FN(wcsncpy_s)(WideChar* destination, size_t size, const WideChar* source, size_t count) {
    return string_copy_secure(destination, size, source, count, count == kTruncate);
}

CRT_EXPORT int CRT_FN(wcscat_s)(WideChar* destination, size_t size, const WideChar* source) {
    if (!destination || size == 0)
        return kEINVAL;
    size_t used = CRT_FN(wcsnlen)(destination, size);
    if (used == size) {
        destination[0] = 0;
        return kEINVAL;
    }
    int result = string_copy_secure(destination + used, size - used, source, kTruncate - 1, false);
    if (result)
        destination[0] = 0;
    return result;
}

CRT_EXPORT int CRT_FN(wcsncat_s)(WideChar* destination, size_t size, const WideChar* source, size_t count) {
    if (!destination || size == 0)
        return kEINVAL;
    size_t used = CRT_FN(wcsnlen)(destination, size);
    if (used == size) {
        destination[0] = 0;
        return kEINVAL;
    }
    int result = string_copy_secure(destination + used, size - used, source, count, count == kTruncate);
    if (result && result != kSTRUNCATE)
        destination[0] = 0;
    return result;
}

CRT_EXPORT int CRT_FN(wcscmp)(const WideChar* a, const WideChar* b) {
    while (*a && *a == *b) {
        ++a;
        ++b;
    }
    uint16_t x = static_cast<uint16_t>(*a), y = static_cast<uint16_t>(*b);
    return x < y ? -1 : (x > y ? 1 : 0);
}

CRT_EXPORT int CRT_FN(wcsncmp)(const WideChar* a, const WideChar* b, size_t count) {
    for (size_t i = 0; i < count; ++i) {
        if (a[i] != b[i])
            return static_cast<uint16_t>(a[i]) - static_cast<uint16_t>(b[i]);
        if (!a[i])
            break;
    }
    return 0;
}

CRT_EXPORT int CRT_FN(_wcsicmp)(const WideChar* a, const WideChar* b) {
    for (;; ++a, ++b) {
        int difference = static_cast<int>(fold(*a)) - static_cast<int>(fold(*b));
        if (difference || !*a)
            return difference;
    }
}

CRT_EXPORT int CRT_FN(_wcsnicmp)(const WideChar* a, const WideChar* b, size_t count) {
    for (size_t i = 0; i < count; ++i) {
        int difference = static_cast<int>(fold(a[i])) - static_cast<int>(fold(b[i]));
        if (difference || !a[i])
            return difference;
    }
    return 0;
}

CRT_EXPORT int CRT_FN(wcscoll)(const WideChar* a, const WideChar* b) { return CRT_FN(wcscmp)(a, b); }
CRT_EXPORT int CRT_FN(_wcsicoll)(const WideChar* a, const WideChar* b) { return CRT_FN(_wcsicmp)(a, b); }
CRT_EXPORT int CRT_FN(_wcsncoll)(const WideChar* a, const WideChar* b, size_t n) { return CRT_FN(wcsncmp)(a, b, n); }
CRT_EXPORT int CRT_FN(_wcsnicoll)(const WideChar* a, const WideChar* b, size_t n) {
    return CRT_FN(_wcsnicmp)(a, b, n);
}

CRT_EXPORT size_t CRT_FN(wcsxfrm)(WideChar* destination, const WideChar* source, size_t count) {
    size_t length = CRT_FN(wcslen)(source);
    if (length < count)
        CRT_FN(wcscpy)(destination, source);
    return length;
}

CRT_EXPORT WideChar* CRT_FN(wcschr)(const WideChar* text, WideChar c) {
    for (;; ++text) {
        if (*text == c)
            return const_cast<WideChar*>(text);
        if (!*text)
            return nullptr;
    }
}

CRT_EXPORT WideChar* CRT_FN(wcsrchr)(const WideChar* text, WideChar c) {
    const WideChar* found = nullptr;
    for (;; ++text) {
        if (*text == c)
            found = text;
        if (!*text)
            return const_cast<WideChar*>(found);
    }
}

CRT_EXPORT WideChar* CRT_FN(wcsstr)(const WideChar* haystack, const WideChar* needle) {
    if (!*needle)
        return const_cast<WideChar*>(haystack);
    for (; *haystack; ++haystack) {
        size_t i = 0;
        while (needle[i] && haystack[i] == needle[i])
            ++i;
        if (!needle[i])
            return const_cast<WideChar*>(haystack);
    }
    return nullptr;
}

CRT_EXPORT size_t CRT_FN(wcsspn)(const WideChar* text, const WideChar* accept) {
    size_t n = 0;
    while (text[n] && contains(accept, text[n]))
        ++n;
    return n;
}

CRT_EXPORT size_t CRT_FN(wcscspn)(const WideChar* text, const WideChar* reject) {
    size_t n = 0;
    while (text[n] && !contains(reject, text[n]))
        ++n;
    return n;
}

CRT_EXPORT WideChar* CRT_FN(wcspbrk)(const WideChar* text, const WideChar* accept) {
    text += CRT_FN(wcscspn)(text, accept);
    return *text ? const_cast<WideChar*>(text) : nullptr;
}

CRT_EXPORT WideChar* CRT_FN(wcstok_s)(WideChar* text, const WideChar* delimiters, WideChar** context) {
    if (!context || !delimiters || (!text && !*context))
        return nullptr;
    WideChar* p = text ? text : *context;
    p += CRT_FN(wcsspn)(p, delimiters);
    if (!*p) {
        *context = p;
        return nullptr;
    }
    WideChar* token = p;
    p += CRT_FN(wcscspn)(p, delimiters);
    if (*p)
        *p++ = 0;
    *context = p;
    return token;
}

/// msvcrt's wcstok takes two arguments; ucrt's follows C11 with a context pointer (null: the
/// per-thread one). The third argument is only looked at in ucrt.
CRT_EXPORT WideChar* CRT_FN(wcstok)(WideChar* text, const WideChar* delimiters, WideChar** context) {
    if (kFlavor == Flavor::Msvcrt || !context)
        context = &wcstok_context();
    return CRT_FN(wcstok_s)(text, delimiters, context);
}

CRT_EXPORT WideChar* CRT_FN(_wcsdup)(const WideChar* text) {
    if (!text)
        return nullptr;
    size_t bytes = (CRT_FN(wcslen)(text) + 1) * sizeof(WideChar);
    auto* copy = static_cast<WideChar*>(crt_allocate(bytes));
    if (copy)
        __builtin_memcpy(copy, text, bytes);
    return copy;
}

CRT_EXPORT WideChar* CRT_FN(_wcslwr)(WideChar* text) {
    for (WideChar* p = text; *p; ++p)
        *p = static_cast<WideChar>(fold(*p));
    return text;
}

CRT_EXPORT WideChar* CRT_FN(_wcsupr)(WideChar* text) {
    for (WideChar* p = text; *p; ++p) {
        uint32_t v = static_cast<uint16_t>(*p);
        if ((v >= 'a' && v <= 'z') || (v >= 0xe0 && v <= 0xfe && v != 0xf7))
            *p = static_cast<WideChar>(v - 32);
    }
    return text;
}

CRT_EXPORT WideChar* CRT_FN(_wcsrev)(WideChar* text) {
    size_t length = CRT_FN(wcslen)(text);
    for (size_t i = 0; i < length / 2; ++i) {
        WideChar c = text[i];
        text[i] = text[length - 1 - i];
        text[length - 1 - i] = c;
    }
    return text;
}

CRT_EXPORT WideChar* CRT_FN(_wcsset)(WideChar* text, WideChar c) {
    for (WideChar* p = text; *p; ++p)
        *p = c;
    return text;
}

CRT_EXPORT WideChar* CRT_FN(_wcsnset)(WideChar* text, WideChar c, size_t count) {
    for (size_t i = 0; i < count && text[i]; ++i)
        text[i] = c;
    return text;
}

CRT_EXPORT WideChar* CRT_FN(wmemchr)(const WideChar* memory, WideChar c, size_t count) {
    for (size_t i = 0; i < count; ++i)
        if (memory[i] == c)
            return const_cast<WideChar*>(memory + i);
    return nullptr;
}
