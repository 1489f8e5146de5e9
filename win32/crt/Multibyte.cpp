// Multibyte <-> wide conversions in the "C" locale, where the Microsoft CRT maps byte b to
// code unit b and refuses code units above 0xFF (EILSEQ).

#include "win32/crt/Errno.h"

using crt::WideChar;

namespace {
constexpr size_t kError = ~size_t(0);
}

CRT_EXPORT int mblen(const char* s, size_t n) {
    if (!s)
        return 0; // not state-dependent
    if (n == 0)
        return -1;
    return *s ? 1 : 0;
}

CRT_EXPORT int mbtowc(WideChar* out, const char* s, size_t n) {
    if (!s)
        return 0;
    if (n == 0)
        return -1;
    if (out)
        *out = static_cast<WideChar>(static_cast<unsigned char>(*s));
    return *s ? 1 : 0;
}

CRT_EXPORT int wctomb(char* out, WideChar c) {
    if (!out)
        return 0;
    if (static_cast<uint16_t>(c) > 0xff) {
        crt::set_errno(crt::kEILSEQ);
        return -1;
    }
    *out = static_cast<char>(c);
    return 1;
}

CRT_EXPORT int wctomb_s(int* length, char* out, size_t size, WideChar c) {
    int result = out && size == 0 ? -1 : wctomb(out, c);
    if (length)
        *length = result;
    return result < 0 ? crt::kEILSEQ : 0;
}

CRT_EXPORT size_t mbstowcs(WideChar* out, const char* s, size_t n) {
    if (!s) {
        crt::set_errno(crt::kEINVAL);
        return kError;
    }
    size_t i = 0;
    if (!out) {
        while (s[i])
            ++i;
        return i;
    }
    for (; i < n; ++i) {
        out[i] = static_cast<WideChar>(static_cast<unsigned char>(s[i]));
        if (!s[i])
            return i;
    }
    return i;
}

CRT_EXPORT size_t wcstombs(char* out, const WideChar* s, size_t n) {
    if (!s) {
        crt::set_errno(crt::kEINVAL);
        return kError;
    }
    size_t i = 0;
    for (;; ++i) {
        if (out && i >= n)
            return i;
        if (static_cast<uint16_t>(s[i]) > 0xff) {
            crt::set_errno(crt::kEILSEQ);
            return kError;
        }
        if (out)
            out[i] = static_cast<char>(s[i]);
        if (!s[i])
            return i;
    }
}

CRT_EXPORT int mbstowcs_s(size_t* converted, WideChar* out, size_t size, const char* s, size_t n) {
    if (!s || (!out && size)) {
        return crt::kEINVAL;
    }
    size_t length = 0;
    while (s[length] && length < n)
        ++length;
    if (converted)
        *converted = length + 1;
    if (!out)
        return 0;
    if (length + 1 > size) {
        if (n != ~size_t(0)) {
            out[0] = 0;
            return crt::kERANGE;
        }
        length = size - 1;
    }
    for (size_t i = 0; i < length; ++i)
        out[i] = static_cast<WideChar>(static_cast<unsigned char>(s[i]));
    out[length] = 0;
    return 0;
}

CRT_EXPORT int wcstombs_s(size_t* converted, char* out, size_t size, const WideChar* s, size_t n) {
    if (!s || (!out && size))
        return crt::kEINVAL;
    size_t length = 0;
    while (s[length] && length < n) {
        if (static_cast<uint16_t>(s[length]) > 0xff) {
            if (out && size)
                out[0] = 0;
            return crt::kEILSEQ;
        }
        ++length;
    }
    if (converted)
        *converted = length + 1;
    if (!out)
        return 0;
    if (length + 1 > size) {
        if (n != ~size_t(0)) {
            out[0] = 0;
            return crt::kERANGE;
        }
        length = size - 1;
    }
    for (size_t i = 0; i < length; ++i)
        out[i] = static_cast<char>(s[i]);
    out[length] = 0;
    return 0;
}

CRT_EXPORT unsigned short btowc(int c) { return c == -1 ? 0xffff : static_cast<unsigned short>(c & 0xff); }
CRT_EXPORT int wctob(unsigned short c) { return c > 0xff ? -1 : c; }
CRT_EXPORT int mbsinit(const void* state) { return 1; }

CRT_EXPORT size_t mbrtowc(WideChar* out, const char* s, size_t n, void*) {
    if (!s)
        return 0;
    if (n == 0)
        return static_cast<size_t>(-2);
    if (out)
        *out = static_cast<WideChar>(static_cast<unsigned char>(*s));
    return *s ? 1 : 0;
}

CRT_EXPORT size_t mbrlen(const char* s, size_t n, void* state) { return mbrtowc(nullptr, s, n, state); }

CRT_EXPORT size_t wcrtomb(char* out, WideChar c, void*) {
    if (!out)
        return 1;
    if (static_cast<uint16_t>(c) > 0xff) {
        crt::set_errno(crt::kEILSEQ);
        return kError;
    }
    *out = static_cast<char>(c);
    return 1;
}

CRT_EXPORT size_t mbsrtowcs(WideChar* out, const char** s, size_t n, void*) {
    if (!s || !*s) {
        crt::set_errno(crt::kEINVAL);
        return kError;
    }
    size_t result = mbstowcs(out, *s, n);
    if (out && result != kError) {
        if (result < n)
            *s = nullptr; // reached the terminator
        else
            *s += result;
    }
    return result;
}

CRT_EXPORT size_t wcsrtombs(char* out, const WideChar** s, size_t n, void*) {
    if (!s || !*s) {
        crt::set_errno(crt::kEINVAL);
        return kError;
    }
    size_t result = wcstombs(out, *s, n);
    if (out && result != kError) {
        if (result < n)
            *s = nullptr;
        else
            *s += result;
    }
    return result;
}
