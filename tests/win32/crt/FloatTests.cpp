// Exact decimal expansion and correctly rounded parsing (strtod's core).

#include <gtest/gtest.h>

#include <stdlib.h>
#include <string.h>

#include <random>

#include "win32/crt/FloatDecimal.h"
#include "win32/crt/NumberParse.h"

namespace {
double parse(const char* text, size_t* consumed = nullptr) {
    const char* end = nullptr;
    bool range_error = false;
    double value = crt::parse_double<char>(text, &end, range_error);
    if (consumed)
        *consumed = static_cast<size_t>(end - text);
    return value;
}
} // namespace

TEST(CrtFloat, ExactDecimalOfOneTenth) {
    crt::DecimalDigits d;
    crt::exact_decimal(0.1, d);
    EXPECT_EQ(std::string(d.digits, d.count), "1000000000000000055511151231257827021181583404541015625");
    EXPECT_EQ(d.exponent, 0);
}

TEST(CrtFloat, ExactDecimalOfSmallestSubnormalHas751Digits) {
    crt::DecimalDigits d;
    crt::exact_decimal(5e-324, d);
    EXPECT_EQ(d.count, 751);
    EXPECT_EQ(std::string(d.digits, 5), "49406");
    EXPECT_EQ(d.exponent, -323);
}

TEST(CrtFloat, RoundingCarriesIntoANewDigit) {
    crt::DecimalDigits d;
    crt::exact_decimal(9.9996, d);
    crt::round_decimal(d, 4, crt::TieRule::AwayFromZero);
    EXPECT_EQ(std::string(d.digits, d.count), "1");
    EXPECT_EQ(d.exponent, 2);
}

TEST(CrtStrtod, ParsesHardCasesCorrectlyRounded) {
    EXPECT_EQ(parse("0.1"), 0.1);
    EXPECT_EQ(parse("2.2250738585072011e-308"), 2.2250738585072011e-308);
    EXPECT_EQ(parse("4.9406564584124654e-324"), 5e-324);
    EXPECT_EQ(parse("2.4703282292062328e-324"), 5e-324); // just above half the smallest subnormal
    EXPECT_EQ(parse("2.4703282292062327e-324"), 0.0);    // just below
    EXPECT_EQ(parse("1.7976931348623157e308"), 1.7976931348623157e308);
    EXPECT_EQ(parse("9007199254740993"), 9007199254740992.0); // tie: to even
    EXPECT_EQ(parse("9007199254740993.0000000000000000001"), 9007199254740994.0);
    EXPECT_EQ(parse("123456789012345678901234567890e-10"), 12345678901234567890.1234567890);
}

TEST(CrtStrtod, AgreesWithGlibcOnRandomInputs) {
    std::mt19937_64 random(12345);
    for (int i = 0; i < 20000; ++i) {
        uint64_t bits = random();
        double value;
        memcpy(&value, &bits, sizeof value);
        if (!(value == value) || value - value != 0)
            continue;
        char text[64];
        snprintf(text, sizeof text, "%.*e", static_cast<int>(random() % 20), value);
        EXPECT_EQ(parse(text), strtod(text, nullptr)) << text;
    }
}

TEST(CrtStrtod, EndPointerAndOverflow) {
    size_t consumed = 0;
    EXPECT_EQ(parse("  -12.5e1xyz", &consumed), -125.0);
    EXPECT_EQ(consumed, 9u);
    EXPECT_EQ(parse("abc", &consumed), 0.0);
    EXPECT_EQ(consumed, 0u);
    const char* end;
    bool range_error = false;
    EXPECT_EQ(crt::parse_double<char>("1e999", &end, range_error), __builtin_huge_val());
    EXPECT_TRUE(range_error);
}

TEST(CrtStrtol, OverflowClampsAndBasesAreDetected) {
    bool range, bad_base;
    const char* end;
    EXPECT_EQ(static_cast<int32_t>(crt::parse_integer<char>("2147483648", &end, 10, true, 32, range, bad_base)),
              2147483647);
    EXPECT_TRUE(range);
    EXPECT_EQ(static_cast<int32_t>(crt::parse_integer<char>("-2147483648", &end, 10, true, 32, range, bad_base)),
              -2147483647 - 1);
    EXPECT_FALSE(range);
    EXPECT_EQ(crt::parse_integer<char>("0x1F", &end, 0, true, 32, range, bad_base), 31u);
    EXPECT_EQ(crt::parse_integer<char>("017", &end, 0, true, 32, range, bad_base), 15u);
    EXPECT_EQ(static_cast<uint32_t>(crt::parse_integer<char>("-1", &end, 10, false, 32, range, bad_base)),
              0xffffffffu);
    EXPECT_EQ(crt::parse_integer<char>("0x", &end, 16, true, 32, range, bad_base), 0u);
    EXPECT_STREQ(end, "x");
}
