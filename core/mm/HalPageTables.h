#pragma once

// The page-table backend for real processes: translates the memory manager's PAGE_* protections
// into the HAL's PageAccess and drives hal::Mmu for one address space (SpaceId).

#include "core/mm/AddressSpace.h"
#include "core/mm/VmTypes.h"
#include "hal/backend.h"

namespace halcyon::mm {

class HalPageTables {
public:
    explicit HalPageTables(hal::SpaceId space) : m_space(space) {}

    ErrorOr<void> map(u64 va, u64 phys, u64 page_count, u32 protection) {
        return hal::Mmu::map(m_space, va, phys, page_count, to_access(protection));
    }
    void unmap(u64 va, u64 page_count) { hal::Mmu::unmap(m_space, va, page_count); }
    void protect(u64 va, u64 page_count, u32 protection) {
        (void)hal::Mmu::protect(m_space, va, page_count, to_access(protection));
    }
    void zero_frame(u64 phys) { fill_bytes(hal::PhysMem::to_virt(phys), 0, kPageSize); }
    u8* phys_to_virt(u64 phys) { return hal::PhysMem::to_virt(phys); }

    hal::SpaceId space() const { return m_space; }

    /// Guard and no-access pages are unmapped for the hardware; write-copy pages are read-only
    /// so that the first write faults into the kernel (copy-on-write).
    static hal::PageAccess to_access(u32 protection) {
        if (protection & PAGE_GUARD)
            return hal::PageAccess::None;
        switch (protection & kPageAccessMask) {
        case PAGE_READONLY:
        case PAGE_WRITECOPY:
            return hal::PageAccess::Read;
        case PAGE_READWRITE:
            return hal::PageAccess::Read | hal::PageAccess::Write;
        case PAGE_EXECUTE:
        case PAGE_EXECUTE_READ:
        case PAGE_EXECUTE_WRITECOPY:
            return hal::PageAccess::Read | hal::PageAccess::Execute;
        case PAGE_EXECUTE_READWRITE:
            return hal::PageAccess::Read | hal::PageAccess::Write | hal::PageAccess::Execute;
        default:
            return hal::PageAccess::None;
        }
    }

private:
    hal::SpaceId m_space;
};
static_assert(PageTableBackend<HalPageTables>);

using UserAddressSpace = AddressSpace<HalPageTables>;

} // namespace halcyon::mm
