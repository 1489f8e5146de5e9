#include "core/ps/Waitable.h"

#include "core/ps/Scheduler.h"
#include "core/ps/Thread.h"

namespace halcyon::ps {

void Waitable::signal() { scheduler::wake_waiters(*this); }

Waitable* as_waitable(ob::Object* object) {
    if (!object)
        return nullptr;
    switch (object->type()) {
    case ob::ObjectType::Process:
    case ob::ObjectType::Thread:
    case ob::ObjectType::Event:
    case ob::ObjectType::Mutant:
    case ob::ObjectType::Semaphore:
    case ob::ObjectType::Timer:
        return static_cast<Waitable*>(object);
    default:
        return nullptr;
    }
}

bool Event::set() {
    bool previous = m_signaled;
    m_signaled = true;
    signal();
    return previous;
}

bool Event::reset() { return exchange(m_signaled, false); }

bool Event::pulse() {
    bool previous = set();
    m_signaled = false;
    return previous;
}

NtStatus Event::acquire(Thread&) {
    if (!m_manual_reset)
        m_signaled = false;
    return status::Success;
}

ErrorOr<i32> Semaphore::release(i32 count) {
    if (count <= 0)
        return Error(status::InvalidParameter, "release count must be positive");
    if (count > m_maximum - m_count)
        return Error(status::SemaphoreLimitExceeded, "semaphore limit exceeded");
    i32 previous = m_count;
    m_count += count;
    signal();
    return previous;
}

NtStatus Semaphore::acquire(Thread&) {
    --m_count;
    return status::Success;
}

Mutant::Mutant(Thread* initial_owner) : Waitable(kType) {
    if (initial_owner)
        take(*initial_owner);
}

Mutant::~Mutant() { Thread::OwnedMutants::remove(*this); }

void Mutant::take(Thread& thread) {
    m_owner = &thread;
    m_recursion = 1;
    thread.owned_mutants.append(*this);
}

NtStatus Mutant::acquire(Thread& thread) {
    if (m_owner == &thread) {
        ++m_recursion;
        return status::Success;
    }
    take(thread);
    if (exchange(m_abandoned, false))
        return status::Abandoned;
    return status::Success;
}

ErrorOr<i32> Mutant::release(Thread& caller) {
    if (m_owner != &caller)
        return Error(status::MutantNotOwned, "the caller does not own the mutant");
    i32 previous = 1 - m_recursion;
    if (--m_recursion == 0) {
        Thread::OwnedMutants::remove(*this);
        m_owner = nullptr;
        signal();
    }
    return previous;
}

void Mutant::abandon() {
    Thread::OwnedMutants::remove(*this);
    m_owner = nullptr;
    m_recursion = 0;
    m_abandoned = true;
    signal();
}

} // namespace halcyon::ps
