#include <core/fs/Path.h>
#include <core/fs/Utf.h>

#include <gtest/gtest.h>

#include <string>

using namespace halcyon;
using namespace halcyon::fs;

namespace {

// The current directory used by relative forms: C:\Users\me.
WindowsPath current_directory() {
    auto path = parse_windows_path("C:\\Users\\me"_sv, nullptr);
    EXPECT_FALSE(path.is_error());
    return path.release_value();
}

std::string render(const WindowsPath& path) {
    auto text = path.to_string();
    EXPECT_FALSE(text.is_error());
    return text.is_error() ? "<error>" : std::string(text.value().c_str());
}

// Parses against C:\Users\me and renders the result, or the error's status name.
std::string full(const char* name) {
    WindowsPath cwd = current_directory();
    auto path = parse_windows_path(StringView(name), &cwd);
    if (path.is_error())
        return std::string("error:") + path.error().status().name();
    return render(path.value());
}

NtStatus error_of(const char* name) {
    WindowsPath cwd = current_directory();
    auto path = parse_windows_path(StringView(name), &cwd);
    return path.is_error() ? path.error().status() : status::Success;
}

DosDevice device_of(const char* name) {
    WindowsPath cwd = current_directory();
    auto path = parse_windows_path(StringView(name), &cwd);
    EXPECT_FALSE(path.is_error()) << name;
    return path.is_error() ? DosDevice::None : path.value().device;
}

} // namespace

TEST(WindowsPath, DriveAbsolutePathsAreKeptAsIs) {
    EXPECT_EQ(full("C:\\a\\b"), "C:\\a\\b");
    EXPECT_EQ(full("d:\\Program Files\\App.exe"), "D:\\Program Files\\App.exe");
    EXPECT_EQ(full("C:\\"), "C:\\");
}

TEST(WindowsPath, DotDotAtRootStaysAtRoot) {
    EXPECT_EQ(full("C:\\.."), "C:\\");
    EXPECT_EQ(full("C:\\..\\..\\a"), "C:\\a");
    EXPECT_EQ(full("\\..\\x"), "C:\\x");
    EXPECT_EQ(full("..\\..\\..\\..\\y"), "C:\\y");
}

TEST(WindowsPath, DotAndDotDotAreResolved) {
    EXPECT_EQ(full("C:\\a\\.\\b\\..\\c"), "C:\\a\\c");
    EXPECT_EQ(full("C:\\a\\b\\.."), "C:\\a");
    EXPECT_EQ(full("C:\\a\\b\\."), "C:\\a\\b");
    EXPECT_EQ(full("."), "C:\\Users\\me");
    EXPECT_EQ(full(".."), "C:\\Users");
}

TEST(WindowsPath, ForwardAndBackSlashesAreEquivalent) {
    EXPECT_EQ(full("C:/a/b"), "C:\\a\\b");
    EXPECT_EQ(full("C:\\a/b\\c"), "C:\\a\\b\\c");
    EXPECT_EQ(full("/x/y"), "C:\\x\\y");
}

TEST(WindowsPath, RepeatedSeparatorsCollapse) {
    EXPECT_EQ(full("C:\\\\a\\\\\\b//c\\"), "C:\\a\\b\\c");
    EXPECT_EQ(full("C:\\a\\"), "C:\\a");
}

TEST(WindowsPath, RelativeFormsUseTheCurrentDirectory) {
    EXPECT_EQ(full("file.txt"), "C:\\Users\\me\\file.txt");
    EXPECT_EQ(full("sub\\file.txt"), "C:\\Users\\me\\sub\\file.txt");
    EXPECT_EQ(full("\\Windows"), "C:\\Windows");
    EXPECT_EQ(full("C:docs"), "C:\\Users\\me\\docs");
    EXPECT_EQ(full("D:docs"), "D:\\docs");
    EXPECT_EQ(full("C:"), "C:\\Users\\me");
}

