// NT share access on its own (ShareAccess.h) and the table of open files that applies it per file
// identity (OpenFileTable.h), without a file system underneath.

#include <core/fs/OpenFileTable.h>
#include <core/fs/ShareAccess.h>

#include <gtest/gtest.h>

using namespace halcyon;
using namespace halcyon::fs;

namespace {

constexpr u32 kRead = file_access::ReadData;
constexpr u32 kWrite = file_access::WriteData;
constexpr u32 kAttributes = file_access::ReadAttributes | file_access::Synchronize | file_access::ReadControl;
constexpr u32 kShareNone = 0;
constexpr u32 kShareRead = file_share::Read;
constexpr u32 kShareWrite = file_share::Write;
constexpr u32 kShareDelete = file_share::Delete;
constexpr u32 kShareAll = kShareRead | kShareWrite | kShareDelete;

// Whether a second open (access, share) may join a file with one open (access, share).
bool second_open_admitted(u32 first_access, u32 first_share, u32 second_access, u32 second_share) {
    ShareAccess file;
    file.add(ShareMode::from(first_access, first_share));
    return file.admits(ShareMode::from(second_access, second_share));
}

// A node that only counts how often it is removed.
class CountingNode final : public Vnode {
public:
    bool is_directory() const override { return false; }
    ErrorOr<usize> read(u64, Bytes) override { return usize{0}; }
    ErrorOr<usize> write(u64, ReadonlyBytes data) override { return data.size(); }
    ErrorOr<void> set_size(u64) override { return {}; }
    ErrorOr<FileStat> stat() override { return FileStat{}; }
    ErrorOr<void> flush() override { return {}; }
    ErrorOr<Vector<DirectoryEntry>> list_directory() override { return Error(status::NotADirectory); }
    ErrorOr<void> remove() override {
        ++removals;
        return {};
    }
    int removals{0};
};

RefPtr<CountingNode> make_counting_node() {
    return RefPtr<CountingNode>(try_make<CountingNode>().release_value());
}

constexpr FileIdentity kFile{1, 100};
constexpr FileIdentity kOtherFile{1, 101};
constexpr FileIdentity kSameInodeOtherVolume{2, 100};

} // namespace

TEST(ShareAccess, ReadersThatShareReadAreAdmittedTogether) {
    EXPECT_TRUE(second_open_admitted(kRead, kShareRead, kRead, kShareRead));
    EXPECT_TRUE(second_open_admitted(file_access::FileGenericRead, kShareRead, file_access::FileGenericRead,
                                     kShareAll));
}

TEST(ShareAccess, ReadNeedsEveryExistingOpenToShareRead) {
    EXPECT_FALSE(second_open_admitted(kRead, kShareNone, kRead, kShareAll));
    EXPECT_FALSE(second_open_admitted(kWrite, kShareWrite, kRead, kShareAll));
    // Executing counts as reading.
    EXPECT_FALSE(second_open_admitted(kWrite, kShareWrite, file_access::Execute, kShareAll));
}

TEST(ShareAccess, WriteConflictsInBothDirections) {
    // A new writer where an existing open does not share write.
    EXPECT_FALSE(second_open_admitted(kRead, kShareRead, kWrite, kShareAll));
    // A new open that does not share write where an existing open writes.
    EXPECT_FALSE(second_open_admitted(kWrite, kShareAll, kRead, kShareRead));
    // Appending counts as writing, both ways.
    EXPECT_FALSE(second_open_admitted(kRead, kShareRead, file_access::AppendData, kShareAll));
    EXPECT_FALSE(second_open_admitted(file_access::AppendData, kShareAll, kRead, kShareRead));
    // Both sharing write: admitted.
    EXPECT_TRUE(second_open_admitted(kWrite, kShareRead | kShareWrite, kWrite, kShareRead | kShareWrite));
}

TEST(ShareAccess, DeleteConflictsInBothDirections) {
    EXPECT_FALSE(second_open_admitted(kRead, kShareRead | kShareWrite, file_access::Delete, kShareAll));
    EXPECT_FALSE(second_open_admitted(file_access::Delete, kShareAll, kRead, kShareRead | kShareWrite));
    EXPECT_TRUE(second_open_admitted(kRead, kShareAll, file_access::Delete, kShareAll));
}

TEST(ShareAccess, AttributeOnlyOpensNeverConflict) {
    // Joining an exclusive open...
    EXPECT_TRUE(second_open_admitted(file_access::FileAllAccess, kShareNone, kAttributes, kShareNone));
    EXPECT_TRUE(second_open_admitted(file_access::FileAllAccess, kShareNone, file_access::WriteAttributes,
                                     kShareNone));
    // ...and, sharing nothing themselves, restricting nobody after them.
    EXPECT_TRUE(second_open_admitted(kAttributes, kShareNone, file_access::FileAllAccess, kShareNone));
    ShareAccess file;
    file.add(ShareMode::from(kAttributes, kShareNone));
    EXPECT_EQ(file.open_count(), 0u);
}

