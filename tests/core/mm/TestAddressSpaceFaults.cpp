#include "tests/core/mm/MmTestSupport.h"

using namespace halcyon;
using namespace halcyon::mm;
using halcyon::test::Harness;

namespace {

void expect_violation(const FaultResult& result, FaultReason reason) {
    EXPECT_EQ(result.kind, FaultResult::Kind::AccessViolation);
    EXPECT_EQ(result.reason, reason);
    EXPECT_EQ(result.exception, status::AccessViolation);
    EXPECT_TRUE(result.should_raise_exception());
}

} // namespace

// --- handle_fault ---------------------------------------------------------------------------------

TEST(AddressSpace, GuardPageFaultClearsGuardOnce) {
    Harness h;
    u64 base = h.commit_anywhere(0x2000, PAGE_READWRITE | PAGE_GUARD);
    EXPECT_EQ(h.query(base).protect, PAGE_READWRITE | PAGE_GUARD);

    FaultResult first = h.space.handle_fault(base + 0x10, AccessKind::Read);
    EXPECT_TRUE(first.is_resolved());
    EXPECT_EQ(first.reason, FaultReason::GuardPage);
    EXPECT_EQ(first.exception, status::GuardPageViolation);

    // Only the touched page loses its guard, in the page state and in the backend.
    EXPECT_EQ(h.query(base).protect, PAGE_READWRITE);
    EXPECT_EQ(h.query(base).region_size, 0x1000u);
    EXPECT_EQ(h.backend.mapping(base)->protection, PAGE_READWRITE);
    EXPECT_EQ(h.query(base + 0x1000).protect, PAGE_READWRITE | PAGE_GUARD);

    FaultResult second = h.space.handle_fault(base + 0x10, AccessKind::Write);
    EXPECT_TRUE(second.is_resolved());
    EXPECT_EQ(second.reason, FaultReason::Spurious);
    EXPECT_FALSE(second.should_raise_exception());
}

TEST(AddressSpace, GuardTakesPrecedenceOverTheUnderlyingProtection) {
    Harness h;
    u64 base = h.commit_anywhere(0x1000, PAGE_READONLY | PAGE_GUARD);
    FaultResult first = h.space.handle_fault(base, AccessKind::Write);
    EXPECT_EQ(first.exception, status::GuardPageViolation);
    expect_violation(h.space.handle_fault(base, AccessKind::Write), FaultReason::WriteToReadOnly);
}

