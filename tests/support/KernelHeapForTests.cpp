// The kernel heap for unit tests: kmalloc/kfree forward to the host allocator, as hal-hosted does.
// Built once as the static library halcyon_test_support (tests/CMakeLists.txt) for every unit test
// that links kernel code; include it as "KernelHeapForTests.h".
//
// Tests can make the heap fail to check that allocation failures surface as errors:
// `halcyon::test_support::fail_allocations_after(n)` lets n more allocations succeed, then every one
// fails until `halcyon::test_support::stop_failing_allocations()`.

#include <core/lib/Memory.h>

#include <stdlib.h>

namespace halcyon::test_support {

// Negative means "never fail".
static long s_allocations_left = -1;

void fail_allocations_after(long count) { s_allocations_left = count; }
void stop_failing_allocations() { s_allocations_left = -1; }

} // namespace halcyon::test_support

namespace halcyon {

void* kmalloc(usize size) {
    if (test_support::s_allocations_left == 0)
        return nullptr;
    if (test_support::s_allocations_left > 0)
        --test_support::s_allocations_left;
    return malloc(size ? size : 1);
}

void kfree(void* pointer) { free(pointer); }

} // namespace halcyon
