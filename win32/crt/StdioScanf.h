#pragma once

// scanf from FILE streams, shared by msvcrt's exports and ucrtbase's __stdio_common_v*scanf.

#include <stdarg.h>

#include "win32/crt/Scanf.h"
#include "win32/crt/Stdio.h"

namespace crt {

int scan_stream(CrtFile* stream, const char* format, va_list args, const ScanOptions& options);
int scan_stream(CrtFile* stream, const WideChar* format, va_list args, const ScanOptions& options);

} // namespace crt
