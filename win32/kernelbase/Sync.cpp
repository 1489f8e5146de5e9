// Synchronisation: critical sections (on ntdll's Rtl ones), sleeping, events and waits.

#include "win32/kernelbase/KernelBase.h"
#include "win32/kernelbase/NtInformation.h"

using namespace halcyon;
using namespace halcyon::kernelbase;

namespace {

/// Converts a Win32 timeout in milliseconds to an NT relative timeout (negative 100 ns units);
/// INFINITE becomes a null pointer (wait forever).
PLARGE_INTEGER nt_timeout(DWORD milliseconds, LARGE_INTEGER& storage) {
    if (milliseconds == INFINITE)
        return nullptr;
    storage.QuadPart = -static_cast<LONGLONG>(milliseconds) * 10'000;
    return &storage;
}

DWORD wait_result(NTSTATUS status) {
    if (status == nt::kStatusTimeout)
        return WAIT_TIMEOUT;
    if (status == nt::kStatusUserApc)
        return 0xC0; // WAIT_IO_COMPLETION
    if (!NT_SUCCESS(status)) {
        set_error_from_status(status);
        return WAIT_FAILED;
    }
    return static_cast<DWORD>(status); // WAIT_OBJECT_0 or WAIT_ABANDONED
}

} // namespace

extern "C" {

// NamedObjects.cpp.
HANDLE WINAPI CreateEventExW(LPSECURITY_ATTRIBUTES security, LPCWSTR name, DWORD flags, DWORD access);
HANDLE WINAPI CreateSemaphoreExW(LPSECURITY_ATTRIBUTES security, LONG initial_count, LONG maximum_count, LPCWSTR name,
                                 DWORD flags, DWORD access);

BOOL WINAPI InitializeCriticalSectionAndSpinCount(LPCRITICAL_SECTION section, DWORD spin_count) {
    NTSTATUS status = RtlInitializeCriticalSectionAndSpinCount(section, spin_count);
    if (!NT_SUCCESS(status)) {
        set_error_from_status(status);
        return FALSE;
    }
    return TRUE;
}

BOOL WINAPI InitializeCriticalSectionEx(LPCRITICAL_SECTION section, DWORD spin_count, DWORD flags) {
    // CRITICAL_SECTION_NO_DEBUG_INFO and the other flags only affect debugging information.
    return InitializeCriticalSectionAndSpinCount(section, spin_count);
}

BOOL WINAPI TryEnterCriticalSection(LPCRITICAL_SECTION section) {
    // Not a forwarder (Windows forwards to ntdll): RtlTryEnterCriticalSection returns a BOOLEAN,
    // and a BOOL caller must not see the upper bits of the register.
    return RtlTryEnterCriticalSection(section) ? TRUE : FALSE;
}

DWORD WINAPI SetCriticalSectionSpinCount(LPCRITICAL_SECTION section, DWORD spin_count) {
    DWORD previous = static_cast<DWORD>(section->SpinCount);
    section->SpinCount = spin_count;
    return previous;
}

DWORD WINAPI SleepEx(DWORD milliseconds, BOOL alertable) {
    if (milliseconds == 0 && !alertable) {
        NtYieldExecution();
        return 0;
    }
    LARGE_INTEGER timeout;
    if (milliseconds == INFINITE)
        timeout.QuadPart = static_cast<LONGLONG>(0x8000000000000000ull); // the longest relative wait
    else
        timeout.QuadPart = -static_cast<LONGLONG>(milliseconds) * 10'000;
    NTSTATUS status = NtDelayExecution(alertable ? TRUE : FALSE, &timeout);
    return status == nt::kStatusUserApc ? 0xC0 : 0; // WAIT_IO_COMPLETION
}

void WINAPI Sleep(DWORD milliseconds) { SleepEx(milliseconds, FALSE); }

BOOL WINAPI SwitchToThread(void) {
    // NtYieldExecution reports STATUS_NO_YIELD_PERFORMED (0x40000024) when nothing else ran.
    return NtYieldExecution() == 0 ? TRUE : FALSE;
}

DWORD WINAPI WaitForSingleObjectEx(HANDLE handle, DWORD milliseconds, BOOL alertable) {
    LARGE_INTEGER storage;
    return wait_result(NtWaitForSingleObject(translate_std_handle(handle), alertable ? TRUE : FALSE,
                                             nt_timeout(milliseconds, storage)));
}

DWORD WINAPI WaitForSingleObject(HANDLE handle, DWORD milliseconds) {
    return WaitForSingleObjectEx(handle, milliseconds, FALSE);
}

HANDLE WINAPI CreateEventW(LPSECURITY_ATTRIBUTES security, BOOL manual_reset, BOOL initial_state, LPCWSTR name) {
    return CreateEventExW(security, name, (manual_reset ? 0x1 : 0) | (initial_state ? 0x2 : 0), nt::kEventAllAccess);
}

HANDLE WINAPI CreateEventA(LPSECURITY_ATTRIBUTES security, BOOL manual_reset, BOOL initial_state, LPCSTR name) {
    WideString wide(name, CP_ACP);
    if (!wide.ok())
        return nullptr;
    return CreateEventW(security, manual_reset, initial_state, name ? wide.get() : nullptr);
}

HANDLE WINAPI CreateSemaphoreW(LPSECURITY_ATTRIBUTES security, LONG initial_count, LONG maximum_count, LPCWSTR name) {
    return CreateSemaphoreExW(security, initial_count, maximum_count, name, 0, 0x1F0003 /* SEMAPHORE_ALL_ACCESS */);
}

HANDLE WINAPI CreateSemaphoreA(LPSECURITY_ATTRIBUTES security, LONG initial_count, LONG maximum_count, LPCSTR name) {
    WideString wide(name, CP_ACP);
    if (!wide.ok())
        return nullptr;
    return CreateSemaphoreW(security, initial_count, maximum_count, name ? wide.get() : nullptr);
}

BOOL WINAPI ReleaseSemaphore(HANDLE semaphore, LONG release_count, LPLONG previous_count) {
    return succeeded_or_set_error(NtReleaseSemaphore(semaphore, release_count, previous_count));
}

BOOL WINAPI SetEvent(HANDLE event) { return succeeded_or_set_error(NtSetEvent(event, nullptr)); }
BOOL WINAPI ResetEvent(HANDLE event) { return succeeded_or_set_error(NtResetEvent(event, nullptr)); }
BOOL WINAPI PulseEvent(HANDLE event) { return succeeded_or_set_error(NtPulseEvent(event, nullptr)); }

DWORD WINAPI WaitForMultipleObjectsEx(DWORD count, const HANDLE* handles, BOOL wait_all, DWORD milliseconds,
                                      BOOL alertable) {
    if (count == 0 || count > MAXIMUM_WAIT_OBJECTS || !handles) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return WAIT_FAILED;
    }
    HANDLE translated[MAXIMUM_WAIT_OBJECTS];
    for (DWORD i = 0; i < count; ++i)
        translated[i] = translate_std_handle(handles[i]);
    LARGE_INTEGER storage;
    constexpr ULONG kWaitAll = 0, kWaitAny = 1;
    return wait_result(NtWaitForMultipleObjects(count, translated, wait_all ? kWaitAll : kWaitAny,
                                                alertable ? TRUE : FALSE, nt_timeout(milliseconds, storage)));
}

