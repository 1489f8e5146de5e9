// malloc and friends on the process heap, as the Microsoft CRT does since Visual C++ 2012 (and
// msvcrt.dll on current Windows): one HeapAlloc per block, so blocks from msvcrt's malloc may be
// freed with HeapFree(GetProcessHeap()) and vice versa.

#include "win32/crt/Errno.h"
#include "win32/crt/Os.h"

namespace {

/// The Microsoft CRT refuses sizes above _HEAP_MAXREQ (0xFFFFFFFFFFFFFFE0 on x64).
constexpr size_t kMaxRequest = ~size_t(0) - 31;

void* allocate(size_t size, bool zero) {
    if (size > kMaxRequest) {
        crt::set_errno(crt::kENOMEM);
        return nullptr;
    }
    // malloc(0) returns a unique pointer: HeapAlloc of one byte gives one.
    void* block = crt::os::heap_alloc(size ? size : 1, zero);
    if (!block)
        crt::set_errno(crt::kENOMEM);
    return block;
}

} // namespace

CRT_EXPORT void* malloc(size_t size) { return allocate(size, false); }

CRT_EXPORT void* calloc(size_t count, size_t size) {
    if (size != 0 && count > kMaxRequest / size) {
        crt::set_errno(crt::kENOMEM);
        return nullptr;
    }
    return allocate(count * size, true);
}

CRT_EXPORT void free(void* block) {
    if (block)
        crt::os::heap_free(block);
}

CRT_EXPORT void* realloc(void* block, size_t size) {
    if (!block)
        return allocate(size, false);
    if (size == 0) {
        // The Microsoft CRT frees the block and returns NULL for realloc(p, 0).
        crt::os::heap_free(block);
        return nullptr;
    }
    if (size > kMaxRequest) {
        crt::set_errno(crt::kENOMEM);
        return nullptr;
    }
    void* result = crt::os::heap_realloc(block, size);
    if (!result)
        crt::set_errno(crt::kENOMEM);
    return result;
}

CRT_EXPORT size_t _msize(void* block) {
    if (!block) {
        crt::set_errno(crt::kEINVAL);
        return ~size_t(0);
    }
    return crt::os::heap_size(block);
}

CRT_EXPORT void* _recalloc(void* block, size_t count, size_t size) {
    if (size != 0 && count > kMaxRequest / size) {
        crt::set_errno(crt::kENOMEM);
        return nullptr;
    }
    size_t old_size = block ? crt::os::heap_size(block) : 0;
    size_t new_size = count * size;
    auto* result = static_cast<unsigned char*>(realloc(block, new_size));
    if (result && new_size > old_size)
        __builtin_memset(result + old_size, 0, new_size - old_size);
    return result;
}

CRT_EXPORT void* _expand(void* block, size_t size) {
    // Growing in place is not offered by the heap yet; shrinking always works.
    // FIXME: use HEAP_REALLOC_IN_PLACE_ONLY once kernelbase's HeapReAlloc honours it.
    if (block && size <= crt::os::heap_size(block))
        return block;
    crt::set_errno(crt::kENOMEM);
    return nullptr;
}

// Aligned blocks keep the pointer HeapAlloc returned just below the aligned address.
CRT_EXPORT void* _aligned_offset_malloc(size_t size, size_t alignment, size_t offset) {
    if (alignment & (alignment - 1) || (size && offset >= size)) {
        crt::set_errno(crt::kEINVAL);
        return nullptr;
    }
    if (alignment < sizeof(void*))
        alignment = sizeof(void*);
    size_t total = size + alignment + sizeof(void*);
    if (total < size) {
        crt::set_errno(crt::kENOMEM);
        return nullptr;
    }
    auto* raw = static_cast<unsigned char*>(allocate(total, false));
    if (!raw)
        return nullptr;
    uintptr_t start = reinterpret_cast<uintptr_t>(raw) + sizeof(void*) + offset;
    uintptr_t aligned = ((start + alignment - 1) & ~(alignment - 1)) - offset;
    reinterpret_cast<void**>(aligned)[-1] = raw;
    return reinterpret_cast<void*>(aligned);
}

CRT_EXPORT void* _aligned_malloc(size_t size, size_t alignment) {
    return _aligned_offset_malloc(size, alignment, 0);
}

CRT_EXPORT void _aligned_free(void* block) {
    if (block)
        crt::os::heap_free(static_cast<void**>(block)[-1]);
}

CRT_EXPORT void* _aligned_offset_realloc(void* block, size_t size, size_t alignment, size_t offset) {
    if (!block)
        return _aligned_offset_malloc(size, alignment, offset);
    if (size == 0) {
        _aligned_free(block);
        return nullptr;
    }
    void* raw = static_cast<void**>(block)[-1];
    size_t old_capacity = crt::os::heap_size(raw) - (static_cast<unsigned char*>(block) - static_cast<unsigned char*>(raw));
    void* result = _aligned_offset_malloc(size, alignment, offset);
    if (!result)
        return nullptr;
    __builtin_memcpy(result, block, old_capacity < size ? old_capacity : size);
    _aligned_free(block);
    return result;
}

CRT_EXPORT void* _aligned_realloc(void* block, size_t size, size_t alignment) {
    return _aligned_offset_realloc(block, size, alignment, 0);
}

CRT_EXPORT size_t _aligned_msize(void* block, size_t alignment, size_t offset) {
    if (!block) {
        crt::set_errno(crt::kEINVAL);
        return ~size_t(0);
    }
    void* raw = static_cast<void**>(block)[-1];
    return crt::os::heap_size(raw) - (static_cast<unsigned char*>(block) - static_cast<unsigned char*>(raw));
}

CRT_EXPORT int _heapchk() { return -2; /* _HEAPOK */ }
CRT_EXPORT int _heapmin() { return 0; }
CRT_EXPORT intptr_t _get_heap_handle() { return reinterpret_cast<intptr_t>(crt::os::heap_handle()); }

#include "win32/crt/StringShared.h"

void* crt::crt_allocate(size_t size) { return malloc(size); }
