#pragma once

// One allocation in a user address space: what Windows calls an allocation (a VAD), created by a
// single reservation and released as a whole. Its pages are reserved or committed individually.

#include "core/mm/PageStateTable.h"
#include "core/mm/VmTypes.h"

namespace halcyon::mm {

struct Region {
    /// Invariant: base is 64 KiB aligned, size is a non-zero multiple of 4 KiB.
    u64 base{0};
    u64 size{0};
    /// The protection given when the allocation was made (MEMORY_BASIC_INFORMATION::AllocationProtect).
    u32 allocation_protect{0};
    RegionType type{RegionType::Private};
    /// Indexed by page number within the region.
    PageStateTable pages;

    u64 end() const { return base + size; }
    u64 page_count() const { return size / kPageSize; }
    bool contains(u64 va) const { return va >= base && va - base < size; }
    u64 page_index(u64 va) const { return (va - base) / kPageSize; }
    u64 page_address(u64 index) const { return base + index * kPageSize; }
};

} // namespace halcyon::mm
