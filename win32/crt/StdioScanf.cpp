// The scanf-family exports (msvcrt names) on top of the pure engine; ucrtbase's
// __stdio_common_v*scanf use the same helpers (StdioScanf.h).

#include "win32/crt/StdioScanf.h"
#include "win32/crt/Errno.h"
#include "win32/crt/Stdio.h"

namespace crt {

namespace {
int stream_get(void* context) { return read_byte(static_cast<CrtFile*>(context)); }
void stream_unget(void* context, int c) { unget_byte(c, static_cast<CrtFile*>(context)); }
} // namespace

int scan_stream(CrtFile* stream, const char* format, va_list args, const ScanOptions& options) {
    if (!stream || !format) {
        set_errno(kEINVAL);
        return -1;
    }
    StreamCall call(stream);
    ScanInput input{&stream_get, &stream_unget, stream};
    return scan(input, format, args, options);
}

int scan_stream(CrtFile* stream, const WideChar* format, va_list args, const ScanOptions& options) {
    if (!stream || !format) {
        set_errno(kEINVAL);
        return -1;
    }
    StreamCall call(stream);
    ScanInput input{&stream_get, &stream_unget, stream};
    return scan(input, format, args, options);
}

} // namespace crt

using namespace crt;

namespace {
const ScanOptions kPlain{true, false};
const ScanOptions kSecure{true, true};

template <typename CharT>
int string_scan(const CharT* text, size_t length, const CharT* format, va_list args, const ScanOptions& options) {
    if (!text || !format) {
        set_errno(kEINVAL);
        return -1;
    }
    return scan_string(text, length, format, args, options);
}
} // namespace

CRT_EXPORT int vfscanf(CrtFile* s, const char* f, va_list a) { return scan_stream(s, f, a, kPlain); }
CRT_EXPORT int vscanf(const char* f, va_list a) { return scan_stream(&_iob[0], f, a, kPlain); }
CRT_EXPORT int vsscanf(const char* t, const char* f, va_list a) { return string_scan(t, ~size_t(0), f, a, kPlain); }
CRT_EXPORT int vfwscanf(CrtFile* s, const WideChar* f, va_list a) { return scan_stream(s, f, a, kPlain); }
CRT_EXPORT int vwscanf(const WideChar* f, va_list a) { return scan_stream(&_iob[0], f, a, kPlain); }
CRT_EXPORT int vswscanf(const WideChar* t, const WideChar* f, va_list a) { return string_scan(t, ~size_t(0), f, a, kPlain); }

#define CRT_SCAN_VARIADIC(name, call_expression, ...)                                                      \
    CRT_EXPORT int name(__VA_ARGS__, ...) {                                                                \
        va_list a;                                                                                         \
        va_start(a, f);                                                                                    \
        int result = call_expression;                                                                      \
        va_end(a);                                                                                         \
        return result;                                                                                     \
    }

CRT_SCAN_VARIADIC(fscanf, scan_stream(s, f, a, kPlain), CrtFile* s, const char* f)
CRT_SCAN_VARIADIC(scanf, scan_stream(&_iob[0], f, a, kPlain), const char* f)
CRT_SCAN_VARIADIC(sscanf, string_scan(t, ~size_t(0), f, a, kPlain), const char* t, const char* f)
CRT_SCAN_VARIADIC(_snscanf, string_scan(t, n, f, a, kPlain), const char* t, size_t n, const char* f)
CRT_SCAN_VARIADIC(fwscanf, scan_stream(s, f, a, kPlain), CrtFile* s, const WideChar* f)
CRT_SCAN_VARIADIC(wscanf, scan_stream(&_iob[0], f, a, kPlain), const WideChar* f)
CRT_SCAN_VARIADIC(swscanf, string_scan(t, ~size_t(0), f, a, kPlain), const WideChar* t, const WideChar* f)
CRT_SCAN_VARIADIC(_snwscanf, string_scan(t, n, f, a, kPlain), const WideChar* t, size_t n, const WideChar* f)
CRT_SCAN_VARIADIC(fscanf_s, scan_stream(s, f, a, kSecure), CrtFile* s, const char* f)
CRT_SCAN_VARIADIC(scanf_s, scan_stream(&_iob[0], f, a, kSecure), const char* f)
CRT_SCAN_VARIADIC(sscanf_s, string_scan(t, ~size_t(0), f, a, kSecure), const char* t, const char* f)
CRT_SCAN_VARIADIC(swscanf_s, string_scan(t, ~size_t(0), f, a, kSecure), const WideChar* t, const WideChar* f)