TEST(WindowsPath, RelativeFormsWithoutCurrentDirectoryFail) {
    EXPECT_EQ(parse_windows_path("a\\b"_sv, nullptr).error().status(), status::ObjectPathSyntaxBad);
    EXPECT_EQ(parse_windows_path("\\a"_sv, nullptr).error().status(), status::ObjectPathSyntaxBad);
    // Drive-relative with no current directory starts at that drive's root.
    auto path = parse_windows_path("E:x"_sv, nullptr);
    ASSERT_FALSE(path.is_error());
    EXPECT_EQ(render(path.value()), "E:\\x");
}

TEST(WindowsPath, TrailingDotsAndSpacesAreStripped) {
    EXPECT_EQ(full("C:\\a\\file.txt. . "), "C:\\a\\file.txt");
    EXPECT_EQ(full("C:\\a\\name..."), "C:\\a\\name");
    EXPECT_EQ(full("C:\\a.\\b"), "C:\\a\\b");
    // Only a single trailing period goes from an inner component, and spaces stay.
    EXPECT_EQ(full("C:\\a..\\b"), "C:\\a..\\b");
    EXPECT_EQ(full("C:\\dir \\b"), "C:\\dir \\b");
    // A final component of only dots and spaces vanishes.
    EXPECT_EQ(full("C:\\a\\. ."), "C:\\a");
    EXPECT_EQ(full("C:\\a\\..."), "C:\\a");
    // Leading dots and spaces are kept.
    EXPECT_EQ(full("C:\\ .hidden"), "C:\\ .hidden");
}

TEST(WindowsPath, InvalidCharactersAreRejected) {
    for (const char* name : {"C:\\a<b", "C:\\a>b", "C:\\a:b", "C:\\a\"b", "C:\\a|b", "C:\\a?b", "C:\\a*b",
                             "C:\\dir\\x\x01y", "C:\\a\tb", "1:\\a", "C:\\a\\b:stream"})
        EXPECT_EQ(error_of(name), status::ObjectNameInvalid) << name;
    std::string with_nul("C:\\a\0b", 6);
    WindowsPath cwd = current_directory();
    EXPECT_EQ(parse_windows_path(StringView(with_nul.data(), with_nul.size()), &cwd).error().status(),
              status::ObjectNameInvalid);
}

TEST(WindowsPath, EmptyNameIsInvalid) { EXPECT_EQ(error_of(""), status::ObjectNameInvalid); }

TEST(WindowsPath, NtPrefixIsAccepted) {
    EXPECT_EQ(full("\\??\\C:\\x"), "C:\\x");
    EXPECT_EQ(full("\\??\\c:\\Windows\\System32\\"), "C:\\Windows\\System32");
    EXPECT_EQ(full("\\DosDevices\\C:\\x"), "C:\\x");
    EXPECT_EQ(full("\\GLOBAL??\\C:\\x"), "C:\\x");
}

TEST(WindowsPath, VerbatimPathsAreNotNormalised) {
    EXPECT_EQ(full("\\\\?\\C:\\x"), "C:\\x");
    // Trailing dots survive the \\?\ prefix: that is how Windows creates such names.
    EXPECT_EQ(full("\\\\?\\C:\\x."), "C:\\x.");
    EXPECT_EQ(full("\\??\\C:\\a \\b. "), "C:\\a \\b. ");
    EXPECT_EQ(error_of("\\\\?\\C:\\a\\..\\b"), status::ObjectNameInvalid);
    EXPECT_EQ(error_of("\\??\\C:\\a\\.\\b"), status::ObjectNameInvalid);
    EXPECT_EQ(error_of("\\??\\C:\\a\\\\b"), status::ObjectNameInvalid);
    // '/' is not a separator in a verbatim path, and is not a valid name character either.
    EXPECT_EQ(error_of("\\\\?\\C:\\a/b"), status::ObjectNameInvalid);
    // The volume itself is not a file.
    EXPECT_EQ(error_of("\\??\\C:"), status::NotSupported);
}

TEST(WindowsPath, LocalDeviceNamespaceIsNormalised) {
    EXPECT_EQ(full("\\\\.\\C:\\a\\..\\b"), "C:\\b");
    EXPECT_EQ(full("//./C:/a"), "C:\\a");
    EXPECT_EQ(error_of("\\\\.\\PhysicalDrive0"), status::NotSupported);
}

