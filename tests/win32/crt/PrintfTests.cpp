// The printf engine against the Microsoft CRT's observed output (Wine's msvcrt and ucrtbase,
// which mirror Windows; every expectation here was checked against them unless noted).

#include <gtest/gtest.h>

#include <math.h>

#include "PrintfTestSupport.h"

namespace {
const crt::PrintfOptions kMsvcrt = crt::msvcrt_printf_options();
const crt::PrintfOptions kUcrt = crt::ucrt_printf_options(0);
const crt::PrintfOptions kUcrtStandardRounding = crt::ucrt_printf_options(0x20);
#define M(...) format_with(kMsvcrt, __VA_ARGS__)
#define U(...) format_with(kUcrt, __VA_ARGS__)
} // namespace

TEST(CrtPrintf, ExponentHasThreeDigitsInMsvcrtMode) {
    EXPECT_EQ(M("%e", 1.0), "1.000000e+000");
    EXPECT_EQ(M("%E|%g|%G", 12345.678, 1e6, 1e-5), "1.234568E+004|1e+006|1E-005");
}

TEST(CrtPrintf, ExponentHasTwoDigitsInUcrtMode) {
    EXPECT_EQ(U("%e", 1.0), "1.000000e+00");
    EXPECT_EQ(format_with(crt::ucrt_printf_options(0x10), "%e", 1.0), "1.000000e+000");
}

TEST(CrtPrintf, FixedPrintsTheExactBinaryValue) {
    EXPECT_EQ(M("%.20f", 0.1), "0.10000000000000000555");
    EXPECT_EQ(M("%.30e", 0.1), "1.000000000000000055511151231258e-001");
    EXPECT_EQ(M("%f", 1e300).substr(0, 40), "1000000000000000052504760255204420248704");
    EXPECT_EQ(M("%e", 5e-324), "4.940656e-324");
}

TEST(CrtPrintf, TiesRoundAwayFromZeroUnlessStandardRoundingIsRequested) {
    EXPECT_EQ(M("%.0f|%.0f|%.0f|%.0f", 0.5, 1.5, 2.5, 3.5), "1|2|3|4");
    EXPECT_EQ(M("%.2f|%.1f", 0.125, 0.25), "0.13|0.3");
    EXPECT_EQ(format_with(kUcrtStandardRounding, "%.0f|%.0f|%.0f|%.2f", 0.5, 1.5, 2.5, 0.125), "0|2|2|0.12");
    // Not a tie: 0.05 is slightly above one twentieth.
    EXPECT_EQ(format_with(kUcrtStandardRounding, "%.1f", 0.05), "0.1");
}

TEST(CrtPrintf, SpecialValuesInMsvcrtStyle) {
    double inf = HUGE_VAL;
    double indefinite = -__builtin_nan("");   // sign set, quiet, zero payload: the x86 default NaN
    double quiet = __builtin_nan("");
    EXPECT_EQ(M("%f|%e|%g", inf, inf, inf), "1.#INF00|1.#INF00e+000|1.#INF");
    EXPECT_EQ(M("%f|%g", -inf, -inf), "-1.#INF00|-1.#INF");
    EXPECT_EQ(M("%f|%g", indefinite, indefinite), "-1.#IND00|-1.#IND");
    EXPECT_EQ(M("%f|%g", quiet, quiet), "1.#QNAN0|1.#QNAN");
    EXPECT_EQ(M("%.2f", inf), "1.#J"); // the famous rounding of "1.#INF"
}

TEST(CrtPrintf, SpecialValuesInUcrtStyle) {
    double inf = HUGE_VAL;
    double indefinite = -__builtin_nan("");
    EXPECT_EQ(U("%f|%F|%e|%g", inf, inf, inf, -inf), "inf|INF|inf|-inf");
    EXPECT_EQ(U("%f|%F", indefinite, indefinite), "-nan(ind)|-NAN(IND)");
    EXPECT_EQ(U("%f", __builtin_nan("")), "nan");
    EXPECT_EQ(U("[%010f]", -inf), "[      -inf]");
}

TEST(CrtPrintf, PointerIsSixteenUppercaseDigits) {
    EXPECT_EQ(M("%p", reinterpret_cast<void*>(0x401000)), "0000000000401000");
    EXPECT_EQ(M("%p", nullptr), "0000000000000000");
}

TEST(CrtPrintf, IntegerFlagsWidthAndPrecision) {
    EXPECT_EQ(M("[%.3d][%5.3d][%-+5d][%05d][% d]", 7, 7, 7, -7, 7), "[007][  007][+7   ][-0007][ 7]");
    EXPECT_EQ(M("[%x][%X][%o][%u]", -1, 0xabc, 8, -1), "[ffffffff][ABC][10][4294967295]");
    EXPECT_EQ(M("[%#x][%#o][%#X][%#x]", 255, 8, 255, 0), "[0xff][010][0XFF][0]");
    EXPECT_EQ(M("[%.0d][%*d][%-*d]", 0, 4, 1, 3, 2), "[][   1][2  ]");
}

