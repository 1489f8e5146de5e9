// Virtual memory: VirtualAlloc/Free/Protect/Query on the Nt*VirtualMemory system calls.

#include "win32/kernelbase/KernelBase.h"
#include "win32/kernelbase/NtInformation.h"

using namespace halcyon;
using namespace halcyon::kernelbase;

extern "C" {

LPVOID WINAPI VirtualAllocEx(HANDLE process, LPVOID address, SIZE_T size, DWORD allocation_type, DWORD protect) {
    PVOID base = address;
    SIZE_T region = size;
    NTSTATUS status = NtAllocateVirtualMemory(process, &base, 0, &region, allocation_type, protect);
    if (!NT_SUCCESS(status)) {
        set_error_from_status(status);
        return nullptr;
    }
    return base;
}

LPVOID WINAPI VirtualAlloc(LPVOID address, SIZE_T size, DWORD allocation_type, DWORD protect) {
    return VirtualAllocEx(current_process_handle(), address, size, allocation_type, protect);
}

BOOL WINAPI VirtualFreeEx(HANDLE process, LPVOID address, SIZE_T size, DWORD free_type) {
    // Releasing takes the whole reservation: Windows rejects a size with MEM_RELEASE.
    if ((free_type & MEM_RELEASE) && size != 0) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    PVOID base = address;
    SIZE_T region = size;
    return succeeded_or_set_error(NtFreeVirtualMemory(process, &base, &region, free_type));
}

BOOL WINAPI VirtualFree(LPVOID address, SIZE_T size, DWORD free_type) {
    return VirtualFreeEx(current_process_handle(), address, size, free_type);
}

BOOL WINAPI VirtualProtectEx(HANDLE process, LPVOID address, SIZE_T size, DWORD new_protect, PDWORD old_protect) {
    if (!old_protect) {
        set_last_error(ERROR_NOACCESS);
        return FALSE;
    }
    PVOID base = address;
    SIZE_T region = size;
    ULONG old = 0;
    NTSTATUS status = NtProtectVirtualMemory(process, &base, &region, new_protect, &old);
    if (!NT_SUCCESS(status)) {
        set_error_from_status(status);
        return FALSE;
    }
    *old_protect = old;
    return TRUE;
}

BOOL WINAPI VirtualProtect(LPVOID address, SIZE_T size, DWORD new_protect, PDWORD old_protect) {
    return VirtualProtectEx(current_process_handle(), address, size, new_protect, old_protect);
}

SIZE_T WINAPI VirtualQueryEx(HANDLE process, LPCVOID address, PMEMORY_BASIC_INFORMATION buffer, SIZE_T length) {
    SIZE_T returned = 0;
    NTSTATUS status = NtQueryVirtualMemory(process, const_cast<void*>(address), nt::kMemoryBasicInformation,
                                           buffer, length, &returned);
    if (!NT_SUCCESS(status)) {
        set_error_from_status(status);
        return 0;
    }
    return returned;
}

SIZE_T WINAPI VirtualQuery(LPCVOID address, PMEMORY_BASIC_INFORMATION buffer, SIZE_T length) {
    return VirtualQueryEx(current_process_handle(), address, buffer, length);
}

BOOL WINAPI FlushInstructionCache(HANDLE process, LPCVOID address, SIZE_T size) {
    return succeeded_or_set_error(NtFlushInstructionCache(process, const_cast<void*>(address), size));
}

} // extern "C"
