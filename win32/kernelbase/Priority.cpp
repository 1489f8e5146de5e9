// Scheduling attributes of threads and processes: Get/SetThreadPriority, priority boost,
// Get/SetPriorityClass, affinity masks and processor counts. Everything is kept by the kernel
// (NtSetInformationThread/Process, read back through the basic-information classes) so other
// processes holding a handle see the same values.
// FIXME: the kernel records priorities but its scheduler (one CPU, a FIFO run queue) does not
// use them yet, and PROCESS_MODE_BACKGROUND_* / THREAD_MODE_BACKGROUND_* fail loudly
// (ERROR_CALL_NOT_IMPLEMENTED).

#include "win32/kernelbase/KernelBase.h"
#include "win32/kernelbase/NtInformation.h"

using namespace halcyon;
using namespace halcyon::kernelbase;

namespace {

// THREAD_PRIORITY_* ([processthreadsapi.h]).
constexpr int kPriorityLowest = -2;
constexpr int kPriorityHighest = 2;
constexpr int kPriorityIdle = -15;
constexpr int kPriorityTimeCritical = 15;
constexpr int kPriorityErrorReturn = 0x7FFFFFFF; // THREAD_PRIORITY_ERROR_RETURN
/// What the kernel stores for idle / time critical (THREAD_BASE_PRIORITY_LOWRT + 1).
constexpr LONG kSaturationIncrement = 16;
/// Background processing modes (lower I/O and memory priority), not supported yet.
constexpr int kThreadModeBackgroundBegin = 0x00010000;
constexpr int kThreadModeBackgroundEnd = 0x00020000;
constexpr DWORD kProcessModeBackgroundBegin = 0x00100000;
constexpr DWORD kProcessModeBackgroundEnd = 0x00200000;

// THREADINFOCLASS / PROCESSINFOCLASS values.
constexpr ULONG kThreadBasePriority = 3;
constexpr ULONG kThreadAffinityMask = 4;
constexpr ULONG kThreadPriorityBoost = 14;
constexpr ULONG kProcessPriorityClass = 18;
constexpr ULONG kProcessAffinityMask = 21;
constexpr ULONG kProcessPriorityBoost = 22;
constexpr ULONG kSystemBasicInformation = 0;

/// The *_PRIORITY_CLASS flags and the PROCESS_PRIORITY_CLASS_* numbers the kernel uses.
struct PriorityClassName {
    DWORD flag;
    UCHAR kernel_class;
};
constexpr PriorityClassName kPriorityClasses[] = {
    {0x00000040, 1}, // IDLE_PRIORITY_CLASS
    {0x00000020, 2}, // NORMAL_PRIORITY_CLASS
    {0x00000080, 3}, // HIGH_PRIORITY_CLASS
    {0x00000100, 4}, // REALTIME_PRIORITY_CLASS
    {0x00004000, 5}, // BELOW_NORMAL_PRIORITY_CLASS
    {0x00008000, 6}, // ABOVE_NORMAL_PRIORITY_CLASS
};

struct PriorityClassInformation {
    BOOLEAN foreground;
    UCHAR priority_class;
};

/// SYSTEM_BASIC_INFORMATION.
struct SystemBasicInformation {
    ULONG reserved;
    ULONG timer_resolution;
    ULONG page_size;
    ULONG number_of_physical_pages;
    ULONG lowest_physical_page_number;
    ULONG highest_physical_page_number;
    ULONG allocation_granularity;
    ULONG_PTR minimum_user_mode_address;
    ULONG_PTR maximum_user_mode_address;
    ULONG_PTR active_processors_affinity_mask;
    char number_of_processors;
};
static_assert(sizeof(SystemBasicInformation) == 64);

bool query_system(SystemBasicInformation& info) {
    NTSTATUS status = NtQuerySystemInformation(kSystemBasicInformation, &info, sizeof(info), nullptr);
    if (!NT_SUCCESS(status)) {
        set_error_from_status(status);
        return false;
    }
    return true;
}

bool query_thread(HANDLE thread, nt::ThreadBasicInformation& info) {
    NTSTATUS status = NtQueryInformationThread(thread, nt::kThreadBasicInformation, &info, sizeof(info), nullptr);
    if (!NT_SUCCESS(status)) {
        set_error_from_status(status);
        return false;
    }
    return true;
}

bool query_process(HANDLE process, nt::ProcessBasicInformation& info) {
    NTSTATUS status =
        NtQueryInformationProcess(process, nt::kProcessBasicInformation, &info, sizeof(info), nullptr);
    if (!NT_SUCCESS(status)) {
        set_error_from_status(status);
        return false;
    }
    return true;
}

} // namespace

