#pragma once

// The scanf engine shared by every scanf-family export (pure; host-tested).

#include <stdarg.h>

#include "win32/crt/CrtTypes.h"

namespace crt {

struct ScanOptions {
    /// In the wide functions %s/%c/%[ store wide characters and %S/%C narrow ones (msvcrt and
    /// ucrt's _CRT_INTERNAL_SCANF_LEGACY_WIDE_SPECIFIERS).
    bool legacy_wide_specifiers = true;
    /// The _s functions: %s, %c and %[ take a buffer size (unsigned int) after each pointer.
    bool secure = false;
};

/// Input characters come from `get` (returns -1 at end); `unget` pushes one character back.
struct ScanInput {
    int (*get)(void* context);
    void (*unget)(void* context, int c);
    void* context;
};

/// Returns the number of assigned fields, or -1 (EOF) when input ended before the first
/// conversion.
template <typename CharT>
int scan(const ScanInput& input, const CharT* format, va_list args, const ScanOptions& options);

/// sscanf over at most `length` characters of `text` (stops at a terminator too).
template <typename CharT>
int scan_string(const CharT* text, size_t length, const CharT* format, va_list args, const ScanOptions& options);

} // namespace crt
