// The writable in-memory volume (core/fs/MemoryFs.h) through the VFS as NtCreateFile uses it:
// dispositions, data, sizes against the capacity, renames, deletes with the NT rules, attributes,
// times, listings, share access, and allocation failures that leave the volume as it was.

#include <core/fs/FileObject.h>
#include <core/fs/MemoryFs.h>
#include <core/fs/Vfs.h>
#include <tests/support/KernelHeapForTests.h>

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace halcyon;
using namespace halcyon::fs;

namespace {

constexpr u32 kShareAll = file_share::Read | file_share::Write | file_share::Delete;
constexpr u32 kReadWrite = file_access::GenericRead | file_access::GenericWrite;
constexpr u64 kCapacity = 64 * 1024;

u64 s_time = 1000;
u64 fake_clock() {
    return s_time;
}

class MemoryFsTest : public ::testing::Test {
protected:
    void SetUp() override {
        s_time = 1000;
        auto fs = MemoryFileSystem::create(kCapacity, 0x1234abcd, fake_clock);
        ASSERT_FALSE(fs.is_error());
        m_fs = fs.release_value();
        ASSERT_FALSE(m_vfs.mount('D', m_fs).is_error());
    }

    WindowsPath path(const char* name) {
        auto parsed = parse_windows_path(StringView(name), nullptr);
        EXPECT_FALSE(parsed.is_error()) << name;
        return parsed.release_value();
    }

    ErrorOr<RefPtr<FileObject>> try_open(const char* name, u32 disposition, u32 options = 0,
                                         u32 access = kReadWrite, u32 share = kShareAll, u32 attributes = 0) {
        OpenRequest request;
        request.desired_access = access;
        request.disposition = disposition;
        request.options = options | create_option::SynchronousIoNonalert;
        request.share_access = share;
        request.file_attributes = attributes;
        OpenResult opened = TRY(m_vfs.open(path(name), request));
        m_last_information = opened.information;
        return FileObject::create(move(opened.node), request, move(opened.claim));
    }

    RefPtr<FileObject> open(const char* name, u32 disposition, u32 options = 0, u32 access = kReadWrite,
                            u32 share = kShareAll) {
        auto file = try_open(name, disposition, options, access, share);
        EXPECT_FALSE(file.is_error()) << name << ": " << (file.is_error() ? file.error().message() : "");
        return file.is_error() ? nullptr : file.release_value();
    }

    NtStatus status_of(const char* name, u32 disposition, u32 options = 0, u32 access = kReadWrite,
                       u32 share = kShareAll) {
        auto file = try_open(name, disposition, options, access, share);
        return file.is_error() ? file.error().status() : status::Success;
    }

    RefPtr<FileObject> make_directory(const char* name) {
        return open(name, disposition::Create, create_option::DirectoryFile, file_access::ListDirectory);
    }

    void write_file(const char* name, const std::string& contents) {
        RefPtr<FileObject> file = open(name, disposition::OverwriteIf);
        ASSERT_TRUE(file);
        auto written =
            file->write(ReadonlyBytes(reinterpret_cast<const u8*>(contents.data()), contents.size()), 0);
        ASSERT_FALSE(written.is_error()) << written.error().message();
    }

    std::string read_file(const char* name) {
        RefPtr<FileObject> file = open(name, disposition::Open, 0, file_access::GenericRead);
        if (!file)
            return "<missing>";
        std::string out;
        u8 buffer[4096];
        for (u64 offset = 0;;) {
            auto count = file->read(Bytes(buffer, sizeof buffer), offset);
            if (count.is_error())
                break;
            out.append(reinterpret_cast<char*>(buffer), count.value());
            offset += count.value();
        }
        return out;
    }

    std::vector<std::string> list(const char* name) {
        RefPtr<FileObject> directory =
            open(name, disposition::Open, create_option::DirectoryFile, file_access::ListDirectory);
        std::vector<std::string> names;
        if (!directory)
            return names;
        auto entries = directory->node().list_directory();
        EXPECT_FALSE(entries.is_error());
        for (auto& entry : entries.value())
            names.emplace_back(entry.name.view().data(), entry.name.view().length());
        return names;
    }

