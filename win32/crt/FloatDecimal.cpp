// Exact double -> decimal expansion and rounding of decimal digit strings (see FloatDecimal.h).

#include "win32/crt/FloatDecimal.h"
#include "win32/crt/BigInt.h"

namespace crt {

void exact_decimal(double value, DecimalDigits& out) {
    uint64_t bits = __builtin_bit_cast(uint64_t, value);
    int biased = static_cast<int>((bits >> 52) & 0x7ff);
    uint64_t mantissa = bits & ((uint64_t(1) << 52) - 1);
    out.count = 0;
    out.exponent = 0;
    if (biased == 0 && mantissa == 0)
        return;
    int exp2;
    if (biased == 0) {
        exp2 = -1074;
    } else {
        mantissa |= uint64_t(1) << 52;
        exp2 = biased - 1075;
    }
    // value = mantissa * 2^exp2. For exp2 < 0 this is (mantissa * 5^-exp2) / 10^-exp2, so the
    // decimal digits are those of the integer mantissa * 5^-exp2 with the point moved left.
    BigInt number(mantissa);
    int point_shift = 0;
    if (exp2 >= 0) {
        number.shift_left(exp2);
    } else {
        number.multiply_pow5(-exp2);
        point_shift = -exp2;
    }
    // Peel off nine decimal digits at a time, least significant first.
    char reversed[DecimalDigits::kCapacity + 16];
    int produced = 0;
    while (!number.is_zero()) {
        uint32_t chunk = number.divide_small(1000000000u);
        bool last = number.is_zero();
        for (int i = 0; i < 9; ++i) {
            if (last && chunk == 0)
                break;
            reversed[produced++] = static_cast<char>('0' + chunk % 10);
            chunk /= 10;
        }
    }
    // `produced` digits form an integer; the value is that integer * 10^-point_shift.
    int skip = 0; // trailing zeros (at the start of `reversed`)
    while (skip < produced && reversed[skip] == '0')
        ++skip;
    for (int i = produced - 1; i >= skip; --i)
        out.digits[out.count++] = reversed[i];
    out.exponent = produced - point_shift;
}

void round_decimal(DecimalDigits& d, int keep, TieRule rule) {
    if (keep >= d.count)
        return;
    if (keep < 0) {
        d.count = 0;
        return;
    }
    char next = d.digits[keep];
    bool round_up;
    if (next > '5') {
        round_up = true;
    } else if (next < '5') {
        round_up = false;
    } else if (keep + 1 < d.count) {
        round_up = true; // trailing zeros are stripped, so anything after the 5 is nonzero
    } else if (rule == TieRule::AwayFromZero) {
        round_up = true;
    } else {
        int previous = keep > 0 ? d.digits[keep - 1] - '0' : 0;
        round_up = (previous & 1) != 0;
    }
    d.count = keep;
    if (round_up) {
        int i = keep - 1;
        while (i >= 0 && d.digits[i] == '9')
            --i;
        if (i < 0) {
            d.digits[0] = '1';
            d.count = 1;
            d.exponent += 1;
            return;
        }
        d.digits[i] += 1;
        d.count = i + 1;
    }
    while (d.count > 0 && d.digits[d.count - 1] == '0')
        --d.count;
}

double make_double(uint64_t top, bool sticky, int exp2) {
    // Unbiased exponent of the leading bit.
    int exponent = 63 + exp2;
    if (exponent > 1023)
        return __builtin_huge_val();
    int drop = 11; // 64 - 53 bits
    if (exponent < -1022)
        drop += -1022 - exponent;
    if (drop > 64) {
        return 0.0;
    }
    uint64_t kept = drop == 64 ? 0 : top >> drop;
    uint64_t remainder_mask = drop == 64 ? ~uint64_t(0) : ((uint64_t(1) << drop) - 1);
    uint64_t remainder = top & remainder_mask;
    uint64_t half = uint64_t(1) << (drop - 1);
    bool round_up = remainder > half || (remainder == half && (sticky || (kept & 1)));
    if (remainder == half && sticky)
        round_up = true;
    kept += round_up;
    uint64_t bits;
    if (exponent < -1022) {
        // Subnormal (or rounded up into the smallest normal: the carry lands in the exponent).
        bits = kept;
    } else {
        if (kept == (uint64_t(1) << 53)) {
            kept >>= 1;
            exponent += 1;
            if (exponent > 1023)
                return __builtin_huge_val();
        }
        bits = (uint64_t(exponent + 1023) << 52) | (kept & ((uint64_t(1) << 52) - 1));
    }
    return __builtin_bit_cast(double, bits);
}

} // namespace crt
