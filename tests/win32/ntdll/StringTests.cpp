#include <gtest/gtest.h>

#include <cstring>

#include "NtdllHarness.h"

using namespace ntdll_test;

class Strings : public ::testing::Test {
protected:
    void SetUp() override { reset_process(); }
};

TEST_F(Strings, InitUnicodeStringCountsBytes) {
    UNICODE_STRING s;
    RtlInitUnicodeString(&s, w(u"abc"));
    EXPECT_EQ(s.Length, 6);
    EXPECT_EQ(s.MaximumLength, 8);
    RtlInitUnicodeString(&s, nullptr);
    EXPECT_EQ(s.Length, 0);
    EXPECT_EQ(s.MaximumLength, 0);
    EXPECT_EQ(s.Buffer, nullptr);
    ANSI_STRING a;
    RtlInitAnsiString(&a, "hello");
    EXPECT_EQ(a.Length, 5);
    EXPECT_EQ(a.MaximumLength, 6);
}

TEST_F(Strings, AnsiIsCodePage1252) {
    const char bytes[] = "A\x80\x81\x9f\xe9";
    ANSI_STRING ansi;
    RtlInitAnsiString(&ansi, bytes);
    UNICODE_STRING unicode;
    ASSERT_EQ(RtlAnsiStringToUnicodeString(&unicode, &ansi, TRUE), STATUS_SUCCESS);
    EXPECT_EQ(to_u16(unicode), std::u16string(u"A\u20AC\u0081\u0178\u00E9"));
    EXPECT_EQ(unicode.Buffer[unicode.Length / 2], 0);
    ANSI_STRING back;
    ASSERT_EQ(RtlUnicodeStringToAnsiString(&back, &unicode, TRUE), STATUS_SUCCESS);
    EXPECT_EQ(std::string(back.Buffer, back.Length), std::string(bytes));
    RtlFreeUnicodeString(&unicode);
    RtlFreeAnsiString(&back);
}

TEST_F(Strings, UnmappableCharactersBecomeQuestionMarks) {
    char out[8] = {};
    ULONG written = 0;
    const char16_t text[] = u"a\u4E2D\u20AC";
    ASSERT_EQ(RtlUnicodeToMultiByteN(out, sizeof(out), &written, w(text), 6), STATUS_SUCCESS);
    EXPECT_EQ(written, 3u);
    EXPECT_EQ(std::string(out, 3), "a?\x80");
}

TEST_F(Strings, UnicodeToAnsiTruncatesWithBufferOverflow) {
    UNICODE_STRING source;
    RtlInitUnicodeString(&source, w(u"abcdef"));
    char buffer[4];
    ANSI_STRING destination{0, sizeof(buffer), buffer};
    EXPECT_EQ(RtlUnicodeStringToAnsiString(&destination, &source, FALSE), STATUS_BUFFER_OVERFLOW);
    EXPECT_EQ(destination.Length, 3);
    EXPECT_STREQ(buffer, "abc");
}

TEST_F(Strings, OemIsCodePage437) {
    WCHAR out[4];
    ULONG written;
    ASSERT_EQ(RtlOemToUnicodeN(out, sizeof(out), &written, "\x80\xb0\xe1", 3), STATUS_SUCCESS);
    EXPECT_EQ(to_u16(out, written / 2), std::u16string(u"\u00C7\u2591\u00DF"));
    USHORT ansi, oem;
    RtlGetDefaultCodePage(&ansi, &oem);
    EXPECT_EQ(ansi, 1252);
    EXPECT_EQ(oem, 437);
}

TEST_F(Strings, Utf8RoundTripsIncludingSurrogatePairs) {
    const char utf8[] = "h\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80";
    ULONG bytes = 0;
    ASSERT_EQ(RtlUTF8ToUnicodeN(nullptr, 0, &bytes, utf8, sizeof(utf8) - 1), STATUS_SUCCESS);
    EXPECT_EQ(bytes, 5u * 2);
    WCHAR wide[8];
    ASSERT_EQ(RtlUTF8ToUnicodeN(wide, sizeof(wide), &bytes, utf8, sizeof(utf8) - 1), STATUS_SUCCESS);
    EXPECT_EQ(to_u16(wide, bytes / 2), std::u16string(u"h\u00E9\u20AC\U0001F600"));
    char back[16];
    ULONG back_bytes = 0;
    ASSERT_EQ(RtlUnicodeToUTF8N(back, sizeof(back), &back_bytes, wide, bytes), STATUS_SUCCESS);
    EXPECT_EQ(std::string(back, back_bytes), std::string(utf8));
}

