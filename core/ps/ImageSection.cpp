#include "core/ps/ImageSection.h"

#include "core/mm/VmTypes.h"
#include "pe/Mapper.h"
#include "pe/Relocations.h"

namespace halcyon::ps {

namespace {

constexpr u16 kMachineAmd64 = 0x8664;
constexpr u32 kClrDirectory = 14;

u32 page_protection_for(u8 protection) {
    bool r = protection & pe::protection::Read;
    bool w = protection & pe::protection::Write;
    bool x = protection & pe::protection::Execute;
    if (x)
        return w ? mm::PAGE_EXECUTE_READWRITE : (r ? mm::PAGE_EXECUTE_READ : mm::PAGE_EXECUTE);
    if (w)
        return mm::PAGE_READWRITE;
    return r ? mm::PAGE_READONLY : mm::PAGE_NOACCESS;
}

} // namespace

ErrorOr<RefPtr<ImageSection>> ImageSection::create(Vector<u8> file, StringView name) {
    pe::Image image = TRY(pe::Image::parse(ReadonlyBytes(file.data(), file.size())));
    if (image.machine() != kMachineAmd64)
        return Error(status::InvalidImageFormat, "the image is not for x86-64 (machine type)");
    if (image.has_data_directory(kClrDirectory))
        return Error(status::InvalidImageFormat, ".NET (CLR) images are not supported");
    String owned_name = TRY(String::from(name));
    // The Image refers to the bytes; moving the Vector keeps its heap buffer, so the view stays valid.
    return ob::make_object<ImageSection>(move(file), image, move(owned_name));
}

ErrorOr<RefPtr<ImageSection>> ImageSection::create_from_node(fs::Vnode& node, StringView name) {
    u64 size = TRY(node.size());
    if (size > 512 * MiB)
        return Error(status::InvalidImageFormat, "image file is larger than 512 MiB");
    Vector<u8> bytes;
    TRY(bytes.ensure_capacity(size ? size : 1));
    for (u64 i = 0; i < size; ++i)
        TRY(bytes.try_append(0));
    u64 done = 0;
    while (done < size) {
        usize n = TRY(node.read(done, Bytes(bytes.data() + done, size - done)));
        if (n == 0)
            return Error(status::InvalidImageFormat, "image file shrank while being read");
        done += n;
    }
    return create(move(bytes), name);
}

ErrorOr<MappedImage> ImageSection::map_into(Process& process, u64 requested_base) const {
    pe::MappingPlan plan(m_image);
    u64 size = plan.mapped_size();
    auto& space = process.address_space();

    // Build the whole view in kernel memory first: copy sections, relocate, then write it into
    // the process in one go. Pages the view never initialises stay zero.
    u8* buffer = static_cast<u8*>(kmalloc(size));
    if (!buffer)
        return Error(status::NoMemory, "no kernel memory to build the image view");
    fill_bytes(buffer, 0, size);
    struct Free {
        u8* p;
        ~Free() { kfree(p); }
    } free_buffer{buffer};
    TRY(pe::map_into(m_image, Bytes(buffer, size)));

    u64 preferred = requested_base ? requested_base : m_image.image_base();
    auto reservation = space.allocate(preferred, size, mm::MEM_RESERVE | mm::MEM_COMMIT, mm::PAGE_READWRITE,
                                      mm::RegionType::Image);
    if (reservation.is_error()) {
        if (requested_base)
            return reservation.release_error();
        reservation = space.allocate(0, size, mm::MEM_RESERVE | mm::MEM_COMMIT, mm::PAGE_READWRITE,
                                     mm::RegionType::Image);
        if (reservation.is_error())
            return reservation.release_error();
    }
    u64 base = reservation.value().base;
    bool relocated = base != m_image.image_base();
    if (relocated) {
        auto result = pe::apply_relocations(Bytes(buffer, size), base);
        if (result.is_error()) {
            (void)space.unmap_view(base);
            return result.release_error();
        }
    }
    auto written = space.write(base, ReadonlyBytes(buffer, size));
    if (written.is_error()) {
        (void)space.unmap_view(base);
        return written.release_error();
    }
    for (u32 i = 0; i < plan.region_count(); ++i) {
        pe::MapRegion region = plan.region(i);
        if (region.virtual_size == 0)
            continue;
        auto protected_ = space.protect(base + region.rva, region.virtual_size, page_protection_for(region.protection));
        if (protected_.is_error()) {
            (void)space.unmap_view(base);
            return protected_.release_error();
        }
    }
    u64 entry = m_image.entry_rva() ? base + m_image.entry_rva() : 0;
    return MappedImage{base, size, entry, relocated};
}

} // namespace halcyon::ps
