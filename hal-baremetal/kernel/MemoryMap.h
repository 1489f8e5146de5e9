#pragma once

// The UEFI memory map -> the physical ranges the kernel may allocate from. Pure code over the
// descriptor bytes (no hardware access), so tests/boot unit-tests it on the host.
//
// Usable: EfiConventionalMemory and EfiBootServicesCode/Data (free once ExitBootServices
// returned, UEFI 2.10 7.2.3). Kept: everything else, including EfiLoaderCode/Data, which hold the
// kernel image, the BootInfo, the memory map itself and the loader's page tables.
// FIXME: reclaim the loader's own pages once nothing refers to the BootInfo any more.

#include <stddef.h>
#include <stdint.h>

namespace halcyon::baremetal {

inline constexpr uint64_t kPageSize = 4096;

struct PhysicalRange {
    uint64_t base;
    uint64_t size;
    uint64_t end() const { return base + size; }
};

struct UsableRanges {
    size_t count;
    /// More usable ranges existed than `capacity`: the smallest ones were dropped (not fatal,
    /// but the kernel reports it).
    bool truncated;
    /// Descriptors that were malformed (zero pages, wrapping the address space): skipped.
    size_t malformed;
};

/// Fills `out[0..capacity)` with the usable RAM, page-aligned inward, sorted by base and merged
/// where ranges touch, minus every range in `reserved` and minus [0, minimum_address).
/// `descriptor_size` is the firmware's stride (>= 40 bytes); a smaller stride yields no ranges.
UsableRanges usable_ranges(const uint8_t* descriptors, uint64_t map_size, uint64_t descriptor_size,
                           const PhysicalRange* reserved, size_t reserved_count, uint64_t minimum_address,
                           PhysicalRange* out, size_t capacity);

/// The end of the highest range of any type in the map (what a direct map must cover).
uint64_t highest_physical_address(const uint8_t* descriptors, uint64_t map_size, uint64_t descriptor_size);

} // namespace halcyon::baremetal
