#include "HostDirFsFixture.h"

#include <core/ob/HandleTable.h>

#include <set>
#include <sys/stat.h>

using namespace halcyon;
using namespace halcyon::fs;
using namespace halcyon::fs::testing;

TEST_F(HostDirFsTest, OpenIsCaseInsensitive) {
    stdfs::create_directory(host("Windows"));
    stdfs::create_directory(host("Windows/System32"));
    write_host_file("Windows/System32/Kernel32.dll", "MZ");
    auto result = open("C:\\WINDOWS\\system32\\KERNEL32.DLL", disposition::Open);
    ASSERT_FALSE(result.is_error()) << result.error().message();
    EXPECT_EQ(result.value().information, create_info::Opened);
    auto stat = result.value().node->stat();
    ASSERT_FALSE(stat.is_error());
    EXPECT_EQ(stat.value().size, 2u);
}

TEST_F(HostDirFsTest, ExactCaseWinsOverOtherCaseVariants) {
    write_host_file("readme.txt", "lower");
    write_host_file("README.txt", "upper");
    RefPtr<FileObject> exact = open_file("C:\\readme.txt", disposition::Open);
    ASSERT_TRUE(exact);
    EXPECT_EQ(read_all(*exact, 0, 16), "lower");
    // No exact match: the byte-wise smallest name is chosen, deterministically.
    RefPtr<FileObject> folded = open_file("C:\\ReadMe.TXT", disposition::Open);
    ASSERT_TRUE(folded);
    EXPECT_EQ(read_all(*folded, 0, 16), "upper");
}

TEST_F(HostDirFsTest, CreationUsesTheNameAsGiven) {
    stdfs::create_directory(host("Data"));
    auto result = open("C:\\data\\NewFile.Txt", disposition::Create);
    ASSERT_FALSE(result.is_error());
    EXPECT_TRUE(stdfs::exists(host("Data/NewFile.Txt")));
    EXPECT_EQ(open_status("C:\\DATA\\newfile.txt", disposition::Create), status::ObjectNameCollision);
}

TEST_F(HostDirFsTest, MissingComponentsGiveNtErrors) {
    write_host_file("file", "x");
    EXPECT_EQ(open_status("C:\\nothing", disposition::Open), status::ObjectNameNotFound);
    EXPECT_EQ(open_status("C:\\no\\such\\file", disposition::Open), status::ObjectPathNotFound);
    EXPECT_EQ(open_status("C:\\no\\file", disposition::Create), status::ObjectPathNotFound);
    EXPECT_EQ(open_status("C:\\file\\below", disposition::OpenIf), status::ObjectPathNotFound);
    EXPECT_EQ(open_status("Q:\\file", disposition::Open), status::ObjectPathNotFound);
}

TEST_F(HostDirFsTest, CreateDispositionsBehaveLikeNt) {
    // Missing file.
    EXPECT_EQ(open_status("C:\\f", disposition::Open), status::ObjectNameNotFound);
    EXPECT_EQ(open_status("C:\\f", disposition::Overwrite), status::ObjectNameNotFound);
    auto created = open("C:\\f", disposition::Create);
    ASSERT_FALSE(created.is_error());
    EXPECT_EQ(created.value().information, create_info::Created);

    write_host_file("f", "contents");
    EXPECT_EQ(open_status("C:\\f", disposition::Create), status::ObjectNameCollision);

    auto opened = open("C:\\f", disposition::Open);
    ASSERT_FALSE(opened.is_error());
    EXPECT_EQ(opened.value().information, create_info::Opened);
    auto open_if = open("C:\\f", disposition::OpenIf);
    ASSERT_FALSE(open_if.is_error());
    EXPECT_EQ(open_if.value().information, create_info::Opened);
    EXPECT_EQ(read_host_file("f"), "contents");

    auto overwritten = open("C:\\f", disposition::Overwrite);
    ASSERT_FALSE(overwritten.is_error());
    EXPECT_EQ(overwritten.value().information, create_info::Overwritten);
    EXPECT_EQ(read_host_file("f"), "");

    write_host_file("f", "again");
    auto overwrite_if = open("C:\\f", disposition::OverwriteIf);
    ASSERT_FALSE(overwrite_if.is_error());
    EXPECT_EQ(overwrite_if.value().information, create_info::Overwritten);
    EXPECT_EQ(read_host_file("f"), "");

    write_host_file("f", "once more");
    auto superseded = open("C:\\f", disposition::Supersede);
    ASSERT_FALSE(superseded.is_error());
    EXPECT_EQ(superseded.value().information, create_info::Superseded);
    EXPECT_EQ(read_host_file("f"), "");

    auto open_if_new = open("C:\\g", disposition::OpenIf);
    ASSERT_FALSE(open_if_new.is_error());
    EXPECT_EQ(open_if_new.value().information, create_info::Created);
    auto overwrite_if_new = open("C:\\h", disposition::OverwriteIf);
    ASSERT_FALSE(overwrite_if_new.is_error());
    EXPECT_EQ(overwrite_if_new.value().information, create_info::Created);
    auto supersede_new = open("C:\\i", disposition::Supersede);
    ASSERT_FALSE(supersede_new.is_error());
    EXPECT_EQ(supersede_new.value().information, create_info::Created);

    EXPECT_EQ(open_status("C:\\f", 6), status::InvalidParameter);
}

