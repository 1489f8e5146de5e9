#pragma once

// Formatted output to streams, shared by the msvcrt-style exports (printf, fprintf, ...) and
// ucrtbase's __stdio_common_vfprintf / __stdio_common_vfwprintf.

#include <stdarg.h>

#include "win32/crt/Printf.h"
#include "win32/crt/Stdio.h"

namespace crt {

/// The printf options of this DLL's own printf exports.
PrintfOptions default_printf_options();

int print_to_stream(CrtFile* stream, const char* format, va_list args, const PrintfOptions& options);
int print_to_stream(CrtFile* stream, const WideChar* format, va_list args, const PrintfOptions& options);

} // namespace crt
