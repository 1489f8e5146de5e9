#pragma once

// A process: an address space, a handle table, its threads, and what it was started with.

#include "core/fs/Path.h"
#include "core/lib/IntrusiveList.h"
#include "core/lib/String.h"
#include "core/mm/HalPageTables.h"
#include "core/ob/HandleTable.h"
#include "core/ob/Object.h"

namespace halcyon::ps {

class Thread;

class Process final : public ob::Object {
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

    /// The current directory, kept by the kernel for resolving relative NT names. User mode keeps
    /// its own copy in the process parameters (RtlSetCurrentDirectory_U).
    const fs::WindowsPath& current_directory() const { return m_current_directory; }
    void set_current_directory(fs::WindowsPath path) { m_current_directory = move(path); }

    /// Records the exit status once; later calls keep the first status (as NT does).
    void mark_terminated(NtStatus exit_status);
    bool is_terminated() const { return m_terminated; }
    NtStatus exit_status() const { return m_exit_status; }

    /// Flags user mode sees in ProcessParameters->flags (e.g. loader tracing).
    bool trace_enabled() const { return m_trace; }
    void set_trace(bool trace) { m_trace = trace; }

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
    NtStatus m_exit_status{status::Pending};
    bool m_terminated{false};
    bool m_trace{false};
};

} // namespace halcyon::ps
