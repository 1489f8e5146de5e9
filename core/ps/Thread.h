#pragma once

#include "core/ob/Object.h"
#include "core/ps/Process.h"
#include "hal/user.h"

namespace halcyon::ps {

/// A user thread: its process, its TEB and stack in that process, and its exit status.
class Thread final : public ob::Object {
public:
    static constexpr ob::ObjectType kType = ob::ObjectType::Thread;

    Thread(RefPtr<Process> process, u64 tid) : Object(kType), m_process(move(process)), m_tid(tid) {}

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

    /// The registers the thread starts user mode with.
    const hal::UserStart& start() const { return m_start; }
    void set_start(const hal::UserStart& start) { m_start = start; }

    /// The last unresolved user fault, for the termination message.
    struct FaultInfo {
        u64 address;
        u64 rip;
        hal::FaultAccess access;
    };
    const FaultInfo& last_fault() const { return m_last_fault; }
    void set_last_fault(const FaultInfo& fault) { m_last_fault = fault; }

    void mark_terminated(NtStatus status) {
        if (!m_terminated) {
            m_terminated = true;
            m_exit_status = status;
        }
    }
    bool is_terminated() const { return m_terminated; }
    NtStatus exit_status() const { return m_exit_status; }

    /// The thread running on this CPU (set while it executes user code or a system call).
    static Thread* current();
    static void set_current(Thread* thread);

private:
    RefPtr<Process> m_process;
    u64 m_tid;
    u64 m_teb{0};
    u64 m_stack_base{0};
    u64 m_stack_limit{0};
    hal::UserStart m_start{};
    FaultInfo m_last_fault{};
    NtStatus m_exit_status{status::Pending};
    bool m_terminated{false};
};

/// Ends the current thread with `exit_status` and leaves user mode; does not return.
/// FIXME: with one thread per process, ending the thread ends the process.
[[noreturn]] void exit_current_thread(NtStatus exit_status);

} // namespace halcyon::ps
