// Slim reader/writer locks (RTL_SRWLOCK): one pointer-sized word in the program's memory.
//
//   bit 0      kExclusive: a writer holds the lock
//   bit 1      kWaiters: some thread sleeps on the word (RtlWaitOnAddress) and must be woken
//   bits 2..63 the number of readers holding the lock
//
// A thread that cannot take the lock sets kWaiters and sleeps on the word while it keeps that
// value. The release that leaves the lock free clears kWaiters and wakes every sleeper; those that
// still cannot take it set the bit again. Waking all rather than one keeps the protocol simple
// and correct with readers and writers mixed, at the price of contention bursts.
//
// Windows' locks are not fair either; neither recursion nor releasing a lock one does not hold is
// defined, and neither is detected here.

#include "Ntdll.h"

using namespace halcyon;
using namespace halcyon::ntdll;

namespace {

constexpr uintptr_t kExclusive = 1;
constexpr uintptr_t kWaiters = 2;
constexpr uintptr_t kReader = 4;
constexpr uintptr_t kReaderMask = ~(kExclusive | kWaiters);

volatile uintptr_t* word(PRTL_SRWLOCK lock) {
    return reinterpret_cast<volatile uintptr_t*>(&lock->Ptr);
}

bool try_exclusive(volatile uintptr_t* w, uintptr_t& seen) {
    seen = __atomic_load_n(w, __ATOMIC_RELAXED);
    while (!(seen & (kExclusive | kReaderMask))) {
        if (__atomic_compare_exchange_n(w, &seen, seen | kExclusive, true, __ATOMIC_ACQUIRE,
                                        __ATOMIC_RELAXED))
            return true;
    }
    return false;
}

bool try_shared(volatile uintptr_t* w, uintptr_t& seen) {
    seen = __atomic_load_n(w, __ATOMIC_RELAXED);
    while (!(seen & kExclusive)) {
        if (__atomic_compare_exchange_n(w, &seen, seen + kReader, true, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
            return true;
    }
    return false;
}

/// Marks the word as having sleepers and sleeps while it keeps the value seen (lock still held).
void sleep_on(volatile uintptr_t* w, uintptr_t seen) {
    uintptr_t marked = seen | kWaiters;
    if (!(seen & kWaiters) &&
        !__atomic_compare_exchange_n(w, &seen, marked, false, __ATOMIC_RELAXED, __ATOMIC_RELAXED))
        return; // it changed: try again
    RtlWaitOnAddress(w, &marked, sizeof marked, nullptr);
}

/// Spins briefly before sleeping: most SRW sections are short.
constexpr int kSpinCount = 100;

} // namespace

extern "C" {

void NTAPI RtlInitializeSRWLock(PRTL_SRWLOCK lock) {
    lock->Ptr = nullptr;
}

void NTAPI RtlAcquireSRWLockExclusive(PRTL_SRWLOCK lock) {
    volatile uintptr_t* w = word(lock);
    uintptr_t seen;
    for (int spins = 0;; ++spins) {
        if (try_exclusive(w, seen))
            return;
        if (spins < kSpinCount)
            __builtin_ia32_pause();
        else
            sleep_on(w, seen);
    }
}

void NTAPI RtlAcquireSRWLockShared(PRTL_SRWLOCK lock) {
    volatile uintptr_t* w = word(lock);
    uintptr_t seen;
    for (int spins = 0;; ++spins) {
        if (try_shared(w, seen))
            return;
        if (spins < kSpinCount)
            __builtin_ia32_pause();
        else
            sleep_on(w, seen);
    }
}

BOOLEAN NTAPI RtlTryAcquireSRWLockExclusive(PRTL_SRWLOCK lock) {
    uintptr_t seen;
    return try_exclusive(word(lock), seen) ? TRUE : FALSE;
}

BOOLEAN NTAPI RtlTryAcquireSRWLockShared(PRTL_SRWLOCK lock) {
    uintptr_t seen;
    return try_shared(word(lock), seen) ? TRUE : FALSE;
}

void NTAPI RtlReleaseSRWLockExclusive(PRTL_SRWLOCK lock) {
    volatile uintptr_t* w = word(lock);
    uintptr_t previous = __atomic_exchange_n(w, 0, __ATOMIC_RELEASE);
    if (previous & kWaiters)
        RtlWakeAddressAll(const_cast<uintptr_t*>(w));
}

void NTAPI RtlReleaseSRWLockShared(PRTL_SRWLOCK lock) {
    volatile uintptr_t* w = word(lock);
    uintptr_t seen = __atomic_load_n(w, __ATOMIC_RELAXED);
    for (;;) {
        uintptr_t next = seen - kReader;
        bool last = (next & kReaderMask) == 0;
        bool wake = last && (next & kWaiters);
        if (wake)
            next &= ~kWaiters;
        if (__atomic_compare_exchange_n(w, &seen, next, true, __ATOMIC_RELEASE, __ATOMIC_RELAXED)) {
            if (wake)
                RtlWakeAddressAll(const_cast<uintptr_t*>(w));
            return;
        }
    }
}

} // extern "C"
