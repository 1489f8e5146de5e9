// The scanf engine (see Scanf.h): %d %i %u %o %x %X %c %s %[set] %e %f %g %a %p %n %%, widths,
// assignment suppression (*), and the size prefixes hh h l ll L I I32 I64 z j t w.
// Integers and floating-point numbers are collected into a buffer (bounded by the width) and
// converted with the same cores as strtol/strtod, so the results agree with them exactly.

#include "win32/crt/Scanf.h"
#include "win32/crt/FloatDecimal.h"
#include "win32/crt/NumberParse.h"

namespace crt {

namespace {

enum class Size { Default, Char, Short, Long, LongLong, Wide };

template <typename CharT>
int code_of(CharT c) {
    if constexpr (sizeof(CharT) == 1)
        return static_cast<unsigned char>(c);
    else
        return static_cast<uint16_t>(c);
}

template <typename CharT>
bool is_space(int c) {
    return c == ' ' || (c >= '\t' && c <= '\r');
}

struct Reader {
    const ScanInput& input;
    size_t consumed = 0;
    int get() {
        int c = input.get(input.context);
        if (c >= 0)
            ++consumed;
        return c;
    }
    void unget(int c) {
        if (c >= 0) {
            input.unget(input.context, c);
            --consumed;
        }
    }
};

int digit_value(int c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z')
        return c - 'A' + 10;
    return 99;
}

/// Collects the longest prefix of an integer in `base` (0: auto) into `buffer`.
size_t collect_integer(Reader& in, char* buffer, size_t limit, int base) {
    size_t n = 0;
    int c = in.get();
    if ((c == '+' || c == '-') && n < limit) {
        buffer[n++] = static_cast<char>(c);
        c = in.get();
    }
    if (c == '0' && n < limit && (base == 0 || base == 16)) {
        buffer[n++] = '0';
        c = in.get();
        if ((c == 'x' || c == 'X') && n < limit) {
            buffer[n++] = static_cast<char>(c);
            c = in.get();
            base = 16;
        } else if (base == 0) {
            base = 8;
        }
    }
    if (base == 0)
        base = 10;
    while (c >= 0 && n < limit && digit_value(c) < base) {
        buffer[n++] = static_cast<char>(c);
        c = in.get();
    }
    in.unget(c);
    buffer[n] = 0;
    return n;
}

/// Collects a floating-point subject sequence (decimal, hex, inf, nan) into `buffer`.
size_t collect_float(Reader& in, char* buffer, size_t limit) {
    size_t n = 0;
    int c = in.get();
    auto take = [&](int ch) {
        buffer[n++] = static_cast<char>(ch);
        c = in.get();
    };
    if ((c == '+' || c == '-') && n < limit)
        take(c);
    if ((c == 'i' || c == 'I' || c == 'n' || c == 'N') && n < limit) {
        const char* word = (c == 'i' || c == 'I') ? "infinity" : "nan";
        size_t k = 0;
        while (word[k] && n < limit && c >= 0 && (c | 0x20) == word[k]) {
            take(c);
            ++k;
        }
        in.unget(c);
        buffer[n] = 0;
        return n;
    }
    bool hex = false;
    if (c == '0' && n < limit) {
        take(c);
        if ((c == 'x' || c == 'X') && n < limit) {
            take(c);
            hex = true;
        }
    }
    auto is_digit = [&](int ch) { return hex ? digit_value(ch) < 16 : (ch >= '0' && ch <= '9'); };
    while (c >= 0 && n < limit && is_digit(c))
        take(c);
    if (c == '.' && n < limit) {
        take(c);
        while (c >= 0 && n < limit && is_digit(c))
            take(c);
    }
    int exponent_char = hex ? 'p' : 'e';
    if (c >= 0 && (c | 0x20) == exponent_char && n < limit) {
        take(c);
        if ((c == '+' || c == '-') && n < limit)
            take(c);
        while (c >= '0' && c <= '9' && n < limit)
            take(c);
    }
    in.unget(c);
    buffer[n] = 0;
    return n;
}

void store_integer(void* target, Size size, uint64_t value) {
    switch (size) {
    case Size::Char:
        *static_cast<int8_t*>(target) = static_cast<int8_t>(value);
        break;
    case Size::Short:
        *static_cast<int16_t*>(target) = static_cast<int16_t>(value);
        break;
    case Size::LongLong:
        *static_cast<int64_t*>(target) = static_cast<int64_t>(value);
        break;
    default: // int and long are both 32 bits
        *static_cast<int32_t*>(target) = static_cast<int32_t>(value);
        break;
    }
}

} // namespace

template <typename CharT>
int scan(const ScanInput& input, const CharT* format, va_list args, const ScanOptions& options) {
    Reader in{input};
    int assigned = 0;
    bool any_conversion_attempted = false;
    for (const CharT* p = format; *p; ++p) {
        if (is_space<CharT>(*p)) {
            int c;
            do
                c = in.get();
            while (c >= 0 && is_space<CharT>(c));
            in.unget(c);
            continue;
        }
        if (*p != '%' || p[1] == '%') {
            if (*p == '%')
                ++p;
            int c = in.get();
            if (c < 0)
                return assigned == 0 && !any_conversion_attempted ? -1 : assigned;
            if (c != code_of(*p)) {
                in.unget(c);
                return assigned;
            }
            continue;
        }
        ++p;
        bool suppress = false;
        if (*p == '*') {
            suppress = true;
            ++p;
        }
        size_t width = 0;
        while (*p >= '0' && *p <= '9')
            width = width * 10 + static_cast<size_t>(*p++ - '0');
        Size size = Size::Default;
        switch (*p) {
        case 'h':
            ++p;
            if (*p == 'h') {
                ++p;
                size = Size::Char;
            } else {
                size = Size::Short;
            }
            break;
        case 'l':
            ++p;
            if (*p == 'l') {
                ++p;
                size = Size::LongLong;
            } else {
                size = Size::Long;
            }
            break;
        case 'L':
        case 'z':
        case 'j':
        case 't':
            ++p;
            size = Size::LongLong;
            break;
        case 'w':
            ++p;
            size = Size::Wide;
            break;
        case 'I':
            if (p[1] == '6' && p[2] == '4') {
                p += 3;
                size = Size::LongLong;
            } else if (p[1] == '3' && p[2] == '2') {
                p += 3;
            } else {
                ++p;
                size = Size::LongLong;
            }
            break;
        default:
            break;
        }
        int type = static_cast<int>(*p);
        if (!type)
            break;
        any_conversion_attempted = true;
        if (type != 'c' && type != 'C' && type != '[' && type != 'n') {
            int c;
            do
                c = in.get();
            while (c >= 0 && is_space<CharT>(c));
            if (c < 0)
                return assigned == 0 ? -1 : assigned;
            in.unget(c);
        }
        switch (type) {
        case 'd':
        case 'i':
        case 'u':
        case 'o':
        case 'x':
        case 'X':
        case 'p': {
            char buffer[80];
            size_t limit = width ? min<size_t>(width, 79) : 79;
            int base = type == 'd' || type == 'u' ? 10 : type == 'i' ? 0 : type == 'o' ? 8 : 16;
            size_t n = collect_integer(in, buffer, limit, base);
            if (n == 0 || (n == 1 && (buffer[0] == '+' || buffer[0] == '-')))
                return assigned;
            bool range_error, invalid_base;
            const char* end = nullptr;
            Size effective = type == 'p' ? Size::LongLong : size;
            int bits = effective == Size::LongLong ? 64 : 32;
            uint64_t value = parse_integer<char>(buffer, &end, base, type == 'd' || type == 'i', bits, range_error,
                                                 invalid_base);
            if (!suppress) {
                store_integer(va_arg(args, void*), effective, value);
                ++assigned;
            }
            break;
        }
        case 'e':
        case 'E':
        case 'f':
        case 'F':
        case 'g':
        case 'G':
        case 'a':
        case 'A': {
            char buffer[512];
            size_t limit = width ? min<size_t>(width, 511) : 511;
            size_t n = collect_float(in, buffer, limit);
            const char* subject = buffer;
            bool negative = false;
            if (*subject == '+' || *subject == '-')
                negative = *subject++ == '-';
            size_t used = 0;
            bool range_error = false;
            double value = parse_decimal_magnitude(subject, used, range_error, true);
            if (n == 0 || used == 0)
                return assigned;
            if (negative)
                value = -value;
            if (!suppress) {
                void* target = va_arg(args, void*);
                if (size == Size::Long || size == Size::LongLong)
                    *static_cast<double*>(target) = value;
                else
                    *static_cast<float*>(target) = static_cast<float>(value);
                ++assigned;
            }
            break;
        }
        case 'c':
        case 'C':
        case 's':
        case 'S': {
            bool wide_target;
            if (size == Size::Short)
                wide_target = false;
            else if (size == Size::Long || size == Size::Wide)
                wide_target = true;
            else {
                bool natural_wide = sizeof(CharT) != 1 && options.legacy_wide_specifiers;
                bool upper = type == 'C' || type == 'S';
                wide_target = upper ? !natural_wide : natural_wide;
            }
            bool is_char = type == 'c' || type == 'C';
            size_t count = width ? width : (is_char ? 1 : ~size_t(0));
            void* target = suppress ? nullptr : va_arg(args, void*);
            size_t capacity = ~size_t(0);
            if (options.secure && !suppress)
                capacity = va_arg(args, unsigned int);
            size_t stored = 0;
            int c = 0;
            while (stored < count) {
                c = in.get();
                if (c < 0 || (!is_char && is_space<CharT>(c)))
                    break;
                if (target) {
                    if (stored + (is_char ? 0 : 1) >= capacity) {
                        if (wide_target)
                            static_cast<WideChar*>(target)[0] = 0;
                        else
                            static_cast<char*>(target)[0] = 0;
                        return assigned;
                    }
                    if (wide_target)
                        static_cast<WideChar*>(target)[stored] = static_cast<WideChar>(c);
                    else
                        static_cast<char*>(target)[stored] = static_cast<char>(c);
                }
                ++stored;
            }
            if (!is_char && c >= 0 && stored < count)
                in.unget(c);
            if (stored == 0 || (is_char && stored < count))
                return stored == 0 && c < 0 && assigned == 0 ? -1 : assigned;
            if (target) {
                if (!is_char) {
                    if (wide_target)
                        static_cast<WideChar*>(target)[stored] = 0;
                    else
                        static_cast<char*>(target)[stored] = 0;
                }
                ++assigned;
            }
            break;
        }
        case '[': {
            ++p;
            bool invert = false;
            if (*p == '^') {
                invert = true;
                ++p;
            }
            const CharT* set_start = p;
            if (*p == ']')
                ++p;
            while (*p && *p != ']')
                ++p;
            const CharT* set_end = p; // points at ']'
            auto in_set = [&](int c) {
                bool found = false;
                for (const CharT* s = set_start; s < set_end; ++s) {
                    if (s + 2 < set_end && s[1] == '-') {
                        if (c >= code_of(s[0]) && c <= code_of(s[2]))
                            found = true;
                        s += 2;
                        continue;
                    }
                    if (c == code_of(*s))
                        found = true;
                }
                return found != invert;
            };
            bool wide_target = size == Size::Long || size == Size::Wide ||
                               (size == Size::Default && sizeof(CharT) != 1 && options.legacy_wide_specifiers);
            void* target = suppress ? nullptr : va_arg(args, void*);
            size_t capacity = ~size_t(0);
            if (options.secure && !suppress)
                capacity = va_arg(args, unsigned int);
            size_t count = width ? width : ~size_t(0);
            size_t stored = 0;
            int c = 0;
            while (stored < count) {
                c = in.get();
                if (c < 0 || !in_set(c))
                    break;
                if (target) {
                    if (stored + 1 >= capacity)
                        return assigned;
                    if (wide_target)
                        static_cast<WideChar*>(target)[stored] = static_cast<WideChar>(c);
                    else
                        static_cast<char*>(target)[stored] = static_cast<char>(c);
                }
                ++stored;
            }
            if (c >= 0 && stored < count)
                in.unget(c);
            if (stored == 0)
                return c < 0 && assigned == 0 ? -1 : assigned;
            if (target) {
                if (wide_target)
                    static_cast<WideChar*>(target)[stored] = 0;
                else
                    static_cast<char*>(target)[stored] = 0;
                ++assigned;
            }
            if (!*p)
                return assigned;
            break;
        }
        case 'n':
            if (!suppress)
                store_integer(va_arg(args, void*), size, in.consumed);
            break;
        default:
            return assigned;
        }
    }
    return assigned;
}

template int scan<char>(const ScanInput&, const char*, va_list, const ScanOptions&);
template int scan<WideChar>(const ScanInput&, const WideChar*, va_list, const ScanOptions&);

namespace {
template <typename CharT>
struct StringInput {
    const CharT* text;
    size_t length;
    size_t position;
};

template <typename CharT>
int string_get(void* context) {
    auto* s = static_cast<StringInput<CharT>*>(context);
    if (s->position >= s->length || s->text[s->position] == 0)
        return -1;
    return code_of(s->text[s->position++]);
}

template <typename CharT>
void string_unget(void* context, int) {
    auto* s = static_cast<StringInput<CharT>*>(context);
    if (s->position > 0)
        --s->position;
}
} // namespace

template <typename CharT>
int scan_string(const CharT* text, size_t length, const CharT* format, va_list args, const ScanOptions& options) {
    StringInput<CharT> state{text, length, 0};
    ScanInput input{&string_get<CharT>, &string_unget<CharT>, &state};
    return scan(input, format, args, options);
}

template int scan_string<char>(const char*, size_t, const char*, va_list, const ScanOptions&);
template int scan_string<WideChar>(const WideChar*, size_t, const WideChar*, va_list, const ScanOptions&);

} // namespace crt
