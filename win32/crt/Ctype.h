#pragma once

// Character classification in the "C" locale: the Microsoft _ctype table (bits _UPPER 0x1,
// _LOWER 0x2, _DIGIT 0x4, _SPACE 0x8, _PUNCT 0x10, _CONTROL 0x20, _BLANK 0x40, _HEX 0x80,
// _ALPHA 0x100 | _UPPER | _LOWER). Pure; used by the parsers too.

#include "win32/crt/CrtTypes.h"

namespace crt {

enum CtypeBit : uint16_t {
    kUpper = 0x1,
    kLower = 0x2,
    kDigit = 0x4,
    kSpace = 0x8,
    kPunct = 0x10,
    kControl = 0x20,
    kBlank = 0x40,
    kHex = 0x80,
    kAlpha = 0x100 | kUpper | kLower,
};

} // namespace crt

/// The 257-entry table (exported as msvcrt's _ctype): index 0 is EOF (-1), index c + 1 is c.
extern "C" const unsigned short _ctype[257];

namespace crt {

/// Classification bits of a character in the "C" locale (0 for EOF and for bytes >= 0x80).
inline uint16_t ctype_bits(int c) {
    return (c >= -1 && c <= 255) ? _ctype[c + 1] : 0;
}

/// Classification of a UTF-16 unit (ASCII as above; Latin-1 letters are alphabetic, as in the
/// CRT's wide table).
uint16_t wide_ctype_bits(uint32_t c);

} // namespace crt
