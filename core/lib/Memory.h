#pragma once

// The kernel heap. Whoever links core provides these two functions: hal-hosted forwards them to
// the host allocator, unit tests do the same, and the bare-metal kernel (issue 4) will supply a
// heap over physical frames. They return null on exhaustion; callers turn that into NoMemory.

#include "ErrorOr.h"
#include "Types.h"

namespace halcyon {

void* kmalloc(usize size);
void kfree(void* pointer);

/// Allocates and constructs a T on the kernel heap.
template <typename T, typename... Args>
ErrorOr<T*> try_make(Args&&... args) {
    void* memory = kmalloc(sizeof(T));
    if (!memory)
        return Error(status::NoMemory, "kernel heap exhausted");
    return new (memory) T(forward<Args>(args)...);
}

template <typename T>
void destroy(T* object) {
    if (!object)
        return;
    object->~T();
    kfree(object);
}

} // namespace halcyon
