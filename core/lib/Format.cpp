#include "Format.h"

namespace halcyon {

void FormatBuffer::append_unsigned(u64 value, unsigned base, usize min_width, char pad, bool upper) {
    char digits[64];
    usize n = 0;
    const char* alphabet = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    do {
        digits[n++] = alphabet[value % base];
        value /= base;
    } while (value);
    for (usize i = n; i < min_width; ++i)
        append(pad);
    while (n)
        append(digits[--n]);
}

void FormatBuffer::append_formatted(const char* format, const FormatArg* args, usize count) {
    usize next = 0;
    for (const char* p = format; *p; ++p) {
        if (*p == '{' && p[1] == '{') {
            append('{');
            ++p;
            continue;
        }
        if (*p == '}' && p[1] == '}') {
            append('}');
            ++p;
            continue;
        }
        if (*p != '{') {
            append(*p);
            continue;
        }
        // Parse "{" [":" ["#"] ["0"] [width] ["x"|"X"|"d"]] "}".
        ++p;
        bool alternate = false;
        char pad = ' ';
        usize width = 0;
        char type = 0;
        if (*p == ':') {
            ++p;
            if (*p == '#') {
                alternate = true;
                ++p;
            }
            if (*p == '0') {
                pad = '0';
                ++p;
            }
            while (*p >= '0' && *p <= '9')
                width = width * 10 + static_cast<usize>(*p++ - '0');
            if (*p && *p != '}')
                type = *p++;
        }
        while (*p && *p != '}')
            ++p;
        if (!*p)
            return;
        if (next >= count) {
            append("<missing>");
            continue;
        }
        const FormatArg& arg = args[next++];
        bool hex = type == 'x' || type == 'X';
        if (alternate && hex)
            append("0x");
        switch (arg.kind()) {
        case FormatArg::Kind::Signed:
            if (hex) {
                append_unsigned(static_cast<u64>(arg.as_signed()), 16, width, pad, type == 'X');
            } else if (arg.as_signed() < 0) {
                append('-');
                append_unsigned(0 - static_cast<u64>(arg.as_signed()), 10, width ? width - 1 : 0, pad, false);
            } else {
                append_unsigned(static_cast<u64>(arg.as_signed()), 10, width, pad, false);
            }
            break;
        case FormatArg::Kind::Unsigned:
            append_unsigned(arg.as_unsigned(), hex ? 16 : 10, width, pad, type == 'X');
            break;
        case FormatArg::Kind::Pointer:
            if (!alternate)
                append("0x");
            append_unsigned(arg.as_unsigned(), 16, width, pad, false);
            break;
        case FormatArg::Kind::Char:
            append(static_cast<char>(arg.as_unsigned()));
            break;
        case FormatArg::Kind::String: {
            StringView s = arg.as_string();
            append(s);
            for (usize i = s.length(); i < width; ++i)
                append(' ');
            break;
        }
        case FormatArg::Kind::Status: {
            NtStatus status{static_cast<u32>(arg.as_unsigned())};
            append(status.name());
            append(" (0x");
            append_unsigned(status.value, 16, 8, '0', true);
            append(')');
            break;
        }
        }
    }
}

} // namespace halcyon
