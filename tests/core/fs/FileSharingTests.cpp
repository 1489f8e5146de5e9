// Share modes and deletion between opens of one host file, through the VFS as NtCreateFile uses
// it: conflicts in both directions, attribute-only opens, release on close, one identity for every
// spelling of a file, and truncating dispositions refused before they destroy data.

#include "HostDirFsFixture.h"

#include <core/ob/HandleTable.h>

#include <unistd.h>

using namespace halcyon;
using namespace halcyon::fs;
using namespace halcyon::fs::testing;

namespace {

constexpr u32 kReadWrite = file_access::GenericRead | file_access::GenericWrite;
constexpr u32 kAttributesOnly = file_access::ReadAttributes | file_access::Synchronize;

class FileSharingTest : public HostDirFsTest {
protected:
    void SetUp() override {
        HostDirFsTest::SetUp();
        m_open_files_before = HostDirectoryFileSystem::open_files().open_file_count();
    }

    usize files_open_in_test() const {
        return HostDirectoryFileSystem::open_files().open_file_count() - m_open_files_before;
    }

    usize m_open_files_before{0};
};

} // namespace

TEST_F(FileSharingTest, ReadersThatShareReadOpenTogether) {
    write_host_file("f", "data");
    RefPtr<FileObject> first =
        open_file("C:\\f", disposition::Open, 0, file_access::GenericRead, file_share::Read);
    RefPtr<FileObject> second =
        open_file("C:\\f", disposition::Open, 0, file_access::GenericRead, file_share::Read);
    ASSERT_TRUE(first);
    ASSERT_TRUE(second);
    EXPECT_EQ(read_all(*second, 0, 4), "data");
    EXPECT_EQ(files_open_in_test(), 1u);
}

TEST_F(FileSharingTest, WriterIsRefusedWhenAnOpenDoesNotShareWrite) {
    write_host_file("f", "data");
    RefPtr<FileObject> reader =
        open_file("C:\\f", disposition::Open, 0, file_access::GenericRead, file_share::Read);
    ASSERT_TRUE(reader);
    EXPECT_EQ(open_status("C:\\f", disposition::Open, 0, file_access::GenericWrite, kShareAll),
              status::SharingViolation);
    EXPECT_EQ(open_status("C:\\f", disposition::Open, 0, file_access::AppendData, kShareAll),
              status::SharingViolation);
    // Reading alongside is still fine.
    EXPECT_EQ(open_status("C:\\f", disposition::Open, 0, file_access::GenericRead, kShareAll),
              status::Success);
}

TEST_F(FileSharingTest, OpenNotSharingWriteIsRefusedWhileAWriterIsOpen) {
    write_host_file("f", "data");
    RefPtr<FileObject> writer =
        open_file("C:\\f", disposition::Open, 0, file_access::GenericWrite, kShareAll);
    ASSERT_TRUE(writer);
    EXPECT_EQ(open_status("C:\\f", disposition::Open, 0, file_access::GenericRead, file_share::Read),
              status::SharingViolation);
    EXPECT_EQ(open_status("C:\\f", disposition::Open, 0, file_access::GenericRead,
                          file_share::Read | file_share::Write),
              status::Success);
}

TEST_F(FileSharingTest, ExclusiveOpenRefusesEveryDataOpen) {
    write_host_file("f", "data");
    // The lasterror program's case: CreateFile(GENERIC_WRITE, share 0), then GENERIC_READ.
    RefPtr<FileObject> exclusive = open_file("C:\\f", disposition::Open, 0, file_access::GenericWrite, 0);
    ASSERT_TRUE(exclusive);
    EXPECT_EQ(open_status("C:\\f", disposition::Open, 0, file_access::GenericRead, file_share::Read),
              status::SharingViolation);
    EXPECT_EQ(open_status("C:\\f", disposition::Open, 0, file_access::Delete, kShareAll),
              status::SharingViolation);
    EXPECT_EQ(open_status("C:\\f", disposition::Open, 0, file_access::Execute, kShareAll),
              status::SharingViolation);
}

TEST_F(FileSharingTest, AttributeOnlyOpensNeverConflict) {
    write_host_file("f", "data");
    RefPtr<FileObject> exclusive = open_file("C:\\f", disposition::Open, 0, file_access::FileAllAccess, 0);
    ASSERT_TRUE(exclusive);
    // GetFileAttributes and friends on a file held exclusively.
    RefPtr<FileObject> attributes = open_file("C:\\f", disposition::Open, 0, kAttributesOnly, 0);
    ASSERT_TRUE(attributes);
    EXPECT_EQ(attributes->stat().value().size, 4u);
    exclusive = nullptr;
    // An attribute-only open that shares nothing restricts nobody.
    RefPtr<FileObject> writer = open_file("C:\\f", disposition::Open, 0, kReadWrite, 0);
    EXPECT_TRUE(writer);
}

