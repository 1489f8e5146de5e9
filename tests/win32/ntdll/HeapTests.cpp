#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <thread>
#include <vector>

#include "NtdllHarness.h"

using namespace ntdll_test;

class Heap : public ::testing::Test {
protected:
    void SetUp() override {
        reset_process();
        m_heap = RtlCreateHeap(HEAP_GROWABLE, nullptr, 0, 0, nullptr, nullptr);
        ASSERT_NE(m_heap, nullptr);
    }
    void TearDown() override { EXPECT_EQ(RtlDestroyHeap(m_heap), nullptr); }

    PVOID m_heap = nullptr;
};

TEST_F(Heap, AllocationsAreSixteenByteAlignedAndReportTheirSize) {
    for (SIZE_T size :
         {0ul, 1ul, 15ul, 16ul, 17ul, 1000ul, 1025ul, 5000ul, 70000ul, 131072ul, 131073ul, 1000000ul}) {
        void* p = RtlAllocateHeap(m_heap, 0, size);
        ASSERT_NE(p, nullptr) << size;
        EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % 16, 0u) << size;
        EXPECT_EQ(RtlSizeHeap(m_heap, 0, p), size);
        memset(p, 0xAB, size);
        EXPECT_TRUE(RtlFreeHeap(m_heap, 0, p));
    }
}

TEST_F(Heap, ZeroMemoryFlagZeroesReusedBlocks) {
    auto* p = static_cast<unsigned char*>(RtlAllocateHeap(m_heap, 0, 200));
    memset(p, 0xCC, 200);
    ASSERT_TRUE(RtlFreeHeap(m_heap, 0, p));
    auto* q = static_cast<unsigned char*>(RtlAllocateHeap(m_heap, HEAP_ZERO_MEMORY, 200));
    EXPECT_EQ(q, p) << "same size class reuses the freed block";
    for (int i = 0; i < 200; ++i)
        ASSERT_EQ(q[i], 0) << i;
    RtlFreeHeap(m_heap, 0, q);
}

TEST_F(Heap, DoubleFreeAndForeignPointersAreRejected) {
    void* p = RtlAllocateHeap(m_heap, 0, 64);
    EXPECT_TRUE(RtlFreeHeap(m_heap, 0, p));
    EXPECT_FALSE(RtlFreeHeap(m_heap, 0, p));
    int local[8] = {};
    EXPECT_FALSE(RtlFreeHeap(m_heap, 0, &local[4]));
    EXPECT_TRUE(RtlFreeHeap(m_heap, 0, nullptr));
    EXPECT_EQ(RtlSizeHeap(m_heap, 0, p), ~SIZE_T(0));
    // A block of another heap is not this heap's.
    PVOID other = RtlCreateHeap(HEAP_GROWABLE, nullptr, 0, 0, nullptr, nullptr);
    void* q = RtlAllocateHeap(other, 0, 64);
    EXPECT_FALSE(RtlFreeHeap(m_heap, 0, q));
    EXPECT_TRUE(RtlFreeHeap(other, 0, q));
    RtlDestroyHeap(other);
    EXPECT_TRUE(RtlValidateHeap(m_heap, 0, nullptr));
}

TEST_F(Heap, ReAllocateKeepsContentsAndHonoursInPlaceOnly) {
    auto* p = static_cast<char*>(RtlAllocateHeap(m_heap, 0, 100));
    for (int i = 0; i < 100; ++i)
        p[i] = static_cast<char>(i);
    // 100 -> 110 stays in the 112-byte class: in place.
    EXPECT_EQ(RtlReAllocateHeap(m_heap, HEAP_REALLOC_IN_PLACE_ONLY, p, 110), p);
    EXPECT_EQ(RtlSizeHeap(m_heap, 0, p), 110u);
    // Growing past the class cannot happen in place.
    EXPECT_EQ(RtlReAllocateHeap(m_heap, HEAP_REALLOC_IN_PLACE_ONLY, p, 5000), nullptr);
    auto* q = static_cast<char*>(RtlReAllocateHeap(m_heap, HEAP_ZERO_MEMORY, p, 5000));
    ASSERT_NE(q, nullptr);
    for (int i = 0; i < 100; ++i)
        ASSERT_EQ(q[i], static_cast<char>(i));
    for (int i = 110; i < 5000; ++i)
        ASSERT_EQ(q[i], 0) << i;
    EXPECT_FALSE(RtlFreeHeap(m_heap, 0, p)) << "the old block was freed by the move";
    auto* r = static_cast<char*>(RtlReAllocateHeap(m_heap, 0, q, 10));
    ASSERT_NE(r, nullptr);
    EXPECT_EQ(memcmp(r, "\0\1\2\3\4\5\6\7\10\11", 10), 0);
    EXPECT_EQ(RtlReAllocateHeap(m_heap, 0, nullptr, 10), nullptr);
    RtlFreeHeap(m_heap, 0, r);
}

