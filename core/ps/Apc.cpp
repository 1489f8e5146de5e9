#include "core/ps/Apc.h"

#include "core/ke/Kernel.h"
#include "core/ps/Scheduler.h"
#include "core/ps/Thread.h"
#include "core/syscall/UserAccess.h"

namespace halcyon::ps {

ErrorOr<void> queue_user_apc(Thread& thread, u64 routine, u64 argument1, u64 argument2, u64 argument3) {
    if (thread.is_terminated() || thread.termination_requested())
        return Error(status::Unsuccessful, "the thread has ended");
    UserApc* apc = TRY(try_make<UserApc>());
    apc->routine = routine;
    apc->arguments[0] = argument1;
    apc->arguments[1] = argument2;
    apc->arguments[2] = argument3;
    thread.user_apcs.append(*apc);
    if (thread.state() == ThreadState::Waiting && thread.wait.alertable)
        scheduler::wake(thread);
    return {};
}

bool has_deliverable_apc(const Thread& thread) {
    return !thread.user_apcs.is_empty() && thread.process().apc_dispatcher() != 0;
}

void discard_user_apcs(Thread& thread) {
    thread.apc_delivery_pending = false;
    while (UserApc* apc = thread.user_apcs.take_first())
        destroy(apc);
}

u64 prepare_user_apc_delivery(Thread& thread, u64 user_rsp) {
    if (!thread.apc_delivery_pending)
        return 0;
    thread.apc_delivery_pending = false;
    if (!has_deliverable_apc(thread) || thread.termination_requested())
        return 0;
    UserApc* apc = thread.user_apcs.take_first();
    UserApcRecord record{apc->routine, {apc->arguments[0], apc->arguments[1], apc->arguments[2]}};
    destroy(apc);
    // The record may reach below the committed stack (its guard page): commit it as a call would.
    if (user_rsp >= kUserApcRecordOffset)
        (void)grow_stack(thread, user_rsp - kUserApcRecordOffset, false);
    if (user_rsp < kUserApcRecordOffset ||
        user::copy_to(user_rsp - kUserApcRecordOffset, &record, sizeof record).is_error()) {
        kernel::log("halcyon: tid={} cannot write a user APC record below rsp {:#x}; the APC is dropped",
                    thread.tid(), user_rsp);
        return 0;
    }
    kernel::trace("[ps] tid={} user APC {:#x} delivered", thread.tid(), record.routine);
    return thread.process().apc_dispatcher();
}

} // namespace halcyon::ps
