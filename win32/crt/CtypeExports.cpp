// The exported ctype/wctype functions and tables (msvcrt: _ctype, _pctype, _pwctype DATA).

#include "win32/crt/Ctype.h"

using namespace crt;

namespace {
unsigned short g_wide_table[256];
} // namespace

extern "C" {
const unsigned short* _pctype = _ctype + 1;
const unsigned short* _pwctype = g_wide_table;
}

namespace crt {
/// Fills the table behind _pwctype (called from CRT initialization).
void initialize_wide_ctype() {
    for (uint32_t i = 0; i < 256; ++i)
        g_wide_table[i] = wide_ctype_bits(i);
}
} // namespace crt

CRT_EXPORT const unsigned short* __pctype_func() { return _ctype + 1; }
CRT_EXPORT const unsigned short* __pwctype_func() { return g_wide_table; }
CRT_EXPORT const unsigned short** __p__pctype() { return &_pctype; }
CRT_EXPORT const unsigned short** __p__pwctype() { return &_pwctype; }

CRT_EXPORT int _isctype(int c, int mask) { return ctype_bits(c) & mask; }
CRT_EXPORT int _isctype_l(int c, int mask, void*) { return ctype_bits(c) & mask; }
CRT_EXPORT int isalpha(int c) { return ctype_bits(c) & kAlpha; }
CRT_EXPORT int isupper(int c) { return ctype_bits(c) & kUpper; }
CRT_EXPORT int islower(int c) { return ctype_bits(c) & kLower; }
CRT_EXPORT int isdigit(int c) { return ctype_bits(c) & kDigit; }
CRT_EXPORT int isxdigit(int c) { return ctype_bits(c) & kHex; }
CRT_EXPORT int isspace(int c) { return ctype_bits(c) & kSpace; }
CRT_EXPORT int ispunct(int c) { return ctype_bits(c) & kPunct; }
CRT_EXPORT int isalnum(int c) { return ctype_bits(c) & (kAlpha | kDigit); }
CRT_EXPORT int isprint(int c) { return ctype_bits(c) & (kBlank | kPunct | kAlpha | kDigit); }
CRT_EXPORT int isgraph(int c) { return ctype_bits(c) & (kPunct | kAlpha | kDigit); }
CRT_EXPORT int iscntrl(int c) { return ctype_bits(c) & kControl; }
CRT_EXPORT int isblank(int c) { return (c == ' ' || c == '\t') ? kBlank : 0; }
CRT_EXPORT int __isascii(int c) { return static_cast<unsigned>(c) < 0x80; }
CRT_EXPORT int __toascii(int c) { return c & 0x7f; }
CRT_EXPORT int __iscsym(int c) { return isalnum(c) || c == '_'; }
CRT_EXPORT int __iscsymf(int c) { return isalpha(c) || c == '_'; }
CRT_EXPORT int toupper(int c) { return (c >= 'a' && c <= 'z') ? c - 32 : c; }
CRT_EXPORT int tolower(int c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }
CRT_EXPORT int _toupper(int c) { return c - 'a' + 'A'; }
CRT_EXPORT int _tolower(int c) { return c - 'A' + 'a'; }

CRT_EXPORT int iswctype(unsigned short c, unsigned short mask) { return wide_ctype_bits(c) & mask; }
CRT_EXPORT int is_wctype(unsigned short c, unsigned short mask) { return wide_ctype_bits(c) & mask; }
CRT_EXPORT int iswalpha(unsigned short c) { return wide_ctype_bits(c) & kAlpha; }
CRT_EXPORT int iswupper(unsigned short c) { return wide_ctype_bits(c) & kUpper; }
CRT_EXPORT int iswlower(unsigned short c) { return wide_ctype_bits(c) & kLower; }
CRT_EXPORT int iswdigit(unsigned short c) { return wide_ctype_bits(c) & kDigit; }
CRT_EXPORT int iswxdigit(unsigned short c) { return wide_ctype_bits(c) & kHex; }
CRT_EXPORT int iswspace(unsigned short c) { return wide_ctype_bits(c) & kSpace; }
CRT_EXPORT int iswpunct(unsigned short c) { return wide_ctype_bits(c) & kPunct; }
CRT_EXPORT int iswalnum(unsigned short c) { return wide_ctype_bits(c) & (kAlpha | kDigit); }
CRT_EXPORT int iswprint(unsigned short c) {
    return wide_ctype_bits(c) & (kBlank | kPunct | kAlpha | kDigit);
}
CRT_EXPORT int iswgraph(unsigned short c) { return wide_ctype_bits(c) & (kPunct | kAlpha | kDigit); }
CRT_EXPORT int iswcntrl(unsigned short c) { return wide_ctype_bits(c) & kControl; }
CRT_EXPORT int iswblank(unsigned short c) { return (c == ' ' || c == '\t') ? kBlank : 0; }
CRT_EXPORT int iswascii(unsigned short c) { return c < 0x80; }
CRT_EXPORT unsigned short towupper(unsigned short c) {
    if (c >= 'a' && c <= 'z')
        return static_cast<unsigned short>(c - 32);
    if (c >= 0xe0 && c <= 0xfe && c != 0xf7)
        return static_cast<unsigned short>(c - 32);
    return c;
}
CRT_EXPORT unsigned short towlower(unsigned short c) {
    if (c >= 'A' && c <= 'Z')
        return static_cast<unsigned short>(c + 32);
    if (c >= 0xc0 && c <= 0xde && c != 0xd7)
        return static_cast<unsigned short>(c + 32);
    return c;
}
