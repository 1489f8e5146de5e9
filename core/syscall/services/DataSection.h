#pragma once

// A data section (NtCreateSection without SEC_IMAGE): memory that every view of it shares, backed
// by the page file or by a file. Its frames are allocated when it is created, filled from the
// file for a file-backed section, and lent to the views (AddressSpace::map_frames), so a write
// through one view is seen through every other, in any process. A view holds a reference on the
// section: the section, its frames and its file stay until the last handle and the last view are
// gone. Views of writable file-backed sections write their pages back to the file when flushed
// (NtFlushVirtualMemory), when unmapped, and when the section goes.
//
// FIXME: the file and the views are not coherent: WriteFile after mapping is not seen through the
// views, and a view's changes reach the file only at the points above (Windows shares one cache).
// FIXME: frames are allocated up front (no demand paging), every page is written back (no dirty
// bits), copy-on-write views (FILE_MAP_COPY) and named sections are not implemented.

#include "core/fs/FileObject.h"
#include "core/lib/Vector.h"
#include "core/mm/Region.h"
#include "core/ob/Object.h"

namespace halcyon::sys {

class DataSection final : public ob::Object {
public:
    static constexpr ob::ObjectType kType = ob::ObjectType::DataSection;

    /// A section of `size` bytes (rounded up to pages) with page protection `protection`
    /// (PAGE_READONLY, PAGE_READWRITE, PAGE_WRITECOPY or an EXECUTE_ variant). `file` may be
    /// null (page-file backed, zero-filled); a file-backed section holds the file's first `size`
    /// bytes, the rest zero.
    static ErrorOr<RefPtr<DataSection>> create(u64 size, u32 protection, RefPtr<fs::FileObject> file);
    ~DataSection() override;

    u64 size() const { return m_size; }
    u64 page_count() const { return m_frames.size(); }
    u32 protection() const { return m_protection; }
    bool is_file_backed() const { return static_cast<bool>(m_file); }
    /// Whether views may be writable (PAGE_READWRITE, PAGE_EXECUTE_READWRITE).
    bool is_writable() const;

    Span<const u64> frames(u64 first_page, u64 count) const {
        return Span<const u64>(m_frames.data() + first_page, count);
    }

    /// Writes pages [first_page, first_page + count) back to the file, up to the section's size.
    /// Nothing to do for page-file-backed or read-only sections.
    ErrorOr<void> write_back(u64 first_page, u64 count);

    /// The ViewOwner for a view starting at `first_page`; the view holds one reference, which
    /// the caller takes before mapping.
    mm::ViewOwner view_owner(u64 first_page);

    DataSection(u64 size, u32 protection, RefPtr<fs::FileObject> file)
        : Object(kType), m_size(size), m_protection(protection), m_file(move(file)) {}

private:
    u64 m_size;
    u32 m_protection;
    RefPtr<fs::FileObject> m_file;
    Vector<u64> m_frames;
    /// Set once the frames hold the file's data: a section that failed to fill writes nothing back.
    bool m_ready{false};
};

} // namespace halcyon::sys
