// printf to FILE streams (see StdioPrintf.h) and the msvcrt.dll-style printf exports, narrow and
// wide. ucrtbase exports only the __stdio_common_* entry points (win32/ucrtbase), which share
// these helpers.

#include "win32/crt/StdioPrintf.h"
#include "win32/crt/Errno.h"
#include "win32/crt/StringPrintf.h"

namespace crt {

PrintfOptions default_printf_options() {
    return kFlavor == Flavor::Msvcrt ? msvcrt_printf_options() : ucrt_printf_options(0x4);
}

namespace {

bool stream_write_narrow(void* context, const char* text, size_t length) {
    return write_bytes(static_cast<CrtFile*>(context), text, length) == length;
}

bool stream_write_wide(void* context, const WideChar* text, size_t length) {
    // Text and binary streams without an encoding take "C"-locale bytes.
    char chunk[256];
    while (length > 0) {
        size_t n = min<size_t>(length, sizeof chunk);
        for (size_t i = 0; i < n; ++i) {
            if (static_cast<uint16_t>(text[i]) > 0xff) {
                set_errno(kEILSEQ);
                return false;
            }
            chunk[i] = static_cast<char>(text[i]);
        }
        if (write_bytes(static_cast<CrtFile*>(context), chunk, n) != n)
            return false;
        text += n;
        length -= n;
    }
    return true;
}

} // namespace

int print_to_stream(CrtFile* stream, const char* format, va_list args, const PrintfOptions& options) {
    if (!stream || !format) {
        set_errno(kEINVAL);
        return -1;
    }
    StreamCall call(stream);
    FormatSink<char> sink{&stream_write_narrow, stream};
    int error = 0;
    int result = crt::format(sink, format, args, options, error);
    if (error)
        set_errno(error);
    return result;
}

int print_to_stream(CrtFile* stream, const WideChar* format, va_list args, const PrintfOptions& options) {
    if (!stream || !format) {
        set_errno(kEINVAL);
        return -1;
    }
    StreamCall call(stream);
    FormatSink<WideChar> sink{&stream_write_wide, stream};
    int error = 0;
    int result = crt::format(sink, format, args, options, error);
    if (error)
        set_errno(error);
    return result;
}

} // namespace crt

using namespace crt;

namespace {

template <typename CharT>
int buffer_print(BufferContract contract, CharT* buffer, size_t count, const CharT* format, va_list args) {
    int error = 0;
    int result = print_to_buffer(contract, buffer, count, format, args, default_printf_options(), error);
    if (error)
        set_errno(error);
    return result;
}

template <typename CharT>
int secure_print(CharT* buffer, size_t size, size_t max_count, const CharT* format, va_list args) {
    int error = 0;
    int result = print_to_buffer_secure(buffer, size, max_count, format, args, default_printf_options(), error);
    if (error)
        set_errno(error);
    return result;
}

} // namespace

// ---- Narrow -----------------------------------------------------------------------------------

CRT_EXPORT int vfprintf(CrtFile* stream, const char* format, va_list args) {
    return print_to_stream(stream, format, args, default_printf_options());
}

CRT_EXPORT int fprintf(CrtFile* stream, const char* format, ...) {
    va_list args;
    va_start(args, format);
    int result = vfprintf(stream, format, args);
    va_end(args);
    return result;
}

CRT_EXPORT int vprintf(const char* format, va_list args) { return vfprintf(&_iob[1], format, args); }

CRT_EXPORT int printf(const char* format, ...) {
    va_list args;
    va_start(args, format);
    int result = vfprintf(&_iob[1], format, args);
    va_end(args);
    return result;
}

CRT_EXPORT int vsprintf(char* buffer, const char* format, va_list args) {
    return buffer_print(BufferContract::Unbounded, buffer, 0, format, args);
}

CRT_EXPORT int sprintf(char* buffer, const char* format, ...) {
    va_list args;
    va_start(args, format);
    int result = vsprintf(buffer, format, args);
    va_end(args);
    return result;
}

CRT_EXPORT int _vsnprintf(char* buffer, size_t count, const char* format, va_list args) {
    return buffer_print(BufferContract::Legacy, buffer, count, format, args);
}

CRT_EXPORT int _snprintf(char* buffer, size_t count, const char* format, ...) {
    va_list args;
    va_start(args, format);
    int result = _vsnprintf(buffer, count, format, args);
    va_end(args);
    return result;
}

CRT_EXPORT int vsnprintf(char* buffer, size_t count, const char* format, va_list args) {
    return buffer_print(BufferContract::Standard, buffer, count, format, args);
}

CRT_EXPORT int snprintf(char* buffer, size_t count, const char* format, ...) {
    va_list args;
    va_start(args, format);
    int result = vsnprintf(buffer, count, format, args);
    va_end(args);
    return result;
}

CRT_EXPORT int _vscprintf(const char* format, va_list args) {
    return buffer_print(BufferContract::Standard, static_cast<char*>(nullptr), 0, format, args);
}