extern "C" {

BOOL WINAPI SetThreadPriority(HANDLE thread, int priority) {
    if (priority == kThreadModeBackgroundBegin || priority == kThreadModeBackgroundEnd) {
        HalcyonLogUnimplemented("kernelbase.dll", "SetThreadPriority THREAD_MODE_BACKGROUND_*");
        set_last_error(ERROR_CALL_NOT_IMPLEMENTED);
        return FALSE;
    }
    LONG increment = priority;
    if (priority == kPriorityTimeCritical)
        increment = kSaturationIncrement;
    else if (priority == kPriorityIdle)
        increment = -kSaturationIncrement;
    else if (priority < kPriorityLowest || priority > kPriorityHighest) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    return succeeded_or_set_error(NtSetInformationThread(thread, kThreadBasePriority, &increment, sizeof(increment)));
}

int WINAPI GetThreadPriority(HANDLE thread) {
    nt::ThreadBasicInformation info{};
    if (!query_thread(thread, info))
        return kPriorityErrorReturn;
    if (info.base_priority == kSaturationIncrement)
        return kPriorityTimeCritical;
    if (info.base_priority == -kSaturationIncrement)
        return kPriorityIdle;
    return info.base_priority;
}

BOOL WINAPI SetThreadPriorityBoost(HANDLE thread, BOOL disable) {
    ULONG value = disable ? 1 : 0;
    return succeeded_or_set_error(NtSetInformationThread(thread, kThreadPriorityBoost, &value, sizeof(value)));
}

BOOL WINAPI GetThreadPriorityBoost(HANDLE thread, PBOOL disabled) {
    ULONG value = 0;
    NTSTATUS status = NtQueryInformationThread(thread, kThreadPriorityBoost, &value, sizeof(value), nullptr);
    if (!NT_SUCCESS(status)) {
        set_error_from_status(status);
        return FALSE;
    }
    if (!disabled) {
        set_last_error(ERROR_NOACCESS);
        return FALSE;
    }
    *disabled = value != 0;
    return TRUE;
}

BOOL WINAPI SetProcessPriorityBoost(HANDLE process, BOOL disable) {
    ULONG value = disable ? 1 : 0;
    return succeeded_or_set_error(NtSetInformationProcess(process, kProcessPriorityBoost, &value, sizeof(value)));
}

BOOL WINAPI GetProcessPriorityBoost(HANDLE process, PBOOL disabled) {
    ULONG value = 0;
    NTSTATUS status = NtQueryInformationProcess(process, kProcessPriorityBoost, &value, sizeof(value), nullptr);
    if (!NT_SUCCESS(status)) {
        set_error_from_status(status);
        return FALSE;
    }
    if (!disabled) {
        set_last_error(ERROR_NOACCESS);
        return FALSE;
    }
    *disabled = value != 0;
    return TRUE;
}

BOOL WINAPI SetPriorityClass(HANDLE process, DWORD priority_class) {
    if (priority_class == kProcessModeBackgroundBegin || priority_class == kProcessModeBackgroundEnd) {
        HalcyonLogUnimplemented("kernelbase.dll", "SetPriorityClass PROCESS_MODE_BACKGROUND_*");
        set_last_error(ERROR_CALL_NOT_IMPLEMENTED);
        return FALSE;
    }
    for (const PriorityClassName& name : kPriorityClasses) {
        if (name.flag != priority_class)
            continue;
        PriorityClassInformation info{FALSE, name.kernel_class};
        return succeeded_or_set_error(NtSetInformationProcess(process, kProcessPriorityClass, &info, sizeof(info)));
    }
    set_last_error(ERROR_INVALID_PARAMETER);
    return FALSE;
}

DWORD WINAPI GetPriorityClass(HANDLE process) {
    PriorityClassInformation info{};
    NTSTATUS status = NtQueryInformationProcess(process, kProcessPriorityClass, &info, sizeof(info), nullptr);
    if (!NT_SUCCESS(status)) {
        set_error_from_status(status);
        return 0;
    }
    for (const PriorityClassName& name : kPriorityClasses)
        if (name.kernel_class == info.priority_class)
            return name.flag;
    return 0x00000020; // NORMAL_PRIORITY_CLASS: the kernel only stores the classes above
}

BOOL WINAPI GetProcessAffinityMask(HANDLE process, DWORD_PTR* process_mask, DWORD_PTR* system_mask) {
    nt::ProcessBasicInformation info{};
    SystemBasicInformation system{};
    if (!query_process(process, info) || !query_system(system))
        return FALSE;
    if (!process_mask || !system_mask) {
        set_last_error(ERROR_NOACCESS);
        return FALSE;
    }
    *process_mask = info.affinity_mask;
    *system_mask = system.active_processors_affinity_mask;
    return TRUE;
}

BOOL WINAPI SetProcessAffinityMask(HANDLE process, DWORD_PTR mask) {
    return succeeded_or_set_error(NtSetInformationProcess(process, kProcessAffinityMask, &mask, sizeof(mask)));
}

DWORD_PTR WINAPI SetThreadAffinityMask(HANDLE thread, DWORD_PTR mask) {
    nt::ThreadBasicInformation info{};
    if (!query_thread(thread, info))
        return 0;
    NTSTATUS status = NtSetInformationThread(thread, kThreadAffinityMask, &mask, sizeof(mask));
    if (!NT_SUCCESS(status)) {
        set_error_from_status(status);
        return 0;
    }
    return info.affinity_mask; // the previous mask
}

DWORD WINAPI GetActiveProcessorCount(WORD group) {
    // Halcyon has one processor group, group 0 (ALL_PROCESSOR_GROUPS, 0xFFFF, counts it too).
    if (group != 0 && group != 0xFFFF) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    SystemBasicInformation system{};
    if (!query_system(system))
        return 0;
    return static_cast<DWORD>(static_cast<unsigned char>(system.number_of_processors));
}

DWORD WINAPI GetMaximumProcessorCount(WORD group) { return GetActiveProcessorCount(group); }

WORD WINAPI GetActiveProcessorGroupCount(void) { return 1; }

WORD WINAPI GetMaximumProcessorGroupCount(void) { return 1; }

} // extern "C"
