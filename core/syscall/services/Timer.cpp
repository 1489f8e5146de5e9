// Waitable timers (core/ps/Timer.h) and user APCs (core/ps/Apc.h).

#include "core/ps/Apc.h"
#include "core/ps/Timer.h"
#include "core/syscall/Services.h"
#include "core/syscall/services/Named.h"
#include "core/syscall/services/Timeout.h"

namespace halcyon::sys {

namespace {

constexpr u32 kNotificationTimer = 0, kSynchronizationTimer = 1;

ErrorOr<RefPtr<ps::Thread>> any_thread_from_handle(SyscallContext& context, RawHandle handle) {
    if (handle.is_current_thread())
        return RefPtr<ps::Thread>(&context.thread);
    return context.process.handles().lookup_as<ps::Thread>(handle.value);
}

ErrorOr<void> write_boolean(UserPtr<void> pointer, bool value) {
    u8 byte = value ? 1 : 0;
    return user::write_optional(pointer.cast<u8>(), byte);
}

} // namespace

NtStatus NtCreateTimer(SyscallContext& context, UserPtr<u64> TimerHandle, u32 DesiredAccess,
                       UserPtr<abi::ObjectAttributes> ObjectAttributes, u32 TimerType) {
    return to_create_status([&]() -> ErrorOr<bool> {
        ObjectRequest request = TRY(read_object_request(context, ObjectAttributes));
        if (TimerType != kNotificationTimer && TimerType != kSynchronizationTimer)
            return Error(status::InvalidParameter, "TimerType must be NotificationTimer or SynchronizationTimer");
        auto timer = TRY(ob::make_object<ps::Timer>(TimerType == kNotificationTimer));
        return publish_created(context, timer, request, DesiredAccess, TimerHandle);
    }());
}

NtStatus NtOpenTimer(SyscallContext& context, UserPtr<u64> TimerHandle, u32 DesiredAccess,
                     UserPtr<abi::ObjectAttributes> ObjectAttributes) {
    return to_status(open_by_name(context, ObjectAttributes, ob::ObjectType::Timer, DesiredAccess, TimerHandle));
}

NtStatus NtSetTimer(SyscallContext& context, RawHandle TimerHandle, UserPtr<i64> DueTime,
                    UserPtr<void> TimerApcRoutine, UserPtr<void> TimerContext, bool, i32 Period,
                    UserPtr<void> PreviousState) {
    return to_status([&]() -> ErrorOr<void> {
        auto timer = TRY(context.process.handles().lookup_as<ps::Timer>(TimerHandle.value));
        if (DueTime.is_null())
            return Error(status::AccessViolation, "NtSetTimer needs a due time");
        if (Period < 0)
            return Error(status::InvalidParameter, "negative timer period");
        u64 deadline = TRY(deadline_from(DueTime));
        u64 period_ns = static_cast<u64>(Period) * 1'000'000;
        bool previous = timer->set(deadline, period_ns, &context.thread, TimerApcRoutine.address, TimerContext.address);
        return write_boolean(PreviousState, previous);
    }());
}

NtStatus NtCancelTimer(SyscallContext& context, RawHandle TimerHandle, UserPtr<void> CurrentState) {
    return to_status([&]() -> ErrorOr<void> {
        auto timer = TRY(context.process.handles().lookup_as<ps::Timer>(TimerHandle.value));
        return write_boolean(CurrentState, timer->cancel());
    }());
}

NtStatus NtQueueApcThread(SyscallContext& context, RawHandle ThreadHandle, UserPtr<void> ApcRoutine,
                          UserPtr<void> ApcArgument1, UserPtr<void> ApcArgument2, UserPtr<void> ApcArgument3) {
    return to_status([&]() -> ErrorOr<void> {
        RefPtr<ps::Thread> thread = TRY(any_thread_from_handle(context, ThreadHandle));
        if (ApcRoutine.is_null())
            return Error(status::InvalidParameter, "a null APC routine");
        return ps::queue_user_apc(*thread, ApcRoutine.address, ApcArgument1.address, ApcArgument2.address,
                                  ApcArgument3.address);
    }());
}

NtStatus NtTestAlert(SyscallContext& context) {
    // The queued APCs run on the way out (Dispatcher.cpp); the status reaches the caller after them.
    if (ps::has_deliverable_apc(context.thread))
        context.thread.apc_delivery_pending = true;
    return status::Success;
}

} // namespace halcyon::sys
