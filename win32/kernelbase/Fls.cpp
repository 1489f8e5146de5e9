// Fiber-local storage: FlsAlloc/FlsFree/FlsGetValue/FlsSetValue on ntdll's RtlFls* (Fls.cpp
// there keeps the slots and runs the callbacks at FlsFree and thread exit).

#include "win32/kernelbase/KernelBase.h"

using namespace halcyon;
using namespace halcyon::kernelbase;

namespace {

constexpr DWORD kFlsOutOfIndexes = 0xFFFFFFFF; // FLS_OUT_OF_INDEXES

} // namespace

extern "C" {

DWORD WINAPI FlsAlloc(PFLS_CALLBACK_FUNCTION callback) {
    ULONG index = 0;
    NTSTATUS status = RtlFlsAlloc(callback, &index);
    if (!NT_SUCCESS(status)) {
        set_error_from_status(status);
        return kFlsOutOfIndexes;
    }
    return index;
}

BOOL WINAPI FlsFree(DWORD index) { return succeeded_or_set_error(RtlFlsFree(index)); }

PVOID WINAPI FlsGetValue(DWORD index) {
    PVOID value = nullptr;
    NTSTATUS status = RtlFlsGetValue(index, &value);
    if (!NT_SUCCESS(status)) {
        set_error_from_status(status);
        return nullptr;
    }
    // Callers tell a stored NULL from failure by LastError, so success clears it (as TlsGetValue).
    set_last_error(ERROR_SUCCESS);
    return value;
}

BOOL WINAPI FlsSetValue(DWORD index, PVOID value) { return succeeded_or_set_error(RtlFlsSetValue(index, value)); }

} // extern "C"