    NtStatus delete_status(const char* name) {
        auto removed = m_vfs.remove(path(name));
        return removed.is_error() ? removed.error().status() : status::Success;
    }

    NtStatus rename_status(FileObject& file, const char* target, bool replace) {
        WindowsPath to = path(target);
        auto renamed = file.node().rename(*m_fs, to.components.span(), replace);
        return renamed.is_error() ? renamed.error().status() : status::Success;
    }

    RefPtr<MemoryFileSystem> m_fs;
    Vfs m_vfs;
    u32 m_last_information{0};
};

} // namespace

TEST_F(MemoryFsTest, NewVolumeHasAnEmptyRootWithNoDotEntries) {
    EXPECT_TRUE(list("D:\\").empty());
    EXPECT_EQ(m_fs->used_bytes(), 0u);
    EXPECT_EQ(m_fs->capacity_bytes(), kCapacity);
}

TEST_F(MemoryFsTest, DispositionsFollowTheNtTable) {
    EXPECT_EQ(status_of("D:\\f", disposition::Open), status::ObjectNameNotFound);
    EXPECT_EQ(status_of("D:\\f", disposition::Overwrite), status::ObjectNameNotFound);
    ASSERT_TRUE(open("D:\\f", disposition::Create));
    EXPECT_EQ(m_last_information, create_info::Created);
    EXPECT_EQ(status_of("D:\\f", disposition::Create), status::ObjectNameCollision);
    EXPECT_EQ(status_of("D:\\F", disposition::OpenIf), status::Success);
    EXPECT_EQ(m_last_information, create_info::Opened);
    EXPECT_EQ(status_of("D:\\f", disposition::OverwriteIf), status::Success);
    EXPECT_EQ(m_last_information, create_info::Overwritten);
    EXPECT_EQ(status_of("D:\\f", disposition::Supersede), status::Success);
    EXPECT_EQ(m_last_information, create_info::Superseded);
    EXPECT_EQ(status_of("D:\\missing\\f", disposition::Create), status::ObjectPathNotFound);
    EXPECT_EQ(status_of("D:\\f\\g", disposition::Create), status::ObjectPathNotFound);
    EXPECT_EQ(status_of("D:\\f", disposition::Open, create_option::DirectoryFile, file_access::ListDirectory),
              status::NotADirectory);
}

TEST_F(MemoryFsTest, WritesReadBackAndExtendWithZeros) {
    write_file("D:\\data.bin", "hello");
    RefPtr<FileObject> file = open("D:\\data.bin", disposition::Open);
    ASSERT_TRUE(file);
    ASSERT_FALSE(file->write(ReadonlyBytes(reinterpret_cast<const u8*>("XY"), 2), 8).is_error());
    EXPECT_EQ(read_file("D:\\data.bin"), std::string("hello\0\0\0XY", 10));
    EXPECT_EQ(file->node().size().value(), 10u);
    EXPECT_EQ(m_fs->used_bytes(), MemoryFileSystem::kClusterSize);
}

TEST_F(MemoryFsTest, SetSizeTruncatesAndExtends) {
    write_file("D:\\f", "abcdef");
    RefPtr<FileObject> file = open("D:\\f", disposition::Open);
    ASSERT_FALSE(file->node().set_size(3).is_error());
    EXPECT_EQ(read_file("D:\\f"), "abc");
    ASSERT_FALSE(file->node().set_size(5000).is_error());
    std::string grown = read_file("D:\\f");
    EXPECT_EQ(grown.size(), 5000u);
    EXPECT_EQ(grown.substr(0, 4), std::string("abc\0", 4));
    EXPECT_EQ(m_fs->used_bytes(), 2 * MemoryFileSystem::kClusterSize);
    ASSERT_FALSE(file->node().set_size(0).is_error());
    EXPECT_EQ(m_fs->used_bytes(), 0u);
}

TEST_F(MemoryFsTest, OverwriteEmptiesTheFile) {
    write_file("D:\\f", "old contents");
    ASSERT_TRUE(open("D:\\f", disposition::Overwrite));
    EXPECT_EQ(read_file("D:\\f"), "");
    EXPECT_EQ(m_fs->used_bytes(), 0u);
}

