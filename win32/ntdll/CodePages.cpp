// Code-page conversions. Halcyon's ANSI code page is 1252 (Western European) and its OEM code
// page 437, as on a US-English Windows; UTF-8 is exact in both directions.
//
// Semantics follow Windows: the *N functions convert as much as fits and report the bytes
// written; the *String functions can allocate from the process heap; unmappable UTF-16 becomes
// '?' (the code pages' default character); invalid UTF-8 and unpaired surrogates become U+FFFD
// with STATUS_SOME_NOT_MAPPED.

#include "Ntdll.h"

using namespace halcyon::ntdll;

namespace {

/// Bytes 0x80..0xFF of code page 1252. The five bytes 1252 leaves undefined (0x81, 0x8D, 0x8F,
/// 0x90, 0x9D) map to the C1 control with the same value, as Windows' MultiByteToWideChar does.
constexpr uint16_t kCp1252High[128] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152,
    0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122,
    0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178, 0x00A0, 0x00A1, 0x00A2, 0x00A3, 0x00A4, 0x00A5, 0x00A6,
    0x00A7, 0x00A8, 0x00A9, 0x00AA, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x00AF, 0x00B0, 0x00B1, 0x00B2, 0x00B3,
    0x00B4, 0x00B5, 0x00B6, 0x00B7, 0x00B8, 0x00B9, 0x00BA, 0x00BB, 0x00BC, 0x00BD, 0x00BE, 0x00BF, 0x00C0,
    0x00C1, 0x00C2, 0x00C3, 0x00C4, 0x00C5, 0x00C6, 0x00C7, 0x00C8, 0x00C9, 0x00CA, 0x00CB, 0x00CC, 0x00CD,
    0x00CE, 0x00CF, 0x00D0, 0x00D1, 0x00D2, 0x00D3, 0x00D4, 0x00D5, 0x00D6, 0x00D7, 0x00D8, 0x00D9, 0x00DA,
    0x00DB, 0x00DC, 0x00DD, 0x00DE, 0x00DF, 0x00E0, 0x00E1, 0x00E2, 0x00E3, 0x00E4, 0x00E5, 0x00E6, 0x00E7,
    0x00E8, 0x00E9, 0x00EA, 0x00EB, 0x00EC, 0x00ED, 0x00EE, 0x00EF, 0x00F0, 0x00F1, 0x00F2, 0x00F3, 0x00F4,
    0x00F5, 0x00F6, 0x00F7, 0x00F8, 0x00F9, 0x00FA, 0x00FB, 0x00FC, 0x00FD, 0x00FE, 0x00FF,
};

/// Bytes 0x80..0xFF of code page 437 (the IBM PC character set).
constexpr uint16_t kCp437High[128] = {
    0x00C7, 0x00FC, 0x00E9, 0x00E2, 0x00E4, 0x00E0, 0x00E5, 0x00E7, 0x00EA, 0x00EB, 0x00E8, 0x00EF, 0x00EE,
    0x00EC, 0x00C4, 0x00C5, 0x00C9, 0x00E6, 0x00C6, 0x00F4, 0x00F6, 0x00F2, 0x00FB, 0x00F9, 0x00FF, 0x00D6,
    0x00DC, 0x00A2, 0x00A3, 0x00A5, 0x20A7, 0x0192, 0x00E1, 0x00ED, 0x00F3, 0x00FA, 0x00F1, 0x00D1, 0x00AA,
    0x00BA, 0x00BF, 0x2310, 0x00AC, 0x00BD, 0x00BC, 0x00A1, 0x00AB, 0x00BB, 0x2591, 0x2592, 0x2593, 0x2502,
    0x2524, 0x2561, 0x2562, 0x2556, 0x2555, 0x2563, 0x2551, 0x2557, 0x255D, 0x255C, 0x255B, 0x2510, 0x2514,
    0x2534, 0x252C, 0x251C, 0x2500, 0x253C, 0x255E, 0x255F, 0x255A, 0x2554, 0x2569, 0x2566, 0x2560, 0x2550,
    0x256C, 0x2567, 0x2568, 0x2564, 0x2565, 0x2559, 0x2558, 0x2552, 0x2553, 0x256B, 0x256A, 0x2518, 0x250C,
    0x2588, 0x2584, 0x258C, 0x2590, 0x2580, 0x03B1, 0x00DF, 0x0393, 0x03C0, 0x03A3, 0x03C3, 0x00B5, 0x03C4,
    0x03A6, 0x0398, 0x03A9, 0x03B4, 0x221E, 0x03C6, 0x03B5, 0x2229, 0x2261, 0x00B1, 0x2265, 0x2264, 0x2320,
    0x2321, 0x00F7, 0x2248, 0x00B0, 0x2219, 0x00B7, 0x221A, 0x207F, 0x00B2, 0x25A0, 0x00A0,
};

