#pragma once

// The NT information-class records kernelbase exchanges with the kernel ([ms-fscc] 2.4/2.5,
// wdm.h). Kept in a private namespace so they never collide with ntdef.h's spellings.

#include "halcyon/ntdef.h"

namespace halcyon::kernelbase::nt {

// FILE_INFORMATION_CLASS / FS_INFORMATION_CLASS / OBJECT_INFORMATION_CLASS values.
constexpr ULONG kFileDirectoryInformation = 1;
constexpr ULONG kFileBasicInformation = 4;
constexpr ULONG kFileStandardInformation = 5;
constexpr ULONG kFileInternalInformation = 6;
constexpr ULONG kFileRenameInformation = 10;
constexpr ULONG kFileDispositionInformation = 13;
constexpr ULONG kFilePositionInformation = 14;
constexpr ULONG kFileEndOfFileInformation = 20;
constexpr ULONG kFileNetworkOpenInformation = 34;
constexpr ULONG kFileFsVolumeInformation = 1;
constexpr ULONG kFileFsDeviceInformation = 4;
constexpr ULONG kObjectHandleFlagInformation = 4;
constexpr ULONG kMemoryBasicInformation = 0;
constexpr ULONG kProcessBasicInformation = 0;
constexpr ULONG kThreadBasicInformation = 0;
constexpr ULONG kThreadZeroTlsCell = 10;

struct FileBasicInformation {
    LONGLONG creation_time;
    LONGLONG last_access_time;
    LONGLONG last_write_time;
    LONGLONG change_time;
    ULONG file_attributes;
};
static_assert(sizeof(FileBasicInformation) == 40);

struct FileStandardInformation {
    LONGLONG allocation_size;
    LONGLONG end_of_file;
    ULONG number_of_links;
    BOOLEAN delete_pending;
    BOOLEAN directory;
};
static_assert(sizeof(FileStandardInformation) == 24);

struct FileInternalInformation {
    LONGLONG index_number;
};

struct FilePositionInformation {
    LONGLONG current_byte_offset;
};

struct FileEndOfFileInformation {
    LONGLONG end_of_file;
};

struct FileDispositionInformation {
    BOOLEAN delete_file;
};

struct FileRenameInformation {
    BOOLEAN replace_if_exists;
    HANDLE root_directory;
    ULONG file_name_length; // bytes
    WCHAR file_name[1];
};

struct FileNetworkOpenInformation {
    LONGLONG creation_time;
    LONGLONG last_access_time;
    LONGLONG last_write_time;
    LONGLONG change_time;
    LONGLONG allocation_size;
    LONGLONG end_of_file;
    ULONG file_attributes;
};
static_assert(sizeof(FileNetworkOpenInformation) == 56);

struct FileDirectoryInformation {
    ULONG next_entry_offset;
    ULONG file_index;
    LONGLONG creation_time;
    LONGLONG last_access_time;
    LONGLONG last_write_time;
    LONGLONG change_time;
    LONGLONG end_of_file;
    LONGLONG allocation_size;
    ULONG file_attributes;
    ULONG file_name_length; // bytes
    WCHAR file_name[1];
};
static_assert(__builtin_offsetof(FileDirectoryInformation, file_name) == 64);

struct FileFsVolumeInformation {
    LONGLONG volume_creation_time;
    ULONG volume_serial_number;
    ULONG volume_label_length;
    BOOLEAN supports_objects;
    WCHAR volume_label[1];
};

struct FileFsDeviceInformation {
    ULONG device_type;
    ULONG characteristics;
};

// DEVICE_TYPE values (devioctl.h).
constexpr ULONG kDeviceCdRom = 0x02;
constexpr ULONG kDeviceCdRomFileSystem = 0x03;
constexpr ULONG kDeviceDisk = 0x07;
constexpr ULONG kDeviceDiskFileSystem = 0x08;
constexpr ULONG kDeviceKeyboard = 0x0B;
constexpr ULONG kDeviceMailslot = 0x0C;
constexpr ULONG kDeviceMouse = 0x0F;
constexpr ULONG kDeviceNamedPipe = 0x11;
constexpr ULONG kDeviceNull = 0x15;
constexpr ULONG kDeviceParallelPort = 0x16;
constexpr ULONG kDeviceScreen = 0x1C;
constexpr ULONG kDeviceSerialPort = 0x1B;
constexpr ULONG kDeviceSound = 0x1D;
constexpr ULONG kDeviceVirtualDisk = 0x24;
constexpr ULONG kDeviceConsole = 0x50;

struct ObjectHandleFlagInformation {
    BOOLEAN inherit;
    BOOLEAN protect_from_close;
};

struct ProcessBasicInformation {
    NTSTATUS exit_status;
    PVOID peb_base_address;
    ULONG_PTR affinity_mask;
    LONG base_priority;
    ULONG_PTR unique_process_id;
    ULONG_PTR inherited_from_unique_process_id;
};
static_assert(sizeof(ProcessBasicInformation) == 48);

struct ThreadBasicInformation {
    NTSTATUS exit_status;
    PVOID teb_base_address;
    ULONG_PTR unique_process; // CLIENT_ID
    ULONG_PTR unique_thread;
    ULONG_PTR affinity_mask;
    LONG priority;
    LONG base_priority;
};
static_assert(sizeof(ThreadBasicInformation) == 48);

// NTSTATUS values kernelbase tests for.
constexpr NTSTATUS kStatusPending = 0x00000103;
constexpr NTSTATUS kStatusTimeout = 0x00000102;
constexpr NTSTATUS kStatusAbandoned = 0x00000080;
constexpr NTSTATUS kStatusUserApc = 0x000000C0;
constexpr NTSTATUS kStatusEndOfFile = static_cast<NTSTATUS>(0xC0000011);
constexpr NTSTATUS kStatusBufferTooSmall = static_cast<NTSTATUS>(0xC0000023);
constexpr NTSTATUS kStatusNoMoreFiles = static_cast<NTSTATUS>(0x80000006);
constexpr NTSTATUS kStatusInvalidParameter = static_cast<NTSTATUS>(0xC000000D);
constexpr NTSTATUS kStatusInvalidHandle = static_cast<NTSTATUS>(0xC0000008);
constexpr NTSTATUS kStatusNotImplemented = static_cast<NTSTATUS>(0xC0000002);
constexpr NTSTATUS kStatusInvalidInfoClass = static_cast<NTSTATUS>(0xC0000003);
constexpr NTSTATUS kStatusPipeBroken = static_cast<NTSTATUS>(0xC000014B);
constexpr NTSTATUS kStatusObjectNameNotFound = static_cast<NTSTATUS>(0xC0000034);

// CreateOptions / ShareAccess / IoStatus values (wdm.h).
constexpr ULONG kFileDirectoryFile = 0x00000001;
constexpr ULONG kFileSynchronousIoNonAlert = 0x00000020;
constexpr ULONG kFileNonDirectoryFile = 0x00000040;
constexpr ULONG kFileOpenForBackupIntent = 0x00004000;
constexpr ULONG kFileOpenReparsePoint = 0x00200000;
constexpr ULONG kShareAll = 0x7;
constexpr ULONG kNtFileOpen = 1;
constexpr ULONG kNtFileCreate = 2;

// Event types (EVENT_TYPE).
constexpr ULONG kNotificationEvent = 0;
constexpr ULONG kSynchronizationEvent = 1;
constexpr ACCESS_MASK kEventAllAccess = 0x001F0003;

} // namespace halcyon::kernelbase::nt
