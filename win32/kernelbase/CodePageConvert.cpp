// Single-byte code-page tables and the UTF-8 codec behind MultiByteToWideChar and
// WideCharToMultiByte. See CodePageConvert.h for the contract.

#include "win32/kernelbase/CodePageConvert.h"

namespace halcyon::win32::codepage {

namespace {

// Windows-1252, bytes 0x80..0x9F; the rest of the page is ISO 8859-1. The five bytes the
// standard leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) map to the C1 control with the same
// value, as Windows does.
constexpr char16_t kWindows1252High[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

// IBM437 (the OEM code page of en-US Windows), bytes 0x80..0xFF. Bytes below 0x80 map to
// themselves unless MB_USEGLYPHCHARS is given.
constexpr char16_t kIbm437High[128] = {
    0x00C7, 0x00FC, 0x00E9, 0x00E2, 0x00E4, 0x00E0, 0x00E5, 0x00E7,
    0x00EA, 0x00EB, 0x00E8, 0x00EF, 0x00EE, 0x00EC, 0x00C4, 0x00C5,
    0x00C9, 0x00E6, 0x00C6, 0x00F4, 0x00F6, 0x00F2, 0x00FB, 0x00F9,
    0x00FF, 0x00D6, 0x00DC, 0x00A2, 0x00A3, 0x00A5, 0x20A7, 0x0192,
    0x00E1, 0x00ED, 0x00F3, 0x00FA, 0x00F1, 0x00D1, 0x00AA, 0x00BA,
    0x00BF, 0x2310, 0x00AC, 0x00BD, 0x00BC, 0x00A1, 0x00AB, 0x00BB,
    0x2591, 0x2592, 0x2593, 0x2502, 0x2524, 0x2561, 0x2562, 0x2556,
    0x2555, 0x2563, 0x2551, 0x2557, 0x255D, 0x255C, 0x255B, 0x2510,
    0x2514, 0x2534, 0x252C, 0x251C, 0x2500, 0x253C, 0x255E, 0x255F,
    0x255A, 0x2554, 0x2569, 0x2566, 0x2560, 0x2550, 0x256C, 0x2567,
    0x2568, 0x2564, 0x2565, 0x2559, 0x2558, 0x2552, 0x2553, 0x256B,
    0x256A, 0x2518, 0x250C, 0x2588, 0x2584, 0x258C, 0x2590, 0x2580,
    0x03B1, 0x00DF, 0x0393, 0x03C0, 0x03A3, 0x03C3, 0x00B5, 0x03C4,
    0x03A6, 0x0398, 0x03A9, 0x03B4, 0x221E, 0x03C6, 0x03B5, 0x2229,
    0x2261, 0x00B1, 0x2265, 0x2264, 0x2320, 0x2321, 0x00F7, 0x2248,
    0x00B0, 0x2219, 0x00B7, 0x221A, 0x207F, 0x00B2, 0x25A0, 0x00A0,
};

constexpr char16_t kReplacementCharacter = 0xFFFD;

char16_t single_byte_to_wide(uint32_t code_page, uint8_t byte) {
    if (byte < 0x80)
        return byte;
    switch (code_page) {
    case kWindows1252:
        return byte < 0xA0 ? kWindows1252High[byte - 0x80] : byte;
    case kIbm437:
        return kIbm437High[byte - 0x80];
    default: // kLatin1
        return byte;
    }
}

/// Returns true and the byte for `unit` when the code page has it.
bool wide_to_single_byte(uint32_t code_page, char16_t unit, uint8_t& byte) {
    if (unit < 0x80) {
        byte = static_cast<uint8_t>(unit);
        return true;
    }
    switch (code_page) {
    case kWindows1252:
        if (unit >= 0xA0 && unit <= 0xFF) {
            byte = static_cast<uint8_t>(unit);
            return true;
        }
        for (int i = 0; i < 32; ++i) {
            if (kWindows1252High[i] == unit) {
                byte = static_cast<uint8_t>(0x80 + i);
                return true;
            }
        }
        return false;
    case kIbm437:
        for (int i = 0; i < 128; ++i) {
            if (kIbm437High[i] == unit) {
                byte = static_cast<uint8_t>(0x80 + i);
                return true;
            }
        }
        return false;
    default: // kLatin1
        if (unit <= 0xFF) {
            byte = static_cast<uint8_t>(unit);
            return true;
        }
        return false;
    }
}

size_t string_length(const char* s) {
    size_t n = 0;
    while (s[n])
        ++n;
    return n;
}

size_t string_length(const char16_t* s) {
    size_t n = 0;
    while (s[n])
        ++n;
    return n;
}

/// Appends to a bounded output, or only counts when `capacity` is 0 (the Win32 query mode).
template <typename T>
class Output {
public:
    Output(T* buffer, int capacity) : m_buffer(buffer), m_capacity(capacity) {}

    /// False when the buffer is full; the caller reports ERROR_INSUFFICIENT_BUFFER.
    [[nodiscard]] bool put(T value) {
        if (m_capacity != 0) {
            if (m_count >= static_cast<size_t>(m_capacity))
                return false;
            m_buffer[m_count] = value;
        }
        ++m_count;
        return m_count <= 0x7FFFFFFF;
    }

    size_t count() const { return m_count; }
    bool counting_only() const { return m_capacity == 0; }

private:
    T* m_buffer;
    int m_capacity;
    size_t m_count = 0;
};

int fail(Error& error, Error value) {
    error = value;
    return 0;
}

/// Decodes one UTF-8 sequence at `s[*i]`. Invalid input yields U+FFFD for each maximal subpart
/// (Unicode 15, 3.9 "U+FFFD Substitution of Maximal Subparts"), which is what Windows 10 does.
/// Returns the code point and sets `valid`.
uint32_t decode_utf8(const uint8_t* s, size_t length, size_t& i, bool& valid) {
    uint8_t lead = s[i++];
    valid = true;
    if (lead < 0x80)
        return lead;
    int continuation;
    uint8_t low = 0x80, high = 0xBF;
    uint32_t code_point;
    if (lead >= 0xC2 && lead <= 0xDF) {
        continuation = 1;
        code_point = lead & 0x1F;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        continuation = 2;
        code_point = lead & 0x0F;
        if (lead == 0xE0)
            low = 0xA0;
        else if (lead == 0xED)
            high = 0x9F; // U+D800..U+DFFF are not scalar values
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        continuation = 3;
        code_point = lead & 0x07;
        if (lead == 0xF0)
            low = 0x90;
        else if (lead == 0xF4)
            high = 0x8F;
    } else {
        valid = false;
        return kReplacementCharacter;
    }
    for (int k = 0; k < continuation; ++k) {
        if (i >= length || s[i] < low || s[i] > high) {
            valid = false;
            return kReplacementCharacter;
        }
        code_point = (code_point << 6) | (s[i] & 0x3F);
        ++i;
        low = 0x80;
        high = 0xBF;
    }
    return code_point;
}

} // namespace

uint32_t resolve(uint32_t code_page) {
    switch (code_page) {
    case kAnsi:
    case kThreadAnsi:
        return kSystemAnsiCodePage;
    case kOem:
        return kSystemOemCodePage;
    default:
        return code_page;
    }
}

bool is_supported(uint32_t code_page) {
    switch (code_page) {
    case kWindows1252:
    case kIbm437:
    case kLatin1:
    case kUtf8:
        return true;
    default:
        return false;
    }
}

uint32_t max_char_size(uint32_t code_page) { return code_page == kUtf8 ? 4 : 1; }

int multibyte_to_wide(uint32_t code_page, uint32_t flags, const char* src, int src_length,
                      char16_t* dst, int dst_capacity, Error& error) {
    error = Error::None;
    if (!src || src_length == 0 || dst_capacity < 0 || (dst_capacity > 0 && !dst) ||
        (dst && static_cast<const void*>(src) == static_cast<const void*>(dst)))
        return fail(error, Error::InvalidParameter);
    code_page = resolve(code_page);
    if (!is_supported(code_page))
        return fail(error, Error::InvalidParameter);
    if (code_page == kUtf8) {
        if (flags & ~kMbErrInvalidChars)
            return fail(error, Error::InvalidFlags);
    } else if ((flags & ~(kMbPrecomposed | kMbComposite | kMbUseGlyphChars | kMbErrInvalidChars)) ||
               ((flags & kMbPrecomposed) && (flags & kMbComposite))) {
        return fail(error, Error::InvalidFlags);
    }

    size_t length = src_length < 0 ? string_length(src) + 1 : static_cast<size_t>(src_length);
    auto bytes = reinterpret_cast<const uint8_t*>(src);
    Output<char16_t> out(dst, dst_capacity);

    if (code_page != kUtf8) {
        // FIXME: MB_USEGLYPHCHARS (glyphs for 0x01..0x1F in OEM pages) and MB_COMPOSITE
        // (decomposition) are accepted but not applied.
        for (size_t i = 0; i < length; ++i) {
            if (!out.put(single_byte_to_wide(code_page, bytes[i])))
                return fail(error, Error::InsufficientBuffer);
        }
        return static_cast<int>(out.count());
    }

    size_t i = 0;
    while (i < length) {
        bool valid;
        uint32_t code_point = decode_utf8(bytes, length, i, valid);
        if (!valid && (flags & kMbErrInvalidChars))
            return fail(error, Error::NoUnicodeTranslation);
        if (code_point >= 0x10000) {
            code_point -= 0x10000;
            if (!out.put(static_cast<char16_t>(0xD800 + (code_point >> 10))) ||
                !out.put(static_cast<char16_t>(0xDC00 + (code_point & 0x3FF))))
                return fail(error, Error::InsufficientBuffer);
        } else if (!out.put(static_cast<char16_t>(code_point))) {
            return fail(error, Error::InsufficientBuffer);
        }
    }
    return static_cast<int>(out.count());
}

int wide_to_multibyte(uint32_t code_page, uint32_t flags, const char16_t* src, int src_length,
                      char* dst, int dst_capacity, const char* default_char, bool* used_default,
                      Error& error) {
    error = Error::None;
    if (!src || src_length == 0 || dst_capacity < 0 || (dst_capacity > 0 && !dst) ||
        (dst && static_cast<const void*>(src) == static_cast<const void*>(dst)))
        return fail(error, Error::InvalidParameter);
    code_page = resolve(code_page);
    if (!is_supported(code_page))
        return fail(error, Error::InvalidParameter);
    if (code_page == kUtf8) {
        if (default_char || used_default)
            return fail(error, Error::InvalidParameter);
        if (flags & ~kWcErrInvalidChars)
            return fail(error, Error::InvalidFlags);
    } else if (flags & ~(kWcCompositeCheck | kWcDiscardNs | kWcSepChars | kWcDefaultChar |
                         kWcNoBestFitChars)) {
        return fail(error, Error::InvalidFlags);
    }

    size_t length = src_length < 0 ? string_length(src) + 1 : static_cast<size_t>(src_length);
    Output<char> out(dst, dst_capacity);

    if (code_page != kUtf8) {
        // FIXME: Windows applies "best fit" mappings (U+0100 -> 'A') unless WC_NO_BEST_FIT_CHARS
        // is given; without the best-fit tables every unmappable character becomes the default
        // character, as with WC_NO_BEST_FIT_CHARS.
        char replacement = default_char ? *default_char : '?';
        bool used = false;
        for (size_t i = 0; i < length; ++i) {
            uint8_t byte;
            char16_t unit = src[i];
            if (!wide_to_single_byte(code_page, unit, byte)) {
                // Each UTF-16 unit is replaced on its own, so a surrogate pair becomes two
                // default characters ("??" for an emoji), as on Windows and Wine.
                byte = static_cast<uint8_t>(replacement);
                used = true;
            }
            if (!out.put(static_cast<char>(byte)))
                return fail(error, Error::InsufficientBuffer);
        }
        if (used_default)
            *used_default = used;
        return static_cast<int>(out.count());
    }

    for (size_t i = 0; i < length; ++i) {
        uint32_t code_point = src[i];
        if (code_point >= 0xD800 && code_point <= 0xDFFF) {
            if (code_point <= 0xDBFF && i + 1 < length && src[i + 1] >= 0xDC00 && src[i + 1] <= 0xDFFF) {
                code_point = 0x10000 + ((code_point - 0xD800) << 10) + (src[i + 1] - 0xDC00);
                ++i;
            } else if (flags & kWcErrInvalidChars) {
                return fail(error, Error::NoUnicodeTranslation);
            } else {
                code_point = kReplacementCharacter;
            }
        }
        char encoded[4];
        int n;
        if (code_point < 0x80) {
            encoded[0] = static_cast<char>(code_point);
            n = 1;
        } else if (code_point < 0x800) {
            encoded[0] = static_cast<char>(0xC0 | (code_point >> 6));
            encoded[1] = static_cast<char>(0x80 | (code_point & 0x3F));
            n = 2;
        } else if (code_point < 0x10000) {
            encoded[0] = static_cast<char>(0xE0 | (code_point >> 12));
            encoded[1] = static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
            encoded[2] = static_cast<char>(0x80 | (code_point & 0x3F));
            n = 3;
        } else {
            encoded[0] = static_cast<char>(0xF0 | (code_point >> 18));
            encoded[1] = static_cast<char>(0x80 | ((code_point >> 12) & 0x3F));
            encoded[2] = static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
            encoded[3] = static_cast<char>(0x80 | (code_point & 0x3F));
            n = 4;
        }
        // A character is written whole or not at all.
        if (!out.counting_only() && out.count() + n > static_cast<size_t>(dst_capacity))
            return fail(error, Error::InsufficientBuffer);
        for (int k = 0; k < n; ++k) {
            if (!out.put(encoded[k]))
                return fail(error, Error::InsufficientBuffer);
        }
    }
    return static_cast<int>(out.count());
}

} // namespace halcyon::win32::codepage
