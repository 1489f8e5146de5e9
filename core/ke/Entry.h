#pragma once

// The few kernel entry points a HAL backend calls back into (ARCHITECTURE.md rule 2). Everything
// else in core is reached from these.

#include "core/lib/Types.h"
#include "hal/user.h"

namespace halcyon::kernel {

/// A system call from the current user thread. `first_args` are the four register arguments
/// (r10, rdx, r8, r9); arguments five and up are read from user memory at `stack_args`.
/// Returns the NTSTATUS for rax. May not return (thread or process termination).
u64 on_system_call(u32 number, u64 arg1, u64 arg2, u64 arg3, u64 arg4, u64 stack_args);

/// Right after on_system_call returned: the user address the system call must return to
/// instead of its stub (a user APC is being delivered: ntdll's KiUserApcDispatcher), or 0. The
/// stack pointer is the one the stub's own return would leave (stack_args - 0x28), so the
/// backend only replaces the return rip: the gate's return address slot, or the rip after a
/// raw `syscall`. Clears the request.
u64 take_system_call_redirect();

enum class FaultOutcome {
    Retry,     ///< the fault was resolved (e.g. demand commit); re-run the instruction
    Deliver,   ///< `context` now enters the guest's exception dispatcher; resume it
    Terminate, ///< the thread's process must die; the backend leaves user mode
};

/// A page fault raised by user code on the current thread, with its registers. May rewrite
/// `context` to deliver the exception to the guest (FaultOutcome::Deliver).
FaultOutcome on_user_fault(u64 address, hal::FaultAccess access, hal::UserContext& context);

/// Kills the current process after an unresolvable user fault (called by the backend on the
/// kernel stack after on_user_fault returned Terminate). Does not return.
[[noreturn]] void terminate_after_fault();

/// A user exception other than a page fault (illegal instruction, divide error, int3, ...):
/// Deliver (context rewritten for the guest's dispatcher) or Terminate (then the backend calls
/// on_user_exception on the kernel stack).
FaultOutcome deliver_user_exception(u32 ntstatus, hal::UserContext& context);

/// Reports and terminates the process for an exception that could not be delivered. Does not
/// return.
[[noreturn]] void on_user_exception(u32 ntstatus, u64 rip);

/// A timer interrupt on the current CPU. `interrupted_user` says whether it arrived while user
/// code ran; only then may the kernel switch threads (preempt) before returning. From kernel
/// code it merely notes that a reschedule is due. May not return (a killed thread ends here).
void on_timer_interrupt(bool interrupted_user);

} // namespace halcyon::kernel
