// What the compiler expects from a C runtime in a freestanding kernel: the memory primitives it
// emits calls to for struct copies and large initialisations, and the C++ ABI hooks core's
// classes need. `rep movsb`/`rep stosb` are fast on every CPU with ERMSB and correct on all.

#include <stddef.h>
#include <stdint.h>

#include "Panic.h"

extern "C" {

void* memcpy(void* destination, const void* source, size_t size) {
    void* result = destination;
    asm volatile("rep movsb" : "+D"(destination), "+S"(source), "+c"(size) : : "memory");
    return result;
}

void* memmove(void* destination, const void* source, size_t size) {
    auto* d = static_cast<uint8_t*>(destination);
    auto* s = static_cast<const uint8_t*>(source);
    if (d <= s || d >= s + size)
        return memcpy(destination, source, size);
    // Overlapping with the destination above the source: copy backwards.
    d += size - 1;
    s += size - 1;
    asm volatile("std; rep movsb; cld" : "+D"(d), "+S"(s), "+c"(size) : : "memory");
    return destination;
}

void* memset(void* destination, int value, size_t size) {
    void* result = destination;
    asm volatile("rep stosb" : "+D"(destination), "+c"(size) : "a"(value) : "memory");
    return result;
}

int memcmp(const void* a, const void* b, size_t size) {
    auto* x = static_cast<const uint8_t*>(a);
    auto* y = static_cast<const uint8_t*>(b);
    for (size_t i = 0; i < size; ++i)
        if (x[i] != y[i])
            return x[i] < y[i] ? -1 : 1;
    return 0;
}

size_t strlen(const char* text) {
    size_t length = 0;
    while (text[length])
        ++length;
    return length;
}

void __cxa_pure_virtual() { halcyon::baremetal::panic("pure virtual function called"); }

// Kernel objects with static storage are never destroyed: the kernel does not exit.
int __cxa_atexit(void (*)(void*), void*, void*) { return 0; }
void* __dso_handle = nullptr;

} // extern "C"
