// Files: CreateFile, ReadFile/WriteFile, file pointers and sizes, GetFileType, DeleteFile, on the
// NtCreateFile/NtReadFile/NtWriteFile/NtQueryInformationFile family.

#include "win32/kernelbase/CreateDisposition.h"
#include "win32/kernelbase/KernelBase.h"
#include "win32/kernelbase/NtInformation.h"

using namespace halcyon;
using namespace halcyon::kernelbase;

namespace halcyon::kernelbase {

NTSTATUS query_device_type(HANDLE file, ULONG& device_type) {
    IO_STATUS_BLOCK io{};
    nt::FileFsDeviceInformation info{};
    NTSTATUS status = NtQueryVolumeInformationFile(file, &io, &info, sizeof(info), nt::kFileFsDeviceInformation);
    if (NT_SUCCESS(status))
        device_type = info.device_type;
    return status;
}

} // namespace halcyon::kernelbase

namespace {

/// Completes a synchronous I/O request the kernel reported as pending (it should not, for handles
/// opened with FILE_SYNCHRONOUS_IO_NONALERT, but a pipe or console driver may).
NTSTATUS wait_if_pending(HANDLE file, NTSTATUS status, IO_STATUS_BLOCK& io) {
    if (status != nt::kStatusPending)
        return status;
    NtWaitForSingleObject(file, FALSE, nullptr);
    return io.Status;
}

LONGLONG overlapped_offset(const OVERLAPPED* overlapped) {
    return static_cast<LONGLONG>((static_cast<ULONGLONG>(overlapped->OffsetHigh) << 32) | overlapped->Offset);
}

/// The console ("CON") is opened as CONIN$ or CONOUT$ depending on the access asked for, as
/// kernelbase's CreateFileW does.
const WCHAR* resolve_console_alias(const WCHAR* name, DWORD access) {
    if (!equals_ignoring_ascii_case(name, "CON"))
        return name;
    if ((access & (GENERIC_READ | GENERIC_WRITE)) == GENERIC_READ)
        return L"CONIN$";
    if ((access & (GENERIC_READ | GENERIC_WRITE)) == GENERIC_WRITE)
        return L"CONOUT$";
    return nullptr; // CON with both or neither is ambiguous: ERROR_FILE_NOT_FOUND on Windows
}

} // namespace

extern "C" {

HANDLE WINAPI CreateFileW(LPCWSTR file_name, DWORD desired_access, DWORD share_mode,
                          LPSECURITY_ATTRIBUTES security_attributes, DWORD creation_disposition,
                          DWORD flags_and_attributes, HANDLE template_file) {
    if (!file_name || !*file_name) {
        set_last_error(ERROR_PATH_NOT_FOUND);
        return INVALID_HANDLE_VALUE;
    }
    const WCHAR* name = resolve_console_alias(file_name, desired_access);
    if (!name) {
        set_last_error(ERROR_FILE_NOT_FOUND);
        return INVALID_HANDLE_VALUE;
    }
    win32::file::NtCreateArguments args;
    if (!win32::file::map_create_file(creation_disposition, desired_access, flags_and_attributes, args)) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return INVALID_HANDLE_VALUE;
    }
    // FIXME: hTemplateFile (copying attributes/EAs from a template) is ignored, as it is on most
    // file systems Windows supports.
    NtPath path(name);
    if (!path.ok())
        return INVALID_HANDLE_VALUE;
    ULONG object_flags = (security_attributes && security_attributes->bInheritHandle) ? OBJ_INHERIT : 0;
    OBJECT_ATTRIBUTES attributes = path.object_attributes(object_flags);
    if (security_attributes)
        attributes.SecurityDescriptor = security_attributes->lpSecurityDescriptor;

    HANDLE handle = nullptr;
    IO_STATUS_BLOCK io{};
    NTSTATUS status = NtCreateFile(&handle, args.desired_access, &attributes, &io, nullptr,
                                   args.file_attributes, share_mode, args.create_disposition,
                                   args.create_options, nullptr, 0);
    if (!NT_SUCCESS(status)) {
        // CreateFile reports a name collision as ERROR_FILE_EXISTS (80), not the generic
        // ERROR_ALREADY_EXISTS (183) that RtlNtStatusToDosError gives.
        if (status == static_cast<NTSTATUS>(0xC0000035))
            set_last_error(ERROR_FILE_EXISTS);
        else
            set_error_from_status(status);
        return INVALID_HANDLE_VALUE;
    }
    set_last_error(win32::file::last_error_after_create(creation_disposition, io.Information));
    return handle;
}

