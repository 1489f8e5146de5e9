// <math.h>. Exact operations (fabs, floor, ceil, trunc, modf, frexp, ldexp, fmod, sqrt) are done
// exactly with bit manipulation, sqrtsd and fprem. Transcendentals use the x87 unit's 64-bit
// mantissa (fyl2x, f2xm1, fpatan, fsin, fcos, fptan), so their results are within an ulp or so
// of the correctly rounded value — not bit-identical to the Microsoft CRT's own polynomials.
// FIXME: fsin/fcos/fptan reduce arguments with a 66-bit pi; beyond |x| ~ 2^30 accuracy degrades.
// Domain and range errors set errno (EDOM/ERANGE) as the CRT does; _matherr is not called.

#include "win32/crt/Errno.h"

namespace {

uint64_t bits_of(double x) { return __builtin_bit_cast(uint64_t, x); }
double from_bits(uint64_t b) { return __builtin_bit_cast(double, b); }
bool is_nan(double x) { return (bits_of(x) & 0x7fffffffffffffffull) > 0x7ff0000000000000ull; }
bool is_inf(double x) { return (bits_of(x) & 0x7fffffffffffffffull) == 0x7ff0000000000000ull; }
const double kInf = __builtin_huge_val();
double nan_indefinite() { return from_bits(0xfff8000000000000ull); }

double domain_error() {
    crt::set_errno(crt::kEDOM);
    return nan_indefinite();
}

// In the Microsoft ABI `long double` is `double`, so extended precision is only available
// inside x87 instruction sequences: every intermediate that needs it stays on the x87 stack.
// kExp2Tail turns st(0) = t into st(0) = 2^t (frndint splits t, f2xm1 the fraction, fscale).
#define kExp2Tail                                                                                  \
    "fld %%st(0)\n\t"                                                                              \
    "frndint\n\t"                                                                                  \
    "fxch\n\t"                                                                                     \
    "fsub %%st(1), %%st\n\t"                                                                       \
    "f2xm1\n\t"                                                                                    \
    "fld1\n\t"                                                                                     \
    "faddp\n\t"                                                                                    \
    "fscale\n\t"                                                                                   \
    "fstp %%st(1)\n\t"

/// e^x with the product x*log2(e) kept in extended precision.
double exp_x87(double x) {
    double result;
    asm("fldl %1\n\tfldl2e\n\tfmulp\n\t" kExp2Tail "fstpl %0" : "=m"(result) : "m"(x) : "st", "st(1)");
    return result;
}

/// x^y for x > 0: 2^(y*log2 x) with the exponent in extended precision.
double pow_x87(double x, double y) {
    double result;
    asm("fldl %2\n\tfldl %1\n\tfyl2x\n\t" kExp2Tail "fstpl %0" : "=m"(result) : "m"(x), "m"(y) : "st", "st(1)");
    return result;
}

/// e^x - 1, accurate near zero (f2xm1 directly when |x log2 e| < 1).
double expm1_x87(double x) {
    if (x > -0.69 && x < 0.69) {
        double result;
        asm("fldl %1\n\tfldl2e\n\tfmulp\n\tf2xm1\n\tfstpl %0" : "=m"(result) : "m"(x) : "st");
        return result;
    }
    return exp_x87(x) - 1.0;
}

long double log2_extended(long double x) {
    long double result;
    asm("fyl2x" : "=t"(result) : "0"(x), "u"(1.0L) : "st(1)");
    return result;
}

double checked(long double value) {
    double result = static_cast<double>(value);
    if (is_inf(result) || (result == 0.0 && value != 0.0L))
        crt::set_errno(crt::kERANGE);
    return result;
}

double trunc_impl(double x) {
    uint64_t b = bits_of(x);
    int exponent = static_cast<int>((b >> 52) & 0x7ff) - 1023;
    if (exponent >= 52)
        return x; // integral already (or inf/nan)
    if (exponent < 0)
        return from_bits(b & 0x8000000000000000ull); // |x| < 1 -> signed zero
    uint64_t mask = (uint64_t(1) << (52 - exponent)) - 1;
    return from_bits(b & ~mask);
}

} // namespace