TEST(WindowsPath, UncPathsAreNotSupported) {
    EXPECT_EQ(error_of("\\\\server\\share\\file"), status::NotSupported);
    EXPECT_EQ(error_of("//server/share"), status::NotSupported);
    EXPECT_EQ(error_of("\\??\\UNC\\server\\share"), status::NotSupported);
    EXPECT_EQ(error_of("\\\\?\\UNC\\server\\share"), status::NotSupported);
}

TEST(WindowsPath, ReservedDeviceNamesAreFlagged) {
    EXPECT_EQ(device_of("CON"), DosDevice::Console);
    EXPECT_EQ(device_of("con"), DosDevice::Console);
    EXPECT_EQ(device_of("NUL"), DosDevice::Null);
    EXPECT_EQ(device_of("C:\\some\\dir\\nul.txt"), DosDevice::Null);
    EXPECT_EQ(device_of("nul "), DosDevice::Null);
    EXPECT_EQ(device_of("NUL:"), DosDevice::Null);
    EXPECT_EQ(device_of("CONIN$"), DosDevice::ConsoleInput);
    EXPECT_EQ(device_of("conout$"), DosDevice::ConsoleOutput);
    EXPECT_EQ(device_of("\\\\.\\CON"), DosDevice::Console);
    EXPECT_EQ(device_of("\\\\.\\CONOUT$"), DosDevice::ConsoleOutput);
    EXPECT_EQ(device_of("\\??\\NUL"), DosDevice::Null);
    EXPECT_EQ(device_of("COM1"), DosDevice::Unsupported);
    EXPECT_EQ(device_of("C:\\lpt9.log"), DosDevice::Unsupported);
    EXPECT_EQ(device_of("AUX"), DosDevice::Unsupported);
    // Not devices: only a whole CONIN$ counts, names that merely start with one, and inner components.
    EXPECT_EQ(device_of("C:\\dir\\CONIN$"), DosDevice::None);
    EXPECT_EQ(device_of("console.txt"), DosDevice::None);
    EXPECT_EQ(device_of("C:\\nul\\file"), DosDevice::None);
    EXPECT_EQ(device_of("COM0"), DosDevice::None);

    WindowsPath cwd = current_directory();
    auto nul = parse_windows_path("C:\\x\\NUL"_sv, &cwd);
    ASSERT_FALSE(nul.is_error());
    EXPECT_EQ(render(nul.value()), "\\\\.\\NUL");
}

TEST(WindowsPath, CaseIsPreservedButComparisonsIgnoreIt) {
    EXPECT_EQ(full("C:\\MiXeD\\Case.TXT"), "C:\\MiXeD\\Case.TXT");
    EXPECT_TRUE(names_equal_ignoring_case("Readme.TXT"_sv, "README.txt"_sv));
    EXPECT_TRUE(names_equal_ignoring_case("\xC3\x89t\xC3\xA9"_sv, "\xC3\xA9T\xC3\x89"_sv)); // Été / éTÉ
    EXPECT_FALSE(names_equal_ignoring_case("a"_sv, "ab"_sv));
    EXPECT_FALSE(names_equal_ignoring_case("\xC3\x97"_sv, "\xC3\xB7"_sv)); // × is not ÷
}

TEST(WindowsPath, LongPathsAreRejected) {
    std::string name = "C:\\";
    while (name.size() <= kMaxPathLength)
        name += "abcdefgh\\";
    EXPECT_EQ(error_of(name.c_str()), status::NameTooLong);
    std::string long_component = "C:\\" + std::string(256, 'x');
    EXPECT_EQ(error_of(long_component.c_str()), status::ObjectNameInvalid);
    std::string max_component = "C:\\" + std::string(255, 'x');
    EXPECT_EQ(error_of(max_component.c_str()), status::Success);
}

