#pragma once

// The scheduler: one CPU, a FIFO run queue of ready threads, a list of waiting threads (with
// optional deadlines), and an idle loop that runs on the kernel's boot thread.
//
// Every kernel thread is a hal::ThreadContext; exactly one runs at a time. A thread leaves the
// CPU only at well-defined points: when it waits (block), yields, ends, or is preempted by the
// timer while it runs user code. Kernel code is therefore never interrupted half-way through a
// data-structure update, which is why no kernel lock is needed on one CPU.
//
// FIXME: one CPU. SMP needs per-CPU current/run queues and real locks around these lists.

#include "core/lib/ErrorOr.h"

namespace halcyon::ps {

class Thread;
class Process;
class Waitable;
class Timer;

namespace scheduler {

/// How long a thread runs user code before the timer may preempt it for another ready thread.
constexpr u64 kQuantumNs = 4'000'000;

/// The CPUs threads can run on (SystemBasicInformation, affinity masks): the scheduler drives one.
constexpr u32 kProcessorCount = 1;
constexpr u64 kActiveProcessorMask = (kProcessorCount >= 64) ? ~0ull : (1ull << kProcessorCount) - 1;

/// Adopts the calling (boot) thread as the idle thread. Idempotent.
ErrorOr<void> initialize();
/// Kernel shutdown, on the boot thread once every thread has ended: frees what is left of
/// ended threads and the idle thread's context, and stops the timer.
void shutdown();

/// Gives `thread` its kernel context. It becomes ready unless its suspend count is non-zero.
ErrorOr<void> start(Thread& thread);
/// Makes an initialized (suspended) thread ready.
void make_ready(Thread& thread);

/// Puts the current thread at the back of the run queue if another thread is ready. Returns
/// whether another thread ran.
bool yield();
/// Gives up the CPU until wake(); the caller has registered its wait (Wait.cpp).
void block();
/// Makes a waiting thread ready again (its wait is re-evaluated when it runs).
void wake(Thread& thread);
/// Wakes every thread whose wait includes `object`.
void wake_waiters(Waitable& object);
/// Puts an armed waitable timer on the list whose deadlines expire with the waits' (Timer.h).
void add_timer(Timer& timer);
void remove_timer(Timer& timer);
/// The current thread has finished: hands the CPU on for good.
[[noreturn]] void exit_current();

/// The timer: `interrupted_user` tells whether user code was running. Only then may the
/// scheduler switch threads; otherwise the tick is remembered for the next preemption point.
void on_tick(bool interrupted_user);
/// A safe point on the way back to user mode: switches if a tick asked for it.
void preemption_point();

/// Runs the idle loop on the boot thread until `done(argument)` holds (e.g. the process ended).
void run_idle_until(bool (*done)(void*), void* argument);

/// The number of threads on the run queue (for NtYieldExecution and tests).
usize ready_count();

} // namespace scheduler

} // namespace halcyon::ps
