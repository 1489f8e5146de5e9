// Volumes: GetVolumeInformation and GetDriveType, on NtQueryVolumeInformationFile of a drive's
// root directory.

#include "win32/kernelbase/KernelBase.h"
#include "win32/kernelbase/NtInformation.h"

using namespace halcyon;
using namespace halcyon::kernelbase;

namespace {

constexpr ULONG kFileFsAttributeInformation = 5;
constexpr ULONG kFileFsFullSizeInformation = 7;

/// Opens a volume root ("X:\", or NULL for the current directory's drive) as a directory.
/// Without a trailing backslash the name is not a root: ERROR_INVALID_NAME, as on Windows.
HANDLE open_root(const WCHAR* root, bool require_trailing_backslash) {
    WCHAR current[4];
    if (!root) {
        WCHAR directory[MAX_PATH];
        DWORD length = GetCurrentDirectoryW(MAX_PATH, directory);
        if (length < 2 || length >= MAX_PATH || directory[1] != ':') {
            set_last_error(ERROR_INVALID_NAME);
            return nullptr;
        }
        current[0] = directory[0];
        current[1] = ':';
        current[2] = '\\';
        current[3] = 0;
        root = current;
    }
    size_t length = wide_length(root);
    if (require_trailing_backslash && (length == 0 || (root[length - 1] != '\\' && root[length - 1] != '/'))) {
        set_last_error(ERROR_INVALID_NAME);
        return nullptr;
    }
    NtPath path(root);
    if (!path.ok())
        return nullptr;
    OBJECT_ATTRIBUTES attributes = path.object_attributes();
    HANDLE handle = nullptr;
    IO_STATUS_BLOCK io{};
    NTSTATUS status = NtOpenFile(&handle, SYNCHRONIZE | FILE_READ_ATTRIBUTES, &attributes, &io, nt::kShareAll,
                                 nt::kFileDirectoryFile | nt::kFileSynchronousIoNonAlert | nt::kFileOpenForBackupIntent);
    if (!NT_SUCCESS(status)) {
        set_error_from_status(status);
        return nullptr;
    }
    return handle;
}

/// FILE_FS_FULL_SIZE_INFORMATION ([ms-fscc] 2.5.4).
struct FullSizeInformation {
    LARGE_INTEGER total_allocation_units;
    LARGE_INTEGER caller_available_allocation_units;
    LARGE_INTEGER actual_available_allocation_units;
    ULONG sectors_per_allocation_unit;
    ULONG bytes_per_sector;
};

/// Queries the size of the volume holding `directory` (NULL: the current directory).
bool query_full_size(const WCHAR* directory, FullSizeInformation& info) {
    HANDLE handle = open_root(directory, false);
    if (!handle)
        return false;
    IO_STATUS_BLOCK io{};
    NTSTATUS status = NtQueryVolumeInformationFile(handle, &io, &info, sizeof info, kFileFsFullSizeInformation);
    NtClose(handle);
    if (!NT_SUCCESS(status)) {
        set_error_from_status(status);
        return false;
    }
    return true;
}

} // namespace

