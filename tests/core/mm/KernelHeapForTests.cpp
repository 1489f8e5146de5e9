// kmalloc/kfree for host-built tests of core/: forward to the C heap so ASan sees every kernel
// allocation, with a failure switch for out-of-memory tests. A candidate for tests/support.

#include "tests/core/mm/KernelHeapForTests.h"

#include "core/lib/Memory.h"

#include <cstdlib>

namespace {
long g_successes_left = -1;
long g_live = 0;
} // namespace

namespace halcyon {

void* kmalloc(usize size) {
    if (g_successes_left == 0)
        return nullptr;
    if (g_successes_left > 0)
        --g_successes_left;
    void* pointer = std::malloc(size ? size : 1);
    if (pointer)
        ++g_live;
    return pointer;
}

void kfree(void* pointer) {
    if (pointer)
        --g_live;
    std::free(pointer);
}

namespace test {

void fail_kmalloc_after(long successes) {
    g_successes_left = successes;
}

void stop_failing_kmalloc() {
    g_successes_left = -1;
}

long live_kmalloc_count() {
    return g_live;
}

} // namespace test
} // namespace halcyon
