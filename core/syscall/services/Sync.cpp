// Events, semaphores, mutants, waits and delays. The objects and the wait logic are in core/ps
// (Waitable.h, Wait.h); these services validate arguments and translate handles.

#include "core/ps/Scheduler.h"
#include "core/ps/Wait.h"
#include "core/syscall/Services.h"
#include "core/syscall/services/Named.h"
#include "core/syscall/services/Timeout.h"

namespace halcyon::sys {

namespace {

/// The waitable object behind a handle, with a reference the caller keeps for the wait.
ErrorOr<RefPtr<ob::Object>> waitable_from_handle(SyscallContext& context, RawHandle handle) {
    if (handle.is_current_process())
        return RefPtr<ob::Object>(&context.process);
    if (handle.is_current_thread())
        return RefPtr<ob::Object>(&context.thread);
    RefPtr<ob::Object> object = TRY(context.process.handles().lookup(handle.value));
    if (!ps::as_waitable(object.get()))
        return Error(status::ObjectTypeMismatch, "the object cannot be waited on");
    return object;
}

} // namespace

NtStatus NtCreateEvent(SyscallContext& context, UserPtr<u64> EventHandle, u32 DesiredAccess,
                       UserPtr<abi::ObjectAttributes> ObjectAttributes, u32 EventType, bool InitialState) {
    return to_create_status([&]() -> ErrorOr<bool> {
        ObjectRequest request = TRY(read_object_request(context, ObjectAttributes));
        if (EventType > 1)
            return Error(status::InvalidParameter, "EventType must be NotificationEvent or SynchronizationEvent");
        auto event = TRY(ob::make_object<ps::Event>(EventType == 0, InitialState));
        return publish_created(context, event, request, DesiredAccess, EventHandle);
    }());
}

NtStatus NtSetEvent(SyscallContext& context, RawHandle EventHandle, UserPtr<i32> PreviousState) {
    return to_status([&]() -> ErrorOr<void> {
        auto event = TRY(context.process.handles().lookup_as<ps::Event>(EventHandle.value));
        i32 previous = event->set();
        return user::write_optional(PreviousState, previous);
    }());
}

NtStatus NtResetEvent(SyscallContext& context, RawHandle EventHandle, UserPtr<i32> PreviousState) {
    return to_status([&]() -> ErrorOr<void> {
        auto event = TRY(context.process.handles().lookup_as<ps::Event>(EventHandle.value));
        i32 previous = event->reset();
        return user::write_optional(PreviousState, previous);
    }());
}

NtStatus NtPulseEvent(SyscallContext& context, RawHandle EventHandle, UserPtr<i32> PreviousState) {
    return to_status([&]() -> ErrorOr<void> {
        auto event = TRY(context.process.handles().lookup_as<ps::Event>(EventHandle.value));
        i32 previous = event->pulse();
        return user::write_optional(PreviousState, previous);
    }());
}

NtStatus NtWaitForSingleObject(SyscallContext& context, RawHandle Handle, bool Alertable, UserPtr<i64> Timeout) {
    auto deadline = deadline_from(Timeout);
    if (deadline.is_error())
        return deadline.error().status();
    auto object = waitable_from_handle(context, Handle);
    if (object.is_error())
        return object.error().status();
    ps::Waitable* target = ps::as_waitable(object.value().get());
    return ps::wait_for_objects(context.thread, Span<ps::Waitable* const>(&target, 1), false, deadline.value(),
                                Alertable);
}

NtStatus NtWaitForMultipleObjects(SyscallContext& context, u32 Count, UserPtr<u64> Handles, u32 WaitType,
                                  bool Alertable, UserPtr<i64> Timeout) {
    constexpr u32 kWaitAll = 0, kWaitAny = 1;
    if (Count == 0 || Count > ps::WaitBlock::kMaxObjects)
        return status::InvalidParameter;
    if (WaitType != kWaitAll && WaitType != kWaitAny)
        return status::InvalidParameter;
    u64 handles[ps::WaitBlock::kMaxObjects];
    if (user::copy_from(handles, Handles.address, Count * sizeof(u64)).is_error())
        return status::AccessViolation;
    auto deadline = deadline_from(Timeout);
    if (deadline.is_error())
        return deadline.error().status();
    RefPtr<ob::Object> references[ps::WaitBlock::kMaxObjects];
    ps::Waitable* objects[ps::WaitBlock::kMaxObjects];
    for (u32 i = 0; i < Count; ++i) {
        auto object = waitable_from_handle(context, RawHandle{handles[i]});
        if (object.is_error())
            return object.error().status();
        references[i] = object.release_value();
        objects[i] = ps::as_waitable(references[i].get());
        // NT refuses wait-all on the same object twice (it could never be satisfied fairly).
        if (WaitType == kWaitAll)
            for (u32 j = 0; j < i; ++j)
                if (objects[j] == objects[i])
                    return NtStatus{0xC0000030}; // STATUS_INVALID_PARAMETER_MIX
    }
    return ps::wait_for_objects(context.thread, Span<ps::Waitable* const>(objects, Count), WaitType == kWaitAll,
                                deadline.value(), Alertable);
}

NtStatus NtCreateSemaphore(SyscallContext& context, UserPtr<u64> SemaphoreHandle, u32 DesiredAccess,
                           UserPtr<abi::ObjectAttributes> ObjectAttributes, i32 InitialCount, i32 MaximumCount) {
    return to_create_status([&]() -> ErrorOr<bool> {
        ObjectRequest request = TRY(read_object_request(context, ObjectAttributes));
        if (MaximumCount <= 0 || InitialCount < 0 || InitialCount > MaximumCount)
            return Error(status::InvalidParameter, "semaphore counts out of range");
        auto semaphore = TRY(ob::make_object<ps::Semaphore>(InitialCount, MaximumCount));
        return publish_created(context, semaphore, request, DesiredAccess, SemaphoreHandle);
    }());
}

NtStatus NtReleaseSemaphore(SyscallContext& context, RawHandle SemaphoreHandle, i32 ReleaseCount,
                            UserPtr<i32> PreviousCount) {
    return to_status([&]() -> ErrorOr<void> {
        auto semaphore = TRY(context.process.handles().lookup_as<ps::Semaphore>(SemaphoreHandle.value));
        i32 previous = TRY(semaphore->release(ReleaseCount));
        return user::write_optional(PreviousCount, previous);
    }());
}

NtStatus NtCreateMutant(SyscallContext& context, UserPtr<u64> MutantHandle, u32 DesiredAccess,
                        UserPtr<abi::ObjectAttributes> ObjectAttributes, bool InitialOwner) {
    return to_create_status([&]() -> ErrorOr<bool> {
        ObjectRequest request = TRY(read_object_request(context, ObjectAttributes));
        // An existing mutex is opened as it is: InitialOwner applies only to a new one.
        RefPtr<ob::Object> existing = TRY(existing_named(request, ob::ObjectType::Mutant));
        if (existing) {
            TRY(publish_handle(context, move(existing), DesiredAccess, MutantHandle, request.handle_attributes()));
            return true;
        }
        auto mutant = TRY(ob::make_object<ps::Mutant>(InitialOwner ? &context.thread : nullptr));
        return publish_created(context, mutant, request, DesiredAccess, MutantHandle);
    }());
}

NtStatus NtReleaseMutant(SyscallContext& context, RawHandle MutantHandle, UserPtr<i32> PreviousCount) {
    return to_status([&]() -> ErrorOr<void> {
        auto mutant = TRY(context.process.handles().lookup_as<ps::Mutant>(MutantHandle.value));
        i32 previous = TRY(mutant->release(context.thread));
        return user::write_optional(PreviousCount, previous);
    }());
}

NtStatus NtOpenEvent(SyscallContext& context, UserPtr<u64> EventHandle, u32 DesiredAccess,
                     UserPtr<abi::ObjectAttributes> ObjectAttributes) {
    return to_status(open_by_name(context, ObjectAttributes, ob::ObjectType::Event, DesiredAccess, EventHandle));
}

NtStatus NtOpenMutant(SyscallContext& context, UserPtr<u64> MutantHandle, u32 DesiredAccess,
                      UserPtr<abi::ObjectAttributes> ObjectAttributes) {
    return to_status(open_by_name(context, ObjectAttributes, ob::ObjectType::Mutant, DesiredAccess, MutantHandle));
}

NtStatus NtOpenSemaphore(SyscallContext& context, UserPtr<u64> SemaphoreHandle, u32 DesiredAccess,
                         UserPtr<abi::ObjectAttributes> ObjectAttributes) {
    return to_status(
        open_by_name(context, ObjectAttributes, ob::ObjectType::Semaphore, DesiredAccess, SemaphoreHandle));
}

NtStatus NtYieldExecution(SyscallContext&) {
    return ps::scheduler::yield() ? status::Success : status::NoYieldPerformed;
}

NtStatus NtDelayExecution(SyscallContext& context, bool Alertable, UserPtr<i64> DelayInterval) {
    if (DelayInterval.is_null())
        return status::AccessViolation;
    auto deadline = deadline_from(DelayInterval);
    if (deadline.is_error())
        return deadline.error().status();
    return ps::delay_until(context.thread, deadline.value(), Alertable);
}

} // namespace halcyon::sys