TEST_F(HostDirFsTest, DirectoryOptionsBehaveLikeNt) {
    write_host_file("file", "x");
    auto made = open("C:\\dir", disposition::Create, create_option::DirectoryFile);
    ASSERT_FALSE(made.is_error());
    EXPECT_EQ(made.value().information, create_info::Created);
    EXPECT_TRUE(stdfs::is_directory(host("dir")));
    EXPECT_TRUE(made.value().node->is_directory());

    EXPECT_EQ(open_status("C:\\dir", disposition::Open, create_option::NonDirectoryFile), status::FileIsADirectory);
    EXPECT_EQ(open_status("C:\\file", disposition::Open, create_option::DirectoryFile), status::NotADirectory);
    EXPECT_EQ(open_status("C:\\dir", disposition::OverwriteIf, create_option::DirectoryFile), status::InvalidParameter);
    EXPECT_EQ(open_status("C:\\dir", disposition::OverwriteIf), status::FileIsADirectory);
    EXPECT_EQ(open_status("C:\\dir", disposition::Open, create_option::DirectoryFile | create_option::NonDirectoryFile),
              status::InvalidParameter);
    EXPECT_EQ(open_status("C:\\", disposition::Open, create_option::NonDirectoryFile), status::FileIsADirectory);
    EXPECT_EQ(open_status("C:\\", disposition::Create, create_option::DirectoryFile), status::ObjectNameCollision);
    EXPECT_EQ(open_status("C:\\", disposition::Open, create_option::DirectoryFile), status::Success);

    // Data I/O on a directory node fails.
    u8 byte;
    EXPECT_EQ(made.value().node->read(0, Bytes(&byte, 1)).error().status(), status::FileIsADirectory);
}

TEST_F(HostDirFsTest, ReadWriteAtOffsets) {
    RefPtr<FileObject> file = open_file("C:\\data.bin", disposition::Create);
    ASSERT_TRUE(file);
    EXPECT_EQ(file->write(bytes_of("hello"), 0).value(), 5u);
    EXPECT_EQ(file->write(bytes_of("world"), 10).value(), 5u);
    EXPECT_EQ(read_all(*file, 0, 32), std::string("hello\0\0\0\0\0world", 15));
    EXPECT_EQ(read_all(*file, 3, 4), std::string("lo\0\0", 4));
    EXPECT_EQ(read_all(*file, 15, 4), "error:EndOfFile");
    EXPECT_EQ(read_all(*file, 1000, 4), "error:EndOfFile");
    // A zero-length read at the end is not an error.
    EXPECT_EQ(read_all(*file, 15, 0), "");

    // The file position advances for I/O without an explicit offset.
    file->set_position(0);
    EXPECT_EQ(read_all(*file, kUseFilePointerPosition, 3), "hel");
    EXPECT_EQ(read_all(*file, kUseFilePointerPosition, 2), "lo");
    EXPECT_EQ(file->position(), 5u);
    EXPECT_EQ(file->write(bytes_of("!"), kWriteToEndOfFile).value(), 1u);
    EXPECT_EQ(file->position(), 16u);
    EXPECT_EQ(read_host_file("data.bin"), std::string("hello\0\0\0\0\0world!", 16));
    EXPECT_FALSE(file->flush().is_error());
}

