// ucrtbase's formatted I/O entry points. The <stdio.h> of the Universal CRT inlines printf,
// sprintf, scanf, ... as calls to these, passing _CRT_INTERNAL_PRINTF_* / _CRT_INTERNAL_SCANF_*
// option bits that select the behaviours PrintfOptions describes.

#include <stdarg.h>

#include "win32/crt/Errno.h"
#include "win32/crt/StdioPrintf.h"
#include "win32/crt/StdioScanf.h"
#include "win32/crt/StringPrintf.h"

using namespace crt;

namespace {

constexpr uint64_t kLegacyVsprintfNullTermination = 0x1;
constexpr uint64_t kStandardSnprintfBehavior = 0x2;
constexpr uint64_t kScanfSecure = 0x1;
constexpr uint64_t kScanfLegacyWideSpecifiers = 0x2;

bool g_printf_count_output = false;

PrintfOptions options_for(uint64_t bits) {
    PrintfOptions options = ucrt_printf_options(bits);
    options.allow_count_output = g_printf_count_output;
    return options;
}

BufferContract contract_for(uint64_t bits) {
    if (bits & kLegacyVsprintfNullTermination)
        return BufferContract::Legacy;
    if (bits & kStandardSnprintfBehavior)
        return BufferContract::Standard;
    return BufferContract::UcrtDefault;
}

ScanOptions scan_options_for(uint64_t bits) {
    return ScanOptions{(bits & kScanfLegacyWideSpecifiers) != 0, (bits & kScanfSecure) != 0};
}

template <typename CharT>
int buffer_print(uint64_t bits, CharT* buffer, size_t count, const CharT* format, va_list args) {
    int error = 0;
    int result = print_to_buffer(contract_for(bits), buffer, count, format, args, options_for(bits), error);
    if (error)
        set_errno(error);
    return result;
}

template <typename CharT>
int secure_print(uint64_t bits, CharT* buffer, size_t size, size_t max_count, const CharT* format, va_list args) {
    int error = 0;
    int result = print_to_buffer_secure(buffer, size, max_count, format, args, options_for(bits), error);
    if (error)
        set_errno(error);
    return result;
}

} // namespace

CRT_EXPORT int _set_printf_count_output(int enable) {
    int previous = g_printf_count_output;
    g_printf_count_output = enable != 0;
    return previous;
}
CRT_EXPORT int _get_printf_count_output() { return g_printf_count_output; }

CRT_EXPORT int __stdio_common_vfprintf(uint64_t bits, CrtFile* stream, const char* format, void*, va_list args) {
    return print_to_stream(stream, format, args, options_for(bits));
}
CRT_EXPORT int __stdio_common_vfprintf_s(uint64_t bits, CrtFile* stream, const char* format, void*, va_list args) {
    return print_to_stream(stream, format, args, options_for(bits));
}
CRT_EXPORT int __stdio_common_vfwprintf(uint64_t bits, CrtFile* stream, const WideChar* format, void*,
                                        va_list args) {
    return print_to_stream(stream, format, args, options_for(bits));
}
CRT_EXPORT int __stdio_common_vfwprintf_s(uint64_t bits, CrtFile* stream, const WideChar* format, void*,
                                          va_list args) {
    return print_to_stream(stream, format, args, options_for(bits));
}

CRT_EXPORT int __stdio_common_vsprintf(uint64_t bits, char* buffer, size_t count, const char* format, void*,
                                       va_list args) {
    return buffer_print(bits, buffer, count, format, args);
}
CRT_EXPORT int __stdio_common_vswprintf(uint64_t bits, WideChar* buffer, size_t count, const WideChar* format,
                                        void*, va_list args) {
    return buffer_print(bits, buffer, count, format, args);
}
CRT_EXPORT int __stdio_common_vsprintf_s(uint64_t bits, char* buffer, size_t size, const char* format, void*,
                                         va_list args) {
    return secure_print(bits, buffer, size, size, format, args);
}
CRT_EXPORT int __stdio_common_vswprintf_s(uint64_t bits, WideChar* buffer, size_t size, const WideChar* format,
                                          void*, va_list args) {
    return secure_print(bits, buffer, size, size, format, args);
}
CRT_EXPORT int __stdio_common_vsnprintf_s(uint64_t bits, char* buffer, size_t size, size_t max_count,
                                          const char* format, void*, va_list args) {
    return secure_print(bits, buffer, size, max_count, format, args);
}
CRT_EXPORT int __stdio_common_vsnwprintf_s(uint64_t bits, WideChar* buffer, size_t size, size_t max_count,
                                           const WideChar* format, void*, va_list args) {
    return secure_print(bits, buffer, size, max_count, format, args);
}

CRT_EXPORT int __stdio_common_vfscanf(uint64_t bits, CrtFile* stream, const char* format, void*, va_list args) {
    return scan_stream(stream, format, args, scan_options_for(bits));
}
CRT_EXPORT int __stdio_common_vfwscanf(uint64_t bits, CrtFile* stream, const WideChar* format, void*,
                                       va_list args) {
    return scan_stream(stream, format, args, scan_options_for(bits));
}
CRT_EXPORT int __stdio_common_vsscanf(uint64_t bits, const char* buffer, size_t count, const char* format, void*,
                                      va_list args) {
    if (!buffer || !format) {
        set_errno(kEINVAL);
        return -1;
    }
    return scan_string(buffer, count, format, args, scan_options_for(bits));
}
CRT_EXPORT int __stdio_common_vswscanf(uint64_t bits, const WideChar* buffer, size_t count, const WideChar* format,
                                       void*, va_list args) {
    if (!buffer || !format) {
        set_errno(kEINVAL);
        return -1;
    }
    return scan_string(buffer, count, format, args, scan_options_for(bits));
}
