// Directories and paths: the current directory, full path names, the temporary and system
// directories, CreateDirectory/RemoveDirectory.

#include "win32/kernelbase/KernelBase.h"
#include "win32/kernelbase/NtInformation.h"

using namespace halcyon;
using namespace halcyon::kernelbase;

namespace {

constexpr WCHAR kWindowsDirectory[] = L"C:\\Windows";
constexpr WCHAR kSystemDirectory[] = L"C:\\Windows\\system32";

/// Fetches a string-returning W function's result into a heap buffer by growing until it fits.
/// `query(buffer, size)` follows the Win32 convention (length on success, size needed otherwise).
template <typename Query>
WCHAR* query_to_heap(Query query, DWORD& length) {
    DWORD size = 260;
    for (;;) {
        auto* buffer = static_cast<WCHAR*>(heap_alloc(size * sizeof(WCHAR)));
        if (!buffer) {
            set_last_error(ERROR_NOT_ENOUGH_MEMORY);
            return nullptr;
        }
        DWORD result = query(buffer, size);
        if (result == 0) {
            heap_free(buffer);
            return nullptr;
        }
        if (result < size) {
            length = result;
            return buffer;
        }
        heap_free(buffer);
        size = result;
    }
}

UINT copy_constant(const WCHAR* text, LPWSTR buffer, UINT size) {
    return copy_wide_result(text, wide_length(text), buffer, size);
}

UINT copy_constant_ansi(const WCHAR* text, LPSTR buffer, UINT size) {
    return copy_wide_result_to_ansi(text, wide_length(text), buffer, size);
}

} // namespace

