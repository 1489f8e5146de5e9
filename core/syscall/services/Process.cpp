// Process and thread services.

#include "core/syscall/Services.h"

namespace halcyon::sys {


NtStatus NtTerminateProcess(SyscallContext& context, RawHandle ProcessHandle, NtStatus ExitStatus) {
    // A null handle means "every other thread of this process" (ntdll's first step of ExitProcess);
    // there are none while processes have a single thread.
    if (ProcessHandle.is_null())
        return status::Success;
    auto process = process_from_handle(context, ProcessHandle);
    if (process.is_error())
        return process.error().status();
    ps::exit_current_thread(ExitStatus);
}

NtStatus NtTerminateThread(SyscallContext& context, RawHandle ThreadHandle, NtStatus ExitStatus) {
    if (!ThreadHandle.is_null() && !ThreadHandle.is_current_thread()) {
        auto thread = context.process.handles().lookup_as<ps::Thread>(ThreadHandle.value);
        if (thread.is_error())
            return thread.error().status();
        if (thread.value().get() != &context.thread)
            return not_implemented("NtTerminateThread on another thread");
    }
    ps::exit_current_thread(ExitStatus);
}

NtStatus NtQueryInformationProcess(SyscallContext& context, RawHandle ProcessHandle, u32 ProcessInformationClass,
                                   UserPtr<void> ProcessInformation, u32 ProcessInformationLength,
                                   UserPtr<u32> ReturnLength) {
    return to_status([&]() -> ErrorOr<void> {
        ps::Process* process = TRY(process_from_handle(context, ProcessHandle));
        if (ProcessInformationClass != 0) { // ProcessBasicInformation
            kernel::log("halcyon: NtQueryInformationProcess class {} is not implemented", ProcessInformationClass);
            return Error(status::NotImplemented);
        }
        struct {
            u32 exit_status;
            u32 padding0;
            u64 peb_base_address;
            u64 affinity_mask;
            i32 base_priority;
            u32 padding1;
            u64 unique_process_id;
            u64 inherited_from_unique_process_id;
        } info{process->is_terminated() ? process->exit_status().value : status::Pending.value,
               0, process->peb_address(), 1, 8, 0, process->pid(), 0};
        if (ProcessInformationLength != sizeof info)
            return Error(status::InfoLengthMismatch, "PROCESS_BASIC_INFORMATION size mismatch");
        TRY(user::copy_to(ProcessInformation.address, &info, sizeof info));
        TRY(user::write_optional(ReturnLength, static_cast<u32>(sizeof info)));
        return {};
    }());
}

NtStatus NtSetInformationProcess(SyscallContext&, RawHandle, u32 ProcessInformationClass, UserPtr<void>, u32) {
    kernel::log("halcyon: NtSetInformationProcess class {} is not implemented", ProcessInformationClass);
    return status::NotImplemented;
}

NtStatus NtQueryInformationThread(SyscallContext& context, RawHandle ThreadHandle, u32 ThreadInformationClass,
                                  UserPtr<void> ThreadInformation, u32 ThreadInformationLength,
                                  UserPtr<u32> ReturnLength) {
    return to_status([&]() -> ErrorOr<void> {
        RefPtr<ps::Thread> thread;
        if (ThreadHandle.is_current_thread())
            thread = RefPtr<ps::Thread>(&context.thread);
        else
            thread = TRY(context.process.handles().lookup_as<ps::Thread>(ThreadHandle.value));
        if (ThreadInformationClass != 0) { // ThreadBasicInformation
            kernel::log("halcyon: NtQueryInformationThread class {} is not implemented", ThreadInformationClass);
            return Error(status::NotImplemented);
        }
        struct {
            u32 exit_status;
            u32 padding0;
            u64 teb_base_address;
            u64 unique_process;
            u64 unique_thread;
            u64 affinity_mask;
            i32 priority;
            i32 base_priority;
        } info{thread->is_terminated() ? thread->exit_status().value : status::Pending.value,
               0, thread->teb(), thread->process().pid(), thread->tid(), 1, 8, 0};
        if (ThreadInformationLength != sizeof info)
            return Error(status::InfoLengthMismatch, "THREAD_BASIC_INFORMATION size mismatch");
        TRY(user::copy_to(ThreadInformation.address, &info, sizeof info));
        TRY(user::write_optional(ReturnLength, static_cast<u32>(sizeof info)));
        return {};
    }());
}

NtStatus NtSetInformationThread(SyscallContext&, RawHandle, u32 ThreadInformationClass, UserPtr<void>, u32) {
    kernel::log("halcyon: NtSetInformationThread class {} is not implemented", ThreadInformationClass);
    return status::NotImplemented;
}

} // namespace halcyon::sys
