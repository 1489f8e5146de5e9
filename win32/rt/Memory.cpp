// The memory and string primitives every DLL needs even though no C library is linked: clang
// emits calls to memcpy/memset/memmove/memcmp for struct copies and large initialisers, and our
// own code uses them directly. Each DLL links its own private copy (ntdll also exports them, as
// Windows' ntdll does).
//
// The bulk work is `rep movsb` / `rep stosb`: on every x86_64 CPU with ERMS (Ivy Bridge and
// later, all Zen) these are the fastest general-purpose copy and fill for anything above a few
// dozen bytes, and they cannot be turned back into a call to ourselves by the optimiser.

#include <stddef.h>
#include <stdint.h>

extern "C" {

void* memcpy(void* destination, const void* source, size_t count) {
    void* result = destination;
    asm volatile("rep movsb" : "+D"(destination), "+S"(source), "+c"(count) : : "memory");
    return result;
}

void* memset(void* destination, int value, size_t count) {
    void* result = destination;
    asm volatile("rep stosb" : "+D"(destination), "+c"(count) : "a"(value) : "memory");
    return result;
}

void* memmove(void* destination, const void* source, size_t count) {
    auto* d = static_cast<unsigned char*>(destination);
    auto* s = static_cast<const unsigned char*>(source);
    // A forward copy is correct unless the destination starts inside the source.
    if (d <= s || d >= s + count)
        return memcpy(destination, source, count);
    // Overlapping with d > s: copy backwards. std makes rep movsb run from high to low addresses;
    // it is slower than the forward direction but this case is rare.
    const unsigned char* last_source = s + count - 1;
    unsigned char* last_destination = d + count - 1;
    asm volatile("std\n\trep movsb\n\tcld"
                 : "+D"(last_destination), "+S"(last_source), "+c"(count)
                 :
                 : "memory");
    return destination;
}

__attribute__((no_builtin("memcmp"))) int memcmp(const void* left, const void* right, size_t count) {
    auto* a = static_cast<const unsigned char*>(left);
    auto* b = static_cast<const unsigned char*>(right);
    // Skip equal 8-byte words quickly, then find the first differing byte.
    while (count >= 8) {
        uint64_t x, y;
        __builtin_memcpy(&x, a, 8);
        __builtin_memcpy(&y, b, 8);
        if (x != y)
            break;
        a += 8;
        b += 8;
        count -= 8;
    }
    for (; count; --count, ++a, ++b) {
        if (*a != *b)
            return *a < *b ? -1 : 1;
    }
    return 0;
}

__attribute__((no_builtin("strlen"))) size_t strlen(const char* string) {
    const char* p = string;
    // Byte steps up to an 8-byte boundary, so the word reads below never cross into a page the
    // string does not touch.
    while (reinterpret_cast<uintptr_t>(p) & 7) {
        if (!*p)
            return static_cast<size_t>(p - string);
        ++p;
    }
    constexpr uint64_t kOnes = 0x0101010101010101ull;
    constexpr uint64_t kHighs = 0x8080808080808080ull;
    for (;;) {
        uint64_t word = *reinterpret_cast<const uint64_t*>(p);
        // Nonzero exactly when some byte of `word` is zero ("haszero", Hacker's Delight 6-1).
        if ((word - kOnes) & ~word & kHighs)
            break;
        p += 8;
    }
    while (*p)
        ++p;
    return static_cast<size_t>(p - string);
}

} // extern "C"
