#include "ElfImage.h"

#include <halcyon/BootInfo.h>

namespace halcyon::boot {

namespace {

// [ELF-64 Object File Format 1.5] and [System V ABI AMD64 1.0] 4.1.
constexpr uint8_t kElfMagic[4] = {0x7f, 'E', 'L', 'F'};
constexpr uint8_t kElfClass64 = 2;
constexpr uint8_t kElfDataLittleEndian = 1;
constexpr uint16_t kElfTypeExecutable = 2;
constexpr uint16_t kElfMachineX86_64 = 62;
constexpr uint32_t kProgramTypeLoad = 1;
constexpr uint32_t kProgramFlagExecute = 1;
constexpr uint64_t kPageSize = 4096;

struct Elf64Header {
    uint8_t ident[16];
    uint16_t type;
    uint16_t machine;
    uint32_t version;
    uint64_t entry;
    uint64_t program_header_offset;
    uint64_t section_header_offset;
    uint32_t flags;
    uint16_t header_size;
    uint16_t program_header_size;
    uint16_t program_header_count;
    uint16_t section_header_size;
    uint16_t section_header_count;
    uint16_t section_name_index;
};
static_assert(sizeof(Elf64Header) == 64);

struct Elf64ProgramHeader {
    uint32_t type;
    uint32_t flags;
    uint64_t offset;
    uint64_t vaddr;
    uint64_t paddr;
    uint64_t filesz;
    uint64_t memsz;
    uint64_t align;
};
static_assert(sizeof(Elf64ProgramHeader) == 56);

// The buffer may be unaligned (it comes from a file read), so headers are copied out byte-wise.
template <typename T>
T read_struct(const uint8_t* data) {
    T value;
    auto* out = reinterpret_cast<uint8_t*>(&value);
    for (size_t i = 0; i < sizeof(T); ++i)
        out[i] = data[i];
    return value;
}

Elf64ProgramHeader program_header(const uint8_t* data, const Elf64Header& header, uint16_t index) {
    return read_struct<Elf64ProgramHeader>(data + header.program_header_offset +
                                           uint64_t(index) * sizeof(Elf64ProgramHeader));
}

} // namespace

const char* elf_error_message(ElfError error) {
    switch (error) {
    case ElfError::None:
        return "valid";
    case ElfError::TooSmall:
        return "file is smaller than an ELF header";
    case ElfError::BadMagic:
        return "not an ELF file (bad magic)";
    case ElfError::NotElf64:
        return "not a 64-bit ELF file";
    case ElfError::NotLittleEndian:
        return "not a little-endian ELF file";
    case ElfError::NotX86_64:
        return "not an x86-64 ELF file";
    case ElfError::NotExecutable:
        return "not an executable ELF file (ET_EXEC)";
    case ElfError::BadProgramHeaders:
        return "program headers are malformed or outside the file";
    case ElfError::NoLoadSegments:
        return "no PT_LOAD segment";
    case ElfError::SegmentOutsideFile:
        return "a PT_LOAD segment's bytes lie outside the file";
    case ElfError::SegmentFileSizeExceedsMemorySize:
        return "a PT_LOAD segment has filesz > memsz";
    case ElfError::SegmentOutsideKernelWindow:
        return "a PT_LOAD segment lies outside the kernel window";
    case ElfError::ImageTooLarge:
        return "the image spans more than 64 MiB";
    case ElfError::EntryNotInExecutableSegment:
        return "the entry point is not in an executable segment";
    }
    return "unknown error";
}

ElfError validate_kernel_elf(const uint8_t* data, size_t size, ElfLayout& layout) {
    if (size < sizeof(Elf64Header))
        return ElfError::TooSmall;
    for (size_t i = 0; i < 4; ++i) {
        if (data[i] != kElfMagic[i])
            return ElfError::BadMagic;
    }
    auto header = read_struct<Elf64Header>(data);
    if (header.ident[4] != kElfClass64)
        return ElfError::NotElf64;
    if (header.ident[5] != kElfDataLittleEndian)
        return ElfError::NotLittleEndian;
    if (header.machine != kElfMachineX86_64)
        return ElfError::NotX86_64;
    if (header.type != kElfTypeExecutable)
        return ElfError::NotExecutable;
    if (header.program_header_size != sizeof(Elf64ProgramHeader) || header.program_header_count == 0)
        return ElfError::BadProgramHeaders;
    // count <= 0xffff and the entry size is 56, so the product cannot overflow; the sum is checked.
    uint64_t table_size = uint64_t(header.program_header_count) * sizeof(Elf64ProgramHeader);
    if (header.program_header_offset > size || table_size > size - header.program_header_offset)
        return ElfError::BadProgramHeaders;

    uint64_t lowest = ~0ull;
    uint64_t highest = 0;
    uint16_t loads = 0;
    for (uint16_t i = 0; i < header.program_header_count; ++i) {
        auto segment = program_header(data, header, i);
        if (segment.type != kProgramTypeLoad)
            continue;
        ++loads;
        if (segment.offset > size || segment.filesz > size - segment.offset)
            return ElfError::SegmentOutsideFile;
        if (segment.filesz > segment.memsz)
            return ElfError::SegmentFileSizeExceedsMemorySize;
        if (segment.vaddr < kKernelBase || segment.memsz > ~0ull - segment.vaddr)
            return ElfError::SegmentOutsideKernelWindow;
        if (segment.memsz > kMaxKernelSpan)
            return ElfError::ImageTooLarge;
        if (segment.vaddr < lowest)
            lowest = segment.vaddr;
        if (segment.vaddr + segment.memsz > highest)
            highest = segment.vaddr + segment.memsz;
    }
    if (loads == 0)
        return ElfError::NoLoadSegments;

    uint64_t base = lowest & ~(kPageSize - 1);
    // highest <= 2^64 - 1 and the window ends at 2^64, so round up without wrapping to zero.
    uint64_t span = highest - base;
    if (span > kMaxKernelSpan)
        return ElfError::ImageTooLarge;
    span = (span + kPageSize - 1) & ~(kPageSize - 1);

    bool entry_ok = false;
    for (uint16_t i = 0; i < header.program_header_count; ++i) {
        auto segment = program_header(data, header, i);
        if (segment.type == kProgramTypeLoad && (segment.flags & kProgramFlagExecute) &&
            header.entry >= segment.vaddr && header.entry - segment.vaddr < segment.memsz)
            entry_ok = true;
    }
    if (!entry_ok)
        return ElfError::EntryNotInExecutableSegment;

    layout = {base, span, header.entry, loads};
    return ElfError::None;
}

void copy_kernel_segments(const uint8_t* data, const ElfLayout& layout, uint8_t* destination) {
    for (uint64_t i = 0; i < layout.span; ++i)
        destination[i] = 0;
    auto header = read_struct<Elf64Header>(data);
    for (uint16_t i = 0; i < header.program_header_count; ++i) {
        auto segment = program_header(data, header, i);
        if (segment.type != kProgramTypeLoad)
            continue;
        uint8_t* out = destination + (segment.vaddr - layout.virtual_base);
        for (uint64_t j = 0; j < segment.filesz; ++j)
            out[j] = data[segment.offset + j];
    }
}

} // namespace halcyon::boot
