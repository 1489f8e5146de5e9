#include "tests/core/mm/KernelHeapForTests.h"
#include "tests/core/mm/MmTestSupport.h"

#include <algorithm>
#include <cstring>
#include <vector>

using namespace halcyon;
using namespace halcyon::mm;
using halcyon::test::Harness;

// --- Reservation --------------------------------------------------------------------------------

TEST(AddressSpace, ReserveRoundsBaseDownTo64KiB) {
    Harness h;
    auto range = h.space.allocate(0x1234'5678, 0x100, MEM_RESERVE, PAGE_READWRITE);
    ASSERT_OK(range);
    EXPECT_EQ(range.value().base, 0x1234'0000u);
    // The end is rounded up from the caller's base: 0x12345678 + 0x100 -> 0x12346000.
    EXPECT_EQ(range.value().size, 0x6000u);
    auto info = h.query(0x1234'5678);
    EXPECT_EQ(info.base_address, 0x1234'5000u);
    EXPECT_EQ(info.allocation_base, 0x1234'0000u);
    EXPECT_EQ(info.region_size, 0x1000u);
    EXPECT_EQ(info.state, MEM_RESERVE);
    EXPECT_EQ(info.protect, 0u);
    EXPECT_EQ(info.allocation_protect, PAGE_READWRITE);
    EXPECT_EQ(info.type, MEM_PRIVATE);
}

TEST(AddressSpace, ReserveRoundsSizeUpToWholePages) {
    Harness h;
    auto range = h.space.allocate(0x100'0000, 1, MEM_RESERVE, PAGE_NOACCESS);
    ASSERT_OK(range);
    EXPECT_EQ(range.value().size, kPageSize);
    auto anywhere = h.space.allocate(0, 0x1001, MEM_RESERVE, PAGE_READONLY);
    ASSERT_OK(anywhere);
    EXPECT_EQ(anywhere.value().size, 0x2000u);
    EXPECT_EQ(anywhere.value().base % kAllocationGranularity, 0u);
}

TEST(AddressSpace, NullBaseFindsLowestFreeSpaceOnGranularity) {
    Harness h;
    auto first = h.space.allocate(0, kPageSize, MEM_RESERVE, PAGE_READWRITE);
    auto second = h.space.allocate(0, kPageSize, MEM_RESERVE, PAGE_READWRITE);
    ASSERT_OK(first);
    ASSERT_OK(second);
    EXPECT_EQ(first.value().base, kDefaultLowestUserAddress);
    // The rest of the first 64 KiB block is unusable for a new allocation.
    EXPECT_EQ(second.value().base, kDefaultLowestUserAddress + kAllocationGranularity);
}

TEST(AddressSpace, TopDownTakesHighestFreeSpace) {
    Harness h;
    auto range = h.space.allocate(0, 0x3000, MEM_RESERVE | MEM_TOP_DOWN, PAGE_READWRITE);
    ASSERT_OK(range);
    EXPECT_EQ(range.value().base, align_down(kDefaultUserAddressEnd - 0x3000, kAllocationGranularity));
    auto next = h.space.allocate(0, 0x3000, MEM_RESERVE | MEM_TOP_DOWN, PAGE_READWRITE);
    ASSERT_OK(next);
    EXPECT_EQ(next.value().base, range.value().base - kAllocationGranularity);
}

TEST(AddressSpace, NullBaseSkipsGapsThatAreTooSmall) {
    Harness h;
    ASSERT_OK(h.space.allocate(0x20000, kPageSize, MEM_RESERVE, PAGE_READWRITE));
    // [0x10000, 0x20000) is 64 KiB; 128 KiB must go after the first allocation.
    auto range = h.space.allocate(0, 0x20000, MEM_RESERVE, PAGE_READWRITE);
    ASSERT_OK(range);
    EXPECT_EQ(range.value().base, 0x30000u);
}

TEST(AddressSpace, ReserveOverAnExistingAllocationConflicts) {
    Harness h;
    ASSERT_OK(h.space.allocate(0x50000, 0x20000, MEM_RESERVE, PAGE_READWRITE));
    EXPECT_STATUS(h.space.allocate(0x60000, 0x1000, MEM_RESERVE, PAGE_READWRITE),
                  status::ConflictingAddresses);
    // Rounded down to 0x40000, its end 0x51000 overlaps.
    EXPECT_STATUS(h.space.allocate(0x4F000, 0x2000, MEM_RESERVE, PAGE_READWRITE),
                  status::ConflictingAddresses);
    // 0x6F800 rounds down to 0x60000, inside the allocation.
    EXPECT_STATUS(h.space.allocate(0x6F800, 0x1000, MEM_RESERVE, PAGE_READWRITE),
                  status::ConflictingAddresses);
    EXPECT_OK(h.space.allocate(0x70000, 0x1000, MEM_RESERVE, PAGE_READWRITE)); // Adjacent.
    EXPECT_EQ(h.space.allocation_count(), 2u);
}

TEST(AddressSpace, ZeroSizeIsInvalidParameter) {
    Harness h;
    EXPECT_STATUS(h.space.allocate(0, 0, MEM_RESERVE, PAGE_READWRITE), status::InvalidParameter);
    EXPECT_STATUS(h.space.allocate(0x100000, 0, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE),
                  status::InvalidParameter);
    u64 base = h.commit_anywhere(kPageSize);
    EXPECT_STATUS(h.space.protect(base, 0, PAGE_READONLY), status::InvalidParameter);
    EXPECT_EQ(h.space.allocation_count(), 1u);
}

TEST(AddressSpace, BasePlusSizeOverflowIsInvalidParameter) {
    Harness h;
    EXPECT_STATUS(h.space.allocate(0x100000, ~0ull, MEM_RESERVE, PAGE_READWRITE), status::InvalidParameter);
    EXPECT_STATUS(h.space.allocate(0x100000, ~0ull - 0xFFFFF, MEM_RESERVE, PAGE_READWRITE),
                  status::InvalidParameter);
    EXPECT_STATUS(h.space.allocate(0, ~0ull, MEM_RESERVE, PAGE_READWRITE), status::InvalidParameter);
    u64 base = h.commit_anywhere(kPageSize);
    EXPECT_STATUS(h.space.protect(base, ~0ull, PAGE_READONLY), status::InvalidParameter);
    EXPECT_STATUS(h.space.free(base, ~0ull, MEM_DECOMMIT), status::InvalidParameter);
    EXPECT_STATUS(h.space.allocate(base, ~0ull, MEM_COMMIT, PAGE_READWRITE), status::InvalidParameter);
    h.expect_consistent();
}

TEST(AddressSpace, AddressesOutsideTheUserRangeAreInvalidParameter) {
    Harness h;
    // Below the first 64 KiB, straddling the end, past the end, and kernel addresses.
    EXPECT_STATUS(h.space.allocate(0x1000, kPageSize, MEM_RESERVE, PAGE_READWRITE), status::InvalidParameter);
    EXPECT_STATUS(h.space.allocate(0xFFFF, 0x2000, MEM_RESERVE, PAGE_READWRITE), status::InvalidParameter);
    EXPECT_STATUS(h.space.allocate(kDefaultUserAddressEnd - 0x1000, 0x2000, MEM_RESERVE, PAGE_READWRITE),
                  status::InvalidParameter);
    EXPECT_STATUS(h.space.allocate(kDefaultUserAddressEnd, 0x1000, MEM_RESERVE, PAGE_READWRITE),
                  status::InvalidParameter);
    EXPECT_STATUS(h.space.allocate(0xFFFF'8000'0000'0000, 0x1000, MEM_RESERVE, PAGE_READWRITE),
                  status::InvalidParameter);
    EXPECT_STATUS(h.space.free(0xFFFF'8000'0000'0000, 0, MEM_RELEASE), status::InvalidParameter);
    EXPECT_STATUS(h.space.query(kDefaultUserAddressEnd), status::InvalidParameter);
    // The very top of user space is usable.
    auto top = h.space.allocate(kDefaultUserAddressEnd - 0x10000, 0x10000, MEM_RESERVE, PAGE_READWRITE);
    ASSERT_OK(top);
    EXPECT_EQ(top.value().end(), kDefaultUserAddressEnd);
    EXPECT_EQ(h.space.allocation_count(), 1u);
}

TEST(AddressSpace, HostedLimitRestrictsTheUserRange) {
    constexpr u64 kHostedEnd = 0x4000'0000'0000;
    Harness h(64, kDefaultLowestUserAddress, kHostedEnd);
    EXPECT_EQ(h.space.user_address_end(), kHostedEnd);
    EXPECT_STATUS(h.space.allocate(kHostedEnd, kPageSize, MEM_RESERVE, PAGE_READWRITE),
                  status::InvalidParameter);
    auto top = h.space.allocate(0, kPageSize, MEM_RESERVE | MEM_TOP_DOWN, PAGE_READWRITE);
    ASSERT_OK(top);
    EXPECT_EQ(top.value().base, kHostedEnd - kAllocationGranularity);
    auto info = h.query(0);
    EXPECT_EQ(info.state, MEM_FREE);
    EXPECT_EQ(info.region_size, kHostedEnd - kAllocationGranularity);
}

TEST(AddressSpace, ReservingMoreThanTheUserRangeFails) {
    Harness h(16, 0x10000, 0x100000);
    EXPECT_STATUS(h.space.allocate(0, 0x100000, MEM_RESERVE, PAGE_READWRITE), status::InvalidParameter);
    ASSERT_OK(h.space.allocate(0, 0xF0000, MEM_RESERVE, PAGE_READWRITE));
    EXPECT_STATUS(h.space.allocate(0, 0x1000, MEM_RESERVE, PAGE_READWRITE), status::NoMemory);
}

TEST(AddressSpace, AllocationTypeIsValidated) {
    Harness h;
    EXPECT_STATUS(h.space.allocate(0, kPageSize, 0, PAGE_READWRITE), status::InvalidParameter);
    EXPECT_STATUS(h.space.allocate(0, kPageSize, MEM_TOP_DOWN, PAGE_READWRITE), status::InvalidParameter);
    EXPECT_STATUS(h.space.allocate(0, kPageSize, MEM_COMMIT | 0x1, PAGE_READWRITE), status::InvalidParameter);
    EXPECT_STATUS(h.space.allocate(0, kPageSize, MEM_RESET | MEM_COMMIT, PAGE_READWRITE),
                  status::InvalidParameter);
    EXPECT_STATUS(h.space.allocate(0, kPageSize, MEM_RESET | MEM_RESET_UNDO, PAGE_READWRITE),
                  status::InvalidParameter);
    EXPECT_STATUS(h.space.allocate(0, kPageSize, MEM_COMMIT | MEM_RESERVE | MEM_LARGE_PAGES, PAGE_READWRITE),
                  status::NotSupported);
    EXPECT_STATUS(h.space.allocate(0, kPageSize, MEM_RESERVE | MEM_WRITE_WATCH, PAGE_READWRITE),
                  status::NotSupported);
    EXPECT_EQ(h.space.allocation_count(), 0u);
}

TEST(AddressSpace, InvalidProtectionCreatesNothing) {
    Harness h;
    EXPECT_STATUS(h.space.allocate(0, kPageSize, MEM_RESERVE, 0), status::InvalidPageProtection);
    EXPECT_STATUS(h.space.allocate(0, kPageSize, MEM_RESERVE | MEM_COMMIT, PAGE_READONLY | PAGE_READWRITE),
                  status::InvalidPageProtection);
    EXPECT_STATUS(h.space.allocate(0, kPageSize, MEM_RESERVE | MEM_COMMIT, PAGE_WRITECOPY),
                  status::InvalidPageProtection);
    EXPECT_STATUS(h.space.allocate(0, kPageSize, MEM_RESERVE, PAGE_NOACCESS | PAGE_GUARD),
                  status::InvalidPageProtection);
    EXPECT_EQ(h.space.allocation_count(), 0u);
    h.expect_consistent();
}

// --- Commit -------------------------------------------------------------------------------------

TEST(AddressSpace, CommitInsideReservationOnly) {
    Harness h;
    ASSERT_OK(h.space.allocate(0x100000, 0x4000, MEM_RESERVE, PAGE_READWRITE));
    // Free memory cannot be committed without MEM_RESERVE.
    EXPECT_STATUS(h.space.allocate(0x200000, kPageSize, MEM_COMMIT, PAGE_READWRITE),
                  status::ConflictingAddresses);
    // Nor can a range that runs past the reservation.
    EXPECT_STATUS(h.space.allocate(0x103000, 0x2000, MEM_COMMIT, PAGE_READWRITE),
                  status::ConflictingAddresses);
    EXPECT_EQ(h.space.committed_pages(), 0u);
    // Unaligned inputs cover every page they touch: 0x101FFF..0x102001 is two pages.
    auto range = h.space.allocate(0x101FFF, 2, MEM_COMMIT, PAGE_READWRITE);
    ASSERT_OK(range);
    EXPECT_EQ(range.value().base, 0x101000u);
    EXPECT_EQ(range.value().size, 0x2000u);
    EXPECT_EQ(h.space.committed_pages(), 2u);
    h.expect_consistent();
}

TEST(AddressSpace, CommitAcrossTwoAdjacentReservationsConflicts) {
    Harness h;
    ASSERT_OK(h.space.allocate(0x100000, 0x10000, MEM_RESERVE, PAGE_READWRITE));
    ASSERT_OK(h.space.allocate(0x110000, 0x10000, MEM_RESERVE, PAGE_READWRITE));
    EXPECT_STATUS(h.space.allocate(0x10F000, 0x2000, MEM_COMMIT, PAGE_READWRITE),
                  status::ConflictingAddresses);
    EXPECT_EQ(h.space.committed_pages(), 0u);
}

TEST(AddressSpace, NullBaseWithCommitAloneAlsoReserves) {
    Harness h;
    auto range = h.space.allocate(0, 0x2000, MEM_COMMIT, PAGE_READWRITE);
    ASSERT_OK(range);
    auto info = h.query(range.value().base);
    EXPECT_EQ(info.state, MEM_COMMIT);
    EXPECT_EQ(info.region_size, 0x2000u);
    EXPECT_EQ(info.allocation_base, range.value().base);
}

TEST(AddressSpace, ReserveAndCommitAtAnAddressCommitsTheWholeRoundedRange) {
    Harness h;
    auto range = h.space.allocate(0x10'8000, 0x1000, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
    ASSERT_OK(range);
    EXPECT_EQ(range.value().base, 0x10'0000u);
    EXPECT_EQ(range.value().size, 0x9000u);
    EXPECT_EQ(h.space.committed_pages(), 9u);
    h.expect_consistent();
}

TEST(AddressSpace, CommittedMemoryReadsAsZero) {
    Harness h;
    u64 base = h.commit_anywhere(0x3000);
    std::vector<u8> buffer(0x3000, 0xAA);
    ASSERT_OK(h.space.read(base, Bytes(buffer.data(), buffer.size())));
    EXPECT_EQ(std::count(buffer.begin(), buffer.end(), 0), 0x3000);

    // Scribble, decommit, recommit: the new frame is zeroed again.
    std::vector<u8> junk(0x1000, 0x5A);
    ASSERT_OK(h.space.write(base, ReadonlyBytes(junk.data(), junk.size())));
    ASSERT_OK(h.space.free(base, 0x1000, MEM_DECOMMIT));
    ASSERT_OK(h.space.allocate(base, 0x1000, MEM_COMMIT, PAGE_READWRITE));
    ASSERT_OK(h.space.read(base, Bytes(buffer.data(), 0x1000)));
    EXPECT_EQ(std::count(buffer.begin(), buffer.begin() + 0x1000, 0), 0x1000);
}

TEST(AddressSpace, RecommitKeepsContentsAndTakesTheNewProtection) {
    Harness h;
    u64 base = h.commit_anywhere(0x2000);
    const u8 marker[] = {1, 2, 3, 4};
    ASSERT_OK(h.space.write(base + 0x1000, ReadonlyBytes(marker)));
    u64 free_before = h.frames.free_frames();
    ASSERT_OK(h.space.allocate(base, 0x2000, MEM_COMMIT, PAGE_READONLY));
    EXPECT_EQ(h.frames.free_frames(), free_before); // No new frames.
    u8 back[4] = {};
    ASSERT_OK(h.space.read(base + 0x1000, Bytes(back)));
    EXPECT_EQ(std::memcmp(back, marker, 4), 0);
    auto info = h.query(base);
    EXPECT_EQ(info.protect, PAGE_READONLY);
    EXPECT_EQ(info.region_size, 0x2000u);
    EXPECT_EQ(h.backend.mapping(base)->protection, PAGE_READONLY);
    EXPECT_EQ(h.backend.mapping(base + 0x1000)->protection, PAGE_READONLY);
    h.expect_consistent();
}

TEST(AddressSpace, CommitMapsContiguousFramesInOneBackendCall) {
    Harness h;
    u64 maps_before = h.backend.map_calls;
    u64 base = h.commit_anywhere(16 * kPageSize);
    // A fresh pool hands out consecutive frames, so one map covers all 16 pages.
    EXPECT_EQ(h.backend.map_calls - maps_before, 1u);
    for (u64 i = 0; i < 16; ++i) {
        auto* mapping = h.backend.mapping(base + i * kPageSize);
        ASSERT_NE(mapping, nullptr);
        EXPECT_EQ(mapping->protection, PAGE_READWRITE);
    }
    h.expect_consistent();
}

TEST(AddressSpace, CommitFailureForLackOfFramesRollsBackEverything) {
    Harness h(8);
    ASSERT_OK(h.space.allocate(0x100000, 0x10000, MEM_RESERVE, PAGE_READWRITE));
    ASSERT_OK(h.space.allocate(0x102000, 0x2000, MEM_COMMIT, PAGE_READONLY));
    // 16 pages wanted, 2 already committed, only 6 frames left.
    EXPECT_STATUS(h.space.allocate(0x100000, 0x10000, MEM_COMMIT, PAGE_READWRITE), status::NoMemory);
    EXPECT_EQ(h.space.committed_pages(), 2u);
    EXPECT_EQ(h.frames.free_frames(), 6u);
    // The pages that were committed before kept their protection.
    EXPECT_EQ(h.query(0x102000).protect, PAGE_READONLY);
    EXPECT_EQ(h.query(0x100000).state, MEM_RESERVE);
    h.expect_consistent();
}

TEST(AddressSpace, CommitFailureInTheBackendRollsBackEverything) {
    Harness h;
    ASSERT_OK(h.space.allocate(0x100000, 0x10000, MEM_RESERVE, PAGE_READWRITE));
    ASSERT_OK(h.space.allocate(0x104000, 0x1000, MEM_COMMIT, PAGE_READWRITE));
    u64 free_before = h.frames.free_frames();
    // Pages 0-3 map as one run; the run after the committed page 4 fails, so the first run must
    // be unmapped again.
    h.backend.map_calls_until_failure = 1;
    EXPECT_STATUS(h.space.allocate(0x100000, 0x10000, MEM_COMMIT, PAGE_READWRITE), status::NoMemory);
    EXPECT_EQ(h.frames.free_frames(), free_before);
    EXPECT_EQ(h.space.committed_pages(), 1u);
    h.expect_consistent();
}

TEST(AddressSpace, ReserveAndCommitFailureLeavesNoAllocation) {
    Harness h(4);
    EXPECT_STATUS(h.space.allocate(0, 0x10000, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE), status::NoMemory);
    EXPECT_EQ(h.space.allocation_count(), 0u);
    EXPECT_EQ(h.query(kDefaultLowestUserAddress).state, MEM_FREE);
    h.expect_consistent();
}

TEST(AddressSpace, HeapExhaustionIsNoMemoryAndChangesNothing) {
    Harness h;
    for (long successes = 0; successes < 4; ++successes) {
        test::fail_kmalloc_after(successes);
        auto range = h.space.allocate(0, 0x40000, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
        test::stop_failing_kmalloc();
        if (range.is_error()) {
            EXPECT_STATUS(range, status::NoMemory);
            EXPECT_EQ(h.space.allocation_count(), 0u);
        } else {
            ASSERT_OK(h.space.free(range.value().base, 0, MEM_RELEASE));
        }
        h.expect_consistent();
    }
}

// --- Free -----------------------------------------------------------------------------------------

TEST(AddressSpace, ReleaseRequiresAllocationBase) {
    Harness h;
    u64 base = h.commit_anywhere(0x3000);
    EXPECT_STATUS(h.space.free(base + 0x1000, 0, MEM_RELEASE), mm_status::FreeVmNotAtBase);
    EXPECT_STATUS(h.space.free(base, 0x3000, MEM_RELEASE), status::InvalidParameter);
    EXPECT_STATUS(h.space.free(base + 0x100000, 0, MEM_RELEASE), status::MemoryNotAllocated);
    EXPECT_EQ(h.space.committed_pages(), 3u);
    // Any address in the first page names the base, as NT rounds it down.
    auto released = h.space.free(base + 0x123, 0, MEM_RELEASE);
    ASSERT_OK(released);
    EXPECT_EQ(released.value().base, base);
    EXPECT_EQ(released.value().size, 0x3000u);
    EXPECT_STATUS(h.space.free(base, 0, MEM_RELEASE), status::MemoryNotAllocated);
    h.expect_consistent();
}

TEST(AddressSpace, ReleaseReturnsFramesAndFreesTheRange) {
    Harness h;
    u64 free_before = h.frames.free_frames();
    u64 base = h.commit_anywhere(0x5000);
    EXPECT_EQ(h.frames.free_frames(), free_before - 5);
    ASSERT_OK(h.space.free(base, 0, MEM_RELEASE));
    EXPECT_EQ(h.frames.free_frames(), free_before);
    EXPECT_TRUE(h.backend.mappings.empty());
    EXPECT_EQ(h.query(base).state, MEM_FREE);
    // The same address can be reserved again.
    EXPECT_OK(h.space.allocate(base, 0x1000, MEM_RESERVE, PAGE_READWRITE));
}

TEST(AddressSpace, FreeTypeMustBeExactlyReleaseOrDecommit) {
    Harness h;
    u64 base = h.commit_anywhere(kPageSize);
    EXPECT_STATUS(h.space.free(base, 0, 0), status::InvalidParameter);
    EXPECT_STATUS(h.space.free(base, 0, MEM_RELEASE | MEM_DECOMMIT), status::InvalidParameter);
    EXPECT_STATUS(h.space.free(base, 0, MEM_FREE), status::InvalidParameter);
    EXPECT_EQ(h.space.committed_pages(), 1u);
}

TEST(AddressSpace, DecommitLeavesTheReservation) {
    Harness h;
    u64 base = h.commit_anywhere(0x4000);
    auto range = h.space.free(base + 0x1800, 0x1000, MEM_DECOMMIT); // Touches pages 1 and 2.
    ASSERT_OK(range);
    EXPECT_EQ(range.value().base, base + 0x1000);
    EXPECT_EQ(range.value().size, 0x2000u);
    EXPECT_EQ(h.query(base).state, MEM_COMMIT);
    auto middle = h.query(base + 0x1000);
    EXPECT_EQ(middle.state, MEM_RESERVE);
    EXPECT_EQ(middle.region_size, 0x2000u);
    EXPECT_EQ(middle.allocation_base, base);
    EXPECT_EQ(h.query(base + 0x3000).state, MEM_COMMIT);
    EXPECT_EQ(h.backend.mapping(base + 0x1000), nullptr);
    // Decommitting reserved pages again is fine.
    EXPECT_OK(h.space.free(base + 0x1000, 0x2000, MEM_DECOMMIT));
    h.expect_consistent();
}

TEST(AddressSpace, DecommitWithZeroSizeRunsToTheEndOfTheAllocation) {
    Harness h;
    u64 base = h.commit_anywhere(0x4000);
    auto range = h.space.free(base + 0x1000, 0, MEM_DECOMMIT);
    ASSERT_OK(range);
    EXPECT_EQ(range.value().size, 0x3000u);
    EXPECT_EQ(h.space.committed_pages(), 1u);
    h.expect_consistent();
}

TEST(AddressSpace, DecommitCannotCrossTheEndOfAnAllocation) {
    Harness h;
    ASSERT_OK(h.space.allocate(0x100000, 0x10000, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE));
    ASSERT_OK(h.space.allocate(0x110000, 0x10000, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE));
    EXPECT_STATUS(h.space.free(0x10F000, 0x2000, MEM_DECOMMIT), status::UnableToFreeVm);
    EXPECT_STATUS(h.space.free(0x200000, 0x1000, MEM_DECOMMIT), status::MemoryNotAllocated);
    EXPECT_EQ(h.space.committed_pages(), 32u);
}

TEST(AddressSpace, ViewsAreRemovedByUnmapViewNotByFree) {
    Harness h;
    auto image =
        h.space.allocate(0x40'0000, 0x3000, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE, RegionType::Image);
    ASSERT_OK(image);
    u64 base = h.commit_anywhere(kPageSize);
    EXPECT_STATUS(h.space.free(0x40'0000, 0, MEM_RELEASE), status::UnableToFreeVm);
    EXPECT_STATUS(h.space.free(0x40'0000, 0x1000, MEM_DECOMMIT), status::UnableToFreeVm);
    EXPECT_STATUS(h.space.unmap_view(base), status::NotMappedView);
    EXPECT_STATUS(h.space.unmap_view(0x50'0000), status::NotMappedView);
    EXPECT_OK(h.space.unmap_view(0x40'1234)); // Any address inside the view.
    EXPECT_EQ(h.query(0x40'0000).state, MEM_FREE);
    h.expect_consistent();
}

TEST(AddressSpace, UserCommitCannotTargetAnImage) {
    Harness h;
    ASSERT_OK(h.space.allocate(0x40'0000, 0x10000, MEM_RESERVE, PAGE_READWRITE, RegionType::Image));
    EXPECT_STATUS(h.space.allocate(0x40'0000, 0x1000, MEM_COMMIT, PAGE_READWRITE),
                  status::ConflictingAddresses);
    EXPECT_OK(h.space.allocate(0x40'0000, 0x1000, MEM_COMMIT, PAGE_READWRITE, RegionType::Image));
}

TEST(AddressSpace, MemResetIsAcceptedAndKeepsContents) {
    Harness h;
    u64 base = h.commit_anywhere(0x2000);
    const u8 marker[] = {9, 8, 7};
    ASSERT_OK(h.space.write(base, ReadonlyBytes(marker)));
    EXPECT_OK(h.space.allocate(base, 0x2000, MEM_RESET, PAGE_NOACCESS));
    EXPECT_STATUS(h.space.allocate(base + 0x100000, 0x1000, MEM_RESET, PAGE_NOACCESS),
                  status::ConflictingAddresses);
    EXPECT_STATUS(h.space.allocate(0, 0x1000, MEM_RESET, PAGE_NOACCESS), status::InvalidParameter);
    u8 back[3] = {};
    ASSERT_OK(h.space.read(base, Bytes(back)));
    EXPECT_EQ(std::memcmp(back, marker, 3), 0);
    EXPECT_EQ(h.query(base).protect, PAGE_READWRITE);
}

// --- Protect -------------------------------------------------------------------------------------

TEST(AddressSpace, ProtectReturnsTheOldProtectionOfTheFirstPage) {
    Harness h;
    u64 base = h.commit_anywhere(0x3000, PAGE_READWRITE);
    ASSERT_OK(h.space.protect(base + 0x1000, 0x1000, PAGE_EXECUTE_READ));
    auto result = h.space.protect(base + 0x800, 0x1000, PAGE_READONLY | PAGE_GUARD);
    ASSERT_OK(result);
    EXPECT_EQ(result.value().old_protection, PAGE_READWRITE);
    EXPECT_EQ(result.value().range.base, base);
    EXPECT_EQ(result.value().range.size, 0x2000u);
    auto again = h.space.protect(base, 0x1000, PAGE_READWRITE);
    ASSERT_OK(again);
    EXPECT_EQ(again.value().old_protection, PAGE_READONLY | PAGE_GUARD);
    EXPECT_EQ(h.backend.mapping(base + 0x1000)->protection, PAGE_READONLY | PAGE_GUARD);
    h.expect_consistent();
}

TEST(AddressSpace, ProtectRequiresEveryPageCommitted) {
    Harness h;
    ASSERT_OK(h.space.allocate(0x100000, 0x4000, MEM_RESERVE, PAGE_READWRITE));
    ASSERT_OK(h.space.allocate(0x100000, 0x1000, MEM_COMMIT, PAGE_READWRITE));
    ASSERT_OK(h.space.allocate(0x102000, 0x1000, MEM_COMMIT, PAGE_READWRITE));
    EXPECT_STATUS(h.space.protect(0x100000, 0x3000, PAGE_READONLY), mm_status::NotCommitted);
    EXPECT_STATUS(h.space.protect(0x101000, 0x1000, PAGE_READONLY), mm_status::NotCommitted);
    // Nothing changed on failure.
    EXPECT_EQ(h.query(0x100000).protect, PAGE_READWRITE);
    EXPECT_EQ(h.query(0x102000).protect, PAGE_READWRITE);
}

TEST(AddressSpace, ProtectCannotSpanAllocationsOrFreeMemory) {
    Harness h;
    ASSERT_OK(h.space.allocate(0x100000, 0x10000, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE));
    ASSERT_OK(h.space.allocate(0x110000, 0x10000, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE));
    EXPECT_STATUS(h.space.protect(0x10F000, 0x2000, PAGE_READONLY), status::ConflictingAddresses);
    EXPECT_STATUS(h.space.protect(0x300000, 0x1000, PAGE_READONLY), status::ConflictingAddresses);
    EXPECT_EQ(h.query(0x10F000).protect, PAGE_READWRITE);
}

TEST(AddressSpace, ProtectValidatesTheProtectionForTheAllocation) {
    Harness h;
    u64 base = h.commit_anywhere(kPageSize);
    EXPECT_STATUS(h.space.protect(base, kPageSize, PAGE_WRITECOPY), status::InvalidPageProtection);
    EXPECT_STATUS(h.space.protect(base, kPageSize, 0), status::InvalidPageProtection);
    EXPECT_STATUS(h.space.protect(base, kPageSize, PAGE_READONLY | PAGE_EXECUTE),
                  status::InvalidPageProtection);
    ASSERT_OK(
        h.space.allocate(0x40'0000, 0x2000, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE, RegionType::Image));
    EXPECT_OK(h.space.protect(0x40'0000, 0x1000, PAGE_EXECUTE_WRITECOPY));
    EXPECT_EQ(h.query(0x40'0000).protect, PAGE_EXECUTE_WRITECOPY);
    EXPECT_EQ(h.query(0x40'0000).type, MEM_IMAGE);
}

// --- Query ----------------------------------------------------------------------------------------

TEST(AddressSpace, QueryReportsRunsOfEqualProtection) {
    Harness h;
    ASSERT_OK(h.space.allocate(0x100000, 0x8000, MEM_RESERVE, PAGE_EXECUTE_READWRITE));
    ASSERT_OK(h.space.allocate(0x100000, 0x3000, MEM_COMMIT, PAGE_READWRITE));
    ASSERT_OK(h.space.allocate(0x103000, 0x2000, MEM_COMMIT, PAGE_READONLY));
    ASSERT_OK(h.space.protect(0x101000, 0x1000, PAGE_READWRITE | PAGE_GUARD));

    struct Expected {
        u64 base, size;
        u32 state, protect;
    };
    const Expected runs[] = {
        {0x100000, 0x1000, MEM_COMMIT, PAGE_READWRITE},
        {0x101000, 0x1000, MEM_COMMIT, PAGE_READWRITE | PAGE_GUARD},
        {0x102000, 0x1000, MEM_COMMIT, PAGE_READWRITE},
        {0x103000, 0x2000, MEM_COMMIT, PAGE_READONLY},
        {0x105000, 0x3000, MEM_RESERVE, 0},
    };
    for (const Expected& run : runs) {
        auto info = h.query(run.base);
        EXPECT_EQ(info.base_address, run.base);
        EXPECT_EQ(info.region_size, run.size) << std::hex << run.base;
        EXPECT_EQ(info.state, run.state) << std::hex << run.base;
        EXPECT_EQ(info.protect, run.protect) << std::hex << run.base;
        EXPECT_EQ(info.allocation_base, 0x100000u);
        EXPECT_EQ(info.allocation_protect, PAGE_EXECUTE_READWRITE);
        EXPECT_EQ(info.type, MEM_PRIVATE);
    }
    // A query in the middle of a run reports from its own page to the end of the run.
    auto middle = h.query(0x104ABC);
    EXPECT_EQ(middle.base_address, 0x104000u);
    EXPECT_EQ(middle.region_size, 0x1000u);
    // The next allocation is free memory, even though it starts inside the same 64 KiB block.
    auto after = h.query(0x108000);
    EXPECT_EQ(after.state, MEM_FREE);
}

TEST(AddressSpace, QueryOfFreeMemoryRunsToTheNextAllocation) {
    Harness h;
    ASSERT_OK(h.space.allocate(0x200000, 0x1000, MEM_RESERVE, PAGE_READWRITE));
    auto info = h.query(0x12345);
    EXPECT_EQ(info.base_address, 0x12000u);
    EXPECT_EQ(info.region_size, 0x200000u - 0x12000u);
    EXPECT_EQ(info.state, MEM_FREE);
    EXPECT_EQ(info.protect, PAGE_NOACCESS);
    EXPECT_EQ(info.allocation_base, 0u);
    EXPECT_EQ(info.allocation_protect, 0u);
    EXPECT_EQ(info.type, 0u);
    auto tail = h.query(0x201000);
    EXPECT_EQ(tail.region_size, kDefaultUserAddressEnd - 0x201000);
    // Below the lowest user address is free too (Windows answers for address 0 as well).
    EXPECT_EQ(h.query(0).state, MEM_FREE);
}

TEST(AddressSpace, QueryResultsTileTheUserRange) {
    Harness h;
    ASSERT_OK(h.space.allocate(0x100000, 0x20000, MEM_RESERVE, PAGE_READWRITE));
    ASSERT_OK(h.space.allocate(0x104000, 0x3000, MEM_COMMIT, PAGE_READONLY));
    ASSERT_OK(h.space.allocate(0x120000, 0x1000, MEM_RESERVE | MEM_COMMIT, PAGE_EXECUTE_READ));
    ASSERT_OK(h.space.allocate(0, 0x5000, MEM_RESERVE | MEM_COMMIT | MEM_TOP_DOWN, PAGE_READWRITE));
    u64 va = 0;
    int steps = 0;
    u32 previous_state = 0;
    u32 previous_protect = 0;
    u64 previous_allocation = ~0ull;
    while (va < kDefaultUserAddressEnd) {
        auto info = h.query(va);
        ASSERT_EQ(info.base_address, va);
        ASSERT_GT(info.region_size, 0u);
        ASSERT_EQ(info.region_size % kPageSize, 0u);
        // Runs are maximal: neighbours within one allocation differ.
        if (steps > 0 && info.allocation_base == previous_allocation && info.state != MEM_FREE)
            EXPECT_TRUE(info.state != previous_state || info.protect != previous_protect) << std::hex << va;
        previous_state = info.state;
        previous_protect = info.protect;
        previous_allocation = info.allocation_base;
        va += info.region_size;
        ASSERT_LT(++steps, 100);
    }
    EXPECT_EQ(va, kDefaultUserAddressEnd);
    // free, reserved, READONLY, reserved, EXECUTE_READ, free, READWRITE (top-down), free.
    EXPECT_EQ(steps, 8);
}

TEST(AddressSpace, HugeReservationsCostNoPerPageMemory) {
    Harness h;
    long heap_before = test::live_kmalloc_count();
    auto range = h.space.allocate(0, 1ull << 40, MEM_RESERVE, PAGE_READWRITE); // 1 TiB.
    ASSERT_OK(range);
    EXPECT_LE(test::live_kmalloc_count() - heap_before, 2);
    auto info = h.query(range.value().base + 0x1000);
    EXPECT_EQ(info.region_size, (1ull << 40) - 0x1000);
    ASSERT_OK(h.space.allocate(range.value().base + (1ull << 39), 0x1000, MEM_COMMIT, PAGE_READWRITE));
    EXPECT_EQ(h.query(range.value().base).region_size, 1ull << 39);
    ASSERT_OK(h.space.free(range.value().base, 0, MEM_RELEASE));
    // Only the allocation directory's buffer outlives the release (vectors keep their capacity).
    EXPECT_EQ(test::live_kmalloc_count(), heap_before + 1);
    h.expect_consistent();
}

// --- Kernel access --------------------------------------------------------------------------------

TEST(AddressSpace, WriteAndReadGoThroughThePhysicalWindowAcrossPages) {
    Harness h;
    u64 base = h.commit_anywhere(0x3000, PAGE_READONLY);
    std::vector<u8> data(0x1800);
    for (size_t i = 0; i < data.size(); ++i)
        data[i] = static_cast<u8>(i * 7);
    // Kernel writes ignore user protection (the image loader fills read-only sections).
    ASSERT_OK(h.space.write(base + 0xC00, ReadonlyBytes(data.data(), data.size())));
    std::vector<u8> back(data.size());
    ASSERT_OK(h.space.read(base + 0xC00, Bytes(back.data(), back.size())));
    EXPECT_EQ(back, data);
    // The bytes are in the frames the backend mapped.
    const auto* mapping = h.backend.mapping(base + 0x1000);
    ASSERT_NE(mapping, nullptr);
    EXPECT_EQ(h.backend.phys_to_virt(mapping->phys)[0], data[0x400]);
}

TEST(AddressSpace, WriteToAnUncommittedPageFailsWithoutWritingAnything) {
    Harness h;
    ASSERT_OK(h.space.allocate(0x100000, 0x3000, MEM_RESERVE, PAGE_READWRITE));
    ASSERT_OK(h.space.allocate(0x100000, 0x1000, MEM_COMMIT, PAGE_READWRITE));
    std::vector<u8> data(0x1100, 0xEE);
    EXPECT_STATUS(h.space.write(0x100000, ReadonlyBytes(data.data(), data.size())), status::AccessViolation);
    u8 first = 0xFF;
    ASSERT_OK(h.space.read(0x100000, Bytes(&first, 1)));
    EXPECT_EQ(first, 0);
    EXPECT_STATUS(h.space.read(0x300000, Bytes(&first, 1)), status::AccessViolation);
    EXPECT_STATUS(h.space.read(~0ull - 2, Bytes(data.data(), 16)), status::AccessViolation);
    EXPECT_STATUS(h.space.read(0x8000, Bytes(&first, 1)), status::AccessViolation);
    EXPECT_OK(h.space.write(0x300000, ReadonlyBytes())); // Nothing to write, nothing to check.
}

// --- Teardown -------------------------------------------------------------------------------------

TEST(AddressSpace, TeardownReturnsAllFrames) {
    test::FakePageTableBackend backend(test::kTestPhysBase, 128);
    PhysicalAllocator frames;
    ASSERT_OK(frames.add_range(test::kTestPhysBase, 128 * kPageSize));
    long heap_before = test::live_kmalloc_count();
    {
        test::TestAddressSpace space(backend, frames);
        ASSERT_OK(space.allocate(0, 0x20000, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE));
        ASSERT_OK(space.allocate(0x4000'0000, 0x100000, MEM_RESERVE, PAGE_READWRITE));
        ASSERT_OK(space.allocate(0x4000'8000, 0x8000, MEM_COMMIT, PAGE_EXECUTE_READ));
        ASSERT_OK(
            space.allocate(0x40'0000, 0x6000, MEM_RESERVE | MEM_COMMIT, PAGE_READONLY, RegionType::Image));
        EXPECT_EQ(frames.free_frames(), 128u - 32 - 8 - 6);
    }
    EXPECT_EQ(frames.free_frames(), 128u);
    EXPECT_TRUE(backend.mappings.empty());
    EXPECT_EQ(test::live_kmalloc_count(), heap_before);
    EXPECT_EQ(backend.contract_violations, 0u);
}

TEST(AddressSpace, ReleaseAllEmptiesTheSpaceAndItStaysUsable) {
    Harness h;
    h.commit_anywhere(0x10000);
    h.commit_anywhere(0x10000);
    h.space.release_all();
    EXPECT_EQ(h.space.allocation_count(), 0u);
    h.expect_consistent();
    h.commit_anywhere(0x1000);
    h.expect_consistent();
}

// --- Views of data sections -----------------------------------------------------------------

namespace {

struct ViewOwnerProbe {
    int acquired{0};
    int released{0};
    static void acquire(void* context) { ++static_cast<ViewOwnerProbe*>(context)->acquired; }
    static void release(void* context) { ++static_cast<ViewOwnerProbe*>(context)->released; }
    ViewOwner owner(u64 first_page) { return ViewOwner{this, acquire, release, first_page}; }
};

} // namespace

TEST(AddressSpace, ViewsMapBorrowedFramesAndGiveThemBack) {
    Harness h;
    u64 lent[3];
    for (u64& frame : lent)
        frame = h.frames.allocate_frame().value();
    u64 free_before = h.frames.free_frames();
    ViewOwnerProbe probe;
    auto first = h.space.map_frames(0, Span<const u64>(lent, 3), PAGE_READWRITE, probe.owner(0));
    auto second = h.space.map_frames(0, Span<const u64>(lent + 1, 2), PAGE_READONLY, probe.owner(1));
    ASSERT_OK(first);
    ASSERT_OK(second);
    EXPECT_EQ(first.value().size, 3 * kPageSize);
    EXPECT_EQ(h.frames.free_frames(), free_before);
    auto info = h.query(first.value().base);
    EXPECT_EQ(info.type, MEM_MAPPED);
    EXPECT_EQ(info.state, MEM_COMMIT);
    EXPECT_EQ(info.protect, PAGE_READWRITE);

    // A write through one view is seen through the other: they share frames.
    const char text[] = "shared";
    ASSERT_OK(h.space.write(first.value().base + kPageSize, ReadonlyBytes(reinterpret_cast<const u8*>(text), 7)));
    char seen[7] = {};
    ASSERT_OK(h.space.read(second.value().base, Bytes(reinterpret_cast<u8*>(seen), 7)));
    EXPECT_STREQ(seen, "shared");

    auto view = h.space.query_view(second.value().base + 10);
    ASSERT_OK(view);
    EXPECT_EQ(view.value().range.base, second.value().base);
    EXPECT_EQ(view.value().owner.first_page, 1u);
    EXPECT_EQ(probe.acquired, 1);
    view.value().owner.on_release(view.value().owner.context);

    ASSERT_OK(h.space.unmap_view(first.value().base));
    EXPECT_EQ(probe.released, 2);
    EXPECT_EQ(h.frames.free_frames(), free_before);
    h.space.release_all();
    EXPECT_EQ(probe.released, 3);
    // The frames are still the lender's.
    EXPECT_EQ(h.frames.free_frames(), free_before);
    EXPECT_EQ(h.frames.bad_free_count(), 0u);
    EXPECT_EQ(h.space.query_view(first.value().base).error().status(), status::NotMappedView);
}

TEST(AddressSpace, CopyOnWriteViewsAreRefused) {
    Harness h;
    u64 frame = h.frames.allocate_frame().value();
    ViewOwnerProbe probe;
    auto view = h.space.map_frames(0, Span<const u64>(&frame, 1), PAGE_WRITECOPY, probe.owner(0));
    ASSERT_TRUE(view.is_error());
    EXPECT_EQ(view.error().status(), status::NotImplemented);
    EXPECT_EQ(probe.released, 0);
}
