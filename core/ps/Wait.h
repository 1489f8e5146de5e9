#pragma once

// Waiting for dispatcher objects (NtWaitForSingleObject, NtWaitForMultipleObjects,
// NtDelayExecution) with NT's results: STATUS_WAIT_0 + i for the object that satisfied a
// wait-any (the lowest index when several are signalled), STATUS_WAIT_0 for wait-all,
// STATUS_ABANDONED_WAIT_0 + i for an abandoned mutant, STATUS_TIMEOUT, and
// STATUS_THREAD_IS_TERMINATING when the thread is being killed (the dispatcher then ends it),
// and STATUS_USER_APC when an alertable wait ends for a queued user APC (Apc.h; the objects are
// checked first, as NT does). The APC itself is delivered on the way back to user mode.
//
// FIXME: NtAlertThread alerts (STATUS_ALERTED) are not implemented.

#include "core/lib/Span.h"
#include "core/ps/Waitable.h"

namespace halcyon::ps {

class Thread;

/// Waits until the objects are signalled for `self` (any one, or all at once) or the monotonic
/// `deadline_ns` passes (~0: never). At most WaitBlock::kMaxObjects objects.
NtStatus wait_for_objects(Thread& self, Span<Waitable* const> objects, bool wait_all, u64 deadline_ns,
                          bool alertable = false);

/// Sleeps until `deadline_ns`. A deadline already past yields the CPU to a ready thread.
NtStatus delay_until(Thread& self, u64 deadline_ns, bool alertable = false);

} // namespace halcyon::ps
