#pragma once

// Exact decimal expansion of doubles, and correctly rounded parsing of decimal strings. Every
// finite double is a dyadic rational, so its decimal expansion is finite (at most 767
// significant digits); printf works on that exact expansion and rounds it once, which is what
// makes "%.20f" of 0.1 print 0.10000000000000000555 and ties round as the CRT mode requires.

#include "win32/crt/CrtTypes.h"

namespace crt {

/// The decimal digits of |value|: value = 0.d[0]d[1]...d[count-1] * 10^exponent. No leading or
/// trailing zero digits; zero has count == 0.
struct DecimalDigits {
    static constexpr int kCapacity = 800;
    char digits[kCapacity];
    int count;
    int exponent;
};

enum class TieRule {
    AwayFromZero, ///< the Microsoft CRT's historical rounding (msvcrt; ucrt without
                  ///< _CRT_INTERNAL_PRINTF_STANDARD_ROUNDING)
    ToEven,       ///< IEEE round-half-even on the exact value (ucrt with standard rounding)
};

/// Fills `out` with the exact decimal expansion of |value| (value must be finite).
void exact_decimal(double value, DecimalDigits& out);

/// Rounds to the first `keep` digits (keep may be zero or negative: the rounding position is
/// then left of the first digit). May change `exponent` (9.99 -> 10.0) or produce zero.
void round_decimal(DecimalDigits& digits, int keep, TieRule rule);

/// Parses the subject sequence of strtod (after whitespace and sign) and returns the correctly
/// rounded magnitude. `consumed` receives the number of characters used (0 = no conversion).
/// Sets `range_error` on overflow to infinity or underflow to zero of a nonzero input.
/// `allow_hex_and_special` enables "0x1.8p3", "inf", "infinity", "nan", "nan(...)" (ucrt).
template <typename CharT>
double parse_decimal_magnitude(const CharT* text, size_t& consumed, bool& range_error,
                               bool allow_hex_and_special);

/// Builds the double closest to top * 2^exp2 (top with bit 63 set; `sticky` when bits below
/// `top` were nonzero), rounding half to even, with overflow to infinity and gradual underflow.
double make_double(uint64_t top, bool sticky, int exp2);

} // namespace crt
