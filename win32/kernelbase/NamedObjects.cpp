// Named kernel objects from Win32: the \BaseNamedObjects names of CreateEvent/CreateMutex/
// CreateSemaphore/CreateFileMapping/CreateWaitableTimer and the Open* functions; waitable timers;
// QueueUserAPC. The namespace itself is the kernel's (core/ob/Namespace.h).

#include "win32/kernelbase/KernelBase.h"
#include "win32/kernelbase/NtInformation.h"

using namespace halcyon;
using namespace halcyon::kernelbase;

namespace {

constexpr WCHAR kBaseNamedObjects[] = L"\\BaseNamedObjects\\";
constexpr DWORD kTimerAllAccess = 0x1F0003;
constexpr DWORD kCreateEventManualReset = 0x1, kCreateEventInitialSet = 0x2;
constexpr DWORD kCreateWaitableTimerManualReset = 0x1;
constexpr ULONG kNotificationTimer = 0, kSynchronizationTimer = 1;

using NtOpenFunction = NTSTATUS(NTAPI*)(PHANDLE, ACCESS_MASK, POBJECT_ATTRIBUTES);

/// The common shape of OpenEvent, OpenMutex, ...: a null name is ERROR_INVALID_PARAMETER.
HANDLE open_named(NtOpenFunction open, DWORD access, BOOL inherit, const WCHAR* name) {
    if (!name) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return nullptr;
    }
    NamedObjectAttributes attributes(name, nullptr, inherit);
    if (!attributes.ok())
        return nullptr;
    HANDLE handle = nullptr;
    NTSTATUS status = open(&handle, access, attributes.get());
    if (!NT_SUCCESS(status)) {
        set_error_from_status(status);
        return nullptr;
    }
    return handle;
}

/// Runs an ANSI variant through its Unicode one; a null name stays null.
template <typename Call>
HANDLE with_wide_name(const char* name, Call call) {
    WideString wide(name, CP_ACP);
    if (!wide.ok())
        return nullptr;
    return call(name ? wide.get() : nullptr);
}

} // namespace

namespace halcyon::kernelbase {

NamedObjectAttributes::NamedObjectAttributes(const WCHAR* name, const SECURITY_ATTRIBUTES* security, BOOL inherit) {
    m_attributes = unnamed_object_attributes(security);
    if (inherit)
        m_attributes.Attributes |= OBJ_INHERIT;
    if (!name || !*name)
        return;
    size_t length = wide_length(name);
    if (length > MAX_PATH) {
        set_last_error(ERROR_FILENAME_EXCED_RANGE);
        m_ok = false;
        return;
    }
    size_t prefix = sizeof(kBaseNamedObjects) / sizeof(WCHAR) - 1;
    for (size_t i = 0; i < prefix; ++i)
        m_buffer[i] = kBaseNamedObjects[i];
    for (size_t i = 0; i <= length; ++i)
        m_buffer[prefix + i] = name[i];
    m_name.Buffer = m_buffer;
    m_name.Length = static_cast<USHORT>((prefix + length) * sizeof(WCHAR));
    m_name.MaximumLength = static_cast<USHORT>(m_name.Length + sizeof(WCHAR));
    m_attributes.ObjectName = &m_name;
    m_attributes.Attributes |= OBJ_OPENIF;
}

HANDLE finish_named_create(NTSTATUS status, HANDLE handle) {
    if (!NT_SUCCESS(status)) {
        set_error_from_status(status);
        return nullptr;
    }
    set_last_error(status == STATUS_OBJECT_NAME_EXISTS ? ERROR_ALREADY_EXISTS : ERROR_SUCCESS);
    return handle;
}

} // namespace halcyon::kernelbase

