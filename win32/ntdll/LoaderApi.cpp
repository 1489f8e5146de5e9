// The loader's run-time interface, used by kernelbase (LoadLibrary, GetModuleHandle,
// GetProcAddress, FreeLibrary, DisableThreadLibraryCalls). Each entry point takes the loader
// lock itself; all may be called from DllMain (the lock is recursive).

#include "Loader.h"

namespace halcyon::ntdll {

namespace {

/// The last module in load order: everything linked after it was loaded by the current call.
LIST_ENTRY* load_order_tail() {
    return g_loader_data.InLoadOrderModuleList.Blink;
}

/// Initialises every module loaded after `tail` (dependencies first). Precondition: loader lock.
NTSTATUS initialize_new_modules(LIST_ENTRY* tail) {
    NTSTATUS status = allocate_thread_tls();
    if (!NT_SUCCESS(status))
        return status;
    LIST_ENTRY* head = &g_loader_data.InLoadOrderModuleList;
    for (LIST_ENTRY* link = tail->Flink; link != head; link = link->Flink) {
        auto* module = module_from_entry(CONTAINING_RECORD(link, LDR_DATA_TABLE_ENTRY, InLoadOrderLinks));
        status = initialize_module_tree(module, false);
        if (!NT_SUCCESS(status))
            return status;
    }
    return STATUS_SUCCESS;
}

/// Undoes a failed load: unloads the modules linked after `tail` that nothing references (their
/// own dependencies follow through release_module). Precondition: loader lock.
void roll_back(LIST_ENTRY* tail) {
    LIST_ENTRY* head = &g_loader_data.InLoadOrderModuleList;
    for (;;) {
        LoaderModule* victim = nullptr;
        for (LIST_ENTRY* link = tail->Flink; link != head; link = link->Flink) {
            auto* module = module_from_entry(CONTAINING_RECORD(link, LDR_DATA_TABLE_ENTRY, InLoadOrderLinks));
            if (module->load_count == 0 && !module->unloading)
                victim = module; // the last such module: unload dependents before dependencies
        }
        if (!victim)
            return;
        release_module(victim);
    }
}

/// DllPath values below 64 KiB are flags (LOAD_LIBRARY_SEARCH_*), not strings.
PCWSTR search_path_argument(PCWSTR path) {
    return reinterpret_cast<uintptr_t>(path) < 0x10000 ? nullptr : path;
}

} // namespace

} // namespace halcyon::ntdll

using namespace halcyon;
using namespace halcyon::ntdll;