TEST_F(HostDirFsTest, AccessIsChecked) {
    write_host_file("f", "data");
    RefPtr<FileObject> reader = open_file("C:\\f", disposition::Open, create_option::SynchronousIoNonalert,
                                          file_access::GenericRead);
    ASSERT_TRUE(reader);
    EXPECT_EQ(reader->write(bytes_of("x"), 0).error().status(), status::AccessDenied);
    EXPECT_EQ(reader->set_size(0).error().status(), status::AccessDenied);
    EXPECT_EQ(read_all(*reader, 0, 4), "data");

    RefPtr<FileObject> writer = open_file("C:\\f", disposition::Open, create_option::SynchronousIoNonalert,
                                          file_access::WriteData);
    ASSERT_TRUE(writer);
    EXPECT_EQ(read_all(*writer, 0, 4), "error:AccessDenied");

    // Append-only handles write at the end whatever the offset.
    RefPtr<FileObject> appender = open_file("C:\\f", disposition::Open, create_option::SynchronousIoNonalert,
                                            file_access::AppendData);
    ASSERT_TRUE(appender);
    EXPECT_FALSE(appender->write(bytes_of("++"), 0).is_error());
    EXPECT_EQ(read_host_file("f"), "data++");

    // Asynchronous file objects need an explicit offset.
    RefPtr<FileObject> async = open_file("C:\\f", disposition::Open, 0, file_access::GenericRead);
    ASSERT_TRUE(async);
    EXPECT_EQ(read_all(*async, kUseFilePointerPosition, 4), "error:InvalidParameter");
    EXPECT_EQ(read_all(*async, 0, 4), "data");
}

