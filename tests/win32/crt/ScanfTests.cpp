// The scanf engine.

#include <gtest/gtest.h>

#include <stdarg.h>

#include "win32/crt/Scanf.h"

namespace {
int scan(const char* text, const char* format, ...) {
    va_list args;
    va_start(args, format);
    int result = crt::scan_string<char>(text, ~size_t(0), format, args, crt::ScanOptions{});
    va_end(args);
    return result;
}
} // namespace

TEST(CrtScanf, IntegersFloatsAndStrings) {
    int a = 0;
    unsigned x = 0;
    double d = 0;
    float f = 0;
    char word[16] = {};
    EXPECT_EQ(scan("  42 0x1f 3.25 -1e2 hello", "%d %x %lf %f %s", &a, &x, &d, &f, word), 5);
    EXPECT_EQ(a, 42);
    EXPECT_EQ(x, 31u);
    EXPECT_EQ(d, 3.25);
    EXPECT_EQ(f, -100.0f);
    EXPECT_STREQ(word, "hello");
}

TEST(CrtScanf, WidthsSetsSuppressionAndCount) {
    int a = 0, b = 0, consumed = 0;
    char set[16] = {};
    EXPECT_EQ(scan("12345abcXYZ", "%2d%*d%[a-c]%n", &a, set, &consumed), 2);
    EXPECT_EQ(a, 12);
    EXPECT_STREQ(set, "abc");
    EXPECT_EQ(consumed, 8);
    EXPECT_EQ(scan("7,8", "%d,%d", &a, &b), 2);
    EXPECT_EQ(b, 8);
}

TEST(CrtScanf, EndOfInputBeforeFirstConversionIsEof) {
    int a = 0;
    EXPECT_EQ(scan("", "%d", &a), -1);
    EXPECT_EQ(scan("   ", "%d", &a), -1);
    EXPECT_EQ(scan("x", "%d", &a), 0);
}
