#pragma once

// The printf engine shared by every printf-family export of msvcrt.dll and ucrtbase.dll (narrow
// and wide, to streams and to buffers). It is pure: output goes to a sink, so it is unit-tested
// on the host against the Microsoft CRT's documented and observed output.

#include <stdarg.h>

#include "win32/crt/CrtTypes.h"

namespace crt {

/// The behaviours that differ between msvcrt.dll and ucrtbase.dll (and, in ucrtbase, between
/// the option bits callers pass to __stdio_common_*printf).
struct PrintfOptions {
    /// msvcrt: infinity and NaN as 1.#INF00 / -1.#IND00 / 1.#QNAN0; ucrt: inf / -nan(ind) / nan.
    bool legacy_special_values = false;
    /// msvcrt (and ucrt's _CRT_INTERNAL_PRINTF_LEGACY_THREE_DIGIT_EXPONENTS): 1.0e+000.
    bool three_digit_exponent = false;
    /// In the wide functions %s/%c take wide arguments and %S/%C narrow ones (msvcrt, and ucrt's
    /// _CRT_INTERNAL_PRINTF_LEGACY_WIDE_SPECIFIERS). Otherwise the C standard's meaning.
    bool legacy_wide_specifiers = true;
    /// Round exact ties to even (ucrt's _CRT_INTERNAL_PRINTF_STANDARD_ROUNDING). The historical
    /// Microsoft behaviour, and msvcrt's, rounds ties away from zero: "%.0f" of 0.5 is "1".
    bool standard_rounding = false;
    /// %n writes the count (msvcrt); ucrt refuses it unless _set_printf_count_output(1).
    bool allow_count_output = true;
    /// ucrt implements C99 `hh`; msvcrt reads it as `h`.
    bool c99_hh = false;
};

PrintfOptions msvcrt_printf_options();
/// Options for ucrt given the _CRT_INTERNAL_PRINTF_* bits of __stdio_common_*printf.
PrintfOptions ucrt_printf_options(uint64_t option_bits);

/// Where formatted characters go. `write` returns false to abort formatting (I/O error).
template <typename CharT>
struct FormatSink {
    bool (*write)(void* context, const CharT* text, size_t length);
    void* context;
};

/// Formats like the Microsoft CRT. Returns the number of characters produced, or -1 when a
/// conversion fails (a wide character with no narrow equivalent, a sink error, or %n refused);
/// `errno_out` then receives the errno value the CRT sets (EILSEQ 42 or EINVAL 22), else 0.
template <typename CharT>
int format(const FormatSink<CharT>& sink, const CharT* format, va_list args, const PrintfOptions& options,
           int& errno_out);

/// Formats into `buffer` (capacity `capacity` characters, may be 0/null): never writes beyond it,
/// returns the full formatted length (like C99 vsnprintf) or -1. It writes no terminator: the
/// callers implement each export's own truncation and termination contract.
template <typename CharT>
int format_to_buffer(CharT* buffer, size_t capacity, const CharT* format, va_list args,
                     const PrintfOptions& options, int& errno_out);

} // namespace crt