CRT_EXPORT double fabs(double x) { return from_bits(bits_of(x) & 0x7fffffffffffffffull); }
CRT_EXPORT double trunc(double x) { return trunc_impl(x); }

CRT_EXPORT double floor(double x) {
    double t = trunc_impl(x);
    return (t != x && x < 0) ? t - 1.0 : t;
}

CRT_EXPORT double ceil(double x) {
    double t = trunc_impl(x);
    if (t != x && x > 0)
        return t + 1.0;
    if (t == 0.0 && x < 0)
        return -0.0;
    return t;
}

CRT_EXPORT double round(double x) {
    double t = trunc_impl(x);
    double difference = x - t;
    if (difference >= 0.5)
        return t + 1.0;
    if (difference <= -0.5)
        return t - 1.0;
    return t;
}

CRT_EXPORT int64_t llround(double x) { return static_cast<int64_t>(round(x)); }
CRT_EXPORT crt::WinLong lround(double x) { return static_cast<crt::WinLong>(round(x)); }

CRT_EXPORT double modf(double x, double* integer) {
    double t = trunc_impl(x);
    if (integer)
        *integer = t;
    if (is_inf(x))
        return from_bits(bits_of(x) & 0x8000000000000000ull);
    return from_bits((bits_of(x - t) & 0x7fffffffffffffffull) | (bits_of(x) & 0x8000000000000000ull));
}

CRT_EXPORT double frexp(double x, int* exponent) {
    uint64_t b = bits_of(x);
    int e = static_cast<int>((b >> 52) & 0x7ff);
    *exponent = 0;
    if (x == 0.0 || e == 0x7ff)
        return x;
    if (e == 0) { // subnormal: normalize first
        x *= 18014398509481984.0; // 2^54
        b = bits_of(x);
        e = static_cast<int>((b >> 52) & 0x7ff) - 54;
    }
    *exponent = e - 1022;
    return from_bits((b & 0x800fffffffffffffull) | (uint64_t(1022) << 52));
}

CRT_EXPORT double ldexp(double x, int exponent) {
    if (x == 0.0 || is_inf(x) || is_nan(x))
        return x;
    // Scale in steps that stay representable, so rounding happens once at the end.
    while (exponent > 1000) {
        x *= from_bits(uint64_t(2023) << 52); // 2^1000
        exponent -= 1000;
        if (is_inf(x))
            break;
    }
    while (exponent < -1000) {
        x *= from_bits(uint64_t(23) << 52); // 2^-1000
        exponent += 1000;
        if (x == 0.0)
            break;
    }
    double result = x * from_bits(uint64_t(exponent + 1023) << 52);
    if (is_inf(result) || result == 0.0)
        crt::set_errno(crt::kERANGE);
    return result;
}

CRT_EXPORT double scalbn(double x, int n) { return ldexp(x, n); }
CRT_EXPORT double _scalb(double x, crt::WinLong n) { return ldexp(x, n); }

CRT_EXPORT double sqrt(double x) {
    if (x < 0)
        return domain_error();
    double result;
    asm("sqrtsd %1, %0" : "=x"(result) : "x"(x));
    return result;
}

CRT_EXPORT double fmod(double x, double y) {
    if (is_nan(x) || is_nan(y))
        return x + y;
    if (is_inf(x) || y == 0.0)
        return domain_error();
    if (is_inf(y))
        return x;
    long double a = x, b = y;
    unsigned short status;
    do {
        asm("fprem; fnstsw %%ax" : "=t"(a), "=a"(status) : "0"(a), "u"(b));
    } while (status & 0x400); // C2: partial remainder, continue
    return static_cast<double>(a);
}

CRT_EXPORT double exp(double x) {
    if (is_nan(x))
        return x;
    if (is_inf(x))
        return x > 0 ? x : 0.0;
    if (x > 709.8)
        return crt::set_errno(crt::kERANGE), kInf;
    if (x < -745.2)
        return crt::set_errno(crt::kERANGE), 0.0;
    return checked(exp_x87(x));
}