constexpr char kDefaultChar = '?';
constexpr WCHAR kReplacementCharacter = 0xFFFD;

struct SingleByteCodePage {
    const uint16_t* high;

    WCHAR to_unicode(unsigned char byte) const {
        return byte < 0x80 ? static_cast<WCHAR>(byte) : static_cast<WCHAR>(high[byte - 0x80]);
    }
    char from_unicode(WCHAR c) const {
        if (c < 0x80)
            return static_cast<char>(c);
        // 128 entries: a linear scan is cheaper than keeping a 64 K reverse table in ntdll.
        for (unsigned i = 0; i < 128; ++i)
            if (high[i] == c)
                return static_cast<char>(0x80 + i);
        // FIXME: Windows applies "best fit" mappings here (e.g. U+0100 -> 'A'); we use '?'.
        return kDefaultChar;
    }
};

constexpr SingleByteCodePage kAnsi{kCp1252High};
constexpr SingleByteCodePage kOem{kCp437High};

NTSTATUS single_byte_to_unicode(const SingleByteCodePage& page, PWSTR unicode, ULONG max_bytes,
                                PULONG written_bytes, const CHAR* source, ULONG source_bytes) {
    ULONG count = max_bytes / sizeof(WCHAR) < source_bytes ? max_bytes / sizeof(WCHAR) : source_bytes;
    for (ULONG i = 0; i < count; ++i)
        unicode[i] = page.to_unicode(static_cast<unsigned char>(source[i]));
    if (written_bytes)
        *written_bytes = count * sizeof(WCHAR);
    return STATUS_SUCCESS;
}

NTSTATUS unicode_to_single_byte(const SingleByteCodePage& page, PCHAR destination, ULONG max_bytes,
                                PULONG written_bytes, PCWSTR unicode, ULONG unicode_bytes) {
    ULONG chars = unicode_bytes / sizeof(WCHAR);
    ULONG count = max_bytes < chars ? max_bytes : chars;
    for (ULONG i = 0; i < count; ++i)
        destination[i] = page.from_unicode(unicode[i]);
    if (written_bytes)
        *written_bytes = count;
    return STATUS_SUCCESS;
}

/// Shared body of RtlAnsiStringToUnicodeString and RtlOemStringToUnicodeString.
NTSTATUS string_to_unicode(const SingleByteCodePage& page, PUNICODE_STRING destination, PCANSI_STRING source,
                           BOOLEAN allocate) {
    size_t bytes = static_cast<size_t>(source->Length) * sizeof(WCHAR);
    if (bytes + sizeof(WCHAR) > 0xFFFF)
        return STATUS_INVALID_PARAMETER_2;
    if (allocate) {
        auto* buffer = static_cast<PWSTR>(RtlAllocateHeap(process_heap(), 0, bytes + sizeof(WCHAR)));
        if (!buffer)
            return STATUS_NO_MEMORY;
        destination->Buffer = buffer;
        destination->MaximumLength = static_cast<USHORT>(bytes + sizeof(WCHAR));
    } else if (bytes > destination->MaximumLength) {
        return STATUS_BUFFER_OVERFLOW;
    }
    ULONG written = 0;
    single_byte_to_unicode(page, destination->Buffer, static_cast<ULONG>(bytes), &written, source->Buffer,
                           source->Length);
    destination->Length = static_cast<USHORT>(written);
    if (written + sizeof(WCHAR) <= destination->MaximumLength)
        destination->Buffer[written / sizeof(WCHAR)] = 0;
    return STATUS_SUCCESS;
}

