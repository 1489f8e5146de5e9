#include "core/mm/AddressSpace.h"

// The backend-independent argument rules of the NT virtual-memory services. They live here, out
// of the AddressSpace template, so every backend shares one compiled copy and so they can be read
// next to the documentation they implement ([ms-docs] NtAllocateVirtualMemory, VirtualAlloc,
// NtFreeVirtualMemory).

namespace halcyon::mm::vm_rules {

ErrorOr<void> validate_allocation_type(u32 allocation_type) {
    constexpr u32 known = MEM_COMMIT | MEM_RESERVE | MEM_RESET | MEM_TOP_DOWN | MEM_WRITE_WATCH |
                          MEM_PHYSICAL | MEM_RESET_UNDO | MEM_LARGE_PAGES;
    if (allocation_type & ~known)
        return Error(status::InvalidParameter, "unknown allocation type bits");
    if (allocation_type & (MEM_WRITE_WATCH | MEM_PHYSICAL | MEM_LARGE_PAGES))
        return Error(status::NotSupported,
                     "MEM_WRITE_WATCH, MEM_PHYSICAL and MEM_LARGE_PAGES are not implemented");
    u32 reset = allocation_type & (MEM_RESET | MEM_RESET_UNDO);
    if (reset) {
        // MEM_RESET and MEM_RESET_UNDO stand alone: "cannot be used with any other value".
        if (allocation_type != MEM_RESET && allocation_type != MEM_RESET_UNDO)
            return Error(status::InvalidParameter, "MEM_RESET/MEM_RESET_UNDO combined with other flags");
        return {};
    }
    if (!(allocation_type & (MEM_COMMIT | MEM_RESERVE)))
        return Error(status::InvalidParameter, "allocation type needs MEM_COMMIT or MEM_RESERVE");
    return {};
}

ErrorOr<VirtualRange> page_range(u64 base, u64 size, UserBounds bounds) {
    if (size == 0)
        return Error(status::InvalidParameter, "zero-sized range");
    u64 end;
    if (!checked_add(base, size, end) || end > bounds.end || base < bounds.lowest)
        return Error(status::InvalidParameter, "range outside the user address space");
    // end <= bounds.end, which is page aligned, so rounding up cannot pass it or wrap.
    u64 first = align_down(base, kPageSize);
    return VirtualRange{first, align_up(end, kPageSize) - first};
}

ErrorOr<VirtualRange> reservation_range(u64 base, u64 size, UserBounds bounds) {
    VirtualRange pages = TRY(page_range(base, size, bounds));
    u64 first = align_down(base, kAllocationGranularity);
    if (first < bounds.lowest)
        return Error(status::InvalidParameter, "reservation would start below the user address space");
    return VirtualRange{first, pages.end() - first};
}

ErrorOr<u64> reservation_size(u64 size, UserBounds bounds) {
    if (size == 0)
        return Error(status::InvalidParameter, "zero-sized range");
    if (size > bounds.end - bounds.lowest)
        return Error(status::InvalidParameter, "larger than the user address space");
    return align_up(size, kPageSize);
}

} // namespace halcyon::mm::vm_rules
