#pragma once

// The set of allocations of one address space, ordered by address, and everything that can be
// answered from it alone: lookups, free-space search, and NtQueryVirtualMemory's
// MEMORY_BASIC_INFORMATION. It owns the Region objects but not their frames: the AddressSpace
// decommits a region (through its backend) before destroying it.

#include "core/lib/ErrorOr.h"
#include "core/lib/Vector.h"
#include "core/mm/Region.h"

namespace halcyon::mm {

class RegionMap {
public:
    RegionMap() = default;
    RegionMap(const RegionMap&) = delete;
    RegionMap& operator=(const RegionMap&) = delete;
    ~RegionMap();

    /// The allocation containing `va`, or null.
    Region* find(u64 va) const;

    /// True when no allocation intersects [start, end). Requires start < end.
    bool is_free(u64 start, u64 end) const;

    /// Start of the first allocation at or above `va`, or `limit` if there is none below it.
    u64 next_allocation_start(u64 va, u64 limit) const;

    /// A 64 KiB-aligned base for `size` bytes of free space inside [lowest, end), lowest addresses
    /// first or, with `top_down`, highest first. NoMemory when no gap is big enough.
    ErrorOr<u64> find_free(u64 size, bool top_down, u64 lowest, u64 end) const;

    /// Creates and inserts an allocation. The caller has checked that the range is free.
    ErrorOr<Region*> create(u64 base, u64 size, u32 allocation_protect, RegionType type);

    /// Removes and deletes `region`, which must hold no committed page.
    void destroy(Region* region);

    /// Fills MEMORY_BASIC_INFORMATION for `va`, which must be below `user_end`. BaseAddress is the
    /// page of `va`; RegionSize runs to the end of the pages with the same state and protection
    /// (for free memory: up to the next allocation or `user_end`).
    MemoryBasicInformation describe(u64 va, u64 user_end) const;

    usize size() const { return m_regions.size(); }
    Region& at(usize index) const { return *m_regions[index]; }

private:
    /// Index of the first region whose base is > va.
    usize upper_bound(u64 va) const;

    /// Sorted by base; regions never overlap.
    Vector<Region*> m_regions;
};

} // namespace halcyon::mm