TEST(CrtPrintf, SizePrefixesFollowTheMicrosoftAbi) {
    EXPECT_EQ(M("%I64d|%I32d|%lld|%ld", 1234567890123LL, -5, -1LL, 7), "1234567890123|-5|-1|7");
    EXPECT_EQ(M("%hd|%hhd", 70000, 300), "4464|300"); // msvcrt reads hh as h
    EXPECT_EQ(U("%hhd|%hhx", 300, 0x1ff), "44|ff");    // ucrt implements C99 hh
    EXPECT_EQ(M("%lx|%llx|%Ix", 0x1ffffffffLL, 0x1ffffffffLL, static_cast<size_t>(0x1ffffffffLL)),
              "ffffffff|1ffffffff|1ffffffff");
}

TEST(CrtPrintf, GeneralFormatChoosesStyleAndStripsZeros) {
    EXPECT_EQ(M("%g|%g|%g|%g", 100000.0, 1e-4, 123456789.0, 0.0), "100000|0.0001|1.23457e+008|0");
    EXPECT_EQ(M("%#g|%#.3g|%g", 1.5, 1.0, -0.0), "1.50000|1.00|-0");
    EXPECT_EQ(M("%.17g|%.15g", 0.1, 0.1), "0.10000000000000001|0.1");
}

TEST(CrtPrintf, HexFloatShowsThirteenDigitsByDefault) {
    EXPECT_EQ(M("%a|%A|%.3a|%a", 1.0, 255.5, 1.0 / 3, 0.0),
              "0x1.0000000000000p+0|0X1.FF00000000000P+7|0x1.555p-2|0x0.0000000000000p+0");
}

TEST(CrtPrintf, StringsAndCharacters) {
    EXPECT_EQ(M("[%5s][%-5s][%.2s][%s]", "ab", "ab", "abcdef", static_cast<char*>(nullptr)),
              "[   ab][ab   ][ab][(null)]");
    EXPECT_EQ(M("[%ls][%S][%hs][%ws]", u"wide", u"wide2", "narrow", u"ws"), "[wide][wide2][narrow][ws]");
    EXPECT_EQ(M("[%c][%lc][%C]", 'A', u'B', u'C'), "[A][B][C]");
    EXPECT_EQ(M("[%10.5ls]", u"abcdefg"), "[     abcde]");
}

TEST(CrtPrintf, WideCharacterWithoutNarrowFormFailsTheCall) {
    EXPECT_EQ(M("[%ls]", u"\x263a"), "<error>");
}

TEST(CrtPrintf, CountOutputIsRefusedByUcrt) {
    int count = 0;
    EXPECT_EQ(M("abc%n", &count), "abc");
    EXPECT_EQ(count, 3);
    EXPECT_EQ(U("abc%n", &count), "<error>");
}

TEST(CrtPrintf, UnknownConversionPrintsItself) { EXPECT_EQ(M("[%q][%I]", 1), "[q][I]"); }

namespace {
int legacy(char* buffer, size_t count, const char* format, ...) {
    va_list args;
    va_start(args, format);
    int error;
    int result = crt::print_to_buffer(crt::BufferContract::Legacy, buffer, count, format, args, kMsvcrt, error);
    va_end(args);
    return result;
}
int ucrt_default(char* buffer, size_t count, const char* format, ...) {
    va_list args;
    va_start(args, format);
    int error;
    int result = crt::print_to_buffer(crt::BufferContract::UcrtDefault, buffer, count, format, args, kUcrt, error);
    va_end(args);
    return result;
}
int standard(char* buffer, size_t count, const char* format, ...) {
    va_list args;
    va_start(args, format);
    int error;
    int result = crt::print_to_buffer(crt::BufferContract::Standard, buffer, count, format, args, kUcrt, error);
    va_end(args);
    return result;
}
} // namespace

TEST(CrtPrintf, SnprintfLegacyContractLeavesTruncatedOutputUnterminated) {
    char buffer[8];
    memset(buffer, 'Z', sizeof buffer);
    EXPECT_EQ(legacy(buffer, 4, "abcdef"), -1);
    EXPECT_EQ(std::string(buffer, 5), "abcdZ");
    memset(buffer, 'Z', sizeof buffer);
    EXPECT_EQ(legacy(buffer, 4, "abcd"), 4);
    EXPECT_EQ(std::string(buffer, 5), "abcdZ");
    EXPECT_EQ(legacy(buffer, 4, "abc"), 3);
    EXPECT_STREQ(buffer, "abc");
}

TEST(CrtPrintf, UcrtContractsTerminateAndReport) {
    char buffer[8];
    EXPECT_EQ(ucrt_default(buffer, 4, "abcdef"), -2);
    EXPECT_STREQ(buffer, "abc");
    EXPECT_EQ(standard(buffer, 4, "abcdef"), 6);
    EXPECT_STREQ(buffer, "abc");
    EXPECT_EQ(standard(nullptr, 0, "abcdef"), 6);
}
