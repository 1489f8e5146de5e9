#pragma once

// A file or directory as a file system presents it to the VFS. A Vnode is what an open file
// object points at; file systems subclass it. All virtual members are defined inline (no key
// function) so tests built with RTTI can derive from it; see core/ob/Object.h.

#include <core/fs/NtFileConstants.h>
#include <core/lib/ErrorOr.h>
#include <core/lib/Memory.h>
#include <core/lib/RefPtr.h>
#include <core/lib/Span.h>
#include <core/lib/String.h>
#include <core/lib/Vector.h>

namespace halcyon::fs {

class FileSystem;

/// What FileBasicInformation / FileStandardInformation / FileNetworkOpenInformation report.
struct FileStat {
    /// FILE_ATTRIBUTE_* bits; Normal alone when no other bit applies.
    u32 attributes{0};
    bool is_directory{false};
    u64 size{0};
    u64 allocation_size{0};
    /// FILETIMEs: 100 ns units since 1601-01-01 UTC.
    u64 creation_time{0};
    u64 last_access_time{0};
    u64 last_write_time{0};
    u64 change_time{0};
    /// FileInternalInformation.IndexNumber: stable and unique per file on its volume (the host
    /// inode for host directories); 0 when the file system has none.
    u64 file_id{0};
};

/// The size and free space of a volume (FileFsSizeInformation, FileFsFullSizeInformation).
struct VolumeSpace {
    u32 bytes_per_sector{512};
    u32 sectors_per_cluster{8};
    u64 total_clusters{0};
    /// Free clusters on the volume.
    u64 free_clusters{0};
    /// Free clusters the caller may use (quotas, reserved blocks).
    u64 available_clusters{0};
};

/// FileBasicInformation times to set; 0 leaves a time unchanged (the NT convention).
struct FileTimes {
    u64 creation_time{0};
    u64 last_access_time{0};
    u64 last_write_time{0};
    u64 change_time{0};
};

struct DirectoryEntry {
    /// UTF-8, as stored (case preserved).
    String name;
    FileStat stat;
};

class Vnode : public RefCounted<Vnode> {
public:
    Vnode(const Vnode&) = delete;
    Vnode& operator=(const Vnode&) = delete;
    virtual ~Vnode() = default;

    static void destroy_object(Vnode* node) { delete node; }
    static void operator delete(void* memory) { kfree(memory); }

    virtual bool is_directory() const = 0;

    /// Reads at `offset`; returns the byte count, 0 at or past the end. FileIsADirectory on a
    /// directory.
    virtual ErrorOr<usize> read(u64 offset, Bytes buffer) = 0;
    /// Writes all of `data` at `offset`, extending the file as needed.
    virtual ErrorOr<usize> write(u64 offset, ReadonlyBytes data) = 0;
    /// Truncates or extends (with zeros) to `size` (FileEndOfFileInformation).
    virtual ErrorOr<void> set_size(u64 size) = 0;
    virtual ErrorOr<FileStat> stat() = 0;
    /// Writes cached data through to stable storage (NtFlushBuffersFile).
    virtual ErrorOr<void> flush() = 0;
    /// The entries of a directory, sorted case-insensitively, with "." and ".." first in
    /// non-root directories as NTFS reports them. NotADirectory on a file.
    virtual ErrorOr<Vector<DirectoryEntry>> list_directory() = 0;
    /// Removes this file, or this empty directory (DirectoryNotEmpty otherwise), from its parent.
    virtual ErrorOr<void> remove() = 0;

    /// Gives this file or directory the name `components` on `target` (FileRenameInformation).
    /// An existing target is ObjectNameCollision unless `replace_existing`, and a directory is never
    /// replaced (AccessDenied); a missing parent is ObjectPathNotFound; another file system is
    /// NotSameDevice. Renaming to another case of the same name is allowed.
    virtual ErrorOr<void> rename(FileSystem& target, Span<const String> components, bool replace_existing) {
        (void)target;
        (void)components;
        (void)replace_existing;
        return Error(status::NotSupported, "this file system cannot rename");
    }

    /// The serial number of the volume holding the node (FileFsVolumeInformation); 0 if none.
    virtual u32 volume_serial() { return 0; }

    /// FileBasicInformation times, set. A file system that cannot store a time it is given fails
    /// with NotSupported rather than dropping it.
    virtual ErrorOr<void> set_times(const FileTimes& times) {
        (void)times;
        return Error(status::NotSupported, "this file system cannot set file times");
    }

    /// Sets or clears FILE_ATTRIBUTE_READONLY.
    virtual ErrorOr<void> set_read_only(bool read_only) {
        (void)read_only;
        return Error(status::NotSupported, "this file system cannot change attributes");
    }

    /// The size and free space of the volume holding the node.
    virtual ErrorOr<VolumeSpace> volume_space() {
        return Error(status::NotSupported, "this node is on no volume");
    }

    ErrorOr<u64> size() {
        FileStat info = TRY(stat());
        return info.size;
    }

    /// Whether the node may be marked for deletion (FileDispositionInformation, NtDeleteFile): a
    /// read-only file is AccessDenied, a directory with entries DirectoryNotEmpty.
    ErrorOr<void> check_deletable() {
        FileStat info = TRY(stat());
        if (info.attributes & file_attribute::ReadOnly)
            return Error(status::AccessDenied, "cannot delete a read-only file");
        if (!info.is_directory)
            return {};
        Vector<DirectoryEntry> entries = TRY(list_directory());
        for (auto& entry : entries) {
            if (entry.name.view() != "."_sv && entry.name.view() != ".."_sv)
                return Error(status::DirectoryNotEmpty, "directory is not empty");
        }
        return {};
    }

protected:
    Vnode() = default;
};

} // namespace halcyon::fs