extern "C" {

HANDLE WINAPI OpenEventW(DWORD access, BOOL inherit, LPCWSTR name) { return open_named(NtOpenEvent, access, inherit, name); }
HANDLE WINAPI OpenEventA(DWORD access, BOOL inherit, LPCSTR name) {
    return with_wide_name(name, [&](const WCHAR* wide) { return OpenEventW(access, inherit, wide); });
}
HANDLE WINAPI OpenMutexW(DWORD access, BOOL inherit, LPCWSTR name) { return open_named(NtOpenMutant, access, inherit, name); }
HANDLE WINAPI OpenMutexA(DWORD access, BOOL inherit, LPCSTR name) {
    return with_wide_name(name, [&](const WCHAR* wide) { return OpenMutexW(access, inherit, wide); });
}
HANDLE WINAPI OpenSemaphoreW(DWORD access, BOOL inherit, LPCWSTR name) {
    return open_named(NtOpenSemaphore, access, inherit, name);
}
HANDLE WINAPI OpenSemaphoreA(DWORD access, BOOL inherit, LPCSTR name) {
    return with_wide_name(name, [&](const WCHAR* wide) { return OpenSemaphoreW(access, inherit, wide); });
}
HANDLE WINAPI OpenFileMappingW(DWORD access, BOOL inherit, LPCWSTR name) {
    // FILE_MAP_* rights are the section rights they name (FILE_MAP_READ = SECTION_MAP_READ, ...).
    return open_named(NtOpenSection, access, inherit, name);
}
HANDLE WINAPI OpenFileMappingA(DWORD access, BOOL inherit, LPCSTR name) {
    return with_wide_name(name, [&](const WCHAR* wide) { return OpenFileMappingW(access, inherit, wide); });
}
HANDLE WINAPI OpenWaitableTimerW(DWORD access, BOOL inherit, LPCWSTR name) {
    return open_named(NtOpenTimer, access, inherit, name);
}
HANDLE WINAPI OpenWaitableTimerA(DWORD access, BOOL inherit, LPCSTR name) {
    return with_wide_name(name, [&](const WCHAR* wide) { return OpenWaitableTimerW(access, inherit, wide); });
}

HANDLE WINAPI CreateEventExW(LPSECURITY_ATTRIBUTES security, LPCWSTR name, DWORD flags, DWORD access) {
    NamedObjectAttributes attributes(name, security);
    if (!attributes.ok())
        return nullptr;
    HANDLE event = nullptr;
    NTSTATUS status = NtCreateEvent(&event, access, attributes.get(),
                                    (flags & kCreateEventManualReset) ? nt::kNotificationEvent : nt::kSynchronizationEvent,
                                    (flags & kCreateEventInitialSet) ? TRUE : FALSE);
    return finish_named_create(status, event);
}
HANDLE WINAPI CreateEventExA(LPSECURITY_ATTRIBUTES security, LPCSTR name, DWORD flags, DWORD access) {
    return with_wide_name(name, [&](const WCHAR* wide) { return CreateEventExW(security, wide, flags, access); });
}

HANDLE WINAPI CreateSemaphoreExW(LPSECURITY_ATTRIBUTES security, LONG initial_count, LONG maximum_count, LPCWSTR name,
                                 DWORD flags, DWORD access) {
    if (flags) {
        set_last_error(ERROR_INVALID_PARAMETER); // reserved, must be 0
        return nullptr;
    }
    NamedObjectAttributes attributes(name, security);
    if (!attributes.ok())
        return nullptr;
    HANDLE semaphore = nullptr;
    NTSTATUS status = NtCreateSemaphore(&semaphore, access, attributes.get(), initial_count, maximum_count);
    return finish_named_create(status, semaphore);
}
HANDLE WINAPI CreateSemaphoreExA(LPSECURITY_ATTRIBUTES security, LONG initial_count, LONG maximum_count, LPCSTR name,
                                 DWORD flags, DWORD access) {
    return with_wide_name(name, [&](const WCHAR* wide) {
        return CreateSemaphoreExW(security, initial_count, maximum_count, wide, flags, access);
    });
}

HANDLE WINAPI CreateWaitableTimerExW(LPSECURITY_ATTRIBUTES security, LPCWSTR name, DWORD flags, DWORD access) {
    NamedObjectAttributes attributes(name, security);
    if (!attributes.ok())
        return nullptr;
    HANDLE timer = nullptr;
    NTSTATUS status = NtCreateTimer(&timer, access, attributes.get(),
                                    (flags & kCreateWaitableTimerManualReset) ? kNotificationTimer : kSynchronizationTimer);
    return finish_named_create(status, timer);
}
HANDLE WINAPI CreateWaitableTimerExA(LPSECURITY_ATTRIBUTES security, LPCSTR name, DWORD flags, DWORD access) {
    return with_wide_name(name, [&](const WCHAR* wide) { return CreateWaitableTimerExW(security, wide, flags, access); });
}
HANDLE WINAPI CreateWaitableTimerW(LPSECURITY_ATTRIBUTES security, BOOL manual_reset, LPCWSTR name) {
    return CreateWaitableTimerExW(security, name, manual_reset ? kCreateWaitableTimerManualReset : 0, kTimerAllAccess);
}
HANDLE WINAPI CreateWaitableTimerA(LPSECURITY_ATTRIBUTES security, BOOL manual_reset, LPCSTR name) {
    return with_wide_name(name, [&](const WCHAR* wide) { return CreateWaitableTimerW(security, manual_reset, wide); });
}

BOOL WINAPI SetWaitableTimer(HANDLE timer, const LARGE_INTEGER* due_time, LONG period, PVOID completion_routine,
                             LPVOID argument, BOOL resume) {
    LARGE_INTEGER due = *due_time; // a bad pointer faults here, in the caller, as on Windows
    NTSTATUS status = NtSetTimer(timer, &due, completion_routine, argument, resume ? TRUE : FALSE, period, nullptr);
    if (!NT_SUCCESS(status)) {
        set_error_from_status(status);
        return FALSE;
    }
    // FIXME: resuming the system from sleep is not supported; Windows says so this way too.
    set_last_error(resume ? ERROR_NOT_SUPPORTED : ERROR_SUCCESS);
    return TRUE;
}

BOOL WINAPI SetWaitableTimerEx(HANDLE timer, const LARGE_INTEGER* due_time, LONG period, PVOID completion_routine,
                               LPVOID argument, PVOID wake_context, ULONG tolerable_delay) {
    // The wake context (power requests) and the coalescing tolerance change nothing here.
    return SetWaitableTimer(timer, due_time, period, completion_routine, argument, FALSE);
}

BOOL WINAPI CancelWaitableTimer(HANDLE timer) { return succeeded_or_set_error(NtCancelTimer(timer, nullptr)); }

DWORD WINAPI QueueUserAPC(PVOID routine, HANDLE thread, ULONG_PTR data) {
    NTSTATUS status = NtQueueApcThread(thread, routine, reinterpret_cast<PVOID>(data), nullptr, nullptr);
    if (!NT_SUCCESS(status)) {
        set_error_from_status(status);
        return 0;
    }
    return 1;
}

} // extern "C"
