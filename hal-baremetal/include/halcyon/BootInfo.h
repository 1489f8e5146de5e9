#pragma once

// The hand-over from BOOTX64.EFI to the kernel. Both sides are built from this header: the loader
// (gnu-efi, -fpic, MS-ABI firmware calls) and the freestanding kernel. Everything is fixed-width
// and pointer-free except physical addresses, so the layout does not depend on either compiler.
//
// Versioning: `magic` identifies the structure, `version` is bumped on any layout change and
// `size` is sizeof(BootInfo) as the loader saw it. A kernel refuses a BootInfo whose magic or
// version it does not know instead of guessing.

#include <stdint.h>

namespace halcyon::boot {

inline constexpr uint64_t kBootInfoMagic = 0x4f464e49544f4f42ull; // "BOOTINFO", little-endian
inline constexpr uint32_t kBootInfoVersion = 3; // 2: loader_start_tsc; 3: ramdisk

/// Where the loader maps physical memory for the kernel (PML4 slot 256): phys p is at
/// kDirectMapBase + p. The first 4 GiB and everything the UEFI memory map describes are mapped.
inline constexpr uint64_t kDirectMapBase = 0xffff800000000000ull;
/// The kernel ELF is linked here (the top 2 GiB, -mcmodel=kernel).
inline constexpr uint64_t kKernelBase = 0xffffffff80000000ull;

/// One UEFI memory descriptor as the firmware reported it (UEFI 2.10, 7.2.3 EFI_MEMORY_DESCRIPTOR).
/// The firmware's descriptor stride may be larger than this struct: walk with `descriptor_size`.
struct MemoryDescriptor {
    uint32_t type; ///< EFI_MEMORY_TYPE: 7 = conventional, 1/2 = loader code/data, 3/4 = boot services ...
    uint32_t pad;
    uint64_t physical_start;
    uint64_t virtual_start;
    uint64_t page_count; ///< 4 KiB pages.
    uint64_t attributes;
};

struct MemoryMap {
    uint64_t physical_address; ///< The firmware's descriptor array (loader data; stays valid).
    uint64_t size;             ///< Bytes in the array.
    uint64_t descriptor_size;  ///< Stride between descriptors (>= sizeof(MemoryDescriptor)).
    uint32_t descriptor_version;
    uint32_t pad;
};

/// A linear framebuffer from GOP. `physical_address == 0` means none was found.
struct Framebuffer {
    uint64_t physical_address;
    uint64_t size; ///< Bytes.
    uint32_t width;
    uint32_t height;
    uint32_t pixels_per_scan_line;
    uint32_t format; ///< 0 = RGBX 8:8:8:8, 1 = BGRX 8:8:8:8 (EFI_GRAPHICS_PIXEL_FORMAT).
};

struct KernelImage {
    uint64_t physical_base; ///< Where the loader put the lowest PT_LOAD segment.
    uint64_t virtual_base;  ///< The lowest PT_LOAD virtual address (page aligned).
    uint64_t size;          ///< Bytes mapped from virtual_base (page multiple).
};

struct BootInfo {
    uint64_t magic;   ///< kBootInfoMagic.
    uint32_t version; ///< kBootInfoVersion.
    uint32_t size;    ///< sizeof(BootInfo) as built into the loader.
    MemoryMap memory_map;
    Framebuffer framebuffer;
    KernelImage kernel;
    uint64_t rsdp_physical;   ///< ACPI 2.0+ RSDP (or the 1.0 one when that is all there is); 0 = none.
    uint64_t direct_map_base; ///< kDirectMapBase; physical memory is reachable through it.
    char command_line[256];   ///< NUL-terminated, from the boot config's `cmdline=` line.
    uint64_t loader_start_tsc; ///< The TSC when efi_main started (boot-time measurements).
    /// The system image (a ustar archive of the C:\ tree, core/fs/Ustar.h) as the loader read it
    /// from the boot config's `ramdisk=` file, in loader-data pages the kernel keeps. Both 0 when
    /// the boot volume has none.
    uint64_t ramdisk_physical;
    uint64_t ramdisk_size;
};

/// The kernel entry point: SysV ABI, BootInfo in rdi (a direct-map virtual address), interrupts
/// off, boot services gone, on a loader-provided stack the kernel should replace at once.
using KernelEntry = void (*)(const BootInfo*);

} // namespace halcyon::boot
