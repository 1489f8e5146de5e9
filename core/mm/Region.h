#pragma once

// One allocation in a user address space: what Windows calls an allocation (a VAD), created by a
// single reservation and released as a whole. Its pages are reserved or committed individually.

#include "core/mm/PageStateTable.h"
#include "core/mm/VmTypes.h"

namespace halcyon::mm {

/// Who lends the frames of a view (a data section). on_release is called once when the view's
/// allocation goes (NtUnmapViewOfSection or the end of the address space) so the owner can drop
/// the view's reference; on_acquire adds a reference for AddressSpace::query_view's caller, who
/// drops it with on_release. Both run with the address space's lock held and must not call back
/// into the address space.
struct ViewOwner {
    void* context{nullptr};
    void (*on_acquire)(void* context){nullptr};
    void (*on_release)(void* context){nullptr};
    /// The owner's index of the view's first page (the section offset in pages).
    u64 first_page{0};
};

struct Region {
    /// Invariant: base is 64 KiB aligned, size is a non-zero multiple of 4 KiB.
    u64 base{0};
    u64 size{0};
    /// The protection given when the allocation was made (MEMORY_BASIC_INFORMATION::AllocationProtect).
    u32 allocation_protect{0};
    RegionType type{RegionType::Private};
    /// Indexed by page number within the region.
    PageStateTable pages;
    /// For MEM_MAPPED views: the owner of the borrowed frames.
    ViewOwner view_owner;

    u64 end() const { return base + size; }
    u64 page_count() const { return size / kPageSize; }
    bool contains(u64 va) const { return va >= base && va - base < size; }
    u64 page_index(u64 va) const { return (va - base) / kPageSize; }
    u64 page_address(u64 index) const { return base + index * kPageSize; }
};

} // namespace halcyon::mm
