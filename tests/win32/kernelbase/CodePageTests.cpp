// MultiByteToWideChar / WideCharToMultiByte behaviour, with expectations checked against Wine
// (and Windows' documented behaviour) for the same inputs.

#include <gtest/gtest.h>

#include <string>

#include "win32/kernelbase/CodePageConvert.h"

using namespace halcyon::win32::codepage;

namespace {

std::u16string to_wide(uint32_t cp, const std::string& s, uint32_t flags = 0, Error* error_out = nullptr) {
    Error error;
    int n = multibyte_to_wide(cp, flags, s.data(), static_cast<int>(s.size()), nullptr, 0, error);
    if (error_out)
        *error_out = error;
    if (n <= 0)
        return u"<fail>";
    std::u16string out(static_cast<size_t>(n), u'\0');
    int m = multibyte_to_wide(cp, flags, s.data(), static_cast<int>(s.size()), out.data(), n, error);
    EXPECT_EQ(n, m);
    return out;
}

std::string to_multibyte(uint32_t cp, const std::u16string& s, uint32_t flags = 0, Error* error_out = nullptr,
                         const char* default_char = nullptr, bool* used = nullptr) {
    Error error;
    int n = wide_to_multibyte(cp, flags, s.data(), static_cast<int>(s.size()), nullptr, 0, default_char, used, error);
    if (error_out)
        *error_out = error;
    if (n <= 0)
        return "<fail>";
    std::string out(static_cast<size_t>(n), '\0');
    int m = wide_to_multibyte(cp, flags, s.data(), static_cast<int>(s.size()), out.data(), n, default_char, used, error);
    EXPECT_EQ(n, m);
    return out;
}

} // namespace

TEST(CodePage, SymbolicCodePagesResolveToEnUsDefaults) {
    EXPECT_EQ(resolve(kAnsi), 1252u);
    EXPECT_EQ(resolve(kThreadAnsi), 1252u);
    EXPECT_EQ(resolve(kOem), 437u);
    EXPECT_EQ(resolve(kUtf8), kUtf8);
    EXPECT_FALSE(is_supported(kAnsi));
    EXPECT_TRUE(is_supported(1252));
    EXPECT_FALSE(is_supported(932));
}

TEST(CodePage, Windows1252HighBytesMapToTheirUnicodeCharacters) {
    EXPECT_EQ(to_wide(kAnsi, "\x80\x85\x99\x9F\xE9\xFF"), u"\u20AC\u2026\u2122\u0178\u00E9\u00FF");
    // Undefined bytes map to the C1 control of the same value.
    EXPECT_EQ(to_wide(1252, "\x81\x8D\x8F\x90\x9D"), u"\u0081\u008D\u008F\u0090\u009D");
}

TEST(CodePage, Windows1252RoundTripsEveryByte) {
    std::string all;
    for (int b = 1; b < 256; ++b)
        all.push_back(static_cast<char>(b));
    EXPECT_EQ(to_multibyte(1252, to_wide(1252, all)), all);
    EXPECT_EQ(to_multibyte(437, to_wide(437, all)), all);
}

TEST(CodePage, Oem437MapsBoxDrawingCharacters) {
    EXPECT_EQ(to_wide(kOem, "\xB3\xC4\xDB\x82"), u"\u2502\u2500\u2588\u00E9");
}

TEST(CodePage, NulTerminatedSourceCountsTheTerminator) {
    Error error;
    EXPECT_EQ(multibyte_to_wide(kUtf8, 0, "abc", -1, nullptr, 0, error), 4);
    char16_t out[4];
    EXPECT_EQ(multibyte_to_wide(kUtf8, 0, "abc", -1, out, 4, error), 4);
    EXPECT_EQ(out[3], 0);
    EXPECT_EQ(wide_to_multibyte(kAnsi, 0, u"h\u00E9", -1, nullptr, 0, nullptr, nullptr, error), 3);
}

TEST(CodePage, ShortBufferFailsWithInsufficientBuffer) {
    Error error;
    char16_t out[2];
    EXPECT_EQ(multibyte_to_wide(kUtf8, 0, "abc", 3, out, 2, error), 0);
    EXPECT_EQ(error, Error::InsufficientBuffer);
    char bytes[2];
    // U+20AC needs three UTF-8 bytes: nothing partial is counted.
    EXPECT_EQ(wide_to_multibyte(kUtf8, 0, u"\u20AC", 1, bytes, 2, nullptr, nullptr, error), 0);
    EXPECT_EQ(error, Error::InsufficientBuffer);
}

