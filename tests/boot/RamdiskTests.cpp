// The system image's reader (core/fs/Ustar.h) and the read-only ramdisk volume over it
// (core/fs/RamdiskFs.h), as the bare-metal kernel mounts C:.

#include <core/fs/RamdiskFs.h>
#include <core/fs/Ustar.h>
#include <core/fs/Vfs.h>

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "UstarBuilder.h"

using namespace halcyon;
using namespace halcyon::fs;
using halcyon::boot::testing::UstarBuilder;

namespace {

ReadonlyBytes span_of(const std::vector<uint8_t>& bytes) {
    return ReadonlyBytes(bytes.data(), bytes.size());
}

struct ReadAll {
    std::vector<std::string> paths;
    std::vector<ustar::EntryType> types;
    std::vector<std::string> data;
    Error error{status::Success};
    bool failed{false};
};

ReadAll read_all(const std::vector<uint8_t>& archive) {
    ReadAll out;
    ustar::Reader reader(span_of(archive));
    ustar::Entry entry;
    for (;;) {
        auto next = reader.next(entry);
        if (next.is_error()) {
            out.failed = true;
            out.error = next.release_error();
            return out;
        }
        if (!next.value())
            return out;
        out.paths.emplace_back(entry.path().data(), entry.path().length());
        out.types.push_back(entry.type);
        out.data.emplace_back(reinterpret_cast<const char*>(entry.data.data()), entry.data.size());
    }
}

std::string failure_message(const std::vector<uint8_t>& archive) {
    ReadAll result = read_all(archive);
    EXPECT_TRUE(result.failed);
    if (!result.failed)
        return "";
    EXPECT_EQ(result.error.status(), status::InvalidImageFormat);
    return result.error.message();
}

} // namespace

TEST(Ustar, ReadsFilesAndDirectoriesWithTheirData) {
    UstarBuilder tar;
    tar.directory("Windows/");
    tar.add("Windows/hello.txt", "hello, world\n");
    tar.add("empty.bin", "");
    tar.add("big.bin", std::string(1500, 'x'));
    ReadAll result = read_all(tar.finish());
    ASSERT_FALSE(result.failed) << result.error.message();
    ASSERT_EQ(result.paths.size(), 4u);
    EXPECT_EQ(result.paths[0], "Windows");
    EXPECT_EQ(result.types[0], ustar::EntryType::Directory);
    EXPECT_EQ(result.paths[1], "Windows/hello.txt");
    EXPECT_EQ(result.data[1], "hello, world\n");
    EXPECT_EQ(result.data[2], "");
    EXPECT_EQ(result.data[3], std::string(1500, 'x'));
}

TEST(Ustar, JoinsThePrefixFieldAndDropsALeadingDotSlash) {
    UstarBuilder tar;
    tar.add("dll/kernel32.dll", "MZ", '0', "./Windows/System32");
    ReadAll result = read_all(tar.finish());
    ASSERT_FALSE(result.failed) << result.error.message();
    ASSERT_EQ(result.paths.size(), 1u);
    EXPECT_EQ(result.paths[0], "Windows/System32/dll/kernel32.dll");
}

TEST(Ustar, AcceptsTheGnuMagic) {
    UstarBuilder tar;
    size_t at = tar.add("a.txt", "a");
    std::memcpy(tar.bytes.data() + at + 257, "ustar  \0", 8);
    tar.seal(at);
    EXPECT_FALSE(read_all(tar.finish()).failed);
}

TEST(Ustar, AnEmptyArchiveHasNoEntries) {
    std::vector<uint8_t> archive(1024, 0);
    ReadAll result = read_all(archive);
    EXPECT_FALSE(result.failed);
    EXPECT_TRUE(result.paths.empty());
}

TEST(Ustar, AChangedHeaderByteFailsTheChecksum) {
    UstarBuilder tar;
    size_t at = tar.add("a.txt", "a");
    tar.bytes[at + 1] = 'X';
    EXPECT_EQ(failure_message(tar.finish()), "a header's checksum does not match");
}

TEST(Ustar, AHeaderWithoutTheMagicIsRefused) {
    UstarBuilder tar;
    size_t at = tar.add("a.txt", "a");
    std::memset(tar.bytes.data() + at + 257, 0, 8);
    tar.seal(at);
    EXPECT_EQ(failure_message(tar.finish()), "a header lacks the ustar magic");
}

