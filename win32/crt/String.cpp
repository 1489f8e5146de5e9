// <string.h>: the narrow string and memory functions (memcpy/memset/memmove/memcmp/strlen come
// from win32/rt, linked into every DLL). Byte strings compare as unsigned char, as in the CRT; the
// case-insensitive functions fold ASCII only, which is the "C" locale's rule.

#include "win32/crt/CrtTypes.h"
#include "win32/crt/StringShared.h"

using namespace crt;

namespace {
constexpr int kEINVAL = 22, kERANGE = 34, kSTRUNCATE = 80;
constexpr size_t kTruncate = ~size_t(0);

int fold(unsigned char c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }
} // namespace

CRT_EXPORT void* CRT_FN(memchr)(const void* memory, int value, size_t count) {
    auto* p = static_cast<const unsigned char*>(memory);
    for (size_t i = 0; i < count; ++i)
        if (p[i] == static_cast<unsigned char>(value))
            return const_cast<unsigned char*>(p + i);
    return nullptr;
}

CRT_EXPORT void* CRT_FN(_memccpy)(void* destination, const void* source, int stop, size_t count) {
    auto* d = static_cast<unsigned char*>(destination);
    auto* s = static_cast<const unsigned char*>(source);
    for (size_t i = 0; i < count; ++i) {
        d[i] = s[i];
        if (s[i] == static_cast<unsigned char>(stop))
            return d + i + 1;
    }
    return nullptr;
}

CRT_EXPORT int CRT_FN(_memicmp)(const void* a, const void* b, size_t count) {
    auto* p = static_cast<const unsigned char*>(a);
    auto* q = static_cast<const unsigned char*>(b);
    for (size_t i = 0; i < count; ++i) {
        int difference = fold(p[i]) - fold(q[i]);
        if (difference)
            return difference;
    }
    return 0;
}

CRT_EXPORT int CRT_FN(memcpy_s)(void* destination, size_t size, const void* source, size_t count) {
    if (count == 0)
        return 0;
    if (!destination)
        return kEINVAL;
    if (!source || size < count) {
        __builtin_memset(destination, 0, size);
        return source ? kERANGE : kEINVAL;
    }
    __builtin_memcpy(destination, source, count);
    return 0;
}

CRT_EXPORT int CRT_FN(memmove_s)(void* destination, size_t size, const void* source, size_t count) {
    if (count == 0)
        return 0;
    if (!destination || !source)
        return kEINVAL;
    if (size < count)
        return kERANGE;
    __builtin_memmove(destination, source, count);
    return 0;
}

#if !defined(_WIN32)
// On the target strlen comes from win32/rt (with memcpy & co.); the host tests use this copy.
CRT_EXPORT size_t CRT_FN(strlen)(const char* text) {
    const char* p = text;
    while (*p)
        ++p;
    return static_cast<size_t>(p - text);
}
#else
CRT_EXPORT size_t strlen(const char* text);
#endif

CRT_EXPORT size_t CRT_FN(strnlen)(const char* text, size_t maximum) {
    size_t n = 0;
    while (n < maximum && text[n])
        ++n;
    return n;
}

CRT_EXPORT char* CRT_FN(strcpy)(char* destination, const char* source) {
    char* d = destination;
    while ((*d++ = *source++))
        ;
    return destination;
}

CRT_EXPORT char* CRT_FN(strncpy)(char* destination, const char* source, size_t count) {
    size_t i = 0;
    for (; i < count && source[i]; ++i)
        destination[i] = source[i];
    for (; i < count; ++i)
        destination[i] = 0;
    return destination;
}

CRT_EXPORT char* CRT_FN(strcat)(char* destination, const char* source) {
    CRT_FN(strcpy)(destination + CRT_FN(strlen)(destination), source);
    return destination;
}

CRT_EXPORT char* CRT_FN(strncat)(char* destination, const char* source, size_t count) {
    char* d = destination + CRT_FN(strlen)(destination);
    size_t i = 0;
    for (; i < count && source[i]; ++i)
        d[i] = source[i];
    d[i] = 0;
    return destination;
}

