#pragma once

// The buffer-termination contracts of the Microsoft CRT's string printf functions, on top of the
// pure engine. Pure, so the host tests pin every contract down.

#include <stdarg.h>

#include "win32/crt/Printf.h"

namespace crt {

enum class BufferContract {
    /// sprintf/vsprintf: the buffer is assumed large enough; always terminated.
    Unbounded,
    /// _snprintf/_vsnprintf (and ucrt's LEGACY_VSPRINTF_NULL_TERMINATION): terminated only when
    /// there is room; returns -1 when the output did not fit, the length when it just fit.
    Legacy,
    /// C99 snprintf (ucrt's STANDARD_SNPRINTF_BEHAVIOR): always terminated when count > 0,
    /// returns the full length.
    Standard,
    /// ucrt's default for __stdio_common_vsprintf: truncated output is terminated and -2 is
    /// returned.
    UcrtDefault,
};

/// Formats into `buffer` of `count` characters following `contract`. A null buffer with count 0
/// measures. `errno_out` receives the errno to set (0 when none).
template <typename CharT>
int print_to_buffer(BufferContract contract, CharT* buffer, size_t count, const CharT* format, va_list args,
                    const PrintfOptions& options, int& errno_out);

/// The _s contracts. sprintf_s: the output must fit (else buffer[0] = 0, -1, ERANGE).
/// _snprintf_s with max_count == _TRUNCATE (~0): fills what fits, returns -1 if truncated.
template <typename CharT>
int print_to_buffer_secure(CharT* buffer, size_t size, size_t max_count, const CharT* format, va_list args,
                           const PrintfOptions& options, int& errno_out);

} // namespace crt