TEST(Ustar, DataPastTheEndOfTheBufferIsRefused) {
    UstarBuilder tar;
    tar.add("a.txt", std::string(2000, 'a'));
    std::vector<uint8_t> truncated(tar.bytes.begin(), tar.bytes.begin() + 1024);
    EXPECT_EQ(failure_message(truncated), "an entry's data runs past the end of the archive");
}

TEST(Ustar, AnArchiveWithoutAnEndBlockIsRefused) {
    UstarBuilder tar;
    tar.add("a.txt", "a");
    EXPECT_EQ(failure_message(tar.bytes), "the archive ends without an end-of-archive block");
}

TEST(Ustar, LinksAndExtensionHeadersAreRefused) {
    for (char type : {'1', '2', 'x', 'g', 'L', '3'}) {
        UstarBuilder tar;
        tar.add("a", "", type);
        EXPECT_NE(failure_message(tar.finish()).find("neither a regular file nor a directory"), std::string::npos)
            << "typeflag " << type;
    }
}

TEST(Ustar, PathsThatClimbOrAreAbsoluteAreRefused) {
    for (const char* name : {"../evil", "a/../../b", "/etc/passwd", "a//b", "./", "a/./b"}) {
        UstarBuilder tar;
        tar.add(name, "x");
        std::string message = failure_message(tar.finish());
        EXPECT_FALSE(message.empty()) << name;
    }
}

TEST(Ustar, MalformedNumbersAreRefused) {
    UstarBuilder tar;
    size_t at = tar.add("a.txt", "a");
    tar.bytes[at + 124] = '9';
    tar.seal(at);
    EXPECT_EQ(failure_message(tar.finish()), "a header has a malformed numeric field");
    UstarBuilder base256;
    at = base256.add("a.txt", "a");
    base256.bytes[at + 124] = 0x80;
    base256.seal(at);
    EXPECT_EQ(failure_message(base256.finish()), "a header has a malformed numeric field");
}

TEST(Ustar, AReaderThatFailedKeepsFailing) {
    UstarBuilder tar;
    size_t at = tar.add("a.txt", "a");
    tar.bytes[at] = 'b';
    std::vector<uint8_t> archive = tar.finish();
    ustar::Reader reader(span_of(archive));
    ustar::Entry entry;
    EXPECT_TRUE(reader.next(entry).is_error());
    EXPECT_TRUE(reader.next(entry).is_error());
}

// --- the ramdisk volume

namespace {

class RamdiskTest : public ::testing::Test {
protected:
    void mount(const std::vector<uint8_t>& bytes) {
        archive = bytes;
        auto created = RamdiskFileSystem::create(span_of(archive), 0x1234abcd, 42);
        ASSERT_FALSE(created.is_error()) << created.error().message();
        volume = created.release_value();
    }

    ErrorOr<OpenResult> open(const char* path, u32 access = file_access::ReadData, u32 disposition = disposition::Open,
                             u32 options = 0, u32 share = file_share::Read) {
        std::vector<String> components;
        std::string text(path);
        size_t start = 0;
        while (start < text.size()) {
            size_t end = text.find('\\', start);
            if (end == std::string::npos)
                end = text.size();
            if (end > start)
                components.push_back(String::from(StringView(text.data() + start, end - start)).release_value());
            start = end + 1;
        }
        OpenRequest request;
        request.desired_access = access;
        request.disposition = disposition;
        request.options = options;
        request.share_access = share;
        return volume->open(Span<const String>(components.data(), components.size()), request);
    }

    static std::string read(Vnode& node, u64 offset, size_t count) {
        std::string buffer(count, '\0');
        auto got = node.read(offset, Bytes(reinterpret_cast<u8*>(buffer.data()), count));
        EXPECT_FALSE(got.is_error());
        buffer.resize(got.is_error() ? 0 : got.value());
        return buffer;
    }

    static std::vector<std::string> names(Vnode& node) {
        auto listing = node.list_directory();
        EXPECT_FALSE(listing.is_error());
        std::vector<std::string> out;
        if (!listing.is_error()) {
            for (auto& entry : listing.value())
                out.emplace_back(entry.name.c_str());
        }
        return out;
    }

