#pragma once

// How CreateFile's Win32 arguments become NtCreateFile's, and which LastError a successful
// CreateFile leaves. Pure; also builds for the host unit tests.

#include <stdint.h>

namespace halcyon::win32::file {

/// The NtCreateFile arguments derived from CreateFileW's.
struct NtCreateArguments {
    uint32_t desired_access;
    uint32_t file_attributes;
    uint32_t create_disposition; // FILE_OPEN, FILE_CREATE, ...
    uint32_t create_options;     // FILE_NON_DIRECTORY_FILE, FILE_SYNCHRONOUS_IO_NONALERT, ...
};

// NT values (wdm.h) repeated so this file needs no NT header.
constexpr uint32_t kNtFileCreate = 2;
constexpr uint32_t kNtFileOpen = 1;
constexpr uint32_t kNtFileOpenIf = 3;
constexpr uint32_t kNtFileOverwrite = 4;
constexpr uint32_t kNtFileOverwriteIf = 5;

constexpr uint32_t kNtFileDirectoryFile = 0x00000001;
constexpr uint32_t kNtFileWriteThrough = 0x00000002;
constexpr uint32_t kNtFileSequentialOnly = 0x00000004;
constexpr uint32_t kNtFileNoIntermediateBuffering = 0x00000008;
constexpr uint32_t kNtFileSynchronousIoNonAlert = 0x00000020;
constexpr uint32_t kNtFileNonDirectoryFile = 0x00000040;
constexpr uint32_t kNtFileRandomAccess = 0x00000800;
constexpr uint32_t kNtFileDeleteOnClose = 0x00001000;
constexpr uint32_t kNtFileOpenForBackupIntent = 0x00004000;
constexpr uint32_t kNtFileOpenReparsePoint = 0x00200000;

// IO_STATUS_BLOCK.Information after NtCreateFile.
constexpr uint64_t kNtFileSuperseded = 0;
constexpr uint64_t kNtFileOpened = 1;
constexpr uint64_t kNtFileCreated = 2;
constexpr uint64_t kNtFileOverwritten = 3;

/// Maps dwCreationDisposition / dwDesiredAccess / dwFlagsAndAttributes. Returns false for an
/// unknown disposition (CreateFile then fails with ERROR_INVALID_PARAMETER).
[[nodiscard]] bool map_create_file(uint32_t creation_disposition, uint32_t desired_access,
                                   uint32_t flags_and_attributes, NtCreateArguments& out);

/// The LastError a successful CreateFile sets: ERROR_ALREADY_EXISTS (183) when CREATE_ALWAYS or
/// OPEN_ALWAYS found an existing file, otherwise ERROR_SUCCESS.
uint32_t last_error_after_create(uint32_t creation_disposition, uint64_t io_information);

} // namespace halcyon::win32::file
