#include <core/fs/Vfs.h>

namespace halcyon::fs {

namespace {

// The slot for a drive letter, or -1.
int drive_index(char drive) {
    char upper = ascii_to_upper(drive);
    if (upper < 'A' || upper > 'Z')
        return -1;
    return upper - 'A';
}

} // namespace

ErrorOr<void> Vfs::mount(char drive, RefPtr<FileSystem> fs) {
    int index = drive_index(drive);
    if (index < 0 || !fs)
        return Error(status::InvalidParameter, "mount needs a drive letter and a file system");
    LockGuard guard(m_lock);
    if (m_drives[index])
        return Error(status::ObjectNameCollision, "drive is already mounted");
    m_drives[index] = move(fs);
    return {};
}

ErrorOr<void> Vfs::unmount(char drive) {
    int index = drive_index(drive);
    if (index < 0)
        return Error(status::InvalidParameter, "not a drive letter");
    RefPtr<FileSystem> released;
    {
        LockGuard guard(m_lock);
        if (!m_drives[index])
            return Error(status::ObjectPathNotFound, "drive is not mounted");
        released = move(m_drives[index]);
    }
    // The last reference (if this is it) is dropped outside the lock.
    return {};
}

RefPtr<FileSystem> Vfs::file_system_for(char drive) const {
    int index = drive_index(drive);
    if (index < 0)
        return nullptr;
    LockGuard guard(m_lock);
    return m_drives[index];
}

ErrorOr<RefPtr<FileSystem>> Vfs::file_system_for_path(const WindowsPath& path) const {
    if (path.device != DosDevice::None)
        return Error(status::NotSupported, "DOS devices are not files");
    RefPtr<FileSystem> fs = file_system_for(path.drive);
    if (!fs)
        return Error(status::ObjectPathNotFound, "no such drive");
    return fs;
}

ErrorOr<OpenResult> Vfs::open(const WindowsPath& path, const OpenRequest& request) const {
    RefPtr<FileSystem> fs = TRY(file_system_for_path(path));
    return fs->open(path.components.span(), request);
}

ErrorOr<void> Vfs::remove(const WindowsPath& path) const {
    RefPtr<FileSystem> fs = TRY(file_system_for_path(path));
    return fs->remove(path.components.span());
}

} // namespace halcyon::fs
