#include "core/ps/Process.h"

#include "core/ke/Kernel.h"
#include "core/ps/Thread.h"

namespace halcyon::ps {

namespace {
// FIXME: one simulated CPU, so "the current thread" is a single variable; SMP needs per-CPU data.
Thread* s_current_thread;
} // namespace

Thread* Thread::current() { return s_current_thread; }
void Thread::set_current(Thread* thread) { s_current_thread = thread; }

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
    : Object(kType), m_pid(pid), m_image_name(move(image_name)), m_page_tables(space) {}

Process::~Process() {
    m_handles.close_all();
    destroy(m_address_space);
    hal::Mmu::destroy_space(m_page_tables.space());
}

void exit_current_thread(NtStatus exit_status) {
    Thread* thread = Thread::current();
    thread->mark_terminated(exit_status);
    thread->process().mark_terminated(exit_status);
    kernel::trace("[ps] pid={} exits with {:#x}", thread->process().pid(), exit_status.value);
    hal::UserMode::leave_user();
}

void Process::mark_terminated(NtStatus exit_status) {
    if (m_terminated)
        return;
    m_terminated = true;
    m_exit_status = exit_status;
}

} // namespace halcyon::ps
