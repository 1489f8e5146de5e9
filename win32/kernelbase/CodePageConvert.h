#pragma once

// Code-page conversion, the logic behind MultiByteToWideChar / WideCharToMultiByte. Pure
// functions on memory with the exact Win32 argument conventions (a length of -1 means
// "NUL-terminated, count the NUL"; an output capacity of 0 means "only compute the length"),
// so the host unit tests exercise precisely what the DLL runs. No Win32 headers: this file also
// builds for the host.

#include <stddef.h>
#include <stdint.h>

namespace halcyon::win32::codepage {

constexpr uint32_t kAnsi = 0;          // CP_ACP
constexpr uint32_t kOem = 1;           // CP_OEMCP
constexpr uint32_t kMac = 2;           // CP_MACCP
constexpr uint32_t kThreadAnsi = 3;    // CP_THREAD_ACP
constexpr uint32_t kWindows1252 = 1252;
constexpr uint32_t kIbm437 = 437;
constexpr uint32_t kLatin1 = 28591;    // ISO 8859-1
constexpr uint32_t kUtf7 = 65000;
constexpr uint32_t kUtf8 = 65001;

/// The code pages CP_ACP and CP_OEMCP stand for: those of an en-US Windows installation.
constexpr uint32_t kSystemAnsiCodePage = kWindows1252;
constexpr uint32_t kSystemOemCodePage = kIbm437;

// Flag values of winnls.h, repeated here so this file needs no Win32 header.
constexpr uint32_t kMbPrecomposed = 0x1;
constexpr uint32_t kMbComposite = 0x2;
constexpr uint32_t kMbUseGlyphChars = 0x4;
constexpr uint32_t kMbErrInvalidChars = 0x8;
constexpr uint32_t kWcDiscardNs = 0x10;
constexpr uint32_t kWcSepChars = 0x20;
constexpr uint32_t kWcDefaultChar = 0x40;
constexpr uint32_t kWcErrInvalidChars = 0x80;
constexpr uint32_t kWcCompositeCheck = 0x200;
constexpr uint32_t kWcNoBestFitChars = 0x400;

/// The Win32 error a conversion reports (values of winerror.h).
enum class Error : uint32_t {
    None = 0,
    InsufficientBuffer = 122,   // ERROR_INSUFFICIENT_BUFFER
    InvalidParameter = 87,      // ERROR_INVALID_PARAMETER
    InvalidFlags = 1004,        // ERROR_INVALID_FLAGS
    NoUnicodeTranslation = 1113 // ERROR_NO_UNICODE_TRANSLATION
};

/// Maps the symbolic code pages (CP_ACP, CP_OEMCP, CP_THREAD_ACP) to real ones; others unchanged.
uint32_t resolve(uint32_t code_page);

/// True for the code pages this implementation converts (after resolve()).
bool is_supported(uint32_t code_page);

/// Every supported code page is single-byte except UTF-8; none has DBCS lead bytes.
uint32_t max_char_size(uint32_t code_page);

/// MultiByteToWideChar. Returns the number of UTF-16 units written (or needed when `dst_capacity`
/// is 0); on failure returns 0 and sets `error`.
int multibyte_to_wide(uint32_t code_page, uint32_t flags, const char* src, int src_length,
                      char16_t* dst, int dst_capacity, Error& error);

/// WideCharToMultiByte. `default_char` (first byte used) and `used_default` follow the Win32
/// rules: both must be null for UTF-8.
int wide_to_multibyte(uint32_t code_page, uint32_t flags, const char16_t* src, int src_length,
                      char* dst, int dst_capacity, const char* default_char, bool* used_default,
                      Error& error);

} // namespace halcyon::win32::codepage
