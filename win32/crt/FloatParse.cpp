// Correctly rounded decimal (and hexadecimal) string -> double, the core of strtod/atof/scanf.
// The decimal significand is kept exactly (up to kMaxDigits digits plus a sticky digit for the
// rest, which cannot change the rounding), scaled by the power of ten with big integers, and
// rounded once in make_double.

#include "win32/crt/BigInt.h"
#include "win32/crt/FloatDecimal.h"

namespace crt {

namespace {

constexpr int kMaxDigits = 780;

template <typename CharT>
int lower(CharT c) {
    return (c >= 'A' && c <= 'Z') ? c + 32 : static_cast<int>(c);
}

template <typename CharT>
bool match_word(const CharT* text, const char* word, size_t& length) {
    size_t i = 0;
    for (; word[i]; ++i)
        if (lower(text[i]) != word[i])
            return false;
    length = i;
    return true;
}

int hex_value(int c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

template <typename CharT>
double parse_hex(const CharT* text, size_t& consumed, bool& range_error) {
    // text points after "0x". Accumulate up to 16 significant hex digits, the rest is sticky.
    size_t i = 0;
    uint64_t mantissa = 0;
    int significant = 0;
    bool sticky = false, any_digit = false, seen_point = false;
    int exponent_adjust = 0;
    for (;; ++i) {
        if (text[i] == '.' && !seen_point) {
            seen_point = true;
            continue;
        }
        int v = hex_value(static_cast<int>(text[i]));
        if (v < 0)
            break;
        any_digit = true;
        if (mantissa == 0 && v == 0) {
            if (seen_point)
                exponent_adjust -= 4;
            continue;
        }
        if (significant < 16) {
            mantissa = (mantissa << 4) | static_cast<uint64_t>(v);
            ++significant;
            if (seen_point)
                exponent_adjust -= 4;
        } else {
            sticky |= v != 0;
            if (!seen_point)
                exponent_adjust += 4;
        }
    }
    if (!any_digit) {
        consumed = 0;
        return 0.0;
    }
    int exponent = 0;
    if (lower(text[i]) == 'p') {
        size_t j = i + 1;
        bool negative = false;
        if (text[j] == '+' || text[j] == '-')
            negative = text[j++] == '-';
        if (text[j] >= '0' && text[j] <= '9') {
            while (text[j] >= '0' && text[j] <= '9') {
                if (exponent < 100000)
                    exponent = exponent * 10 + (text[j] - '0');
                ++j;
            }
            if (negative)
                exponent = -exponent;
            i = j;
        }
    }
    consumed = i;
    if (mantissa == 0)
        return 0.0;
    int shift = __builtin_clzll(mantissa);
    double result = make_double(mantissa << shift, sticky, exponent + exponent_adjust - shift);
    range_error = result == 0.0 || result == __builtin_huge_val();
    return result;
}

} // namespace

template <typename CharT>
double parse_decimal_magnitude(const CharT* text, size_t& consumed, bool& range_error,
                               bool allow_hex_and_special) {
    range_error = false;
    consumed = 0;
    if (allow_hex_and_special) {
        size_t length = 0;
        if (text[0] == '0' && lower(text[1]) == 'x') {
            size_t hex_consumed = 0;
            double value = parse_hex(text + 2, hex_consumed, range_error);
            if (hex_consumed == 0) {
                consumed = 1; // just the "0"
                return 0.0;
            }
            consumed = hex_consumed + 2;
            return value;
        }
        if (match_word(text, "infinity", length) || match_word(text, "inf", length)) {
            consumed = length;
            return __builtin_huge_val();
        }
        if (match_word(text, "nan", length)) {
            if (text[length] == '(') {
                size_t j = length + 1;
                while ((text[j] >= '0' && text[j] <= '9') || (lower(text[j]) >= 'a' && lower(text[j]) <= 'z') ||
                       text[j] == '_')
                    ++j;
                if (text[j] == ')')
                    length = j + 1;
            }
            consumed = length;
            return __builtin_nan("");
        }
    }

    char digits[kMaxDigits + 1];
    int count = 0;
    bool sticky = false, any_digit = false, seen_point = false;
    int exponent10 = 0; // value = 0.digits... adjusted below; counts integer digits
    int integer_digits = 0;
    size_t i = 0;
    for (;; ++i) {
        CharT c = text[i];
        if (c == '.' && !seen_point) {
            seen_point = true;
            continue;
        }
        if (c < '0' || c > '9')
            break;
        any_digit = true;
        if (count == 0 && c == '0') {
            if (seen_point)
                --integer_digits; // leading zeros after the point shift the value down
            continue;
        }
        if (count < kMaxDigits) {
            digits[count++] = static_cast<char>(c);
        } else {
            sticky |= c != '0';
        }
        if (!seen_point)
            ++integer_digits;
    }
    if (!any_digit)
        return 0.0;
    if (lower(text[i]) == 'e') {
        size_t j = i + 1;
        bool negative = false;
        if (text[j] == '+' || text[j] == '-')
            negative = text[j++] == '-';
        if (text[j] >= '0' && text[j] <= '9') {
            while (text[j] >= '0' && text[j] <= '9') {
                if (exponent10 < 100000)
                    exponent10 = exponent10 * 10 + (text[j] - '0');
                ++j;
            }
            if (negative)
                exponent10 = -exponent10;
            i = j;
        }
    }
    consumed = i;
    if (count == 0)
        return 0.0;
    if (sticky)
        digits[count++] = '1'; // stands for the nonzero tail beyond kMaxDigits
    // value = D * 10^scale where D is the integer formed by the digits.
    int decimal_point = integer_digits + exponent10; // value = 0.D * 10^decimal_point
    if (decimal_point > 310) {
        range_error = true;
        return __builtin_huge_val();
    }
    if (decimal_point < -330) {
        range_error = true;
        return 0.0;
    }
    int scale = decimal_point - count;
    BigInt number;
    for (int k = 0; k < count; ++k) {
        number.multiply_small(10);
        number.add_small(static_cast<uint32_t>(digits[k] - '0'));
    }
    double result;
    if (scale >= 0) {
        number.multiply_pow10(scale);
        int bits = number.bit_length();
        uint64_t top;
        bool rest;
        if (bits <= 64) {
            top = number.bits_at(0) << (64 - bits);
            rest = false;
        } else {
            top = number.bits_at(bits - 64);
            rest = number.any_bit_below(bits - 64);
        }
        result = make_double(top, rest, bits - 64);
    } else {
        // Quotient D * 2^s / 10^-scale with 66..67 significant bits, by shift-and-subtract.
        BigInt divisor(1);
        divisor.multiply_pow10(-scale);
        int shift = 66 + divisor.bit_length() - number.bit_length();
        if (shift >= 0)
            number.shift_left(shift);
        else
            divisor.shift_left(-shift);
        uint64_t quotient_high = 0, quotient_low = 0; // 128-bit quotient
        BigInt trial = divisor;
        trial.shift_left(68);
        for (int b = 68; b >= 0; --b) {
            quotient_high = (quotient_high << 1) | (quotient_low >> 63);
            quotient_low <<= 1;
            if (BigInt::compare(number, trial) >= 0) {
                number.subtract(trial);
                quotient_low |= 1;
            }
            trial.shift_right_one();
        }
        bool rest = !number.is_zero();
        // Normalize the 128-bit quotient to 64 bits + sticky.
        int lead = quotient_high ? 127 - __builtin_clzll(quotient_high) : 63 - __builtin_clzll(quotient_low);
        int drop = lead - 63;
        uint64_t top;
        if (drop > 0) {
            top = (quotient_low >> drop) | (quotient_high << (64 - drop));
            rest |= (quotient_low & ((uint64_t(1) << drop) - 1)) != 0;
        } else {
            top = quotient_low << -drop;
        }
        result = make_double(top, rest, drop - shift);
    }
    range_error = result == 0.0 || result == __builtin_huge_val();
    return result;
}

template double parse_decimal_magnitude<char>(const char*, size_t&, bool&, bool);
template double parse_decimal_magnitude<WideChar>(const WideChar*, size_t&, bool&, bool);

} // namespace crt