CRT_EXPORT int CRT_FN(strcpy_s)(char* destination, size_t size, const char* source) {
    return string_copy_secure(destination, size, source, kTruncate - 1, false);
}

CRT_EXPORT int CRT_FN(strncpy_s)(char* destination, size_t size, const char* source, size_t count) {
    return string_copy_secure(destination, size, source, count, count == kTruncate);
}

CRT_EXPORT int CRT_FN(strcat_s)(char* destination, size_t size, const char* source) {
    if (!destination || size == 0)
        return kEINVAL;
    size_t used = CRT_FN(strnlen)(destination, size);
    if (used == size) {
        destination[0] = 0;
        return kEINVAL; // not terminated
    }
    int result = string_copy_secure(destination + used, size - used, source, kTruncate - 1, false);
    if (result)
        destination[0] = 0;
    return result;
}

CRT_EXPORT int CRT_FN(strncat_s)(char* destination, size_t size, const char* source, size_t count) {
    if (!destination || size == 0)
        return kEINVAL;
    size_t used = CRT_FN(strnlen)(destination, size);
    if (used == size) {
        destination[0] = 0;
        return kEINVAL;
    }
    int result = string_copy_secure(destination + used, size - used, source, count, count == kTruncate);
    if (result && result != kSTRUNCATE)
        destination[0] = 0;
    return result;
}

CRT_EXPORT int CRT_FN(strcmp)(const char* a, const char* b) {
    auto* p = reinterpret_cast<const unsigned char*>(a);
    auto* q = reinterpret_cast<const unsigned char*>(b);
    while (*p && *p == *q) {
        ++p;
        ++q;
    }
    // The CRT returns -1/0/1 from strcmp.
    return *p < *q ? -1 : (*p > *q ? 1 : 0);
}

CRT_EXPORT int CRT_FN(strncmp)(const char* a, const char* b, size_t count) {
    auto* p = reinterpret_cast<const unsigned char*>(a);
    auto* q = reinterpret_cast<const unsigned char*>(b);
    for (size_t i = 0; i < count; ++i) {
        if (p[i] != q[i])
            return p[i] - q[i];
        if (!p[i])
            break;
    }
    return 0;
}

CRT_EXPORT int CRT_FN(_stricmp)(const char* a, const char* b) {
    auto* p = reinterpret_cast<const unsigned char*>(a);
    auto* q = reinterpret_cast<const unsigned char*>(b);
    int difference;
    do {
        difference = fold(*p) - fold(*q);
    } while (!difference && *p++ && *q++);
    return difference;
}

CRT_EXPORT int CRT_FN(_strnicmp)(const char* a, const char* b, size_t count) {
    auto* p = reinterpret_cast<const unsigned char*>(a);
    auto* q = reinterpret_cast<const unsigned char*>(b);
    for (size_t i = 0; i < count; ++i) {
        int difference = fold(p[i]) - fold(q[i]);
        if (difference || !p[i])
            return difference;
    }
    return 0;
}

CRT_EXPORT int CRT_FN(_strcmpi)(const char* a, const char* b) { return CRT_FN(_stricmp)(a, b); }
CRT_EXPORT int CRT_FN(strcoll)(const char* a, const char* b) { return CRT_FN(strcmp)(a, b); }
CRT_EXPORT int CRT_FN(_stricoll)(const char* a, const char* b) { return CRT_FN(_stricmp)(a, b); }
CRT_EXPORT int CRT_FN(_strncoll)(const char* a, const char* b, size_t n) { return CRT_FN(strncmp)(a, b, n); }
CRT_EXPORT int CRT_FN(_strnicoll)(const char* a, const char* b, size_t n) { return CRT_FN(_strnicmp)(a, b, n); }

CRT_EXPORT size_t CRT_FN(strxfrm)(char* destination, const char* source, size_t count) {
    // In the "C" locale the transformation is the identity.
    size_t length = CRT_FN(strlen)(source);
    if (length < count)
        CRT_FN(strcpy)(destination, source);
    return length;
}

CRT_EXPORT char* CRT_FN(strchr)(const char* text, int c) {
    char target = static_cast<char>(c);
    for (;; ++text) {
        if (*text == target)
            return const_cast<char*>(text);
        if (!*text)
            return nullptr;
    }
}

