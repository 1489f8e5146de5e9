#pragma once

// Validation of the kernel ELF before the loader copies a byte of it: pure code over a byte
// buffer (no firmware calls), so the same source is unit-tested on the host (tests/boot/).
//
// Accepted: ELF64, little-endian, EM_X86_64, ET_EXEC, Elf64_Phdr-sized program headers inside the
// file, every PT_LOAD with filesz <= memsz and its file bytes inside the file, virtual addresses
// in the kernel window [kKernelBase, 2^64) without overflow, a total span of at most
// kMaxKernelSpan, and an entry point inside an executable PT_LOAD segment.

#include <stddef.h>
#include <stdint.h>

namespace halcyon::boot {

inline constexpr uint64_t kMaxKernelSpan = 64ull << 20;

enum class ElfError : uint32_t {
    None = 0,
    TooSmall,
    BadMagic,
    NotElf64,
    NotLittleEndian,
    NotX86_64,
    NotExecutable,
    BadProgramHeaders,
    NoLoadSegments,
    SegmentOutsideFile,
    SegmentFileSizeExceedsMemorySize,
    SegmentOutsideKernelWindow,
    ImageTooLarge,
    EntryNotInExecutableSegment,
};

/// A short, human sentence for `error` (ASCII, no trailing newline).
const char* elf_error_message(ElfError error);

/// What the loader needs to place the image: the page-aligned virtual span of all PT_LOAD segments.
struct ElfLayout {
    uint64_t virtual_base; ///< Lowest PT_LOAD vaddr rounded down to 4 KiB.
    uint64_t span;         ///< Bytes from virtual_base to the highest vaddr+memsz, rounded up to 4 KiB.
    uint64_t entry;
    uint16_t load_segment_count;
};

/// Checks `data[0..size)` and fills `layout` on success.
[[nodiscard]] ElfError validate_kernel_elf(const uint8_t* data, size_t size, ElfLayout& layout);

/// Copies every PT_LOAD segment of an image validate_kernel_elf accepted into `destination`
/// (`layout.span` bytes, the image's virtual_base at destination[0]) and zeroes the rest.
void copy_kernel_segments(const uint8_t* data, const ElfLayout& layout, uint8_t* destination);

} // namespace halcyon::boot
