// Legacy floating-point to string conversions: _ecvt, _fcvt and _gcvt, and their _s forms. The
// digits come from CvtDigits; _ecvt and _fcvt return the calling thread's buffer, which they
// share, as in the Microsoft CRT.

#include "win32/crt/CvtDigits.h"
#include "win32/crt/Errno.h"
#include "win32/crt/ThreadData.h"

CRT_EXPORT void _invalid_parameter_noinfo();

using namespace crt;

namespace {

using Convert = Converted (*)(double value, int count, char* out);

/// _ecvt and _fcvt: the digits in the calling thread's buffer.
char* convert_to_thread_buffer(Convert convert, double value, int count, int* decimal_point, int* sign) {
    if (!decimal_point || !sign) {
        _invalid_parameter_noinfo();
        set_errno(kEINVAL);
        return nullptr;
    }
    char* out = thread_data().cvt_buffer;
    Converted converted = convert(value, count, out);
    *decimal_point = converted.decimal_point;
    *sign = converted.sign;
    return out;
}

/// _ecvt_s and _fcvt_s: the digits in the caller's buffer of `size` characters.
int convert_to_buffer(Convert convert, char* buffer, size_t size, double value, int count, int* decimal_point,
                      int* sign) {
    if (!buffer || size == 0 || !decimal_point || !sign) {
        _invalid_parameter_noinfo();
        set_errno(kEINVAL);
        return kEINVAL;
    }
    char out[kCvtBufferSize];
    Converted converted = convert(value, count, out);
    size_t n = 0;
    while (out[n])
        ++n;
    if (n + 1 > size) {
        buffer[0] = 0;
        _invalid_parameter_noinfo();
        set_errno(kERANGE);
        return kERANGE;
    }
    for (size_t i = 0; i <= n; ++i)
        buffer[i] = out[i];
    *decimal_point = converted.decimal_point;
    *sign = converted.sign;
    return 0;
}

} // namespace

CRT_EXPORT char* _ecvt(double value, int count, int* decimal_point, int* sign) {
    return convert_to_thread_buffer(convert_e, value, count, decimal_point, sign);
}

CRT_EXPORT char* _fcvt(double value, int count, int* decimal_point, int* sign) {
    return convert_to_thread_buffer(convert_f, value, count, decimal_point, sign);
}

CRT_EXPORT char* _gcvt(double value, int digits, char* buffer) {
    if (!buffer || digits < 0) {
        _invalid_parameter_noinfo();
        set_errno(kEINVAL);
        return nullptr;
    }
    if (!convert_g(value, digits, buffer, static_cast<size_t>(kCvtBufferSize))) {
        set_errno(kERANGE);
        return nullptr;
    }
    return buffer;
}

CRT_EXPORT int _ecvt_s(char* buffer, size_t size, double value, int count, int* decimal_point, int* sign) {
    return convert_to_buffer(convert_e, buffer, size, value, count, decimal_point, sign);
}

CRT_EXPORT int _fcvt_s(char* buffer, size_t size, double value, int count, int* decimal_point, int* sign) {
    return convert_to_buffer(convert_f, buffer, size, value, count, decimal_point, sign);
}

CRT_EXPORT int _gcvt_s(char* buffer, size_t size, double value, int digits) {
    if (!buffer || size == 0 || digits < 0) {
        _invalid_parameter_noinfo();
        set_errno(kEINVAL);
        return kEINVAL;
    }
    if (!convert_g(value, digits, buffer, size)) {
        buffer[0] = 0;
        _invalid_parameter_noinfo();
        set_errno(kERANGE);
        return kERANGE;
    }
    return 0;
}