/// Shared body of RtlUnicodeStringToAnsiString and RtlUnicodeStringToOemString. When the
/// destination is too small, Windows converts what fits and returns STATUS_BUFFER_OVERFLOW.
NTSTATUS unicode_to_string(const SingleByteCodePage& page, PANSI_STRING destination, PCUNICODE_STRING source,
                           BOOLEAN allocate) {
    size_t chars = source->Length / sizeof(WCHAR);
    NTSTATUS status = STATUS_SUCCESS;
    size_t capacity;
    if (allocate) {
        auto* buffer = static_cast<PCHAR>(RtlAllocateHeap(process_heap(), 0, chars + 1));
        if (!buffer)
            return STATUS_NO_MEMORY;
        destination->Buffer = buffer;
        destination->MaximumLength = static_cast<USHORT>(chars + 1);
        capacity = chars;
    } else {
        if (destination->MaximumLength == 0)
            return STATUS_BUFFER_OVERFLOW;
        capacity = destination->MaximumLength - 1u;
        if (chars > capacity)
            status = STATUS_BUFFER_OVERFLOW;
    }
    ULONG written = 0;
    unicode_to_single_byte(page, destination->Buffer, static_cast<ULONG>(capacity), &written, source->Buffer,
                           source->Length);
    destination->Buffer[written] = 0;
    destination->Length = static_cast<USHORT>(written);
    return status;
}

// --- UTF-8 ------------------------------------------------------------------------------------

/// Decodes one code point from [p, end). Returns the number of bytes consumed (at least 1);
/// `code_point` is U+FFFD and `valid` false for a malformed, overlong or surrogate sequence.
size_t decode_utf8(const unsigned char* p, const unsigned char* end, uint32_t& code_point, bool& valid) {
    unsigned char lead = *p;
    valid = true;
    if (lead < 0x80) {
        code_point = lead;
        return 1;
    }
    size_t length;
    uint32_t minimum;
    if ((lead & 0xE0) == 0xC0) {
        length = 2;
        code_point = lead & 0x1F;
        minimum = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
        length = 3;
        code_point = lead & 0x0F;
        minimum = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
        length = 4;
        code_point = lead & 0x07;
        minimum = 0x10000;
    } else {
        valid = false;
        code_point = kReplacementCharacter;
        return 1;
    }
    size_t i = 1;
    for (; i < length; ++i) {
        if (p + i >= end || (p[i] & 0xC0) != 0x80) {
            // A truncated sequence is replaced as a whole, up to the byte that broke it.
            valid = false;
            code_point = kReplacementCharacter;
            return i;
        }
        code_point = (code_point << 6) | (p[i] & 0x3F);
    }
    if (code_point < minimum || code_point > 0x10FFFF || (code_point >= 0xD800 && code_point <= 0xDFFF)) {
        valid = false;
        code_point = kReplacementCharacter;
    }
    return length;
}

} // namespace

