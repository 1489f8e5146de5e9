#pragma once

// The legacy conversions' digit strings: _ecvt (`count` significant digits), _fcvt (`count`
// digits after the point) and _gcvt (the shortest of fixed and exponential notation). The
// Microsoft rules: at most 17 significant digits are produced (the rest is zeros), rounding is
// half away from zero on the exact value, and _fcvt of a value that rounds to zero is an empty
// string with the unrounded value's decimal position. Pure, so the host tests cover them.

#include "win32/crt/CrtTypes.h"

namespace crt {

constexpr int kCvtBufferSize = 349; // _CVTBUFSIZE

/// Decimal position (digits before the point; negative for leading zeros) and sign (1 when
/// negative) of a conversion.
struct Converted {
    int decimal_point;
    int sign;
};

/// _ecvt's digits into `out` (kCvtBufferSize characters).
Converted convert_e(double value, int count, char* out);
/// _fcvt's digits into `out` (kCvtBufferSize characters).
Converted convert_f(double value, int count, char* out);
/// _gcvt's text into `out` (`size` characters); false when it does not fit.
bool convert_g(double value, int count, char* out, size_t size);

} // namespace crt
