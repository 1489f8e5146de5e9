// CreateFileW -> NtCreateFile argument mapping.

#include <gtest/gtest.h>

#include "win32/kernelbase/CreateDisposition.h"

using namespace halcyon::win32::file;

namespace {

constexpr uint32_t kGenericRead = 0x80000000;
constexpr uint32_t kSynchronize = 0x00100000;
constexpr uint32_t kFileReadAttributes = 0x80;
constexpr uint32_t kDelete = 0x00010000;

} // namespace

TEST(CreateDisposition, EachWin32DispositionMapsToItsNtDisposition) {
    NtCreateArguments args{};
    const uint32_t expected[][2] = {{1, kNtFileCreate}, {2, kNtFileOverwriteIf}, {3, kNtFileOpen},
                                    {4, kNtFileOpenIf}, {5, kNtFileOverwrite}};
    for (auto& [win32, nt] : expected) {
        ASSERT_TRUE(map_create_file(win32, kGenericRead, 0x80, args));
        EXPECT_EQ(args.create_disposition, nt) << win32;
    }
    EXPECT_FALSE(map_create_file(0, kGenericRead, 0, args));
    EXPECT_FALSE(map_create_file(6, kGenericRead, 0, args));
}

TEST(CreateDisposition, SynchronousNonDirectoryOpenByDefault) {
    NtCreateArguments args{};
    ASSERT_TRUE(map_create_file(3, kGenericRead, 0x80 /* FILE_ATTRIBUTE_NORMAL */, args));
    EXPECT_EQ(args.create_options, kNtFileNonDirectoryFile | kNtFileSynchronousIoNonAlert);
    EXPECT_EQ(args.desired_access, kGenericRead | kSynchronize | kFileReadAttributes);
    EXPECT_EQ(args.file_attributes, 0x80u);
}

TEST(CreateDisposition, FlagsBecomeCreateOptions) {
    NtCreateArguments args{};
    // FILE_FLAG_BACKUP_SEMANTICS | FILE_FLAG_OVERLAPPED | FILE_FLAG_DELETE_ON_CLOSE | WRITE_THROUGH
    ASSERT_TRUE(map_create_file(2, kGenericRead, 0x02000000 | 0x40000000 | 0x04000000 | 0x80000000 | 0x2, args));
    EXPECT_EQ(args.create_options, kNtFileOpenForBackupIntent | kNtFileDeleteOnClose | kNtFileWriteThrough);
    EXPECT_TRUE(args.desired_access & kDelete);
    EXPECT_EQ(args.file_attributes, 0x2u); // flags are stripped from the attributes
}

TEST(CreateDisposition, AlreadyExistsOnlyForAlwaysDispositionsThatFoundAFile) {
    EXPECT_EQ(last_error_after_create(2, kNtFileOverwritten), 183u);
    EXPECT_EQ(last_error_after_create(2, kNtFileCreated), 0u);
    EXPECT_EQ(last_error_after_create(4, kNtFileOpened), 183u);
    EXPECT_EQ(last_error_after_create(4, kNtFileCreated), 0u);
    EXPECT_EQ(last_error_after_create(3, kNtFileOpened), 0u);
    EXPECT_EQ(last_error_after_create(1, kNtFileCreated), 0u);
}
