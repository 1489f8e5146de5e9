// The Win32 faces of ntdll's slim synchronisation (SrwLock.cpp, ConditionVariable.cpp,
// RunOnce.cpp, WaitOnAddress.cpp in win32/ntdll): condition-variable sleeps and WaitOnAddress
// with millisecond timeouts and LastError, and InitOnce. The SRW lock functions and the
// condition-variable wakes are forwarded to ntdll by the spec, as on Windows.

#include "win32/kernelbase/KernelBase.h"

using namespace halcyon;
using namespace halcyon::kernelbase;

namespace {

/// An NT relative timeout for `milliseconds`, or null for INFINITE.
LARGE_INTEGER* nt_timeout(DWORD milliseconds, LARGE_INTEGER& storage) {
    if (milliseconds == INFINITE)
        return nullptr;
    storage.QuadPart = -static_cast<LONGLONG>(milliseconds) * 10000;
    return &storage;
}

BOOL finish_wait(NTSTATUS status) {
    if (status == STATUS_TIMEOUT) {
        set_last_error(ERROR_TIMEOUT);
        return FALSE;
    }
    return succeeded_or_set_error(status);
}

} // namespace

extern "C" {

BOOL WINAPI SleepConditionVariableSRW(PCONDITION_VARIABLE variable, PSRWLOCK lock, DWORD milliseconds,
                                      ULONG flags) {
    LARGE_INTEGER storage;
    return finish_wait(
        RtlSleepConditionVariableSRW(variable, lock, nt_timeout(milliseconds, storage), flags));
}

BOOL WINAPI SleepConditionVariableCS(PCONDITION_VARIABLE variable, PCRITICAL_SECTION section,
                                     DWORD milliseconds) {
    LARGE_INTEGER storage;
    return finish_wait(RtlSleepConditionVariableCS(variable, section, nt_timeout(milliseconds, storage)));
}

BOOL WINAPI WaitOnAddress(volatile void* address, PVOID compare, SIZE_T size, DWORD milliseconds) {
    LARGE_INTEGER storage;
    return finish_wait(RtlWaitOnAddress(address, compare, size, nt_timeout(milliseconds, storage)));
}

void WINAPI InitOnceInitialize(PINIT_ONCE once) {
    RtlRunOnceInitialize(once);
}

BOOL WINAPI InitOnceExecuteOnce(PINIT_ONCE once, PINIT_ONCE_FN function, PVOID parameter, LPVOID* context) {
    // The callback's BOOL is the run-once callback's ULONG; a failure leaves its LastError.
    return NT_SUCCESS(RtlRunOnceExecuteOnce(once, reinterpret_cast<PRTL_RUN_ONCE_INIT_FN>(function),
                                            parameter, context))
               ? TRUE
               : FALSE;
}

BOOL WINAPI InitOnceBeginInitialize(PINIT_ONCE once, DWORD flags, PBOOL pending, LPVOID* context) {
    NTSTATUS status = RtlRunOnceBeginInitialize(once, flags, context);
    if (!NT_SUCCESS(status)) {
        set_error_from_status(status);
        return FALSE;
    }
    *pending = status == STATUS_PENDING;
    return TRUE;
}

BOOL WINAPI InitOnceComplete(PINIT_ONCE once, DWORD flags, LPVOID context) {
    return succeeded_or_set_error(RtlRunOnceComplete(once, flags, context));
}

} // extern "C"
