// wsprintfA/W and wvsprintfA/W: the user32 printf (PrintfFormat.h) into a buffer the caller
// promises holds 1024 characters, the documented maximum; longer output is cut there.

#include "halcyon/winuser.h"
#include "win32/user32/PrintfFormat.h"

using namespace halcyon::user32;

namespace {

/// The documented size of a wsprintf buffer, in characters, terminator included.
constexpr size_t kWsprintfMaximum = 1024;

} // namespace

extern "C" {

int WINAPI wvsprintfA(LPSTR buffer, LPCSTR format, va_list args) {
    if (!buffer || !format)
        return -1;
    bool truncated = false;
    return static_cast<int>(format_printf<char>(buffer, kWsprintfMaximum, format, args, truncated));
}

int WINAPI wvsprintfW(LPWSTR buffer, LPCWSTR format, va_list args) {
    if (!buffer || !format)
        return -1;
    bool truncated = false;
    return static_cast<int>(format_printf<WCHAR>(buffer, kWsprintfMaximum, format, args, truncated));
}

int WINAPIV wsprintfA(LPSTR buffer, LPCSTR format, ...) {
    va_list args;
    va_start(args, format);
    int const result = wvsprintfA(buffer, format, args);
    va_end(args);
    return result;
}

int WINAPIV wsprintfW(LPWSTR buffer, LPCWSTR format, ...) {
    va_list args;
    va_start(args, format);
    int const result = wvsprintfW(buffer, format, args);
    va_end(args);
    return result;
}

} // extern "C"
