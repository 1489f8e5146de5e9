// Command-line splitting against the Microsoft rules (the examples of "Parsing C command-line
// arguments" and Wine's msvcrt tests).

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "win32/crt/CommandLine.h"

namespace {
std::vector<std::string> split(const char* command_line) {
    size_t argc = 0, characters = 0;
    crt::parse_command_line<char>(command_line, nullptr, nullptr, argc, characters);
    std::vector<char*> argv(argc + 1);
    std::vector<char> buffer(characters);
    crt::parse_command_line<char>(command_line, argv.data(), buffer.data(), argc, characters);
    EXPECT_EQ(argv[argc], nullptr);
    return std::vector<std::string>(argv.begin(), argv.begin() + static_cast<long>(argc));
}
using Args = std::vector<std::string>;
} // namespace

TEST(CrtCommandLine, BackslashesBeforeQuoteAreHalved) {
    EXPECT_EQ(split(R"(p a\\\"b c d)"), (Args{"p", R"(a\"b)", "c", "d"}));
    EXPECT_EQ(split(R"(p a\\\\"b c" d e)"), (Args{"p", R"(a\\b c)", "d", "e"}));
    EXPECT_EQ(split(R"(p a\\b d"e f"g h)"), (Args{"p", R"(a\\b)", "de fg", "h"}));
}

TEST(CrtCommandLine, QuotedArgumentsKeepSpaces) {
    EXPECT_EQ(split(R"(p "a b c" d e)"), (Args{"p", "a b c", "d", "e"}));
    EXPECT_EQ(split(R"(p "ab\"c" "\\" d)"), (Args{"p", R"(ab"c)", "\\", "d"}));
}

TEST(CrtCommandLine, DoubledQuoteInsideQuotesIsALiteralQuote) {
    EXPECT_EQ(split(R"(p "a""b")"), (Args{"p", R"(a"b)"}));
    EXPECT_EQ(split(R"(p """)"), (Args{"p", R"(")"}));
    EXPECT_EQ(split(R"(p "" "")"), (Args{"p", "", ""}));
}

TEST(CrtCommandLine, ProgramNameIgnoresBackslashesAndToggledQuotes) {
    EXPECT_EQ(split(R"("C:\Program Files\x.exe" a)"), (Args{R"(C:\Program Files\x.exe)", "a"}));
    EXPECT_EQ(split(R"(C:\a\"b c)"), (Args{R"(C:\a\b c)"}));
    EXPECT_EQ(split("p\ta\t\tb  "), (Args{"p", "a", "b"}));
    EXPECT_EQ(split(""), (Args{""}));
}
