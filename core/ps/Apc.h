#pragma once

// User-mode APCs (asynchronous procedure calls): NtQueueApcThread and timer completion routines
// queue them to a thread; they run only when that thread waits alertably (the wait then ends
// with STATUS_USER_APC) or calls NtTestAlert, never in the middle of other code.
//
// Delivery: on its way back to user mode, a system call that ends with an APC to deliver
// returns into ntdll's KiUserApcDispatcher instead of its stub, with the stack pointer the stub
// would have returned with and the system call's status in rax. The kernel writes a
// UserApcRecord just below that stack pointer (nothing runs in user mode in between, and
// interrupts never use the user stack). The dispatcher (win32/ntdll/Context.S) reads it, calls
// the routine, calls NtTestAlert for the next APC (delivered the same way), and returns the
// status to the original caller with every non-volatile register intact.

#include "core/lib/ErrorOr.h"

namespace halcyon::ps {

class Thread;

/// STATUS_USER_APC: an alertable wait ended so that user APCs could run.
constexpr NtStatus kStatusUserApc = status::UserApc;

/// Where the record sits relative to the stack pointer KiUserApcDispatcher is entered with:
/// routine at rsp - 0x30, then the three arguments (rsp - 0x28, - 0x20, - 0x18).
constexpr u64 kUserApcRecordOffset = 0x30;
struct UserApcRecord {
    u64 routine;
    u64 arguments[3];
};

/// Queues routine(a1, a2, a3) to `thread`; wakes it if it is in an alertable wait.
/// Unsuccessful for a thread that has ended or is ending; NoMemory on exhaustion.
ErrorOr<void> queue_user_apc(Thread& thread, u64 routine, u64 argument1, u64 argument2, u64 argument3);

/// True when `thread` has a queued APC that can be delivered (its process has an APC dispatcher).
bool has_deliverable_apc(const Thread& thread);

/// Frees every queued APC (the thread ends).
void discard_user_apcs(Thread& thread);

/// On the way out of a system call of the current thread: when an APC delivery is pending,
/// writes the first queued APC's record below `user_rsp` (the stack pointer the system call
/// returns with) and returns the address user mode must resume at (KiUserApcDispatcher);
/// otherwise 0.
u64 prepare_user_apc_delivery(Thread& thread, u64 user_rsp);

} // namespace halcyon::ps