TEST_F(FileSharingTest, ClosingTheLastHandleReleasesTheShare) {
    write_host_file("f", "data");
    ob::HandleTable handles;
    RefPtr<FileObject> exclusive = open_file("C:\\f", disposition::Open, 0, kReadWrite, 0);
    ASSERT_TRUE(exclusive);
    u64 first = handles.insert(RefPtr<ob::Object>(exclusive.get()), exclusive->granted_access()).value();
    u64 second = handles.insert(RefPtr<ob::Object>(exclusive.get()), exclusive->granted_access()).value();
    exclusive = nullptr;
    EXPECT_EQ(files_open_in_test(), 1u);

    ASSERT_FALSE(handles.close(first).is_error());
    EXPECT_EQ(open_status("C:\\f", disposition::Open, 0, file_access::GenericRead, kShareAll),
              status::SharingViolation);
    ASSERT_FALSE(handles.close(second).is_error());
    EXPECT_EQ(files_open_in_test(), 0u);
    EXPECT_EQ(open_status("C:\\f", disposition::Open, 0, kReadWrite, 0), status::Success);
    EXPECT_EQ(files_open_in_test(), 0u);
}

TEST_F(FileSharingTest, EverySpellingOfAFileIsTheSameFile) {
    stdfs::create_directory(host("Data"));
    write_host_file("Data/Report.TXT", "data");
    stdfs::create_hard_link(host("Data/Report.TXT"), host("hardlink"));
    stdfs::create_symlink(host("Data/Report.TXT"), host("symlink"));
    auto second_mount = HostDirectoryFileSystem::create(StringView(m_root.c_str()));
    ASSERT_FALSE(second_mount.is_error());
    ASSERT_FALSE(m_vfs.mount('D', second_mount.release_value()).is_error());

    RefPtr<FileObject> exclusive = open_file("C:\\data\\report.txt", disposition::Open, 0, kReadWrite, 0);
    ASSERT_TRUE(exclusive);
    for (const char* spelling :
         {"C:\\DATA\\REPORT.TXT", "C:\\Data\\Report.TXT", "C:\\data\\.\\x\\..\\Report.txt",
          "D:\\data\\report.txt", "C:\\HardLink", "C:\\symlink"}) {
        EXPECT_EQ(open_status(spelling, disposition::Open, 0, file_access::GenericRead, kShareAll),
                  status::SharingViolation)
            << spelling;
    }
    EXPECT_EQ(files_open_in_test(), 1u);
}

TEST_F(FileSharingTest, TruncatingDispositionsAreRefusedWithoutDataLoss) {
    write_host_file("precious", "keep me");
    RefPtr<FileObject> reader = open_file("C:\\precious", disposition::Open, 0, file_access::GenericRead,
                                          file_share::Read | file_share::Delete);
    ASSERT_TRUE(reader);
    // CREATE_ALWAYS, TRUNCATE_EXISTING and FILE_SUPERSEDE, even by an opener that only reads and
    // shares everything: replacing the data needs the existing open to share write.
    for (u32 replacing : {disposition::OverwriteIf, disposition::Overwrite, disposition::Supersede}) {
        EXPECT_EQ(open_status("C:\\precious", replacing, 0, file_access::GenericWrite, kShareAll),
                  status::SharingViolation);
        EXPECT_EQ(open_status("C:\\precious", replacing, 0, file_access::GenericRead, kShareAll),
                  status::SharingViolation);
        EXPECT_EQ(read_host_file("precious"), "keep me");
    }
    EXPECT_EQ(read_all(*reader, 0, 16), "keep me");
}

TEST_F(FileSharingTest, OverwriteByAReaderCountsOnlyAsAReaderAfterwards) {
    write_host_file("f", "old");
    RefPtr<FileObject> overwriter = open_file("C:\\f", disposition::Overwrite, 0, file_access::GenericRead,
                                              file_share::Read | file_share::Write);
    ASSERT_TRUE(overwriter);
    EXPECT_EQ(read_host_file("f"), "");
    // Had it kept the write access it was checked with, this reader (not sharing write) would be
    // refused.
    EXPECT_EQ(open_status("C:\\f", disposition::Open, 0, file_access::GenericRead, file_share::Read),
              status::Success);
}

