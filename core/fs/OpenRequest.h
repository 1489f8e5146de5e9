#pragma once

// The parameters of an NtCreateFile call once the path is resolved, and the disposition rules
// every file system shares: which combination of disposition and existing file means open,
// overwrite, supersede, create, or which error.

#include <core/fs/NtFileConstants.h>
#include <core/lib/ErrorOr.h>

namespace halcyon::fs {

struct OpenRequest {
    /// ACCESS_MASK; generic bits are mapped by validate_open_request's callers as needed.
    u32 desired_access{0};
    /// FILE_ATTRIBUTE_* for a newly created file (ReadOnly is honoured).
    u32 file_attributes{0};
    /// FILE_SHARE_*: what other opens of the same file may do while this one is open.
    u32 share_access{0};
    u32 disposition{disposition::Open};
    /// FILE_* create options.
    u32 options{0};
};

/// What a file system should do once it knows whether the target exists.
enum class OpenAction : u8 {
    OpenExisting,
    OverwriteExisting,
    SupersedeExisting,
    CreateNew,
};

/// The IO_STATUS_BLOCK.Information value (create_info::*) for a successful `action`.
constexpr u32 create_info_for(OpenAction action) {
    switch (action) {
    case OpenAction::OpenExisting:
        return create_info::Opened;
    case OpenAction::OverwriteExisting:
        return create_info::Overwritten;
    case OpenAction::SupersedeExisting:
        return create_info::Superseded;
    case OpenAction::CreateNew:
        return create_info::Created;
    }
    return create_info::Opened;
}

/// InvalidParameter for requests NtCreateFile refuses before touching a file system: an unknown
/// disposition, DirectoryFile with NonDirectoryFile, DirectoryFile with a disposition other than
/// Create/Open/OpenIf, DeleteOnClose without DELETE access.
ErrorOr<void> validate_open_request(const OpenRequest& request);

/// The NT disposition table ([ms-fsa] 2.1.5.1, NtCreateFile docs) for a target that `exists`
/// (and `is_directory`): ObjectNameCollision, ObjectNameNotFound, FileIsADirectory,
/// NotADirectory, or the action to take.
ErrorOr<OpenAction> decide_open_action(const OpenRequest& request, bool exists, bool is_directory);

/// Access an open of an existing file is checked against for sharing on top of what it asks
/// for, because its disposition destroys data: an overwrite implies writing and a supersede
/// deleting, as FastFAT's FatOpenExistingFcb has it. A supersede replaces the data too, so it
/// implies writing as well (Wine checks every truncating open against write sharing). Hence
/// CREATE_ALWAYS on a file that another open does not share for writing fails with
/// SharingViolation before anything is truncated. The open is then counted with only what it
/// asked for (ShareClaim::narrow_access).
constexpr u32 implied_share_access(OpenAction action) {
    switch (action) {
    case OpenAction::OverwriteExisting:
        return file_access::WriteData;
    case OpenAction::SupersedeExisting:
        return file_access::WriteData | file_access::Delete;
    case OpenAction::OpenExisting:
    case OpenAction::CreateNew:
        return 0;
    }
    return 0;
}

/// True when `access` (mapped or not) asks to modify file data.
constexpr bool wants_write_access(u32 access) {
    u32 mapped = map_generic_file_access(access);
    return mapped & (file_access::WriteData | file_access::AppendData);
}

} // namespace halcyon::fs