    std::vector<uint8_t> archive;
    RefPtr<RamdiskFileSystem> volume;
};

std::vector<uint8_t> system_image() {
    UstarBuilder tar;
    tar.directory("Windows");
    tar.directory("Windows/System32");
    tar.add("Windows/System32/ntdll.dll", "MZ ntdll");
    tar.add("Windows/System32/Kernel32.dll", "MZ kernel32");
    tar.add("apps/hello.exe", "MZ hello"); // "apps" only implied
    return tar.finish();
}

} // namespace

TEST_F(RamdiskTest, OpensFilesCaseInsensitivelyAndReadsTheirBytes) {
    mount(system_image());
    auto opened = open("WINDOWS\\system32\\KERNEL32.DLL");
    ASSERT_FALSE(opened.is_error()) << opened.error().message();
    EXPECT_EQ(opened.value().information, create_info::Opened);
    EXPECT_EQ(read(*opened.value().node, 0, 100), "MZ kernel32");
    EXPECT_EQ(read(*opened.value().node, 3, 4), "kern");
    EXPECT_EQ(read(*opened.value().node, 11, 4), "");
    EXPECT_EQ(read(*opened.value().node, 1000, 4), "");
    auto stat = opened.value().node->stat();
    ASSERT_FALSE(stat.is_error());
    EXPECT_EQ(stat.value().size, 11u);
    EXPECT_FALSE(stat.value().is_directory);
    EXPECT_EQ(stat.value().attributes, file_attribute::ReadOnly);
    EXPECT_EQ(stat.value().last_write_time, (1700000000ull + 11644473600ull) * 10'000'000);
    EXPECT_EQ(opened.value().node->volume_serial(), 0x1234abcdu);
}

TEST_F(RamdiskTest, ImpliedDirectoriesExistAndListingsAreSortedWithDotsFirst) {
    mount(system_image());
    EXPECT_EQ(volume->file_count(), 3u);
    EXPECT_EQ(volume->directory_count(), 4u); // root, Windows, System32, apps
    auto root = open("", file_access::ListDirectory, disposition::Open, create_option::DirectoryFile);
    ASSERT_FALSE(root.is_error());
    EXPECT_EQ(names(*root.value().node), (std::vector<std::string>{"apps", "Windows"}));
    auto system32 = open("Windows\\System32", file_access::ListDirectory, disposition::Open, create_option::DirectoryFile);
    ASSERT_FALSE(system32.is_error());
    EXPECT_EQ(names(*system32.value().node), (std::vector<std::string>{".", "..", "Kernel32.dll", "ntdll.dll"}));
    auto stat = system32.value().node->stat();
    ASSERT_FALSE(stat.is_error());
    EXPECT_EQ(stat.value().attributes, file_attribute::Directory | file_attribute::ReadOnly);
    auto apps = open("apps", file_access::ListDirectory);
    ASSERT_FALSE(apps.is_error());
    EXPECT_EQ(apps.value().node->stat().value().creation_time, 42u);
}

TEST_F(RamdiskTest, MissingNamesAreNameOrPathNotFound) {
    mount(system_image());
    auto missing = open("Windows\\missing.dll");
    ASSERT_TRUE(missing.is_error());
    EXPECT_EQ(missing.error().status(), status::ObjectNameNotFound);
    auto no_dir = open("Windows\\nope\\x.dll");
    ASSERT_TRUE(no_dir.is_error());
    EXPECT_EQ(no_dir.error().status(), status::ObjectPathNotFound);
    auto below_file = open("apps\\hello.exe\\x");
    ASSERT_TRUE(below_file.is_error());
    EXPECT_EQ(below_file.error().status(), status::ObjectPathNotFound);
}