TEST_F(FileSharingTest, DirectoriesAreSharedToo) {
    stdfs::create_directory(host("dir"));
    RefPtr<FileObject> lister =
        open_file("C:\\dir", disposition::Open, create_option::DirectoryFile, file_access::ListDirectory, 0);
    ASSERT_TRUE(lister);
    EXPECT_EQ(open_status("C:\\DIR", disposition::Open, create_option::DirectoryFile,
                          file_access::ListDirectory, kShareAll),
              status::SharingViolation);
    EXPECT_EQ(open_status("C:\\dir", disposition::Open, 0, kAttributesOnly, 0), status::Success);
    EXPECT_EQ(m_vfs.remove(path("C:\\dir")).error().status(), status::SharingViolation);
    EXPECT_TRUE(stdfs::is_directory(host("dir")));
}

TEST_F(FileSharingTest, DeleteIsRefusedWhileAnOpenDoesNotShareDelete) {
    write_host_file("f", "data");
    RefPtr<FileObject> reader = open_file("C:\\f", disposition::Open, 0, file_access::GenericRead,
                                          file_share::Read | file_share::Write);
    ASSERT_TRUE(reader);
    EXPECT_EQ(m_vfs.remove(path("C:\\f")).error().status(), status::SharingViolation);
    EXPECT_TRUE(stdfs::exists(host("f")));
    reader = nullptr;
    EXPECT_FALSE(m_vfs.remove(path("C:\\f")).is_error());
    EXPECT_FALSE(stdfs::exists(host("f")));
}

TEST_F(FileSharingTest, DeletionWaitsForTheLastOpenOfTheFile) {
    write_host_file("f", "data");
    RefPtr<FileObject> reader = open_file("C:\\f", disposition::Open, 0, file_access::GenericRead, kShareAll);
    RefPtr<FileObject> deleter = open_file("C:\\F", disposition::Open, 0, file_access::Delete, kShareAll);
    ASSERT_TRUE(reader);
    ASSERT_TRUE(deleter);
    ASSERT_FALSE(deleter->set_delete_on_close(true).is_error());
    // Every open of the file sees the mark (FileStandardInformation.DeletePending).
    EXPECT_TRUE(reader->delete_on_close());
    deleter = nullptr;
    EXPECT_TRUE(stdfs::exists(host("f")));
    EXPECT_EQ(read_all(*reader, 0, 4), "data");
    // A file marked for deletion takes no new opens.
    EXPECT_EQ(open_status("C:\\f", disposition::Open, 0, kAttributesOnly, kShareAll), status::DeletePending);
    reader = nullptr;
    EXPECT_FALSE(stdfs::exists(host("f")));
    EXPECT_EQ(files_open_in_test(), 0u);
}

TEST_F(FileSharingTest, DeleteOnCloseMarksTheFileWhenItsOpenCloses) {
    write_host_file("f", "data");
    RefPtr<FileObject> reader = open_file("C:\\f", disposition::Open, 0, file_access::GenericRead, kShareAll);
    RefPtr<FileObject> temporary = open_file("C:\\f", disposition::Open, create_option::DeleteOnClose,
                                             file_access::GenericAll, kShareAll);
    ASSERT_TRUE(reader);
    ASSERT_TRUE(temporary);
    // Not marked until the FILE_DELETE_ON_CLOSE open closes, so opening again still works.
    EXPECT_FALSE(reader->delete_on_close());
    EXPECT_EQ(open_status("C:\\f", disposition::Open, 0, file_access::GenericRead, kShareAll),
              status::Success);
    temporary = nullptr;
    EXPECT_TRUE(stdfs::exists(host("f")));
    EXPECT_TRUE(reader->delete_on_close());
    reader = nullptr;
    EXPECT_FALSE(stdfs::exists(host("f")));
}

TEST_F(FileSharingTest, AnotherOpenCanClearTheDeletionMark) {
    write_host_file("f", "data");
    RefPtr<FileObject> marker = open_file("C:\\f", disposition::Open, 0, file_access::Delete, kShareAll);
    RefPtr<FileObject> rescuer = open_file("C:\\f", disposition::Open, 0, file_access::Delete, kShareAll);
    ASSERT_TRUE(marker);
    ASSERT_TRUE(rescuer);
    ASSERT_FALSE(marker->set_delete_on_close(true).is_error());
    ASSERT_FALSE(rescuer->set_delete_on_close(false).is_error());
    marker = nullptr;
    rescuer = nullptr;
    EXPECT_TRUE(stdfs::exists(host("f")));
}
