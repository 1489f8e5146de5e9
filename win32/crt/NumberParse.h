#pragma once

// strtol/strtoul/strtod cores, templated on the character type (pure; see NumberParse.cpp).

#include "win32/crt/CrtTypes.h"

namespace crt {

/// Parses an integer like strtol (is_signed) or strtoul: whitespace, sign, base prefix, digits.
/// Values beyond [minimum, maximum] (for unsigned: beyond maximum before negation) clamp and
/// set `range_error`. `end` receives the first unparsed character (the start when nothing was
/// parsed). Returns the value as a 64-bit pattern.
template <typename CharT>
uint64_t parse_integer(const CharT* text, const CharT** end, int base, bool is_signed, int bits,
                       bool& range_error, bool& invalid_base);

/// strtod: whitespace, sign, then parse_decimal_magnitude.
template <typename CharT>
double parse_double(const CharT* text, const CharT** end, bool& range_error);

} // namespace crt
