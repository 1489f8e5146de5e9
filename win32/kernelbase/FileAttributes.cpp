// File attributes by name: GetFileAttributes(Ex), SetFileAttributes.

#include "win32/kernelbase/KernelBase.h"
#include "win32/kernelbase/NtInformation.h"

using namespace halcyon;
using namespace halcyon::kernelbase;

namespace {

FILETIME to_file_time(LONGLONG t) {
    FILETIME ft;
    ft.dwLowDateTime = static_cast<DWORD>(t);
    ft.dwHighDateTime = static_cast<DWORD>(static_cast<ULONGLONG>(t) >> 32);
    return ft;
}

} // namespace

extern "C" {

DWORD WINAPI GetFileAttributesW(LPCWSTR file_name) {
    NtPath path(file_name);
    if (!path.ok())
        return INVALID_FILE_ATTRIBUTES;
    OBJECT_ATTRIBUTES attributes = path.object_attributes();
    nt::FileBasicInformation info{};
    NTSTATUS status = NtQueryAttributesFile(&attributes, &info);
    if (!NT_SUCCESS(status)) {
        set_error_from_status(status);
        return INVALID_FILE_ATTRIBUTES;
    }
    return info.file_attributes;
}

DWORD WINAPI GetFileAttributesA(LPCSTR file_name) {
    WideString wide(file_name);
    if (!wide.ok())
        return INVALID_FILE_ATTRIBUTES;
    return GetFileAttributesW(wide.get());
}

BOOL WINAPI GetFileAttributesExW(LPCWSTR file_name, GET_FILEEX_INFO_LEVELS level, LPVOID information) {
    if (level != GetFileExInfoStandard) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    NtPath path(file_name);
    if (!path.ok())
        return FALSE;
    OBJECT_ATTRIBUTES attributes = path.object_attributes();
    nt::FileNetworkOpenInformation info{};
    NTSTATUS status = NtQueryFullAttributesFile(&attributes, &info);
    if (!NT_SUCCESS(status)) {
        set_error_from_status(status);
        return FALSE;
    }
    auto* data = static_cast<WIN32_FILE_ATTRIBUTE_DATA*>(information);
    data->dwFileAttributes = info.file_attributes;
    data->ftCreationTime = to_file_time(info.creation_time);
    data->ftLastAccessTime = to_file_time(info.last_access_time);
    data->ftLastWriteTime = to_file_time(info.last_write_time);
    data->nFileSizeHigh = static_cast<DWORD>(static_cast<ULONGLONG>(info.end_of_file) >> 32);
    data->nFileSizeLow = static_cast<DWORD>(info.end_of_file);
    return TRUE;
}

BOOL WINAPI GetFileAttributesExA(LPCSTR file_name, GET_FILEEX_INFO_LEVELS level, LPVOID information) {
    WideString wide(file_name);
    if (!wide.ok())
        return FALSE;
    return GetFileAttributesExW(wide.get(), level, information);
}

BOOL WINAPI SetFileAttributesW(LPCWSTR file_name, DWORD file_attributes) {
    NtPath path(file_name);
    if (!path.ok())
        return FALSE;
    OBJECT_ATTRIBUTES attributes = path.object_attributes();
    HANDLE handle = nullptr;
    IO_STATUS_BLOCK io{};
    NTSTATUS status = NtOpenFile(&handle, FILE_WRITE_ATTRIBUTES | SYNCHRONIZE, &attributes, &io, nt::kShareAll,
                                 nt::kFileSynchronousIoNonAlert | nt::kFileOpenForBackupIntent);
    if (!NT_SUCCESS(status)) {
        set_error_from_status(status);
        return FALSE;
    }
    // Zero times mean "leave unchanged"; zero attributes would too, so NORMAL stands for "none".
    nt::FileBasicInformation info{};
    info.file_attributes = (file_attributes & FILE_ATTRIBUTE_VALID_SET_FLAGS) | FILE_ATTRIBUTE_NORMAL;
    if (info.file_attributes != FILE_ATTRIBUTE_NORMAL)
        info.file_attributes &= ~FILE_ATTRIBUTE_NORMAL;
    status = NtSetInformationFile(handle, &io, &info, sizeof(info), nt::kFileBasicInformation);
    NtClose(handle);
    return succeeded_or_set_error(status);
}

BOOL WINAPI SetFileAttributesA(LPCSTR file_name, DWORD file_attributes) {
    WideString wide(file_name);
    if (!wide.ok())
        return FALSE;
    return SetFileAttributesW(wide.get(), file_attributes);
}

} // extern "C"
