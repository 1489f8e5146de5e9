// wnsprintfA/W and wvnsprintfA/W: user32's printf subset (win32/user32/PrintfFormat.h) with an
// explicit buffer size. Output that does not fit is cut (and terminated) and the result is -1.

#include "halcyon/winuser.h"
#include "win32/user32/PrintfFormat.h"

using namespace halcyon::user32;

extern "C" {

int WINAPI wvnsprintfW(LPWSTR buffer, int size, LPCWSTR format, va_list args) {
    if (!buffer || size <= 0 || !format)
        return -1;
    bool truncated = false;
    size_t const written = format_printf<WCHAR>(buffer, static_cast<size_t>(size), format, args, truncated);
    return truncated ? -1 : static_cast<int>(written);
}

int WINAPI wvnsprintfA(LPSTR buffer, int size, LPCSTR format, va_list args) {
    if (!buffer || size <= 0 || !format)
        return -1;
    bool truncated = false;
    size_t const written = format_printf<char>(buffer, static_cast<size_t>(size), format, args, truncated);
    return truncated ? -1 : static_cast<int>(written);
}

int WINAPIV wnsprintfW(LPWSTR buffer, int size, LPCWSTR format, ...) {
    va_list args;
    va_start(args, format);
    int const result = wvnsprintfW(buffer, size, format, args);
    va_end(args);
    return result;
}

int WINAPIV wnsprintfA(LPSTR buffer, int size, LPCSTR format, ...) {
    va_list args;
    va_start(args, format);
    int const result = wvnsprintfA(buffer, size, format, args);
    va_end(args);
    return result;
}

} // extern "C"
