#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include <halcyon/BootInfo.h>

#include "ElfImage.h"

using namespace halcyon::boot;

namespace {

// A minimal kernel: ELF header, `segments` program headers, then 4 KiB of bytes per segment.
struct Segment {
    uint32_t type = 1;
    uint32_t flags = 5; // R + X
    uint64_t vaddr = kKernelBase;
    uint64_t filesz = 16;
    uint64_t memsz = 32;
};

std::vector<uint8_t> make_elf(const std::vector<Segment>& segments, uint64_t entry = kKernelBase) {
    std::vector<uint8_t> file(64 + 56 * segments.size() + 4096 * segments.size(), 0);
    auto put16 = [&](size_t at, uint16_t v) { std::memcpy(&file[at], &v, 2); };
    auto put32 = [&](size_t at, uint32_t v) { std::memcpy(&file[at], &v, 4); };
    auto put64 = [&](size_t at, uint64_t v) { std::memcpy(&file[at], &v, 8); };
    const uint8_t ident[] = {0x7f, 'E', 'L', 'F', 2, 1, 1};
    std::memcpy(file.data(), ident, sizeof(ident));
    put16(16, 2);  // ET_EXEC
    put16(18, 62); // EM_X86_64
    put32(20, 1);
    put64(24, entry);
    put64(32, 64);
    put16(52, 64);
    put16(54, 56);
    put16(56, static_cast<uint16_t>(segments.size()));
    for (size_t i = 0; i < segments.size(); ++i) {
        size_t at = 64 + 56 * i;
        uint64_t offset = 64 + 56 * segments.size() + 4096 * i;
        put32(at, segments[i].type);
        put32(at + 4, segments[i].flags);
        put64(at + 8, offset);
        put64(at + 16, segments[i].vaddr);
        put64(at + 24, segments[i].vaddr);
        put64(at + 32, segments[i].filesz);
        put64(at + 40, segments[i].memsz);
        for (uint64_t j = 0; j < segments[i].filesz && offset + j < file.size(); ++j)
            file[offset + j] = static_cast<uint8_t>(0xa0 + i);
    }
    return file;
}

ElfError validate(const std::vector<uint8_t>& file, ElfLayout& layout) {
    return validate_kernel_elf(file.data(), file.size(), layout);
}

} // namespace

TEST(KernelElf, AcceptsTwoSegmentsAndReportsPageAlignedSpan) {
    auto file = make_elf({Segment{}, Segment{1, 6, kKernelBase + 0x1800, 8, 0x1000}});
    ElfLayout layout{};
    ASSERT_EQ(validate(file, layout), ElfError::None);
    EXPECT_EQ(layout.virtual_base, kKernelBase);
    EXPECT_EQ(layout.span, 0x3000u);
    EXPECT_EQ(layout.entry, kKernelBase);
    EXPECT_EQ(layout.load_segment_count, 2);

    std::vector<uint8_t> memory(layout.span, 0xff);
    copy_kernel_segments(file.data(), layout, memory.data());
    EXPECT_EQ(memory[0], 0xa0);
    EXPECT_EQ(memory[15], 0xa0);
    EXPECT_EQ(memory[16], 0); // memsz beyond filesz is zeroed (.bss)
    EXPECT_EQ(memory[0x1800], 0xa1);
    EXPECT_EQ(memory[0x1808], 0);
}

TEST(KernelElf, RejectsEveryTruncationOfAValidImage) {
    auto file = make_elf({Segment{}});
    for (size_t size = 0; size < 64 + 56 + 16; ++size) {
        ElfLayout layout{};
        EXPECT_NE(validate_kernel_elf(file.data(), size, layout), ElfError::None) << "size " << size;
    }
}

TEST(KernelElf, RejectsWrongIdentity) {
    ElfLayout layout{};
    auto file = make_elf({Segment{}});
    file[0] = 'M';
    EXPECT_EQ(validate(file, layout), ElfError::BadMagic);
    file = make_elf({Segment{}});
    file[4] = 1;
    EXPECT_EQ(validate(file, layout), ElfError::NotElf64);
    file = make_elf({Segment{}});
    file[5] = 2;
    EXPECT_EQ(validate(file, layout), ElfError::NotLittleEndian);
    file = make_elf({Segment{}});
    file[18] = 3; // EM_386
    EXPECT_EQ(validate(file, layout), ElfError::NotX86_64);
    file = make_elf({Segment{}});
    file[16] = 3; // ET_DYN
    EXPECT_EQ(validate(file, layout), ElfError::NotExecutable);
    file = make_elf({Segment{}});
    file[54] = 40; // program header entry size
    EXPECT_EQ(validate(file, layout), ElfError::BadProgramHeaders);
}

TEST(KernelElf, RejectsSegmentsOutOfBounds) {
    ElfLayout layout{};
    EXPECT_EQ(validate(make_elf({Segment{1, 5, kKernelBase, 5000, 5000}}), layout),
              ElfError::SegmentOutsideFile);
    EXPECT_EQ(validate(make_elf({Segment{1, 5, kKernelBase, 32, 16}}), layout),
              ElfError::SegmentFileSizeExceedsMemorySize);
    EXPECT_EQ(validate(make_elf({Segment{1, 5, 0x100000, 16, 32}}, 0x100000), layout),
              ElfError::SegmentOutsideKernelWindow);
    EXPECT_EQ(validate(make_elf({Segment{1, 5, ~0ull - 8, 16, 32}}, ~0ull - 8), layout),
              ElfError::SegmentOutsideKernelWindow);
    EXPECT_EQ(validate(make_elf({Segment{1, 5, kKernelBase, 16, 65ull << 20}}), layout),
              ElfError::ImageTooLarge);
    EXPECT_EQ(validate(make_elf({Segment{}, Segment{1, 6, kKernelBase + (70ull << 20), 16, 32}}), layout),
              ElfError::ImageTooLarge);
    EXPECT_EQ(validate(make_elf({Segment{4, 5, kKernelBase, 16, 32}}), layout), ElfError::NoLoadSegments);
}

TEST(KernelElf, RejectsEntryOutsideExecutableSegment) {
    ElfLayout layout{};
    EXPECT_EQ(validate(make_elf({Segment{}}, kKernelBase + 32), layout),
              ElfError::EntryNotInExecutableSegment);
    EXPECT_EQ(validate(make_elf({Segment{1, 6, kKernelBase, 16, 32}}), layout),
              ElfError::EntryNotInExecutableSegment);
}

TEST(KernelElf, EveryErrorHasAMessage) {
    for (uint32_t e = 0; e <= static_cast<uint32_t>(ElfError::EntryNotInExecutableSegment); ++e)
        EXPECT_STRNE(elf_error_message(static_cast<ElfError>(e)), "unknown error");
}
