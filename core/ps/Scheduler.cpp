#include "core/ps/Scheduler.h"

#include "core/ke/Kernel.h"
#include "core/ps/ConsoleCtrl.h"
#include "core/ps/Thread.h"
#include "core/ps/Timer.h"

namespace halcyon::ps::scheduler {

namespace {

using ThreadList = IntrusiveList<Thread, &Thread::scheduler_link>;

hal::ThreadContext* s_idle_context;
Thread* s_running; // null while the idle loop runs
ThreadList s_ready;
ThreadList s_waiting;
ThreadList s_zombies; // ended; their contexts are freed by the next thread to run
bool s_tick_pending;  // written by on_tick from an interrupted kernel path; atomics only

hal::ThreadContext& context_of(Thread* thread) { return thread ? *thread->context : *s_idle_context; }

usize s_timed_waiters; // threads on s_waiting with a deadline
using TimerList = IntrusiveList<Timer, &Timer::timer_link>;
TimerList s_timers; // armed waitable timers

/// The timer only runs while it has something to do: a thread on the CPU that may have to make
/// room for another ready thread, or a deadline to notice while user code spins. (The idle loop
/// watches deadlines and the run queue itself.)
void update_timer() {
    bool wanted = s_running && (!s_ready.is_empty() || s_timed_waiters > 0 || !s_timers.is_empty());
    hal::Cpu::start_timer(wanted ? kQuantumNs : 0);
}

void reap_zombies() {
    while (Thread* zombie = s_zombies.take_first()) {
        hal::Cpu::destroy_thread(zombie->context);
        zombie->context = nullptr;
        zombie->unref(); // the reference start() took
    }
}

void expire_timeouts() {
    u64 now = hal::Clock::monotonic_ns();
    // Timers first, so a thread whose wait times out at the same moment sees the timer fired.
    for (auto it = s_timers.begin(); it != s_timers.end();) {
        Timer& timer = *it;
        ++it;
        if (timer.deadline_ns() <= now)
            timer.expire(now); // may unlink it (one-shot) or re-arm it (periodic)
    }
    for (auto it = s_waiting.begin(); it != s_waiting.end();) {
        Thread& thread = *it;
        ++it;
        if (thread.wait.deadline_ns <= now)
            wake(thread);
    }
}

/// Makes `next` (null: the idle loop) the running thread, before the switch itself.
void install(Thread* next) {
    s_running = next;
    Thread::set_current(next);
    if (next) {
        next->set_state(ThreadState::Running);
        hal::Mmu::activate(next->process().space_id());
    }
    update_timer();
}

void switch_to(Thread* next) {
    Thread* previous = s_running;
    if (next == previous)
        return;
    install(next);
    hal::Cpu::switch_context(context_of(previous), context_of(next));
    // Running again; whoever switched back to us installed us.
    reap_zombies();
}

[[noreturn]] void thread_main(void* raw) {
    Thread& thread = *static_cast<Thread*>(raw);
    reap_zombies();
    if (!thread.termination_requested())
        hal::UserMode::run_user(thread.start());
    // Back from user mode for good (exit_current_thread left it).
    NtStatus exit_status = thread.requested_exit_status();
    thread.finish(exit_status);
    thread.process().remove_thread(thread, exit_status);
    exit_current();
}

void thread_entry(void* raw) { thread_main(raw); }

} // namespace

ErrorOr<void> initialize() {
    if (!s_idle_context)
        s_idle_context = TRY(hal::Cpu::adopt_current_thread());
    return {};
}

void shutdown() {
    reap_zombies();
    hal::Cpu::start_timer(0);
    if (s_idle_context) {
        hal::Cpu::destroy_thread(s_idle_context);
        s_idle_context = nullptr;
    }
    __atomic_store_n(&s_tick_pending, false, __ATOMIC_RELAXED);
}

ErrorOr<void> start(Thread& thread) {
    TRY(initialize());
    thread.context = TRY(hal::Cpu::create_thread(thread_entry, &thread));
    thread.ref(); // dropped when the thread's context is reaped
    thread.process().add_thread(thread);
    if (thread.suspend_count() == 0)
        make_ready(thread);
    return {};
}

void make_ready(Thread& thread) {
    if (thread.state() != ThreadState::Initialized)
        return;
    thread.set_state(ThreadState::Ready);
    s_ready.append(thread);
    update_timer();
}

bool yield() {
    Thread* self = s_running;
    if (s_ready.is_empty())
        return false;
    if (self) {
        self->set_state(ThreadState::Ready);
        s_ready.append(*self);
    }
    switch_to(s_ready.take_first());
    return true;
}

void block() {
    Thread* self = s_running;
    self->set_state(ThreadState::Waiting);
    s_waiting.append(*self);
    if (self->wait.deadline_ns != ~0ull)
        ++s_timed_waiters;
    switch_to(s_ready.take_first());
}

void wake(Thread& thread) {
    if (thread.state() != ThreadState::Waiting)
        return;
    ThreadList::remove(thread);
    if (thread.wait.deadline_ns != ~0ull)
        --s_timed_waiters;
    thread.set_state(ThreadState::Ready);
    s_ready.append(thread);
    update_timer();
}

void wake_waiters(Waitable& object) {
    for (auto it = s_waiting.begin(); it != s_waiting.end();) {
        Thread& thread = *it;
        ++it;
        for (u32 i = 0; i < thread.wait.count; ++i) {
            if (thread.wait.objects[i] == &object) {
                wake(thread);
                break;
            }
        }
    }
}

void add_timer(Timer& timer) {
    s_timers.append(timer);
    update_timer();
}

void remove_timer(Timer& timer) {
    if (timer.timer_link.is_linked())
        TimerList::remove(timer);
}

void exit_current() {
    Thread* self = s_running;
    self->set_state(ThreadState::Terminated);
    s_zombies.append(*self);
    Thread* next = s_ready.take_first();
    install(next);
    hal::Cpu::exit_and_switch(*self->context, context_of(next));
    __builtin_unreachable();
}

void on_tick(bool interrupted_user) {
    if (!interrupted_user || !s_running) {
        __atomic_store_n(&s_tick_pending, true, __ATOMIC_RELAXED);
        return;
    }
    __atomic_store_n(&s_tick_pending, false, __ATOMIC_RELAXED);
    expire_timeouts();
    yield();
}

void preemption_point() {
    poll_console_interrupt();
    if (!__atomic_exchange_n(&s_tick_pending, false, __ATOMIC_RELAXED))
        return;
    expire_timeouts();
    yield();
}

void run_idle_until(bool (*done)(void*), void* argument) {
    for (;;) {
        reap_zombies();
        if (done(argument))
            return;
        poll_console_interrupt();
        expire_timeouts();
        if (Thread* next = s_ready.take_first()) {
            switch_to(next);
            continue;
        }
        hal::Cpu::wait_for_interrupt();
    }
}

usize ready_count() { return s_ready.size_slow(); }

} // namespace halcyon::ps::scheduler
