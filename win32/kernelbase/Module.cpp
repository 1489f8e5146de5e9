// Modules: GetModuleHandle, GetModuleFileName, GetProcAddress, LoadLibrary, FreeLibrary, on
// ntdll's loader (Ldr*) and its module list in the PEB.
// The module list is walked under the loader lock, so a concurrent LoadLibrary cannot change it.

#include "win32/kernelbase/KernelBase.h"

using namespace halcyon;
using namespace halcyon::kernelbase;

namespace {

/// Holds ntdll's loader lock for a scope.
class LoaderLock {
public:
    LoaderLock() { LdrLockLoaderLock(0, nullptr, &m_cookie); }
    ~LoaderLock() { LdrUnlockLoaderLock(0, m_cookie); }

private:
    ULONG_PTR m_cookie = 0;
};

constexpr ULONG kLdrAddRefDllPin = 0x1; // LDR_ADDREF_DLL_PIN

HMODULE image_base() { return reinterpret_cast<HMODULE>(peb()->image_base_address); }

/// The loaded module whose base is `module`. The caller holds the loader lock.
const LDR_DATA_TABLE_ENTRY* find_module(const void* module) {
    auto* loader = reinterpret_cast<PEB_LDR_DATA*>(peb()->ldr);
    if (!loader)
        return nullptr;
    LIST_ENTRY* head = &loader->InLoadOrderModuleList;
    for (LIST_ENTRY* link = head->Flink; link && link != head; link = link->Flink) {
        auto* entry = CONTAINING_RECORD(link, LDR_DATA_TABLE_ENTRY, InLoadOrderLinks);
        if (entry->DllBase == module)
            return entry;
    }
    return nullptr;
}

bool is_ordinal(LPCSTR name) { return (reinterpret_cast<ULONG_PTR>(name) >> 16) == 0; }

} // namespace

