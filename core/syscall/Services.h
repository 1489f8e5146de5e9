#pragma once

// Shared helpers for system services.

#include "core/ke/Kernel.h"
#include "core/ps/Thread.h"
#include "core/syscall/SyscallTable.gen.h"
#include "core/syscall/UserAccess.h"

namespace halcyon::sys {

/// Converts an ErrorOr-returning body into the NTSTATUS a service returns.
template <typename T>
NtStatus to_status(ErrorOr<T> result) {
    if (result.is_error()) {
        if (kernel::options().trace && result.error().has_message())
            kernel::log("[sys]   error: {}", result.error().message());
        return result.error().status();
    }
    return status::Success;
}

/// A service that is declared in the table but not implemented yet: says so in the log.
inline NtStatus not_implemented(const char* name) {
    kernel::log("halcyon: system service {} is not implemented", name);
    return status::NotImplemented;
}

/// Inserts `object` into the caller's handle table and stores the handle at `out`. If the store
/// faults, the handle is closed again, so a bad output pointer never leaks a handle.
ErrorOr<void> publish_handle(SyscallContext& context, RefPtr<ob::Object> object, u32 access, UserPtr<u64> out,
                             u32 attributes = 0);

/// Fails with NotImplemented when OBJECT_ATTRIBUTES names an object of a kind that cannot have
/// a name yet (threads, processes, image sections). Events, mutants, semaphores, data sections and
/// timers are named through services/Named.h (core/ob/Namespace.h). A null pointer is unnamed.
ErrorOr<void> reject_named_object(UserPtr<abi::ObjectAttributes> attributes, const char* what);

/// Resolves a process handle (the pseudo-handle included) to the process, with a reference: for
/// the services that work on any process (queries, termination, waits, handle duplication).
ErrorOr<RefPtr<ps::Process>> any_process_from_handle(SyscallContext& context, RawHandle handle);

/// The same for services that so far work only on the calling process (virtual memory, sections):
/// another process is NotImplemented.
ErrorOr<ps::Process*> process_from_handle(SyscallContext& context, RawHandle handle);

} // namespace halcyon::sys