HANDLE WINAPI CreateFileA(LPCSTR file_name, DWORD desired_access, DWORD share_mode,
                          LPSECURITY_ATTRIBUTES security_attributes, DWORD creation_disposition,
                          DWORD flags_and_attributes, HANDLE template_file) {
    WideString wide(file_name);
    if (!wide.ok())
        return INVALID_HANDLE_VALUE;
    return CreateFileW(wide.get(), desired_access, share_mode, security_attributes,
                       creation_disposition, flags_and_attributes, template_file);
}

BOOL WINAPI ReadFile(HANDLE file, LPVOID buffer, DWORD bytes_to_read, LPDWORD bytes_read,
                     LPOVERLAPPED overlapped) {
    if (bytes_read)
        *bytes_read = 0;
    file = translate_std_handle(file);
    IO_STATUS_BLOCK io{};
    if (overlapped) {
        // OVERLAPPED begins with an IO_STATUS_BLOCK (Internal = status, InternalHigh = count).
        LARGE_INTEGER offset;
        offset.QuadPart = overlapped_offset(overlapped);
        auto* overlapped_io = reinterpret_cast<IO_STATUS_BLOCK*>(overlapped);
        overlapped_io->Status = nt::kStatusPending;
        NTSTATUS status = NtReadFile(file, overlapped->hEvent, nullptr, nullptr, overlapped_io, buffer,
                                     bytes_to_read, &offset, nullptr);
        if (status == nt::kStatusPending) {
            set_last_error(ERROR_IO_PENDING);
            return FALSE;
        }
        if (!NT_SUCCESS(status)) {
            set_error_from_status(status); // STATUS_END_OF_FILE -> ERROR_HANDLE_EOF
            return FALSE;
        }
        if (bytes_read)
            *bytes_read = static_cast<DWORD>(overlapped_io->Information);
        return TRUE;
    }
    NTSTATUS status = NtReadFile(file, nullptr, nullptr, nullptr, &io, buffer, bytes_to_read, nullptr, nullptr);
    status = wait_if_pending(file, status, io);
    // Reading at the end of a file is a successful read of zero bytes for synchronous handles.
    if (status == nt::kStatusEndOfFile)
        return TRUE;
    if (!NT_SUCCESS(status)) {
        set_error_from_status(status);
        return FALSE;
    }
    if (bytes_read)
        *bytes_read = static_cast<DWORD>(io.Information);
    return TRUE;
}

BOOL WINAPI WriteFile(HANDLE file, LPCVOID buffer, DWORD bytes_to_write, LPDWORD bytes_written,
                      LPOVERLAPPED overlapped) {
    if (bytes_written)
        *bytes_written = 0;
    file = translate_std_handle(file);
    IO_STATUS_BLOCK io{};
    if (overlapped) {
        LARGE_INTEGER offset;
        offset.QuadPart = overlapped_offset(overlapped);
        auto* overlapped_io = reinterpret_cast<IO_STATUS_BLOCK*>(overlapped);
        overlapped_io->Status = nt::kStatusPending;
        NTSTATUS status = NtWriteFile(file, overlapped->hEvent, nullptr, nullptr, overlapped_io,
                                      const_cast<void*>(buffer), bytes_to_write, &offset, nullptr);
        if (status == nt::kStatusPending) {
            set_last_error(ERROR_IO_PENDING);
            return FALSE;
        }
        if (!NT_SUCCESS(status)) {
            set_error_from_status(status);
            return FALSE;
        }
        if (bytes_written)
            *bytes_written = static_cast<DWORD>(overlapped_io->Information);
        return TRUE;
    }
    NTSTATUS status = NtWriteFile(file, nullptr, nullptr, nullptr, &io, const_cast<void*>(buffer),
                                  bytes_to_write, nullptr, nullptr);
    status = wait_if_pending(file, status, io);
    if (!NT_SUCCESS(status)) {
        set_error_from_status(status);
        return FALSE;
    }
    if (bytes_written)
        *bytes_written = static_cast<DWORD>(io.Information);
    return TRUE;
}

BOOL WINAPI FlushFileBuffers(HANDLE file) {
    IO_STATUS_BLOCK io{};
    return succeeded_or_set_error(NtFlushBuffersFile(translate_std_handle(file), &io));
}

BOOL WINAPI SetEndOfFile(HANDLE file) {
    IO_STATUS_BLOCK io{};
    nt::FilePositionInformation position{};
    NTSTATUS status = NtQueryInformationFile(file, &io, &position, sizeof(position), nt::kFilePositionInformation);
    if (!NT_SUCCESS(status)) {
        set_error_from_status(status);
        return FALSE;
    }
    nt::FileEndOfFileInformation end{position.current_byte_offset};
    return succeeded_or_set_error(
        NtSetInformationFile(file, &io, &end, sizeof(end), nt::kFileEndOfFileInformation));
}

