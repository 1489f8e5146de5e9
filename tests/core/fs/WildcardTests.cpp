#include <core/fs/Wildcard.h>
#include <gtest/gtest.h>

#include <string>

using namespace halcyon;
using namespace halcyon::fs;

namespace {

bool matches(const std::u16string& name, const std::u16string& pattern) {
    return matches_wildcard(Span<const u16>(reinterpret_cast<const u16*>(name.data()), name.size()),
                            Span<const u16>(reinterpret_cast<const u16*>(pattern.data()), pattern.size()));
}

} // namespace

TEST(Wildcard, EmptyPatternMatchesEverything) {
    EXPECT_TRUE(matches(u"anything", u""));
}

TEST(Wildcard, StarMatchesAnyRunIncludingNone) {
    EXPECT_TRUE(matches(u"file.txt", u"*"));
    EXPECT_TRUE(matches(u"file.txt", u"*.txt"));
    EXPECT_TRUE(matches(u".txt", u"*.txt"));
    EXPECT_FALSE(matches(u"file.txt.bak", u"*.txt"));
    EXPECT_TRUE(matches(u"file10.txt", u"*1*"));
    EXPECT_TRUE(matches(u"abc", u"a**c"));
}

TEST(Wildcard, QuestionMarkMatchesExactlyOne) {
    EXPECT_TRUE(matches(u"file1.txt", u"file?.txt"));
    EXPECT_FALSE(matches(u"file10.txt", u"file?.txt"));
    EXPECT_FALSE(matches(u"file.txt", u"file?.txt"));
}

TEST(Wildcard, MatchingIgnoresCase) {
    EXPECT_TRUE(matches(u"File1.TXT", u"file*.txt"));
    EXPECT_TRUE(matches(u"\u00e9t\u00e9", u"\u00c9T\u00c9"));
    EXPECT_FALSE(matches(u"filex", u"file"));
}

TEST(Wildcard, DosWildcards) {
    // DOS_STAR stops before the last dot; DOS_QM may match nothing before a dot; DOS_DOT matches a
    // dot or the end.
    EXPECT_TRUE(matches(u"name.txt", u"<.txt"));
    EXPECT_TRUE(matches(u"a.b.txt", u"<.txt"));
    EXPECT_TRUE(matches(u"ab.c", u">>>.c"));
    EXPECT_TRUE(matches(u"name", u"name\""));
    EXPECT_TRUE(matches(u"name.", u"name\""));
    EXPECT_FALSE(matches(u"namex", u"name\""));
}

TEST(Wildcard, HasWildcards) {
    std::u16string plain = u"file.txt";
    std::u16string star = u"f*.txt";
    EXPECT_FALSE(has_wildcards(Span<const u16>(reinterpret_cast<const u16*>(plain.data()), plain.size())));
    EXPECT_TRUE(has_wildcards(Span<const u16>(reinterpret_cast<const u16*>(star.data()), star.size())));
}
