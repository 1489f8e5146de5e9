// Process and thread services.

#include "core/ps/ProcessLauncher.h"
#include "core/ps/Scheduler.h"
#include "core/syscall/Services.h"

namespace halcyon::sys {


namespace {

constexpr u32 kThreadBasicInformation = 0;
constexpr u32 kThreadZeroTlsCell = 10;
constexpr u32 kThreadAmILastThread = 12;
constexpr u32 kThreadCreateSuspended = 0x1; // THREAD_CREATE_FLAGS_CREATE_SUSPENDED
constexpr u32 kMaximumSuspendCount = 127;   // MAXIMUM_SUSPEND_COUNT

/// The thread a handle names (the pseudo-handle included), with a reference.
ErrorOr<RefPtr<ps::Thread>> thread_from_handle(SyscallContext& context, RawHandle handle) {
    if (handle.is_current_thread())
        return RefPtr<ps::Thread>(&context.thread);
    return context.process.handles().lookup_as<ps::Thread>(handle.value);
}

// Priorities and affinity (PROCESSINFOCLASS / THREADINFOCLASS values of [ntpsapi.h]).
constexpr u32 kProcessBasicInformation = 0;
constexpr u32 kProcessPriorityClass = 18;
constexpr u32 kProcessAffinityMask = 21;
constexpr u32 kProcessPriorityBoost = 22;
constexpr u32 kThreadBasePriority = 3;
constexpr u32 kThreadAffinityMask = 4;
constexpr u32 kThreadPriorityBoost = 14;
constexpr u8 kPriorityClassIdle = 1;
constexpr u8 kPriorityClassRealtime = 4;
constexpr u8 kPriorityClassAboveNormal = 6;
/// THREAD_BASE_PRIORITY_MIN/MAX, and the saturation increments SetThreadPriority passes for
/// THREAD_PRIORITY_IDLE / THREAD_PRIORITY_TIME_CRITICAL (THREAD_BASE_PRIORITY_LOWRT + 1).
constexpr i32 kBasePriorityMin = -2;
constexpr i32 kBasePriorityMax = 2;
constexpr i32 kSaturationIncrement = 16;

/// PROCESS_PRIORITY_CLASS.
struct PriorityClassInformation {
    u8 foreground;
    u8 priority_class;
};

u64 process_affinity(ps::Process& process) {
    return process.affinity_mask() ? process.affinity_mask() : ps::scheduler::kActiveProcessorMask;
}

u64 thread_affinity(ps::Thread& thread) {
    return thread.affinity_mask() ? thread.affinity_mask() : process_affinity(thread.process());
}

/// The base priority of a priority class, as NT assigns them (idle 4 ... realtime 24).
i32 class_base_priority(u8 priority_class) {
    switch (priority_class) {
    case 1: return 4;  // idle
    case 5: return 6;  // below normal
    case 6: return 10; // above normal
    case 3: return 13; // high
    case 4: return 24; // realtime
    default: return 8; // normal
    }
}

/// A thread's priority on NT's 0..31 scale: its class's base plus its increment, saturated to
/// 1/15 (16/31 for realtime) and clamped to the class's range.
i32 thread_priority(ps::Thread& thread) {
    bool realtime = thread.process().priority_class() == kPriorityClassRealtime;
    i32 increment = thread.base_priority_increment();
    if (increment == kSaturationIncrement)
        return realtime ? 31 : 15;
    if (increment == -kSaturationIncrement)
        return realtime ? 16 : 1;
    i32 priority = class_base_priority(thread.process().priority_class()) + increment;
    i32 low = realtime ? 16 : 1, high = realtime ? 31 : 15;
    return priority < low ? low : priority > high ? high : priority;
}

/// Reads a fixed-size information buffer, checking its length first.
template<typename T>
ErrorOr<T> read_information(UserPtr<void> buffer, u32 length) {
    if (length != sizeof(T))
        return Error(status::InfoLengthMismatch, "information buffer size mismatch");
    T value{};
    TRY(user::copy_from(&value, buffer.address, sizeof value));
    return value;
}

/// Writes a fixed-size information result and its length.
template<typename T>
ErrorOr<void> write_information(const T& value, UserPtr<void> buffer, u32 length, UserPtr<u32> return_length) {
    if (length != sizeof(T))
        return Error(status::InfoLengthMismatch, "information buffer size mismatch");
    TRY(user::copy_to(buffer.address, &value, sizeof value));
    TRY(user::write_optional(return_length, static_cast<u32>(sizeof value)));
    return {};
}

} // namespace

// Termination is requested here and carried out by the dispatcher once the service has
// returned (Dispatcher.cpp), so no service frame is abandoned with references in hand.

NtStatus NtTerminateProcess(SyscallContext& context, RawHandle ProcessHandle, NtStatus ExitStatus) {
    // A null handle means "every other thread of this process": ntdll's first step of
    // RtlExitUserProcess, so that DLL_PROCESS_DETACH runs with no other thread left.
    if (ProcessHandle.is_null()) {
        ps::terminate_process(context.process, ExitStatus, &context.thread);
        return status::Success;
    }
    auto process = any_process_from_handle(context, ProcessHandle);
    if (process.is_error())
        return process.error().status();
    if (process.value()->is_terminated())
        return status::ProcessIsTerminating; // as NT answers for a process that has ended
    ps::terminate_process(*process.value(), ExitStatus);
    return status::Success;
}

NtStatus NtTerminateThread(SyscallContext& context, RawHandle ThreadHandle, NtStatus ExitStatus) {
    RefPtr<ps::Thread> thread;
    if (ThreadHandle.is_null()) {
        thread = RefPtr<ps::Thread>(&context.thread);
    } else {
        auto found = thread_from_handle(context, ThreadHandle);
        if (found.is_error())
            return found.error().status();
        thread = found.release_value();
    }
    if (thread->is_terminated())
        return status::Success;
    // Ending the last thread ends the process with the thread's status, as on NT.
    thread->request_termination(ExitStatus);
    return status::Success;
}

NtStatus NtCreateThreadEx(SyscallContext& context, UserPtr<u64> ThreadHandle, u32 DesiredAccess,
                          UserPtr<abi::ObjectAttributes> ObjectAttributes, RawHandle ProcessHandle,
                          UserPtr<void> StartRoutine, UserPtr<void> Argument, u32 CreateFlags, u64 ZeroBits,
                          u64 StackSize, u64 MaximumStackSize, UserPtr<void> AttributeList) {
    return to_status([&]() -> ErrorOr<void> {
        TRY(reject_named_object(ObjectAttributes, "threads"));
        ps::Process* process = TRY(process_from_handle(context, ProcessHandle));
        if (StartRoutine.is_null())
            return Error(status::InvalidParameter, "no start routine");
        if (CreateFlags & ~kThreadCreateSuspended) {
            kernel::log("halcyon: NtCreateThreadEx flags {:#x} are not implemented", CreateFlags);
            return Error(status::NotImplemented, "thread creation flags");
        }
        if (ZeroBits || !AttributeList.is_null())
            kernel::trace("[sys]   NtCreateThreadEx: zero bits and the attribute list are ignored");
        ps::UserThreadRequest request{
            .start_routine = StartRoutine.address,
            .argument = Argument.address,
            .stack_reserve = MaximumStackSize > StackSize ? MaximumStackSize : StackSize,
            .create_suspended = (CreateFlags & kThreadCreateSuspended) != 0,
        };
        RefPtr<ps::Thread> thread = TRY(ps::create_user_thread(*process, request));
        auto published = publish_handle(context, thread, DesiredAccess, ThreadHandle);
        if (published.is_error()) {
            // Nobody can name the thread: end it before it runs any user code.
            thread->request_termination(published.error().status());
            return published.release_error();
        }
        return {};
    }());
}

NtStatus NtResumeThread(SyscallContext& context, RawHandle ThreadHandle, UserPtr<u32> PreviousSuspendCount) {
    return to_status([&]() -> ErrorOr<void> {
        RefPtr<ps::Thread> thread = TRY(thread_from_handle(context, ThreadHandle));
        u32 previous = thread->suspend_count();
        if (previous > 0) {
            thread->set_suspend_count(previous - 1);
            if (previous == 1)
                ps::scheduler::make_ready(*thread);
        }
        return user::write_optional(PreviousSuspendCount, previous);
    }());
}

NtStatus NtSuspendThread(SyscallContext& context, RawHandle ThreadHandle, UserPtr<u32> PreviousSuspendCount) {
    return to_status([&]() -> ErrorOr<void> {
        RefPtr<ps::Thread> thread = TRY(thread_from_handle(context, ThreadHandle));
        if (thread->is_terminated() || thread->termination_requested())
            return Error(status::ThreadIsTerminating, "the thread is ending");
        u32 previous = thread->suspend_count();
        if (previous >= kMaximumSuspendCount)
            return Error(status::SuspendCountExceeded, "suspend count at its maximum");
        // Only a thread that has not started yet can be held; stopping one that runs needs the
        // scheduler to park it at its next kernel entry.
        if (thread->state() != ps::ThreadState::Initialized) {
            kernel::log("halcyon: NtSuspendThread on a running thread is not implemented");
            return Error(status::NotImplemented, "suspending a running thread");
        }
        thread->set_suspend_count(previous + 1);
        return user::write_optional(PreviousSuspendCount, previous);
    }());
}

NtStatus NtQueryInformationProcess(SyscallContext& context, RawHandle ProcessHandle, u32 ProcessInformationClass,
                                   UserPtr<void> ProcessInformation, u32 ProcessInformationLength,
                                   UserPtr<u32> ReturnLength) {
    return to_status([&]() -> ErrorOr<void> {
        RefPtr<ps::Process> process = TRY(any_process_from_handle(context, ProcessHandle));
        if (ProcessInformationClass == kProcessPriorityClass) {
            PriorityClassInformation info{0, process->priority_class()};
            return write_information(info, ProcessInformation, ProcessInformationLength, ReturnLength);
        }
        if (ProcessInformationClass == kProcessPriorityBoost) {
            u32 disabled = process->priority_boost_disabled();
            return write_information(disabled, ProcessInformation, ProcessInformationLength, ReturnLength);
        }
        if (ProcessInformationClass != kProcessBasicInformation) {
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
               0, process->peb_address(), process_affinity(*process),
               class_base_priority(process->priority_class()), 0, process->pid(), process->parent_pid()};
        if (ProcessInformationLength != sizeof info)
            return Error(status::InfoLengthMismatch, "PROCESS_BASIC_INFORMATION size mismatch");
        TRY(user::copy_to(ProcessInformation.address, &info, sizeof info));
        TRY(user::write_optional(ReturnLength, static_cast<u32>(sizeof info)));
        return {};
    }());
}

NtStatus NtSetInformationProcess(SyscallContext& context, RawHandle ProcessHandle, u32 ProcessInformationClass,
                                 UserPtr<void> ProcessInformation, u32 ProcessInformationLength) {
    return to_status([&]() -> ErrorOr<void> {
        RefPtr<ps::Process> process = TRY(any_process_from_handle(context, ProcessHandle));
        switch (ProcessInformationClass) {
        case kProcessPriorityClass: {
            auto info = TRY(read_information<PriorityClassInformation>(ProcessInformation, ProcessInformationLength));
            if (info.priority_class < kPriorityClassIdle || info.priority_class > kPriorityClassAboveNormal)
                return Error(status::InvalidParameter, "unknown priority class");
            process->set_priority_class(info.priority_class);
            return {};
        }
        case kProcessAffinityMask: {
            u64 mask = TRY(read_information<u64>(ProcessInformation, ProcessInformationLength));
            if (!mask || (mask & ~ps::scheduler::kActiveProcessorMask))
                return Error(status::InvalidParameter, "affinity mask names CPUs the system does not have");
            process->set_affinity_mask(mask);
            // As on NT, every thread of the process takes the new mask.
            for (ps::ProcessThreadLink& link : process->threads())
                link.thread->set_affinity_mask(0);
            return {};
        }
        case kProcessPriorityBoost: {
            u32 disabled = TRY(read_information<u32>(ProcessInformation, ProcessInformationLength));
            process->set_priority_boost_disabled(disabled != 0);
            return {};
        }
        default:
            kernel::log("halcyon: NtSetInformationProcess class {} is not implemented", ProcessInformationClass);
            return Error(status::NotImplemented);
        }
    }());
}

NtStatus NtQueryInformationThread(SyscallContext& context, RawHandle ThreadHandle, u32 ThreadInformationClass,
                                  UserPtr<void> ThreadInformation, u32 ThreadInformationLength,
                                  UserPtr<u32> ReturnLength) {
    return to_status([&]() -> ErrorOr<void> {
        RefPtr<ps::Thread> thread = TRY(thread_from_handle(context, ThreadHandle));
        if (ThreadInformationClass == kThreadAmILastThread) {
            // Asked about the caller, whatever the handle: is it the process's only live thread?
            u32 last = context.process.live_thread_count() == 1;
            if (ThreadInformationLength != sizeof last)
                return Error(status::InfoLengthMismatch, "ThreadAmILastThread takes a ULONG");
            TRY(user::copy_to(ThreadInformation.address, &last, sizeof last));
            TRY(user::write_optional(ReturnLength, static_cast<u32>(sizeof last)));
            return {};
        }
        if (ThreadInformationClass == kThreadPriorityBoost) {
            u32 disabled = thread->priority_boost_disabled();
            return write_information(disabled, ThreadInformation, ThreadInformationLength, ReturnLength);
        }
        if (ThreadInformationClass != kThreadBasicInformation) {
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
        } info{thread->exit_status().value, 0, thread->teb(), thread->process().pid(), thread->tid(),
               thread_affinity(*thread), thread_priority(*thread), thread->base_priority_increment()};
        if (ThreadInformationLength != sizeof info)
            return Error(status::InfoLengthMismatch, "THREAD_BASIC_INFORMATION size mismatch");
        TRY(user::copy_to(ThreadInformation.address, &info, sizeof info));
        TRY(user::write_optional(ReturnLength, static_cast<u32>(sizeof info)));
        return {};
    }());
}

NtStatus NtSetInformationThread(SyscallContext& context, RawHandle ThreadHandle, u32 ThreadInformationClass,
                                UserPtr<void> ThreadInformation, u32 ThreadInformationLength) {
    return to_status([&]() -> ErrorOr<void> {
        RefPtr<ps::Thread> thread = TRY(thread_from_handle(context, ThreadHandle));
        if (ThreadInformationClass == kThreadZeroTlsCell) {
            // TlsFree: clear the slot in every thread of the process so a recycled index reads NULL.
            u32 index = TRY(user::read(ThreadInformation.cast<u32>()));
            if (ThreadInformationLength != sizeof index)
                return Error(status::InfoLengthMismatch, "ThreadZeroTlsCell takes a ULONG");
            if (index >= 64 + 1024)
                return Error(status::InvalidParameter, "TLS index out of range");
            const u64 zero = 0;
            for (ps::ProcessThreadLink& link : thread->process().threads()) {
                u64 teb = link.thread->teb();
                if (index < 64) {
                    TRY(thread->process().address_space().write(
                        teb + __builtin_offsetof(abi::Teb, tls_slots) + index * 8, ReadonlyBytes(reinterpret_cast<const u8*>(&zero), 8)));
                    continue;
                }
                u64 expansion = 0;
                TRY(thread->process().address_space().read(teb + __builtin_offsetof(abi::Teb, tls_expansion_slots),
                                                           Bytes(reinterpret_cast<u8*>(&expansion), 8)));
                if (expansion)
                    (void)thread->process().address_space().write(
                        expansion + (index - 64) * 8, ReadonlyBytes(reinterpret_cast<const u8*>(&zero), 8));
            }
            return {};
        }
        if (ThreadInformationClass == kThreadBasePriority) {
            i32 increment = TRY(read_information<i32>(ThreadInformation, ThreadInformationLength));
            if ((increment < kBasePriorityMin || increment > kBasePriorityMax) &&
                increment != kSaturationIncrement && increment != -kSaturationIncrement)
                return Error(status::InvalidParameter, "base priority increment out of range");
            thread->set_base_priority_increment(increment);
            return {};
        }
        if (ThreadInformationClass == kThreadAffinityMask) {
            u64 mask = TRY(read_information<u64>(ThreadInformation, ThreadInformationLength));
            if (!mask || (mask & ~process_affinity(thread->process())))
                return Error(status::InvalidParameter, "affinity mask outside the process's");
            thread->set_affinity_mask(mask);
            return {};
        }
        if (ThreadInformationClass == kThreadPriorityBoost) {
            u32 disabled = TRY(read_information<u32>(ThreadInformation, ThreadInformationLength));
            thread->set_priority_boost_disabled(disabled != 0);
            return {};
        }
        kernel::log("halcyon: NtSetInformationThread class {} is not implemented", ThreadInformationClass);
        return Error(status::NotImplemented);
    }());
}

} // namespace halcyon::sys
