#include <core/fs/OpenFileTable.h>

namespace halcyon::fs {

ErrorOr<ShareClaim> OpenFileTable::claim(FileIdentity identity, u32 access, u32 share) {
    ShareMode mode = ShareMode::from(access, share);
    LockGuard guard(m_lock);
    Entry* entry = find(identity);
    if (!entry) {
        entry = TRY(try_make<Entry>());
        entry->identity = identity;
        m_entries.append(*entry);
    } else if (entry->delete_through) {
        return Error(status::DeletePending, "the file is marked for deletion");
    } else if (!entry->share_access.admits(mode)) {
        return Error(status::SharingViolation, "another open of the file does not share this access");
    }
    entry->share_access.add(mode);
    ++entry->claim_count;
    return ShareClaim(*this, *entry, mode, m_next_owner++);
}

usize OpenFileTable::open_file_count() const {
    LockGuard guard(m_lock);
    return m_entries.size_slow();
}

OpenFileTable::Entry* OpenFileTable::find(FileIdentity identity) {
    for (Entry& entry : m_entries) {
        if (entry.identity == identity)
            return &entry;
    }
    return nullptr;
}

ShareClaim::ShareClaim(ShareClaim&& other)
    : m_table(exchange(other.m_table, nullptr)), m_entry(exchange(other.m_entry, nullptr)),
      m_mode(other.m_mode), m_owner(exchange(other.m_owner, 0)), m_delete_through(move(other.m_delete_through)) {}

ShareClaim& ShareClaim::operator=(ShareClaim&& other) {
    if (this != &other) {
        (void)release();
        m_table = exchange(other.m_table, nullptr);
        m_entry = exchange(other.m_entry, nullptr);
        m_mode = other.m_mode;
        m_owner = exchange(other.m_owner, 0);
        m_delete_through = move(other.m_delete_through);
    }
    return *this;
}

void ShareClaim::narrow_access(u32 access) {
    ShareMode narrowed = ShareMode::from(access, 0);
    narrowed.shares_read = m_mode.shares_read;
    narrowed.shares_write = m_mode.shares_write;
    narrowed.shares_delete = m_mode.shares_delete;
    if (!m_entry) {
        m_mode = narrowed;
        return;
    }
    LockGuard guard(m_table->m_lock);
    m_entry->share_access.remove(m_mode);
    m_entry->share_access.add(narrowed);
    m_mode = narrowed;
}

void ShareClaim::set_delete_pending(RefPtr<Vnode> node) {
    if (!m_entry) {
        m_delete_through = move(node);
        return;
    }
    {
        LockGuard guard(m_table->m_lock);
        swap(m_entry->delete_through, node);
    }
    // `node` now holds the previous mark, if any; it is dropped here, outside the lock.
}

bool ShareClaim::is_delete_pending() const {
    if (!m_entry)
        return static_cast<bool>(m_delete_through);
    LockGuard guard(m_table->m_lock);
    return static_cast<bool>(m_entry->delete_through);
}

namespace {

/// Whether two ranges share a byte; an empty range shares none.
bool ranges_overlap(u64 offset_a, u64 length_a, u64 offset_b, u64 length_b) {
    if (length_a == 0 || length_b == 0)
        return false;
    // Ranges may run to the end of the 64-bit space; compare last bytes, which cannot overflow.
    u64 last_a = offset_a + (length_a - 1) < offset_a ? ~0ull : offset_a + (length_a - 1);
    u64 last_b = offset_b + (length_b - 1) < offset_b ? ~0ull : offset_b + (length_b - 1);
    return offset_a <= last_b && offset_b <= last_a;
}

} // namespace

ErrorOr<void> ShareClaim::lock_range(u64 offset, u64 length, bool exclusive) {
    if (!m_entry)
        return Error(status::NotSupported, "this open cannot take byte-range locks");
    LockGuard guard(m_table->m_lock);
    for (const auto& lock : m_entry->locks) {
        if (!ranges_overlap(offset, length, lock.offset, lock.length))
            continue;
        if (lock.exclusive || exclusive)
            return Error(status::LockNotGranted, "the range is locked");
    }
    TRY(m_entry->locks.try_append(OpenFileTable::ByteRangeLock{offset, length, m_owner, exclusive}));
    return {};
}

ErrorOr<void> ShareClaim::unlock_range(u64 offset, u64 length) {
    if (!m_entry)
        return Error(status::RangeNotLocked, "this open holds no locks");
    LockGuard guard(m_table->m_lock);
    auto& locks = m_entry->locks;
    for (usize i = 0; i < locks.size(); ++i) {
        if (locks[i].owner == m_owner && locks[i].offset == offset && locks[i].length == length) {
            locks.remove(i);
            return {};
        }
    }
    return Error(status::RangeNotLocked, "no such lock");
}

ErrorOr<void> ShareClaim::check_io(u64 offset, u64 length, bool write) const {
    if (!m_entry)
        return {};
    LockGuard guard(m_table->m_lock);
    for (const auto& lock : m_entry->locks) {
        if (!ranges_overlap(offset, length, lock.offset, lock.length))
            continue;
        if ((lock.exclusive && lock.owner != m_owner) || (!lock.exclusive && write))
            return Error(status::FileLockConflict, "the range is locked");
    }
    return {};
}

ErrorOr<void> ShareClaim::release() {
    if (!m_entry) {
        RefPtr<Vnode> node = move(m_delete_through);
        return node ? node->remove() : ErrorOr<void>();
    }
    OpenFileTable& table = *exchange(m_table, nullptr);
    OpenFileTable::Entry& entry = *exchange(m_entry, nullptr);
    RefPtr<Vnode> remove_through;
    {
        LockGuard guard(table.m_lock);
        entry.share_access.remove(m_mode);
        for (usize i = entry.locks.size(); i > 0; --i) {
            if (entry.locks[i - 1].owner == m_owner)
                entry.locks.remove(i - 1);
        }
        if (--entry.claim_count > 0)
            return {};
        remove_through = entry.delete_through;
        // An unmarked entry leaves the table under the lock that saw its last claim go, so no new
        // open can join an entry about to be freed. A marked one stays, still marked, while the
        // file is removed, so that an open racing with the removal gets DeletePending rather than
        // a file that is about to vanish.
        if (!remove_through)
            OpenFileTable::Entries::remove(entry);
    }
    ErrorOr<void> removed;
    if (remove_through) {
        removed = remove_through->remove();
        remove_through = nullptr;
        LockGuard guard(table.m_lock);
        OpenFileTable::Entries::remove(entry);
    }
    // Outside the lock: the entry may hold the last reference to a Vnode, which closes a host file.
    destroy(&entry);
    return removed;
}

} // namespace halcyon::fs
