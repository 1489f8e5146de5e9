// Fiber-local storage: RtlFlsAlloc/Free/GetValue/SetValue (kernelbase's FlsAlloc & co.).
//
// Which indices are allocated, and each index's callback, are process-wide tables here. Each
// thread's values live in a ThreadFls block that TEB.FlsData (0x17C8) points at, created on the
// thread's first FlsSetValue and split into chunks of 256 values allocated on first use, so a
// thread that touches one index does not pay for 4080. Every block is on one list so that
// RtlFlsFree can hand each thread's non-null value to the index's callback, as Windows does.
//
// Callbacks run (Windows' rules):
//   - at RtlFlsFree, for every thread holding a non-null value, on the freeing thread;
//   - at thread exit (ExitThread or return from the thread routine, through LdrShutdownThread)
//     and at process exit for the exiting thread (LdrShutdownProcess), for its own values.
// FIXME: Halcyon has no fibers yet, so "fiber-local" is thread-local here.

#include "Ntdll.h"
#include "halcyon/ntrtlutil.h"

namespace halcyon::ntdll {

namespace {

constexpr ULONG kSlots = HALCYON_FLS_MAXIMUM_AVAILABLE;
constexpr ULONG kChunkSlots = 256;
constexpr ULONG kChunks = (kSlots + kChunkSlots - 1) / kChunkSlots;

struct ThreadFls {
    ThreadFls* previous;
    ThreadFls* next;
    /// Written only by the owning thread (release), read by RtlFlsFree on other threads (acquire).
    PVOID* chunks[kChunks];
};

/// A lock the owner may take again: a callback run by RtlFlsFree may itself call FlsSetValue.
class RecursiveLock {
public:
    void lock() {
        HANDLE self = current_thread_id();
        if (__atomic_load_n(&m_owner, __ATOMIC_RELAXED) == self) {
            ++m_depth;
            return;
        }
        RtlAcquireSRWLockExclusive(&m_lock);
        __atomic_store_n(&m_owner, self, __ATOMIC_RELAXED);
        m_depth = 1;
    }
    void unlock() {
        if (--m_depth)
            return;
        __atomic_store_n(&m_owner, static_cast<HANDLE>(nullptr), __ATOMIC_RELAXED);
        RtlReleaseSRWLockExclusive(&m_lock);
    }

private:
    RTL_SRWLOCK m_lock{};
    HANDLE m_owner{nullptr};
    ULONG m_depth{0};
};

class Guard {
public:
    explicit Guard(RecursiveLock& lock) : m_lock(lock) { m_lock.lock(); }
    ~Guard() { m_lock.unlock(); }

private:
    RecursiveLock& m_lock;
};

RecursiveLock g_lock;
uint64_t g_allocated[(kSlots + 63) / 64]; // bit set: index allocated (index 0 never is)
PFLS_CALLBACK_FUNCTION g_callbacks[kSlots];
ThreadFls* g_threads; // every thread that has FLS data

bool is_allocated(ULONG index) {
    return __atomic_load_n(&g_allocated[index / 64], __ATOMIC_ACQUIRE) & (1ull << (index % 64));
}

bool valid_index(ULONG index) { return index > 0 && index < kSlots && is_allocated(index); }

ThreadFls* own_data() { return reinterpret_cast<ThreadFls*>(current_teb()->fls_data); }

PVOID* value_slot(ThreadFls* data, ULONG index) {
    PVOID* chunk = __atomic_load_n(&data->chunks[index / kChunkSlots], __ATOMIC_ACQUIRE);
    return chunk ? &chunk[index % kChunkSlots] : nullptr;
}

} // namespace

} // namespace halcyon::ntdll

using namespace halcyon::ntdll;

