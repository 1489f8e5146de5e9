// Condition variables (RTL_CONDITION_VARIABLE): one pointer-sized sequence number. A sleeper
// reads the sequence, releases its lock, and sleeps on the word while it keeps that value; a wake
// increments the sequence and wakes one sleeper (or all). A wake between the read and the sleep
// changes the value, so the sleeper returns at once instead of missing it: at worst a spurious
// wake-up, which condition variables allow.

#include "Ntdll.h"

using namespace halcyon;
using namespace halcyon::ntdll;

namespace {

volatile uintptr_t* sequence(PRTL_CONDITION_VARIABLE variable) {
    return reinterpret_cast<volatile uintptr_t*>(&variable->Ptr);
}

} // namespace

extern "C" {

void NTAPI RtlInitializeConditionVariable(PRTL_CONDITION_VARIABLE variable) {
    variable->Ptr = nullptr;
}

void NTAPI RtlWakeConditionVariable(PRTL_CONDITION_VARIABLE variable) {
    __atomic_fetch_add(sequence(variable), 1, __ATOMIC_RELEASE);
    RtlWakeAddressSingle(&variable->Ptr);
}

void NTAPI RtlWakeAllConditionVariable(PRTL_CONDITION_VARIABLE variable) {
    __atomic_fetch_add(sequence(variable), 1, __ATOMIC_RELEASE);
    RtlWakeAddressAll(&variable->Ptr);
}

NTSTATUS NTAPI RtlSleepConditionVariableSRW(PRTL_CONDITION_VARIABLE variable, PRTL_SRWLOCK lock,
                                            const LARGE_INTEGER* timeout, ULONG flags) {
    uintptr_t seen = __atomic_load_n(sequence(variable), __ATOMIC_ACQUIRE);
    bool shared = flags & RTL_CONDITION_VARIABLE_LOCKMODE_SHARED;
    if (shared)
        RtlReleaseSRWLockShared(lock);
    else
        RtlReleaseSRWLockExclusive(lock);
    NTSTATUS status = RtlWaitOnAddress(sequence(variable), &seen, sizeof seen, timeout);
    if (shared)
        RtlAcquireSRWLockShared(lock);
    else
        RtlAcquireSRWLockExclusive(lock);
    return status;
}

NTSTATUS NTAPI RtlSleepConditionVariableCS(PRTL_CONDITION_VARIABLE variable, PRTL_CRITICAL_SECTION section,
                                           const LARGE_INTEGER* timeout) {
    uintptr_t seen = __atomic_load_n(sequence(variable), __ATOMIC_ACQUIRE);
    // The caller has entered the section once (as Windows requires): leave and re-enter once.
    RtlLeaveCriticalSection(section);
    NTSTATUS status = RtlWaitOnAddress(sequence(variable), &seen, sizeof seen, timeout);
    RtlEnterCriticalSection(section);
    return status;
}

} // extern "C"
