#pragma once

// Builds and edits x86-64 4-level page tables ([intel/vol3] 4.5). Pure code: table frames come
// from a caller-supplied allocator and are reached through a caller-supplied phys-to-virt
// function, so the same code runs in the kernel (frames from the UEFI map, reached through the
// direct map) and in host unit tests (frames in a heap buffer).
//
// It never replaces an existing mapping: mapping over a present entry, or a 4 KiB page where a
// 2 MiB page is (or the reverse), is refused with AlreadyMapped, so a layout bug shows up as an
// error instead of a silent alias.

#include <stddef.h>
#include <stdint.h>

namespace halcyon::baremetal {

namespace pte {
inline constexpr uint64_t Present = 1ull << 0, Writable = 1ull << 1, User = 1ull << 2, WriteThrough = 1ull << 3,
                          CacheDisable = 1ull << 4, Accessed = 1ull << 5, Dirty = 1ull << 6, Large = 1ull << 7,
                          Global = 1ull << 8, NoExecute = 1ull << 63;
inline constexpr uint64_t AddressMask = 0x000ffffffffff000ull;
/// The flags a caller may pass for a leaf mapping.
inline constexpr uint64_t LeafFlags = Writable | User | WriteThrough | CacheDisable | Global | NoExecute;
} // namespace pte

struct PageTableMemory {
    void* context;
    /// A 4 KiB-aligned physical frame, or 0 when none is left. The builder zeroes it.
    uint64_t (*allocate_frame)(void* context);
    /// Where physical `address` can be read and written.
    uint8_t* (*to_virt)(void* context, uint64_t address);
};

enum class MapError : uint32_t { None = 0, Misaligned, NotCanonical, AlreadyMapped, OutOfMemory, BadFlags };
const char* map_error_message(MapError error);

enum class PageSize : uint64_t { Small = 4096, Large = 2ull << 20 };

struct Translation {
    uint64_t physical;
    /// The leaf entry's flag bits with the intermediate levels folded in: Writable and User
    /// only when every level allows them, NoExecute when any level sets it.
    uint64_t flags;
    PageSize page_size;
};

class PageTableBuilder {
public:
    explicit constexpr PageTableBuilder(PageTableMemory memory) : m_memory(memory) {}

    /// Allocates the PML4. False when the allocator has nothing.
    bool create();
    uint64_t root() const { return m_root; }

    /// Maps [virt, virt + size) to [phys, phys + size) with pages of `page_size`; every address
    /// and the size must be aligned to it. Intermediate entries are created present, writable
    /// and user-accessible-if-needed so only the leaf decides (the usual x86-64 practice). On an
    /// error the pages mapped so far stay mapped.
    MapError map(uint64_t virt, uint64_t phys, uint64_t size, PageSize page_size, uint64_t flags);

    /// Creates the PML4 entry (and its PDPT) covering `virt` if missing, so address spaces that
    /// copy the kernel half later see every mapping made below it. False when out of frames.
    bool ensure_top_level(uint64_t virt);

    /// Removes the 4 KiB mapping at `virt`; false when there was none (or it is part of a
    /// 2 MiB page). The caller flushes the TLB.
    bool unmap_small(uint64_t virt);

    /// Walks the tables like the MMU does; false when `virt` is not mapped.
    bool translate(uint64_t virt, Translation& out) const;

    /// Frames taken for tables so far (the PML4 included).
    uint64_t table_frames() const { return m_table_frames; }

private:
    uint64_t* table(uint64_t physical) const;
    uint64_t* next_level(uint64_t* entry, uint64_t flags, MapError& error);

    PageTableMemory m_memory;
    uint64_t m_root{0};
    uint64_t m_table_frames{0};
};

/// True when `address` is canonical for 48-bit virtual addresses.
inline bool is_canonical(uint64_t address) {
    uint64_t top = address >> 47;
    return top == 0 || top == 0x1ffff;
}

} // namespace halcyon::baremetal
