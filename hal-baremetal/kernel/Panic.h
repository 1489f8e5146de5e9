#pragma once

// The kernel panic report: what happened, every general register, RIP/RSP/RFLAGS/CS/SS,
// CR0/CR2/CR3/CR4, the error code and faulting address, and a symbolized frame-pointer backtrace,
// on the serial line; then isa-debug-exit with the panic code (DebugExit.h). A fault inside the
// report itself stops at once with the same code instead of recursing.

#include "Interrupts.h"

namespace halcyon::baremetal {

/// A kernel bug found by a check: reports `message`, the control registers and a backtrace
/// from the caller.
[[noreturn]] void panic(const char* message);
/// An exception taken in kernel mode with no handler for it.
[[noreturn]] void panic_from_frame(const InterruptFrame& frame);

} // namespace halcyon::baremetal
