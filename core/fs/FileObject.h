#pragma once

// The File kernel object: what a file handle names. It holds the open Vnode, the access granted
// at open, the share mode, the create options, and the current byte offset used by synchronous
// I/O that passes no ByteOffset. NT keeps the same state in its FILE_OBJECT.
//
// FIXME: sharing modes are recorded but not enforced (needs a per-file open list, i.e. a vnode
// cache; see HostDirFs.h).
// FIXME: NT serialises I/O on a synchronous file object; here the position update is atomic but
// a read and a concurrent seek on one object can interleave. Needs a sleeping mutex (core/sched).

#include <core/fs/FileSystem.h>
#include <core/fs/NtFileConstants.h>
#include <core/fs/Vnode.h>
#include <core/ob/Object.h>

namespace halcyon::fs {

class FileObject final : public ob::Object {
public:
    static constexpr ob::ObjectType kType = ob::ObjectType::File;

    /// Wraps an opened node. `request` is the create request (its access is mapped to specific
    /// rights here); DeleteOnClose in its options arms delete-on-close.
    static ErrorOr<RefPtr<FileObject>> create(RefPtr<Vnode> node, const OpenRequest& request);

    FileObject(RefPtr<Vnode> node, u32 granted_access, u32 share_access, u32 options);
    /// Performs a pending delete (delete-on-close or a set disposition); failures are dropped,
    /// as there is no one left to report them to.
    ~FileObject() override;

    Vnode& node() const { return *m_node; }
    bool is_directory() const { return m_node->is_directory(); }
    /// Specific rights (generic bits mapped).
    u32 granted_access() const { return m_granted_access; }
    u32 share_access() const { return m_share_access; }
    u32 options() const { return m_options; }
    /// FILE_SYNCHRONOUS_IO_(NON)ALERT: the object keeps a current position.
    bool is_synchronous() const {
        return m_options & (create_option::SynchronousIoAlert | create_option::SynchronousIoNonalert);
    }

    /// FilePositionInformation.
    u64 position() const { return __atomic_load_n(&m_position, __ATOMIC_RELAXED); }
    void set_position(u64 position) { __atomic_store_n(&m_position, position, __ATOMIC_RELAXED); }

    /// NtReadFile. `offset` may be kUseFilePointerPosition (synchronous objects only, else
    /// InvalidParameter). Needs FILE_READ_DATA (AccessDenied). A read that starts at or past the
    /// end of the file is EndOfFile. On a synchronous object the position moves past the data.
    ErrorOr<usize> read(Bytes buffer, u64 offset = kUseFilePointerPosition);
    /// NtWriteFile. `offset` may also be kWriteToEndOfFile. Needs FILE_WRITE_DATA, or
    /// FILE_APPEND_DATA alone, in which case every write appends.
    ErrorOr<usize> write(ReadonlyBytes data, u64 offset = kUseFilePointerPosition);

    /// FileEndOfFileInformation; needs FILE_WRITE_DATA.
    ErrorOr<void> set_size(u64 size);
    ErrorOr<FileStat> stat() { return m_node->stat(); }
    /// NtFlushBuffersFile; needs FILE_WRITE_DATA or FILE_APPEND_DATA.
    ErrorOr<void> flush();

    /// FileDispositionInformation: marks the file for deletion when this object goes away, or
    /// clears the mark. Needs DELETE; read-only files are AccessDenied, non-empty directories
    /// DirectoryNotEmpty.
    ErrorOr<void> set_delete_on_close(bool delete_on_close);
    bool delete_on_close() const { return m_delete_on_close; }

    /// NtQueryDirectoryFile's cursor: the next entry of a snapshot taken on the first call (or
    /// when `restart_scan`), or NoMoreFiles at the end. Needs FILE_LIST_DIRECTORY; NotADirectory
    /// on a file. The pointer stays valid until the next call.
    // FIXME: the caller filters with the FileName pattern; wildcard matching lives there.
    ErrorOr<const DirectoryEntry*> next_directory_entry(bool restart_scan);

private:
    RefPtr<Vnode> m_node;
    const u32 m_granted_access;
    const u32 m_share_access;
    const u32 m_options;
    /// Byte offset for synchronous I/O without an explicit offset; accessed atomically.
    u64 m_position{0};
    bool m_delete_on_close{false};
    /// Directory enumeration snapshot and the index of the next entry to return.
    Vector<DirectoryEntry> m_directory_snapshot;
    usize m_directory_cursor{0};
    bool m_has_directory_snapshot{false};
};

} // namespace halcyon::fs
