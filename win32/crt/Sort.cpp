// qsort, bsearch, _lfind, _lsearch. qsort is an introsort-free median-of-three quicksort with an
// insertion-sort cutoff and recursion on the smaller side (bounded stack), swapping bytewise so
// any element size works.

#include "win32/crt/CrtTypes.h"

namespace {

using Compare = int (*)(const void*, const void*);
using CompareContext = int (*)(void*, const void*, const void*);

void swap_bytes(unsigned char* a, unsigned char* b, size_t size) {
    if (a == b)
        return;
    for (size_t i = 0; i < size; ++i) {
        unsigned char t = a[i];
        a[i] = b[i];
        b[i] = t;
    }
}

template <typename Less>
void sort(unsigned char* base, size_t count, size_t size, Less compare) {
    while (count > 8) {
        unsigned char* low = base;
        unsigned char* middle = base + (count / 2) * size;
        unsigned char* high = base + (count - 1) * size;
        if (compare(middle, low) < 0)
            swap_bytes(middle, low, size);
        if (compare(high, middle) < 0) {
            swap_bytes(high, middle, size);
            if (compare(middle, low) < 0)
                swap_bytes(middle, low, size);
        }
        // Move the pivot to the front, partition the rest (Hoare).
        swap_bytes(base, middle, size);
        unsigned char* i = base;
        unsigned char* j = base + count * size;
        for (;;) {
            do
                i += size;
            while (i < base + count * size && compare(i, base) < 0);
            do
                j -= size;
            while (compare(j, base) > 0);
            if (i >= j)
                break;
            swap_bytes(i, j, size);
        }
        swap_bytes(base, j, size);
        size_t left = static_cast<size_t>(j - base) / size;
        size_t right = count - left - 1;
        if (left < right) {
            sort(base, left, size, compare);
            base = j + size;
            count = right;
        } else {
            sort(j + size, right, size, compare);
            count = left;
        }
    }
    for (size_t k = 1; k < count; ++k)
        for (unsigned char* p = base + k * size; p > base && compare(p - size, p) > 0; p -= size)
            swap_bytes(p - size, p, size);
}

} // namespace

CRT_EXPORT void CRT_FN(qsort)(void* base, size_t count, size_t size, Compare compare) {
    if (!base || !compare || size == 0)
        return;
    sort(static_cast<unsigned char*>(base), count, size, compare);
}

CRT_EXPORT void CRT_FN(qsort_s)(void* base, size_t count, size_t size, CompareContext compare, void* context) {
    if (!base || !compare || size == 0)
        return;
    sort(static_cast<unsigned char*>(base), count, size,
         [&](const void* a, const void* b) { return compare(context, a, b); });
}

CRT_EXPORT void* CRT_FN(bsearch)(const void* key, const void* base, size_t count, size_t size, Compare compare) {
    auto* low = static_cast<const unsigned char*>(base);
    while (count > 0) {
        const unsigned char* middle = low + (count / 2) * size;
        int order = compare(key, middle);
        if (order == 0)
            return const_cast<unsigned char*>(middle);
        if (order > 0) {
            low = middle + size;
            count -= count / 2 + 1;
        } else {
            count /= 2;
        }
    }
    return nullptr;
}

CRT_EXPORT void* CRT_FN(bsearch_s)(const void* key, const void* base, size_t count, size_t size,
                                   CompareContext compare, void* context) {
    auto* low = static_cast<const unsigned char*>(base);
    while (count > 0) {
        const unsigned char* middle = low + (count / 2) * size;
        int order = compare(context, key, middle);
        if (order == 0)
            return const_cast<unsigned char*>(middle);
        if (order > 0) {
            low = middle + size;
            count -= count / 2 + 1;
        } else {
            count /= 2;
        }
    }
    return nullptr;
}

CRT_EXPORT void* CRT_FN(_lfind)(const void* key, const void* base, unsigned int* count, unsigned int size,
                                Compare compare) {
    auto* p = static_cast<const unsigned char*>(base);
    for (unsigned int i = 0; i < *count; ++i, p += size)
        if (compare(key, p) == 0)
            return const_cast<unsigned char*>(p);
    return nullptr;
}

CRT_EXPORT void* CRT_FN(_lsearch)(const void* key, void* base, unsigned int* count, unsigned int size,
                                  Compare compare) {
    void* found = CRT_FN(_lfind)(key, base, count, size, compare);
    if (found)
        return found;
    auto* slot = static_cast<unsigned char*>(base) + static_cast<size_t>(*count) * size;
    __builtin_memcpy(slot, key, size);
    ++*count;
    return slot;
}
