#include "core/mm/PhysicalAllocator.h"

#include "core/mm/VmTypes.h"

namespace halcyon::mm {

ErrorOr<void> PhysicalAllocator::add_range(u64 base, u64 size) {
    u64 end;
    if (!checked_add(base, size, end) || end > kPhysicalAddressLimit)
        return Error(status::InvalidParameter, "physical range wraps or exceeds the 52-bit limit");
    // base + kPageSize - 1 cannot wrap: end <= 2^52 and base <= end.
    u64 first = align_up(base, kPageSize);
    u64 last = align_down(end, kPageSize);
    if (first >= last)
        return Error(status::InvalidParameter, "physical range holds no whole frame");

    LockGuard guard(m_lock);
    for (auto& range : m_ranges) {
        u64 range_end = range.base + range.frame_count * kPageSize;
        if (first < range_end && range.base < last)
            return Error(status::ConflictingAddresses, "physical range overlaps an existing one");
    }

    FrameRange range;
    range.base = first;
    range.frame_count = (last - first) / kPageSize;
    range.free_count = range.frame_count;
    u64 words = (range.frame_count + 63) / 64;
    TRY(range.bitmap.ensure_capacity(words));
    for (u64 i = 0; i < words; ++i)
        TRY(range.bitmap.try_append(0));
    if (u64 tail = range.frame_count % 64)
        range.bitmap.last() = ~0ull << tail;
    TRY(m_ranges.try_append(move(range)));
    m_total_frames += m_ranges.last().frame_count;
    m_free_frames += m_ranges.last().frame_count;
    return {};
}

ErrorOr<u64> PhysicalAllocator::allocate_frame() {
    LockGuard guard(m_lock);
    for (auto& range : m_ranges) {
        if (range.free_count == 0)
            continue;
        u64 words = range.bitmap.size();
        // Next-fit from the hint, wrapping once: allocations that follow each other tend to get
        // adjacent frames, which lets the backend map them in one call.
        for (u64 step = 0; step < words; ++step) {
            u64 index = (range.search_hint + step) % words;
            u64 word = range.bitmap[index];
            if (word == ~0ull)
                continue;
            u64 bit = static_cast<u64>(__builtin_ctzll(~word));
            range.bitmap[index] = word | (1ull << bit);
            range.search_hint = index;
            --range.free_count;
            --m_free_frames;
            return range.base + (index * 64 + bit) * kPageSize;
        }
    }
    return Error(status::NoMemory, "out of physical frames");
}

ErrorOr<void> PhysicalAllocator::free_frame(u64 physical_address) {
    LockGuard guard(m_lock);
    FrameRange* range =
        is_aligned(physical_address, kPageSize) ? range_containing(physical_address) : nullptr;
    if (!range) {
        ++m_bad_frees;
        return Error(status::InvalidParameter, "freeing a frame outside the pool");
    }
    u64 frame = (physical_address - range->base) / kPageSize;
    u64 mask = 1ull << (frame % 64);
    u64& word = range->bitmap[frame / 64];
    if (!(word & mask)) {
        ++m_bad_frees;
        return Error(status::InvalidParameter, "double free of a physical frame");
    }
    word &= ~mask;
    ++range->free_count;
    ++m_free_frames;
    if (frame / 64 < range->search_hint)
        range->search_hint = frame / 64;
    return {};
}

bool PhysicalAllocator::is_allocated(u64 physical_address) const {
    LockGuard guard(m_lock);
    const FrameRange* range =
        is_aligned(physical_address, kPageSize) ? range_containing(physical_address) : nullptr;
    if (!range)
        return false;
    u64 frame = (physical_address - range->base) / kPageSize;
    return range->bitmap[frame / 64] & (1ull << (frame % 64));
}

u64 PhysicalAllocator::total_frames() const {
    LockGuard guard(m_lock);
    return m_total_frames;
}

u64 PhysicalAllocator::free_frames() const {
    LockGuard guard(m_lock);
    return m_free_frames;
}

u64 PhysicalAllocator::bad_free_count() const {
    LockGuard guard(m_lock);
    return m_bad_frees;
}

PhysicalAllocator::FrameRange* PhysicalAllocator::range_containing(u64 physical_address) {
    for (auto& range : m_ranges) {
        if (physical_address >= range.base && (physical_address - range.base) / kPageSize < range.frame_count)
            return &range;
    }
    return nullptr;
}

const PhysicalAllocator::FrameRange* PhysicalAllocator::range_containing(u64 physical_address) const {
    return const_cast<PhysicalAllocator*>(this)->range_containing(physical_address);
}

u64 PhysicalAllocator::remove_all_ranges() {
    LockGuard guard(m_lock);
    u64 in_use = 0;
    for (auto& range : m_ranges)
        in_use += range.frame_count - range.free_count;
    m_ranges = Vector<FrameRange>(); // releases the bitmaps and the array itself
    return in_use;
}

} // namespace halcyon::mm
