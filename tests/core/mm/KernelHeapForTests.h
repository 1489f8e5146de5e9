#pragma once

// Test control over the kernel heap that KernelHeapForTests.cpp provides: make the n-th next
// kmalloc fail, to drive the NoMemory paths.

namespace halcyon::test {

/// After `successes` more successful kmalloc calls, every call fails until reset. Negative: never.
void fail_kmalloc_after(long successes);
void stop_failing_kmalloc();
/// kmalloc calls that have not been matched by kfree.
long live_kmalloc_count();

} // namespace halcyon::test
