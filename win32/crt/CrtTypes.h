#pragma once

// Basic types shared by every file of the C runtime. The CRT sources build two ways: for the
// PE32+ target (clang --target=x86_64-pc-windows-msvc, where `long` is 32 bits and `wchar_t` is
// 16 bits) and for the host, where the pure parts (formatting, parsing, strings, command line)
// are unit-tested. Internally the CRT therefore never says `long` or `wchar_t`: it uses the
// fixed-width types below, which mean the same thing on both.

#include <stddef.h>
#include <stdint.h>

namespace crt {

#if defined(_WIN32)
/// A UTF-16 code unit as the Windows C ABI passes it (wchar_t on the target).
using WideChar = wchar_t;
#else
using WideChar = char16_t;
#endif

/// `long` / `unsigned long` of the Windows ABI (LLP64): always 32 bits.
using WinLong = int32_t;
using WinULong = uint32_t;

/// Which DLL the shared sources are running in. The two runtimes differ in visible details
/// (printf's exponent digits and infinity spelling, `%hh`, `%n`, FILE opacity), so each DLL
/// defines `crt::kFlavor` in its own directory.
enum class Flavor { Msvcrt, Ucrt };
extern const Flavor kFlavor;

template <typename T>
constexpr T min(T a, T b) {
    return a < b ? a : b;
}
template <typename T>
constexpr T max(T a, T b) {
    return a > b ? a : b;
}

} // namespace crt

#define CRT_EXPORT extern "C"

// Exported functions that share a name with the host's C library (strlen, strtol, qsort, ...)
// are declared with CRT_FN(name): the real name in the DLL, a prefixed one in host test builds,
// so the tests exercise our implementation instead of colliding with glibc's.
#if defined(_WIN32)
#define CRT_FN(name) name
#else
#define CRT_FN(name) halcyon_crt_##name
#endif
