#pragma once

#include "core/ps/Process.h"
#include "core/ps/Waitable.h"
#include "hal/backend.h"

namespace halcyon::ps {

enum class ThreadState : u8 {
    Initialized, ///< created, not yet started (or created suspended)
    Ready,       ///< on the run queue
    Running,     ///< on the CPU
    Waiting,     ///< blocked in a wait (on the scheduler's waiting list)
    Terminated,  ///< finished; signalled for waiters
};

/// What a waiting thread waits for; filled by wait_for_objects (Wait.h).
struct WaitBlock {
    static constexpr u32 kMaxObjects = 64; // MAXIMUM_WAIT_OBJECTS
    Waitable* objects[kMaxObjects];
    u32 count{0};
    bool wait_all{false};
    bool alertable{false};  // a queued user APC ends the wait (STATUS_USER_APC)
    u64 deadline_ns{~0ull}; // monotonic; ~0 = no timeout
};

/// A user-mode APC queued to a thread (NtQueueApcThread, a timer's completion routine): ntdll's
/// KiUserApcDispatcher calls routine(arguments[0], arguments[1], arguments[2]) (Apc.h).
struct UserApc {
    ListNode link;
    u64 routine;
    u64 arguments[3];
};

/// A user thread: its process, its TEB and stack in that process, its scheduling state and its
/// exit status. Waiting on a thread is satisfied when it has terminated.
class Thread final : public Waitable {
public:
    static constexpr ob::ObjectType kType = ob::ObjectType::Thread;

    Thread(RefPtr<Process> process, u64 tid) : Waitable(kType), m_process(move(process)), m_tid(tid) {}
    ~Thread() override;

    Process& process() const { return *m_process; }
    u64 tid() const { return m_tid; }
    u64 teb() const { return m_teb; }
    void set_teb(u64 teb) { m_teb = teb; }
    u64 stack_base() const { return m_stack_base; }
    u64 stack_limit() const { return m_stack_limit; }
    void set_stack(u64 base, u64 limit) {
        m_stack_base = base;
        m_stack_limit = limit;
    }
    /// The lowest committed stack page (TEB.StackLimit); the guard page sits just below it.
    u64 stack_committed_low() const { return m_stack_committed_low; }
    void set_stack_committed_low(u64 address) { m_stack_committed_low = address; }

    /// The registers the thread starts user mode with.
    const hal::UserStart& start() const { return m_start; }
    void set_start(const hal::UserStart& start) { m_start = start; }

    /// The last unresolved user fault, for the termination message.
    struct FaultInfo {
        u64 address;
        u64 rip;
        hal::FaultAccess access;
        u32 code; // the exception it raised (access violation, stack overflow, ...)
    };
    const FaultInfo& last_fault() const { return m_last_fault; }
    void set_last_fault(const FaultInfo& fault) { m_last_fault = fault; }

    ThreadState state() const { return m_state; }
    bool is_terminated() const { return m_state == ThreadState::Terminated; }
    /// Valid once terminated; STATUS_PENDING (STILL_ACTIVE) before.
    NtStatus exit_status() const { return m_exit_status; }

    /// Asks the thread to end with `exit_status` the next time it is in the kernel (at once if it
    /// is waiting). The first request wins, as on NT.
    void request_termination(NtStatus exit_status);
    bool termination_requested() const { return m_termination_requested; }
    NtStatus requested_exit_status() const { return m_requested_status; }

    /// Suspension before the first run (CREATE_SUSPENDED / NtResumeThread).
    u32 suspend_count() const { return m_suspend_count; }
    void set_suspend_count(u32 count) { m_suspend_count = count; }

    /// The THREAD_PRIORITY_* increment over the process's class base (ThreadBasePriority): -2..2,
    /// or the saturation values -16 (idle) and 16 (time critical), as NT stores them.
    /// FIXME: recorded and reported only; the scheduler's run queue is FIFO and ignores it.
    i32 base_priority_increment() const { return m_base_priority_increment; }
    void set_base_priority_increment(i32 increment) { m_base_priority_increment = increment; }
    bool priority_boost_disabled() const { return m_priority_boost_disabled; }
    void set_priority_boost_disabled(bool disabled) { m_priority_boost_disabled = disabled; }
    /// The CPUs the thread may run on; 0 means "the process's mask" (ThreadAffinityMask).
    u64 affinity_mask() const { return m_affinity_mask; }
    void set_affinity_mask(u64 mask) { m_affinity_mask = mask; }

    bool is_signaled_for(const Thread&) const override { return is_terminated(); }

    /// The thread running on this CPU (null while the idle loop runs).
    static Thread* current();
    static void set_current(Thread* thread);

    // Scheduler and process bookkeeping (Scheduler.cpp, Process.cpp).
    hal::ThreadContext* context{nullptr};
    ListNode scheduler_link; // run queue, waiting list or zombie list
    ProcessThreadLink process_link{{}, this}; // the process's thread list
    WaitBlock wait;
    using OwnedMutants = IntrusiveList<Mutant, &Mutant::owner_link>;
    OwnedMutants owned_mutants;
    /// Queued user APCs, oldest first; owned (freed when delivered or discarded at exit).
    using UserApcQueue = IntrusiveList<UserApc, &UserApc::link>;
    UserApcQueue user_apcs;
    /// The current system call delivers the first queued APC on its way back to user mode (an
    /// alertable wait returned STATUS_USER_APC, or NtTestAlert ran).
    bool apc_delivery_pending{false};
    void set_state(ThreadState state) { m_state = state; }
    /// Called once by the thread itself as it ends: records the status, abandons its mutants
    /// and wakes its waiters.
    void finish(NtStatus exit_status);

private:
    RefPtr<Process> m_process;
    u64 m_tid;
    u64 m_teb{0};
    u64 m_stack_base{0};
    u64 m_stack_limit{0};
    u64 m_stack_committed_low{0};
    hal::UserStart m_start{};
    FaultInfo m_last_fault{};
    ThreadState m_state{ThreadState::Initialized};
    NtStatus m_exit_status{status::Pending};
    NtStatus m_requested_status{status::Success};
    bool m_termination_requested{false};
    u32 m_suspend_count{0};
    i32 m_base_priority_increment{0};
    bool m_priority_boost_disabled{false};
    u64 m_affinity_mask{0};
};

/// Commits the current thread's stack down to the page holding `address`, moving the guard
/// page below it and updating TEB.StackLimit, as Windows does when a thread touches its guard
/// page. The lowest page of the reservation is never committed unless `for_exception` (the
/// room Windows keeps for raising STATUS_STACK_OVERFLOW). False when `address` is not in the
/// stack or the stack is exhausted.
bool grow_stack(Thread& thread, u64 address, bool for_exception);

/// Ends the current thread, which must have returned to kernel code with nothing of its own on
/// the stack (the dispatcher and fault paths). Leaves user mode; does not return.
[[noreturn]] void exit_current_thread(NtStatus exit_status);

/// Requests termination of every thread of `process` with `exit_status` (NtTerminateProcess),
/// except `except` (the caller, when it has work left before it ends itself).
void terminate_process(Process& process, NtStatus exit_status, Thread* except = nullptr);

} // namespace halcyon::ps
