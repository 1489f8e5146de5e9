#pragma once

// The files that are open, by identity, and the state all opens of one file share: its share
// access (ShareAccess.h) and whether it is marked for deletion. NT keeps this state in the file
// system's FCB; a Vnode here is per open (NT's CCB), so this table is what lets two opens of one
// file, made through any path spelling, see each other.
//
// An open holds a ShareClaim on its file's entry; the entry lives while claims do. When the last
// claim goes and the file is marked for deletion, the file is removed then (NT deletes at the last
// cleanup). A marked file refuses new opens with DeletePending until it is gone.
//
// The entry also holds the file's byte-range locks (NtLockFile), each owned by the open that took
// it: an exclusive lock keeps every other open from reading or writing the range, a shared lock
// keeps every open, its owner included, from writing it. Zero-length locks conflict with nothing.
// An open's locks go when it does.

#include <core/fs/ShareAccess.h>
#include <core/fs/Vnode.h>
#include <core/lib/ErrorOr.h>
#include <core/lib/IntrusiveList.h>
#include <core/lib/RefPtr.h>
#include <core/lib/Spinlock.h>
#include <core/lib/Vector.h>

namespace halcyon::fs {

/// What makes two opens opens of the same file. A file system chooses the numbers; equal
/// identities must mean the same file for as long as either is open.
struct FileIdentity {
    /// The volume (for host directories: the host device, st_dev).
    u64 volume{0};
    /// The file on it (for host directories: the inode number, st_ino).
    u64 file{0};

    constexpr bool operator==(const FileIdentity&) const = default;
};

class ShareClaim;

class OpenFileTable {
public:
    OpenFileTable() = default;
    OpenFileTable(const OpenFileTable&) = delete;
    OpenFileTable& operator=(const OpenFileTable&) = delete;
    /// Claims must not outlive the table.
    ~OpenFileTable() = default;

    /// Joins an open that wants `access` (mapped, no GENERIC_* bits) and shares `share`
    /// (FILE_SHARE_*) to the file `identity`: IoCheckShareAccess and IoSetShareAccess as one step.
    /// SharingViolation when an existing open forbids it, DeletePending when the file is marked
    /// for deletion.
    ErrorOr<ShareClaim> claim(FileIdentity identity, u32 access, u32 share);

    /// Files with at least one claim (or a removal in progress).
    usize open_file_count() const;

private:
    friend class ShareClaim;

    struct ByteRangeLock {
        u64 offset;
        u64 length;
        /// The ShareClaim (open) that took it.
        u64 owner;
        bool exclusive;
    };

    struct Entry {
        ListNode list_node;
        FileIdentity identity;
        ShareAccess share_access;
        /// Claims on this entry, including attribute-only opens that ShareAccess does not count.
        u32 claim_count{0};
        /// Set while the file is marked for deletion: the node the removal goes through.
        RefPtr<Vnode> delete_through;
        /// Byte-range locks, in the order taken.
        Vector<ByteRangeLock> locks;
    };

    using Entries = IntrusiveList<Entry, &Entry::list_node>;

    /// The entry for `identity`, or null; m_lock is held.
    Entry* find(FileIdentity identity);

    // Guards the list and every field of every entry. Files open at once are few, so a list
    // searched linearly is enough. FIXME: hash by identity if open_file_count() grows large.
    mutable Spinlock m_lock;
    Entries m_entries;
    /// Numbers the claims, as owners of byte-range locks.
    u64 m_next_owner{1};
};

/// One open's membership in its file's shared state. Move-only; destroying it releases it. A
/// default-constructed claim belongs to no table: the open is of something no other open can
/// name (a device), shares with nothing, and a deletion mark concerns it alone.
class ShareClaim {
public:
    ShareClaim() = default;
    ShareClaim(ShareClaim&& other);
    ShareClaim& operator=(ShareClaim&& other);
    ShareClaim(const ShareClaim&) = delete;
    ShareClaim& operator=(const ShareClaim&) = delete;
    /// Releases; a failed removal is dropped, as there is no one left to report it to.
    ~ShareClaim() { (void)release(); }

    /// True while the claim is counted in a table.
    bool is_shared() const { return m_entry != nullptr; }

    /// Recounts this open with `access` (mapped) instead of what it claimed with, which must have
    /// included it. An overwrite claims the write access it implies, to be refused before it
    /// truncates, and then narrows to what the caller asked for (FastFAT does the same).
    void narrow_access(u32 access);

    /// FileDispositionInformation: marks the file for deletion once its last open is closed,
    /// removing it through `node`; a null node clears the mark.
    void set_delete_pending(RefPtr<Vnode> node);
    bool is_delete_pending() const;

    /// NtLockFile: locks [offset, offset + length) for this open, exclusively or shared.
    /// LockNotGranted when it overlaps another lock that is exclusive, or when an exclusive lock
    /// overlaps a shared one (of any open, this one included). NotSupported on an unshared claim.
    ErrorOr<void> lock_range(u64 offset, u64 length, bool exclusive);
    /// NtUnlockFile: removes this open's lock of exactly [offset, offset + length), else
    /// RangeNotLocked.
    ErrorOr<void> unlock_range(u64 offset, u64 length);
    /// Whether this open may read (or write) [offset, offset + length) under the file's locks;
    /// FileLockConflict if not.
    ErrorOr<void> check_io(u64 offset, u64 length, bool write) const;

    /// Leaves the file's entry, dropping this open's byte-range locks. When this was its last open and it is marked for deletion,
    /// removes it, and returns the removal's result. Later calls do nothing.
    ErrorOr<void> release();

private:
    friend class OpenFileTable;
    ShareClaim(OpenFileTable& table, OpenFileTable::Entry& entry, const ShareMode& mode, u64 owner)
        : m_table(&table), m_entry(&entry), m_mode(mode), m_owner(owner) {}

    /// Both null for an unshared claim (or once released).
    OpenFileTable* m_table{nullptr};
    OpenFileTable::Entry* m_entry{nullptr};
    /// What this open added to the entry's ShareAccess.
    ShareMode m_mode;
    /// This open's number as the owner of byte-range locks (0 for an unshared claim).
    u64 m_owner{0};
    /// An unshared claim's own deletion mark.
    RefPtr<Vnode> m_delete_through;
};

} // namespace halcyon::fs
