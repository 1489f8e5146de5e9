#pragma once

#include "Types.h"

namespace halcyon {

/// A test-and-test-and-set lock for short critical sections. It does not mask interrupts; code that
/// shares data with an interrupt handler uses InterruptGuard (core/sched) around it.
class Spinlock {
public:
    void lock() {
        for (;;) {
            if (!__atomic_exchange_n(&m_locked, true, __ATOMIC_ACQUIRE))
                return;
            while (__atomic_load_n(&m_locked, __ATOMIC_RELAXED))
                __builtin_ia32_pause();
        }
    }
    bool try_lock() { return !__atomic_exchange_n(&m_locked, true, __ATOMIC_ACQUIRE); }
    void unlock() { __atomic_store_n(&m_locked, false, __ATOMIC_RELEASE); }
    bool is_locked() const { return __atomic_load_n(&m_locked, __ATOMIC_RELAXED); }

private:
    bool m_locked{false};
};

template <typename Lock>
class [[nodiscard]] LockGuard {
public:
    explicit LockGuard(Lock& lock) : m_lock(lock) { m_lock.lock(); }
    ~LockGuard() { m_lock.unlock(); }
    LockGuard(const LockGuard&) = delete;
    LockGuard& operator=(const LockGuard&) = delete;

private:
    Lock& m_lock;
};

} // namespace halcyon
