#pragma once

// NT share access: the counts a file keeps of how its opens use it and let others use it (the
// SHARE_ACCESS an NT file system keeps in its FCB), and the rule a new open must pass to join
// them (IoCheckShareAccess; [wdk] IoCheckShareAccess, IoSetShareAccess, IoRemoveShareAccess;
// [win32] "Creating and Opening Files", the sharing table).
//
// Only data access counts: reading or executing (FILE_READ_DATA, FILE_EXECUTE), writing or
// appending (FILE_WRITE_DATA, FILE_APPEND_DATA), and DELETE. An open that asks for none of them
// (FILE_READ_ATTRIBUTES, SYNCHRONIZE, READ_CONTROL, ...) neither conflicts with other opens nor
// restricts later ones, whatever share mode it passes, so GetFileAttributes works on a file held
// open exclusively.

#include <core/fs/NtFileConstants.h>

namespace halcyon::fs {

/// How one open takes part in sharing: which kinds of access it uses, and which it lets others use.
struct ShareMode {
    bool reads{false};
    bool writes{false};
    bool deletes{false};
    bool shares_read{false};
    bool shares_write{false};
    bool shares_delete{false};

    /// `access` is a mapped access mask (no GENERIC_* bits); `share` is FILE_SHARE_* bits.
    static constexpr ShareMode from(u32 access, u32 share) {
        ShareMode mode;
        mode.reads = access & (file_access::ReadData | file_access::Execute);
        mode.writes = access & (file_access::WriteData | file_access::AppendData);
        mode.deletes = access & file_access::Delete;
        mode.shares_read = share & file_share::Read;
        mode.shares_write = share & file_share::Write;
        mode.shares_delete = share & file_share::Delete;
        return mode;
    }

    /// False for attribute-only opens, which ShareAccess ignores entirely.
    constexpr bool takes_part() const { return reads || writes || deletes; }
};

/// The sharing state of one file: NT's SHARE_ACCESS. Callers serialise access (the counts of a
/// file are read and updated under one lock, as IoCheckShareAccess requires).
class ShareAccess {
public:
    /// IoCheckShareAccess: false (a sharing violation) when `mode` wants an access that some
    /// counted open does not share, or does not share an access some counted open has.
    constexpr bool admits(const ShareMode& mode) const {
        if (!mode.takes_part())
            return true;
        if (mode.reads && m_shared_read < m_open_count)
            return false;
        if (mode.writes && m_shared_write < m_open_count)
            return false;
        if (mode.deletes && m_shared_delete < m_open_count)
            return false;
        if (m_readers != 0 && !mode.shares_read)
            return false;
        if (m_writers != 0 && !mode.shares_write)
            return false;
        if (m_deleters != 0 && !mode.shares_delete)
            return false;
        return true;
    }

    /// IoSetShareAccess / IoUpdateShareAccess: counts an admitted open.
    constexpr void add(const ShareMode& mode) { adjust(mode, 1); }
    /// IoRemoveShareAccess: forgets an open counted by add() with the same mode.
    constexpr void remove(const ShareMode& mode) { adjust(mode, -1); }

    /// Opens that take part in sharing (attribute-only opens are not counted).
    constexpr u32 open_count() const { return m_open_count; }

private:
    constexpr void adjust(const ShareMode& mode, int delta) {
        if (!mode.takes_part())
            return;
        m_open_count += delta;
        m_readers += mode.reads ? delta : 0;
        m_writers += mode.writes ? delta : 0;
        m_deleters += mode.deletes ? delta : 0;
        m_shared_read += mode.shares_read ? delta : 0;
        m_shared_write += mode.shares_write ? delta : 0;
        m_shared_delete += mode.shares_delete ? delta : 0;
    }

    // Every other count is at most m_open_count: each counted open adds at most one to each.
    u32 m_open_count{0};
    u32 m_readers{0};
    u32 m_writers{0};
    u32 m_deleters{0};
    u32 m_shared_read{0};
    u32 m_shared_write{0};
    u32 m_shared_delete{0};
};

} // namespace halcyon::fs
