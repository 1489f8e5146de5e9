// crt::os console access on top of kernel32 (see OsConsole.h).

#include "halcyon/ntrtl.h"
#include "halcyon/win32.h"
#include "win32/crt/OsConsole.h"

namespace crt::os {

Handle open_console(bool input) {
    HANDLE console = CreateFileW(input ? L"CONIN$" : L"CONOUT$", GENERIC_READ | GENERIC_WRITE,
                                 FILE_SHARE_READ | FILE_SHARE_WRITE, nullptr, OPEN_EXISTING, 0, nullptr);
    return console;
}

bool console_mode(Handle console, uint32_t& mode) {
    DWORD value = 0;
    if (!GetConsoleMode(console, &value))
        return false;
    mode = value;
    return true;
}

bool set_console_mode(Handle console, uint32_t mode) { return SetConsoleMode(console, mode) != 0; }

bool read_console(Handle console, WideChar* buffer, uint32_t capacity, uint32_t& read) {
    DWORD done = 0;
    BOOL ok = ReadConsoleW(console, buffer, capacity, &done, nullptr);
    read = done;
    return ok != 0;
}

bool write_console(Handle console, const WideChar* text, uint32_t length) {
    DWORD done = 0;
    return WriteConsoleW(console, text, length, &done, nullptr) != 0 && done == length;
}

uint32_t console_code_page(bool output) { return output ? GetConsoleOutputCP() : GetConsoleCP(); }

void log_unimplemented(const char* dll, const char* what) { HalcyonLogUnimplemented(dll, what); }

} // namespace crt::os
