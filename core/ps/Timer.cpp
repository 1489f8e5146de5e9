#include "core/ps/Timer.h"

#include "core/ke/Kernel.h"
#include "core/ps/Apc.h"
#include "core/ps/Scheduler.h"
#include "core/ps/Thread.h"

namespace halcyon::ps {

Timer::~Timer() { disarm(); }

void Timer::disarm() {
    if (m_armed)
        scheduler::remove_timer(*this);
    m_armed = false;
    m_apc_thread = nullptr;
    m_apc_routine = m_apc_context = 0;
}

bool Timer::set(u64 deadline_ns, u64 period_ns, Thread* thread, u64 routine, u64 context) {
    bool previous = m_signaled;
    disarm();
    m_signaled = false;
    m_deadline_ns = deadline_ns;
    m_period_ns = period_ns;
    if (routine && thread) {
        m_apc_thread = RefPtr<Thread>(thread);
        m_apc_routine = routine;
        m_apc_context = context;
    }
    m_armed = true;
    scheduler::add_timer(*this);
    // A due time already past expires now rather than at the next tick.
    if (u64 now = hal::Clock::monotonic_ns(); deadline_ns <= now)
        expire(now);
    return previous;
}

bool Timer::cancel() {
    disarm();
    return m_signaled;
}

void Timer::expire(u64 now_ns) {
    // The thread that set a timer with a completion routine has ended: Windows cancels the timer.
    if (m_apc_thread && (m_apc_thread->is_terminated() || m_apc_thread->termination_requested())) {
        disarm();
        return;
    }
    if (m_apc_routine) {
        u64 filetime = hal::Clock::system_time_100ns();
        auto queued = queue_user_apc(*m_apc_thread, m_apc_routine, m_apc_context, filetime & 0xFFFFFFFF,
                                     filetime >> 32);
        if (queued.is_error())
            kernel::log("halcyon: timer completion routine not queued: {}", queued.error().status().name());
    }
    if (m_period_ns) {
        // The next expiry keeps the original phase; expiries missed meanwhile are skipped.
        u64 next = m_deadline_ns + m_period_ns;
        if (next <= now_ns)
            next = now_ns + m_period_ns - (now_ns - m_deadline_ns) % m_period_ns;
        m_deadline_ns = next;
    } else {
        scheduler::remove_timer(*this);
        m_armed = false;
        m_apc_thread = nullptr;
    }
    m_signaled = true;
    signal();
}

NtStatus Timer::acquire(Thread&) {
    if (!m_notification)
        m_signaled = false;
    return status::Success;
}

} // namespace halcyon::ps
