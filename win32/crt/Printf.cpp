// The printf engine (see Printf.h). Follows the Microsoft CRT's format grammar:
//   %[flags][width][.precision][size]type
//   flags: - + space # 0      width/precision: digits or *
//   size:  hh h l ll L w I I32 I64 z j t      type: d i u o x X c C s S Z p n e E f F g G a A %
// `long` is 32 bits (LLP64), `I` alone is pointer-sized, and `L` on floating types means double
// (long double is double in the Microsoft ABI).

#include "win32/crt/Printf.h"
#include "win32/crt/FloatDecimal.h"

namespace crt {

namespace {

constexpr int kEINVAL = 22;
constexpr int kEILSEQ = 42;

enum Flag : unsigned {
    kLeft = 1,
    kPlus = 2,
    kSpace = 4,
    kAlternate = 8,
    kZero = 16,
};

enum class Size { Default, Char, Short, Long, LongLong, Int64, Int32, Pointer, LongDouble, Wide };

struct Spec {
    unsigned flags = 0;
    int width = 0;
    int precision = -1; // -1: not given
    Size size = Size::Default;
    int type = 0;
};

/// Accumulates output into the sink and counts it; remembers the first failure.
template <typename CharT>
class Writer {
public:
    explicit Writer(const FormatSink<CharT>& sink) : m_sink(sink) {}

    void put(const CharT* text, size_t length) {
        if (m_failed || length == 0)
            return;
        if (!m_sink.write(m_sink.context, text, length)) {
            m_failed = true;
            return;
        }
        m_count += length;
    }

    void put_ascii(const char* text, size_t length) {
        if constexpr (sizeof(CharT) == 1) {
            put(reinterpret_cast<const CharT*>(text), length);
        } else {
            CharT chunk[64];
            while (length > 0) {
                size_t n = min<size_t>(length, 64);
                for (size_t i = 0; i < n; ++i)
                    chunk[i] = static_cast<unsigned char>(text[i]);
                put(chunk, n);
                text += n;
                length -= n;
            }
        }
    }

    void repeat(char c, int64_t count) {
        CharT chunk[64];
        for (int i = 0; i < 64; ++i)
            chunk[i] = static_cast<CharT>(c);
        while (count > 0) {
            size_t n = static_cast<size_t>(min<int64_t>(count, 64));
            put(chunk, n);
            count -= static_cast<int64_t>(n);
        }
    }