extern "C" {

NTSTATUS NTAPI RtlMultiByteToUnicodeN(PWSTR unicode, ULONG max_bytes_in_unicode, PULONG bytes_in_unicode,
                                      const CHAR* multi_byte, ULONG bytes_in_multi_byte) {
    return single_byte_to_unicode(kAnsi, unicode, max_bytes_in_unicode, bytes_in_unicode, multi_byte,
                                  bytes_in_multi_byte);
}

NTSTATUS NTAPI RtlMultiByteToUnicodeSize(PULONG bytes_in_unicode, const CHAR* multi_byte,
                                         ULONG bytes_in_multi_byte) {
    *bytes_in_unicode = bytes_in_multi_byte * sizeof(WCHAR);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlUnicodeToMultiByteN(PCHAR multi_byte, ULONG max_bytes_in_multi_byte,
                                      PULONG bytes_in_multi_byte, PCWSTR unicode, ULONG bytes_in_unicode) {
    return unicode_to_single_byte(kAnsi, multi_byte, max_bytes_in_multi_byte, bytes_in_multi_byte, unicode,
                                  bytes_in_unicode);
}

NTSTATUS NTAPI RtlUnicodeToMultiByteSize(PULONG bytes_in_multi_byte, PCWSTR unicode, ULONG bytes_in_unicode) {
    *bytes_in_multi_byte = bytes_in_unicode / sizeof(WCHAR);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlOemToUnicodeN(PWSTR unicode, ULONG max_bytes_in_unicode, PULONG bytes_in_unicode,
                                const CHAR* oem, ULONG bytes_in_oem) {
    return single_byte_to_unicode(kOem, unicode, max_bytes_in_unicode, bytes_in_unicode, oem, bytes_in_oem);
}

NTSTATUS NTAPI RtlUnicodeToOemN(PCHAR oem, ULONG max_bytes_in_oem, PULONG bytes_in_oem, PCWSTR unicode,
                                ULONG bytes_in_unicode) {
    return unicode_to_single_byte(kOem, oem, max_bytes_in_oem, bytes_in_oem, unicode, bytes_in_unicode);
}

ULONG NTAPI RtlAnsiStringToUnicodeSize(PCANSI_STRING source) {
    return (source->Length + 1u) * sizeof(WCHAR);
}

ULONG NTAPI RtlUnicodeStringToAnsiSize(PCUNICODE_STRING source) {
    return source->Length / sizeof(WCHAR) + 1u;
}

NTSTATUS NTAPI RtlAnsiStringToUnicodeString(PUNICODE_STRING destination, PCANSI_STRING source,
                                            BOOLEAN allocate) {
    return string_to_unicode(kAnsi, destination, source, allocate);
}

NTSTATUS NTAPI RtlOemStringToUnicodeString(PUNICODE_STRING destination, PCOEM_STRING source,
                                           BOOLEAN allocate) {
    return string_to_unicode(kOem, destination, source, allocate);
}

NTSTATUS NTAPI RtlUnicodeStringToAnsiString(PANSI_STRING destination, PCUNICODE_STRING source,
                                            BOOLEAN allocate) {
    return unicode_to_string(kAnsi, destination, source, allocate);
}

NTSTATUS NTAPI RtlUnicodeStringToOemString(POEM_STRING destination, PCUNICODE_STRING source,
                                           BOOLEAN allocate) {
    return unicode_to_string(kOem, destination, source, allocate);
}

void NTAPI RtlGetDefaultCodePage(USHORT* ansi_code_page, USHORT* oem_code_page) {
    *ansi_code_page = 1252;
    *oem_code_page = 437;
}

NTSTATUS NTAPI RtlUTF8ToUnicodeN(PWSTR unicode, ULONG max_bytes_in_unicode, PULONG bytes_in_unicode,
                                 const CHAR* utf8, ULONG bytes_in_utf8) {
    if (!bytes_in_unicode)
        return STATUS_INVALID_PARAMETER_3;
    if (!utf8 && bytes_in_utf8)
        return STATUS_INVALID_PARAMETER_4;
    auto* p = reinterpret_cast<const unsigned char*>(utf8);
    auto* end = p + bytes_in_utf8;
    size_t capacity = unicode ? max_bytes_in_unicode / sizeof(WCHAR) : 0;
    size_t out = 0;
    bool all_valid = true;
    bool truncated = false;
    while (p < end) {
        uint32_t code_point;
        bool valid;
        size_t consumed = decode_utf8(p, end, code_point, valid);
        all_valid &= valid;
        size_t units = code_point >= 0x10000 ? 2 : 1;
        if (unicode) {
            if (out + units > capacity) {
                truncated = true;
                break;
            }
            if (units == 2) {
                uint32_t v = code_point - 0x10000;
                unicode[out] = static_cast<WCHAR>(0xD800 | (v >> 10));
                unicode[out + 1] = static_cast<WCHAR>(0xDC00 | (v & 0x3FF));
            } else {
                unicode[out] = static_cast<WCHAR>(code_point);
            }
        }
        out += units;
        p += consumed;
    }
    *bytes_in_unicode = static_cast<ULONG>(out * sizeof(WCHAR));
    if (truncated)
        return STATUS_BUFFER_TOO_SMALL;
    return all_valid ? STATUS_SUCCESS : STATUS_SOME_NOT_MAPPED;
}

NTSTATUS NTAPI RtlUnicodeToUTF8N(PCHAR utf8, ULONG max_bytes_in_utf8, PULONG bytes_in_utf8, PCWSTR unicode,
                                 ULONG bytes_in_unicode) {
    if (!bytes_in_utf8)
        return STATUS_INVALID_PARAMETER_3;
    if (!unicode && bytes_in_unicode)
        return STATUS_INVALID_PARAMETER_4;
    size_t chars = bytes_in_unicode / sizeof(WCHAR);
    size_t capacity = utf8 ? max_bytes_in_utf8 : 0;
    size_t out = 0;
    bool all_valid = true;
    bool truncated = false;
    for (size_t i = 0; i < chars; ++i) {
        uint32_t code_point = unicode[i];
        if (code_point >= 0xD800 && code_point <= 0xDBFF && i + 1 < chars && unicode[i + 1] >= 0xDC00 &&
            unicode[i + 1] <= 0xDFFF) {
            code_point = 0x10000 + ((code_point - 0xD800) << 10) + (unicode[i + 1] - 0xDC00u);
            ++i;
        } else if (code_point >= 0xD800 && code_point <= 0xDFFF) {
            code_point = kReplacementCharacter;
            all_valid = false;
        }
        unsigned char bytes[4];
        size_t length;
        if (code_point < 0x80) {
            bytes[0] = static_cast<unsigned char>(code_point);
            length = 1;
        } else if (code_point < 0x800) {
            bytes[0] = static_cast<unsigned char>(0xC0 | (code_point >> 6));
            bytes[1] = static_cast<unsigned char>(0x80 | (code_point & 0x3F));
            length = 2;
        } else if (code_point < 0x10000) {
            bytes[0] = static_cast<unsigned char>(0xE0 | (code_point >> 12));
            bytes[1] = static_cast<unsigned char>(0x80 | ((code_point >> 6) & 0x3F));
            bytes[2] = static_cast<unsigned char>(0x80 | (code_point & 0x3F));
            length = 3;
        } else {
            bytes[0] = static_cast<unsigned char>(0xF0 | (code_point >> 18));
            bytes[1] = static_cast<unsigned char>(0x80 | ((code_point >> 12) & 0x3F));
            bytes[2] = static_cast<unsigned char>(0x80 | ((code_point >> 6) & 0x3F));
            bytes[3] = static_cast<unsigned char>(0x80 | (code_point & 0x3F));
            length = 4;
        }
        if (utf8) {
            if (out + length > capacity) {
                truncated = true;
                break;
            }
            for (size_t k = 0; k < length; ++k)
                utf8[out + k] = static_cast<char>(bytes[k]);
        }
        out += length;
    }
    *bytes_in_utf8 = static_cast<ULONG>(out);
    if (truncated)
        return STATUS_BUFFER_TOO_SMALL;
    return all_valid ? STATUS_SUCCESS : STATUS_SOME_NOT_MAPPED;
}

} // extern "C"