CRT_EXPORT int _scprintf(const char* format, ...) {
    va_list args;
    va_start(args, format);
    int result = _vscprintf(format, args);
    va_end(args);
    return result;
}

CRT_EXPORT int vsprintf_s(char* buffer, size_t size, const char* format, va_list args) {
    return secure_print(buffer, size, size, format, args);
}

CRT_EXPORT int sprintf_s(char* buffer, size_t size, const char* format, ...) {
    va_list args;
    va_start(args, format);
    int result = vsprintf_s(buffer, size, format, args);
    va_end(args);
    return result;
}

CRT_EXPORT int _vsnprintf_s(char* buffer, size_t size, size_t max_count, const char* format, va_list args) {
    return secure_print(buffer, size, max_count, format, args);
}

CRT_EXPORT int _snprintf_s(char* buffer, size_t size, size_t max_count, const char* format, ...) {
    va_list args;
    va_start(args, format);
    int result = _vsnprintf_s(buffer, size, max_count, format, args);
    va_end(args);
    return result;
}

CRT_EXPORT int vfprintf_s(CrtFile* stream, const char* format, va_list args) { return vfprintf(stream, format, args); }
CRT_EXPORT int fprintf_s(CrtFile* stream, const char* format, ...) {
    va_list args;
    va_start(args, format);
    int result = vfprintf(stream, format, args);
    va_end(args);
    return result;
}
CRT_EXPORT int vprintf_s(const char* format, va_list args) { return vfprintf(&_iob[1], format, args); }
CRT_EXPORT int printf_s(const char* format, ...) {
    va_list args;
    va_start(args, format);
    int result = vfprintf(&_iob[1], format, args);
    va_end(args);
    return result;
}

// ---- Wide -------------------------------------------------------------------------------------

CRT_EXPORT int vfwprintf(CrtFile* stream, const WideChar* format, va_list args) {
    return print_to_stream(stream, format, args, default_printf_options());
}

CRT_EXPORT int fwprintf(CrtFile* stream, const WideChar* format, ...) {
    va_list args;
    va_start(args, format);
    int result = vfwprintf(stream, format, args);
    va_end(args);
    return result;
}

CRT_EXPORT int vwprintf(const WideChar* format, va_list args) { return vfwprintf(&_iob[1], format, args); }

CRT_EXPORT int wprintf(const WideChar* format, ...) {
    va_list args;
    va_start(args, format);
    int result = vfwprintf(&_iob[1], format, args);
    va_end(args);
    return result;
}

/// msvcrt's swprintf/vswprintf are the pre-C99 forms without a count.
CRT_EXPORT int vswprintf(WideChar* buffer, const WideChar* format, va_list args) {
    return buffer_print(BufferContract::Unbounded, buffer, 0, format, args);
}

CRT_EXPORT int swprintf(WideChar* buffer, const WideChar* format, ...) {
    va_list args;
    va_start(args, format);
    int result = vswprintf(buffer, format, args);
    va_end(args);
    return result;
}

CRT_EXPORT int _vswprintf(WideChar* buffer, const WideChar* format, va_list args) {
    return vswprintf(buffer, format, args);
}

CRT_EXPORT int _swprintf(WideChar* buffer, const WideChar* format, ...) {
    va_list args;
    va_start(args, format);
    int result = vswprintf(buffer, format, args);
    va_end(args);
    return result;
}

CRT_EXPORT int _vsnwprintf(WideChar* buffer, size_t count, const WideChar* format, va_list args) {
    return buffer_print(BufferContract::Legacy, buffer, count, format, args);
}

CRT_EXPORT int _snwprintf(WideChar* buffer, size_t count, const WideChar* format, ...) {
    va_list args;
    va_start(args, format);
    int result = _vsnwprintf(buffer, count, format, args);
    va_end(args);
    return result;
}

CRT_EXPORT int _vscwprintf(const WideChar* format, va_list args) {
    return buffer_print(BufferContract::Standard, static_cast<WideChar*>(nullptr), 0, format, args);
}

CRT_EXPORT int _scwprintf(const WideChar* format, ...) {
    va_list args;
    va_start(args, format);
    int result = _vscwprintf(format, args);
    va_end(args);
    return result;
}

CRT_EXPORT int vswprintf_s(WideChar* buffer, size_t size, const WideChar* format, va_list args) {
    return secure_print(buffer, size, size, format, args);
}

CRT_EXPORT int swprintf_s(WideChar* buffer, size_t size, const WideChar* format, ...) {
    va_list args;
    va_start(args, format);
    int result = vswprintf_s(buffer, size, format, args);
    va_end(args);
    return result;
}

CRT_EXPORT int _vsnwprintf_s(WideChar* buffer, size_t size, size_t max_count, const WideChar* format, va_list args) {
    return secure_print(buffer, size, max_count, format, args);
}

CRT_EXPORT int _snwprintf_s(WideChar* buffer, size_t size, size_t max_count, const WideChar* format, ...) {
    va_list args;
    va_start(args, format);
    int result = _vsnwprintf_s(buffer, size, max_count, format, args);
    va_end(args);
    return result;
}
