#include <gtest/gtest.h>

#include "NtdllHarness.h"

using namespace ntdll_test;

class Path : public ::testing::Test {
protected:
    void SetUp() override { reset_process(); }

    static std::u16string full(const char16_t* name) {
        WCHAR buffer[512];
        ULONG bytes = RtlGetFullPathName_U(w(name), sizeof(buffer), buffer, nullptr);
        if (bytes == 0)
            return u"<error>";
        return to_u16(buffer, bytes / sizeof(WCHAR));
    }
    static std::u16string nt(const char16_t* name) {
        UNICODE_STRING result{};
        if (!RtlDosPathNameToNtPathName_U(w(name), &result, nullptr, nullptr))
            return u"<error>";
        std::u16string s = to_u16(result);
        EXPECT_EQ(result.Buffer[result.Length / 2], 0);
        RtlFreeUnicodeString(&result);
        return s;
    }
};

TEST_F(Path, ClassifiesDosPaths) {
    EXPECT_EQ(RtlDetermineDosPathNameType_U(w(u"\\\\server\\share")), RtlPathTypeUncAbsolute);
    EXPECT_EQ(RtlDetermineDosPathNameType_U(w(u"C:\\x")), RtlPathTypeDriveAbsolute);
    EXPECT_EQ(RtlDetermineDosPathNameType_U(w(u"C:x")), RtlPathTypeDriveRelative);
    EXPECT_EQ(RtlDetermineDosPathNameType_U(w(u"\\x")), RtlPathTypeRooted);
    EXPECT_EQ(RtlDetermineDosPathNameType_U(w(u"x\\y")), RtlPathTypeRelative);
    EXPECT_EQ(RtlDetermineDosPathNameType_U(w(u"\\\\.\\COM1")), RtlPathTypeLocalDevice);
    EXPECT_EQ(RtlDetermineDosPathNameType_U(w(u"\\\\?\\C:\\x")), RtlPathTypeLocalDevice);
    EXPECT_EQ(RtlDetermineDosPathNameType_U(w(u"\\\\.")), RtlPathTypeRootLocalDevice);
}

TEST_F(Path, FullPathsResolveAgainstTheCurrentDirectory) {
    EXPECT_EQ(full(u"file.txt"), u"C:\\apps\\file.txt");
    EXPECT_EQ(full(u"sub\\..\\file.txt"), u"C:\\apps\\file.txt");
    EXPECT_EQ(full(u"..\\..\\..\\x"), u"C:\\x");
    EXPECT_EQ(full(u".\\a/b//c"), u"C:\\apps\\a\\b\\c");
    EXPECT_EQ(full(u"\\Windows"), u"C:\\Windows");
    EXPECT_EQ(full(u"."), u"C:\\apps");
    EXPECT_EQ(full(u".\\"), u"C:\\apps\\");
    EXPECT_EQ(full(u"c:\\Dir\\.\\x\\..\\y"), u"c:\\Dir\\y"); // the drive letter keeps its case, as on Windows
    EXPECT_EQ(full(u"C:\\"), u"C:\\");
    EXPECT_EQ(full(u"C:\\.."), u"C:\\");
    EXPECT_EQ(full(u"C:\\dir\\"), u"C:\\dir\\");
    EXPECT_EQ(full(u"C:\\dir\\name.  "), u"C:\\dir\\name");
    EXPECT_EQ(full(u"C:tmp"), u"C:\\apps\\tmp");
    EXPECT_EQ(full(u"D:tmp"), u"D:\\tmp");
    EXPECT_EQ(full(u"\\\\server\\share\\a\\..\\b"), u"\\\\server\\share\\b");
    EXPECT_EQ(full(u"nul"), u"\\\\.\\nul");
    EXPECT_EQ(full(u"C:\\dir\\CON.txt"), u"\\\\.\\CON");
    EXPECT_EQ(full(u"console.txt"), u"C:\\apps\\console.txt");
    EXPECT_EQ(full(u""), u"<error>");
}