TEST_F(Strings, InvalidUtf8IsReplacedAndReported) {
    WCHAR wide[8];
    ULONG bytes = 0;
    // A lone continuation byte, an overlong '/', an encoded surrogate.
    const char bad[] = "a\x80"
                       "b\xC0\xAF"
                       "c\xED\xA0\x80";
    EXPECT_EQ(RtlUTF8ToUnicodeN(wide, sizeof(wide), &bytes, bad, sizeof(bad) - 1), STATUS_SOME_NOT_MAPPED);
    EXPECT_EQ(to_u16(wide, bytes / 2), std::u16string(u"a\uFFFDb\uFFFDc\uFFFD"));
    const char16_t lone[] = u"x\xD800y";
    char out[8];
    ULONG out_bytes;
    EXPECT_EQ(RtlUnicodeToUTF8N(out, sizeof(out), &out_bytes, w(lone), 6), STATUS_SOME_NOT_MAPPED);
    EXPECT_EQ(std::string(out, out_bytes), "x\xEF\xBF\xBDy");
}

TEST_F(Strings, Utf8ConversionReportsASmallBuffer) {
    WCHAR wide[2];
    ULONG bytes = 0;
    EXPECT_EQ(RtlUTF8ToUnicodeN(wide, sizeof(wide), &bytes, "abc", 3), STATUS_BUFFER_TOO_SMALL);
    EXPECT_EQ(bytes, 4u);
}

TEST_F(Strings, CaseInsensitiveComparisonCoversLatin1) {
    UNICODE_STRING a, b;
    RtlInitUnicodeString(&a, w(u"K\u00C9RNEL32.DLL"));
    RtlInitUnicodeString(&b, w(u"k\u00E9rnel32.dll"));
    EXPECT_TRUE(RtlEqualUnicodeString(&a, &b, TRUE));
    EXPECT_FALSE(RtlEqualUnicodeString(&a, &b, FALSE));
    EXPECT_LT(RtlCompareUnicodeString(&b, &a, FALSE), 0 + 1000000);
    UNICODE_STRING prefix;
    RtlInitUnicodeString(&prefix, w(u"k\u00E9rn"));
    EXPECT_TRUE(RtlPrefixUnicodeString(&prefix, &a, TRUE));
    EXPECT_EQ(RtlUpcaseUnicodeChar(u'\u00FF'), u'\u0178');
    EXPECT_EQ(RtlDowncaseUnicodeChar(u'\u0416'), u'\u0436');
    EXPECT_EQ(RtlUpcaseUnicodeChar(u'\u0101'), u'\u0100');
    EXPECT_EQ(RtlUpcaseUnicodeChar(u'\u017A'), u'\u0179');
}

TEST_F(Strings, LastErrorLivesInTheTeb) {
    RtlSetLastWin32Error(1234);
    EXPECT_EQ(RtlGetLastWin32Error(), 1234u);
    EXPECT_EQ(halcyon::ntdll::current_teb()->last_error_value, 1234u);
    EXPECT_EQ(RtlNtStatusToDosError(STATUS_ACCESS_DENIED), 5u);
    EXPECT_EQ(RtlGetLastNtStatus(), STATUS_ACCESS_DENIED);
}

TEST_F(Strings, UnimplementedExportsNameThemselvesOnStderr) {
    HalcyonLogUnimplemented("kernel32", "FrobnicateW");
    EXPECT_EQ(captured_stderr(), "halcyon: kernel32!FrobnicateW is not implemented\n");
}

TEST_F(Strings, VersionIsWindows10) {
    RTL_OSVERSIONINFOEXW info{};
    info.dwOSVersionInfoSize = sizeof(info);
    ASSERT_EQ(RtlGetVersion(reinterpret_cast<PRTL_OSVERSIONINFOW>(&info)), STATUS_SUCCESS);
    EXPECT_EQ(info.dwMajorVersion, 10u);
    EXPECT_EQ(info.dwBuildNumber, 19045u);
    EXPECT_EQ(info.wProductType, VER_NT_WORKSTATION);
    ULONG major, minor, build;
    RtlGetNtVersionNumbers(&major, &minor, &build);
    EXPECT_EQ(build, 0xF0000000u | 19045u);
}