TEST(CodePage, InvalidArgumentsAreRejected) {
    Error error;
    char16_t out[4];
    EXPECT_EQ(multibyte_to_wide(kUtf8, 0, "abc", 0, out, 4, error), 0);
    EXPECT_EQ(error, Error::InvalidParameter);
    EXPECT_EQ(multibyte_to_wide(kUtf8, 0, nullptr, 3, out, 4, error), 0);
    EXPECT_EQ(error, Error::InvalidParameter);
    EXPECT_EQ(multibyte_to_wide(932, 0, "abc", 3, out, 4, error), 0);
    EXPECT_EQ(error, Error::InvalidParameter);
    EXPECT_EQ(multibyte_to_wide(kUtf8, kMbPrecomposed, "abc", 3, out, 4, error), 0);
    EXPECT_EQ(error, Error::InvalidFlags);
    EXPECT_EQ(multibyte_to_wide(kAnsi, kMbPrecomposed | kMbComposite, "abc", 3, out, 4, error), 0);
    EXPECT_EQ(error, Error::InvalidFlags);
    bool used;
    EXPECT_EQ(wide_to_multibyte(kUtf8, 0, u"a", 1, nullptr, 0, nullptr, &used, error), 0);
    EXPECT_EQ(error, Error::InvalidParameter);
    EXPECT_EQ(wide_to_multibyte(kAnsi, kWcErrInvalidChars, u"a", 1, nullptr, 0, nullptr, nullptr, error), 0);
    EXPECT_EQ(error, Error::InvalidFlags);
}

TEST(CodePage, Utf8DecodesAllLengthsAndSurrogatePairs) {
    EXPECT_EQ(to_wide(kUtf8, "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"), u"a\u00E9\u20AC\U0001F600");
}

TEST(CodePage, Utf8InvalidSequencesBecomeOneReplacementPerMaximalSubpart) {
    // Lone continuation, truncated 3-byte sequence followed by ASCII, overlong, encoded surrogate.
    EXPECT_EQ(to_wide(kUtf8, "\x80"), u"\uFFFD");
    EXPECT_EQ(to_wide(kUtf8, "\xE2\x82x"), u"\uFFFDx");
    EXPECT_EQ(to_wide(kUtf8, "\xC0\xAF"), u"\uFFFD\uFFFD");
    EXPECT_EQ(to_wide(kUtf8, "\xED\xA0\x80"), u"\uFFFD\uFFFD\uFFFD");
    EXPECT_EQ(to_wide(kUtf8, "\xF4\x90\x80\x80"), u"\uFFFD\uFFFD\uFFFD\uFFFD");
    EXPECT_EQ(to_wide(kUtf8, "\xF0\x9F\x98"), u"\uFFFD");
}

TEST(CodePage, Utf8InvalidSequencesFailWithErrInvalidChars) {
    Error error;
    EXPECT_EQ(to_wide(kUtf8, "ok\xFF", kMbErrInvalidChars, &error), u"<fail>");
    EXPECT_EQ(error, Error::NoUnicodeTranslation);
    EXPECT_EQ(to_wide(kUtf8, "ok\xC3\xA9", kMbErrInvalidChars, &error), u"ok\u00E9");
}

TEST(CodePage, Utf8EncodesLoneSurrogatesAsReplacementUnlessErrInvalidChars) {
    EXPECT_EQ(to_multibyte(kUtf8, u"a\xD800" u"b"), "a\xEF\xBF\xBD" "b");
    EXPECT_EQ(to_multibyte(kUtf8, u"\U0001F600"), "\xF0\x9F\x98\x80");
    Error error;
    EXPECT_EQ(to_multibyte(kUtf8, u"a\xDC00", kWcErrInvalidChars, &error), "<fail>");
    EXPECT_EQ(error, Error::NoUnicodeTranslation);
}

TEST(CodePage, UnmappableCharactersUseTheDefaultCharacter) {
    bool used = false;
    EXPECT_EQ(to_multibyte(kAnsi, u"a\u4E2Db", 0, nullptr, nullptr, &used), "a?b");
    EXPECT_TRUE(used);
    used = true;
    EXPECT_EQ(to_multibyte(kAnsi, u"a\u20ACb", 0, nullptr, nullptr, &used), "a\x80" "b");
    EXPECT_FALSE(used);
    EXPECT_EQ(to_multibyte(kAnsi, u"\u4E2D", 0, nullptr, "*", &used), "*");
    // Each half of a surrogate pair is replaced on its own (checked against Wine).
    EXPECT_EQ(to_multibyte(kAnsi, u"a\u4E2D\U0001F600b", 0, nullptr, nullptr, &used), "a???b");
}
