// The digit rules of _ecvt, _fcvt and _gcvt (see CvtDigits.h), on the exact decimal expansion of
// FloatDecimal. Pure: the host tests pin the documented examples down.

#include "win32/crt/CvtDigits.h"
#include "win32/crt/FloatDecimal.h"

namespace crt {

namespace {

constexpr int kSignificantLimit = 17;

bool is_finite(double value) { return value - value == 0.0; }

/// Writes `digits`'s digits followed by zeros up to `total` characters into out (capacity
/// kCvtBufferSize including the NUL).
void emit(const DecimalDigits& digits, int total, char* out) {
    total = min(max(total, 0), kCvtBufferSize - 1);
    for (int i = 0; i < total; ++i)
        out[i] = i < digits.count ? digits.digits[i] : '0';
    out[total] = 0;
}

bool special(double value, char* out, Converted& result) {
    if (is_finite(value))
        return false;
    const char* text = value != value ? "1#QNAN" : "1#INF";
    int i = 0;
    for (; text[i]; ++i)
        out[i] = text[i];
    out[i] = 0;
    result.decimal_point = 1;
    return true;
}

} // namespace

Converted convert_e(double value, int count, char* out) {
    Converted result = {0, __builtin_signbit(value) ? 1 : 0};
    if (special(value, out, result))
        return result;
    DecimalDigits local_digits;
    exact_decimal(value, local_digits);
    if (local_digits.count == 0) {
        emit(local_digits, count, out);
        return result;
    }
    // A count of zero or less still rounds at the first digit, which moves the decimal position
    // when the value rounds up to the next power of ten (0.51 gives "" with position 1).
    int original_exponent = local_digits.exponent;
    round_decimal(local_digits, min(max(count, 0), kSignificantLimit), TieRule::AwayFromZero);
    result.decimal_point = local_digits.count ? local_digits.exponent : original_exponent;
    emit(local_digits, count, out);
    return result;
}

Converted convert_f(double value, int count, char* out) {
    Converted result = {0, __builtin_signbit(value) ? 1 : 0};
    if (special(value, out, result))
        return result;
    DecimalDigits digits;
    exact_decimal(value, digits);
    if (digits.count == 0) {
        emit(digits, count, out);
        return result;
    }
    int original_exponent = digits.exponent;
    int keep = digits.exponent + count;
    round_decimal(digits, min(keep, kSignificantLimit), TieRule::AwayFromZero);
    if (digits.count == 0) {
        result.decimal_point = original_exponent;
        out[0] = 0;
        return result;
    }
    result.decimal_point = digits.exponent;
    emit(digits, digits.exponent + count, out);
    return result;
}

/// _gcvt into `out` (at least `size` characters); false when it does not fit.
bool convert_g(double value, int count, char* out, size_t size) {
    char text[kCvtBufferSize + 16];
    size_t n = 0;
    auto put = [&](char c) {
        if (n + 1 < sizeof text)
            text[n++] = c;
    };
    char digits[kCvtBufferSize];
    Converted converted = convert_e(value, count, digits);
    if (converted.sign)
        put('-');
    if (!is_finite(value)) {
        for (const char* p = digits; *p; ++p)
            put(*p);
    } else {
        bool zero = value == 0.0;
        int point = zero ? 1 : converted.decimal_point;
        int magnitude = point - 1;
        if (!zero && (magnitude < -1 || magnitude > count - 1)) {
            put(digits[0]);
            put('.');
            size_t fraction_start = n;
            for (int i = 1; i < count; ++i)
                put(digits[i]);
            while (n > fraction_start && text[n - 1] == '0')
                --n;
            put('e');
            put(magnitude < 0 ? '-' : '+');
            int exponent = magnitude < 0 ? -magnitude : magnitude;
            int width = kFlavor == Flavor::Msvcrt ? 3 : 2;
            char e[8];
            int m = 0;
            do {
                e[m++] = static_cast<char>('0' + exponent % 10);
                exponent /= 10;
            } while (exponent);
            while (m < width)
                e[m++] = '0';
            while (m)
                put(e[--m]);
        } else if (zero) {
            put('0');
            put('.');
        } else {
            int i = 0;
            if (point <= 0) {
                put('0');
            } else {
                for (; i < point; ++i)
                    put(i < count ? digits[i] : '0');
            }
            put('.');
            size_t fraction_start = n;
            for (int z = point; z < 0; ++z)
                put('0');
            for (; i < count; ++i)
                put(digits[i]);
            while (n > fraction_start && text[n - 1] == '0')
                --n;
        }
    }
    if (n + 1 > size)
        return false;
    for (size_t i = 0; i < n; ++i)
        out[i] = text[i];
    out[n] = 0;
    return true;
}

} // namespace crt
