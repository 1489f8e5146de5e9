// Byte-range locks between opens of one host file (NtLockFile / NtUnlockFile): exclusive and
// shared conflicts between locks, reads and writes refused in another open's locked range,
// exact-range unlocking, and locks released with their open.

#include "HostDirFsFixture.h"

using namespace halcyon;
using namespace halcyon::fs;
using namespace halcyon::fs::testing;

namespace {

constexpr NtStatus kLockNotGranted = status::LockNotGranted;
constexpr NtStatus kFileLockConflict = status::FileLockConflict;
constexpr NtStatus kRangeNotLocked = status::RangeNotLocked;

NtStatus status_of(const ErrorOr<void>& result) {
    return result.is_error() ? result.error().status() : status::Success;
}

NtStatus write_status(FileObject& file, u64 offset, const std::string& data) {
    auto written = file.write(bytes_of(data), offset);
    return written.is_error() ? written.error().status() : status::Success;
}

class ByteRangeLockTest : public HostDirFsTest {
protected:
    void SetUp() override {
        HostDirFsTest::SetUp();
        write_host_file("f", "0123456789abcdef");
        a = open_file("C:\\f", disposition::Open);
        b = open_file("C:\\f", disposition::Open);
        ASSERT_TRUE(a);
        ASSERT_TRUE(b);
    }

    RefPtr<FileObject> a, b;
};

} // namespace

TEST_F(ByteRangeLockTest, ExclusiveLockRefusesEveryOverlappingLock) {
    EXPECT_EQ(status_of(a->lock_range(4, 4, true)), status::Success);
    EXPECT_EQ(status_of(a->lock_range(4, 4, true)), kLockNotGranted);
    EXPECT_EQ(status_of(a->lock_range(7, 1, false)), kLockNotGranted);
    EXPECT_EQ(status_of(b->lock_range(0, 5, false)), kLockNotGranted);
    EXPECT_EQ(status_of(b->lock_range(8, 4, true)), status::Success);
    EXPECT_EQ(status_of(b->lock_range(0, 4, true)), status::Success);
}

TEST_F(ByteRangeLockTest, SharedLocksStackButRefuseExclusiveOnes) {
    EXPECT_EQ(status_of(a->lock_range(0, 8, false)), status::Success);
    EXPECT_EQ(status_of(b->lock_range(0, 8, false)), status::Success);
    EXPECT_EQ(status_of(a->lock_range(2, 2, false)), status::Success);
    EXPECT_EQ(status_of(b->lock_range(7, 4, true)), kLockNotGranted);
    EXPECT_EQ(status_of(a->lock_range(0, 1, true)), kLockNotGranted);
}

TEST_F(ByteRangeLockTest, OtherOpensCannotTouchAnExclusiveRange) {
    ASSERT_EQ(status_of(a->lock_range(4, 4, true)), status::Success);
    EXPECT_EQ(read_all(*b, 4, 2), "error:FileLockConflict");
    EXPECT_EQ(read_all(*b, 2, 4), "error:FileLockConflict");
    EXPECT_EQ(write_status(*b, 7, "x"), kFileLockConflict);
    EXPECT_EQ(read_all(*b, 0, 4), "0123");
    EXPECT_EQ(read_all(*b, 8, 4), "89ab");
    // The owner reads and writes its own range.
    EXPECT_EQ(read_all(*a, 4, 4), "4567");
    EXPECT_EQ(write_status(*a, 4, "X"), status::Success);
}

TEST_F(ByteRangeLockTest, SharedRangeIsReadableButWritableByNobody) {
    ASSERT_EQ(status_of(a->lock_range(0, 8, false)), status::Success);
    EXPECT_EQ(read_all(*b, 0, 8), "01234567");
    EXPECT_EQ(read_all(*a, 0, 8), "01234567");
    EXPECT_EQ(write_status(*b, 1, "y"), kFileLockConflict);
    EXPECT_EQ(write_status(*a, 1, "y"), kFileLockConflict);
    EXPECT_EQ(write_status(*a, 8, "y"), status::Success);
}

TEST_F(ByteRangeLockTest, UnlockNeedsTheOwnerAndTheExactRange) {
    ASSERT_EQ(status_of(a->lock_range(4, 4, true)), status::Success);
    EXPECT_EQ(status_of(b->unlock_range(4, 4)), kRangeNotLocked);
    EXPECT_EQ(status_of(a->unlock_range(4, 2)), kRangeNotLocked);
    EXPECT_EQ(status_of(a->unlock_range(0, 16)), kRangeNotLocked);
    EXPECT_EQ(status_of(a->unlock_range(4, 4)), status::Success);
    EXPECT_EQ(status_of(a->unlock_range(4, 4)), kRangeNotLocked);
    EXPECT_EQ(read_all(*b, 4, 4), "4567");
}

TEST_F(ByteRangeLockTest, ZeroLengthAndFarRangesConflictWithNothingElse) {
    EXPECT_EQ(status_of(a->lock_range(4, 0, true)), status::Success);
    EXPECT_EQ(status_of(b->lock_range(4, 0, true)), status::Success);
    EXPECT_EQ(read_all(*b, 0, 8), "01234567");
    EXPECT_EQ(status_of(a->lock_range(1ull << 32, 10, true)), status::Success);
    EXPECT_EQ(status_of(b->lock_range(~0ull - 4, 10, true)), status::Success);
    EXPECT_EQ(status_of(a->lock_range(~0ull - 1, 1, false)), kLockNotGranted);
}

TEST_F(ByteRangeLockTest, ClosingAnOpenReleasesItsLocks) {
    ASSERT_EQ(status_of(a->lock_range(0, 16, true)), status::Success);
    EXPECT_EQ(read_all(*b, 0, 4), "error:FileLockConflict");
    a = nullptr;
    EXPECT_EQ(read_all(*b, 0, 4), "0123");
    EXPECT_EQ(status_of(b->lock_range(0, 16, true)), status::Success);
}

TEST_F(ByteRangeLockTest, LockingNeedsDataAccess) {
    RefPtr<FileObject> attributes =
        open_file("C:\\f", disposition::Open, 0, file_access::ReadAttributes | file_access::Synchronize);
    ASSERT_TRUE(attributes);
    EXPECT_EQ(status_of(attributes->lock_range(0, 1, true)), status::AccessDenied);
}