TEST_F(Path, FullPathReportsTheSizeItNeedsAndTheFilePart) {
    WCHAR small[4];
    EXPECT_EQ(RtlGetFullPathName_U(w(u"file.txt"), sizeof(small), small, nullptr), (16u + 1) * 2);
    WCHAR buffer[64];
    PWSTR file_part = nullptr;
    ULONG bytes = RtlGetFullPathName_U(w(u"sub\\file.txt"), sizeof(buffer), buffer, &file_part);
    EXPECT_EQ(bytes, 20u * 2);
    ASSERT_NE(file_part, nullptr);
    EXPECT_EQ(to_u16(file_part), u"file.txt");
    RtlGetFullPathName_U(w(u"C:\\dir\\"), sizeof(buffer), buffer, &file_part);
    EXPECT_EQ(file_part, nullptr);
}

TEST_F(Path, DosPathsBecomeNtPaths) {
    EXPECT_EQ(nt(u"C:\\Windows\\System32\\kernel32.dll"), u"\\??\\C:\\Windows\\System32\\kernel32.dll");
    EXPECT_EQ(nt(u"hello.exe"), u"\\??\\C:\\apps\\hello.exe");
    EXPECT_EQ(nt(u"\\\\server\\share\\f"), u"\\??\\UNC\\server\\share\\f");
    EXPECT_EQ(nt(u"\\\\?\\C:\\a\\..\\b"), u"\\??\\C:\\a\\..\\b");
    EXPECT_EQ(nt(u"\\??\\C:\\x"), u"\\??\\C:\\x");
    EXPECT_EQ(nt(u"\\\\.\\COM1"), u"\\??\\COM1");
    EXPECT_EQ(nt(u"NUL"), u"\\??\\NUL");
    EXPECT_EQ(nt(u""), u"<error>");
    UNICODE_STRING result{};
    PWSTR file_part = nullptr;
    ASSERT_TRUE(RtlDosPathNameToNtPathName_U(w(u"dir\\x.txt"), &result, &file_part, nullptr));
    ASSERT_NE(file_part, nullptr);
    EXPECT_EQ(to_u16(file_part), u"x.txt");
    RtlFreeUnicodeString(&result);
}

TEST_F(Path, CurrentDirectoryIsReportedWithoutItsTrailingSeparator) {
    WCHAR buffer[64];
    EXPECT_EQ(RtlGetCurrentDirectory_U(sizeof(buffer), buffer), 7u * 2);
    EXPECT_EQ(to_u16(buffer), u"C:\\apps");
    EXPECT_EQ(RtlGetCurrentDirectory_U(4, buffer), 8u * 2);
}

TEST_F(Path, SetCurrentDirectoryRequiresAnExistingDirectory) {
    UNICODE_STRING path;
    RtlInitUnicodeString(&path, w(u"..\\Windows\\System32"));
    ASSERT_EQ(RtlSetCurrentDirectory_U(&path), STATUS_SUCCESS);
    EXPECT_EQ(opened_paths().back(), u"\\??\\C:\\Windows\\System32");
    EXPECT_EQ(to_u16(reinterpret_cast<PCWSTR>(parameters().current_directory.buffer),
                     parameters().current_directory.length / 2),
              u"C:\\Windows\\System32\\");
    EXPECT_NE(parameters().current_directory_handle, 0u);
    EXPECT_EQ(full(u"x.dll"), u"C:\\Windows\\System32\\x.dll");

    RtlInitUnicodeString(&path, w(u"C:\\missing"));
    EXPECT_EQ(RtlSetCurrentDirectory_U(&path), STATUS_OBJECT_NAME_NOT_FOUND);
    EXPECT_EQ(full(u"x.dll"), u"C:\\Windows\\System32\\x.dll");

    // A directory longer than the kernel's buffer moves the string to the heap.
    std::u16string deep = u"C:\\";
    for (int i = 0; i < 30; ++i)
        deep += u"directory\\";
    set_existing_directories({u"\\??\\" + deep.substr(0, deep.size() - 1)});
    RtlInitUnicodeString(&path, w(deep.c_str()));
    ASSERT_EQ(RtlSetCurrentDirectory_U(&path), STATUS_SUCCESS);
    EXPECT_EQ(full(u"f"), deep + u"f");
}