BOOL WINAPI SetFilePointerEx(HANDLE file, LARGE_INTEGER distance, PLARGE_INTEGER new_position,
                             DWORD move_method) {
    file = translate_std_handle(file);
    IO_STATUS_BLOCK io{};
    LONGLONG base = 0;
    NTSTATUS status;
    switch (move_method) {
    case FILE_BEGIN:
        break;
    case FILE_CURRENT: {
        nt::FilePositionInformation position{};
        status = NtQueryInformationFile(file, &io, &position, sizeof(position), nt::kFilePositionInformation);
        if (!NT_SUCCESS(status)) {
            set_error_from_status(status);
            return FALSE;
        }
        base = position.current_byte_offset;
        break;
    }
    case FILE_END: {
        nt::FileStandardInformation standard{};
        status = NtQueryInformationFile(file, &io, &standard, sizeof(standard), nt::kFileStandardInformation);
        if (!NT_SUCCESS(status)) {
            set_error_from_status(status);
            return FALSE;
        }
        base = standard.end_of_file;
        break;
    }
    default:
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    LONGLONG target;
    if (__builtin_add_overflow(base, distance.QuadPart, &target) || target < 0) {
        set_last_error(ERROR_NEGATIVE_SEEK);
        return FALSE;
    }
    nt::FilePositionInformation position{target};
    status = NtSetInformationFile(file, &io, &position, sizeof(position), nt::kFilePositionInformation);
    if (!NT_SUCCESS(status)) {
        set_error_from_status(status);
        return FALSE;
    }
    if (new_position)
        new_position->QuadPart = target;
    return TRUE;
}

DWORD WINAPI SetFilePointer(HANDLE file, LONG distance_low, PLONG distance_high, DWORD move_method) {
    LARGE_INTEGER distance;
    if (distance_high)
        distance.QuadPart = static_cast<LONGLONG>((static_cast<ULONGLONG>(static_cast<ULONG>(*distance_high)) << 32) |
                                                  static_cast<ULONG>(distance_low));
    else
        distance.QuadPart = distance_low; // sign-extended, as documented
    LARGE_INTEGER position;
    if (!SetFilePointerEx(file, distance, &position, move_method))
        return INVALID_SET_FILE_POINTER;
    if (distance_high)
        *distance_high = position.HighPart;
    // 0xFFFFFFFF can be a valid low part; ERROR_SUCCESS lets the caller tell it from failure.
    set_last_error(ERROR_SUCCESS);
    return position.LowPart;
}

BOOL WINAPI GetFileSizeEx(HANDLE file, PLARGE_INTEGER size) {
    IO_STATUS_BLOCK io{};
    nt::FileStandardInformation standard{};
    NTSTATUS status = NtQueryInformationFile(translate_std_handle(file), &io, &standard, sizeof(standard),
                                             nt::kFileStandardInformation);
    if (!NT_SUCCESS(status)) {
        set_error_from_status(status);
        return FALSE;
    }
    if (standard.directory) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    size->QuadPart = standard.end_of_file;
    return TRUE;
}

DWORD WINAPI GetFileSize(HANDLE file, LPDWORD size_high) {
    LARGE_INTEGER size;
    if (!GetFileSizeEx(file, &size))
        return INVALID_FILE_SIZE;
    if (size_high)
        *size_high = static_cast<DWORD>(size.HighPart);
    set_last_error(ERROR_SUCCESS); // distinguishes a size whose low part is 0xFFFFFFFF
    return size.LowPart;
}

DWORD WINAPI GetFileType(HANDLE file) {
    ULONG device_type = 0;
    NTSTATUS status = query_device_type(translate_std_handle(file), device_type);
    if (!NT_SUCCESS(status)) {
        set_error_from_status(status);
        return FILE_TYPE_UNKNOWN;
    }
    set_last_error(NO_ERROR);
    switch (device_type) {
    case nt::kDeviceNamedPipe:
    case nt::kDeviceMailslot:
        return FILE_TYPE_PIPE;
    case nt::kDeviceDisk:
    case nt::kDeviceDiskFileSystem:
    case nt::kDeviceCdRom:
    case nt::kDeviceCdRomFileSystem:
    case nt::kDeviceVirtualDisk:
        return FILE_TYPE_DISK;
    case nt::kDeviceConsole:
    case nt::kDeviceNull:
    case nt::kDeviceKeyboard:
    case nt::kDeviceMouse:
    case nt::kDeviceParallelPort:
    case nt::kDeviceSerialPort:
    case nt::kDeviceScreen:
    case nt::kDeviceSound:
        return FILE_TYPE_CHAR;
    default:
        return FILE_TYPE_UNKNOWN;
    }
}

BOOL WINAPI GetFileInformationByHandle(HANDLE file, LPBY_HANDLE_FILE_INFORMATION info) {
    IO_STATUS_BLOCK io{};
    nt::FileBasicInformation basic{};
    nt::FileStandardInformation standard{};
    nt::FileInternalInformation internal{};
    NTSTATUS status = NtQueryInformationFile(file, &io, &basic, sizeof(basic), nt::kFileBasicInformation);
    if (NT_SUCCESS(status))
        status = NtQueryInformationFile(file, &io, &standard, sizeof(standard), nt::kFileStandardInformation);
    if (!NT_SUCCESS(status)) {
        set_error_from_status(status);
        return FALSE;
    }
    // The file index is optional information: a file system without one reports zero.
    if (!NT_SUCCESS(NtQueryInformationFile(file, &io, &internal, sizeof(internal), nt::kFileInternalInformation)))
        internal.index_number = 0;
    ULONG serial = 0;
    alignas(8) unsigned char volume_buffer[sizeof(nt::FileFsVolumeInformation) + 64];
    if (NT_SUCCESS(NtQueryVolumeInformationFile(file, &io, volume_buffer, sizeof(volume_buffer),
                                                nt::kFileFsVolumeInformation)))
        serial = reinterpret_cast<nt::FileFsVolumeInformation*>(volume_buffer)->volume_serial_number;

    auto to_file_time = [](LONGLONG t) {
        FILETIME ft;
        ft.dwLowDateTime = static_cast<DWORD>(t);
        ft.dwHighDateTime = static_cast<DWORD>(static_cast<ULONGLONG>(t) >> 32);
        return ft;
    };
    info->dwFileAttributes = basic.file_attributes;
    info->ftCreationTime = to_file_time(basic.creation_time);
    info->ftLastAccessTime = to_file_time(basic.last_access_time);
    info->ftLastWriteTime = to_file_time(basic.last_write_time);
    info->dwVolumeSerialNumber = serial;
    info->nFileSizeHigh = static_cast<DWORD>(static_cast<ULONGLONG>(standard.end_of_file) >> 32);
    info->nFileSizeLow = static_cast<DWORD>(standard.end_of_file);
    info->nNumberOfLinks = standard.number_of_links;
    info->nFileIndexHigh = static_cast<DWORD>(static_cast<ULONGLONG>(internal.index_number) >> 32);
    info->nFileIndexLow = static_cast<DWORD>(internal.index_number);
    return TRUE;
}

BOOL WINAPI GetFileTime(HANDLE file, LPFILETIME creation, LPFILETIME last_access, LPFILETIME last_write) {
    IO_STATUS_BLOCK io{};
    nt::FileBasicInformation basic{};
    NTSTATUS status = NtQueryInformationFile(file, &io, &basic, sizeof(basic), nt::kFileBasicInformation);
    if (!NT_SUCCESS(status)) {
        set_error_from_status(status);
        return FALSE;
    }
    auto store = [](LPFILETIME out, LONGLONG t) {
        if (!out)
            return;
        out->dwLowDateTime = static_cast<DWORD>(t);
        out->dwHighDateTime = static_cast<DWORD>(static_cast<ULONGLONG>(t) >> 32);
    };
    store(creation, basic.creation_time);
    store(last_access, basic.last_access_time);
    store(last_write, basic.last_write_time);
    return TRUE;
}

BOOL WINAPI DeleteFileW(LPCWSTR file_name) {
    NtPath path(file_name);
    if (!path.ok())
        return FALSE;
    OBJECT_ATTRIBUTES attributes = path.object_attributes();
    HANDLE handle = nullptr;
    IO_STATUS_BLOCK io{};
    // Opened as a non-directory so that deleting a directory fails with ERROR_ACCESS_DENIED.
    NTSTATUS status = NtOpenFile(&handle, DELETE | SYNCHRONIZE | FILE_READ_ATTRIBUTES, &attributes, &io,
                                 nt::kShareAll,
                                 nt::kFileNonDirectoryFile | nt::kFileSynchronousIoNonAlert |
                                     nt::kFileOpenForBackupIntent | nt::kFileOpenReparsePoint);
    if (!NT_SUCCESS(status)) {
        set_error_from_status(status);
        return FALSE;
    }
    nt::FileDispositionInformation disposition{TRUE};
    status = NtSetInformationFile(handle, &io, &disposition, sizeof(disposition), nt::kFileDispositionInformation);
    NtClose(handle);
    return succeeded_or_set_error(status);
}

BOOL WINAPI DeleteFileA(LPCSTR file_name) {
    WideString wide(file_name);
    if (!wide.ok())
        return FALSE;
    return DeleteFileW(wide.get());
}

} // extern "C"