CRT_EXPORT double log(double x) {
    if (is_nan(x))
        return x;
    if (x < 0)
        return domain_error();
    if (x == 0)
        return crt::set_errno(crt::kERANGE), -kInf;
    if (is_inf(x))
        return x;
    long double result;
    asm("fldln2; fxch; fyl2x" : "=t"(result) : "0"(static_cast<long double>(x)) : "st(1)");
    return static_cast<double>(result);
}

CRT_EXPORT double log10(double x) {
    if (is_nan(x))
        return x;
    if (x < 0)
        return domain_error();
    if (x == 0)
        return crt::set_errno(crt::kERANGE), -kInf;
    if (is_inf(x))
        return x;
    long double result;
    asm("fldlg2; fxch; fyl2x" : "=t"(result) : "0"(static_cast<long double>(x)) : "st(1)");
    return static_cast<double>(result);
}

CRT_EXPORT double log2(double x) {
    if (is_nan(x))
        return x;
    if (x < 0)
        return domain_error();
    if (x == 0)
        return crt::set_errno(crt::kERANGE), -kInf;
    if (is_inf(x))
        return x;
    return static_cast<double>(log2_extended(x));
}

CRT_EXPORT double log1p(double x) {
    if (x < -1.0)
        return domain_error();
    if (x == -1.0)
        return crt::set_errno(crt::kERANGE), -kInf;
    if (fabs(x) < 0.29) {
        // fyl2xp1 is accurate for small x where log(1 + x) would lose digits.
        long double result;
        asm("fldln2; fxch; fyl2xp1" : "=t"(result) : "0"(static_cast<long double>(x)) : "st(1)");
        return static_cast<double>(result);
    }
    return log(1.0 + x);
}

CRT_EXPORT double expm1(double x) {
    if (x > 709.8)
        return crt::set_errno(crt::kERANGE), kInf;
    if (x < -40)
        return -1.0;
    return expm1_x87(x);
}

CRT_EXPORT double pow(double x, double y) {
    if (y == 0.0)
        return 1.0; // even for NaN x, as C and the CRT specify
    if (x == 1.0)
        return 1.0;
    if (is_nan(x) || is_nan(y))
        return x + y;
    bool y_integer = trunc_impl(y) == y;
    bool y_odd = y_integer && fabs(y) < 9007199254740992.0 && fmod(y, 2.0) != 0.0;
    if (x == 0.0) {
        if (y < 0) {
            crt::set_errno(crt::kERANGE);
            return y_odd ? from_bits(bits_of(x) | 0x7ff0000000000000ull) : kInf;
        }
        return y_odd ? x : 0.0;
    }
    if (is_inf(y)) {
        double ax = fabs(x);
        if (ax == 1.0)
            return 1.0;
        return (ax > 1.0) == (y > 0) ? kInf : 0.0;
    }
    if (is_inf(x)) {
        bool negative = x < 0 && y_odd;
        double magnitude = y > 0 ? kInf : 0.0;
        return negative ? -magnitude : magnitude;
    }
    bool negate = false;
    if (x < 0) {
        if (!y_integer)
            return domain_error();
        negate = y_odd;
        x = -x;
    }
    double t = y * static_cast<double>(log2_extended(x)); // only for the range check
    if (t > 1030.0)
        return crt::set_errno(crt::kERANGE), negate ? -kInf : kInf;
    if (t < -1090.0)
        return crt::set_errno(crt::kERANGE), negate ? -0.0 : 0.0;
    double result = checked(pow_x87(x, y));
    return negate ? -result : result;
}

CRT_EXPORT double sin(double x) {
    if (is_nan(x))
        return x;
    if (is_inf(x))
        return domain_error();
    long double r = x, result;
    unsigned short status;
    asm("fsin; fnstsw %%ax" : "=t"(result), "=a"(status) : "0"(r));
    if (status & 0x400) { // out of range: reduce by 2*pi first
        long double two_pi = 6.28318530717958647692528676655900577L;
        do
            asm("fprem1; fnstsw %%ax" : "=t"(r), "=a"(status) : "0"(r), "u"(two_pi));
        while (status & 0x400);
        asm("fsin" : "=t"(result) : "0"(r));
    }
    return static_cast<double>(result);
}

