#include "MemoryMap.h"

#include <halcyon/BootInfo.h>

namespace halcyon::baremetal {

namespace {

constexpr uint32_t kEfiBootServicesCode = 3, kEfiBootServicesData = 4, kEfiConventionalMemory = 7;

bool usable_type(uint32_t type) {
    return type == kEfiConventionalMemory || type == kEfiBootServicesCode || type == kEfiBootServicesData;
}

/// [base, base + pages * 4 KiB) without wrapping, or false.
bool descriptor_range(const boot::MemoryDescriptor& descriptor, PhysicalRange& range) {
    if (descriptor.page_count == 0 || descriptor.page_count > (~0ull >> 12))
        return false;
    uint64_t size = descriptor.page_count * kPageSize;
    if (descriptor.physical_start + size < descriptor.physical_start)
        return false;
    range = {descriptor.physical_start, size};
    return true;
}

/// Inserts keeping `ranges` sorted by base; when full, the smallest range (possibly the new one)
/// is dropped. Returns false when something was dropped.
bool insert_sorted(PhysicalRange* ranges, size_t& count, size_t capacity, PhysicalRange range) {
    bool dropped = false;
    if (count == capacity) {
        if (capacity == 0)
            return false;
        size_t smallest = 0;
        for (size_t i = 1; i < count; ++i)
            if (ranges[i].size < ranges[smallest].size)
                smallest = i;
        if (ranges[smallest].size >= range.size)
            return false;
        for (size_t i = smallest; i + 1 < count; ++i)
            ranges[i] = ranges[i + 1];
        --count;
        dropped = true;
    }
    size_t at = count;
    while (at > 0 && ranges[at - 1].base > range.base) {
        ranges[at] = ranges[at - 1];
        --at;
    }
    ranges[at] = range;
    ++count;
    return !dropped;
}

} // namespace

UsableRanges usable_ranges(const uint8_t* descriptors, uint64_t map_size, uint64_t descriptor_size,
                           const PhysicalRange* reserved, size_t reserved_count, uint64_t minimum_address,
                           PhysicalRange* out, size_t capacity) {
    UsableRanges result{0, false, 0};
    if (descriptor_size < sizeof(boot::MemoryDescriptor))
        return result;
    uint64_t descriptor_count = map_size / descriptor_size;

    // 1. Usable descriptors, page-aligned inward, sorted.
    for (uint64_t i = 0; i < descriptor_count; ++i) {
        boot::MemoryDescriptor descriptor;
        __builtin_memcpy(&descriptor, descriptors + i * descriptor_size, sizeof descriptor);
        if (!usable_type(descriptor.type))
            continue;
        PhysicalRange range;
        if (!descriptor_range(descriptor, range)) {
            ++result.malformed;
            continue;
        }
        uint64_t base = (range.base + kPageSize - 1) & ~(kPageSize - 1);
        uint64_t end = range.end() & ~(kPageSize - 1);
        if (base >= end)
            continue;
        if (!insert_sorted(out, result.count, capacity, {base, end - base}))
            result.truncated = true;
    }

    // 2. Merge ranges that touch or overlap (firmware maps may list neighbours separately).
    size_t merged = 0;
    for (size_t i = 0; i < result.count; ++i) {
        if (merged > 0 && out[i].base <= out[merged - 1].end()) {
            uint64_t end = out[i].end() > out[merged - 1].end() ? out[i].end() : out[merged - 1].end();
            out[merged - 1].size = end - out[merged - 1].base;
        } else {
            out[merged++] = out[i];
        }
    }
    result.count = merged;

    // 3. Cut out the reserved ranges and everything below minimum_address.
    auto subtract = [&](PhysicalRange cut) {
        // Reserved ranges are widened outward to whole pages (saturating at the top).
        uint64_t cut_base = cut.base & ~(kPageSize - 1);
        uint64_t cut_end = cut.base + cut.size < cut.base ? ~0ull : cut.base + cut.size;
        cut_end = cut_end > ~0ull - kPageSize ? ~0ull : (cut_end + kPageSize - 1) & ~(kPageSize - 1);
        for (size_t i = 0; i < result.count; ++i) {
            PhysicalRange range = out[i];
            if (cut_end <= range.base || cut_base >= range.end())
                continue;
            bool keep_low = cut_base > range.base, keep_high = cut_end < range.end();
            PhysicalRange low{range.base, cut_base - range.base}, high{cut_end, range.end() - cut_end};
            if (keep_low && keep_high) {
                if (result.count < capacity) {
                    for (size_t j = result.count; j > i + 1; --j)
                        out[j] = out[j - 1];
                    out[i] = low;
                    out[i + 1] = high;
                    ++result.count;
                    ++i; // the high part is already cut
                } else {
                    // No room for the split: keep the larger part.
                    out[i] = low.size >= high.size ? low : high;
                    result.truncated = true;
                }
            } else if (keep_low) {
                out[i] = low;
            } else if (keep_high) {
                out[i] = high;
            } else {
                for (size_t j = i; j + 1 < result.count; ++j)
                    out[j] = out[j + 1];
                --result.count;
                --i;
            }
        }
    };
    if (minimum_address)
        subtract({0, minimum_address});
    for (size_t r = 0; r < reserved_count; ++r)
        if (reserved[r].size)
            subtract(reserved[r]);
    return result;
}

uint64_t highest_physical_address(const uint8_t* descriptors, uint64_t map_size, uint64_t descriptor_size) {
    if (descriptor_size < sizeof(boot::MemoryDescriptor))
        return 0;
    uint64_t highest = 0;
    for (uint64_t i = 0; i < map_size / descriptor_size; ++i) {
        boot::MemoryDescriptor descriptor;
        __builtin_memcpy(&descriptor, descriptors + i * descriptor_size, sizeof descriptor);
        PhysicalRange range;
        if (descriptor_range(descriptor, range) && range.end() > highest)
            highest = range.end();
    }
    return highest;
}

} // namespace halcyon::baremetal
