// Whole-file operations: MoveFile(Ex), CopyFile, GetTempFileName, SetFileTime.

#include "win32/kernelbase/KernelBase.h"
#include "win32/kernelbase/NtInformation.h"

using namespace halcyon;
using namespace halcyon::kernelbase;

namespace {

constexpr ULONG kFileRenameInformationEx = 65;
constexpr ULONG kFileRenameReplaceIfExists = 0x1;
constexpr NTSTATUS kStatusNotSameDevice = static_cast<NTSTATUS>(0xC00000D4);

/// Renames the open `source` to the Win32 path `target` (FileRenameInformationEx).
NTSTATUS rename_handle(HANDLE source, const WCHAR* target, bool replace) {
    NtPath path(target);
    if (!path.ok())
        return static_cast<NTSTATUS>(0xC000003A); // STATUS_OBJECT_PATH_NOT_FOUND
    UNICODE_STRING* name = path.unicode_string();
    // { ULONG Flags; HANDLE RootDirectory; ULONG FileNameLength; WCHAR FileName[] }, name at 20.
    size_t size = 20 + name->Length;
    auto* info = static_cast<unsigned char*>(heap_alloc(size));
    if (!info)
        return static_cast<NTSTATUS>(0xC0000017); // STATUS_NO_MEMORY
    __builtin_memset(info, 0, 20);
    ULONG flags = replace ? kFileRenameReplaceIfExists : 0;
    ULONG length = name->Length;
    __builtin_memcpy(info, &flags, sizeof flags);
    __builtin_memcpy(info + 16, &length, sizeof length);
    __builtin_memcpy(info + 20, name->Buffer, name->Length);
    IO_STATUS_BLOCK io{};
    NTSTATUS status = NtSetInformationFile(source, &io, info, static_cast<ULONG>(size), kFileRenameInformationEx);
    heap_free(info);
    return status;
}

/// Formats "<path>\<prefix up to 3 chars><hex>.tmp" into `out` (MAX_PATH characters).
bool format_temp_name(const WCHAR* path, const WCHAR* prefix, UINT unique, WCHAR* out) {
    size_t length = wide_length(path);
    if (length + 3 + 4 + 5 >= MAX_PATH)
        return false;
    size_t n = 0;
    for (; n < length; ++n)
        out[n] = path[n];
    if (n == 0 || (out[n - 1] != '\\' && out[n - 1] != '/'))
        out[n++] = '\\';
    for (size_t i = 0; prefix && i < 3 && prefix[i]; ++i)
        out[n++] = prefix[i];
    static constexpr char kHex[] = "0123456789ABCDEF";
    WCHAR digits[8];
    size_t count = 0;
    do {
        digits[count++] = kHex[unique & 0xF];
        unique >>= 4;
    } while (unique);
    while (count)
        out[n++] = digits[--count];
    for (const char* p = ".tmp"; *p; ++p)
        out[n++] = *p;
    out[n] = 0;
    return true;
}

} // namespace

