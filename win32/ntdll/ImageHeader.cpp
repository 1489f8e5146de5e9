// Headers of images in memory: RtlImageNtHeader, RtlImageDirectoryEntryToData, RtlImageRvaToVa.
// They work on images mapped by the loader and on files mapped as data (LoadLibraryEx with
// LOAD_LIBRARY_AS_DATAFILE tags such a base by setting its low bit, as Windows does), so the
// raw offsets of [pe-format] are read here directly rather than through the pe/ parser, which
// validates a whole file first. Callers trust the image as Windows' callers do; the checks
// below only refuse what is plainly not a PE header.

#include "Ntdll.h"
#include "halcyon/ntrtlutil.h"

namespace halcyon::ntdll {

namespace {

constexpr uint16_t kDosMagic = 0x5A4D;          // "MZ"
constexpr uint32_t kNtSignature = 0x00004550;   // "PE\0\0"
constexpr uint16_t kPe32Magic = 0x10B;
constexpr uint16_t kPe32PlusMagic = 0x20B;
constexpr uint32_t kMaximumNewHeaderOffset = 0x10000000; // e_lfanew beyond 256 MB is corrupt
constexpr size_t kFileHeaderSize = 20;
constexpr size_t kSectionHeaderSize = 40;

template<typename T>
T read(const uint8_t* at) {
    T value;
    __builtin_memcpy(&value, at, sizeof value);
    return value;
}

const uint8_t* optional_header(const uint8_t* nt) { return nt + 4 + kFileHeaderSize; }

/// The data directory table and its entry count, for PE32 and PE32+ alike.
const uint8_t* data_directories(const uint8_t* nt, uint32_t& count) {
    const uint8_t* optional = optional_header(nt);
    uint16_t magic = read<uint16_t>(optional);
    if (magic == kPe32PlusMagic) {
        count = read<uint32_t>(optional + 108);
        return optional + 112;
    }
    if (magic == kPe32Magic) {
        count = read<uint32_t>(optional + 92);
        return optional + 96;
    }
    count = 0;
    return nullptr;
}

} // namespace

} // namespace halcyon::ntdll

using namespace halcyon::ntdll;

extern "C" {

PVOID NTAPI RtlImageNtHeader(PVOID base) {
    auto* image = reinterpret_cast<const uint8_t*>(reinterpret_cast<uintptr_t>(base) & ~uintptr_t{3});
    if (!image || read<uint16_t>(image) != kDosMagic)
        return nullptr;
    uint32_t offset = read<uint32_t>(image + 0x3C);
    if (offset >= kMaximumNewHeaderOffset || read<uint32_t>(image + offset) != kNtSignature)
        return nullptr;
    return const_cast<uint8_t*>(image + offset);
}

PVOID NTAPI RtlImageRvaToVa(PVOID nt_headers, PVOID base, ULONG rva, PVOID* last_section) {
    auto* nt = static_cast<const uint8_t*>(nt_headers);
    if (!nt)
        return nullptr;
    uint16_t section_count = read<uint16_t>(nt + 4 + 2);
    uint16_t optional_size = read<uint16_t>(nt + 4 + 16);
    const uint8_t* sections = optional_header(nt) + optional_size;
    auto contains = [rva](const uint8_t* section) {
        uint32_t start = read<uint32_t>(section + 12);
        uint32_t raw_size = read<uint32_t>(section + 16);
        return rva >= start && rva - start < raw_size;
    };
    const uint8_t* found = nullptr;
    if (last_section && *last_section && contains(static_cast<const uint8_t*>(*last_section)))
        found = static_cast<const uint8_t*>(*last_section);
    for (uint16_t i = 0; !found && i < section_count; ++i) {
        const uint8_t* section = sections + i * kSectionHeaderSize;
        if (contains(section))
            found = section;
    }
    if (!found)
        return nullptr;
    if (last_section)
        *last_section = const_cast<uint8_t*>(found);
    uint32_t file_offset = read<uint32_t>(found + 20) + (rva - read<uint32_t>(found + 12));
    return static_cast<uint8_t*>(base) + file_offset;
}

PVOID NTAPI RtlImageDirectoryEntryToData(PVOID base, BOOLEAN mapped_as_image, USHORT directory, PULONG size) {
    // A data-file mapping is tagged by its low bit; its sections are at their file offsets.
    if (reinterpret_cast<uintptr_t>(base) & 1) {
        base = reinterpret_cast<PVOID>(reinterpret_cast<uintptr_t>(base) & ~uintptr_t{1});
        mapped_as_image = FALSE;
    }
    auto* nt = static_cast<const uint8_t*>(RtlImageNtHeader(base));
    if (!nt)
        return nullptr;
    uint32_t count = 0;
    const uint8_t* directories = data_directories(nt, count);
    if (!directories || directory >= count)
        return nullptr;
    uint32_t rva = read<uint32_t>(directories + directory * 8);
    if (!rva)
        return nullptr;
    if (size)
        *size = read<uint32_t>(directories + directory * 8 + 4);
    uint32_t size_of_headers = read<uint32_t>(optional_header(nt) + 60);
    if (mapped_as_image || rva < size_of_headers)
        return static_cast<uint8_t*>(base) + rva;
    return RtlImageRvaToVa(const_cast<uint8_t*>(nt), base, rva, nullptr);
}

} // extern "C"
