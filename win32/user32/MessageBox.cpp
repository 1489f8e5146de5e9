// MessageBoxA/W/ExA/ExW without a display: Halcyon has no window manager yet, so the caption and
// the text go to standard error, a log line says that no dialog was shown, and the call returns
// the box's default button (IDOK for MB_OK and MB_OKCANCEL) as if the user had pressed Enter.
// FIXME: a real dialog once user32 has windows.

#include "halcyon/WideCopy.h"
#include "halcyon/winuser.h"

using halcyon::win32::WideCopy;

namespace {

void write_stderr(const char* text, DWORD length) {
    HANDLE error = GetStdHandle(STD_ERROR_HANDLE);
    DWORD written = 0;
    if (error && error != INVALID_HANDLE_VALUE)
        WriteFile(error, text, length, &written, nullptr);
}

void write_stderr(const char* text) {
    DWORD length = 0;
    while (text[length])
        ++length;
    write_stderr(text, length);
}

void write_stderr_wide(LPCWSTR text) {
    if (!text)
        return;
    int const bytes = WideCharToMultiByte(CP_ACP, 0, text, -1, nullptr, 0, nullptr, nullptr);
    if (bytes <= 1)
        return;
    char chunk[512];
    // Converted in pieces so a long message needs no allocation.
    for (const WCHAR* p = text; *p;) {
        int units = 0;
        while (p[units] && units < 128)
            ++units;
        int const n = WideCharToMultiByte(CP_ACP, 0, p, units, chunk, sizeof(chunk), nullptr, nullptr);
        if (n > 0)
            write_stderr(chunk, static_cast<DWORD>(n));
        p += units;
    }
}

/// The buttons of each MB_ type, in order; the default is MB_DEFBUTTONn's.
int default_button(UINT type) {
    static const int kButtons[][3] = {
        {IDOK, IDOK, IDOK},
        {IDOK, IDCANCEL, IDCANCEL},
        {IDABORT, IDRETRY, IDIGNORE},
        {IDYES, IDNO, IDCANCEL},
        {IDYES, IDNO, IDNO},
        {IDRETRY, IDCANCEL, IDCANCEL},
        {IDCANCEL, IDTRYAGAIN, IDCONTINUE},
    };
    UINT const kind = type & MB_TYPEMASK;
    if (kind > MB_CANCELTRYCONTINUE)
        return 0;
    UINT const index = ((type & MB_DEFMASK) >> 8) & 3;
    return kButtons[kind][index > 2 ? 2 : index];
}

int show(LPCWSTR text, LPCWSTR caption, UINT type) {
    int const button = default_button(type);
    if (!button) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    write_stderr("user32: MessageBox: no display on this console-only system; the message is printed "
                 "here and its default button is returned\n");
    write_stderr("[");
    write_stderr_wide(caption ? caption : L"Error");
    write_stderr("] ");
    write_stderr_wide(text);
    write_stderr("\n");
    return button;
}

} // namespace

extern "C" {

int WINAPI MessageBoxW(HWND owner, LPCWSTR text, LPCWSTR caption, UINT type) {
    (void)owner;
    return show(text, caption, type);
}

int WINAPI MessageBoxExW(HWND owner, LPCWSTR text, LPCWSTR caption, UINT type, WORD language) {
    (void)language;
    return MessageBoxW(owner, text, caption, type);
}

int WINAPI MessageBoxA(HWND owner, LPCSTR text, LPCSTR caption, UINT type) {
    WideCopy wide_text(text), wide_caption(caption);
    return MessageBoxW(owner, wide_text.get(), wide_caption.get(), type);
}

int WINAPI MessageBoxExA(HWND owner, LPCSTR text, LPCSTR caption, UINT type, WORD language) {
    (void)language;
    return MessageBoxA(owner, text, caption, type);
}

} // extern "C"
