// Host tests of the _ecvt/_fcvt/_gcvt digit rules (win32/crt/CvtDigits.cpp), including the
// examples of Microsoft's _gcvt documentation that Wine (the conformance oracle) does not follow.

#include <gtest/gtest.h>

#include "win32/crt/CvtDigits.h"

using namespace crt;

namespace {

std::string ecvt(double value, int count, int& point, int& sign) {
    char out[kCvtBufferSize];
    Converted c = convert_e(value, count, out);
    point = c.decimal_point;
    sign = c.sign;
    return out;
}

std::string fcvt(double value, int count, int& point) {
    char out[kCvtBufferSize];
    point = convert_f(value, count, out).decimal_point;
    return out;
}

std::string gcvt(double value, int count) {
    char out[kCvtBufferSize];
    EXPECT_TRUE(convert_g(value, count, out, sizeof out));
    return out;
}

} // namespace

TEST(CvtDigits, EcvtRoundsHalfAwayAndPadsBeyondSeventeenDigits) {
    int point, sign;
    EXPECT_EQ(ecvt(0.125, 2, point, sign), "13");
    EXPECT_EQ(point, 0);
    EXPECT_EQ(ecvt(-111.0001, 5, point, sign), "11100");
    EXPECT_EQ(point, 3);
    EXPECT_EQ(sign, 1);
    EXPECT_EQ(ecvt(123456789012345678901.0, 30, point, sign), "123456789012345680000000000000");
    EXPECT_EQ(point, 21);
    EXPECT_EQ(ecvt(99.99, 1, point, sign), "1");
    EXPECT_EQ(point, 3);
}

TEST(CvtDigits, EcvtWithNoDigitsStillMovesThePointWhenRoundingUp) {
    int point, sign;
    EXPECT_EQ(ecvt(0.51, 0, point, sign), "");
    EXPECT_EQ(point, 1);
    EXPECT_EQ(ecvt(-123.0001, -2, point, sign), "");
    EXPECT_EQ(point, 3);
}

TEST(CvtDigits, FcvtCountsDigitsAfterThePoint) {
    int point;
    EXPECT_EQ(fcvt(45.0, 2, point), "4500");
    EXPECT_EQ(point, 2);
    EXPECT_EQ(fcvt(0.0063, 2, point), "1");
    EXPECT_EQ(point, -1);
    EXPECT_EQ(fcvt(-123.0001, -1, point), "12");
    EXPECT_EQ(point, 3);
    EXPECT_EQ(fcvt(1.0, 30, point), "1000000000000000000000000000000");
}

TEST(CvtDigits, FcvtOfAValueRoundingToZeroIsEmptyWithTheUnroundedPoint) {
    int point;
    EXPECT_EQ(fcvt(0.0001, 1, point), "");
    EXPECT_EQ(point, -3);
    EXPECT_EQ(fcvt(0.4, 0, point), "");
    EXPECT_EQ(point, 0);
    EXPECT_EQ(fcvt(0.0, 3, point), "000");
    EXPECT_EQ(point, 0);
}

TEST(CvtDigits, GcvtFollowsTheDocumentedExamples) {
    // Microsoft's _gcvt example: the value -1234567890.123 multiplied and divided by 10.
    EXPECT_EQ(gcvt(-1234567890.123, 12), "-1234567890.12");
    EXPECT_EQ(gcvt(-12345678901.23, 12), "-12345678901.2");
    EXPECT_EQ(gcvt(-123456789012.3, 12), "-123456789012.");
    EXPECT_EQ(gcvt(-1234567890123.0, 12), "-1.23456789012e+012");
    EXPECT_EQ(gcvt(-12.3456789012, 12), "-12.3456789012");
    EXPECT_EQ(gcvt(-1.23456789012, 12), "-1.23456789012");
    EXPECT_EQ(gcvt(-0.123456789012, 12), "-0.123456789012");
    EXPECT_EQ(gcvt(-0.0123456789012, 12), "-1.23456789012e-002");
}

TEST(CvtDigits, GcvtDropsTrailingZerosButKeepsThePoint) {
    EXPECT_EQ(gcvt(1.5, 5), "1.5");
    EXPECT_EQ(gcvt(1.0, 5), "1.");
    EXPECT_EQ(gcvt(0.0, 5), "0.");
    EXPECT_EQ(gcvt(100.0, 3), "100.");
    EXPECT_EQ(gcvt(1000.0, 3), "1.e+003");
}

TEST(CvtDigits, GcvtReportsABufferTooSmall) {
    char out[4];
    EXPECT_FALSE(convert_g(-1234.5, 6, out, sizeof out));
}