TEST_F(RamdiskTest, EveryWriteIsAccessDenied) {
    mount(system_image());
    auto create = open("new.txt", file_access::WriteData, disposition::Create);
    ASSERT_TRUE(create.is_error());
    EXPECT_EQ(create.error().status(), status::AccessDenied);
    auto write = open("apps\\hello.exe", file_access::WriteData);
    ASSERT_TRUE(write.is_error());
    EXPECT_EQ(write.error().status(), status::AccessDenied);
    auto overwrite = open("apps\\hello.exe", file_access::ReadData, disposition::OverwriteIf);
    ASSERT_TRUE(overwrite.is_error());
    EXPECT_EQ(overwrite.error().status(), status::AccessDenied);
    auto delete_on_close = open("apps\\hello.exe", file_access::ReadData | file_access::Delete, disposition::Open,
                                create_option::DeleteOnClose);
    ASSERT_TRUE(delete_on_close.is_error());
    EXPECT_EQ(delete_on_close.error().status(), status::CannotDelete);

    auto opened = open("apps\\hello.exe");
    ASSERT_FALSE(opened.is_error());
    Vnode& node = *opened.value().node;
    u8 byte = 0;
    EXPECT_EQ(node.write(0, ReadonlyBytes(&byte, 1)).error().status(), status::AccessDenied);
    EXPECT_EQ(node.set_size(0).error().status(), status::AccessDenied);
    EXPECT_EQ(node.remove().error().status(), status::AccessDenied);
    EXPECT_EQ(node.set_read_only(false).error().status(), status::AccessDenied);
    EXPECT_EQ(node.check_deletable().error().status(), status::AccessDenied);
    EXPECT_EQ(read(node, 0, 100), "MZ hello");
}

TEST_F(RamdiskTest, ShareModesApplyBetweenOpens) {
    mount(system_image());
    auto exclusive = open("apps\\hello.exe", file_access::ReadData, disposition::Open, 0, 0);
    ASSERT_FALSE(exclusive.is_error());
    auto second = open("APPS\\HELLO.EXE");
    ASSERT_TRUE(second.is_error());
    EXPECT_EQ(second.error().status(), status::SharingViolation);
    exclusive = open("Windows\\System32\\ntdll.dll");
    ASSERT_FALSE(exclusive.is_error());
    EXPECT_FALSE(open("apps\\hello.exe").is_error());
}

TEST_F(RamdiskTest, DirectoriesAndFilesRefuseTheWrongOpenKind) {
    mount(system_image());
    auto dir_as_file = open("Windows", file_access::ReadData, disposition::Open, create_option::NonDirectoryFile);
    ASSERT_TRUE(dir_as_file.is_error());
    EXPECT_EQ(dir_as_file.error().status(), status::FileIsADirectory);
    auto file_as_dir = open("apps\\hello.exe", file_access::ListDirectory, disposition::Open, create_option::DirectoryFile);
    ASSERT_TRUE(file_as_dir.is_error());
    EXPECT_EQ(file_as_dir.error().status(), status::NotADirectory);
    auto directory = open("Windows");
    ASSERT_FALSE(directory.is_error());
    u8 byte;
    EXPECT_EQ(directory.value().node->read(0, Bytes(&byte, 1)).error().status(), status::FileIsADirectory);
}

TEST(RamdiskImage, ConflictingEntriesAreRefused) {
    auto refused = [](const std::vector<uint8_t>& archive, const char* why) {
        auto created = RamdiskFileSystem::create(ReadonlyBytes(archive.data(), archive.size()), 1, 0);
        ASSERT_TRUE(created.is_error()) << why;
        EXPECT_EQ(created.error().status(), status::InvalidImageFormat) << why;
    };
    UstarBuilder twice;
    twice.add("a.txt", "1");
    twice.add("A.TXT", "2");
    refused(twice.finish(), "the same name in two cases");
    UstarBuilder below_file;
    below_file.add("a", "1");
    below_file.add("a/b", "2");
    refused(below_file.finish(), "an entry below a file");
    UstarBuilder file_over_directory;
    file_over_directory.directory("a");
    file_over_directory.add("a", "1");
    refused(file_over_directory.finish(), "a file named like a directory");
    UstarBuilder bad_name;
    bad_name.add("a:b", "1");
    refused(bad_name.finish(), "a name with ':'");
    UstarBuilder corrupt;
    corrupt.add("a", "1");
    refused(corrupt.bytes, "no end block");
}

TEST(RamdiskImage, ADirectoryNamedAfterItsContentsKeepsThem) {
    UstarBuilder tar;
    tar.add("d/file", "x");
    tar.add("d", "", '5', "", 1000);
    std::vector<uint8_t> archive = tar.finish();
    auto created = RamdiskFileSystem::create(ReadonlyBytes(archive.data(), archive.size()), 1, 0);
    ASSERT_FALSE(created.is_error()) << created.error().message();
    EXPECT_EQ(created.value()->file_count(), 1u);
    EXPECT_EQ(created.value()->directory_count(), 2u);
}