DWORD WINAPI WaitForMultipleObjects(DWORD count, const HANDLE* handles, BOOL wait_all, DWORD milliseconds) {
    return WaitForMultipleObjectsEx(count, handles, wait_all, milliseconds, FALSE);
}

HANDLE WINAPI CreateMutexExW(LPSECURITY_ATTRIBUTES security, LPCWSTR name, DWORD flags, DWORD access) {
    constexpr DWORD kCreateMutexInitialOwner = 0x1; // CREATE_MUTEX_INITIAL_OWNER
    NamedObjectAttributes attributes(name, security);
    if (!attributes.ok())
        return nullptr;
    HANDLE mutex = nullptr;
    NTSTATUS status =
        NtCreateMutant(&mutex, access, attributes.get(), (flags & kCreateMutexInitialOwner) ? TRUE : FALSE);
    return finish_named_create(status, mutex);
}

HANDLE WINAPI CreateMutexW(LPSECURITY_ATTRIBUTES security, BOOL initial_owner, LPCWSTR name) {
    return CreateMutexExW(security, name, initial_owner ? 0x1 : 0, 0x1F0001 /* MUTEX_ALL_ACCESS */);
}

HANDLE WINAPI CreateMutexA(LPSECURITY_ATTRIBUTES security, BOOL initial_owner, LPCSTR name) {
    WideString wide(name, CP_ACP);
    if (!wide.ok())
        return nullptr;
    return CreateMutexW(security, initial_owner, name ? wide.get() : nullptr);
}

HANDLE WINAPI CreateMutexExA(LPSECURITY_ATTRIBUTES security, LPCSTR name, DWORD flags, DWORD access) {
    WideString wide(name, CP_ACP);
    if (!wide.ok())
        return nullptr;
    return CreateMutexExW(security, name ? wide.get() : nullptr, flags, access);
}

BOOL WINAPI ReleaseMutex(HANDLE mutex) { return succeeded_or_set_error(NtReleaseMutant(mutex, nullptr)); }

} // extern "C"
