#pragma once

// A mounted file system: resolves component lists below its root to Vnodes. The VFS maps drive
// letters to FileSystems; file systems see only the components of a normalised WindowsPath, so
// they never deal with separators, '.', '..' or drive letters.

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
    /// the NT disposition and option rules. A missing intermediate directory, or one that is a
    /// file, is ObjectPathNotFound; a missing final component is ObjectNameNotFound.
    ErrorOr<OpenResult> open(Span<const String> components, const OpenRequest& request) {
        TRY(validate_open_request(request));
        return open_impl(components, request);
    }

    /// Deletes a file or an empty directory by name (NtDeleteFile).
    ErrorOr<void> remove(Span<const String> components) {
        if (components.is_empty())
            return Error(status::AccessDenied, "the root directory cannot be deleted");
        return remove_impl(components);
    }

protected:
    FileSystem() = default;
    /// `request` has passed validate_open_request.
    virtual ErrorOr<OpenResult> open_impl(Span<const String> components, const OpenRequest& request) = 0;
    /// `components` is not empty.
    virtual ErrorOr<void> remove_impl(Span<const String> components) = 0;
};

} // namespace halcyon::fs
