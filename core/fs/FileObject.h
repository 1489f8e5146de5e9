#pragma once

// The File kernel object: what a file handle names. It holds the open Vnode, the access granted
// at open, the share mode, the create options, the current byte offset used by synchronous I/O
// that passes no ByteOffset, and the open's claim in its file's shared state (OpenFileTable.h),
// which other opens of the file check their share modes against. NT keeps the same state in its
// FILE_OBJECT. The claim is released when the object is destroyed, i.e. when its last handle (and
// any other kernel reference) goes.
//
// FIXME: NT serialises I/O on a synchronous file object; here the position update is atomic but
// a read and a concurrent seek on one object can interleave. Needs a sleeping mutex (core/sched).

#include <core/fs/FileSystem.h>
#include <core/fs/NtFileConstants.h>
#include <core/fs/OpenFileTable.h>
#include <core/fs/Vnode.h>
#include <core/ob/Object.h>

namespace halcyon::fs {

class FileObject final : public ob::Object {
public:
    static constexpr ob::ObjectType kType = ob::ObjectType::File;

    /// Wraps an opened node. `request` is the create request (its access is mapped to specific
    /// rights here); DeleteOnClose in its options arms delete-on-close. `claim` is the open's
    /// claim from the file system; a device node, which no other open can share, passes none.
    static ErrorOr<RefPtr<FileObject>> create(RefPtr<Vnode> node, const OpenRequest& request,
                                              ShareClaim claim = {});

    FileObject(RefPtr<Vnode> node, u32 granted_access, u32 share_access, u32 options, ShareClaim claim);
    /// Ends the open: FILE_DELETE_ON_CLOSE marks the file for deletion now, and if this was the
    /// file's last open and it is marked, it is removed. Failures are dropped, as there is no one
    /// left to report them to.
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

    /// NtLockFile / NtUnlockFile: byte-range locks owned by this open (OpenFileTable.h). Locking
    /// needs FILE_READ_DATA or FILE_WRITE_DATA. Reads and writes through other opens (and, for a
    /// shared lock, writes through this one) that touch a locked range fail with
    /// FileLockConflict.
    ErrorOr<void> lock_range(u64 offset, u64 length, bool exclusive);
    ErrorOr<void> unlock_range(u64 offset, u64 length) { return m_claim.unlock_range(offset, length); }

    /// FileEndOfFileInformation; needs FILE_WRITE_DATA.
    ErrorOr<void> set_size(u64 size);
    ErrorOr<FileStat> stat() { return m_node->stat(); }
    /// NtFlushBuffersFile; needs FILE_WRITE_DATA or FILE_APPEND_DATA.
    ErrorOr<void> flush();

    /// FileDispositionInformation: marks the file for deletion once all its opens are closed, or
    /// clears the mark (whichever open set it). Needs DELETE; read-only files are AccessDenied,
    /// non-empty directories DirectoryNotEmpty.
    ErrorOr<void> set_delete_on_close(bool delete_on_close);
    /// FileStandardInformation.DeletePending: the file is marked, or this open was made with
    /// FILE_DELETE_ON_CLOSE and will mark it when it closes.
    bool delete_on_close() const {
        return (m_options & create_option::DeleteOnClose) || m_claim.is_delete_pending();
    }

    /// NtQueryDirectoryFile's cursor: the entry the enumeration is at, from a snapshot taken on
    /// the first call (or when `restart_scan`), or NoMoreFiles at the end. Needs
    /// FILE_LIST_DIRECTORY; NotADirectory on a file. The pointer stays valid until the next call;
    /// advance_directory_entry() moves past it once the caller has used it.
    ErrorOr<const DirectoryEntry*> current_directory_entry(bool restart_scan);
    void advance_directory_entry() { ++m_directory_cursor; }
    /// Whether the enumeration has begun (the FileName pattern is fixed by the first query).
    bool directory_enumeration_started() const { return m_has_directory_snapshot; }
    /// The pattern of this enumeration (UTF-16, empty for "everything"), fixed on the first query.
    Vector<u16>& directory_pattern() { return m_directory_pattern; }

    /// Compatibility for callers that consume entries one at a time.
    ErrorOr<const DirectoryEntry*> next_directory_entry(bool restart_scan) {
        const DirectoryEntry* entry = TRY(current_directory_entry(restart_scan));
        advance_directory_entry();
        return entry;
    }

private:
    RefPtr<Vnode> m_node;
    const u32 m_granted_access;
    const u32 m_share_access;
    const u32 m_options;
    /// Byte offset for synchronous I/O without an explicit offset; accessed atomically.
    u64 m_position{0};
    /// Counted in the file's share access until the object is destroyed; holds the deletion mark.
    ShareClaim m_claim;
    /// Directory enumeration snapshot and the index of the next entry to return.
    Vector<DirectoryEntry> m_directory_snapshot;
    usize m_directory_cursor{0};
    bool m_has_directory_snapshot{false};
    Vector<u16> m_directory_pattern;
};

} // namespace halcyon::fs