extern "C" {

NTSTATUS NTAPI LdrLoadDll(PCWSTR search_path, PULONG dll_characteristics, PCUNICODE_STRING dll_name,
                          PVOID* base_address) {
    if (!dll_name || !dll_name->Buffer || !base_address)
        return STATUS_INVALID_PARAMETER;
    LoaderLockGuard guard;
    LIST_ENTRY* tail = load_order_tail();
    LoaderModule* module = nullptr;
    NTSTATUS status = load_dll(dll_name->Buffer, dll_name->Length / sizeof(WCHAR),
                               search_path_argument(search_path), nullptr, &module);
    if (NT_SUCCESS(status)) {
        // Referenced before initialisation so a DllMain that loads and frees its own DLL cannot
        // unload it under us.
        add_reference(module);
        status = initialize_new_modules(tail);
        if (!NT_SUCCESS(status))
            release_module(module);
    }
    if (!NT_SUCCESS(status)) {
        roll_back(tail);
        *base_address = nullptr;
        return status;
    }
    *base_address = module->entry.DllBase;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI LdrGetDllHandleEx(ULONG flags, PCWSTR search_path, PULONG dll_characteristics,
                                 PCUNICODE_STRING dll_name, PVOID* base_address) {
    if (!base_address)
        return STATUS_INVALID_PARAMETER;
    *base_address = nullptr;
    if (!dll_name || !dll_name->Buffer)
        return STATUS_INVALID_PARAMETER;
    LoaderLockGuard guard;
    LoaderModule* module = nullptr;
    NTSTATUS status = find_dll(dll_name->Buffer, dll_name->Length / sizeof(WCHAR), &module);
    if (!NT_SUCCESS(status))
        return status;
    if (flags & LDR_GET_DLL_HANDLE_EX_PIN)
        module->load_count = kPinnedLoadCount;
    else if (!(flags & LDR_GET_DLL_HANDLE_EX_UNCHANGED_REFCOUNT))
        add_reference(module);
    *base_address = module->entry.DllBase;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI LdrGetDllHandle(PCWSTR search_path, PULONG dll_characteristics, PCUNICODE_STRING dll_name,
                               PVOID* base_address) {
    // GetModuleHandle does not take a reference.
    return LdrGetDllHandleEx(LDR_GET_DLL_HANDLE_EX_UNCHANGED_REFCOUNT, search_path, dll_characteristics,
                             dll_name, base_address);
}

NTSTATUS NTAPI LdrAddRefDll(ULONG flags, PVOID base_address) {
    LoaderLockGuard guard;
    LoaderModule* module = find_module_by_base(base_address);
    if (!module)
        return STATUS_INVALID_PARAMETER;
    if (flags & LDR_ADDREF_DLL_PIN)
        module->load_count = kPinnedLoadCount;
    else
        add_reference(module);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI LdrGetProcedureAddress(PVOID base_address, PCANSI_STRING name, ULONG ordinal, PVOID* address) {
    if (!address)
        return STATUS_INVALID_PARAMETER;
    *address = nullptr;
    LoaderLockGuard guard;
    if (!base_address)
        base_address = reinterpret_cast<PVOID>(current_peb()->image_base_address);
    LoaderModule* module = find_module_by_base(base_address);
    if (!module)
        return STATUS_DLL_NOT_FOUND;
    LIST_ENTRY* tail = load_order_tail();
    bool by_ordinal = !name || !name->Buffer;
    StringView function = by_ordinal ? StringView() : StringView(name->Buffer, name->Length);
    void* result = nullptr;
    NTSTATUS status = resolve_export(module, by_ordinal, ordinal, function, pe::kNoHint, nullptr, &result);
    // A forwarder may have loaded its target DLL: initialise it before handing out the address.
    if (NT_SUCCESS(status))
        status = initialize_new_modules(tail);
    if (!NT_SUCCESS(status)) {
        roll_back(tail);
        return status;
    }
    *address = result;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI LdrUnloadDll(PVOID base_address) {
    LoaderLockGuard guard;
    LoaderModule* module = find_module_by_base(base_address);
    if (!module)
        return STATUS_DLL_NOT_FOUND;
    release_module(module);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI LdrDisableThreadCalloutsForDll(PVOID base_address) {
    LoaderLockGuard guard;
    LoaderModule* module = find_module_by_base(base_address);
    if (!module)
        return STATUS_DLL_NOT_FOUND;
    module->entry.Flags |= LDRP_DONT_CALL_FOR_THREADS;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI LdrLockLoaderLock(ULONG flags, PULONG disposition, PULONG_PTR cookie) {
    constexpr ULONG kTryOnly = 0x2;
    constexpr ULONG kAcquired = 1;
    constexpr ULONG kNotAcquired = 2;
    if (cookie)
        *cookie = 0;
    if (flags & kTryOnly) {
        if (!disposition)
            return STATUS_INVALID_PARAMETER_2;
        if (!RtlTryEnterCriticalSection(&g_loader_lock)) {
            *disposition = kNotAcquired;
            return STATUS_SUCCESS;
        }
        *disposition = kAcquired;
    } else {
        RtlEnterCriticalSection(&g_loader_lock);
        if (disposition)
            *disposition = kAcquired;
    }
    // The cookie identifies the owner; Halcyon checks it on unlock.
    if (cookie)
        *cookie = reinterpret_cast<ULONG_PTR>(current_thread_id());
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI LdrUnlockLoaderLock(ULONG flags, ULONG_PTR cookie) {
    if (cookie && cookie != reinterpret_cast<ULONG_PTR>(current_thread_id()))
        return STATUS_INVALID_PARAMETER_2;
    RtlLeaveCriticalSection(&g_loader_lock);
    return STATUS_SUCCESS;
}

} // extern "C"