TEST_F(MemoryFsTest, WritesPastTheCapacityAreDiskFullAndChangeNothing) {
    write_file("D:\\f", "keep");
    RefPtr<FileObject> file = open("D:\\f", disposition::Open);
    std::vector<u8> big(kCapacity + 1, 'x');
    auto written = file->write(ReadonlyBytes(big.data(), big.size()), 0);
    ASSERT_TRUE(written.is_error());
    EXPECT_EQ(written.error().status(), status::DiskFull);
    EXPECT_EQ(read_file("D:\\f"), "keep");
    auto huge = file->node().set_size(u64(1) << 40);
    ASSERT_TRUE(huge.is_error());
    EXPECT_EQ(huge.error().status(), status::DiskFull);
    // Exactly the capacity fits.
    EXPECT_FALSE(file->node().set_size(kCapacity).is_error());
    EXPECT_EQ(m_fs->used_bytes(), kCapacity);
    auto space = file->node().volume_space();
    ASSERT_FALSE(space.is_error());
    EXPECT_EQ(space.value().free_clusters, 0u);
    EXPECT_EQ(space.value().total_clusters, kCapacity / MemoryFileSystem::kClusterSize);
}

TEST_F(MemoryFsTest, DeletedFilesGiveTheirSpaceBack) {
    write_file("D:\\f", std::string(10000, 'a'));
    EXPECT_EQ(m_fs->used_bytes(), 3 * MemoryFileSystem::kClusterSize);
    EXPECT_EQ(delete_status("D:\\f"), status::Success);
    EXPECT_EQ(m_fs->used_bytes(), 0u);
    EXPECT_EQ(status_of("D:\\f", disposition::Open), status::ObjectNameNotFound);
}

TEST_F(MemoryFsTest, DirectoriesNestAndListSortedWithDotEntries) {
    ASSERT_TRUE(make_directory("D:\\dir"));
    write_file("D:\\dir\\b.txt", "b");
    write_file("D:\\dir\\A.txt", "a");
    ASSERT_TRUE(make_directory("D:\\dir\\sub"));
    EXPECT_EQ(list("D:\\dir"), (std::vector<std::string>{".", "..", "A.txt", "b.txt", "sub"}));
    EXPECT_EQ(list("D:\\"), (std::vector<std::string>{"dir"}));
    EXPECT_EQ(read_file("D:\\DIR\\a.TXT"), "a");
}

TEST_F(MemoryFsTest, NonEmptyDirectoriesAndTheRootCannotBeDeleted) {
    ASSERT_TRUE(make_directory("D:\\dir"));
    write_file("D:\\dir\\f", "x");
    EXPECT_EQ(delete_status("D:\\dir"), status::DirectoryNotEmpty);
    EXPECT_EQ(delete_status("D:\\dir\\f"), status::Success);
    EXPECT_EQ(delete_status("D:\\dir"), status::Success);
    EXPECT_TRUE(list("D:\\").empty());
}

TEST_F(MemoryFsTest, DeleteOfAnOpenFileWaitsForTheLastClose) {
    write_file("D:\\f", "data");
    RefPtr<FileObject> reader = open("D:\\f", disposition::Open, 0, file_access::GenericRead);
    ASSERT_TRUE(reader);
    EXPECT_EQ(delete_status("D:\\f"), status::Success);
    // Marked: new opens are refused, the name stays, the open still reads.
    EXPECT_EQ(status_of("D:\\f", disposition::Open), status::DeletePending);
    EXPECT_EQ(list("D:\\"), (std::vector<std::string>{"f"}));
    u8 buffer[4];
    EXPECT_EQ(reader->read(Bytes(buffer, 4), 0).value(), 4u);
    reader = nullptr;
    EXPECT_TRUE(list("D:\\").empty());
    EXPECT_EQ(m_fs->used_bytes(), 0u);
}

