#include "core/mm/PageStateTable.h"
#include "tests/core/mm/KernelHeapForTests.h"
#include "tests/core/mm/MmTestSupport.h"

using namespace halcyon;
using namespace halcyon::mm;

TEST(PageStateTable, UncommittedPagesTakeNoStorage) {
    PageStateTable table;
    EXPECT_FALSE(table.get(123456789).is_committed());
    table.set(5, PageState{}); // No storage, nothing to do.
    EXPECT_EQ(table.chunk_count(), 0u);
    // A reservation of 2^30 pages (4 TiB) costs nothing until pages are committed.
    EXPECT_EQ(table.run_length(0, 1ull << 30), 1ull << 30);
}

TEST(PageStateTable, StoresCommittedStatePerPage) {
    PageStateTable table;
    ASSERT_OK(table.reserve_storage(60, 10)); // Straddles two chunks.
    EXPECT_EQ(table.chunk_count(), 2u);
    table.set(63, PageState::committed(0xABC000, PAGE_READONLY));
    table.set(64, PageState::committed(0xDEF000, PAGE_EXECUTE_READ | PAGE_GUARD));
    EXPECT_EQ(table.get(63).frame(), 0xABC000u);
    EXPECT_EQ(table.get(63).protection(), PAGE_READONLY);
    EXPECT_EQ(table.get(64).protection(), PAGE_EXECUTE_READ | PAGE_GUARD);
    EXPECT_EQ(table.committed_count(), 2u);
    table.set(63, PageState{});
    EXPECT_EQ(table.committed_count(), 1u);
    table.prune();
    EXPECT_EQ(table.chunk_count(), 1u);
    EXPECT_EQ(table.get(64).frame(), 0xDEF000u);
}

TEST(PageStateTable, RunLengthStopsAtStateOrProtectionChanges) {
    PageStateTable table;
    ASSERT_OK(table.reserve_storage(0, 300));
    for (u64 i = 100; i < 200; ++i)
        table.set(i, PageState::committed(i * kPageSize, PAGE_READWRITE));
    table.set(150, table.get(150).with_protection(PAGE_READONLY));
    table.prune();
    EXPECT_EQ(table.run_length(0, 1000), 100u);
    EXPECT_EQ(table.run_length(100, 1000), 50u);
    EXPECT_EQ(table.run_length(150, 1000), 1u);
    EXPECT_EQ(table.run_length(151, 1000), 49u);
    EXPECT_EQ(table.run_length(200, 1000), 800u);
    EXPECT_EQ(table.run_length(120, 130), 10u); // The limit bounds the run.
    // The pending bit is bookkeeping, not an attribute.
    table.set(160, table.get(160).with_pending(true));
    EXPECT_EQ(table.run_length(151, 1000), 49u);
}

TEST(PageStateTable, ReserveStorageFailsCleanlyWhenTheHeapIsExhausted) {
    PageStateTable table;
    test::fail_kmalloc_after(1); // One chunk, then the heap runs dry.
    EXPECT_STATUS(table.reserve_storage(0, 64 * 4), status::NoMemory);
    test::stop_failing_kmalloc();
    table.prune();
    EXPECT_EQ(table.chunk_count(), 0u);
}