TEST_F(Heap, LargeBlocksAreTheirOwnRegionsAndAreReturned) {
    size_t before = live_regions();
    void* big = RtlAllocateHeap(m_heap, 0, 4 << 20);
    ASSERT_NE(big, nullptr);
    EXPECT_EQ(live_regions(), before + 1);
    memset(big, 1, 4 << 20);
    void* grown = RtlReAllocateHeap(m_heap, 0, big, (4 << 20) + 100);
    ASSERT_NE(grown, nullptr);
    EXPECT_TRUE(RtlValidateHeap(m_heap, 0, nullptr));
    EXPECT_TRUE(RtlFreeHeap(m_heap, 0, grown));
    EXPECT_EQ(live_regions(), before);
}

TEST_F(Heap, DestroyReleasesEverySegment) {
    size_t before = live_regions();
    PVOID heap = RtlCreateHeap(HEAP_GROWABLE, nullptr, 0, 0, nullptr, nullptr);
    for (int i = 0; i < 5000; ++i)
        ASSERT_NE(RtlAllocateHeap(heap, 0, 1000), nullptr);
    RtlAllocateHeap(heap, 0, 1 << 20);
    EXPECT_GT(live_regions(), before + 2);
    EXPECT_EQ(RtlDestroyHeap(heap), nullptr);
    EXPECT_EQ(live_regions(), before);
}

TEST_F(Heap, FixedSizeHeapStopsAtItsMaximum) {
    PVOID heap = RtlCreateHeap(0, nullptr, 64 * 1024, 0, nullptr, nullptr);
    ASSERT_NE(heap, nullptr);
    int count = 0;
    while (RtlAllocateHeap(heap, 0, 1024) && count < 1000)
        ++count;
    EXPECT_GT(count, 40);
    EXPECT_LT(count, 64);
    EXPECT_EQ(RtlDestroyHeap(heap), nullptr);
}

TEST_F(Heap, ExhaustionReturnsNull) {
    fail_next_allocations(100);
    EXPECT_EQ(RtlAllocateHeap(m_heap, 0, 1 << 20), nullptr);
    fail_next_allocations(0);
}

TEST_F(Heap, ProcessHeapListTracksCreateAndDestroy) {
    PVOID heaps[64];
    ULONG before = RtlGetProcessHeaps(64, heaps);
    PVOID extra = RtlCreateHeap(HEAP_GROWABLE, nullptr, 0, 0, nullptr, nullptr);
    EXPECT_EQ(RtlGetProcessHeaps(64, heaps), before + 1);
    EXPECT_EQ(heaps[before], extra);
    EXPECT_EQ(peb().number_of_heaps, before + 1);
    RtlDestroyHeap(extra);
    EXPECT_EQ(RtlGetProcessHeaps(64, heaps), before);
    // The process heap cannot be destroyed.
    PVOID process = reinterpret_cast<PVOID>(peb().process_heap);
    EXPECT_EQ(RtlDestroyHeap(process), process);
}

TEST_F(Heap, RandomisedWorkloadKeepsTheHeapValid) {
    std::mt19937 random(42);
    std::vector<std::pair<unsigned char*, size_t>> live;
    for (int step = 0; step < 20000; ++step) {
        if (live.empty() || random() % 3) {
            size_t size = random() % 4 == 0 ? random() % 300000 : random() % 2000;
            auto* p = static_cast<unsigned char*>(RtlAllocateHeap(m_heap, 0, size));
            ASSERT_NE(p, nullptr);
            memset(p, static_cast<int>(size & 0xFF), size);
            live.push_back({p, size});
        } else {
            size_t index = random() % live.size();
            auto [p, size] = live[index];
            for (size_t i = 0; i < size; i += 97)
                ASSERT_EQ(p[i], static_cast<unsigned char>(size & 0xFF));
            ASSERT_TRUE(RtlFreeHeap(m_heap, 0, p));
            live[index] = live.back();
            live.pop_back();
        }
    }
    EXPECT_TRUE(RtlValidateHeap(m_heap, 0, nullptr));
    for (auto [p, size] : live)
        ASSERT_TRUE(RtlFreeHeap(m_heap, 0, p));
}

TEST_F(Heap, ConcurrentThreadsDoNotCorruptTheHeap) {
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([this, t] {
            std::vector<void*> mine;
            for (int i = 0; i < 20000; ++i) {
                void* p = RtlAllocateHeap(m_heap, 0, 16 + (i * 7 + t) % 700);
                ASSERT_NE(p, nullptr);
                mine.push_back(p);
                if (mine.size() > 50) {
                    ASSERT_TRUE(RtlFreeHeap(m_heap, 0, mine.front()));
                    mine.erase(mine.begin());
                }
            }
            for (void* p : mine)
                ASSERT_TRUE(RtlFreeHeap(m_heap, 0, p));
        });
    }
    for (auto& thread : threads)
        thread.join();
    EXPECT_TRUE(RtlValidateHeap(m_heap, 0, nullptr));
}
