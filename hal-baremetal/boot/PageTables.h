#pragma once

// The page tables the kernel starts on, built by the loader while boot services can still
// allocate: an identity map and the direct map (kDirectMapBase) of physical memory with 2 MiB
// pages, both sharing one PDPT, and the kernel image at its link address with 4 KiB pages.
// [intel/vol3] 4.5 (4-level paging).

#include <efi.h>

namespace halcyon::boot {

/// Returns the PML4's physical address, or 0 if a page could not be allocated.
/// `physical_limit` is the end of the highest range to map (rounded up to 1 GiB, at least 4 GiB,
/// at most 512 GiB).
uint64_t build_page_tables(EFI_BOOT_SERVICES* boot_services, uint64_t physical_limit, uint64_t kernel_virtual,
                           uint64_t kernel_physical, uint64_t kernel_size);

} // namespace halcyon::boot
