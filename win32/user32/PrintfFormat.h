#pragma once

// The formatter behind wsprintf/wvsprintf (user32) and wnsprintf/wvnsprintf (shlwapi): the
// printf subset those APIs document, for either character type.
//
//   %[-][#][0][width][.precision][size]type
//   size: h (narrow string/char), l (wide string/char; no effect on integers), I64, I32, ll
//   type: c C d i u x X s S p %
//
// %s and %c take the API's own character type, %S and %C the other one; %hs/%ls pick explicitly.
// A null string prints "(null)". There is no floating point (Windows has none here either).

#include <stdarg.h>

#include "halcyon/win32.h"

namespace halcyon::user32 {

template <typename Char>
class PrintfOutput {
public:
    PrintfOutput(Char* buffer, size_t capacity) : m_buffer(buffer), m_capacity(capacity) {}
    void put(Char c) {
        if (m_length + 1 < m_capacity)
            m_buffer[m_length++] = c;
        else
            m_truncated = true;
    }
    void finish() {
        if (m_capacity)
            m_buffer[m_length] = 0;
    }
    size_t length() const { return m_length; }
    bool truncated() const { return m_truncated; }

private:
    Char* m_buffer;
    size_t m_capacity;
    size_t m_length = 0;
    bool m_truncated = false;
};

/// Formats into `buffer` (room for `capacity` characters including the terminator, which is
/// always written when capacity > 0). Returns the characters written; `truncated` says whether
/// the output did not fit.
template <typename Char>
size_t format_printf(Char* buffer, size_t capacity, const Char* format, va_list args, bool& truncated) {
    constexpr bool kWide = sizeof(Char) == sizeof(WCHAR);
    PrintfOutput<Char> out(buffer, capacity);
    for (const Char* p = format; *p; ++p) {
        if (*p != '%') {
            out.put(*p);
            continue;
        }
        ++p;
        if (*p == '%') {
            out.put('%');
            continue;
        }
        bool left = false, alternate = false, zero = false;
        for (;; ++p) {
            if (*p == '-')
                left = true;
            else if (*p == '#')
                alternate = true;
            else if (*p == '0')
                zero = true;
            else
                break;
        }
        unsigned width = 0;
        while (*p >= '0' && *p <= '9')
            width = width * 10 + static_cast<unsigned>(*p++ - '0');
        int precision = -1;
        if (*p == '.') {
            ++p;
            precision = 0;
            while (*p >= '0' && *p <= '9')
                precision = precision * 10 + (*p++ - '0');
        }
        // Size prefixes: 0 default, 'h' narrow, 'l' wide/long, 8 for 64-bit.
        int size = 0;
        if (*p == 'h') {
            size = 'h';
            ++p;
        } else if (*p == 'l') {
            size = 'l';
            ++p;
            if (*p == 'l') {
                size = 8;
                ++p;
            }
        } else if (*p == 'I' && p[1] == '6' && p[2] == '4') {
            size = 8;
            p += 3;
        } else if (*p == 'I' && p[1] == '3' && p[2] == '2') {
            p += 3;
        }
        if (!*p)
            break;

        // The field, built in a scratch buffer, then padded.
        Char field[68];
        unsigned field_length = 0;
        const Char* text = nullptr;   // a same-type string argument
        const char* narrow = nullptr; // an ANSI argument printed by the wide variant
        const WCHAR* wide = nullptr;  // a wide argument printed by the ANSI variant
        unsigned text_length = 0;
        Char type = *p;
        switch (type) {
        case 'c':
        case 'C': {
            int const value = va_arg(args, int);
            bool narrow_char = kWide ? ((type == 'C' && size != 'l') || size == 'h')
                                     : !((type == 'C' && size != 'h') || size == 'l');
            if (kWide && narrow_char) {
                char c = static_cast<char>(value);
                WCHAR w = 0;
                MultiByteToWideChar(CP_ACP, 0, &c, 1, &w, 1);
                field[field_length++] = static_cast<Char>(w);
            } else if (!kWide && !narrow_char) {
                WCHAR w = static_cast<WCHAR>(value);
                char c = '?';
                WideCharToMultiByte(CP_ACP, 0, &w, 1, &c, 1, nullptr, nullptr);
                field[field_length++] = static_cast<Char>(c);
            } else {
                field[field_length++] = static_cast<Char>(value);
            }
            break;
        }
        case 's':
        case 'S': {
            bool narrow_string = kWide ? ((type == 'S' && size != 'l') || size == 'h')
                                       : !((type == 'S' && size != 'h') || size == 'l');
            const void* pointer = va_arg(args, const void*);
            if (!pointer) {
                static const Char kNull[] = {'(', 'n', 'u', 'l', 'l', ')', 0};
                text = kNull;
            } else if (kWide == !narrow_string) {
                text = static_cast<const Char*>(pointer);
            } else if (narrow_string) {
                narrow = static_cast<const char*>(pointer);
            } else {
                wide = static_cast<const WCHAR*>(pointer);
            }
            if (text) {
                while (text[text_length] && (precision < 0 || text_length < static_cast<unsigned>(precision)))
                    ++text_length;
            } else if (narrow) {
                while (narrow[text_length] &&
                       (precision < 0 || text_length < static_cast<unsigned>(precision)))
                    ++text_length;
            } else {
                while (wide[text_length] && (precision < 0 || text_length < static_cast<unsigned>(precision)))
                    ++text_length;
            }
            break;
        }
        case 'd':
        case 'i':
        case 'u':
        case 'x':
        case 'X':
        case 'p': {
            unsigned long long value;
            bool negative = false;
            if (type == 'p') {
                value = reinterpret_cast<ULONG_PTR>(va_arg(args, void*));
                precision = 16;
                type = 'X';
            } else if (size == 8) {
                value = va_arg(args, unsigned long long);
            } else {
                value = va_arg(args, unsigned int);
            }
            if (type == 'd' || type == 'i') {
                long long const signed_value = size == 8 ? static_cast<long long>(value)
                                                         : static_cast<long long>(static_cast<int>(value));
                if (signed_value < 0) {
                    negative = true;
                    value = 0ull - static_cast<unsigned long long>(signed_value);
                }
            }
            unsigned const base = (type == 'x' || type == 'X') ? 16 : 10;
            const char* digits = type == 'x' ? "0123456789abcdef" : "0123456789ABCDEF";
            Char reversed[24];
            unsigned count = 0;
            while (value) {
                reversed[count++] = static_cast<Char>(digits[value % base]);
                value /= base;
            }
            // With a precision, at least that many digits; "%.0d" of 0 prints nothing.
            unsigned const minimum =
                precision < 0 ? 1 : static_cast<unsigned>(precision > 20 ? 20 : precision);
            while (count < minimum)
                reversed[count++] = '0';
            if (negative)
                field[field_length++] = '-';
            if (alternate && base == 16 && count) {
                field[field_length++] = '0';
                field[field_length++] = type == 'x' ? 'x' : 'X';
            }
            // Zero padding goes between the sign/prefix and the digits.
            if (zero && !left && precision < 0) {
                while (field_length + count < width && field_length + count < 64)
                    field[field_length++] = '0';
            }
            while (count)
                field[field_length++] = reversed[--count];
            break;
        }
        default:
            // An unknown type is printed as itself.
            field[field_length++] = type;
            break;
        }
        unsigned const content = (text || narrow || wide) ? text_length : field_length;
        unsigned padding = width > content ? width - content : 0;
        if (!left) {
            Char const pad = (zero && (text || narrow || wide)) ? Char('0') : Char(' ');
            for (; padding; --padding)
                out.put(pad);
        }
        if (text) {
            for (unsigned i = 0; i < text_length; ++i)
                out.put(text[i]);
        } else if (narrow) {
            for (unsigned i = 0; i < text_length; ++i) {
                WCHAR w = 0;
                MultiByteToWideChar(CP_ACP, 0, narrow + i, 1, &w, 1);
                out.put(static_cast<Char>(w));
            }
        } else if (wide) {
            for (unsigned i = 0; i < text_length; ++i) {
                char c = '?';
                WideCharToMultiByte(CP_ACP, 0, wide + i, 1, &c, 1, nullptr, nullptr);
                out.put(static_cast<Char>(c));
            }
        } else {
            for (unsigned i = 0; i < field_length; ++i)
                out.put(field[i]);
        }
        for (; padding; --padding)
            out.put(' ');
    }
    out.finish();
    truncated = out.truncated();
    return out.length();
}

} // namespace halcyon::user32
