#pragma once

// Failure injection for the test kernel heap (KernelHeapForTests.cpp).

namespace halcyon::test_support {

/// Lets `count` more kmalloc calls succeed, then makes every later one return null.
void fail_allocations_after(long count);
/// Restores normal allocation.
void stop_failing_allocations();

/// Scoped failure injection: allocations fail after `count` more, until the scope ends.
class ScopedAllocationFailure {
public:
    explicit ScopedAllocationFailure(long count) { fail_allocations_after(count); }
    ~ScopedAllocationFailure() { stop_failing_allocations(); }
};

} // namespace halcyon::test_support