CRT_EXPORT double cos(double x) {
    if (is_nan(x))
        return x;
    if (is_inf(x))
        return domain_error();
    long double r = x, result;
    unsigned short status;
    asm("fcos; fnstsw %%ax" : "=t"(result), "=a"(status) : "0"(r));
    if (status & 0x400) {
        long double two_pi = 6.28318530717958647692528676655900577L;
        do
            asm("fprem1; fnstsw %%ax" : "=t"(r), "=a"(status) : "0"(r), "u"(two_pi));
        while (status & 0x400);
        asm("fcos" : "=t"(result) : "0"(r));
    }
    return static_cast<double>(result);
}

CRT_EXPORT double tan(double x) {
    if (is_nan(x))
        return x;
    if (is_inf(x))
        return domain_error();
    long double r = x;
    unsigned short status;
    long double pi = 3.14159265358979323846264338327950288L;
    // Reduce by pi (tan has period pi) so fptan is always in range.
    do
        asm("fprem1; fnstsw %%ax" : "=t"(r), "=a"(status) : "0"(r), "u"(pi));
    while (status & 0x400);
    long double one, result;
    asm("fptan" : "=t"(one), "=u"(result) : "0"(r));
    return static_cast<double>(result);
}

CRT_EXPORT double atan2(double y, double x) {
    if (is_nan(x) || is_nan(y))
        return x + y;
    long double result;
    asm("fpatan" : "=t"(result) : "0"(static_cast<long double>(x)), "u"(static_cast<long double>(y)) : "st(1)");
    return static_cast<double>(result);
}

CRT_EXPORT double atan(double x) {
    if (is_nan(x))
        return x;
    return atan2(x, 1.0);
}

CRT_EXPORT double asin(double x) {
    if (is_nan(x))
        return x;
    if (x > 1.0 || x < -1.0)
        return domain_error();
    long double lx = x;
    long double c = (1.0L - lx) * (1.0L + lx), root;
    asm("fsqrt" : "=t"(root) : "0"(c));
    long double result;
    asm("fpatan" : "=t"(result) : "0"(root), "u"(lx) : "st(1)");
    return static_cast<double>(result);
}

CRT_EXPORT double acos(double x) {
    if (is_nan(x))
        return x;
    if (x > 1.0 || x < -1.0)
        return domain_error();
    long double lx = x;
    long double c = (1.0L - lx) * (1.0L + lx), root;
    asm("fsqrt" : "=t"(root) : "0"(c));
    long double result;
    asm("fpatan" : "=t"(result) : "0"(lx), "u"(root) : "st(1)");
    return static_cast<double>(result);
}

CRT_EXPORT double sinh(double x) {
    if (is_nan(x) || is_inf(x))
        return x;
    double ax = fabs(x);
    if (ax > 710.5)
        return crt::set_errno(crt::kERANGE), x > 0 ? kInf : -kInf;
    double e = expm1_x87(ax);
    double r = checked(ax > 22.0 ? exp_x87(ax) / 2.0 : (e + e / (e + 1.0)) / 2.0);
    return x < 0 ? -r : r;
}

CRT_EXPORT double cosh(double x) {
    if (is_nan(x))
        return x;
    double ax = fabs(x);
    if (is_inf(x))
        return kInf;
    if (ax > 710.5)
        return crt::set_errno(crt::kERANGE), kInf;
    double e = exp_x87(ax > 709.0 ? ax - 0.6931471805599453 : ax);
    if (ax > 709.0)
        return checked(e); // e^(x - ln 2) = e^x / 2, without overflowing first
    return checked((e + 1.0 / e) / 2.0);
}

