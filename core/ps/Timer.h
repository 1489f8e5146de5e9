#pragma once

// Waitable timers (NtCreateTimer/NtSetTimer): a notification (manual-reset) timer stays
// signalled once it expires until it is set again; a synchronization timer releases one waiter
// and resets. A period re-arms it; a completion routine is queued as a user APC to the thread
// that set it each time it expires.
//
// Armed timers sit on the scheduler's timer list (Scheduler.h) and expire where waits time out:
// on the timer tick while user code runs and in the idle loop, so nothing busy-waits.
//
// FIXME: absolute due times are converted to the monotonic clock when the timer is set; a later
// change of the system time does not move them. ResumeTimer (wake from sleep) is ignored.

#include "core/lib/IntrusiveList.h"
#include "core/lib/RefPtr.h"
#include "core/ps/Waitable.h"

namespace halcyon::ps {

class Thread;

class Timer final : public Waitable {
public:
    static constexpr ob::ObjectType kType = ob::ObjectType::Timer;
    explicit Timer(bool notification) : Waitable(kType), m_notification(notification) {}
    ~Timer() override;

    bool notification() const { return m_notification; }
    bool signaled() const { return m_signaled; }
    bool armed() const { return m_armed; }
    u64 deadline_ns() const { return m_deadline_ns; }

    /// Arms the timer for `deadline_ns` (monotonic) and then every `period_ns` (0: once),
    /// resetting it. With a routine, each expiry queues routine(context, low, high) to `thread`
    /// (low/high: the expiry time as a FILETIME). Returns the previous signal state.
    bool set(u64 deadline_ns, u64 period_ns, Thread* thread, u64 routine, u64 context);
    /// Disarms the timer (its state stays). Returns the current signal state.
    bool cancel();
    /// Called by the scheduler when the deadline has passed.
    void expire(u64 now_ns);

    bool is_signaled_for(const Thread&) const override { return m_signaled; }
    NtStatus acquire(Thread&) override;

    /// Link in the scheduler's list of armed timers.
    ListNode timer_link;

private:
    void disarm();

    bool m_notification;
    bool m_signaled{false};
    bool m_armed{false};
    u64 m_deadline_ns{0};
    u64 m_period_ns{0};
    RefPtr<Thread> m_apc_thread;
    u64 m_apc_routine{0};
    u64 m_apc_context{0};
};

} // namespace halcyon::ps
