#include "core/ps/Process.h"

#include "core/abi/UserAbi.h"
#include "core/ke/Kernel.h"
#include "core/ps/Apc.h"
#include "core/ps/Scheduler.h"
#include "core/ps/Thread.h"

namespace halcyon::ps {

namespace {
// FIXME: one simulated CPU, so "the current thread" is a single variable; SMP needs per-CPU data.
Thread* s_current_thread;
ProcessList s_live_processes;
} // namespace

ProcessList& live_processes() { return s_live_processes; }

Thread* Thread::current() { return s_current_thread; }
void Thread::set_current(Thread* thread) { s_current_thread = thread; }

Thread::~Thread() {
    // A thread that never started still owns nothing; one that ran has finished.
    while (Mutant* mutant = owned_mutants.first())
        mutant->abandon();
    discard_user_apcs(*this);
}

void Thread::request_termination(NtStatus exit_status) {
    if (m_termination_requested || is_terminated())
        return;
    m_termination_requested = true;
    m_requested_status = exit_status;
    if (m_state == ThreadState::Waiting)
        scheduler::wake(*this);
    else if (m_state == ThreadState::Initialized && context)
        scheduler::make_ready(*this); // a suspended thread still has to run to end itself
}

void Thread::finish(NtStatus exit_status) {
    m_exit_status = exit_status;
    m_state = ThreadState::Terminated;
    while (Mutant* mutant = owned_mutants.first())
        mutant->abandon();
    // User APCs still queued die with the thread, as on Windows.
    discard_user_apcs(*this);
    signal();
}

ErrorOr<RefPtr<Process>> Process::create(u64 pid, StringView image_name) {
    hal::SpaceId space = TRY(hal::Mmu::create_space());
    auto name = String::from(image_name);
    if (name.is_error()) {
        hal::Mmu::destroy_space(space);
        return name.release_error();
    }
    auto process = ob::make_object<Process>(pid, name.release_value(), space);
    if (process.is_error()) {
        hal::Mmu::destroy_space(space);
        return process.release_error();
    }
    RefPtr<Process> result = process.release_value();
    result->m_address_space = TRY(try_make<mm::UserAddressSpace>(result->m_page_tables, kernel::frames(),
                                                                 hal::Mmu::user_lowest(), hal::Mmu::user_highest()));
    return result;
}

Process::Process(u64 pid, String image_name, hal::SpaceId space)
    : Waitable(kType), m_pid(pid), m_image_name(move(image_name)), m_page_tables(space) {}

Process::~Process() {
    if (live_link.is_linked())
        ProcessList::remove(*this);
    m_handles.close_all();
    destroy(m_address_space);
    hal::Mmu::destroy_space(m_page_tables.space());
}

void Process::set_exit_status_once(NtStatus exit_status) {
    if (m_exit_status_set)
        return;
    m_exit_status_set = true;
    m_exit_status = exit_status;
}

void Process::add_thread(Thread& thread) {
    m_threads.append(thread.process_link);
    if (m_live_threads++ == 0 && !live_link.is_linked())
        live_processes().append(*this);
}

void Process::remove_thread(Thread& thread, NtStatus thread_status) {
    ProcessThreadList::remove(thread.process_link);
    --m_live_threads;
    if (m_live_threads > 0) {
        // The thread's stack and TEB go with it (both were allocated by the kernel). The last
        // thread's stay until the address space itself is torn down.
        if (thread.stack_limit())
            (void)m_address_space->free(thread.stack_limit(), 0, mm::MEM_RELEASE);
        if (thread.teb())
            (void)m_address_space->free(thread.teb(), 0, mm::MEM_RELEASE);
        return;
    }
    set_exit_status_once(thread_status);
    m_terminated = true;
    if (live_link.is_linked())
        ProcessList::remove(*this);
    kernel::trace("[ps] pid={} exits with {:#x}", m_pid, m_exit_status.value);
    m_handles.close_all();
    signal();
}

bool grow_stack(Thread& thread, u64 address, bool for_exception) {
    u64 low = thread.stack_limit(), top = thread.stack_base();
    if (address < low || address >= top)
        return false;
    u64 page = align_down<u64>(address, mm::kPageSize);
    if (page >= thread.stack_committed_low())
        return true;
    if (page < low + mm::kPageSize && !for_exception)
        return false; // only the last page is left: the stack has overflowed
    auto& space = thread.process().address_space();
    u64 committed_low = thread.stack_committed_low();
    if (space.allocate(page, committed_low - page, mm::MEM_COMMIT, mm::PAGE_READWRITE).is_error())
        return false;
    // MEM_COMMIT keeps the protection of pages already committed: clear the old guard page.
    (void)space.protect(page, committed_low - page, mm::PAGE_READWRITE);
    if (page > low)
        (void)space.allocate(page - mm::kPageSize, mm::kPageSize, mm::MEM_COMMIT, mm::PAGE_READWRITE | mm::PAGE_GUARD);
    thread.set_stack_committed_low(page);
    u64 limit = page;
    (void)space.write(thread.teb() + __builtin_offsetof(abi::Teb, stack_limit),
                      ReadonlyBytes(reinterpret_cast<const u8*>(&limit), sizeof limit));
    return true;
}

void exit_current_thread(NtStatus exit_status) {
    Thread* thread = Thread::current();
    thread->request_termination(exit_status);
    kernel::trace("[ps] tid={} exits with {:#x}", thread->tid(), thread->requested_exit_status().value);
    hal::UserMode::leave_user();
}

void terminate_process(Process& process, NtStatus exit_status, Thread* except) {
    process.set_exit_status_once(exit_status);
    for (ProcessThreadLink& link : process.threads())
        if (link.thread != except)
            link.thread->request_termination(exit_status);
}

} // namespace halcyon::ps
