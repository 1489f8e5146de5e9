#pragma once

// The fixture the host-directory tests share: a fresh temporary host directory mounted as C: on a
// private Vfs, with helpers that open through it. Opens share everything unless a test says
// otherwise, so that only the sharing tests see sharing rules.

#include <core/fs/FileObject.h>
#include <core/fs/HostDirFs.h>
#include <core/fs/Vfs.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace halcyon::fs::testing {

namespace stdfs = std::filesystem;

constexpr u32 kShareAll = file_share::Read | file_share::Write | file_share::Delete;

// A fresh host directory mounted as C:, removed after the test.
class HostDirFsTest : public ::testing::Test {
protected:
    void SetUp() override {
        char pattern[] = "/tmp/halcyon-hostdirfs-XXXXXX";
        ASSERT_NE(mkdtemp(pattern), nullptr);
        m_root = pattern;
        auto fs = HostDirectoryFileSystem::create(StringView(m_root.c_str()));
        ASSERT_FALSE(fs.is_error());
        ASSERT_FALSE(m_vfs.mount('C', fs.release_value()).is_error());
    }
    void TearDown() override {
        std::error_code ignored;
        // Read-only files would survive a non-root remove_all otherwise.
        for (auto& entry : stdfs::recursive_directory_iterator(m_root, ignored))
            stdfs::permissions(entry.path(), stdfs::perms::owner_all, stdfs::perm_options::add, ignored);
        stdfs::remove_all(m_root, ignored);
    }

    std::string host(const std::string& relative) const { return m_root + "/" + relative; }

    void write_host_file(const std::string& relative, const std::string& contents) {
        std::ofstream out(host(relative), std::ios::binary);
        out << contents;
    }

    std::string read_host_file(const std::string& relative) {
        std::ifstream in(host(relative), std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(in), {});
    }

    WindowsPath path(const char* name) {
        auto parsed = parse_windows_path(StringView(name), nullptr);
        EXPECT_FALSE(parsed.is_error()) << name;
        return parsed.release_value();
    }

    ErrorOr<OpenResult> open(const char* name, u32 disposition, u32 options = 0,
                             u32 access = file_access::GenericRead | file_access::GenericWrite,
                             u32 share = kShareAll) {
        OpenRequest request;
        request.desired_access = access;
        request.disposition = disposition;
        request.options = options;
        request.share_access = share;
        return m_vfs.open(path(name), request);
    }

    /// A file object as NtCreateFile makes it, holding the open's share claim.
    RefPtr<FileObject> open_file(const char* name, u32 disposition,
                                 u32 options = create_option::SynchronousIoNonalert,
                                 u32 access = file_access::GenericRead | file_access::GenericWrite,
                                 u32 share = kShareAll) {
        OpenRequest request;
        request.desired_access = access;
        request.disposition = disposition;
        request.options = options;
        request.share_access = share;
        auto result = m_vfs.open(path(name), request);
        EXPECT_FALSE(result.is_error())
            << name << ": " << (result.is_error() ? result.error().message() : "");
        if (result.is_error())
            return nullptr;
        OpenResult opened = result.release_value();
        auto file = FileObject::create(move(opened.node), request, move(opened.claim));
        EXPECT_FALSE(file.is_error());
        return file.is_error() ? nullptr : file.release_value();
    }

    NtStatus open_status(const char* name, u32 disposition, u32 options = 0,
                         u32 access = file_access::GenericRead | file_access::GenericWrite,
                         u32 share = kShareAll) {
        auto result = open(name, disposition, options, access, share);
        return result.is_error() ? result.error().status() : status::Success;
    }

    std::string m_root;
    Vfs m_vfs;
};

inline ReadonlyBytes bytes_of(const std::string& text) {
    return {reinterpret_cast<const u8*>(text.data()), text.size()};
}

inline std::string read_all(FileObject& file, u64 offset, usize length) {
    std::string buffer(length, '\0');
    auto count = file.read(Bytes(reinterpret_cast<u8*>(buffer.data()), length), offset);
    if (count.is_error())
        return std::string("error:") + count.error().status().name();
    buffer.resize(count.value());
    return buffer;
}

} // namespace halcyon::fs::testing
