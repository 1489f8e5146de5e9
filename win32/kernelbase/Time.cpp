// Time: the system clock, tick counts, the performance counter and FILETIME/SYSTEMTIME
// conversion (TimeConvert.cpp). Local time is UTC shifted by the zone of TimeZone.cpp:
// GetLocalTime by the bias in effect now, FileTimeToLocalFileTime/LocalFileTimeToFileTime by the
// bias in effect now whatever the date (as Windows documents it).

#include "win32/kernelbase/KernelBase.h"
#include "win32/kernelbase/TimeConvert.h"
#include "win32/kernelbase/TimeZone.h"

using namespace halcyon;
using namespace halcyon::kernelbase;
namespace wtime = halcyon::win32::time;

namespace {

const volatile halcyon::abi::SharedUserData* shared_user_data() {
    return reinterpret_cast<const volatile halcyon::abi::SharedUserData*>(halcyon::abi::kSharedUserDataAddress);
}

/// Reads a KSYSTEM_TIME the way Windows does: High1Time, LowPart, then High2Time; equal high
/// parts mean the kernel did not update the value in between.
ULONGLONG read_system_time(const volatile halcyon::abi::KSystemTime& time) {
    for (;;) {
        LONG high1 = time.high1_time;
        ULONG low = time.low_part;
        LONG high2 = time.high2_time;
        if (high1 == high2)
            return (static_cast<ULONGLONG>(static_cast<ULONG>(high1)) << 32) | low;
        __builtin_ia32_pause();
    }
}

ULONGLONG to_ticks(const FILETIME& ft) {
    return (static_cast<ULONGLONG>(ft.dwHighDateTime) << 32) | ft.dwLowDateTime;
}

FILETIME from_ticks(ULONGLONG ticks) {
    FILETIME ft;
    ft.dwLowDateTime = static_cast<DWORD>(ticks);
    ft.dwHighDateTime = static_cast<DWORD>(ticks >> 32);
    return ft;
}

} // namespace

extern "C" {

void WINAPI GetSystemTimeAsFileTime(LPFILETIME file_time) {
    LARGE_INTEGER now;
    now.QuadPart = 0;
    NtQuerySystemTime(&now);
    *file_time = from_ticks(static_cast<ULONGLONG>(now.QuadPart));
}

void WINAPI GetSystemTimePreciseAsFileTime(LPFILETIME file_time) { GetSystemTimeAsFileTime(file_time); }

void WINAPI GetSystemTime(LPSYSTEMTIME system_time) {
    FILETIME now;
    GetSystemTimeAsFileTime(&now);
    FileTimeToSystemTime(&now, system_time);
}

void WINAPI GetLocalTime(LPSYSTEMTIME system_time) {
    FILETIME now, local;
    GetSystemTimeAsFileTime(&now);
    FileTimeToLocalFileTime(&now, &local);
    FileTimeToSystemTime(&local, system_time);
}

BOOL WINAPI FileTimeToSystemTime(const FILETIME* file_time, LPSYSTEMTIME system_time) {
    wtime::CivilTime civil;
    if (!wtime::file_time_to_civil(to_ticks(*file_time), civil)) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    static_assert(sizeof(civil) == sizeof(SYSTEMTIME));
    __builtin_memcpy(system_time, &civil, sizeof(civil));
    return TRUE;
}

BOOL WINAPI SystemTimeToFileTime(const SYSTEMTIME* system_time, LPFILETIME file_time) {
    wtime::CivilTime civil;
    __builtin_memcpy(&civil, system_time, sizeof(civil));
    ULONGLONG ticks;
    if (!wtime::civil_to_file_time(civil, ticks)) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    *file_time = from_ticks(ticks);
    return TRUE;
}

BOOL WINAPI FileTimeToLocalFileTime(const FILETIME* file_time, LPFILETIME local_file_time) {
    constexpr LONGLONG kTicksPerMinute = 600'000'000;
    *local_file_time =
        from_ticks(to_ticks(*file_time) - static_cast<ULONGLONG>(current_bias() * kTicksPerMinute));
    return TRUE;
}

BOOL WINAPI LocalFileTimeToFileTime(const FILETIME* local_file_time, LPFILETIME file_time) {
    constexpr LONGLONG kTicksPerMinute = 600'000'000;
    *file_time =
        from_ticks(to_ticks(*local_file_time) + static_cast<ULONGLONG>(current_bias() * kTicksPerMinute));
    return TRUE;
}

LONG WINAPI CompareFileTime(const FILETIME* a, const FILETIME* b) {
    ULONGLONG x = to_ticks(*a), y = to_ticks(*b);
    return x < y ? -1 : (x > y ? 1 : 0);
}

BOOL WINAPI QueryPerformanceCounter(LARGE_INTEGER* counter) {
    return succeeded_or_set_error(NtQueryPerformanceCounter(counter, nullptr));
}

BOOL WINAPI QueryPerformanceFrequency(LARGE_INTEGER* frequency) {
    LARGE_INTEGER counter;
    return succeeded_or_set_error(NtQueryPerformanceCounter(&counter, frequency));
}

ULONGLONG WINAPI GetTickCount64(void) {
    // Windows: TickCount * TickCountMultiplier / 2^24 from KUSER_SHARED_DATA. When the kernel does
    // not maintain the tick count (multiplier 0), derive milliseconds from the performance counter.
    const volatile halcyon::abi::SharedUserData* shared = shared_user_data();
    ULONG multiplier = shared->tick_count_multiplier;
    if (multiplier != 0) {
        ULONGLONG ticks = read_system_time(shared->tick_count);
        return static_cast<ULONGLONG>((static_cast<unsigned __int128>(ticks) * multiplier) >> 24);
    }
    LARGE_INTEGER counter, frequency;
    if (!NT_SUCCESS(NtQueryPerformanceCounter(&counter, &frequency)) || frequency.QuadPart <= 0)
        return 0;
    // Split to avoid 128-bit division (no compiler runtime for it in our DLLs).
    auto count = static_cast<ULONGLONG>(counter.QuadPart);
    auto hz = static_cast<ULONGLONG>(frequency.QuadPart);
    return count / hz * 1000 + count % hz * 1000 / hz;
}

DWORD WINAPI GetTickCount(void) { return static_cast<DWORD>(GetTickCount64()); }

} // extern "C"