CRT_EXPORT char* CRT_FN(strrchr)(const char* text, int c) {
    char target = static_cast<char>(c);
    const char* found = nullptr;
    for (;; ++text) {
        if (*text == target)
            found = text;
        if (!*text)
            return const_cast<char*>(found);
    }
}

CRT_EXPORT char* CRT_FN(strstr)(const char* haystack, const char* needle) {
    if (!*needle)
        return const_cast<char*>(haystack);
    for (; *haystack; ++haystack) {
        size_t i = 0;
        while (needle[i] && haystack[i] == needle[i])
            ++i;
        if (!needle[i])
            return const_cast<char*>(haystack);
    }
    return nullptr;
}

CRT_EXPORT size_t CRT_FN(strspn)(const char* text, const char* accept) {
    size_t n = 0;
    while (text[n] && CRT_FN(strchr)(accept, static_cast<unsigned char>(text[n])))
        ++n;
    return n;
}

CRT_EXPORT size_t CRT_FN(strcspn)(const char* text, const char* reject) {
    size_t n = 0;
    while (text[n] && !CRT_FN(strchr)(reject, static_cast<unsigned char>(text[n])))
        ++n;
    return n;
}

CRT_EXPORT char* CRT_FN(strpbrk)(const char* text, const char* accept) {
    text += CRT_FN(strcspn)(text, accept);
    return *text ? const_cast<char*>(text) : nullptr;
}

CRT_EXPORT char* CRT_FN(strtok_s)(char* text, const char* delimiters, char** context) {
    if (!context || !delimiters || (!text && !*context))
        return nullptr;
    char* p = text ? text : *context;
    p += CRT_FN(strspn)(p, delimiters);
    if (!*p) {
        *context = p;
        return nullptr;
    }
    char* token = p;
    p += CRT_FN(strcspn)(p, delimiters);
    if (*p)
        *p++ = 0;
    *context = p;
    return token;
}

CRT_EXPORT char* CRT_FN(strtok)(char* text, const char* delimiters) {
    return CRT_FN(strtok_s)(text, delimiters, &strtok_context());
}

CRT_EXPORT char* CRT_FN(_strdup)(const char* text) {
    if (!text)
        return nullptr;
    size_t length = CRT_FN(strlen)(text) + 1;
    auto* copy = static_cast<char*>(crt_allocate(length));
    if (copy)
        __builtin_memcpy(copy, text, length);
    return copy;
}

CRT_EXPORT char* CRT_FN(_strlwr)(char* text) {
    for (char* p = text; *p; ++p)
        if (*p >= 'A' && *p <= 'Z')
            *p = static_cast<char>(*p + 32);
    return text;
}

CRT_EXPORT char* CRT_FN(_strupr)(char* text) {
    for (char* p = text; *p; ++p)
        if (*p >= 'a' && *p <= 'z')
            *p = static_cast<char>(*p - 32);
    return text;
}

CRT_EXPORT int CRT_FN(_strlwr_s)(char* text, size_t size) {
    if (!text || CRT_FN(strnlen)(text, size) == size)
        return kEINVAL;
    CRT_FN(_strlwr)(text);
    return 0;
}

CRT_EXPORT int CRT_FN(_strupr_s)(char* text, size_t size) {
    if (!text || CRT_FN(strnlen)(text, size) == size)
        return kEINVAL;
    CRT_FN(_strupr)(text);
    return 0;
}

CRT_EXPORT char* CRT_FN(_strrev)(char* text) {
    size_t length = CRT_FN(strlen)(text);
    for (size_t i = 0; i < length / 2; ++i) {
        char c = text[i];
        text[i] = text[length - 1 - i];
        text[length - 1 - i] = c;
    }
    return text;
}

CRT_EXPORT char* CRT_FN(_strset)(char* text, int c) {
    for (char* p = text; *p; ++p)
        *p = static_cast<char>(c);
    return text;
}

CRT_EXPORT char* CRT_FN(_strnset)(char* text, int c, size_t count) {
    for (size_t i = 0; i < count && text[i]; ++i)
        text[i] = static_cast<char>(c);
    return text;
}
