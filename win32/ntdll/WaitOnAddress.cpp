// RtlWaitOnAddress / RtlWakeAddressSingle / RtlWakeAddressAll: a thread sleeps until another wakes
// it through the address it waits on, provided the value there still equals what it expected.
// SRW locks, condition variables and run-once (SrwLock.cpp, ConditionVariable.cpp, RunOnce.cpp)
// block through these, so none of them needs storage beyond its one pointer.
//
// Waiters queue in a process-wide hash table of buckets, each a short spin lock over a FIFO list.
// A waiter checks the value under its bucket's lock, so a waker that changes the value and then
// wakes (taking the same lock) cannot slip between the check and the enqueue. Each blocking wait
// creates its own auto-reset event and closes it afterwards.
//
// FIXME: Windows parks threads with NtWaitForAlertByThreadId, which needs no event per wait; add
// that system call and use it here.

#include "Ntdll.h"

using namespace halcyon;
using namespace halcyon::ntdll;

namespace {

struct Waiter {
    const volatile void* address;
    HANDLE event;
    Waiter* next;
    Waiter* previous;
    /// Set (under the bucket lock) by the waker that unlinked this waiter.
    bool woken;
};

struct Bucket {
    volatile LONG lock;
    Waiter* head;
    Waiter* tail;
};

constexpr size_t kBucketCount = 128;
Bucket g_buckets[kBucketCount];

Bucket& bucket_for(const volatile void* address) {
    uintptr_t value = reinterpret_cast<uintptr_t>(address);
    value ^= value >> 17;
    value *= 0x9E3779B97F4A7C15ull;
    return g_buckets[(value >> 32) % kBucketCount];
}

/// Held for a handful of instructions only; a holder preempted mid-way is waited out by yielding.
class BucketLock {
public:
    explicit BucketLock(Bucket& bucket) : m_bucket(bucket) {
        for (unsigned spins = 0; __atomic_exchange_n(&m_bucket.lock, 1, __ATOMIC_ACQUIRE); ++spins) {
            if (spins < 64)
                __builtin_ia32_pause();
            else
                NtYieldExecution();
        }
    }
    ~BucketLock() { __atomic_store_n(&m_bucket.lock, 0, __ATOMIC_RELEASE); }
    BucketLock(const BucketLock&) = delete;
    BucketLock& operator=(const BucketLock&) = delete;

private:
    Bucket& m_bucket;
};

void unlink(Bucket& bucket, Waiter& waiter) {
    if (waiter.previous)
        waiter.previous->next = waiter.next;
    else
        bucket.head = waiter.next;
    if (waiter.next)
        waiter.next->previous = waiter.previous;
    else
        bucket.tail = waiter.previous;
    waiter.next = waiter.previous = nullptr;
}

bool value_equals(const volatile void* address, const void* compare, SIZE_T size) {
    switch (size) {
    case 1:
        return __atomic_load_n(static_cast<const volatile uint8_t*>(address), __ATOMIC_ACQUIRE) ==
               *static_cast<const uint8_t*>(compare);
    case 2:
        return __atomic_load_n(static_cast<const volatile uint16_t*>(address), __ATOMIC_ACQUIRE) ==
               *static_cast<const uint16_t*>(compare);
    case 4:
        return __atomic_load_n(static_cast<const volatile uint32_t*>(address), __ATOMIC_ACQUIRE) ==
               *static_cast<const uint32_t*>(compare);
    default:
        return __atomic_load_n(static_cast<const volatile uint64_t*>(address), __ATOMIC_ACQUIRE) ==
               *static_cast<const uint64_t*>(compare);
    }
}

/// Unlinks and signals the first (or every) waiter on `address`.
void wake(const void* address, bool all) {
    Bucket& bucket = bucket_for(address);
    HANDLE events[16];
    for (;;) {
        size_t count = 0;
        bool more = false;
        {
            BucketLock lock(bucket);
            Waiter* waiter = bucket.head;
            while (waiter) {
                Waiter* next = waiter->next;
                if (waiter->address == address) {
                    if (count == 16) {
                        more = true;
                        break;
                    }
                    unlink(bucket, *waiter);
                    waiter->woken = true;
                    events[count++] = waiter->event;
                    if (!all)
                        break;
                }
                waiter = next;
            }
        }
        // A woken waiter waits for its event before closing it (see RtlWaitOnAddress), so the
        // handles stay valid until these calls.
        for (size_t i = 0; i < count; ++i)
            NtSetEvent(events[i], nullptr);
        if (!more)
            return;
    }
}

} // namespace

extern "C" {

NTSTATUS NTAPI RtlWaitOnAddress(const volatile void* address, const void* compare, SIZE_T size,
                                const LARGE_INTEGER* timeout) {
    if (size != 1 && size != 2 && size != 4 && size != 8)
        return STATUS_INVALID_PARAMETER;
    if (!value_equals(address, compare, size))
        return STATUS_SUCCESS;
    Waiter waiter{address, nullptr, nullptr, nullptr, false};
    NTSTATUS status = NtCreateEvent(&waiter.event, EVENT_ALL_ACCESS, nullptr, SynchronizationEvent, FALSE);
    if (!NT_SUCCESS(status))
        return status;
    Bucket& bucket = bucket_for(address);
    {
        BucketLock lock(bucket);
        if (!value_equals(address, compare, size)) {
            NtClose(waiter.event);
            return STATUS_SUCCESS;
        }
        waiter.previous = bucket.tail;
        if (bucket.tail)
            bucket.tail->next = &waiter;
        else
            bucket.head = &waiter;
        bucket.tail = &waiter;
    }
    LARGE_INTEGER deadline;
    if (timeout)
        deadline = *timeout;
    status = NtWaitForSingleObject(waiter.event, FALSE, timeout ? &deadline : nullptr);
    if (status != STATUS_SUCCESS) {
        bool woken;
        {
            BucketLock lock(bucket);
            woken = waiter.woken;
            if (!woken)
                unlink(bucket, waiter);
        }
        if (woken) {
            // A waker unlinked us as the wait ended; its NtSetEvent is on its way. Take it, so the
            // event is not closed under the waker and the wake-up is not lost.
            NtWaitForSingleObject(waiter.event, FALSE, nullptr);
            status = STATUS_SUCCESS;
        }
    }
    NtClose(waiter.event);
    return status;
}

void NTAPI RtlWakeAddressSingle(const void* address) {
    wake(address, false);
}

void NTAPI RtlWakeAddressAll(const void* address) {
    wake(address, true);
}

} // extern "C"