TEST(ShareAccess, RemovingAnOpenLiftsItsRestrictions) {
    ShareAccess file;
    ShareMode exclusive = ShareMode::from(kRead | kWrite, kShareNone);
    ShareMode reader = ShareMode::from(kRead, kShareRead);
    file.add(reader);
    EXPECT_FALSE(file.admits(exclusive));
    file.remove(reader);
    EXPECT_EQ(file.open_count(), 0u);
    EXPECT_TRUE(file.admits(exclusive));
}

TEST(OpenFileTable, OpensOfOneIdentitySeeEachOtherAndNoOtherFile) {
    OpenFileTable table;
    auto first = table.claim(kFile, kRead | kWrite, kShareNone);
    ASSERT_FALSE(first.is_error());
    EXPECT_TRUE(first.value().is_shared());
    EXPECT_EQ(table.claim(kFile, kRead, kShareAll).error().status(), status::SharingViolation);
    EXPECT_FALSE(table.claim(kOtherFile, kRead, kShareNone).is_error());
    EXPECT_FALSE(table.claim(kSameInodeOtherVolume, kRead, kShareNone).is_error());
    // Only while the claims above lived.
    EXPECT_EQ(table.open_file_count(), 1u);
}

TEST(OpenFileTable, ReleasingTheLastClaimForgetsTheFile) {
    OpenFileTable table;
    {
        auto exclusive = table.claim(kFile, kRead | kWrite, kShareNone);
        ASSERT_FALSE(exclusive.is_error());
        auto attributes = table.claim(kFile, kAttributes, kShareNone);
        ASSERT_FALSE(attributes.is_error());
        EXPECT_EQ(table.open_file_count(), 1u);
        ASSERT_FALSE(exclusive.value().release().is_error());
        // The attribute-only open keeps the entry but restricts nobody.
        EXPECT_EQ(table.open_file_count(), 1u);
        auto writer = table.claim(kFile, kWrite, kShareNone);
        EXPECT_FALSE(writer.is_error());
    }
    EXPECT_EQ(table.open_file_count(), 0u);
}

TEST(OpenFileTable, NarrowingDropsTheImpliedAccess) {
    OpenFileTable table;
    // An overwrite by a reader claims write access for the check, then keeps only reading.
    auto overwriter = table.claim(kFile, kRead | kWrite, kShareRead);
    ASSERT_FALSE(overwriter.is_error());
    EXPECT_EQ(table.claim(kFile, kRead, kShareRead).error().status(), status::SharingViolation);
    overwriter.value().narrow_access(kRead);
    EXPECT_FALSE(table.claim(kFile, kRead, kShareRead).is_error());
}

TEST(OpenFileTable, MarkedFileIsRemovedWhenItsLastOpenGoes) {
    OpenFileTable table;
    RefPtr<CountingNode> node = make_counting_node();
    auto marker = table.claim(kFile, file_access::Delete, kShareAll);
    auto reader = table.claim(kFile, kRead, kShareAll);
    ASSERT_FALSE(marker.is_error());
    ASSERT_FALSE(reader.is_error());
    marker.value().set_delete_pending(node);
    EXPECT_TRUE(reader.value().is_delete_pending());
    ASSERT_FALSE(marker.value().release().is_error());
    EXPECT_EQ(node->removals, 0);
    // New opens of a marked file are refused, even attribute-only ones.
    EXPECT_EQ(table.claim(kFile, kAttributes, kShareAll).error().status(), status::DeletePending);
    ASSERT_FALSE(reader.value().release().is_error());
    EXPECT_EQ(node->removals, 1);
    EXPECT_EQ(table.open_file_count(), 0u);
    EXPECT_FALSE(table.claim(kFile, kRead, kShareNone).is_error());
}

TEST(OpenFileTable, ClearedMarkKeepsTheFile) {
    OpenFileTable table;
    RefPtr<CountingNode> node = make_counting_node();
    {
        auto first = table.claim(kFile, file_access::Delete, kShareAll);
        auto second = table.claim(kFile, file_access::Delete, kShareAll);
        ASSERT_FALSE(first.is_error());
        ASSERT_FALSE(second.is_error());
        first.value().set_delete_pending(node);
        second.value().set_delete_pending(nullptr);
        EXPECT_FALSE(first.value().is_delete_pending());
    }
    EXPECT_EQ(node->removals, 0);
}

TEST(OpenFileTable, UnsharedClaimDeletesOnItsOwn) {
    RefPtr<CountingNode> node = make_counting_node();
    ShareClaim device;
    EXPECT_FALSE(device.is_shared());
    device.set_delete_pending(node);
    EXPECT_TRUE(device.is_delete_pending());
    ShareClaim moved = move(device);
    EXPECT_FALSE(device.is_delete_pending());
    ASSERT_FALSE(moved.release().is_error());
    EXPECT_EQ(node->removals, 1);
    ASSERT_FALSE(moved.release().is_error());
    EXPECT_EQ(node->removals, 1);
}
