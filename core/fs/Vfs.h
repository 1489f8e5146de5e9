#pragma once

// The mount table: drive letters to file systems, and the entry points NtCreateFile and
// NtDeleteFile use once the name is parsed into a WindowsPath.

#include <core/fs/FileSystem.h>
#include <core/fs/Path.h>
#include <core/lib/Spinlock.h>

namespace halcyon::fs {

class Vfs {
public:
    Vfs() = default;
    Vfs(const Vfs&) = delete;
    Vfs& operator=(const Vfs&) = delete;

    /// Mounts `fs` as `drive` (either case). ObjectNameCollision when the drive is taken,
    /// InvalidParameter for a non-letter or a null file system.
    ErrorOr<void> mount(char drive, RefPtr<FileSystem> fs);
    /// Removes a drive; open files keep their file system alive until they close.
    ErrorOr<void> unmount(char drive);
    /// The file system mounted as `drive`, or null.
    RefPtr<FileSystem> file_system_for(char drive) const;

    /// Opens `path` on its drive. An unmounted drive is ObjectPathNotFound; a DOS device path is
    /// NotSupported here (the caller maps devices before reaching the VFS).
    ErrorOr<OpenResult> open(const WindowsPath& path, const OpenRequest& request) const;
    /// Deletes the file or empty directory `path` (NtDeleteFile), subject to the file's other
    /// opens as FileSystem::remove describes.
    ErrorOr<void> remove(const WindowsPath& path) const;

private:
    ErrorOr<RefPtr<FileSystem>> file_system_for_path(const WindowsPath& path) const;

    static constexpr usize kDriveCount = 26;
    mutable Spinlock m_lock;
    RefPtr<FileSystem> m_drives[kDriveCount];
};

} // namespace halcyon::fs
