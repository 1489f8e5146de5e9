#pragma once

// A process: an address space, a handle table, its threads, and what it was started with.

#include "core/fs/Path.h"
#include "core/lib/IntrusiveList.h"
#include "core/lib/String.h"
#include "core/mm/HalPageTables.h"
#include "core/ob/HandleTable.h"
#include "core/ob/Object.h"
#include "core/ps/Waitable.h"

namespace halcyon::ps {

class Thread;

/// A thread's entry in its process's thread list (embedded in Thread, which Process cannot see).
struct ProcessThreadLink {
    ListNode node;
    Thread* thread;
};
using ProcessThreadList = IntrusiveList<ProcessThreadLink, &ProcessThreadLink::node>;

class Process final : public Waitable {
public:
    static constexpr ob::ObjectType kType = ob::ObjectType::Process;

    static ErrorOr<RefPtr<Process>> create(u64 pid, StringView image_name);
    ~Process() override;

    u64 pid() const { return m_pid; }
    StringView image_name() const { return m_image_name.view(); }
    mm::UserAddressSpace& address_space() { return *m_address_space; }
    hal::SpaceId space_id() const { return m_page_tables.space(); }
    ob::HandleTable& handles() { return m_handles; }

    u64 peb_address() const { return m_peb; }
    void set_peb_address(u64 peb) { m_peb = peb; }
    u64 image_base() const { return m_image_base; }
    void set_image_base(u64 base) { m_image_base = base; }
    /// ntdll!LdrInitializeThunk in this process: where every thread starts.
    u64 loader_entry() const { return m_loader_entry; }
    void set_loader_entry(u64 address) { m_loader_entry = address; }
    /// ntdll!KiUserExceptionDispatcher, where exceptions are delivered; 0 when the process has
    /// no ntdll (then an exception ends the process).
    u64 exception_dispatcher() const { return m_exception_dispatcher; }
    void set_exception_dispatcher(u64 address) { m_exception_dispatcher = address; }
    /// ntdll!KiUserApcDispatcher, where user APCs are delivered; 0 when the process has no
    /// ntdll (then APCs stay queued and alertable waits do not end for them).
    u64 apc_dispatcher() const { return m_apc_dispatcher; }
    void set_apc_dispatcher(u64 address) { m_apc_dispatcher = address; }
    /// kernelbase's console control routine (NtRegisterConsoleCtrlRoutine): Ctrl+C starts a
    /// thread there. 0 when none is registered.
    u64 console_ctrl_routine() const { return m_console_ctrl_routine; }
    void set_console_ctrl_routine(u64 address) { m_console_ctrl_routine = address; }
    /// The executable's SizeOfStackReserve/Commit: the defaults for new threads.
    u64 default_stack_reserve() const { return m_default_stack_reserve; }
    void set_default_stack_reserve(u64 size) { m_default_stack_reserve = size; }

    /// The current directory, kept by the kernel for resolving relative NT names. User mode keeps
    /// its own copy in the process parameters (RtlSetCurrentDirectory_U).
    const fs::WindowsPath& current_directory() const { return m_current_directory; }
    void set_current_directory(fs::WindowsPath path) { m_current_directory = move(path); }

    /// The status NtTerminateProcess asked for, kept once (later requests keep the first, as
    /// on NT); when no one asked, the process ends with its last thread's status.
    void set_exit_status_once(NtStatus exit_status);
    bool is_terminating() const { return m_exit_status_set; }
    /// True once the last thread has ended; waits on the process are then satisfied.
    bool is_terminated() const { return m_terminated; }
    NtStatus exit_status() const { return m_exit_status; }
    bool is_signaled_for(const Thread&) const override { return m_terminated; }

    /// The live (not yet ended) threads, in creation order.
    ProcessThreadList& threads() { return m_threads; }
    usize live_thread_count() const { return m_live_threads; }
    void add_thread(Thread& thread);
    /// Called as a thread ends; the last one terminates the process: its handle table is
    /// closed (breaking process -> handle -> thread -> process cycles) and waiters wake.
    void remove_thread(Thread& thread, NtStatus thread_status);

    /// The process that created this one (PROCESS_BASIC_INFORMATION.InheritedFromUniqueProcessId);
    /// 0 for the first process.
    u64 parent_pid() const { return m_parent_pid; }
    void set_parent_pid(u64 pid) { m_parent_pid = pid; }

    /// Flags user mode sees in ProcessParameters->flags (e.g. loader tracing).
    bool trace_enabled() const { return m_trace; }
    void set_trace(bool trace) { m_trace = trace; }

    /// PROCESS_PRIORITY_CLASS_* (1 idle, 2 normal, 3 high, 4 realtime, 5 below normal, 6 above
    /// normal), set through ProcessPriorityClass. FIXME: reported only; the scheduler ignores it.
    u8 priority_class() const { return m_priority_class; }
    void set_priority_class(u8 priority_class) { m_priority_class = priority_class; }
    bool priority_boost_disabled() const { return m_priority_boost_disabled; }
    void set_priority_boost_disabled(bool disabled) { m_priority_boost_disabled = disabled; }
    /// The CPUs the process's threads may run on (ProcessAffinityMask); 0 means every CPU.
    u64 affinity_mask() const { return m_affinity_mask; }
    void set_affinity_mask(u64 mask) { m_affinity_mask = mask; }

    /// Link in the kernel's list of processes that have live threads (live_processes()).
    ListNode live_link;

    /// Use create(); public only so the kernel heap helpers can construct it.
    Process(u64 pid, String image_name, hal::SpaceId space);

private:
    u64 m_pid;
    String m_image_name;
    mm::HalPageTables m_page_tables;
    mm::UserAddressSpace* m_address_space{nullptr};
    ob::HandleTable m_handles;
    fs::WindowsPath m_current_directory;
    u64 m_peb{0};
    u64 m_image_base{0};
    u64 m_loader_entry{0};
    u64 m_exception_dispatcher{0};
    u64 m_apc_dispatcher{0};
    u64 m_console_ctrl_routine{0};
    u64 m_default_stack_reserve{0};
    u64 m_parent_pid{0};
    ProcessThreadList m_threads;
    usize m_live_threads{0};
    NtStatus m_exit_status{status::Pending};
    bool m_exit_status_set{false};
    bool m_terminated{false};
    bool m_trace{false};
    u8 m_priority_class{2}; // PROCESS_PRIORITY_CLASS_NORMAL
    bool m_priority_boost_disabled{false};
    u64 m_affinity_mask{0};
};

using ProcessList = IntrusiveList<Process, &Process::live_link>;
/// Every process from the start of its first thread until its last thread has ended.
ProcessList& live_processes();

} // namespace halcyon::ps