CRT_EXPORT double tanh(double x) {
    if (is_nan(x))
        return x;
    double ax = fabs(x);
    double r;
    if (ax > 22.0) {
        r = 1.0;
    } else {
        double e = expm1_x87(2.0 * ax);
        r = e / (e + 2.0);
    }
    return x < 0 ? -r : r;
}

CRT_EXPORT double hypot(double x, double y) {
    if (is_inf(x) || is_inf(y))
        return kInf;
    double result; // squares and sum on the x87 stack: no intermediate overflow
    asm("fldl %1\n\tfmul %%st(0), %%st\n\tfldl %2\n\tfmul %%st(0), %%st\n\tfaddp\n\tfsqrt\n\tfstpl %0"
        : "=m"(result) : "m"(x), "m"(y) : "st", "st(1)");
    return checked(result);
}
CRT_EXPORT double _hypot(double x, double y) { return hypot(x, y); }

CRT_EXPORT double cbrt(double x) {
    if (x == 0 || is_nan(x) || is_inf(x))
        return x;
    double r = pow_x87(fabs(x), 1.0 / 3.0);
    // One Newton step in double for the last bit.
    r = r - (r * r * r - fabs(x)) / (3.0 * r * r);
    return x < 0 ? -r : r;
}

CRT_EXPORT double _copysign(double x, double y) {
    return from_bits((bits_of(x) & 0x7fffffffffffffffull) | (bits_of(y) & 0x8000000000000000ull));
}
CRT_EXPORT double copysign(double x, double y) { return _copysign(x, y); }
CRT_EXPORT double _chgsign(double x) { return from_bits(bits_of(x) ^ 0x8000000000000000ull); }
CRT_EXPORT int _isnan(double x) { return is_nan(x) ? 1 : 0; }
CRT_EXPORT int _finite(double x) { return (!is_nan(x) && !is_inf(x)) ? 1 : 0; }
CRT_EXPORT double fmax(double x, double y) { return is_nan(x) ? y : (is_nan(y) ? x : (x > y ? x : y)); }
CRT_EXPORT double fmin(double x, double y) { return is_nan(x) ? y : (is_nan(y) ? x : (x < y ? x : y)); }

/// _fpclass: the CRT's classification bits (_FPCLASS_SNAN 1 ... _FPCLASS_PINF 0x200).
CRT_EXPORT int _fpclass(double x) {
    uint64_t b = bits_of(x);
    bool negative = b >> 63;
    uint64_t exponent = (b >> 52) & 0x7ff, mantissa = b & 0xfffffffffffffull;
    if (exponent == 0x7ff) {
        if (mantissa == 0)
            return negative ? 0x4 : 0x200;
        return (mantissa & 0x8000000000000ull) ? 0x2 : 0x1;
    }
    if (exponent == 0)
        return mantissa == 0 ? (negative ? 0x20 : 0x40) : (negative ? 0x10 : 0x80);
    return negative ? 0x8 : 0x100;
}

/// ucrt's fpclassify helper: FP_NAN 2, FP_INFINITE 1, FP_ZERO 0, FP_SUBNORMAL -2, FP_NORMAL -1.
CRT_EXPORT short _dclass(double x) {
    uint64_t b = bits_of(x);
    uint64_t exponent = (b >> 52) & 0x7ff, mantissa = b & 0xfffffffffffffull;
    if (exponent == 0x7ff)
        return mantissa ? 2 : 1;
    if (exponent == 0)
        return mantissa ? -2 : 0;
    return -1;
}
CRT_EXPORT int _dsign(double x) { return static_cast<int>(bits_of(x) >> 63) ? 0x8000 : 0; }

