#pragma once

// Phase 2's self-test of the memory setup: frames, heap and page protections, each check
// reported on serial. Returns false (after saying which check failed) on any failure.

namespace halcyon::baremetal {

bool run_memory_self_test();

} // namespace halcyon::baremetal
