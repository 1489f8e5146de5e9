#include "pe/Mapper.h"

namespace halcyon::pe {

u8 protection_for_section(u32 characteristics) {
    u8 result = protection::None;
    if (characteristics & section_characteristics::MemRead)
        result |= protection::Read;
    if (characteristics & section_characteristics::MemWrite)
        result |= protection::Write;
    if (characteristics & section_characteristics::MemExecute)
        result |= protection::Execute;
    return result;
}

MapRegion MappingPlan::region(u32 index) const {
    Image const& image = *m_image;
    if (is_single_region()) {
        // The file layout is the memory layout ([pecoff] 3.4.2), so the file is copied as is.
        u32 const available = image.is_mapped()
                                  ? image.size_of_image()
                                  : static_cast<u32>(min<usize>(image.bytes().size(), image.size_of_image()));
        return {0,
                mapped_size(),
                0,
                available,
                static_cast<u8>(protection::Read | protection::Write | protection::Execute),
                -1};
    }
    if (index == 0)
        return {0,
                align_up<u32>(image.size_of_headers(), kPageSize),
                0,
                image.size_of_headers(),
                protection::Read,
                -1};
    u32 const section_index = index - 1;
    SectionHeader const section = image.sections()[section_index];
    // Image::parse guarantees va + aligned size <= SizeOfImage <= 2 GiB, so no overflow here,
    // and since SectionAlignment >= the page size, page rounding cannot reach the next section.
    u32 const virtual_size = align_up<u32>(section.effective_virtual_size(), kPageSize);
    u32 const raw_size = section.mapped_raw_size();
    u32 const source =
        image.is_mapped() ? section.virtual_address : (raw_size ? section.pointer_to_raw_data : 0);
    return {section.virtual_address,
            virtual_size,
            source,
            raw_size,
            protection_for_section(section.characteristics),
            static_cast<i32>(section_index)};
}

ErrorOr<void> map_into(const Image& image, Bytes destination) {
    if (destination.size() < image.size_of_image())
        return error(PeError::MapDestinationTooSmall);
    MappingPlan const plan(image);
    ReadonlyBytes const source = image.bytes();
    for (u32 i = 0; i < plan.region_count(); ++i) {
        MapRegion const region = plan.region(i);
        if (region.raw_size == 0)
            continue;
        // Re-checked although Image::parse validated them: map_into is the step that writes, and
        // a bad copy here would be memory corruption rather than a rejected file.
        if (!source.contains_range(region.source_offset, region.raw_size))
            return error(PeError::SectionRawDataPastEnd);
        if (!destination.contains_range(region.rva, region.raw_size) || region.raw_size > region.virtual_size)
            return error(PeError::SectionRawDataPastSizeOfImage);
        __builtin_memcpy(destination.data() + region.rva, source.data() + region.source_offset,
                         region.raw_size);
    }
    return {};
}

} // namespace halcyon::pe
