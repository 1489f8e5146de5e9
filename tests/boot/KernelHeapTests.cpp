#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <vector>

#include "KernelHeap.h"

using halcyon::baremetal::KernelHeap;

namespace {

struct Arena {
    explicit Arena(size_t size) : bytes(static_cast<uint8_t*>(std::aligned_alloc(4096, size))), size(size) {}
    ~Arena() { std::free(bytes); }
    uint8_t* bytes;
    size_t size;
};

TEST(KernelHeap, AllocationsAreAlignedDisjointAndKeepTheirContents) {
    Arena arena(1 << 20);
    KernelHeap heap;
    ASSERT_TRUE(heap.add_region(arena.bytes, arena.size));
    std::vector<std::pair<uint8_t*, size_t>> blocks;
    for (size_t i = 0; i < 100; ++i) {
        size_t size = 1 + (i * 131) % 3000;
        auto* p = static_cast<uint8_t*>(heap.allocate(size));
        ASSERT_NE(p, nullptr);
        EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % KernelHeap::kAlignment, 0u);
        std::memset(p, static_cast<int>(i), size);
        blocks.push_back({p, size});
    }
    for (size_t i = 0; i < blocks.size(); ++i)
        for (size_t j = 0; j < blocks[i].second; ++j)
            ASSERT_EQ(blocks[i].first[j], static_cast<uint8_t>(i));
}

TEST(KernelHeap, FreeingEverythingInAnyOrderMergesBackToOneBlock) {
    Arena arena(1 << 20);
    KernelHeap heap;
    ASSERT_TRUE(heap.add_region(arena.bytes, arena.size));
    size_t free_at_start = heap.free_bytes();
    std::vector<void*> blocks;
    for (int i = 0; i < 64; ++i)
        blocks.push_back(heap.allocate(static_cast<size_t>(16 + i * 40)));
    for (size_t i = 1; i < blocks.size(); i += 2)
        heap.free(blocks[i]);
    for (size_t i = 0; i < blocks.size(); i += 2)
        heap.free(blocks[i]);
    EXPECT_EQ(heap.free_bytes(), free_at_start);
    EXPECT_EQ(heap.free_block_count(), 1u);
}

TEST(KernelHeap, ExhaustionWithoutGrowReturnsNull) {
    Arena arena(4096);
    KernelHeap heap;
    ASSERT_TRUE(heap.add_region(arena.bytes, arena.size));
    EXPECT_EQ(heap.allocate(8192), nullptr);
    EXPECT_EQ(heap.allocate(0), nullptr);
    EXPECT_NE(heap.allocate(1000), nullptr);
}

TEST(KernelHeap, GrowIsAskedForEnoughAndTheNewRegionIsUsed) {
    static Arena first(4096), second(1 << 20);
    KernelHeap heap;
    ASSERT_TRUE(heap.add_region(first.bytes, first.size));
    static size_t asked = 0;
    heap.set_grow(
        [](void*, size_t minimum) -> KernelHeap::Region {
            asked = minimum;
            return {second.bytes, second.size};
        },
        nullptr);
    auto* p = static_cast<uint8_t*>(heap.allocate(100000));
    ASSERT_NE(p, nullptr);
    EXPECT_GE(asked, 100000u);
    EXPECT_TRUE(p >= second.bytes && p + 100000 <= second.bytes + second.size);
    EXPECT_EQ(heap.total_bytes(), first.size + second.size);
}

TEST(KernelHeap, DoubleAndForeignFreesAreRefusedAndCounted) {
    Arena arena(1 << 16);
    KernelHeap heap;
    ASSERT_TRUE(heap.add_region(arena.bytes, arena.size));
    void* p = heap.allocate(64);
    void* q = heap.allocate(64);
    heap.free(p);
    size_t free_after_one = heap.free_bytes();
    heap.free(p);
    EXPECT_EQ(heap.bad_free_count(), 1u);
    EXPECT_EQ(heap.free_bytes(), free_after_one);
    heap.free(static_cast<uint8_t*>(q) + 8); // misaligned: not a heap pointer
    EXPECT_EQ(heap.bad_free_count(), 2u);
    heap.free(q);
    EXPECT_EQ(heap.bad_free_count(), 2u);
}

TEST(KernelHeap, ARegionTooSmallForABlockIsRejected) {
    alignas(16) static uint8_t tiny[24];
    KernelHeap heap;
    EXPECT_FALSE(heap.add_region(tiny, sizeof tiny));
    EXPECT_EQ(heap.total_bytes(), 0u);
}

} // namespace