TEST_F(MemoryFsTest, DeleteIsRefusedWhenAnOpenDoesNotShareDelete) {
    write_file("D:\\f", "data");
    RefPtr<FileObject> reader =
        open("D:\\f", disposition::Open, 0, file_access::GenericRead, file_share::Read | file_share::Write);
    EXPECT_EQ(delete_status("D:\\f"), status::SharingViolation);
    reader = nullptr;
    EXPECT_EQ(delete_status("D:\\f"), status::Success);
}

TEST_F(MemoryFsTest, DeleteOnCloseRemovesAtClose) {
    RefPtr<FileObject> temp =
        open("D:\\temp", disposition::Create, create_option::DeleteOnClose, kReadWrite | file_access::Delete);
    ASSERT_TRUE(temp);
    EXPECT_EQ(list("D:\\"), (std::vector<std::string>{"temp"}));
    temp = nullptr;
    EXPECT_TRUE(list("D:\\").empty());
}

TEST_F(MemoryFsTest, ShareModesConflict) {
    write_file("D:\\f", "data");
    RefPtr<FileObject> reader =
        open("D:\\f", disposition::Open, 0, file_access::GenericRead, file_share::Read);
    EXPECT_EQ(status_of("D:\\f", disposition::Open, 0, file_access::GenericWrite), status::SharingViolation);
    // A truncating open is refused before it destroys data.
    EXPECT_EQ(status_of("D:\\f", disposition::OverwriteIf, 0, file_access::GenericRead),
              status::SharingViolation);
    EXPECT_EQ(read_file("D:\\f"), "data");
}

TEST_F(MemoryFsTest, ReadOnlyFilesRefuseWritesAndDeletion) {
    write_file("D:\\f", "data");
    {
        RefPtr<FileObject> file = open("D:\\f", disposition::Open);
        ASSERT_FALSE(file->node().set_read_only(true).is_error());
        auto stat = file->node().stat();
        EXPECT_TRUE(stat.value().attributes & file_attribute::ReadOnly);
    }
    EXPECT_EQ(status_of("D:\\f", disposition::Open, 0, file_access::GenericWrite), status::AccessDenied);
    EXPECT_EQ(status_of("D:\\f", disposition::OverwriteIf, 0, file_access::GenericRead),
              status::AccessDenied);
    EXPECT_EQ(status_of("D:\\f", disposition::Open, create_option::DeleteOnClose, file_access::Delete),
              status::CannotDelete);
    EXPECT_EQ(delete_status("D:\\f"), status::AccessDenied);
    RefPtr<FileObject> file = open("D:\\f", disposition::Open, 0, file_access::GenericRead);
    ASSERT_FALSE(file->node().set_read_only(false).is_error());
    file = nullptr;
    EXPECT_EQ(delete_status("D:\\f"), status::Success);
}

TEST_F(MemoryFsTest, AttributesAndTimesAreKept) {
    s_time = 5000;
    RefPtr<FileObject> file = open("D:\\f", disposition::Create);
    auto created = file->node().stat().value();
    EXPECT_EQ(created.attributes, file_attribute::Archive);
    EXPECT_EQ(created.creation_time, 5000u);
    s_time = 6000;
    ASSERT_FALSE(file->write(ReadonlyBytes(reinterpret_cast<const u8*>("x"), 1), 0).is_error());
    auto written = file->node().stat().value();
    EXPECT_EQ(written.creation_time, 5000u);
    EXPECT_EQ(written.last_write_time, 6000u);
    FileTimes times;
    times.creation_time = 42;
    ASSERT_FALSE(file->node().set_times(times).is_error());
    auto set = file->node().stat().value();
    EXPECT_EQ(set.creation_time, 42u);
    EXPECT_EQ(set.last_write_time, 6000u);
    EXPECT_NE(set.file_id, 0u);
    EXPECT_EQ(file->node().volume_serial(), 0x1234abcdu);
    RefPtr<FileObject> dir = make_directory("D:\\d");
    EXPECT_EQ(dir->node().stat().value().attributes, file_attribute::Directory);
}

