#pragma once

// A mounted file system: resolves component lists below its root to Vnodes. The VFS maps drive
// letters to FileSystems; file systems see only the components of a normalised WindowsPath, so
// they never deal with separators, '.', '..' or drive letters.

#include <core/fs/OpenFileTable.h>
#include <core/fs/OpenRequest.h>
#include <core/fs/Vnode.h>
#include <core/lib/ErrorOr.h>
#include <core/lib/Memory.h>
#include <core/lib/RefPtr.h>
#include <core/lib/Span.h>
#include <core/lib/String.h>

namespace halcyon::fs {

struct OpenResult {
    RefPtr<Vnode> node;
    /// create_info::* for the IO_STATUS_BLOCK.
    u32 information{create_info::Opened};
    /// The open's place in the file's shared state (share access, deletion mark). Whoever keeps
    /// the open keeps this; dropping it ends the open as far as other opens can tell.
    ShareClaim claim;
};

class FileSystem : public RefCounted<FileSystem> {
public:
    FileSystem(const FileSystem&) = delete;
    FileSystem& operator=(const FileSystem&) = delete;
    virtual ~FileSystem() = default;

    static void destroy_object(FileSystem* fs) { delete fs; }
    static void operator delete(void* memory) { kfree(memory); }

    /// A short name for tracing ("hostdir", "fat32").
    virtual const char* name() const = 0;

    /// Opens or creates the file named by `components` (empty: the root directory) following
    /// the NT disposition and option rules, and the share modes of the file's other opens
    /// (SharingViolation, DeletePending). A missing intermediate directory, or one that is a
    /// file, is ObjectPathNotFound; a missing final component is ObjectNameNotFound.
    ErrorOr<OpenResult> open(Span<const String> components, const OpenRequest& request) {
        TRY(validate_open_request(request));
        return open_impl(components, request);
    }

    /// Deletes a file or an empty directory by name (NtDeleteFile): opens it for DELETE and marks
    /// it, so the usual rules apply. An open that does not share delete access refuses it
    /// (SharingViolation); while opens that do share it remain, the file stays until they close.
    ErrorOr<void> remove(Span<const String> components);

protected:
    FileSystem() = default;
    /// `request` has passed validate_open_request. The result carries a claim in the file's
    /// OpenFileTable entry, taken before anything is created, truncated or superseded.
    virtual ErrorOr<OpenResult> open_impl(Span<const String> components, const OpenRequest& request) = 0;
};

} // namespace halcyon::fs
