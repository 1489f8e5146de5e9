// RTL_CRITICAL_SECTION: a recursive mutex in the program's own memory (40 bytes, Windows x64
// layout, see ntdef.h), the lock behind EnterCriticalSection, the heap and the loader.
//
// The protocol is NT's: LockCount is -1 when free; every acquirer (including the owner
// re-entering) increments it, so after the increment it is 0 for the first owner, and above 0
// when someone else holds the lock. A contended acquirer waits on LockSemaphore, an
// auto-reset event created on first contention. The releasing owner hands the lock over: if
// LockCount stays >= 0 after its decrement, at least one thread is waiting or about to wait,
// and setting the event wakes exactly one of them, which then becomes the owner. Because the
// lock is handed over and not reacquired, at most one wake-up is ever pending, so an auto-reset
// event (which holds a single signal) loses none.

#include "Ntdll.h"

using namespace halcyon;
using namespace halcyon::ntdll;

namespace {

/// RTL_CRITICAL_SECTION_DEBUG is not kept; -1 is what Windows 8+ stores when it has none.
PRTL_CRITICAL_SECTION_DEBUG const kNoDebugInfo = reinterpret_cast<PRTL_CRITICAL_SECTION_DEBUG>(~uintptr_t(0));
/// The low 24 bits of SpinCount are the count; the high bits carry RTL_CRITICAL_SECTION_FLAG_*.
constexpr ULONG_PTR kSpinCountMask = 0x00FFFFFF;

/// Returns the section's wake-up event, creating it on first use. Two threads may race to
/// create it; the loser closes its own event and uses the winner's.
HANDLE wake_event(PRTL_CRITICAL_SECTION section) {
    HANDLE event = __atomic_load_n(&section->LockSemaphore, __ATOMIC_ACQUIRE);
    if (event)
        return event;
    for (;;) {
        HANDLE created = nullptr;
        NTSTATUS status = NtCreateEvent(&created, EVENT_ALL_ACCESS, nullptr, SynchronizationEvent, FALSE);
        if (NT_SUCCESS(status)) {
            HANDLE expected = nullptr;
            if (__atomic_compare_exchange_n(&section->LockSemaphore, &expected, created, false,
                                            __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
                return created;
            NtClose(created);
            return expected;
        }
        // Out of kernel resources: nothing else can make progress for this lock either, so wait
        // for resources to come back rather than corrupting the hand-over protocol.
        // FIXME: Windows falls back to a global keyed event here.
        NtYieldExecution();
        event = __atomic_load_n(&section->LockSemaphore, __ATOMIC_ACQUIRE);
        if (event)
            return event;
    }
}

void take_ownership(PRTL_CRITICAL_SECTION section, HANDLE thread) {
    section->OwningThread = thread;
    section->RecursionCount = 1;
}

} // namespace

extern "C" {

NTSTATUS NTAPI RtlInitializeCriticalSectionEx(PRTL_CRITICAL_SECTION section, ULONG spin_count, ULONG flags) {
    section->DebugInfo = kNoDebugInfo;
    section->LockCount = -1;
    section->RecursionCount = 0;
    section->OwningThread = nullptr;
    section->LockSemaphore = nullptr;
    // Spinning only pays off when another CPU can release the lock meanwhile.
    abi::Peb* peb = current_peb();
    bool multiprocessor = peb && peb->number_of_processors > 1;
    section->SpinCount = multiprocessor ? (spin_count & kSpinCountMask) : 0;
    (void)flags;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlInitializeCriticalSectionAndSpinCount(PRTL_CRITICAL_SECTION section, ULONG spin_count) {
    return RtlInitializeCriticalSectionEx(section, spin_count, 0);
}

NTSTATUS NTAPI RtlInitializeCriticalSection(PRTL_CRITICAL_SECTION section) {
    return RtlInitializeCriticalSectionEx(section, 0, 0);
}

ULONG NTAPI RtlSetCriticalSectionSpinCount(PRTL_CRITICAL_SECTION section, ULONG spin_count) {
    ULONG previous = static_cast<ULONG>(section->SpinCount & kSpinCountMask);
    abi::Peb* peb = current_peb();
    if (peb && peb->number_of_processors > 1)
        section->SpinCount = spin_count & kSpinCountMask;
    return previous;
}

NTSTATUS NTAPI RtlDeleteCriticalSection(PRTL_CRITICAL_SECTION section) {
    if (section->LockSemaphore)
        NtClose(section->LockSemaphore);
    section->LockSemaphore = nullptr;
    section->LockCount = -1;
    section->RecursionCount = 0;
    section->OwningThread = nullptr;
    section->DebugInfo = nullptr;
    return STATUS_SUCCESS;
}

BOOLEAN NTAPI RtlTryEnterCriticalSection(PRTL_CRITICAL_SECTION section) {
    HANDLE self = current_thread_id();
    LONG expected = -1;
    if (__atomic_compare_exchange_n(&section->LockCount, &expected, 0, false, __ATOMIC_ACQUIRE,
                                    __ATOMIC_RELAXED)) {
        take_ownership(section, self);
        return TRUE;
    }
    if (section->OwningThread == self) {
        __atomic_add_fetch(&section->LockCount, 1, __ATOMIC_RELAXED);
        ++section->RecursionCount;
        return TRUE;
    }
    return FALSE;
}

NTSTATUS NTAPI RtlEnterCriticalSection(PRTL_CRITICAL_SECTION section) {
    HANDLE self = current_thread_id();
    // Spin first: most critical sections are held for a few hundred cycles.
    for (ULONG_PTR spins = section->SpinCount & kSpinCountMask; spins; --spins) {
        LONG expected = -1;
        if (__atomic_load_n(&section->LockCount, __ATOMIC_RELAXED) == -1 &&
            __atomic_compare_exchange_n(&section->LockCount, &expected, 0, false, __ATOMIC_ACQUIRE,
                                        __ATOMIC_RELAXED)) {
            take_ownership(section, self);
            return STATUS_SUCCESS;
        }
        if (section->OwningThread == self)
            break;
        __builtin_ia32_pause();
    }
    if (__atomic_add_fetch(&section->LockCount, 1, __ATOMIC_ACQUIRE) == 0) {
        take_ownership(section, self);
        return STATUS_SUCCESS;
    }
    // OwningThread can only equal `self` if this thread set it, so reading it racily is safe.
    if (section->OwningThread == self) {
        ++section->RecursionCount;
        return STATUS_SUCCESS;
    }
    HANDLE event = wake_event(section);
    for (;;) {
        NTSTATUS status = NtWaitForSingleObject(event, FALSE, nullptr);
        if (status == STATUS_SUCCESS)
            break;
        // STATUS_ALERTED / STATUS_USER_APC cannot happen for a non-alertable wait; anything else
        // means the event handle is broken, and retrying is the only thing that keeps the
        // protocol's invariants. FIXME: Windows raises STATUS_INVALID_HANDLE here.
        if (!NT_SUCCESS(status))
            NtYieldExecution();
    }
    // The releasing owner handed the lock to us.
    take_ownership(section, self);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlLeaveCriticalSection(PRTL_CRITICAL_SECTION section) {
    if (--section->RecursionCount > 0) {
        __atomic_sub_fetch(&section->LockCount, 1, __ATOMIC_RELEASE);
        return STATUS_SUCCESS;
    }
    if (section->RecursionCount < 0) {
        // Leaving a section this thread does not hold: Windows ignores it in free builds.
        section->RecursionCount = 0;
        return STATUS_SUCCESS;
    }
    section->OwningThread = nullptr;
    if (__atomic_sub_fetch(&section->LockCount, 1, __ATOMIC_RELEASE) >= 0) {
        // Someone is waiting (or about to): hand the lock over.
        NtSetEvent(wake_event(section), nullptr);
    }
    return STATUS_SUCCESS;
}

ULONG NTAPI RtlIsCriticalSectionLocked(PRTL_CRITICAL_SECTION section) {
    return __atomic_load_n(&section->LockCount, __ATOMIC_RELAXED) != -1;
}

ULONG NTAPI RtlIsCriticalSectionLockedByThread(PRTL_CRITICAL_SECTION section) {
    return section->OwningThread == current_thread_id() && section->RecursionCount > 0;
}

} // extern "C"