TEST_F(MemoryFsTest, RenameMovesWithinTheVolume) {
    ASSERT_TRUE(make_directory("D:\\a"));
    ASSERT_TRUE(make_directory("D:\\b"));
    write_file("D:\\a\\f", "data");
    RefPtr<FileObject> file = open("D:\\a\\f", disposition::Open, 0, file_access::Delete);
    EXPECT_EQ(rename_status(*file, "D:\\b\\g", false), status::Success);
    EXPECT_EQ(list("D:\\a"), (std::vector<std::string>{".", ".."}));
    EXPECT_EQ(read_file("D:\\b\\g"), "data");
    // Another case of its own name.
    EXPECT_EQ(rename_status(*file, "D:\\b\\G", false), status::Success);
    EXPECT_EQ(list("D:\\b"), (std::vector<std::string>{".", "..", "G"}));
    EXPECT_EQ(rename_status(*file, "D:\\missing\\g", false), status::ObjectPathNotFound);
}

TEST_F(MemoryFsTest, RenameOverAnExistingFileNeedsReplaceAndAClosedTarget) {
    write_file("D:\\src", "new");
    write_file("D:\\dst", "old");
    ASSERT_TRUE(make_directory("D:\\dir"));
    RefPtr<FileObject> file = open("D:\\src", disposition::Open, 0, file_access::Delete);
    EXPECT_EQ(rename_status(*file, "D:\\dst", false), status::ObjectNameCollision);
    EXPECT_EQ(rename_status(*file, "D:\\dir", true), status::AccessDenied);
    {
        RefPtr<FileObject> target = open("D:\\dst", disposition::Open, 0, file_access::GenericRead);
        EXPECT_EQ(rename_status(*file, "D:\\dst", true), status::AccessDenied);
    }
    EXPECT_EQ(rename_status(*file, "D:\\dst", true), status::Success);
    EXPECT_EQ(read_file("D:\\dst"), "new");
    EXPECT_EQ(list("D:\\"), (std::vector<std::string>{"dir", "dst"}));
    EXPECT_EQ(m_fs->used_bytes(), MemoryFileSystem::kClusterSize);
}

TEST_F(MemoryFsTest, DirectoryCannotMoveIntoItself) {
    ASSERT_TRUE(make_directory("D:\\a"));
    ASSERT_TRUE(make_directory("D:\\a\\b"));
    RefPtr<FileObject> dir =
        open("D:\\a", disposition::Open, create_option::DirectoryFile, file_access::Delete);
    EXPECT_EQ(rename_status(*dir, "D:\\a\\b\\c", false), status::InvalidParameter);
    EXPECT_EQ(rename_status(*dir, "D:\\c", false), status::Success);
    EXPECT_EQ(list("D:\\c"), (std::vector<std::string>{".", "..", "b"}));
}

TEST_F(MemoryFsTest, AllocationFailuresAreNoMemoryAndLeaveTheVolumeUnchanged) {
    ASSERT_TRUE(make_directory("D:\\dir"));
    // Every allocation point of a create, in turn.
    WindowsPath name = path("D:\\dir\\new");
    OpenRequest request;
    request.desired_access = kReadWrite;
    request.disposition = disposition::Create;
    request.share_access = kShareAll;
    for (long allowed = 0; allowed < 64; ++allowed) {
        NtStatus result;
        {
            test_support::ScopedAllocationFailure failing(allowed);
            auto opened = m_vfs.open(name, request);
            result = opened.is_error() ? opened.error().status() : status::Success;
        }
        if (result == status::Success)
            break;
        EXPECT_TRUE(result == status::NoMemory || result == status::InsufficientResources) << result.name();
        EXPECT_EQ(list("D:\\dir"), (std::vector<std::string>{".", ".."}));
    }
    EXPECT_EQ(list("D:\\dir"), (std::vector<std::string>{".", "..", "new"}));
    RefPtr<FileObject> file = open("D:\\dir\\new", disposition::Open);
    std::string data(3000, 'z');
    {
        test_support::ScopedAllocationFailure failing(0);
        auto written = file->write(ReadonlyBytes(reinterpret_cast<const u8*>(data.data()), data.size()), 0);
        ASSERT_TRUE(written.is_error());
        EXPECT_EQ(written.error().status(), status::NoMemory);
    }
    EXPECT_EQ(file->node().size().value(), 0u);
    EXPECT_EQ(m_fs->used_bytes(), 0u);
}