extern "C" {

NTSTATUS NTAPI RtlFlsAlloc(PFLS_CALLBACK_FUNCTION callback, PULONG index) {
    if (!index)
        return STATUS_INVALID_PARAMETER;
    Guard guard(g_lock);
    for (ULONG candidate = 1; candidate < kSlots; ++candidate) {
        if (is_allocated(candidate))
            continue;
        // RtlFlsFree cleared the index in every thread, so a recycled index reads NULL.
        g_callbacks[candidate] = callback;
        __atomic_fetch_or(&g_allocated[candidate / 64], 1ull << (candidate % 64), __ATOMIC_RELEASE);
        *index = candidate;
        return STATUS_SUCCESS;
    }
    return STATUS_NO_MEMORY;
}

NTSTATUS NTAPI RtlFlsFree(ULONG index) {
    Guard guard(g_lock);
    if (!valid_index(index))
        return STATUS_INVALID_PARAMETER;
    PFLS_CALLBACK_FUNCTION callback = g_callbacks[index];
    // The lock keeps every ThreadFls alive while its value is handed to the callback; a thread
    // ending meanwhile waits in halcyon_fls_thread_exit.
    for (ThreadFls* data = g_threads; data; data = data->next) {
        PVOID* slot = value_slot(data, index);
        if (!slot || !*slot)
            continue;
        PVOID value = *slot;
        *slot = nullptr;
        if (callback)
            callback(value);
    }
    g_callbacks[index] = nullptr;
    __atomic_fetch_and(&g_allocated[index / 64], ~(1ull << (index % 64)), __ATOMIC_RELEASE);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlFlsGetValue(ULONG index, PVOID* value) {
    if (!value || !valid_index(index))
        return STATUS_INVALID_PARAMETER;
    ThreadFls* data = own_data();
    PVOID* slot = data ? value_slot(data, index) : nullptr;
    *value = slot ? *slot : nullptr;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlFlsSetValue(ULONG index, PVOID value) {
    if (!valid_index(index))
        return STATUS_INVALID_PARAMETER;
    ThreadFls* data = own_data();
    if (!data) {
        data = static_cast<ThreadFls*>(RtlAllocateHeap(process_heap(), HEAP_ZERO_MEMORY, sizeof(ThreadFls)));
        if (!data)
            return STATUS_NO_MEMORY;
        Guard guard(g_lock);
        data->next = g_threads;
        if (g_threads)
            g_threads->previous = data;
        g_threads = data;
        current_teb()->fls_data = reinterpret_cast<uint64_t>(data);
    }
    PVOID* slot = value_slot(data, index);
    if (!slot) {
        auto* chunk = static_cast<PVOID*>(
            RtlAllocateHeap(process_heap(), HEAP_ZERO_MEMORY, kChunkSlots * sizeof(PVOID)));
        if (!chunk)
            return STATUS_NO_MEMORY;
        __atomic_store_n(&data->chunks[index / kChunkSlots], chunk, __ATOMIC_RELEASE);
        slot = &chunk[index % kChunkSlots];
    }
    // Under the lock, so RtlFlsFree on another thread never hands a value to a callback twice.
    Guard guard(g_lock);
    *slot = value;
    return STATUS_SUCCESS;
}

void halcyon_fls_thread_exit(void) {
    ThreadFls* data = own_data();
    if (!data)
        return;
    // Each value is taken out under the lock and its callback called without it, so a callback
    // may wait for another thread that needs FLS.
    for (ULONG index = 1; index < kSlots; ++index) {
        PVOID* slot = value_slot(data, index);
        // Only this thread stores into its slots, so an empty one stays empty; skip it unlocked.
        if (!slot || !__atomic_load_n(slot, __ATOMIC_RELAXED))
            continue;
        PVOID value;
        PFLS_CALLBACK_FUNCTION callback;
        {
            Guard guard(g_lock);
            value = *slot;
            *slot = nullptr;
            callback = is_allocated(index) ? g_callbacks[index] : nullptr;
        }
        if (value && callback)
            callback(value);
    }
    {
        Guard guard(g_lock);
        if (data->previous)
            data->previous->next = data->next;
        else
            g_threads = data->next;
        if (data->next)
            data->next->previous = data->previous;
        current_teb()->fls_data = 0;
    }
    for (PVOID* chunk : data->chunks)
        if (chunk)
            RtlFreeHeap(process_heap(), 0, chunk);
    RtlFreeHeap(process_heap(), 0, data);
}

} // extern "C"
