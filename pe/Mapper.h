#pragma once

// How a parsed image is laid out in memory: one region for the headers and one per section,
// each page-aligned with the protection derived from the section flags. The kernel turns the
// plan into a view of the image section; map_into() performs the copy part of it into any
// buffer (used by the hosted kernel, the UEFI loader, tests and fuzzers).

#include "core/lib/ErrorOr.h"
#include "core/lib/Span.h"
#include "pe/Image.h"

namespace halcyon::pe {

/// Page protection as a small bit set; the kernel maps it to its own page attributes.
namespace protection {
constexpr u8 None = 0;
constexpr u8 Read = 1 << 0;
constexpr u8 Write = 1 << 1;
constexpr u8 Execute = 1 << 2;
} // namespace protection

struct MapRegion {
    /// Page-aligned start, relative to the image base.
    u32 rva;
    /// Page-rounded size of the region in memory. Bytes past `raw_size` are zero.
    u32 virtual_size;
    /// Where the initialised bytes come from, as an offset into Image::bytes().
    u32 source_offset;
    /// How many bytes to copy from source_offset; never more than virtual_size.
    u32 raw_size;
    /// protection::* bits.
    u8 protection;
    /// Index into the section table, or -1 for the headers and for a low-alignment image.
    i32 section_index;
};

/// Protection for a section's characteristics ([pecoff] 4.1 IMAGE_SCN_MEM_*).
u8 protection_for_section(u32 characteristics);

class MappingPlan {
public:
    explicit MappingPlan(const Image& image) : m_image(&image) {}

    /// Low-alignment images (SectionAlignment < page size) are one region covering the whole
    /// image, readable, writable and executable, as Windows maps them: their sections share
    /// pages, so no per-section protection is possible.
    bool is_single_region() const { return m_image->is_low_alignment(); }
    /// The headers plus one region per section; sections of zero size produce empty regions.
    u32 region_count() const { return is_single_region() ? 1 : 1 + m_image->sections().count(); }
    /// Precondition: index < region_count(). Region 0 is the headers (read-only).
    MapRegion region(u32 index) const;
    /// Bytes of address space the image needs: SizeOfImage rounded up to whole pages.
    u32 mapped_size() const { return align_up<u32>(m_image->size_of_image(), kPageSize); }

private:
    const Image* m_image;
};

/// Copies the headers and every section's raw data to their RVAs in `destination`, which must
/// be at least SizeOfImage bytes and already zeroed (fresh pages from the kernel are); bytes
/// no region initialises are not touched. Works from a file image or from a mapped view.
ErrorOr<void> map_into(const Image& image, Bytes destination);

} // namespace halcyon::pe