TEST_F(HostDirFsTest, ReadOnlyFilesRefuseWritesAndDeletes) {
    write_host_file("ro", "keep");
    chmod(host("ro").c_str(), 0444);
    EXPECT_EQ(open("C:\\ro", disposition::Open, 0, file_access::GenericWrite).error().status(), status::AccessDenied);
    EXPECT_EQ(open_status("C:\\ro", disposition::Overwrite), status::AccessDenied);
    RefPtr<FileObject> reader = open_file("C:\\ro", disposition::Open, 0, file_access::GenericRead);
    ASSERT_TRUE(reader);
    auto stat = reader->stat();
    ASSERT_FALSE(stat.is_error());
    EXPECT_EQ(stat.value().attributes, file_attribute::ReadOnly | file_attribute::Archive);
    EXPECT_EQ(m_vfs.remove(path("C:\\ro")).error().status(), status::AccessDenied);
    EXPECT_TRUE(stdfs::exists(host("ro")));

    OpenRequest request;
    request.desired_access = file_access::GenericRead;
    request.disposition = disposition::Create;
    request.file_attributes = file_attribute::ReadOnly;
    ASSERT_FALSE(m_vfs.open(path("C:\\new-ro"), request).is_error());
    struct stat st;
    ASSERT_EQ(::stat(host("new-ro").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0222, 0u);
}

TEST_F(HostDirFsTest, TruncateAndExtend) {
    RefPtr<FileObject> file = open_file("C:\\sized", disposition::Create);
    ASSERT_TRUE(file);
    ASSERT_FALSE(file->write(bytes_of("0123456789"), 0).is_error());
    ASSERT_FALSE(file->set_size(4).is_error());
    EXPECT_EQ(file->stat().value().size, 4u);
    EXPECT_EQ(read_all(*file, 0, 10), "0123");
    ASSERT_FALSE(file->set_size(8192 + 1).is_error());
    auto stat = file->stat();
    ASSERT_FALSE(stat.is_error());
    EXPECT_EQ(stat.value().size, 8193u);
    EXPECT_EQ(stat.value().allocation_size, 3u * 4096);
    EXPECT_EQ(read_all(*file, 4, 4), std::string(4, '\0'));
    EXPECT_EQ(stdfs::file_size(host("sized")), 8193u);
}

TEST_F(HostDirFsTest, StatReportsAttributesAndTimes) {
    stdfs::create_directory(host("d"));
    write_host_file("plain", "12345");
    auto file = open("C:\\plain", disposition::Open);
    ASSERT_FALSE(file.is_error());
    FileStat stat = file.value().node->stat().value();
    EXPECT_EQ(stat.attributes, file_attribute::Archive); // NTFS sets it on created files
    EXPECT_EQ(stat.size, 5u);
    // Any time after 2000-01-01 (125911584000000000 in FILETIME units).
    EXPECT_GT(stat.last_write_time, 125911584000000000ull);
    EXPECT_GT(stat.creation_time, 125911584000000000ull);

    auto dir = open("C:\\D", disposition::Open);
    ASSERT_FALSE(dir.is_error());
    FileStat dir_stat = dir.value().node->stat().value();
    EXPECT_EQ(dir_stat.attributes, file_attribute::Directory);
    EXPECT_TRUE(dir_stat.is_directory);
}

TEST_F(HostDirFsTest, FiletimeConversionMatchesWindows) {
    EXPECT_EQ(filetime_from_unix_ns(0), 116444736000000000ull);
    EXPECT_EQ(filetime_from_unix_ns(1'000'000'000), 116444736010000000ull);
    // Before 1970 rounds toward 1601, not toward 1970.
    EXPECT_EQ(filetime_from_unix_ns(-1'000'000'000), 116444735990000000ull);
    EXPECT_EQ(filetime_from_unix_ns(-50), 116444735999999999ull);
}

TEST_F(HostDirFsTest, DeleteRemovesFile) {
    write_host_file("gone", "x");
    stdfs::create_directory(host("Full"));
    write_host_file("Full/inner", "x");
    ASSERT_FALSE(m_vfs.remove(path("C:\\GONE")).is_error());
    EXPECT_FALSE(stdfs::exists(host("gone")));
    EXPECT_EQ(m_vfs.remove(path("C:\\gone")).error().status(), status::ObjectNameNotFound);
    EXPECT_EQ(m_vfs.remove(path("C:\\full")).error().status(), status::DirectoryNotEmpty);
    EXPECT_EQ(m_vfs.remove(path("C:\\")).error().status(), status::AccessDenied);
    ASSERT_FALSE(m_vfs.remove(path("C:\\full\\inner")).is_error());
    ASSERT_FALSE(m_vfs.remove(path("C:\\full")).is_error());
    EXPECT_FALSE(stdfs::exists(host("Full")));
}

TEST_F(HostDirFsTest, DeleteOnCloseRemovesFileWhenLastReferenceGoes) {
    ob::HandleTable handles;
    RefPtr<FileObject> file =
        open_file("C:\\temp.tmp", disposition::Create, create_option::DeleteOnClose | create_option::SynchronousIoNonalert,
                  file_access::GenericAll);
    ASSERT_TRUE(file);
    EXPECT_TRUE(file->delete_on_close());
    auto handle = handles.insert(RefPtr<ob::Object>(file.get()), file->granted_access());
    ASSERT_FALSE(handle.is_error());
    file = nullptr;
    EXPECT_TRUE(stdfs::exists(host("temp.tmp")));
    auto looked_up = handles.lookup_as<FileObject>(handle.value(), file_access::WriteData);
    ASSERT_FALSE(looked_up.is_error());
    EXPECT_FALSE(looked_up.value()->write(bytes_of("scratch"), 0).is_error());
    looked_up = ErrorOr<RefPtr<FileObject>>(RefPtr<FileObject>());
    ASSERT_FALSE(handles.close(handle.value()).is_error());
    EXPECT_FALSE(stdfs::exists(host("temp.tmp")));

    // Without DELETE access the option is refused up front.
    auto refused = open("C:\\x", disposition::Create, create_option::DeleteOnClose, file_access::GenericRead);
    EXPECT_EQ(refused.error().status(), status::InvalidParameter);
}

TEST_F(HostDirFsTest, DeleteDispositionCanBeSetAndCleared) {
    write_host_file("keep", "x");
    write_host_file("drop", "x");
    stdfs::create_directory(host("nonempty"));
    write_host_file("nonempty/f", "x");
    {
        RefPtr<FileObject> keep = open_file("C:\\keep", disposition::Open, 0, file_access::Delete | file_access::ReadData);
        ASSERT_TRUE(keep);
        ASSERT_FALSE(keep->set_delete_on_close(true).is_error());
        ASSERT_FALSE(keep->set_delete_on_close(false).is_error());
        RefPtr<FileObject> drop = open_file("C:\\drop", disposition::Open, 0, file_access::Delete);
        ASSERT_TRUE(drop);
        ASSERT_FALSE(drop->set_delete_on_close(true).is_error());
        RefPtr<FileObject> no_delete = open_file("C:\\keep", disposition::Open, 0, file_access::ReadData);
        EXPECT_EQ(no_delete->set_delete_on_close(true).error().status(), status::AccessDenied);
        RefPtr<FileObject> dir = open_file("C:\\nonempty", disposition::Open, 0, file_access::Delete);
        ASSERT_TRUE(dir);
        EXPECT_EQ(dir->set_delete_on_close(true).error().status(), status::DirectoryNotEmpty);
    }
    EXPECT_TRUE(stdfs::exists(host("keep")));
    EXPECT_FALSE(stdfs::exists(host("drop")));
    EXPECT_TRUE(stdfs::exists(host("nonempty")));
}

TEST_F(HostDirFsTest, EnumerateListsEntries) {
    stdfs::create_directory(host("dir"));
    write_host_file("dir/b.txt", "bb");
    write_host_file("dir/A.txt", "a");
    stdfs::create_directory(host("dir/Sub"));
    // A host name Windows cannot spell is hidden.
    write_host_file("dir/bad:name", "");

    RefPtr<FileObject> dir = open_file("C:\\DIR", disposition::Open, create_option::DirectoryFile,
                                       file_access::ListDirectory);
    ASSERT_TRUE(dir);
    EXPECT_TRUE(dir->is_directory());
    std::vector<std::string> names;
    std::vector<FileStat> stats;
    for (;;) {
        auto entry = dir->next_directory_entry(false);
        if (entry.is_error()) {
            EXPECT_EQ(entry.error().status(), status::NoMoreFiles);
            break;
        }
        names.emplace_back(entry.value()->name.c_str());
        stats.push_back(entry.value()->stat);
    }
    ASSERT_EQ(names, (std::vector<std::string>{".", "..", "A.txt", "b.txt", "Sub"}));
    EXPECT_TRUE(stats[0].is_directory);
    EXPECT_EQ(stats[2].size, 1u);
    EXPECT_EQ(stats[3].size, 2u);
    EXPECT_EQ(stats[4].attributes, file_attribute::Directory);

    // Restarting starts over.
    auto first = dir->next_directory_entry(true);
    ASSERT_FALSE(first.is_error());
    EXPECT_STREQ(first.value()->name.c_str(), ".");

    // The root has no "." or "..".
    RefPtr<FileObject> root = open_file("C:\\", disposition::Open, create_option::DirectoryFile, file_access::ListDirectory);
    ASSERT_TRUE(root);
    auto root_first = root->next_directory_entry(false);
    ASSERT_FALSE(root_first.is_error());
    EXPECT_STREQ(root_first.value()->name.c_str(), "dir");

    RefPtr<FileObject> file = open_file("C:\\dir\\A.txt", disposition::Open, 0, file_access::GenericRead);
    ASSERT_TRUE(file);
    EXPECT_EQ(file->next_directory_entry(false).error().status(), status::NotADirectory);
}

TEST_F(HostDirFsTest, MountTableRefusesDuplicatesAndDevices) {
    auto again = HostDirectoryFileSystem::create(StringView(m_root.c_str()));
    ASSERT_FALSE(again.is_error());
    RefPtr<FileSystem> second = again.release_value();
    EXPECT_EQ(m_vfs.mount('c', second).error().status(), status::ObjectNameCollision);
    EXPECT_EQ(m_vfs.mount('1', second).error().status(), status::InvalidParameter);
    ASSERT_FALSE(m_vfs.mount('d', second).is_error());
    EXPECT_TRUE(m_vfs.file_system_for('D'));
    ASSERT_FALSE(m_vfs.unmount('D').is_error());
    EXPECT_FALSE(m_vfs.file_system_for('d'));
    EXPECT_EQ(m_vfs.unmount('D').error().status(), status::ObjectPathNotFound);

    EXPECT_EQ(open_status("C:\\nul", disposition::Open), status::NotSupported);
    EXPECT_EQ(HostDirectoryFileSystem::create("/nonexistent/halcyon"_sv).error().status(), status::ObjectPathNotFound);
}

TEST_F(HostDirFsTest, FileObjectsAreTypedKernelObjects) {
    write_host_file("f", "x");
    RefPtr<FileObject> file = open_file("C:\\f", disposition::Open);
    ASSERT_TRUE(file);
    EXPECT_EQ(file->type(), ob::ObjectType::File);
    EXPECT_STREQ(file->type_name(), "File");
    ob::HandleTable handles;
    u64 handle = handles.insert(RefPtr<ob::Object>(file.get()), file->granted_access()).value();
    EXPECT_FALSE(handles.lookup_as<FileObject>(handle).is_error());
    EXPECT_EQ(handles.lookup(handle, ob::ObjectType::Process).error().status(), status::ObjectTypeMismatch);
}

TEST_F(HostDirFsTest, SetTimesStoresAccessAndWriteTimes) {
    write_host_file("t", "x");
    RefPtr<FileObject> file = open_file("C:\\t", disposition::Open);
    ASSERT_TRUE(file);
    constexpr u64 k2014 = 0x01d0000000000000ull;
    FileTimes times;
    times.last_write_time = k2014;
    times.last_access_time = k2014 + 10'000'000;
    ASSERT_FALSE(file->node().set_times(times).is_error());
    FileStat stat = file->stat().value();
    EXPECT_EQ(stat.last_write_time, k2014);
    EXPECT_EQ(stat.last_access_time, k2014 + 10'000'000);
    // Zero leaves a time as it is.
    times = {};
    times.last_access_time = k2014;
    ASSERT_FALSE(file->node().set_times(times).is_error());
    EXPECT_EQ(file->stat().value().last_write_time, k2014);
    EXPECT_EQ(file->stat().value().last_access_time, k2014);
}

TEST_F(HostDirFsTest, ReadOnlyAttributeIsTheHostWriteBits) {
    write_host_file("r", "x");
    RefPtr<FileObject> file = open_file("C:\\r", disposition::Open, 0, file_access::WriteAttributes);
    ASSERT_TRUE(file);
    ASSERT_FALSE(file->node().set_read_only(true).is_error());
    EXPECT_TRUE(file->stat().value().attributes & file_attribute::ReadOnly);
    EXPECT_EQ(stdfs::status(host("r")).permissions() & stdfs::perms::all & (stdfs::perms::owner_write |
                                                                            stdfs::perms::group_write |
                                                                            stdfs::perms::others_write),
              stdfs::perms::none);
    EXPECT_EQ(open_status("C:\\r", disposition::Open, 0, file_access::GenericWrite), status::AccessDenied);
    ASSERT_FALSE(file->node().set_read_only(false).is_error());
    EXPECT_FALSE(file->stat().value().attributes & file_attribute::ReadOnly);
    EXPECT_EQ(open_status("C:\\r", disposition::Open, 0, file_access::GenericWrite), status::Success);
}

TEST_F(HostDirFsTest, FileIdIsTheHostInodeAndVolumeSpaceIsReported) {
    write_host_file("i", "x");
    RefPtr<FileObject> file = open_file("C:\\i", disposition::Open);
    ASSERT_TRUE(file);
    struct stat info;
    ASSERT_EQ(::stat(host("i").c_str(), &info), 0);
    EXPECT_EQ(file->stat().value().file_id, static_cast<u64>(info.st_ino));
    auto space = file->node().volume_space();
    ASSERT_FALSE(space.is_error());
    EXPECT_EQ(space.value().bytes_per_sector, 512u);
    EXPECT_GT(space.value().total_clusters, 0u);
    EXPECT_LE(space.value().available_clusters, space.value().free_clusters);
    EXPECT_LE(space.value().free_clusters, space.value().total_clusters);
}
