// Events, waits and delays.
//
// FIXME: processes have a single thread until the scheduler issue lands, so a wait can only be
// satisfied by an object that is already signalled or by its timeout; an infinite wait on an
// unsignalled object blocks for ever, exactly as it would on Windows with no other thread.

#include "core/ob/Object.h"
#include "core/syscall/Services.h"

namespace halcyon::sys {

namespace {

class Event final : public ob::Object {
public:
    static constexpr ob::ObjectType kType = ob::ObjectType::Event;
    Event(bool manual_reset, bool signaled) : Object(kType), m_manual_reset(manual_reset), m_signaled(signaled) {}

    bool manual_reset() const { return m_manual_reset; }
    bool signaled() const { return m_signaled; }
    void set_signaled(bool signaled) { m_signaled = signaled; }

private:
    bool m_manual_reset;
    bool m_signaled;
};

class Semaphore final : public ob::Object {
public:
    static constexpr ob::ObjectType kType = ob::ObjectType::Semaphore;
    Semaphore(i32 count, i32 maximum) : Object(kType), m_count(count), m_maximum(maximum) {}

    i32 count() const { return m_count; }
    i32 maximum() const { return m_maximum; }
    void set_count(i32 count) { m_count = count; }

private:
    i32 m_count;
    i32 m_maximum;
};

/// Converts an NT timeout (negative: relative 100 ns; positive: absolute FILETIME) to a
/// monotonic deadline in nanoseconds; null means infinite (returns ~0).
ErrorOr<u64> deadline_from(UserPtr<i64> timeout) {
    if (timeout.is_null())
        return ~0ull;
    i64 value = TRY(user::read(timeout));
    u64 now = hal::Clock::monotonic_ns();
    if (value < 0)
        return now + static_cast<u64>(-value) * 100;
    u64 wall = hal::Clock::system_time_100ns();
    u64 target = static_cast<u64>(value);
    return target <= wall ? now : now + (target - wall) * 100;
}

void idle_until(u64 deadline) {
    while (hal::Clock::monotonic_ns() < deadline)
        hal::Cpu::wait_for_interrupt();
}

} // namespace

NtStatus NtCreateEvent(SyscallContext& context, UserPtr<u64> EventHandle, u32 DesiredAccess,
                       UserPtr<abi::ObjectAttributes> ObjectAttributes, u32 EventType, bool InitialState) {
    return to_status([&]() -> ErrorOr<void> {
        TRY(reject_named_object(ObjectAttributes, "events"));
        if (EventType > 1)
            return Error(status::InvalidParameter, "EventType must be NotificationEvent or SynchronizationEvent");
        auto event = TRY(ob::make_object<Event>(EventType == 0, InitialState));
        return publish_handle(context, event, DesiredAccess, EventHandle);
    }());
}

NtStatus NtSetEvent(SyscallContext& context, RawHandle EventHandle, UserPtr<i32> PreviousState) {
    return to_status([&]() -> ErrorOr<void> {
        auto event = TRY(context.process.handles().lookup_as<Event>(EventHandle.value));
        i32 previous = event->signaled();
        event->set_signaled(true);
        return user::write_optional(PreviousState, previous);
    }());
}

NtStatus NtResetEvent(SyscallContext& context, RawHandle EventHandle, UserPtr<i32> PreviousState) {
    return to_status([&]() -> ErrorOr<void> {
        auto event = TRY(context.process.handles().lookup_as<Event>(EventHandle.value));
        i32 previous = event->signaled();
        event->set_signaled(false);
        return user::write_optional(PreviousState, previous);
    }());
}

NtStatus NtWaitForSingleObject(SyscallContext& context, RawHandle Handle, bool Alertable, UserPtr<i64> Timeout) {
    auto deadline = deadline_from(Timeout);
    if (deadline.is_error())
        return deadline.error().status();
    auto object = context.process.handles().lookup(Handle.value);
    if (object.is_error())
        return object.error().status();
    for (;;) {
        ob::Object* target = object.value().get();
        if (auto* event = ob::object_cast<Event>(target)) {
            if (event->signaled()) {
                if (!event->manual_reset())
                    event->set_signaled(false);
                return status::Success;
            }
        } else if (auto* semaphore = ob::object_cast<Semaphore>(target)) {
            if (semaphore->count() > 0) {
                semaphore->set_count(semaphore->count() - 1);
                return status::Success;
            }
        } else if (auto* process = ob::object_cast<ps::Process>(target)) {
            if (process->is_terminated())
                return status::Success;
        } else if (auto* thread = ob::object_cast<ps::Thread>(target)) {
            if (thread->is_terminated())
                return status::Success;
        } else {
            return status::ObjectTypeMismatch;
        }
        if (hal::Clock::monotonic_ns() >= deadline.value())
            return status::Timeout;
        hal::Cpu::wait_for_interrupt();
    }
}

NtStatus NtCreateSemaphore(SyscallContext& context, UserPtr<u64> SemaphoreHandle, u32 DesiredAccess,
                           UserPtr<abi::ObjectAttributes> ObjectAttributes, i32 InitialCount, i32 MaximumCount) {
    return to_status([&]() -> ErrorOr<void> {
        TRY(reject_named_object(ObjectAttributes, "semaphores"));
        if (MaximumCount <= 0 || InitialCount < 0 || InitialCount > MaximumCount)
            return Error(status::InvalidParameter, "semaphore counts out of range");
        auto semaphore = TRY(ob::make_object<Semaphore>(InitialCount, MaximumCount));
        return publish_handle(context, semaphore, DesiredAccess, SemaphoreHandle);
    }());
}

NtStatus NtReleaseSemaphore(SyscallContext& context, RawHandle SemaphoreHandle, i32 ReleaseCount,
                            UserPtr<i32> PreviousCount) {
    return to_status([&]() -> ErrorOr<void> {
        auto semaphore = TRY(context.process.handles().lookup_as<Semaphore>(SemaphoreHandle.value));
        i32 previous = semaphore->count();
        if (ReleaseCount <= 0)
            return Error(status::InvalidParameter, "release count must be positive");
        if (ReleaseCount > semaphore->maximum() - previous)
            return Error(NtStatus{0xC0000047}, "semaphore limit exceeded"); // STATUS_SEMAPHORE_LIMIT_EXCEEDED
        semaphore->set_count(previous + ReleaseCount);
        return user::write_optional(PreviousCount, previous);
    }());
}

NtStatus NtYieldExecution(SyscallContext&) {
    return NtStatus{0x40000024}; // STATUS_NO_YIELD_PERFORMED: no other thread is ready
}

NtStatus NtDelayExecution(SyscallContext&, bool Alertable, UserPtr<i64> DelayInterval) {
    if (DelayInterval.is_null())
        return status::AccessViolation;
    auto deadline = deadline_from(DelayInterval);
    if (deadline.is_error())
        return deadline.error().status();
    idle_until(deadline.value());
    return status::Success;
}

} // namespace halcyon::sys
