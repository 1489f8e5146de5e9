// hal::PhysMem and hal::Mmu on bare metal. PhysMem is the direct map and the RAM the kernel
// leaves to core (KernelMemory.h). An address space is a PML4 (SpaceId = its physical address)
// whose upper half is copied from the kernel's, so kernel mappings are shared; its page-table
// frames come from the kernel pool, the mapped frames themselves from core.

#include <halcyon_backend.h>

#include "core/mm/PhysicalAllocator.h"

#include "Arch.h"
#include "KernelMemory.h"
#include "PageTableBuilder.h"
#include "UserEntry.h"

namespace halcyon::hal {

using namespace halcyon::baremetal;

usize PhysMem::range_count() { return core_range_count(); }
u64 PhysMem::range_base(usize index) { return core_range(index).base; }
u64 PhysMem::range_size(usize index) { return core_range(index).size; }
void PhysMem::discard_frame(u64 phys) { __builtin_memset(to_virt(phys & ~(kPageSize - 1)), 0, kPageSize); }

namespace {

/// A page kept mapped-but-inaccessible (PageAccess::None) is stored without Present and with
/// this software bit (ignored by the MMU when P = 0, [intel/vol3] 4.5.4), so protect() can make
/// it accessible again with its frame.
constexpr uint64_t kInaccessible = 1ull << 9;

uint64_t* table_at(uint64_t physical) { return reinterpret_cast<uint64_t*>(physical_to_virtual(physical)); }

unsigned index_at(uint64_t virt, int level) { return static_cast<unsigned>((virt >> (12 + 9 * level)) & 511); }

/// The PTE for `va` in `space`, creating the tables on the way when `create`; null when absent
/// (or out of frames when creating: `out_of_memory` says which).
uint64_t* leaf_entry(SpaceId space, u64 va, bool create, bool& out_of_memory) {
    out_of_memory = false;
    uint64_t* table = table_at(space);
    for (int level = 3; level > 0; --level) {
        uint64_t& entry = table[index_at(va, level)];
        if (!(entry & pte::Present)) {
            if (!create)
                return nullptr;
            auto frame = frame_allocator().allocate_frame();
            if (frame.is_error()) {
                out_of_memory = true;
                return nullptr;
            }
            __builtin_memset(table_at(frame.value()), 0, kPageSize);
            entry = frame.value() | pte::Present | pte::Writable | pte::User;
        }
        table = table_at(entry & pte::AddressMask);
    }
    return &table[index_at(va, 0)];
}

uint64_t leaf_flags(PageAccess access) {
    if (access == PageAccess::None)
        return kInaccessible;
    uint64_t flags = pte::Present | pte::User;
    if (has(access, PageAccess::Write))
        flags |= pte::Writable;
    if (!has(access, PageAccess::Execute) && cpu_protection().nx)
        flags |= pte::NoExecute;
    return flags;
}

bool range_ok(u64 va, usize pages) {
    if (va & (kPageSize - 1) || pages == 0 || pages > (Mmu::user_highest() >> 12))
        return false;
    return va >= Mmu::user_lowest() && va <= Mmu::user_highest() - pages * kPageSize;
}

void flush(SpaceId space, u64 va) {
    if (arch::read_cr3() == space)
        arch::invlpg(va);
}

void free_tables(uint64_t table_physical, int level) {
    uint64_t* table = table_at(table_physical);
    if (level > 1) {
        for (unsigned i = 0; i < 512; ++i)
            if (table[i] & pte::Present)
                free_tables(table[i] & pte::AddressMask, level - 1);
    }
    (void)frame_allocator().free_frame(table_physical);
}

} // namespace

ErrorOr<SpaceId> Mmu::create_space() {
    auto frame = frame_allocator().allocate_frame();
    if (frame.is_error())
        return Error(status::NoMemory, "no frame for an address space's PML4");
    uint64_t* pml4 = table_at(frame.value());
    const uint64_t* kernel = table_at(kernel_page_table_root());
    for (unsigned i = 0; i < 256; ++i)
        pml4[i] = 0;
    for (unsigned i = 256; i < 512; ++i)
        pml4[i] = kernel[i];
    // The system-call gate (UserEntry.h): read-only, executable, shared by every space. Its page
    // tables are the space's own and go with it; the gate frame itself is never freed.
    if (u64 gate = user_gate_frame()) {
        bool out_of_memory;
        uint64_t* entry = leaf_entry(frame.value(), kUserGatePage, true, out_of_memory);
        if (!entry) {
            destroy_space(frame.value());
            return Error(status::NoMemory, "no frame for the gate page's tables");
        }
        *entry = gate | pte::Present | pte::User;
    }
    return frame.value();
}

void Mmu::destroy_space(SpaceId space) {
    if (!space || space == kernel_page_table_root())
        return;
    if (arch::read_cr3() == space)
        arch::write_cr3(kernel_page_table_root());
    uint64_t* pml4 = table_at(space);
    for (unsigned i = 0; i < 256; ++i)
        if (pml4[i] & pte::Present)
            free_tables(pml4[i] & pte::AddressMask, 3);
    (void)frame_allocator().free_frame(space);
}

ErrorOr<void> Mmu::map(SpaceId space, u64 va, u64 phys, usize pages, PageAccess access) {
    if (!space || !range_ok(va, pages) || (phys & (kPageSize - 1)))
        return Error(status::InvalidParameter, "Mmu::map: unaligned or outside the user range");
    uint64_t flags = leaf_flags(access);
    for (usize i = 0; i < pages; ++i) {
        bool out_of_memory;
        uint64_t* entry = leaf_entry(space, va + i * kPageSize, true, out_of_memory);
        if (!entry)
            return Error(status::NoMemory, "Mmu::map: no frame for a page table");
        // Mapping over an existing page replaces it (as the hosted backend's MAP_FIXED does).
        bool was_present = *entry & pte::Present;
        *entry = (phys + i * kPageSize) | flags;
        if (was_present)
            flush(space, va + i * kPageSize);
    }
    return {};
}

void Mmu::unmap(SpaceId space, u64 va, usize pages) {
    if (!space || !range_ok(va, pages))
        return;
    for (usize i = 0; i < pages; ++i) {
        bool out_of_memory;
        uint64_t* entry = leaf_entry(space, va + i * kPageSize, false, out_of_memory);
        if (entry && *entry) {
            *entry = 0;
            flush(space, va + i * kPageSize);
        }
    }
}

ErrorOr<void> Mmu::protect(SpaceId space, u64 va, usize pages, PageAccess access) {
    if (!space || !range_ok(va, pages))
        return Error(status::InvalidParameter, "Mmu::protect: unaligned or outside the user range");
    uint64_t flags = leaf_flags(access);
    for (usize i = 0; i < pages; ++i) {
        bool out_of_memory;
        uint64_t* entry = leaf_entry(space, va + i * kPageSize, false, out_of_memory);
        if (!entry || !(*entry & (pte::Present | kInaccessible)))
            return Error(status::InvalidParameter, "Mmu::protect: page not mapped");
        *entry = (*entry & pte::AddressMask) | flags;
        flush(space, va + i * kPageSize);
    }
    return {};
}

void Mmu::activate(SpaceId space) {
    uint64_t root = space ? space : kernel_page_table_root();
    if (arch::read_cr3() != root)
        arch::write_cr3(root);
}

} // namespace halcyon::hal
