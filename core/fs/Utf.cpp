#include <core/fs/Utf.h>

namespace halcyon::fs {

namespace {

constexpr bool is_high_surrogate(u32 unit) { return unit >= 0xD800 && unit <= 0xDBFF; }
constexpr bool is_low_surrogate(u32 unit) { return unit >= 0xDC00 && unit <= 0xDFFF; }
constexpr bool is_surrogate(u32 code_point) { return code_point >= 0xD800 && code_point <= 0xDFFF; }

usize utf8_length_of(u32 code_point) {
    if (code_point < 0x80)
        return 1;
    if (code_point < 0x800)
        return 2;
    if (code_point < 0x10000)
        return 3;
    return 4;
}

void encode_utf8(u32 code_point, char* out) {
    auto byte = [](u32 v) { return static_cast<char>(static_cast<u8>(v)); };
    switch (utf8_length_of(code_point)) {
    case 1:
        out[0] = byte(code_point);
        break;
    case 2:
        out[0] = byte(0xC0 | (code_point >> 6));
        out[1] = byte(0x80 | (code_point & 0x3F));
        break;
    case 3:
        out[0] = byte(0xE0 | (code_point >> 12));
        out[1] = byte(0x80 | ((code_point >> 6) & 0x3F));
        out[2] = byte(0x80 | (code_point & 0x3F));
        break;
    default:
        out[0] = byte(0xF0 | (code_point >> 18));
        out[1] = byte(0x80 | ((code_point >> 12) & 0x3F));
        out[2] = byte(0x80 | ((code_point >> 6) & 0x3F));
        out[3] = byte(0x80 | (code_point & 0x3F));
        break;
    }
}

Error malformed(const char* message) { return Error(status::ObjectNameInvalid, message); }

} // namespace

bool decode_utf8(StringView utf8, usize& index, u32& code_point) {
    usize start = index;
    u8 lead = static_cast<u8>(utf8[start]);
    index = start + 1;
    if (lead < 0x80) {
        code_point = lead;
        return true;
    }
    usize extra;
    u32 value;
    u32 minimum;
    if ((lead & 0xE0) == 0xC0) {
        extra = 1;
        value = lead & 0x1F;
        minimum = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
        extra = 2;
        value = lead & 0x0F;
        minimum = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
        extra = 3;
        value = lead & 0x07;
        minimum = 0x10000;
    } else {
        return false;
    }
    if (utf8.length() - start - 1 < extra)
        return false;
    for (usize i = 1; i <= extra; ++i) {
        u8 continuation = static_cast<u8>(utf8[start + i]);
        if ((continuation & 0xC0) != 0x80)
            return false;
        value = (value << 6) | (continuation & 0x3F);
    }
    if (value < minimum || value > kMaxCodePoint || is_surrogate(value))
        return false;
    index = start + 1 + extra;
    code_point = value;
    return true;
}

bool decode_utf16(Span<const u16> utf16, usize& index, u32& code_point) {
    u32 unit = utf16[index++];
    if (!is_surrogate(unit)) {
        code_point = unit;
        return true;
    }
    if (is_high_surrogate(unit) && index < utf16.size() && is_low_surrogate(utf16[index])) {
        code_point = 0x10000 + ((unit - 0xD800) << 10) + (utf16[index] - 0xDC00);
        ++index;
        return true;
    }
    return false;
}

ErrorOr<String> utf16_to_utf8(Span<const u16> utf16, Utf16Policy policy) {
    // First pass: validate and size, so the output is allocated once.
    usize bytes = 0;
    for (usize i = 0; i < utf16.size();) {
        u32 code_point;
        if (!decode_utf16(utf16, i, code_point)) {
            if (policy == Utf16Policy::Strict)
                return malformed("unpaired UTF-16 surrogate in name");
            code_point = kReplacementCharacter;
        }
        bytes += utf8_length_of(code_point);
    }
    Vector<char> out;
    TRY(out.ensure_capacity(bytes + 1));
    for (usize i = 0; i < utf16.size();) {
        u32 code_point;
        if (!decode_utf16(utf16, i, code_point))
            code_point = kReplacementCharacter;
        char encoded[4];
        encode_utf8(code_point, encoded);
        for (usize k = 0; k < utf8_length_of(code_point); ++k)
            TRY(out.try_append(encoded[k]));
    }
    return String::from(StringView(out.data(), out.size()));
}

ErrorOr<Vector<u16>> utf8_to_utf16(StringView utf8, Utf16Policy policy) {
    usize units = 0;
    for (usize i = 0; i < utf8.length();) {
        u32 code_point;
        if (!decode_utf8(utf8, i, code_point)) {
            if (policy == Utf16Policy::Strict)
                return malformed("malformed UTF-8 in name");
            code_point = kReplacementCharacter;
        }
        units += code_point >= 0x10000 ? 2 : 1;
    }
    Vector<u16> out;
    TRY(out.ensure_capacity(units));
    for (usize i = 0; i < utf8.length();) {
        u32 code_point;
        if (!decode_utf8(utf8, i, code_point))
            code_point = kReplacementCharacter;
        if (code_point >= 0x10000) {
            code_point -= 0x10000;
            TRY(out.try_append(static_cast<u16>(0xD800 + (code_point >> 10))));
            TRY(out.try_append(static_cast<u16>(0xDC00 + (code_point & 0x3FF))));
        } else {
            TRY(out.try_append(static_cast<u16>(code_point)));
        }
    }
    return out;
}

ErrorOr<usize> utf16_length(StringView utf8) {
    usize units = 0;
    for (usize i = 0; i < utf8.length();) {
        u32 code_point;
        if (!decode_utf8(utf8, i, code_point))
            return malformed("malformed UTF-8 in name");
        units += code_point >= 0x10000 ? 2 : 1;
    }
    return units;
}

bool is_valid_utf8(StringView utf8) { return !utf16_length(utf8).is_error(); }

} // namespace halcyon::fs
