#include "core/mm/PhysicalAllocator.h"
#include "tests/core/mm/KernelHeapForTests.h"
#include "tests/core/mm/MmTestSupport.h"

#include <set>

using namespace halcyon;
using namespace halcyon::mm;

TEST(PhysicalAllocator, AddRangeShrinksInwardToWholeFrames) {
    PhysicalAllocator frames;
    ASSERT_OK(frames.add_range(0x1001, 3 * kPageSize));
    // [0x1001, 0x4001) holds the whole frames 0x2000 and 0x3000 only.
    EXPECT_EQ(frames.total_frames(), 2u);
    std::set<u64> seen;
    for (int i = 0; i < 2; ++i) {
        auto frame = frames.allocate_frame();
        ASSERT_OK(frame);
        seen.insert(frame.value());
    }
    EXPECT_EQ(seen, (std::set<u64>{0x2000, 0x3000}));
}

TEST(PhysicalAllocator, AddRangeRejectsEmptyWrappingAndOverlappingRanges) {
    PhysicalAllocator frames;
    EXPECT_STATUS(frames.add_range(0x1000, 0), status::InvalidParameter);
    EXPECT_STATUS(frames.add_range(0x1001, 0xFFF), status::InvalidParameter);
    EXPECT_STATUS(frames.add_range(~0ull - 0xFFF, 0x2000), status::InvalidParameter);
    EXPECT_STATUS(frames.add_range(PhysicalAllocator::kPhysicalAddressLimit - 0x1000, 0x2000),
                  status::InvalidParameter);
    ASSERT_OK(frames.add_range(0x10000, 0x10000));
    EXPECT_STATUS(frames.add_range(0x1F000, 0x2000), status::ConflictingAddresses);
    EXPECT_STATUS(frames.add_range(0x8000, 0x9000), status::ConflictingAddresses);
    EXPECT_OK(frames.add_range(0x20000, 0x1000)); // Adjacent is fine.
    EXPECT_EQ(frames.total_frames(), 17u);
}

TEST(PhysicalAllocator, HandsOutEveryFrameExactlyOnceThenNoMemory) {
    PhysicalAllocator frames;
    // 130 frames: the last bitmap word is partly past the end and must never be handed out.
    ASSERT_OK(frames.add_range(0x100000, 130 * kPageSize));
    std::set<u64> seen;
    for (int i = 0; i < 130; ++i) {
        auto frame = frames.allocate_frame();
        ASSERT_OK(frame);
        EXPECT_GE(frame.value(), 0x100000u);
        EXPECT_LT(frame.value(), 0x100000u + 130 * kPageSize);
        EXPECT_TRUE(seen.insert(frame.value()).second);
    }
    EXPECT_EQ(frames.free_frames(), 0u);
    EXPECT_STATUS(frames.allocate_frame(), status::NoMemory);
}

TEST(PhysicalAllocator, FreedFramesAreReusedAndCounted) {
    PhysicalAllocator frames;
    ASSERT_OK(frames.add_range(0, 4 * kPageSize));
    auto a = frames.allocate_frame();
    auto b = frames.allocate_frame();
    ASSERT_OK(a);
    ASSERT_OK(b);
    EXPECT_TRUE(frames.is_allocated(a.value()));
    EXPECT_EQ(frames.free_frames(), 2u);
    ASSERT_OK(frames.free_frame(a.value()));
    EXPECT_FALSE(frames.is_allocated(a.value()));
    EXPECT_EQ(frames.free_frames(), 3u);
    auto c = frames.allocate_frame();
    ASSERT_OK(c);
    EXPECT_EQ(c.value(), a.value()); // The search hint moves back to freed frames.
}

TEST(PhysicalAllocator, FreeRejectsDoubleFreeAndForeignAddresses) {
    PhysicalAllocator frames;
    ASSERT_OK(frames.add_range(0x100000, 4 * kPageSize));
    auto frame = frames.allocate_frame();
    ASSERT_OK(frame);
    ASSERT_OK(frames.free_frame(frame.value()));
    EXPECT_STATUS(frames.free_frame(frame.value()), status::InvalidParameter);
    EXPECT_STATUS(frames.free_frame(0x100001), status::InvalidParameter);
    EXPECT_STATUS(frames.free_frame(0x900000), status::InvalidParameter);
    EXPECT_EQ(frames.bad_free_count(), 3u);
    EXPECT_EQ(frames.free_frames(), 4u);
}

TEST(PhysicalAllocator, AllocatesFromEveryRange) {
    PhysicalAllocator frames;
    ASSERT_OK(frames.add_range(0x100000, kPageSize));
    ASSERT_OK(frames.add_range(0x300000, kPageSize));
    std::set<u64> seen;
    for (int i = 0; i < 2; ++i) {
        auto frame = frames.allocate_frame();
        ASSERT_OK(frame);
        seen.insert(frame.value());
    }
    EXPECT_EQ(seen, (std::set<u64>{0x100000, 0x300000}));
    EXPECT_STATUS(frames.allocate_frame(), status::NoMemory);
}

TEST(PhysicalAllocator, AddRangeFailsCleanlyWhenTheHeapIsExhausted) {
    PhysicalAllocator frames;
    test::fail_kmalloc_after(0);
    EXPECT_STATUS(frames.add_range(0x100000, 64 * kPageSize), status::NoMemory);
    test::stop_failing_kmalloc();
    EXPECT_EQ(frames.total_frames(), 0u);
    EXPECT_OK(frames.add_range(0x100000, 64 * kPageSize));
    EXPECT_EQ(frames.total_frames(), 64u);
}
