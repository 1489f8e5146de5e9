#pragma once

// A hook that sees every system call after its service has run: the system-call fuzzer and
// kernel tests check invariants there. Off (null) in normal runs; one pointer test per call.

#include "core/lib/NtStatus.h"

namespace halcyon::kernel {

struct SystemCallRecord {
    u32 number;
    const u64* arguments;
    u32 argument_count;
    NtStatus result;
};

using SystemCallObserver = void (*)(const SystemCallRecord& record, void* context);

/// Installs `observer` (null removes it). Called on the calling thread, in kernel context.
void set_system_call_observer(SystemCallObserver observer, void* context);

} // namespace halcyon::kernel
