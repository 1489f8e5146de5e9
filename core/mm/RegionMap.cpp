#include "core/mm/RegionMap.h"

#include "core/lib/Memory.h"

namespace halcyon::mm {

RegionMap::~RegionMap() {
    for (Region* region : m_regions)
        halcyon::destroy(region);
}

usize RegionMap::upper_bound(u64 va) const {
    usize low = 0;
    usize high = m_regions.size();
    while (low < high) {
        usize middle = low + (high - low) / 2;
        if (m_regions[middle]->base <= va)
            low = middle + 1;
        else
            high = middle;
    }
    return low;
}

Region* RegionMap::find(u64 va) const {
    usize after = upper_bound(va);
    if (after == 0)
        return nullptr;
    Region* candidate = m_regions[after - 1];
    return candidate->contains(va) ? candidate : nullptr;
}

bool RegionMap::is_free(u64 start, u64 end) const {
    if (find(start))
        return false;
    return next_allocation_start(start, end) >= end;
}

u64 RegionMap::next_allocation_start(u64 va, u64 limit) const {
    usize after = upper_bound(va);
    if (after > 0 && m_regions[after - 1]->base == va)
        return va;
    if (after == m_regions.size())
        return limit;
    return min(limit, m_regions[after]->base);
}

ErrorOr<u64> RegionMap::find_free(u64 size, bool top_down, u64 lowest, u64 end) const {
    if (size == 0 || lowest >= end || size > end - lowest)
        return Error(status::NoMemory, "no free virtual range that large");

    // Gap i lies between region i-1 (or `lowest`) and region i (or `end`).
    usize gaps = m_regions.size() + 1;
    for (usize step = 0; step < gaps; ++step) {
        usize i = top_down ? gaps - 1 - step : step;
        u64 gap_start = i == 0 ? lowest : max(lowest, m_regions[i - 1]->end());
        u64 gap_end = i == m_regions.size() ? end : min(end, m_regions[i]->base);
        if (gap_start >= gap_end || gap_end - gap_start < size)
            continue;
        if (top_down) {
            u64 candidate = align_down(gap_end - size, kAllocationGranularity);
            if (candidate >= gap_start)
                return candidate;
        } else {
            u64 candidate = align_up(gap_start, kAllocationGranularity);
            // candidate cannot wrap: gap_start < end <= 2^64 - 64 KiB in every sane configuration,
            // and the subtraction form below never overflows anyway.
            if (candidate >= gap_start && candidate <= gap_end && gap_end - candidate >= size)
                return candidate;
        }
    }
    return Error(status::NoMemory, "no free virtual range that large");
}

ErrorOr<Region*> RegionMap::create(u64 base, u64 size, u32 allocation_protect, RegionType type) {
    Region* region = TRY(try_make<Region>());
    region->base = base;
    region->size = size;
    region->allocation_protect = allocation_protect;
    region->type = type;
    auto inserted = m_regions.try_insert(upper_bound(base), region);
    if (inserted.is_error()) {
        halcyon::destroy(region);
        return inserted.release_error();
    }
    return region;
}

void RegionMap::destroy(Region* region) {
    usize after = upper_bound(region->base);
    if (after == 0 || m_regions[after - 1] != region)
        return;
    m_regions.remove(after - 1);
    halcyon::destroy(region);
}

MemoryBasicInformation RegionMap::describe(u64 va, u64 user_end) const {
    MemoryBasicInformation info{};
    u64 page = align_down(va, kPageSize);
    info.base_address = page;
    Region* region = find(page);
    if (!region) {
        // Free memory reports PAGE_NOACCESS and zero allocation fields, as Windows does.
        info.region_size = next_allocation_start(page, user_end) - page;
        info.state = MEM_FREE;
        info.protect = PAGE_NOACCESS;
        return info;
    }
    u64 index = region->page_index(page);
    PageState state = region->pages.get(index);
    info.allocation_base = region->base;
    info.allocation_protect = region->allocation_protect;
    info.region_size = region->pages.run_length(index, region->page_count()) * kPageSize;
    info.state = state.is_committed() ? MEM_COMMIT : MEM_RESERVE;
    info.protect = state.is_committed() ? state.protection() : 0;
    info.type = static_cast<u32>(region->type);
    return info;
}

} // namespace halcyon::mm
