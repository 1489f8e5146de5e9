// CreateFileW -> NtCreateFile argument mapping, as kernelbase does it on Windows.

#include "win32/kernelbase/CreateDisposition.h"

namespace halcyon::win32::file {

namespace {

// Win32 values (winbase.h, winnt.h).
constexpr uint32_t kCreateNew = 1;
constexpr uint32_t kCreateAlways = 2;
constexpr uint32_t kOpenExisting = 3;
constexpr uint32_t kOpenAlways = 4;
constexpr uint32_t kTruncateExisting = 5;

constexpr uint32_t kFlagWriteThrough = 0x80000000;
constexpr uint32_t kFlagOverlapped = 0x40000000;
constexpr uint32_t kFlagNoBuffering = 0x20000000;
constexpr uint32_t kFlagRandomAccess = 0x10000000;
constexpr uint32_t kFlagSequentialScan = 0x08000000;
constexpr uint32_t kFlagDeleteOnClose = 0x04000000;
constexpr uint32_t kFlagBackupSemantics = 0x02000000;
constexpr uint32_t kFlagOpenReparsePoint = 0x00200000;

constexpr uint32_t kFileAttributeValidFlags = 0x00007FB7;

constexpr uint32_t kDelete = 0x00010000;
constexpr uint32_t kSynchronize = 0x00100000;
constexpr uint32_t kFileReadAttributes = 0x0080;

constexpr uint32_t kErrorAlreadyExists = 183;

} // namespace

bool map_create_file(uint32_t creation_disposition, uint32_t desired_access,
                     uint32_t flags_and_attributes, NtCreateArguments& out) {
    switch (creation_disposition) {
    case kCreateNew:
        out.create_disposition = kNtFileCreate;
        break;
    case kCreateAlways:
        out.create_disposition = kNtFileOverwriteIf;
        break;
    case kOpenExisting:
        out.create_disposition = kNtFileOpen;
        break;
    case kOpenAlways:
        out.create_disposition = kNtFileOpenIf;
        break;
    case kTruncateExisting:
        out.create_disposition = kNtFileOverwrite;
        break;
    default:
        return false;
    }

    uint32_t options = 0;
    // Without backup semantics CreateFile opens files only; a directory fails (ACCESS_DENIED).
    if (flags_and_attributes & kFlagBackupSemantics)
        options |= kNtFileOpenForBackupIntent;
    else
        options |= kNtFileNonDirectoryFile;
    if (flags_and_attributes & kFlagDeleteOnClose) {
        options |= kNtFileDeleteOnClose;
        desired_access |= kDelete;
    }
    if (flags_and_attributes & kFlagNoBuffering)
        options |= kNtFileNoIntermediateBuffering;
    if (!(flags_and_attributes & kFlagOverlapped))
        options |= kNtFileSynchronousIoNonAlert;
    if (flags_and_attributes & kFlagRandomAccess)
        options |= kNtFileRandomAccess;
    if (flags_and_attributes & kFlagSequentialScan)
        options |= kNtFileSequentialOnly;
    if (flags_and_attributes & kFlagWriteThrough)
        options |= kNtFileWriteThrough;
    if (flags_and_attributes & kFlagOpenReparsePoint)
        options |= kNtFileOpenReparsePoint;

    out.create_options = options;
    // SYNCHRONIZE makes synchronous I/O possible; FILE_READ_ATTRIBUTES lets GetFileType and
    // GetFileSize work on any handle CreateFile returns, as on Windows.
    out.desired_access = desired_access | kSynchronize | kFileReadAttributes;
    out.file_attributes = flags_and_attributes & kFileAttributeValidFlags;
    return true;
}

uint32_t last_error_after_create(uint32_t creation_disposition, uint64_t io_information) {
    if (creation_disposition == kCreateAlways && io_information == kNtFileOverwritten)
        return kErrorAlreadyExists;
    if (creation_disposition == kOpenAlways && io_information == kNtFileOpened)
        return kErrorAlreadyExists;
    return 0;
}

} // namespace halcyon::win32::file
