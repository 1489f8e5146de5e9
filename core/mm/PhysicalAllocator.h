#pragma once

// The physical frame allocator. Boot code hands it the usable RAM ranges; it hands out 4 KiB
// frames by physical address. Bookkeeping is one bit per frame on the kernel heap, so its memory
// is bounded by the RAM it manages (32 KiB per GiB), and it never touches the frames themselves:
// physical memory is only reachable through the HAL's phys-to-virt window, which the callers own.

#include "core/lib/ErrorOr.h"
#include "core/lib/Spinlock.h"
#include "core/lib/Vector.h"

namespace halcyon::mm {

class PhysicalAllocator {
public:
    /// Physical addresses at or above this are refused: page-state entries keep the frame address
    /// in bits 12..51, the x86-64 architectural maximum ([intel/vol3] 4.1.4, MAXPHYADDR <= 52).
    static constexpr u64 kPhysicalAddressLimit = 1ull << 52;

    PhysicalAllocator() = default;
    PhysicalAllocator(const PhysicalAllocator&) = delete;
    PhysicalAllocator& operator=(const PhysicalAllocator&) = delete;

    /// Adds [base, base+size) to the pool. The range is shrunk inward to whole frames; it fails with
    /// InvalidParameter when nothing is left or it wraps, and ConflictingAddresses when it overlaps a
    /// range already added.
    ErrorOr<void> add_range(u64 base, u64 size);

    /// Takes one free frame and returns its physical address. NoMemory when none is left.
    ErrorOr<u64> allocate_frame();
    /// Forgets every range (kernel shutdown). Frames still allocated are reported as the
    /// return value, so teardown tests can insist on zero.
    u64 remove_all_ranges();

    /// Returns a frame obtained from allocate_frame. Freeing an address that is not an allocated
    /// frame is a caller bug; it is refused with InvalidParameter and counted (bad_free_count) so
    /// tests and fuzzers notice.
    ErrorOr<void> free_frame(u64 physical_address);

    /// True when `physical_address` is a frame of this pool that is currently handed out.
    bool is_allocated(u64 physical_address) const;

    u64 total_frames() const;
    u64 free_frames() const;
    u64 bad_free_count() const;

private:
    struct FrameRange {
        u64 base{0};
        u64 frame_count{0};
        u64 free_count{0};
        /// Word index where the next search starts; frames freed behind it pull it back.
        u64 search_hint{0};
        /// Bit i set <=> frame i is allocated. Bits past frame_count in the last word are set so
        /// the search never hands them out.
        Vector<u64> bitmap;
    };

    FrameRange* range_containing(u64 physical_address);
    const FrameRange* range_containing(u64 physical_address) const;

    mutable Spinlock m_lock;
    Vector<FrameRange> m_ranges;
    u64 m_total_frames{0};
    u64 m_free_frames{0};
    u64 m_bad_frees{0};
};

} // namespace halcyon::mm