TEST(AddressSpace, FaultsOnUnusableAddressesAreAccessViolations) {
    Harness h;
    ASSERT_OK(h.space.allocate(0x100000, 0x2000, MEM_RESERVE, PAGE_READWRITE));
    expect_violation(h.space.handle_fault(0x100000, AccessKind::Read), FaultReason::NotCommitted);
    expect_violation(h.space.handle_fault(0x300000, AccessKind::Read), FaultReason::NotAllocated);
    expect_violation(h.space.handle_fault(0, AccessKind::Read), FaultReason::OutsideUserRange);
    expect_violation(h.space.handle_fault(0xFFFF'8000'0000'1000, AccessKind::Write),
                     FaultReason::OutsideUserRange);
    expect_violation(h.space.handle_fault(kDefaultUserAddressEnd, AccessKind::Read),
                     FaultReason::OutsideUserRange);
}

TEST(AddressSpace, FaultReasonsFollowTheProtection) {
    Harness h;
    u64 base = h.commit_anywhere(0x4000, PAGE_NOACCESS);
    ASSERT_OK(h.space.protect(base + 0x1000, 0x1000, PAGE_READONLY));
    ASSERT_OK(h.space.protect(base + 0x2000, 0x1000, PAGE_READWRITE));
    ASSERT_OK(h.space.protect(base + 0x3000, 0x1000, PAGE_EXECUTE));

    for (AccessKind access : {AccessKind::Read, AccessKind::Write, AccessKind::Execute})
        expect_violation(h.space.handle_fault(base, access), FaultReason::NoAccess);
    expect_violation(h.space.handle_fault(base + 0x1000, AccessKind::Write), FaultReason::WriteToReadOnly);
    expect_violation(h.space.handle_fault(base + 0x1000, AccessKind::Execute),
                     FaultReason::ExecuteNonExecutable);
    expect_violation(h.space.handle_fault(base + 0x2000, AccessKind::Execute),
                     FaultReason::ExecuteNonExecutable);
    expect_violation(h.space.handle_fault(base + 0x3000, AccessKind::Write), FaultReason::WriteToReadOnly);
    EXPECT_TRUE(h.space.handle_fault(base + 0x3000, AccessKind::Execute).is_resolved());
    EXPECT_TRUE(h.space.handle_fault(base + 0x2000, AccessKind::Write).is_resolved());
}

TEST(AddressSpace, WriteToACopyOnWriteImagePageMakesItReadWrite) {
    Harness h;
    ASSERT_OK(
        h.space.allocate(0x40'0000, 0x2000, MEM_RESERVE | MEM_COMMIT, PAGE_READONLY, RegionType::Image));
    ASSERT_OK(h.space.protect(0x40'0000, 0x1000, PAGE_WRITECOPY));
    ASSERT_OK(h.space.protect(0x40'1000, 0x1000, PAGE_EXECUTE_WRITECOPY));

    EXPECT_EQ(h.space.handle_fault(0x40'0000, AccessKind::Read).reason, FaultReason::Spurious);
    EXPECT_EQ(h.query(0x40'0000).protect, PAGE_WRITECOPY);

    FaultResult write = h.space.handle_fault(0x40'0008, AccessKind::Write);
    EXPECT_TRUE(write.is_resolved());
    EXPECT_EQ(write.reason, FaultReason::CopyOnWrite);
    EXPECT_FALSE(write.should_raise_exception());
    EXPECT_EQ(h.query(0x40'0000).protect, PAGE_READWRITE);
    EXPECT_EQ(h.backend.mapping(0x40'0000)->protection, PAGE_READWRITE);

    EXPECT_EQ(h.space.handle_fault(0x40'1000, AccessKind::Write).reason, FaultReason::CopyOnWrite);
    EXPECT_EQ(h.query(0x40'1000).protect, PAGE_EXECUTE_READWRITE);
    h.expect_consistent();
}

// --- check_user_range -----------------------------------------------------------------------------

TEST(AddressSpace, CheckUserRangeRequiresEveryPageCommitted) {
    Harness h;
    ASSERT_OK(h.space.allocate(0x100000, 0x3000, MEM_RESERVE, PAGE_READWRITE));
    ASSERT_OK(h.space.allocate(0x100000, 0x2000, MEM_COMMIT, PAGE_READWRITE));
    EXPECT_OK(h.space.check_user_range(0x100000, 0x2000, AccessKind::Write));
    EXPECT_OK(h.space.check_user_range(0x101FFF, 1, AccessKind::Read));
    EXPECT_STATUS(h.space.check_user_range(0x101FFF, 2, AccessKind::Read), status::AccessViolation);
    EXPECT_STATUS(h.space.check_user_range(0x103000, 1, AccessKind::Read), status::AccessViolation);
}

TEST(AddressSpace, CheckUserRangeRejectsGuardPagesWithoutClearingThem) {
    Harness h;
    u64 base = h.commit_anywhere(0x2000);
    ASSERT_OK(h.space.protect(base + 0x1000, 0x1000, PAGE_READWRITE | PAGE_GUARD));
    EXPECT_STATUS(h.space.check_user_range(base, 0x2000, AccessKind::Read), status::AccessViolation);
    EXPECT_EQ(h.query(base + 0x1000).protect, PAGE_READWRITE | PAGE_GUARD);
}

TEST(AddressSpace, CheckUserRangeRespectsProtection) {
    Harness h;
    u64 base = h.commit_anywhere(0x2000, PAGE_READONLY);
    EXPECT_OK(h.space.check_user_range(base, 0x2000, AccessKind::Read));
    EXPECT_STATUS(h.space.check_user_range(base, 0x2000, AccessKind::Write), status::AccessViolation);
    EXPECT_STATUS(h.space.check_user_range(base, 1, AccessKind::Execute), status::AccessViolation);
    ASSERT_OK(h.space.protect(base, 0x1000, PAGE_NOACCESS));
    EXPECT_STATUS(h.space.check_user_range(base, 1, AccessKind::Read), status::AccessViolation);
}

TEST(AddressSpace, CheckUserRangeSpansAdjacentAllocations) {
    Harness h;
    ASSERT_OK(h.space.allocate(0x100000, 0x10000, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE));
    ASSERT_OK(h.space.allocate(0x110000, 0x10000, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE));
    // A user buffer may straddle two allocations; only per-page state matters.
    EXPECT_OK(h.space.check_user_range(0x10F000, 0x2000, AccessKind::Write));
}

TEST(AddressSpace, CheckUserRangeRejectsWrapAndNonUserAddresses) {
    Harness h;
    u64 base = h.commit_anywhere(0x1000);
    EXPECT_STATUS(h.space.check_user_range(base, ~0ull, AccessKind::Read), status::AccessViolation);
    EXPECT_STATUS(h.space.check_user_range(~0ull - 0xF, 0x20, AccessKind::Read), status::AccessViolation);
    EXPECT_STATUS(h.space.check_user_range(0xFFFF'8000'0000'0000, 8, AccessKind::Read),
                  status::AccessViolation);
    EXPECT_STATUS(h.space.check_user_range(0, 8, AccessKind::Read), status::AccessViolation);
    EXPECT_STATUS(h.space.check_user_range(kDefaultUserAddressEnd - 4, 8, AccessKind::Read),
                  status::AccessViolation);
    EXPECT_OK(h.space.check_user_range(0, 0, AccessKind::Write)); // Zero length is always fine.
}

TEST(AddressSpace, CheckUserRangeForWriteBreaksCopyOnWrite) {
    Harness h;
    ASSERT_OK(
        h.space.allocate(0x40'0000, 0x2000, MEM_RESERVE | MEM_COMMIT, PAGE_WRITECOPY, RegionType::Image));
    EXPECT_OK(h.space.check_user_range(0x40'0000, 0x1000, AccessKind::Read));
    EXPECT_EQ(h.query(0x40'0000).protect, PAGE_WRITECOPY);
    EXPECT_OK(h.space.check_user_range(0x40'0000, 0x1000, AccessKind::Write));
    EXPECT_EQ(h.query(0x40'0000).protect, PAGE_READWRITE);
    EXPECT_EQ(h.query(0x40'1000).protect, PAGE_WRITECOPY);
    h.expect_consistent();
}
