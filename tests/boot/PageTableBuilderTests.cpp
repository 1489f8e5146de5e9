#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <vector>

#include "PageTableBuilder.h"

using namespace halcyon::baremetal;

namespace {

// "Physical memory" for the builder: a 4 KiB-aligned buffer; frame addresses start at 1 MiB
// so 0 stays the allocator's "none left".
struct FakeMemory {
    static constexpr uint64_t kBase = 1ull << 20;
    explicit FakeMemory(size_t frames) : frame_count(frames) {
        buffer = static_cast<uint8_t*>(std::aligned_alloc(4096, frames * 4096));
        std::memset(buffer, 0xa5, frames * 4096); // the builder must zero what it takes
    }
    ~FakeMemory() { std::free(buffer); }
    PageTableMemory memory() {
        return {this,
                [](void* context) -> uint64_t {
                    auto* self = static_cast<FakeMemory*>(context);
                    return self->next < self->frame_count ? kBase + 4096 * self->next++ : 0;
                },
                [](void* context, uint64_t physical) -> uint8_t* {
                    auto* self = static_cast<FakeMemory*>(context);
                    return self->buffer + (physical - kBase);
                }};
    }
    uint8_t* buffer;
    size_t frame_count;
    size_t next = 0;
};

constexpr uint64_t kKernel = 0xffffffff80000000ull, kDirect = 0xffff800000000000ull;

TEST(PageTableBuilder, MappedSmallPagesTranslateWithTheirFlags) {
    FakeMemory ram(16);
    PageTableBuilder tables(ram.memory());
    ASSERT_TRUE(tables.create());
    ASSERT_EQ(tables.map(kKernel, 0x200000, 3 * 4096, PageSize::Small, pte::NoExecute), MapError::None);
    Translation t;
    ASSERT_TRUE(tables.translate(kKernel + 4096 + 0x123, t));
    EXPECT_EQ(t.physical, 0x201123u);
    EXPECT_EQ(t.page_size, PageSize::Small);
    EXPECT_TRUE(t.flags & pte::NoExecute);
    EXPECT_FALSE(t.flags & pte::Writable);
    EXPECT_FALSE(tables.translate(kKernel + 3 * 4096, t)) << "one page past the mapping";
    // PML4 + PDPT + PD + PT.
    EXPECT_EQ(tables.table_frames(), 4u);
}

TEST(PageTableBuilder, LargePagesMapTwoMegabytesEach) {
    FakeMemory ram(16);
    PageTableBuilder tables(ram.memory());
    ASSERT_TRUE(tables.create());
    ASSERT_EQ(tables.map(kDirect, 0, 4ull << 30, PageSize::Large, pte::Writable | pte::NoExecute), MapError::None);
    Translation t;
    ASSERT_TRUE(tables.translate(kDirect + 0xc0001234, t));
    EXPECT_EQ(t.physical, 0xc0001234u);
    EXPECT_EQ(t.page_size, PageSize::Large);
    EXPECT_TRUE(t.flags & pte::Writable);
    // PML4 + PDPT + 4 PDs for 4 GiB.
    EXPECT_EQ(tables.table_frames(), 6u);
}

TEST(PageTableBuilder, MappingOverAnExistingMappingIsRefused) {
    FakeMemory ram(16);
    PageTableBuilder tables(ram.memory());
    ASSERT_TRUE(tables.create());
    ASSERT_EQ(tables.map(kKernel, 0x200000, 4096, PageSize::Small, 0), MapError::None);
    EXPECT_EQ(tables.map(kKernel, 0x300000, 4096, PageSize::Small, 0), MapError::AlreadyMapped);
    ASSERT_EQ(tables.map(kKernel + 0x400000, 0x400000, 0x200000, PageSize::Large, 0), MapError::None);
    EXPECT_EQ(tables.map(kKernel + 0x401000, 0x500000, 4096, PageSize::Small, 0), MapError::AlreadyMapped)
        << "a small page inside a large one";
    EXPECT_EQ(tables.map(kKernel, 0, 0x200000, PageSize::Large, 0), MapError::AlreadyMapped)
        << "a large page over a page table";
}

TEST(PageTableBuilder, MisalignedNonCanonicalAndBadFlagsAreRefused) {
    FakeMemory ram(16);
    PageTableBuilder tables(ram.memory());
    ASSERT_TRUE(tables.create());
    EXPECT_EQ(tables.map(kKernel + 1, 0, 4096, PageSize::Small, 0), MapError::Misaligned);
    EXPECT_EQ(tables.map(kKernel, 0x1000, 0x200000, PageSize::Large, 0), MapError::Misaligned);
    EXPECT_EQ(tables.map(0x0000800000000000ull, 0, 4096, PageSize::Small, 0), MapError::NotCanonical);
    EXPECT_EQ(tables.map(0x00007ffffffff000ull, 0, 8192, PageSize::Small, 0), MapError::NotCanonical)
        << "a range running off the end of the lower half";
    EXPECT_EQ(tables.map(kKernel, 0, 4096, PageSize::Small, pte::Present | pte::Large), MapError::BadFlags);
}

TEST(PageTableBuilder, RunningOutOfFramesIsReported) {
    FakeMemory ram(2); // PML4 + one more table: not enough for PDPT + PD + PT
    PageTableBuilder tables(ram.memory());
    ASSERT_TRUE(tables.create());
    EXPECT_EQ(tables.map(kKernel, 0, 4096, PageSize::Small, 0), MapError::OutOfMemory);
}

TEST(PageTableBuilder, UnmapRemovesOnlyThatPage) {
    FakeMemory ram(16);
    PageTableBuilder tables(ram.memory());
    ASSERT_TRUE(tables.create());
    ASSERT_EQ(tables.map(kKernel, 0x200000, 2 * 4096, PageSize::Small, pte::Writable), MapError::None);
    EXPECT_TRUE(tables.unmap_small(kKernel));
    EXPECT_FALSE(tables.unmap_small(kKernel)) << "already unmapped";
    Translation t;
    EXPECT_FALSE(tables.translate(kKernel, t));
    EXPECT_TRUE(tables.translate(kKernel + 4096, t));
}

TEST(PageTableBuilder, UserLeavesMakeEveryLevelUserAccessible) {
    FakeMemory ram(16);
    PageTableBuilder tables(ram.memory());
    ASSERT_TRUE(tables.create());
    ASSERT_EQ(tables.map(0x400000, 0x200000, 4096, PageSize::Small, 0), MapError::None);
    ASSERT_EQ(tables.map(0x401000, 0x201000, 4096, PageSize::Small, pte::User | pte::Writable), MapError::None);
    Translation t;
    ASSERT_TRUE(tables.translate(0x401000, t));
    EXPECT_TRUE(t.flags & pte::User);
    ASSERT_TRUE(tables.translate(0x400000, t));
    EXPECT_FALSE(t.flags & pte::User) << "the supervisor leaf stays supervisor-only";
}

} // namespace