extern "C" {

BOOL WINAPI MoveFileExW(LPCWSTR existing, LPCWSTR target, DWORD flags) {
    if (flags & MOVEFILE_DELAY_UNTIL_REBOOT) {
        // Needs the session manager's PendingFileRenameOperations, which Halcyon does not have.
        set_last_error(ERROR_CALL_NOT_IMPLEMENTED);
        return FALSE;
    }
    if (!target) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    NtPath source_path(existing);
    if (!source_path.ok())
        return FALSE;
    OBJECT_ATTRIBUTES attributes = source_path.object_attributes();
    HANDLE source = nullptr;
    IO_STATUS_BLOCK io{};
    NTSTATUS status = NtOpenFile(&source, DELETE | SYNCHRONIZE | FILE_READ_ATTRIBUTES, &attributes, &io, nt::kShareAll,
                                 nt::kFileSynchronousIoNonAlert | nt::kFileOpenForBackupIntent |
                                     nt::kFileOpenReparsePoint);
    if (!NT_SUCCESS(status)) {
        set_error_from_status(status);
        return FALSE;
    }
    status = rename_handle(source, target, flags & MOVEFILE_REPLACE_EXISTING);
    NtClose(source);
    if (status == kStatusNotSameDevice && (flags & MOVEFILE_COPY_ALLOWED)) {
        if (!CopyFileW(existing, target, !(flags & MOVEFILE_REPLACE_EXISTING)))
            return FALSE;
        return DeleteFileW(existing);
    }
    return succeeded_or_set_error(status); // a name collision is ERROR_ALREADY_EXISTS
}

BOOL WINAPI MoveFileW(LPCWSTR existing, LPCWSTR target) { return MoveFileExW(existing, target, MOVEFILE_COPY_ALLOWED); }

BOOL WINAPI MoveFileExA(LPCSTR existing, LPCSTR target, DWORD flags) {
    WideString wide_existing(existing);
    WideString wide_target(target);
    if (!wide_existing.ok() || !wide_target.ok())
        return FALSE;
    return MoveFileExW(wide_existing.get(), wide_target.get(), flags);
}

BOOL WINAPI MoveFileA(LPCSTR existing, LPCSTR target) { return MoveFileExA(existing, target, MOVEFILE_COPY_ALLOWED); }

BOOL WINAPI CopyFileW(LPCWSTR existing, LPCWSTR target, BOOL fail_if_exists) {
    HANDLE source = CreateFileW(existing, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_DELETE, nullptr, OPEN_EXISTING,
                                FILE_FLAG_SEQUENTIAL_SCAN, nullptr);
    if (source == INVALID_HANDLE_VALUE)
        return FALSE;
    BY_HANDLE_FILE_INFORMATION info;
    if (!GetFileInformationByHandle(source, &info)) {
        CloseHandle(source);
        return FALSE;
    }
    DWORD attributes = info.dwFileAttributes & ~FILE_ATTRIBUTE_DIRECTORY;
    HANDLE destination = CreateFileW(target, GENERIC_WRITE, 0, nullptr, fail_if_exists ? CREATE_NEW : CREATE_ALWAYS,
                                     attributes ? attributes : FILE_ATTRIBUTE_NORMAL, nullptr);
    if (destination == INVALID_HANDLE_VALUE) {
        CloseHandle(source);
        return FALSE;
    }
    constexpr DWORD kChunk = 64 * 1024;
    void* buffer = heap_alloc(kChunk);
    BOOL ok = buffer != nullptr;
    if (!ok)
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
    while (ok) {
        DWORD count = 0;
        ok = ReadFile(source, buffer, kChunk, &count, nullptr);
        if (!ok || count == 0)
            break;
        DWORD written = 0;
        ok = WriteFile(destination, buffer, count, &written, nullptr);
    }
    heap_free(buffer);
    if (ok) {
        // The copy keeps the source's last write time, as CopyFile does on Windows (the creation
        // and access times are the copy's own).
        ok = SetFileTime(destination, nullptr, nullptr, &info.ftLastWriteTime);
    }
    CloseHandle(source);
    if (!ok) {
        // Remove the partial copy, as CopyFile does on failure.
        DWORD error = GetLastError();
        CloseHandle(destination);
        DeleteFileW(target);
        set_last_error(error);
        return FALSE;
    }
    CloseHandle(destination);
    return TRUE;
}

BOOL WINAPI CopyFileA(LPCSTR existing, LPCSTR target, BOOL fail_if_exists) {
    WideString wide_existing(existing);
    WideString wide_target(target);
    if (!wide_existing.ok() || !wide_target.ok())
        return FALSE;
    return CopyFileW(wide_existing.get(), wide_target.get(), fail_if_exists);
}

UINT WINAPI GetTempFileNameW(LPCWSTR path, LPCWSTR prefix, UINT unique, LPWSTR temp_file_name) {
    if (!path || !temp_file_name) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    unique &= 0xFFFF;
    if (unique) {
        if (!format_temp_name(path, prefix, unique, temp_file_name)) {
            set_last_error(ERROR_BUFFER_OVERFLOW);
            return 0;
        }
        return unique;
    }
    // Start from the clock, then take the first free number, creating the file to claim it.
    UINT start = (GetTickCount() & 0xFFFF) ? (GetTickCount() & 0xFFFF) : 1;
    UINT number = start;
    do {
        if (!format_temp_name(path, prefix, number, temp_file_name)) {
            set_last_error(ERROR_BUFFER_OVERFLOW);
            return 0;
        }
        HANDLE file = CreateFileW(temp_file_name, GENERIC_WRITE, 0, nullptr, CREATE_NEW, FILE_ATTRIBUTE_NORMAL, nullptr);
        if (file != INVALID_HANDLE_VALUE) {
            CloseHandle(file);
            set_last_error(ERROR_SUCCESS);
            return number;
        }
        DWORD error = GetLastError();
        if (error != ERROR_FILE_EXISTS && error != ERROR_ALREADY_EXISTS && error != ERROR_SHARING_VIOLATION) {
            // A directory that does not exist (or is not a directory) is ERROR_DIRECTORY.
            if (error == ERROR_PATH_NOT_FOUND || error == ERROR_FILE_NOT_FOUND)
                set_last_error(ERROR_DIRECTORY);
            return 0;
        }
        number = (number + 1) & 0xFFFF;
        if (!number)
            number = 1;
    } while (number != start);
    set_last_error(ERROR_FILE_EXISTS);
    return 0;
}

UINT WINAPI GetTempFileNameA(LPCSTR path, LPCSTR prefix, UINT unique, LPSTR temp_file_name) {
    if (!path || !temp_file_name) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    WideString wide_path(path);
    WideString wide_prefix(prefix);
    if (!wide_path.ok() || !wide_prefix.ok())
        return 0;
    WCHAR wide_name[MAX_PATH];
    UINT result = GetTempFileNameW(wide_path.get(), wide_prefix.get(), unique, wide_name);
    if (!result)
        return 0;
    if (copy_wide_result_to_ansi(wide_name, wide_length(wide_name), temp_file_name, MAX_PATH) >= MAX_PATH) {
        set_last_error(ERROR_BUFFER_OVERFLOW);
        return 0;
    }
    return result;
}

BOOL WINAPI SetFileTime(HANDLE file, const FILETIME* creation, const FILETIME* last_access, const FILETIME* last_write) {
    auto value = [](const FILETIME* t) -> LONGLONG {
        if (!t)
            return 0; // unchanged
        return static_cast<LONGLONG>((static_cast<ULONGLONG>(t->dwHighDateTime) << 32) | t->dwLowDateTime);
    };
    nt::FileBasicInformation info{};
    info.creation_time = value(creation);
    info.last_access_time = value(last_access);
    info.last_write_time = value(last_write);
    IO_STATUS_BLOCK io{};
    return succeeded_or_set_error(NtSetInformationFile(file, &io, &info, sizeof(info), nt::kFileBasicInformation));
}

} // extern "C"