extern "C" {

DWORD WINAPI GetCurrentDirectoryW(DWORD size, LPWSTR buffer) {
    // RtlGetCurrentDirectory_U speaks bytes with the same "length, or size needed" convention.
    DWORD bytes_available = size > 0x7FFF ? 0xFFFE : size * sizeof(WCHAR);
    return RtlGetCurrentDirectory_U(bytes_available, buffer) / sizeof(WCHAR);
}

DWORD WINAPI GetCurrentDirectoryA(DWORD size, LPSTR buffer) {
    DWORD length;
    WCHAR* wide = query_to_heap([](WCHAR* b, DWORD s) { return GetCurrentDirectoryW(s, b); }, length);
    if (!wide)
        return 0;
    DWORD result = copy_wide_result_to_ansi(wide, length, buffer, size);
    heap_free(wide);
    return result;
}

BOOL WINAPI SetCurrentDirectoryW(LPCWSTR path) {
    if (!path || !*path) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    UNICODE_STRING string;
    init_unicode_string(string, path);
    return succeeded_or_set_error(RtlSetCurrentDirectory_U(&string));
}

BOOL WINAPI SetCurrentDirectoryA(LPCSTR path) {
    WideString wide(path);
    if (!wide.ok())
        return FALSE;
    return SetCurrentDirectoryW(wide.get());
}

DWORD WINAPI GetFullPathNameW(LPCWSTR file_name, DWORD size, LPWSTR buffer, LPWSTR* file_part) {
    if (!file_name || !*file_name) {
        set_last_error(ERROR_INVALID_NAME);
        return 0;
    }
    DWORD bytes_available = size > 0x7FFF ? 0xFFFE : size * sizeof(WCHAR);
    return RtlGetFullPathName_U(file_name, bytes_available, buffer, file_part) / sizeof(WCHAR);
}

DWORD WINAPI GetFullPathNameA(LPCSTR file_name, DWORD size, LPSTR buffer, LPSTR* file_part) {
    if (!file_name || !*file_name) {
        set_last_error(ERROR_INVALID_NAME);
        return 0;
    }
    WideString wide(file_name);
    if (!wide.ok())
        return 0;
    DWORD length;
    WCHAR* full = query_to_heap([&](WCHAR* b, DWORD s) { return GetFullPathNameW(wide.get(), s, b, nullptr); },
                                length);
    if (!full)
        return 0;
    DWORD result = copy_wide_result_to_ansi(full, length, buffer, size);
    heap_free(full);
    if (file_part && buffer && result > 0 && result < size) {
        // The file part starts after the last separator; a path ending in one has none.
        char* last = nullptr;
        for (char* p = buffer; *p; ++p) {
            if (*p == '\\' || *p == '/')
                last = p;
        }
        *file_part = (last && last[1]) ? last + 1 : nullptr;
    }
    return result;
}

DWORD WINAPI GetTempPathW(DWORD size, LPWSTR buffer) {
    // The first of TMP, TEMP, USERPROFILE that is set, else the Windows directory; made absolute
    // and given a trailing backslash.
    static constexpr const WCHAR* kVariables[] = {L"TMP", L"TEMP", L"USERPROFILE"};
    WCHAR value[MAX_PATH];
    const WCHAR* directory = kWindowsDirectory;
    for (const WCHAR* variable : kVariables) {
        DWORD length = GetEnvironmentVariableW(variable, value, MAX_PATH);
        if (length > 0 && length < MAX_PATH) {
            directory = value;
            break;
        }
    }
    WCHAR full[MAX_PATH + 1];
    DWORD length = GetFullPathNameW(directory, MAX_PATH, full, nullptr);
    if (length == 0 || length >= MAX_PATH) {
        set_last_error(ERROR_INVALID_NAME);
        return 0;
    }
    if (full[length - 1] != '\\') {
        full[length++] = '\\';
        full[length] = 0;
    }
    set_last_error(ERROR_SUCCESS);
    return copy_wide_result(full, length, buffer, size);
}

DWORD WINAPI GetTempPathA(DWORD size, LPSTR buffer) {
    WCHAR wide[MAX_PATH + 1];
    DWORD length = GetTempPathW(MAX_PATH + 1, wide);
    if (length == 0)
        return 0;
    return copy_wide_result_to_ansi(wide, length, buffer, size);
}

UINT WINAPI GetWindowsDirectoryW(LPWSTR buffer, UINT size) { return copy_constant(kWindowsDirectory, buffer, size); }
UINT WINAPI GetWindowsDirectoryA(LPSTR buffer, UINT size) { return copy_constant_ansi(kWindowsDirectory, buffer, size); }
UINT WINAPI GetSystemDirectoryW(LPWSTR buffer, UINT size) { return copy_constant(kSystemDirectory, buffer, size); }
UINT WINAPI GetSystemDirectoryA(LPSTR buffer, UINT size) { return copy_constant_ansi(kSystemDirectory, buffer, size); }

BOOL WINAPI CreateDirectoryW(LPCWSTR path, LPSECURITY_ATTRIBUTES security) {
    NtPath nt_path(path);
    if (!nt_path.ok())
        return FALSE;
    OBJECT_ATTRIBUTES attributes =
        nt_path.object_attributes((security && security->bInheritHandle) ? OBJ_INHERIT : 0);
    if (security)
        attributes.SecurityDescriptor = security->lpSecurityDescriptor;
    HANDLE handle = nullptr;
    IO_STATUS_BLOCK io{};
    NTSTATUS status = NtCreateFile(&handle, FILE_LIST_DIRECTORY | SYNCHRONIZE, &attributes, &io, nullptr,
                                   FILE_ATTRIBUTE_NORMAL, FILE_SHARE_READ | FILE_SHARE_WRITE, nt::kNtFileCreate,
                                   nt::kFileDirectoryFile | nt::kFileSynchronousIoNonAlert |
                                       nt::kFileOpenForBackupIntent,
                                   nullptr, 0);
    if (!NT_SUCCESS(status)) {
        set_error_from_status(status); // STATUS_OBJECT_NAME_COLLISION -> ERROR_ALREADY_EXISTS
        return FALSE;
    }
    NtClose(handle);
    return TRUE;
}

BOOL WINAPI CreateDirectoryA(LPCSTR path, LPSECURITY_ATTRIBUTES security) {
    WideString wide(path);
    if (!wide.ok())
        return FALSE;
    return CreateDirectoryW(wide.get(), security);
}

BOOL WINAPI RemoveDirectoryW(LPCWSTR path) {
    NtPath nt_path(path);
    if (!nt_path.ok())
        return FALSE;
    OBJECT_ATTRIBUTES attributes = nt_path.object_attributes();
    HANDLE handle = nullptr;
    IO_STATUS_BLOCK io{};
    NTSTATUS status = NtOpenFile(&handle, DELETE | SYNCHRONIZE, &attributes, &io, nt::kShareAll,
                                 nt::kFileDirectoryFile | nt::kFileSynchronousIoNonAlert |
                                     nt::kFileOpenForBackupIntent | nt::kFileOpenReparsePoint);
    if (!NT_SUCCESS(status)) {
        set_error_from_status(status); // a file: STATUS_NOT_A_DIRECTORY -> ERROR_DIRECTORY
        return FALSE;
    }
    nt::FileDispositionInformation disposition{TRUE};
    status = NtSetInformationFile(handle, &io, &disposition, sizeof(disposition), nt::kFileDispositionInformation);
    NtClose(handle);
    return succeeded_or_set_error(status); // not empty: ERROR_DIR_NOT_EMPTY
}

BOOL WINAPI RemoveDirectoryA(LPCSTR path) {
    WideString wide(path);
    if (!wide.ok())
        return FALSE;
    return RemoveDirectoryW(wide.get());
}

} // extern "C"