    bool failed() const { return m_failed; }
    size_t count() const { return m_count; }

private:
    const FormatSink<CharT>& m_sink;
    size_t m_count = 0;
    bool m_failed = false;
};

/// Writes a field: `prefix` (sign, 0x), then `body` followed by `trailing_zeros` zeros, padded to
/// the width. Zero padding goes between prefix and body.
template <typename CharT>
void emit_field(Writer<CharT>& out, const Spec& spec, const char* prefix, size_t prefix_length,
                const char* body, size_t body_length, int64_t trailing_zeros, bool zero_pad) {
    int64_t length = static_cast<int64_t>(prefix_length + body_length) + trailing_zeros;
    int64_t padding = spec.width > length ? spec.width - length : 0;
    if (!(spec.flags & kLeft) && !zero_pad)
        out.repeat(' ', padding);
    out.put_ascii(prefix, prefix_length);
    if (!(spec.flags & kLeft) && zero_pad)
        out.repeat('0', padding);
    out.put_ascii(body, body_length);
    out.repeat('0', trailing_zeros);
    if (spec.flags & kLeft)
        out.repeat(' ', padding);
}

template <typename CharT>
void format_integer(Writer<CharT>& out, const Spec& spec, uint64_t magnitude, bool negative) {
    char digits[32];
    int count = 0;
    int base = 10;
    const char* alphabet = "0123456789abcdef";
    switch (spec.type) {
    case 'o':
        base = 8;
        break;
    case 'x':
        base = 16;
        break;
    case 'X':
    case 'p':
        base = 16;
        alphabet = "0123456789ABCDEF";
        break;
    }
    for (uint64_t v = magnitude; v != 0; v /= base)
        digits[count++] = alphabet[v % base];
    int precision = spec.precision < 0 ? 1 : spec.precision;
    char body[600];
    int body_length = 0;
    // Leading zeros demanded by the precision (capped: the field stays correct, only absurd
    // precisions beyond the buffer lose zeros).
    int zeros = precision > count ? precision - count : 0;
    if (zeros > 500)
        zeros = 500;
    if (spec.type == 'o' && (spec.flags & kAlternate) && zeros == 0 && count > 0)
        zeros = 1; // "%#o" guarantees a leading 0
    for (int i = 0; i < zeros; ++i)
        body[body_length++] = '0';
    for (int i = count - 1; i >= 0; --i)
        body[body_length++] = digits[i];

    char prefix[3];
    size_t prefix_length = 0;
    bool is_signed = spec.type == 'd' || spec.type == 'i';
    if (is_signed) {
        if (negative)
            prefix[prefix_length++] = '-';
        else if (spec.flags & kPlus)
            prefix[prefix_length++] = '+';
        else if (spec.flags & kSpace)
            prefix[prefix_length++] = ' ';
    }
    if ((spec.flags & kAlternate) && magnitude != 0 && (spec.type == 'x' || spec.type == 'X')) {
        prefix[prefix_length++] = '0';
        prefix[prefix_length++] = static_cast<char>(spec.type);
    }
    bool zero_pad = (spec.flags & kZero) && !(spec.flags & kLeft) && spec.precision < 0;
    emit_field(out, spec, prefix, prefix_length, body, body_length, 0, zero_pad);
}

// ---- Floating point -------------------------------------------------------------------------

enum class Special { None, Infinity, QuietNan, SignalingNan, Indefinite };

Special classify(double value) {
    uint64_t bits = __builtin_bit_cast(uint64_t, value);
    uint64_t exponent = (bits >> 52) & 0x7ff;
    uint64_t mantissa = bits & ((uint64_t(1) << 52) - 1);
    if (exponent != 0x7ff)
        return Special::None;
    if (mantissa == 0)
        return Special::Infinity;
    bool quiet = mantissa & (uint64_t(1) << 51);
    if (!quiet)
        return Special::SignalingNan;
    // The x86 "indefinite" (the NaN invalid operations produce): sign set, quiet, zero payload.
    if ((bits >> 63) && mantissa == (uint64_t(1) << 51))
        return Special::Indefinite;
    return Special::QuietNan;
}

bool is_upper(int type) { return type == 'E' || type == 'F' || type == 'G' || type == 'A'; }

/// msvcrt prints non-finite values as if "1#INF" (or 1#QNAN, 1#SNAN, 1#IND) were a digit string:
/// the characters after '1' are the fraction, padded with zeros and rounded at the precision,
/// which is why "%.2f" of infinity famously prints 1.#J.
template <typename CharT>
void format_legacy_special(Writer<CharT>& out, const Spec& spec, Special kind, bool negative, int precision) {
    const char* fraction = kind == Special::Infinity       ? "#INF"
                           : kind == Special::QuietNan     ? "#QNAN"
                           : kind == Special::SignalingNan ? "#SNAN"
                                                           : "#IND";
    int fraction_length = 0;
    while (fraction[fraction_length])
        ++fraction_length;
    bool general = spec.type == 'g' || spec.type == 'G';
    if (general && precision == 0)
        precision = 1;
    int digits_after_point = general ? precision - 1 : precision;
    char body[64];
    int length = 0;
    body[length++] = '1';
    if (digits_after_point > 0 || (spec.flags & kAlternate))
        body[length++] = '.';
    int shown = min(digits_after_point, 40);
    for (int i = 0; i < shown; ++i)
        body[length++] = i < fraction_length ? fraction[i] : '0';
    if (digits_after_point < fraction_length && fraction[digits_after_point >= 0 ? digits_after_point : 0] >= '5' &&
        digits_after_point >= 0) {
        // Round the last kept character up (its "digit" is a letter or '#', so there is no carry).
        if (shown > 0)
            body[length - 1] = static_cast<char>(body[length - 1] + 1);
        else
            body[0] = static_cast<char>(body[0] + 1);
    }
    if (general && !(spec.flags & kAlternate)) {
        while (length > 2 && body[length - 1] == '0')
            --length;
        if (body[length - 1] == '.')
            --length;
    }
    int64_t trailing = digits_after_point > shown ? digits_after_point - shown : 0;
    if (general && !(spec.flags & kAlternate))
        trailing = 0;
    char suffix[8];
    int suffix_length = 0;
    if (spec.type == 'e' || spec.type == 'E') {
        const char* text = spec.type == 'e' ? "e+000" : "E+000";
        for (; text[suffix_length]; ++suffix_length)
            suffix[suffix_length] = text[suffix_length];
    }
    char prefix[1];
    size_t prefix_length = 0;
    if (negative)
        prefix[prefix_length++] = '-';
    else if (spec.flags & kPlus)
        prefix[prefix_length++] = '+';
    else if (spec.flags & kSpace)
        prefix[prefix_length++] = ' ';
    // Assemble body + zeros + suffix as one piece so the padding sees the whole length.
    int64_t total = static_cast<int64_t>(prefix_length) + length + trailing + suffix_length;
    int64_t padding = spec.width > total ? spec.width - total : 0;
    bool zero_pad = (spec.flags & kZero) && !(spec.flags & kLeft);
    if (!(spec.flags & kLeft) && !zero_pad)
        out.repeat(' ', padding);
    out.put_ascii(prefix, prefix_length);
    if (zero_pad)
        out.repeat('0', padding);
    out.put_ascii(body, static_cast<size_t>(length));
    out.repeat('0', trailing);
    out.put_ascii(suffix, static_cast<size_t>(suffix_length));
    if (spec.flags & kLeft)
        out.repeat(' ', padding);
}

template <typename CharT>
void format_ucrt_special(Writer<CharT>& out, const Spec& spec, Special kind, bool negative) {
    const char* text = kind == Special::Infinity       ? "inf"
                       : kind == Special::Indefinite   ? "nan(ind)"
                       : kind == Special::SignalingNan ? "nan(snan)"
                                                       : "nan";
    char body[16];
    int length = 0;
    for (; text[length]; ++length)
        body[length] = is_upper(spec.type) ? static_cast<char>(text[length] >= 'a' && text[length] <= 'z'
                                                                   ? text[length] - 32
                                                                   : text[length])
                                           : text[length];
    char prefix[1];
    size_t prefix_length = 0;
    if (negative)
        prefix[prefix_length++] = '-';
    else if (spec.flags & kPlus)
        prefix[prefix_length++] = '+';
    else if (spec.flags & kSpace)
        prefix[prefix_length++] = ' ';
    // Zero padding never applies to inf/nan: "%010f" of -inf is "      -inf".
    emit_field(out, spec, prefix, prefix_length, body, static_cast<size_t>(length), 0, false);
}

/// Appends the exponent part: e+dd (ucrt) or e+ddd (msvcrt).
int write_exponent(char* out, int type, int exponent, bool three_digits) {
    int length = 0;
    out[length++] = (type == 'E' || type == 'G') ? 'E' : 'e';
    out[length++] = exponent < 0 ? '-' : '+';
    int magnitude = exponent < 0 ? -exponent : exponent;
    int min_digits = three_digits ? 3 : 2;
    char digits[8];
    int count = 0;
    for (int v = magnitude; v != 0; v /= 10)
        digits[count++] = static_cast<char>('0' + v % 10);
    while (count < min_digits)
        digits[count++] = '0';
    while (count > 0)
        out[length++] = digits[--count];
    return length;
}

template <typename CharT>
void format_hex_float(Writer<CharT>& out, const Spec& spec, double value, bool negative) {
    uint64_t bits = __builtin_bit_cast(uint64_t, value) & ~(uint64_t(1) << 63);
    int biased = static_cast<int>(bits >> 52);
    uint64_t mantissa = bits & ((uint64_t(1) << 52) - 1);
    int leading = biased == 0 ? 0 : 1;
    int exponent = biased == 0 ? (mantissa == 0 ? 0 : -1022) : biased - 1023;
    int precision = spec.precision < 0 ? 13 : spec.precision;
    if (precision < 13) {
        int drop = (13 - precision) * 4;
        uint64_t remainder = mantissa & ((uint64_t(1) << drop) - 1);
        uint64_t half = uint64_t(1) << (drop - 1);
        mantissa >>= drop;
        if (remainder >= half) {
            mantissa += 1;
            if (mantissa >> (precision * 4)) {
                mantissa &= (uint64_t(1) << (precision * 4)) - 1;
                leading += 1;
            }
        }
    } else {
        mantissa <<= 0;
    }
    bool upper = spec.type == 'A';
    const char* alphabet = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char body[64];
    int length = 0;
    body[length++] = static_cast<char>('0' + leading);
    int shown = min(precision, 13);
    if (precision > 0 || (spec.flags & kAlternate))
        body[length++] = '.';
    for (int i = shown - 1; i >= 0; --i)
        body[length + (shown - 1 - i)] = alphabet[(mantissa >> (i * 4)) & 0xf];
    length += shown;
    int64_t extra_zeros = precision > 13 ? precision - 13 : 0;
    char suffix[16];
    int suffix_length = 0;
    suffix[suffix_length++] = upper ? 'P' : 'p';
    suffix[suffix_length++] = exponent < 0 ? '-' : '+';
    int magnitude = exponent < 0 ? -exponent : exponent;
    char digits[8];
    int count = 0;
    do {
        digits[count++] = static_cast<char>('0' + magnitude % 10);
        magnitude /= 10;
    } while (magnitude);
    while (count > 0)
        suffix[suffix_length++] = digits[--count];

    char prefix[4];
    size_t prefix_length = 0;
    if (negative)
        prefix[prefix_length++] = '-';
    else if (spec.flags & kPlus)
        prefix[prefix_length++] = '+';
    else if (spec.flags & kSpace)
        prefix[prefix_length++] = ' ';
    prefix[prefix_length++] = '0';
    prefix[prefix_length++] = upper ? 'X' : 'x';
    int64_t total = static_cast<int64_t>(prefix_length) + length + extra_zeros + suffix_length;
    int64_t padding = spec.width > total ? spec.width - total : 0;
    bool zero_pad = (spec.flags & kZero) && !(spec.flags & kLeft);
    if (!(spec.flags & kLeft) && !zero_pad)
        out.repeat(' ', padding);
    out.put_ascii(prefix, prefix_length);
    if (zero_pad)
        out.repeat('0', padding);
    out.put_ascii(body, static_cast<size_t>(length));
    out.repeat('0', extra_zeros);
    out.put_ascii(suffix, static_cast<size_t>(suffix_length));
    if (spec.flags & kLeft)
        out.repeat(' ', padding);
}

template <typename CharT>
void format_float(Writer<CharT>& out, const Spec& spec, double value, const PrintfOptions& options) {
    bool negative = __builtin_bit_cast(uint64_t, value) >> 63;
    Special kind = classify(value);
    int precision = spec.precision < 0 ? 6 : spec.precision;
    if (kind != Special::None) {
        if (options.legacy_special_values)
            format_legacy_special(out, spec, kind, negative, spec.type == 'a' || spec.type == 'A' ? 6 : precision);
        else
            format_ucrt_special(out, spec, kind, negative);
        return;
    }
    if (spec.type == 'a' || spec.type == 'A') {
        format_hex_float(out, spec, value, negative);
        return;
    }
    TieRule rule = options.standard_rounding ? TieRule::ToEven : TieRule::AwayFromZero;
    static_assert(sizeof(DecimalDigits) < 1024);
    DecimalDigits d;
    exact_decimal(value, d);

    int type = spec.type;
    bool strip_zeros = false;
    if (type == 'g' || type == 'G') {
        int significant = precision == 0 ? 1 : precision;
        round_decimal(d, significant, rule);
        int exponent = d.count == 0 ? 0 : d.exponent - 1;
        if (exponent < significant && exponent >= -4) {
            type = type == 'g' ? 'f' : 'F';
            precision = significant - 1 - exponent;
        } else {
            type = type == 'g' ? 'e' : 'E';
            precision = significant - 1;
        }
        strip_zeros = !(spec.flags & kAlternate);
    }

    // body: the digits, the point, the fraction, then `trailing` zeros, then the exponent.
    static constexpr int kBody = 1700;
    char body[kBody];
    int length = 0;
    int64_t trailing = 0;
    char exponent_text[8];
    int exponent_length = 0;
    if (type == 'f' || type == 'F') {
        round_decimal(d, d.exponent + precision, rule);
        // Integer part.
        if (d.count == 0 || d.exponent <= 0) {
            body[length++] = '0';
        } else {
            for (int i = 0; i < d.exponent; ++i)
                body[length++] = i < d.count ? d.digits[i] : '0';
        }
        if (precision > 0 || (spec.flags & kAlternate))
            body[length++] = '.';
        // Fraction: position k (0-based after the point) holds digit index d.exponent + k.
        int64_t written = 0;
        if (d.count > 0) {
            int last = d.count - d.exponent; // number of fraction positions that carry digits
            int limit = min<int64_t>(precision, last > 0 ? last : 0);
            for (int k = 0; k < limit && length < kBody - 8; ++k) {
                int index = d.exponent + k;
                body[length++] = index >= 0 && index < d.count ? d.digits[index] : '0';
                ++written;
            }
        }
        trailing = precision - written;
    } else {
        round_decimal(d, precision + 1, rule);
        int exponent = d.count == 0 ? 0 : d.exponent - 1;
        body[length++] = d.count > 0 ? d.digits[0] : '0';
        if (precision > 0 || (spec.flags & kAlternate))
            body[length++] = '.';
        int64_t written = 0;
        for (int i = 1; i < d.count && written < precision; ++i, ++written)
            body[length++] = d.digits[i];
        trailing = precision - written;
        exponent_length = write_exponent(exponent_text, type, exponent, options.three_digit_exponent);
    }
    if (strip_zeros) {
        trailing = 0;
        bool has_point = false;
        for (int i = 0; i < length; ++i)
            has_point |= body[i] == '.';
        if (has_point) {
            while (length > 0 && body[length - 1] == '0')
                --length;
            if (length > 0 && body[length - 1] == '.')
                --length;
        }
    }
    char prefix[1];
    size_t prefix_length = 0;
    if (negative)
        prefix[prefix_length++] = '-';
    else if (spec.flags & kPlus)
        prefix[prefix_length++] = '+';
    else if (spec.flags & kSpace)
        prefix[prefix_length++] = ' ';
    int64_t total = static_cast<int64_t>(prefix_length) + length + trailing + exponent_length;
    int64_t padding = spec.width > total ? spec.width - total : 0;
    bool zero_pad = (spec.flags & kZero) && !(spec.flags & kLeft);
    if (!(spec.flags & kLeft) && !zero_pad)
        out.repeat(' ', padding);
    out.put_ascii(prefix, prefix_length);
    if (zero_pad)
        out.repeat('0', padding);
    out.put_ascii(body, static_cast<size_t>(length));
    out.repeat('0', trailing);
    out.put_ascii(exponent_text, static_cast<size_t>(exponent_length));
    if (spec.flags & kLeft)
        out.repeat(' ', padding);
}

// ---- Strings and characters -----------------------------------------------------------------

/// Writes a string of SrcT to a Writer<CharT>, converting in the CRT's "C" locale: narrow bytes
/// widen to the same code unit; wide characters above 0xFF have no narrow form (EILSEQ).
template <typename CharT, typename SrcT>
bool emit_string(Writer<CharT>& out, const Spec& spec, const SrcT* text, int64_t max_length) {
    // Measure first (the width needs the length).
    int64_t length = 0;
    while ((max_length < 0 || length < max_length) && text[length])
        ++length;
    if constexpr (sizeof(CharT) == 1 && sizeof(SrcT) != 1) {
        for (int64_t i = 0; i < length; ++i)
            if (static_cast<uint32_t>(text[i]) > 0xff)
                return false;
    }
    int64_t padding = spec.width > length ? spec.width - length : 0;
    if (!(spec.flags & kLeft))
        out.repeat((spec.flags & kZero) ? '0' : ' ', padding);
    if constexpr (sizeof(CharT) == sizeof(SrcT)) {
        out.put(reinterpret_cast<const CharT*>(text), static_cast<size_t>(length));
    } else {
        CharT chunk[64];
        int64_t i = 0;
        while (i < length) {
            size_t n = 0;
            for (; n < 64 && i < length; ++n, ++i) {
                if constexpr (sizeof(SrcT) == 1)
                    chunk[n] = static_cast<CharT>(static_cast<unsigned char>(text[i]));
                else
                    chunk[n] = static_cast<CharT>(text[i]);
            }
            out.put(chunk, n);
        }
    }
    if (spec.flags & kLeft)
        out.repeat(' ', padding);
    return true;
}

/// ANSI_STRING / UNICODE_STRING as %Z receives them (Length in bytes).
struct CountedString {
    uint16_t length;
    uint16_t maximum_length;
    const void* buffer;
};

template <typename CharT>
bool is_wide_argument(int type, Size size, bool wide_output, const PrintfOptions& options) {
    // %hs/%hc are always narrow, %ls/%lc/%ws/%wc always wide. Unsized: %s/%c match the
    // function's own width and %S/%C the other (Microsoft extension), unless the ucrt caller
    // asked for the C standard meaning (then %s/%c are narrow even in wprintf).
    if (size == Size::Short || size == Size::Char)
        return false;
    if (size == Size::Long || size == Size::Wide)
        return true;
    bool upper = type == 'S' || type == 'C';
    bool natural_wide = wide_output && options.legacy_wide_specifiers;
    return upper ? !natural_wide : natural_wide;
}

template <typename CharT>
int parse_number(const CharT*& p) {
    int value = 0;
    while (*p >= '0' && *p <= '9') {
        if (value < 100000000)
            value = value * 10 + (*p - '0');
        ++p;
    }
    return value;
}

} // namespace

PrintfOptions msvcrt_printf_options() {
    PrintfOptions options;
    options.legacy_special_values = true;
    options.three_digit_exponent = true;
    options.legacy_wide_specifiers = true;
    options.standard_rounding = false;
    options.allow_count_output = true;
    options.c99_hh = false;
    return options;
}

PrintfOptions ucrt_printf_options(uint64_t bits) {
    PrintfOptions options;
    options.legacy_special_values = false;
    options.three_digit_exponent = (bits & 0x10) != 0;
    options.legacy_wide_specifiers = (bits & 0x4) != 0;
    options.standard_rounding = (bits & 0x20) != 0;
    options.allow_count_output = false;
    options.c99_hh = true;
    return options;
}

template <typename CharT>
int format(const FormatSink<CharT>& sink, const CharT* fmt, va_list args, const PrintfOptions& options,
           int& errno_out) {
    errno_out = 0;
    Writer<CharT> out(sink);
    constexpr bool wide_output = sizeof(CharT) != 1;
    const CharT* p = fmt;
    while (*p) {
        if (*p != '%') {
            const CharT* start = p;
            while (*p && *p != '%')
                ++p;
            out.put(start, static_cast<size_t>(p - start));
            if (out.failed())
                return -1;
            continue;
        }
        const CharT* directive = p++;
        Spec spec;
        for (;; ++p) {
            if (*p == '-')
                spec.flags |= kLeft;
            else if (*p == '+')
                spec.flags |= kPlus;
            else if (*p == ' ')
                spec.flags |= kSpace;
            else if (*p == '#')
                spec.flags |= kAlternate;
            else if (*p == '0')
                spec.flags |= kZero;
            else
                break;
        }
        if (*p == '*') {
            ++p;
            spec.width = va_arg(args, int);
            if (spec.width < 0) {
                spec.flags |= kLeft;
                spec.width = -spec.width;
            }
        } else {
            spec.width = parse_number(p);
        }
        if (*p == '.') {
            ++p;
            if (*p == '*') {
                ++p;
                spec.precision = va_arg(args, int);
                if (spec.precision < 0)
                    spec.precision = -1;
            } else {
                spec.precision = parse_number(p);
            }
        }
        // Size modifiers.
        switch (*p) {
        case 'h':
            ++p;
            if (*p == 'h') {
                ++p;
                spec.size = options.c99_hh ? Size::Char : Size::Short;
            } else {
                spec.size = Size::Short;
            }
            break;
        case 'l':
            ++p;
            if (*p == 'l') {
                ++p;
                spec.size = Size::LongLong;
            } else {
                spec.size = Size::Long;
            }
            break;
        case 'L':
            ++p;
            spec.size = Size::LongDouble;
            break;
        case 'w':
            ++p;
            spec.size = Size::Wide;
            break;
        case 'z':
        case 'j':
        case 't':
            ++p;
            spec.size = Size::Int64;
            break;
        case 'I':
            if (p[1] == '6' && p[2] == '4') {
                p += 3;
                spec.size = Size::Int64;
            } else if (p[1] == '3' && p[2] == '2') {
                p += 3;
                spec.size = Size::Int32;
            } else if (p[1] == 'd' || p[1] == 'i' || p[1] == 'o' || p[1] == 'u' || p[1] == 'x' || p[1] == 'X') {
                p += 1;
                spec.size = Size::Pointer;
            }
            break;
        default:
            break;
        }
        spec.type = static_cast<int>(*p);
        if (*p == 0)
            break; // a lone '%' at the end prints nothing
        ++p;
        switch (spec.type) {
        case '%':
            out.put_ascii("%", 1);
            break;
        case 'd':
        case 'i': {
            int64_t value;
            switch (spec.size) {
            case Size::Char:
                value = static_cast<signed char>(va_arg(args, int));
                break;
            case Size::Short:
                value = static_cast<short>(va_arg(args, int));
                break;
            case Size::LongLong:
            case Size::Int64:
            case Size::Pointer:
                value = va_arg(args, int64_t);
                break;
            default:
                value = va_arg(args, int32_t);
                break;
            }
            uint64_t magnitude = value < 0 ? uint64_t(0) - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
            format_integer(out, spec, magnitude, value < 0);
            break;
        }
        case 'u':
        case 'o':
        case 'x':
        case 'X': {
            uint64_t value;
            switch (spec.size) {
            case Size::Char:
                value = static_cast<unsigned char>(va_arg(args, int));
                break;
            case Size::Short:
                value = static_cast<unsigned short>(va_arg(args, int));
                break;
            case Size::LongLong:
            case Size::Int64:
            case Size::Pointer:
                value = va_arg(args, uint64_t);
                break;
            default:
                value = va_arg(args, uint32_t);
                break;
            }
            format_integer(out, spec, value, false);
            break;
        }
        case 'p': {
            Spec pointer_spec = spec;
            pointer_spec.precision = 16; // always all 16 digits, uppercase, no 0x
            pointer_spec.flags &= ~kAlternate;
            format_integer(out, pointer_spec, reinterpret_cast<uintptr_t>(va_arg(args, void*)), false);
            break;
        }
        case 'e':
        case 'E':
        case 'f':
        case 'F':
        case 'g':
        case 'G':
        case 'a':
        case 'A':
            format_float(out, spec, va_arg(args, double), options);
            break;
        case 'c':
        case 'C': {
            int value = va_arg(args, int);
            Spec char_spec = spec;
            char_spec.precision = -1;
            if (is_wide_argument<CharT>(spec.type, spec.size, wide_output, options)) {
                WideChar text[2] = {static_cast<WideChar>(value), 0};
                if constexpr (!wide_output) {
                    if (static_cast<uint16_t>(value) > 0xff) {
                        errno_out = kEILSEQ;
                        return -1;
                    }
                }
                // A NUL character is still one character of output.
                int64_t padding = spec.width > 1 ? spec.width - 1 : 0;
                if (!(spec.flags & kLeft))
                    out.repeat(' ', padding);
                CharT c = static_cast<CharT>(static_cast<uint16_t>(text[0]));
                out.put(&c, 1);
                if (spec.flags & kLeft)
                    out.repeat(' ', padding);
            } else {
                int64_t padding = spec.width > 1 ? spec.width - 1 : 0;
                if (!(spec.flags & kLeft))
                    out.repeat(' ', padding);
                CharT c = static_cast<CharT>(static_cast<unsigned char>(value));
                out.put(&c, 1);
                if (spec.flags & kLeft)
                    out.repeat(' ', padding);
            }
            break;
        }
        case 's':
        case 'S': {
            const void* text = va_arg(args, const void*);
            bool wide = is_wide_argument<CharT>(spec.type, spec.size, wide_output, options);
            bool ok;
            if (wide) {
                static const WideChar kNull[] = {'(', 'n', 'u', 'l', 'l', ')', 0};
                ok = emit_string(out, spec, text ? static_cast<const WideChar*>(text) : kNull, spec.precision);
            } else {
                ok = emit_string(out, spec, text ? static_cast<const char*>(text) : "(null)", spec.precision);
            }
            if (!ok) {
                errno_out = kEILSEQ;
                return -1;
            }
            break;
        }
        case 'Z': {
            const CountedString* counted = va_arg(args, const CountedString*);
            bool wide = spec.size == Size::Long || spec.size == Size::Wide;
            bool ok;
            if (!counted || !counted->buffer) {
                ok = emit_string(out, spec, "(null)", -1);
            } else if (wide) {
                ok = emit_string(out, spec, static_cast<const WideChar*>(counted->buffer), counted->length / 2);
            } else {
                ok = emit_string(out, spec, static_cast<const char*>(counted->buffer), counted->length);
            }
            if (!ok) {
                errno_out = kEILSEQ;
                return -1;
            }
            break;
        }
        case 'n': {
            void* target = va_arg(args, void*);
            if (!options.allow_count_output) {
                // ucrt: %n is refused unless _set_printf_count_output(1) (invalid parameter).
                errno_out = kEINVAL;
                return -1;
            }
            size_t count = out.count();
            switch (spec.size) {
            case Size::Char:
                *static_cast<signed char*>(target) = static_cast<signed char>(count);
                break;
            case Size::Short:
                *static_cast<short*>(target) = static_cast<short>(count);
                break;
            case Size::LongLong:
            case Size::Int64:
            case Size::Pointer:
                *static_cast<int64_t*>(target) = static_cast<int64_t>(count);
                break;
            default:
                *static_cast<int32_t*>(target) = static_cast<int32_t>(count);
                break;
            }
            break;
        }
        default:
            // An unknown conversion prints the character itself ("%q" -> "q"), like the Microsoft
            // CRT's state machine; a bad size prefix is printed from the '%' on.
            if (spec.type == 'I') {
                out.put(directive + 1, static_cast<size_t>(p - directive - 1));
            } else {
                CharT c = static_cast<CharT>(spec.type);
                out.put(&c, 1);
            }
            break;
        }
        if (out.failed())
            return -1;
    }
    if (out.failed())
        return -1;
    return static_cast<int>(out.count());
}

namespace {

template <typename CharT>
struct BufferState {
    CharT* buffer;
    size_t capacity;
    size_t used;
};

template <typename CharT>
bool buffer_write(void* context, const CharT* text, size_t length) {
    auto* state = static_cast<BufferState<CharT>*>(context);
    for (size_t i = 0; i < length && state->used < state->capacity; ++i)
        state->buffer[state->used++] = text[i];
    return true;
}

} // namespace

template <typename CharT>
int format_to_buffer(CharT* buffer, size_t capacity, const CharT* fmt, va_list args, const PrintfOptions& options,
                     int& errno_out) {
    BufferState<CharT> state{buffer, buffer ? capacity : 0, 0};
    FormatSink<CharT> sink{&buffer_write<CharT>, &state};
    return format(sink, fmt, args, options, errno_out);
}

template int format<char>(const FormatSink<char>&, const char*, va_list, const PrintfOptions&, int&);
template int format<WideChar>(const FormatSink<WideChar>&, const WideChar*, va_list, const PrintfOptions&, int&);
template int format_to_buffer<char>(char*, size_t, const char*, va_list, const PrintfOptions&, int&);
template int format_to_buffer<WideChar>(WideChar*, size_t, const WideChar*, va_list, const PrintfOptions&, int&);

} // namespace crt
