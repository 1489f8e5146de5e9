#pragma once

// The kernel's memory: its own page tables (replacing the loader's), the physical frame
// allocator (core/mm's PhysicalAllocator over the UEFI map's usable ranges) and the kernel heap
// (KernelHeap behind core's kmalloc/kfree, growing in its own virtual window).
//
// Virtual layout (PML4 slots):
//   256      kDirectMapBase: all physical memory (at least 4 GiB, so MMIO below 4 GiB is
//            reachable), 2 MiB pages, read/write, never executable
//   320      kHeapBase: the kernel heap, 4 KiB pages mapped as it grows, read/write, NX
//   321      kMmioBase: device registers, uncached (PCD|PWT), read/write, NX
//   322      kStackBase: kernel thread stacks, kKernelStackSize each with an unmapped guard
//            page below, read/write, NX
//   511      the kernel image at kKernelBase: text RX, rodata (and the symbol table) R+NX,
//            data/bss RW+NX, the boot stack RW+NX with an unmapped guard page below it
// Nothing else is mapped: the identity map the loader left behind is gone, so a null pointer
// (or any low address) faults.

#include <halcyon/BootInfo.h>
#include <stddef.h>
#include <stdint.h>

#include "MemoryMap.h"

namespace halcyon::mm {
class PhysicalAllocator;
}

namespace halcyon::baremetal {

inline constexpr uint64_t kHeapBase = 0xffffa00000000000ull;
inline constexpr uint64_t kHeapMaximum = 64ull << 30;
inline constexpr uint64_t kMmioBase = 0xffffa08000000000ull; // PML4 slot 321
inline constexpr uint64_t kMmioMaximum = 1ull << 30;
inline constexpr uint64_t kStackBase = 0xffffa10000000000ull; // PML4 slot 322
inline constexpr uint64_t kKernelStackSize = 32 * 1024;
inline constexpr uint64_t kKernelStackSlots = 4096;

struct CpuProtection {
    bool nx, smep, smap, umip, write_protect;
};

/// Builds and activates the kernel's page tables, then brings up the frame allocator and the
/// heap. Panics (with the reason) when the memory map leaves nothing to work with.
void init_memory(const boot::BootInfo& boot_info);

CpuProtection cpu_protection();
mm::PhysicalAllocator& frame_allocator();
/// Phys-to-virt through the direct map.
uint8_t* physical_to_virtual(uint64_t physical);

/// Usable RAM is split in two: the kernel pool (frame_allocator(): page tables, the heap, kernel
/// stacks) and the rest, which the HAL's PhysMem::range_* hand to core's own frame allocator
/// (process memory, sections). FIXME: one allocator for both once core owns kernel memory too.
size_t core_range_count();
PhysicalRange core_range(size_t index);

/// The kernel's PML4 (physical); user address spaces copy its upper half.
uint64_t kernel_page_table_root();

struct HeapStatistics {
    size_t total_bytes, free_bytes, free_blocks, bad_frees, window_pages;
};
HeapStatistics heap_statistics();

/// Maps device registers [physical, physical + size) uncached into the MMIO window; returns the
/// virtual address of `physical` (0 when the window is full or a table frame is missing).
uint64_t map_mmio(uint64_t physical, uint64_t size);

/// A kernel thread stack (kKernelStackSize bytes, frames from the kernel pool) with an unmapped
/// guard page below it, so an overflow faults instead of overwriting its neighbour. Returns the
/// top (initial RSP), or 0 when out of slots or frames.
uint64_t allocate_kernel_stack();
void free_kernel_stack(uint64_t top);
/// True for [address, address + size) inside a live kernel thread stack.
bool is_kernel_stack_memory(uint64_t address, uint64_t size);
/// True when `address` is in a kernel thread stack's guard page.
bool is_kernel_stack_guard(uint64_t address);

/// What the page tables say about `virt` (for the self-test); false when unmapped.
bool kernel_translate(uint64_t virt, uint64_t& physical, uint64_t& flags);

} // namespace halcyon::baremetal
