#include "core/syscall/services/DataSection.h"

#include "core/ke/Kernel.h"
#include "core/mm/VmTypes.h"
#include "hal/backend.h"

namespace halcyon::sys {

namespace {

void acquire_view(void* context) {
    static_cast<DataSection*>(context)->ref();
}
void release_view(void* context) {
    static_cast<DataSection*>(context)->unref();
}

} // namespace

ErrorOr<RefPtr<DataSection>> DataSection::create(u64 size, u32 protection, RefPtr<fs::FileObject> file) {
    if (size == 0)
        return Error(status::InvalidParameter, "empty section");
    u64 pages = align_up<u64>(size, mm::kPageSize) / mm::kPageSize;
    if (pages > kernel::frames().free_frames())
        return Error(status::NoMemory, "not enough memory for the section");
    RefPtr<DataSection> section = TRY(ob::make_object<DataSection>(size, protection, move(file)));
    TRY(section->m_frames.ensure_capacity(pages));
    for (u64 i = 0; i < pages; ++i) {
        u64 frame = TRY(kernel::frames().allocate_frame());
        fill_bytes(hal::PhysMem::to_virt(frame), 0, mm::kPageSize);
        TRY(section->m_frames.try_append(frame));
    }
    if (section->m_file) {
        fs::Vnode& node = section->m_file->node();
        u64 file_size = TRY(node.size());
        for (u64 i = 0; i < pages && i * mm::kPageSize < file_size; ++i) {
            u64 offset = i * mm::kPageSize;
            usize wanted = static_cast<usize>(min<u64>(mm::kPageSize, file_size - offset));
            TRY(node.read(offset, Bytes(hal::PhysMem::to_virt(section->m_frames[i]), wanted)));
        }
    }
    section->m_ready = true;
    return section;
}

DataSection::~DataSection() {
    // The last view and the last handle are gone: the data reaches the file now or never.
    (void)write_back(0, m_frames.size());
    for (u64 frame : m_frames)
        (void)kernel::frames().free_frame(frame);
}

bool DataSection::is_writable() const {
    u32 access = m_protection & mm::kPageAccessMask;
    return access == mm::PAGE_READWRITE || access == mm::PAGE_EXECUTE_READWRITE;
}

ErrorOr<void> DataSection::write_back(u64 first_page, u64 count) {
    if (!m_file || !is_writable() || !m_ready)
        return {};
    fs::Vnode& node = m_file->node();
    for (u64 i = first_page; i < first_page + count && i < m_frames.size(); ++i) {
        u64 offset = i * mm::kPageSize;
        if (offset >= m_size)
            break;
        usize length = static_cast<usize>(min<u64>(mm::kPageSize, m_size - offset));
        TRY(node.write(offset, ReadonlyBytes(hal::PhysMem::to_virt(m_frames[i]), length)));
    }
    return {};
}

mm::ViewOwner DataSection::view_owner(u64 first_page) {
    return mm::ViewOwner{this, acquire_view, release_view, first_page};
}

} // namespace halcyon::sys
