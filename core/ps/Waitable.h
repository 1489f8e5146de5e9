#pragma once

// Dispatcher objects: the kernel objects a thread can wait on (NtWaitForSingleObject and
// friends). Each says whether it is signalled for a given thread and what a satisfied wait
// consumes; whoever changes an object's state calls signal() so waiting threads re-check.
//
// Waiting itself lives in Wait.h; the scheduler keeps the waiting threads (Scheduler.h).

#include "core/lib/IntrusiveList.h"
#include "core/ob/Object.h"

namespace halcyon::ps {

class Thread;

class Waitable : public ob::Object {
public:
    /// True when a wait by `thread` would be satisfied now.
    virtual bool is_signaled_for(const Thread& thread) const = 0;
    /// Applies the side effect of a satisfied wait (auto-reset, count, ownership). Returns
    /// STATUS_ABANDONED for a mutant whose owner died, Success otherwise.
    virtual NtStatus acquire(Thread&) { return status::Success; }

protected:
    explicit Waitable(ob::ObjectType type) : Object(type) {}
    /// Wakes the threads waiting on this object so they re-evaluate their waits.
    void signal();
};

/// The waitable view of any object, or null for objects one cannot wait on (sections, files).
Waitable* as_waitable(ob::Object* object);

/// A notification (manual-reset) or synchronization (auto-reset) event.
class Event final : public Waitable {
public:
    static constexpr ob::ObjectType kType = ob::ObjectType::Event;
    Event(bool manual_reset, bool signaled) : Waitable(kType), m_manual_reset(manual_reset), m_signaled(signaled) {}

    bool manual_reset() const { return m_manual_reset; }
    bool signaled() const { return m_signaled; }
    /// Returns the previous state.
    bool set();
    bool reset();
    /// Wakes what can be woken and leaves the event reset (NtPulseEvent).
    bool pulse();

    bool is_signaled_for(const Thread&) const override { return m_signaled; }
    NtStatus acquire(Thread&) override;

private:
    bool m_manual_reset;
    bool m_signaled;
};

class Semaphore final : public Waitable {
public:
    static constexpr ob::ObjectType kType = ob::ObjectType::Semaphore;
    Semaphore(i32 count, i32 maximum) : Waitable(kType), m_count(count), m_maximum(maximum) {}

    i32 count() const { return m_count; }
    i32 maximum() const { return m_maximum; }
    /// Adds `count` (> 0); fails with STATUS_SEMAPHORE_LIMIT_EXCEEDED past the maximum.
    ErrorOr<i32> release(i32 count);

    bool is_signaled_for(const Thread&) const override { return m_count > 0; }
    NtStatus acquire(Thread&) override;

private:
    i32 m_count;
    i32 m_maximum;
};

/// A mutex (NT "mutant"): owned by one thread at a time, recursively; abandoned when its owner
/// ends without releasing it, which the next acquirer learns through STATUS_ABANDONED.
class Mutant final : public Waitable {
public:
    static constexpr ob::ObjectType kType = ob::ObjectType::Mutant;
    explicit Mutant(Thread* initial_owner);
    ~Mutant() override;

    Thread* owner() const { return m_owner; }
    i32 recursion() const { return m_recursion; }
    bool abandoned() const { return m_abandoned; }
    /// Releases one level of ownership; returns the previous count (1 - recursion, as NT does).
    ErrorOr<i32> release(Thread& caller);
    /// The owner is ending: release entirely and mark abandoned.
    void abandon();

    bool is_signaled_for(const Thread& thread) const override { return !m_owner || m_owner == &thread; }
    NtStatus acquire(Thread& thread) override;

    /// Link in the owning thread's list of owned mutants.
    ListNode owner_link;

private:
    void take(Thread& thread);

    Thread* m_owner{nullptr};
    i32 m_recursion{0};
    bool m_abandoned{false};
};

} // namespace halcyon::ps
