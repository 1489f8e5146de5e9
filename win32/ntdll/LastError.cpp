// The per-thread error state in the TEB: LastErrorValue (0x68), which GetLastError reads, and
// LastStatusValue (0x1250), the last status converted by RtlNtStatusToDosError.

#include "Ntdll.h"

using namespace halcyon::ntdll;

extern "C" {

PVOID NTAPI NtCurrentTeb(void) {
    return current_teb();
}

PVOID NTAPI RtlGetCurrentPeb(void) {
    return current_peb();
}

ULONG NTAPI RtlGetLastWin32Error(void) {
    return current_teb()->last_error_value;
}

void NTAPI RtlSetLastWin32Error(ULONG error) {
    current_teb()->last_error_value = error;
}

void NTAPI RtlRestoreLastWin32Error(ULONG error) {
    current_teb()->last_error_value = error;
}

NTSTATUS NTAPI RtlGetLastNtStatus(void) {
    return static_cast<NTSTATUS>(current_teb()->last_status_value);
}

ULONG NTAPI RtlNtStatusToDosError(NTSTATUS status) {
    // Windows records the status being converted so RtlGetLastNtStatus can report it.
    current_teb()->last_status_value = static_cast<uint32_t>(status);
    return RtlNtStatusToDosErrorNoTeb(status);
}

void NTAPI RtlSetLastWin32ErrorAndNtStatusFromNtStatus(NTSTATUS status) {
    current_teb()->last_error_value = RtlNtStatusToDosError(status);
}

} // extern "C"
