#pragma once

#include <stdarg.h>

#include <string>

#include "win32/crt/Printf.h"
#include "win32/crt/StringPrintf.h"

/// Formats with the engine into a std::string (narrow).
inline std::string format_with(const crt::PrintfOptions& options, const char* format, ...) {
    char buffer[4096];
    va_list args;
    va_start(args, format);
    int error = 0;
    int length = crt::format_to_buffer(buffer, sizeof buffer, format, args, options, error);
    va_end(args);
    if (length < 0)
        return "<error>";
    return std::string(buffer, static_cast<size_t>(length));
}
