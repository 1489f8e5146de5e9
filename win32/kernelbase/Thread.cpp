// Threads: creation, exit codes, suspension. A new thread starts in ntdll (LdrInitializeThunk:
// static TLS, DLL_THREAD_ATTACH) and then runs the start routine; ExitThread and
// TerminateThread are in Process.cpp.

#include "win32/kernelbase/KernelBase.h"
#include "win32/kernelbase/NtInformation.h"

using namespace halcyon;
using namespace halcyon::kernelbase;

namespace {

constexpr DWORD kCreateSuspended = 0x4;                     // CREATE_SUSPENDED
constexpr DWORD kStackSizeIsReservation = 0x10000;         // STACK_SIZE_PARAM_IS_A_RESERVATION
constexpr ULONG kThreadCreateFlagsCreateSuspended = 0x1;   // THREAD_CREATE_FLAGS_CREATE_SUSPENDED
constexpr ACCESS_MASK kThreadAllAccess = 0x1FFFFF;         // THREAD_ALL_ACCESS

bool query_basic(HANDLE thread, nt::ThreadBasicInformation& info) {
    NTSTATUS status = NtQueryInformationThread(thread, nt::kThreadBasicInformation, &info, sizeof(info), nullptr);
    if (!NT_SUCCESS(status)) {
        set_error_from_status(status);
        return false;
    }
    return true;
}

} // namespace

extern "C" {

HANDLE WINAPI CreateRemoteThreadEx(HANDLE process, LPSECURITY_ATTRIBUTES security, SIZE_T stack_size,
                                   LPTHREAD_START_ROUTINE start, LPVOID parameter, DWORD flags,
                                   LPPROC_THREAD_ATTRIBUTE_LIST attributes, LPDWORD thread_id) {
    if (attributes) {
        HalcyonLogUnimplemented("kernelbase.dll", "CreateRemoteThreadEx with a PROC_THREAD_ATTRIBUTE_LIST");
        set_last_error(ERROR_CALL_NOT_IMPLEMENTED);
        return nullptr;
    }
    OBJECT_ATTRIBUTES object_attributes = unnamed_object_attributes(security);
    // Without STACK_SIZE_PARAM_IS_A_RESERVATION the size is what to commit; the reservation is
    // then the executable's default (the kernel's choice for 0) or more.
    SIZE_T commit = (flags & kStackSizeIsReservation) ? 0 : stack_size;
    SIZE_T reserve = (flags & kStackSizeIsReservation) ? stack_size : 0;
    HANDLE thread = nullptr;
    NTSTATUS status = NtCreateThreadEx(&thread, kThreadAllAccess, &object_attributes, process,
                                       reinterpret_cast<PVOID>(start), parameter,
                                       (flags & kCreateSuspended) ? kThreadCreateFlagsCreateSuspended : 0, 0,
                                       commit, reserve, nullptr);
    if (!NT_SUCCESS(status)) {
        set_error_from_status(status);
        return nullptr;
    }
    if (thread_id) {
        nt::ThreadBasicInformation info{};
        *thread_id = query_basic(thread, info) ? static_cast<DWORD>(info.unique_thread) : 0;
    }
    // Success leaves LastError alone (unlike CreateEvent and friends, which report whether a named
    // object already existed).
    return thread;
}

HANDLE WINAPI CreateRemoteThread(HANDLE process, LPSECURITY_ATTRIBUTES security, SIZE_T stack_size,
                                 LPTHREAD_START_ROUTINE start, LPVOID parameter, DWORD flags, LPDWORD thread_id) {
    return CreateRemoteThreadEx(process, security, stack_size, start, parameter, flags, nullptr, thread_id);
}

HANDLE WINAPI CreateThread(LPSECURITY_ATTRIBUTES security, SIZE_T stack_size, LPTHREAD_START_ROUTINE start,
                           LPVOID parameter, DWORD flags, LPDWORD thread_id) {
    return CreateRemoteThreadEx(current_process_handle(), security, stack_size, start, parameter, flags, nullptr,
                                thread_id);
}

BOOL WINAPI GetExitCodeThread(HANDLE thread, LPDWORD exit_code) {
    nt::ThreadBasicInformation info{};
    if (!query_basic(thread, info))
        return FALSE;
    if (exit_code)
        *exit_code = static_cast<DWORD>(info.exit_status); // STILL_ACTIVE (259) while it runs
    return TRUE;
}

DWORD WINAPI GetThreadId(HANDLE thread) {
    nt::ThreadBasicInformation info{};
    return query_basic(thread, info) ? static_cast<DWORD>(info.unique_thread) : 0;
}

DWORD WINAPI GetProcessIdOfThread(HANDLE thread) {
    nt::ThreadBasicInformation info{};
    return query_basic(thread, info) ? static_cast<DWORD>(info.unique_process) : 0;
}

DWORD WINAPI ResumeThread(HANDLE thread) {
    ULONG previous = 0;
    NTSTATUS status = NtResumeThread(thread, &previous);
    if (!NT_SUCCESS(status)) {
        set_error_from_status(status);
        return static_cast<DWORD>(-1);
    }
    return previous;
}

DWORD WINAPI SuspendThread(HANDLE thread) {
    ULONG previous = 0;
    NTSTATUS status = NtSuspendThread(thread, &previous);
    if (!NT_SUCCESS(status)) {
        set_error_from_status(status);
        return static_cast<DWORD>(-1);
    }
    return previous;
}

} // extern "C"