// float variants (ucrt exports them; msvcrt's x64 build has most as well).
CRT_EXPORT float floorf(float x) { return static_cast<float>(floor(x)); }
CRT_EXPORT float ceilf(float x) { return static_cast<float>(ceil(x)); }
CRT_EXPORT float fabsf(float x) { return static_cast<float>(fabs(x)); }
CRT_EXPORT float sqrtf(float x) { return static_cast<float>(sqrt(x)); }
CRT_EXPORT float fmodf(float x, float y) { return static_cast<float>(fmod(x, y)); }
CRT_EXPORT float powf(float x, float y) { return static_cast<float>(pow(x, y)); }
CRT_EXPORT float expf(float x) { return static_cast<float>(exp(x)); }
CRT_EXPORT float logf(float x) { return static_cast<float>(log(x)); }
CRT_EXPORT float log10f(float x) { return static_cast<float>(log10(x)); }
CRT_EXPORT float sinf(float x) { return static_cast<float>(sin(x)); }
CRT_EXPORT float cosf(float x) { return static_cast<float>(cos(x)); }
CRT_EXPORT float tanf(float x) { return static_cast<float>(tan(x)); }
CRT_EXPORT float atanf(float x) { return static_cast<float>(atan(x)); }
CRT_EXPORT float atan2f(float y, float x) { return static_cast<float>(atan2(y, x)); }
CRT_EXPORT float asinf(float x) { return static_cast<float>(asin(x)); }
CRT_EXPORT float acosf(float x) { return static_cast<float>(acos(x)); }
CRT_EXPORT float sinhf(float x) { return static_cast<float>(sinh(x)); }
CRT_EXPORT float coshf(float x) { return static_cast<float>(cosh(x)); }
CRT_EXPORT float tanhf(float x) { return static_cast<float>(tanh(x)); }
CRT_EXPORT float modff(float x, float* integer) {
    double i;
    float result = static_cast<float>(modf(x, &i));
    *integer = static_cast<float>(i);
    return result;
}
CRT_EXPORT float frexpf(float x, int* e) { return static_cast<float>(frexp(x, e)); }
CRT_EXPORT float ldexpf(float x, int e) { return static_cast<float>(ldexp(x, e)); }

/// _controlfp / _control87: report the default control word; changes are applied to MXCSR's
/// rounding and exception masks. FIXME: precision control and the x87 word are not mirrored.
CRT_EXPORT unsigned int _controlfp(unsigned int new_value, unsigned int mask) {
    unsigned int mxcsr;
    asm volatile("stmxcsr %0" : "=m"(mxcsr));
    // _MCW_EM 0x8001f (masks: _EM_INVALID 0x10, _EM_DENORMAL 0x80000, _EM_ZERODIVIDE 0x8,
    // _EM_OVERFLOW 0x4, _EM_UNDERFLOW 0x2, _EM_INEXACT 0x1), _MCW_RC 0x300.
    unsigned int current = 0x80000 | 0x1f; // all masked (what MXCSR 0x1f80 means)
    unsigned int rounding = (mxcsr >> 13) & 3;
    static const unsigned int kToCrt[4] = {0x000, 0x100, 0x200, 0x300}; // near, down, up, chop
    current |= kToCrt[rounding];
    unsigned int wanted = (current & ~mask) | (new_value & mask);
    unsigned int new_rounding = (wanted >> 8) & 3;
    mxcsr = (mxcsr & ~0x6000u) | (new_rounding << 13);
    asm volatile("ldmxcsr %0" : : "m"(mxcsr));
    return wanted;
}
CRT_EXPORT unsigned int _control87(unsigned int new_value, unsigned int mask) { return _controlfp(new_value, mask); }
CRT_EXPORT int _controlfp_s(unsigned int* current, unsigned int new_value, unsigned int mask) {
    unsigned int value = _controlfp(new_value, mask);
    if (current)
        *current = value;
    return 0;
}
CRT_EXPORT unsigned int _clearfp() {
    unsigned int mxcsr;
    asm volatile("stmxcsr %0" : "=m"(mxcsr));
    unsigned int flags = mxcsr & 0x3f;
    mxcsr &= ~0x3fu;
    asm volatile("ldmxcsr %0" : : "m"(mxcsr));
    asm volatile("fnclex");
    return flags;
}
CRT_EXPORT unsigned int _statusfp() {
    unsigned int mxcsr;
    asm volatile("stmxcsr %0" : "=m"(mxcsr));
    return mxcsr & 0x3f;
}