TEST(WindowsPath, JoiningWithTheCurrentDirectoryCanExceedTheLimit) {
    std::string deep = "C:\\";
    while (deep.size() < kMaxPathLength - 300)
        deep += "abcdefgh\\";
    auto cwd = parse_windows_path(StringView(deep.data(), deep.size()), nullptr);
    ASSERT_FALSE(cwd.is_error());
    std::string relative(250, 'r');
    relative += "\\" + std::string(250, 's');
    auto path = parse_windows_path(StringView(relative.data(), relative.size()), &cwd.value());
    ASSERT_TRUE(path.is_error());
    EXPECT_EQ(path.error().status(), status::NameTooLong);
}

TEST(WindowsPath, Utf16NamesAreConverted) {
    const u16 name[] = {'C', ':', '\\', 0x00C9, 't', 0x00E9, '\\', 0xD83D, 0xDE00};
    auto path = parse_windows_path(Span<const u16>(name, 9), nullptr);
    ASSERT_FALSE(path.is_error());
    EXPECT_EQ(render(path.value()), "C:\\\xC3\x89t\xC3\xA9\\\xF0\x9F\x98\x80");

    const u16 unpaired[] = {'C', ':', '\\', 0xD800, 'x'};
    EXPECT_EQ(parse_windows_path(Span<const u16>(unpaired, 5), nullptr).error().status(), status::ObjectNameInvalid);
}

TEST(WindowsPath, CloneIsDeep) {
    auto path = parse_windows_path("C:\\a\\b"_sv, nullptr);
    ASSERT_FALSE(path.is_error());
    auto copy = path.value().clone();
    ASSERT_FALSE(copy.is_error());
    path.value().components.clear();
    EXPECT_EQ(render(copy.value()), "C:\\a\\b");
}

TEST(Utf, RoundTripsAllPlanes) {
    const u16 text[] = {'A', 0x00E9, 0x20AC, 0xD800, 0xDC00, 0xDBFF, 0xDFFF, 0xFFFF};
    auto utf8 = utf16_to_utf8(Span<const u16>(text, 8));
    ASSERT_FALSE(utf8.is_error());
    EXPECT_STREQ(utf8.value().c_str(), "A\xC3\xA9\xE2\x82\xAC\xF0\x90\x80\x80\xF4\x8F\xBF\xBF\xEF\xBF\xBF");
    auto back = utf8_to_utf16(utf8.value().view());
    ASSERT_FALSE(back.is_error());
    ASSERT_EQ(back.value().size(), 8u);
    for (usize i = 0; i < 8; ++i)
        EXPECT_EQ(back.value()[i], text[i]);
}

TEST(Utf, UnpairedSurrogatesAreErrorsOrReplaced) {
    const u16 lone_low[] = {'a', 0xDC00, 'b'};
    EXPECT_EQ(utf16_to_utf8(Span<const u16>(lone_low, 3)).error().status(), status::ObjectNameInvalid);
    auto replaced = utf16_to_utf8(Span<const u16>(lone_low, 3), Utf16Policy::Replace);
    ASSERT_FALSE(replaced.is_error());
    EXPECT_STREQ(replaced.value().c_str(), "a\xEF\xBF\xBD" "b");
    const u16 trailing_high[] = {'a', 0xD801};
    EXPECT_TRUE(utf16_to_utf8(Span<const u16>(trailing_high, 2)).is_error());
}

TEST(Utf, MalformedUtf8IsRejected) {
    for (const char* bad : {"\x80", "\xC0\xAF", "\xE0\x80\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xC3", "\xFF"}) {
        EXPECT_FALSE(is_valid_utf8(StringView(bad))) << bad;
        EXPECT_TRUE(utf8_to_utf16(StringView(bad)).is_error());
    }
    EXPECT_TRUE(is_valid_utf8("plain \xC3\xA9"_sv));
    auto replaced = utf8_to_utf16("a\xFF" "b"_sv, Utf16Policy::Replace);
    ASSERT_FALSE(replaced.is_error());
    ASSERT_EQ(replaced.value().size(), 3u);
    EXPECT_EQ(replaced.value()[1], 0xFFFD);
}