extern "C" {

BOOL WINAPI GetVolumeInformationW(LPCWSTR root, LPWSTR volume_name, DWORD volume_name_size, LPDWORD serial,
                                  LPDWORD max_component_length, LPDWORD flags, LPWSTR fs_name, DWORD fs_name_size) {
    HANDLE handle = open_root(root, true);
    if (!handle)
        return FALSE;
    IO_STATUS_BLOCK io{};
    alignas(8) unsigned char volume[sizeof(nt::FileFsVolumeInformation) + 2 * MAX_PATH];
    alignas(8) unsigned char attributes[12 + 2 * MAX_PATH];
    NTSTATUS status =
        NtQueryVolumeInformationFile(handle, &io, volume, sizeof volume, nt::kFileFsVolumeInformation);
    if (NT_SUCCESS(status))
        status = NtQueryVolumeInformationFile(handle, &io, attributes, sizeof attributes, kFileFsAttributeInformation);
    NtClose(handle);
    if (!NT_SUCCESS(status)) {
        set_error_from_status(status);
        return FALSE;
    }
    auto* info = reinterpret_cast<nt::FileFsVolumeInformation*>(volume);
    if (volume_name) {
        size_t length = info->volume_label_length / sizeof(WCHAR);
        if (length >= volume_name_size) {
            set_last_error(ERROR_BAD_LENGTH);
            return FALSE;
        }
        __builtin_memcpy(volume_name, info->volume_label, length * sizeof(WCHAR));
        volume_name[length] = 0;
    }
    if (serial)
        *serial = info->volume_serial_number;
    ULONG fs_flags, name_bytes;
    LONG max_component;
    __builtin_memcpy(&fs_flags, attributes, 4);
    __builtin_memcpy(&max_component, attributes + 4, 4);
    __builtin_memcpy(&name_bytes, attributes + 8, 4);
    if (max_component_length)
        *max_component_length = static_cast<DWORD>(max_component);
    if (flags)
        *flags = fs_flags;
    if (fs_name) {
        size_t length = name_bytes / sizeof(WCHAR);
        if (length >= fs_name_size) {
            set_last_error(ERROR_BAD_LENGTH);
            return FALSE;
        }
        __builtin_memcpy(fs_name, attributes + 12, length * sizeof(WCHAR));
        fs_name[length] = 0;
    }
    return TRUE;
}

BOOL WINAPI GetVolumeInformationA(LPCSTR root, LPSTR volume_name, DWORD volume_name_size, LPDWORD serial,
                                  LPDWORD max_component_length, LPDWORD flags, LPSTR fs_name, DWORD fs_name_size) {
    WideString wide_root(root);
    if (!wide_root.ok())
        return FALSE;
    WCHAR wide_volume[MAX_PATH + 1];
    WCHAR wide_fs[MAX_PATH + 1];
    if (!GetVolumeInformationW(wide_root.get(), volume_name ? wide_volume : nullptr, MAX_PATH + 1, serial,
                               max_component_length, flags, fs_name ? wide_fs : nullptr, MAX_PATH + 1))
        return FALSE;
    if (volume_name && copy_wide_result_to_ansi(wide_volume, wide_length(wide_volume), volume_name, volume_name_size) >=
                           volume_name_size) {
        set_last_error(ERROR_BAD_LENGTH);
        return FALSE;
    }
    if (fs_name && copy_wide_result_to_ansi(wide_fs, wide_length(wide_fs), fs_name, fs_name_size) >= fs_name_size) {
        set_last_error(ERROR_BAD_LENGTH);
        return FALSE;
    }
    return TRUE;
}

UINT WINAPI GetDriveTypeW(LPCWSTR root) {
    // A root that is not a directory that exists (a missing drive, a relative name) has no type.
    WCHAR with_backslash[MAX_PATH + 1];
    if (root) {
        size_t length = wide_length(root);
        if (length == 0 || length >= MAX_PATH)
            return DRIVE_NO_ROOT_DIR;
        __builtin_memcpy(with_backslash, root, length * sizeof(WCHAR));
        if (root[length - 1] != '\\' && root[length - 1] != '/')
            with_backslash[length++] = '\\';
        with_backslash[length] = 0;
    }
    DWORD saved = GetLastError();
    HANDLE handle = open_root(root ? with_backslash : nullptr, false);
    set_last_error(saved);
    if (!handle)
        return DRIVE_NO_ROOT_DIR;
    ULONG device_type = 0;
    NTSTATUS status = query_device_type(handle, device_type);
    NtClose(handle);
    if (!NT_SUCCESS(status))
        return DRIVE_UNKNOWN;
    switch (device_type) {
    case nt::kDeviceCdRom:
    case nt::kDeviceCdRomFileSystem:
        return DRIVE_CDROM;
    case nt::kDeviceDisk:
    case nt::kDeviceDiskFileSystem:
    case nt::kDeviceVirtualDisk:
        return DRIVE_FIXED;
    default:
        return DRIVE_UNKNOWN;
    }
}

UINT WINAPI GetDriveTypeA(LPCSTR root) {
    if (!root)
        return GetDriveTypeW(nullptr);
    WideString wide(root);
    if (!wide.ok())
        return DRIVE_NO_ROOT_DIR;
    return GetDriveTypeW(wide.get());
}

BOOL WINAPI GetDiskFreeSpaceExW(LPCWSTR directory, PULARGE_INTEGER available_to_caller, PULARGE_INTEGER total_bytes,
                                PULARGE_INTEGER free_bytes) {
    FullSizeInformation info{};
    if (!query_full_size(directory, info))
        return FALSE;
    ULONGLONG cluster = static_cast<ULONGLONG>(info.sectors_per_allocation_unit) * info.bytes_per_sector;
    if (available_to_caller)
        available_to_caller->QuadPart = info.caller_available_allocation_units.QuadPart * cluster;
    if (total_bytes)
        total_bytes->QuadPart = info.total_allocation_units.QuadPart * cluster;
    if (free_bytes)
        free_bytes->QuadPart = info.actual_available_allocation_units.QuadPart * cluster;
    return TRUE;
}

BOOL WINAPI GetDiskFreeSpaceExA(LPCSTR directory, PULARGE_INTEGER available_to_caller, PULARGE_INTEGER total_bytes,
                                PULARGE_INTEGER free_bytes) {
    if (!directory)
        return GetDiskFreeSpaceExW(nullptr, available_to_caller, total_bytes, free_bytes);
    WideString wide(directory);
    if (!wide.ok())
        return FALSE;
    return GetDiskFreeSpaceExW(wide.get(), available_to_caller, total_bytes, free_bytes);
}

BOOL WINAPI GetDiskFreeSpaceW(LPCWSTR root, LPDWORD sectors_per_cluster, LPDWORD bytes_per_sector,
                              LPDWORD free_clusters, LPDWORD total_clusters) {
    FullSizeInformation info{};
    if (!query_full_size(root, info))
        return FALSE;
    // The cluster counts are DWORDs: volumes past 2^32 clusters report the largest count, as
    // Windows does.
    auto clamp = [](LONGLONG count) -> DWORD {
        return count > 0xFFFFFFFFll ? 0xFFFFFFFFu : static_cast<DWORD>(count);
    };
    if (sectors_per_cluster)
        *sectors_per_cluster = info.sectors_per_allocation_unit;
    if (bytes_per_sector)
        *bytes_per_sector = info.bytes_per_sector;
    if (free_clusters)
        *free_clusters = clamp(info.caller_available_allocation_units.QuadPart);
    if (total_clusters)
        *total_clusters = clamp(info.total_allocation_units.QuadPart);
    return TRUE;
}

BOOL WINAPI GetDiskFreeSpaceA(LPCSTR root, LPDWORD sectors_per_cluster, LPDWORD bytes_per_sector, LPDWORD free_clusters,
                              LPDWORD total_clusters) {
    if (!root)
        return GetDiskFreeSpaceW(nullptr, sectors_per_cluster, bytes_per_sector, free_clusters, total_clusters);
    WideString wide(root);
    if (!wide.ok())
        return FALSE;
    return GetDiskFreeSpaceW(wide.get(), sectors_per_cluster, bytes_per_sector, free_clusters, total_clusters);
}

} // extern "C"
