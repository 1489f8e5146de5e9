#include "core/ps/Wait.h"

#include "core/ps/Apc.h"
#include "core/ps/Scheduler.h"
#include "core/ps/Thread.h"

namespace halcyon::ps {

namespace {

/// Tries to satisfy the wait now; on success applies the objects' side effects and returns the
/// wait status, otherwise Pending.
NtStatus try_satisfy(Thread& self, Span<Waitable* const> objects, bool wait_all) {
    if (wait_all) {
        for (usize i = 0; i < objects.size(); ++i)
            if (!objects.data()[i]->is_signaled_for(self))
                return status::Pending;
        bool abandoned = false;
        for (usize i = 0; i < objects.size(); ++i)
            abandoned |= objects.data()[i]->acquire(self) == status::Abandoned;
        return objects.size() == 0 ? status::Pending : abandoned ? status::Abandoned : status::Success;
    }
    for (usize i = 0; i < objects.size(); ++i) {
        Waitable* object = objects.data()[i];
        if (!object->is_signaled_for(self))
            continue;
        NtStatus base = object->acquire(self);
        return NtStatus{base.value + static_cast<u32>(i)};
    }
    return status::Pending;
}

} // namespace

NtStatus wait_for_objects(Thread& self, Span<Waitable* const> objects, bool wait_all, u64 deadline_ns,
                          bool alertable) {
    if (objects.size() > WaitBlock::kMaxObjects)
        return status::InvalidParameter;
    for (;;) {
        if (self.termination_requested())
            return status::ThreadIsTerminating;
        NtStatus result = try_satisfy(self, objects, wait_all);
        if (result != status::Pending)
            return result;
        if (alertable && has_deliverable_apc(self)) {
            self.apc_delivery_pending = true;
            return kStatusUserApc;
        }
        if (hal::Clock::monotonic_ns() >= deadline_ns)
            return status::Timeout;
        WaitBlock& wait = self.wait;
        for (usize i = 0; i < objects.size(); ++i)
            wait.objects[i] = objects.data()[i];
        wait.count = static_cast<u32>(objects.size());
        wait.wait_all = wait_all;
        wait.alertable = alertable;
        wait.deadline_ns = deadline_ns;
        scheduler::block();
        wait.count = 0;
        wait.alertable = false;
        wait.deadline_ns = ~0ull;
    }
}

NtStatus delay_until(Thread& self, u64 deadline_ns, bool alertable) {
    if (alertable && has_deliverable_apc(self)) {
        self.apc_delivery_pending = true;
        return kStatusUserApc;
    }
    if (hal::Clock::monotonic_ns() >= deadline_ns) {
        scheduler::yield();
        return self.termination_requested() ? status::ThreadIsTerminating : status::Success;
    }
    NtStatus result = wait_for_objects(self, Span<Waitable* const>(), false, deadline_ns, alertable);
    return result == status::Timeout ? status::Success : result;
}

} // namespace halcyon::ps
