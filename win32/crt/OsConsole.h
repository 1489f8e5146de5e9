#pragma once

// The C runtime's window onto the console for conio (Conio.cpp); OsConsole.cpp alone includes
// the Win32 headers for it.

#include "win32/crt/Os.h"

namespace crt::os {

/// Opens "CONIN$" (input) or "CONOUT$" (output) for reading and writing, as the CRT's conio
/// does: conio talks to the console itself, never to a redirected stdin/stdout. Returns
/// kInvalidHandle when the process has no console.
Handle open_console(bool input);
bool console_mode(Handle console, uint32_t& mode);
bool set_console_mode(Handle console, uint32_t mode);
/// ReadConsoleW of up to `capacity` UTF-16 units.
bool read_console(Handle console, WideChar* buffer, uint32_t capacity, uint32_t& read);
bool write_console(Handle console, const WideChar* text, uint32_t length);
/// GetConsoleCP / GetConsoleOutputCP.
uint32_t console_code_page(bool output);
/// Logs through ntdll that `what` is not implemented (for a part of an export that is missing).
void log_unimplemented(const char* dll, const char* what);

} // namespace crt::os