extern "C" {

HMODULE WINAPI GetModuleHandleW(LPCWSTR module_name) {
    if (!module_name)
        return image_base();
    UNICODE_STRING name;
    init_unicode_string(name, module_name);
    PVOID handle = nullptr;
    NTSTATUS status = LdrGetDllHandle(nullptr, nullptr, &name, &handle);
    if (!NT_SUCCESS(status)) {
        set_error_from_status(status); // STATUS_DLL_NOT_FOUND -> ERROR_MOD_NOT_FOUND
        return nullptr;
    }
    return handle;
}

HMODULE WINAPI GetModuleHandleA(LPCSTR module_name) {
    if (!module_name)
        return image_base();
    WideString wide(module_name);
    if (!wide.ok())
        return nullptr;
    return GetModuleHandleW(wide.get());
}

BOOL WINAPI GetModuleHandleExW(DWORD flags, LPCWSTR module_name, HMODULE* module) {
    if (!module) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    *module = nullptr;
    if ((flags & GET_MODULE_HANDLE_EX_FLAG_PIN) && (flags & GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT)) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    LoaderLock lock;
    HMODULE handle;
    if (flags & GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS) {
        PLDR_DATA_TABLE_ENTRY entry = nullptr;
        NTSTATUS status = LdrFindEntryForAddress(module_name, &entry);
        if (!NT_SUCCESS(status)) {
            set_error_from_status(status);
            return FALSE;
        }
        handle = entry->DllBase;
    } else {
        handle = GetModuleHandleW(module_name);
        if (!handle)
            return FALSE;
    }
    // Without UNCHANGED_REFCOUNT the caller owns a reference it later gives back with FreeLibrary.
    if (!(flags & GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT)) {
        NTSTATUS status = LdrAddRefDll((flags & GET_MODULE_HANDLE_EX_FLAG_PIN) ? kLdrAddRefDllPin : 0, handle);
        if (!NT_SUCCESS(status)) {
            set_error_from_status(status);
            return FALSE;
        }
    }
    *module = handle;
    return TRUE;
}

BOOL WINAPI GetModuleHandleExA(DWORD flags, LPCSTR module_name, HMODULE* module) {
    if (flags & GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS || !module_name)
        return GetModuleHandleExW(flags, reinterpret_cast<LPCWSTR>(module_name), module);
    WideString wide(module_name);
    if (!wide.ok())
        return FALSE;
    return GetModuleHandleExW(flags, wide.get(), module);
}

DWORD WINAPI GetModuleFileNameW(HMODULE module, LPWSTR file_name, DWORD size) {
    const WCHAR* path;
    size_t length;
    LoaderLock lock;
    const LDR_DATA_TABLE_ENTRY* entry = find_module(module ? module : image_base());
    if (entry) {
        path = entry->FullDllName.Buffer;
        length = entry->FullDllName.Length / sizeof(WCHAR);
    } else if (!module) {
        auto& image = process_parameters()->image_path_name;
        path = reinterpret_cast<const WCHAR*>(image.buffer);
        length = image.length / sizeof(WCHAR);
    } else {
        set_last_error(ERROR_MOD_NOT_FOUND);
        return 0;
    }
    if (size == 0) {
        set_last_error(ERROR_INSUFFICIENT_BUFFER);
        return 0;
    }
    // Truncates to size - 1 characters plus NUL and reports ERROR_INSUFFICIENT_BUFFER, returning
    // `size`, as Windows Vista and later do.
    size_t copied = length < size ? length : size - 1;
    for (size_t i = 0; i < copied; ++i)
        file_name[i] = path[i];
    file_name[copied] = 0;
    if (copied < length) {
        set_last_error(ERROR_INSUFFICIENT_BUFFER);
        return size;
    }
    set_last_error(ERROR_SUCCESS);
    return static_cast<DWORD>(copied);
}

DWORD WINAPI GetModuleFileNameA(HMODULE module, LPSTR file_name, DWORD size) {
    WCHAR wide[1024];
    DWORD length = GetModuleFileNameW(module, wide, 1024);
    if (length == 0)
        return 0;
    if (size == 0) {
        set_last_error(ERROR_INSUFFICIENT_BUFFER);
        return 0;
    }
    DWORD needed = copy_wide_result_to_ansi(wide, length, nullptr, 0);
    if (needed == 0)
        return 0;
    if (needed <= size) {
        copy_wide_result_to_ansi(wide, length, file_name, size);
        set_last_error(ERROR_SUCCESS);
        return needed - 1;
    }
    // Truncate: convert into a heap buffer and copy size - 1 bytes (SBCS code pages keep this
    // on a character boundary; UTF-8 may cut a character, as Windows does).
    auto* full = static_cast<char*>(heap_alloc(needed));
    if (!full) {
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return 0;
    }
    copy_wide_result_to_ansi(wide, length, full, needed);
    for (DWORD i = 0; i + 1 < size; ++i)
        file_name[i] = full[i];
    file_name[size - 1] = 0;
    heap_free(full);
    set_last_error(ERROR_INSUFFICIENT_BUFFER);
    return size;
}

FARPROC WINAPI GetProcAddress(HMODULE module, LPCSTR proc_name) {
    if (!module)
        module = image_base();
    PVOID address = nullptr;
    NTSTATUS status;
    if (is_ordinal(proc_name)) {
        status = LdrGetProcedureAddress(module, nullptr, static_cast<ULONG>(reinterpret_cast<ULONG_PTR>(proc_name)),
                                        &address);
    } else {
        ANSI_STRING name;
        size_t length = ansi_length(proc_name);
        name.Length = static_cast<USHORT>(length > 0xFFFE ? 0xFFFE : length);
        name.MaximumLength = name.Length;
        name.Buffer = const_cast<PCHAR>(proc_name);
        status = LdrGetProcedureAddress(module, &name, 0, &address);
    }
    if (!NT_SUCCESS(status)) {
        set_error_from_status(status); // STATUS_PROCEDURE_NOT_FOUND -> ERROR_PROC_NOT_FOUND
        return nullptr;
    }
    return reinterpret_cast<FARPROC>(address);
}

HMODULE WINAPI LoadLibraryExW(LPCWSTR file_name, HANDLE file, DWORD flags) {
    if (!file_name || file) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return nullptr;
    }
    // FIXME: LOAD_LIBRARY_AS_DATAFILE / AS_IMAGE_RESOURCE load the image normally (DllMain runs),
    // and the LOAD_LIBRARY_SEARCH_* flags do not change the search order.
    ULONG characteristics = (flags & DONT_RESOLVE_DLL_REFERENCES) ? 0x2 /* IMAGE_FILE_EXECUTABLE_IMAGE */ : 0;
    UNICODE_STRING name;
    init_unicode_string(name, file_name);
    PVOID base = nullptr;
    NTSTATUS status = LdrLoadDll(nullptr, &characteristics, &name, &base);
    if (!NT_SUCCESS(status)) {
        set_error_from_status(status);
        return nullptr;
    }
    return base;
}

HMODULE WINAPI LoadLibraryW(LPCWSTR file_name) { return LoadLibraryExW(file_name, nullptr, 0); }

HMODULE WINAPI LoadLibraryExA(LPCSTR file_name, HANDLE file, DWORD flags) {
    WideString wide(file_name);
    if (!wide.ok())
        return nullptr;
    return LoadLibraryExW(wide.get(), file, flags);
}

HMODULE WINAPI LoadLibraryA(LPCSTR file_name) { return LoadLibraryExA(file_name, nullptr, 0); }

BOOL WINAPI FreeLibrary(HMODULE module) {
    if (!module) {
        set_last_error(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    return succeeded_or_set_error(LdrUnloadDll(module));
}

BOOL WINAPI DisableThreadLibraryCalls(HMODULE module) {
    return succeeded_or_set_error(LdrDisableThreadCalloutsForDll(module));
}

} // extern "C"
