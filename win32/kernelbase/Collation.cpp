// CompareString(A/W/Ex), CompareStringOrdinal and LCMapString(A/W/Ex) case mapping.
//
// Comparison is linguistic in the manner of Windows' default table, at three levels: first the
// base characters (symbols before digits before letters, letters alphabetically whatever their
// accent or case), then accents, then case (lower before upper). In the default "word sort" the
// hyphen and the apostrophe carry no weight at the first levels, so "co-op" sorts next to "coop";
// SORT_STRINGSORT makes them ordinary symbols. NORM_IGNORECASE, NORM_IGNORENONSPACE and
// NORM_IGNORESYMBOLS drop the case level, the accent level and the symbols.
//
// FIXME: the weights are Halcyon's own approximation for ASCII and Latin-1: symbols order by code
// point (Windows has its own symbol order), and characters past Latin-1 order by code point after
// the Latin letters. A real sort table (and LCMAP_SORTKEY, which exposes it) is still to come.

#include "win32/kernelbase/KernelBase.h"

using namespace halcyon;
using namespace halcyon::kernelbase;

namespace {

constexpr DWORD kNormIgnoreCase = 0x00000001;
constexpr DWORD kNormIgnoreNonSpace = 0x00000002;
constexpr DWORD kNormIgnoreSymbols = 0x00000004;
constexpr DWORD kLinguisticIgnoreCase = 0x00000010;
constexpr DWORD kLinguisticIgnoreDiacritic = 0x00000020;
constexpr DWORD kNormIgnoreKanaType = 0x00010000;
constexpr DWORD kNormIgnoreWidth = 0x00020000;
constexpr DWORD kNormLinguisticCasing = 0x08000000;
constexpr DWORD kSortStringSort = 0x00001000;
// FIXME: SORT_DIGITSASNUMBERS (0x8, CompareStringEx) is refused as an invalid flag: numeric
// ordering of digit runs is not implemented.
constexpr DWORD kCompareFlags = kNormIgnoreCase | kNormIgnoreNonSpace | kNormIgnoreSymbols |
                                kLinguisticIgnoreCase | kLinguisticIgnoreDiacritic | kNormIgnoreKanaType |
                                kNormIgnoreWidth | kNormLinguisticCasing | kSortStringSort;

constexpr DWORD kLcmapLowercase = 0x00000100;
constexpr DWORD kLcmapUppercase = 0x00000200;
constexpr DWORD kLcmapSortKey = 0x00000400;
constexpr DWORD kLcmapLinguisticCasing = 0x01000000;

constexpr int kLessThan = 1, kEqual = 2, kGreaterThan = 3;

/// The weights of one character. primary 0 means "no weight at the first levels".
struct Weights {
    unsigned primary;
    unsigned accent;
    unsigned case_weight;
    bool symbol;
};

/// Latin-1 letters with accents: their base letter and an accent rank (0 for none).
struct Decomposed {
    WCHAR base;
    unsigned accent;
};

Decomposed decompose_latin1(WCHAR c) {
    // Ranks: 1 grave, 2 acute, 3 circumflex, 4 tilde, 5 diaeresis, 6 ring, 7 cedilla, 8 stroke.
    static const char kBases[] = "AAAAAAACEEEEIIIIDNOOOOOxOUUUUYTsaaaaaaaceeeeiiiidnooooo/ouuuuyty";
    static const unsigned char kAccents[] = {1, 2, 3, 4, 5, 6, 0, 7, 1, 2, 3, 5, 1, 2, 3, 5, 8, 4, 1, 2, 3, 4,
                                             5, 0, 8, 1, 2, 3, 5, 2, 0, 0, 1, 2, 3, 4, 5, 6, 0, 7, 1, 2, 3, 5,
                                             1, 2, 3, 5, 8, 4, 1, 2, 3, 4, 5, 0, 8, 1, 2, 3, 5, 2, 0, 5};
    if (c < 0xC0 || c > 0xFF || c == 0xD7 || c == 0xF7 || c == 0xC6 || c == 0xE6 || c == 0xDE || c == 0xFE ||
        c == 0xDF)
        return {c, 0};
    return {static_cast<WCHAR>(static_cast<unsigned char>(kBases[c - 0xC0])), kAccents[c - 0xC0]};
}

Weights weights_of(WCHAR c, DWORD flags) {
    Decomposed d = decompose_latin1(c);
    WCHAR base = d.base;
    bool upper = (base >= 'A' && base <= 'Z') || RtlDowncaseUnicodeChar(c) != c;
    WCHAR lower = (base >= 'A' && base <= 'Z') ? static_cast<WCHAR>(base + 32) : RtlDowncaseUnicodeChar(base);
    if (lower >= 'a' && lower <= 'z')
        return {0x2000u + (lower - 'a') * 16u, d.accent, upper ? 1u : 0u, false};
    if (c >= '0' && c <= '9')
        return {0x1000u + (c - '0'), 0, 0, false};
    if (c == 0xC6 || c == 0xE6) // Æ sorts as "AE"; kept as one unit just after 'a'
        return {0x2000u + 1, 0, c == 0xC6 ? 1u : 0u, false};
    if (c == 0xDF) // ß after 's'
        return {0x2000u + ('s' - 'a') * 16u + 1, 0, 0, false};
    if (c == 0xDE || c == 0xFE) // Þ after 'z'
        return {0x2000u + 26u * 16u, 0, c == 0xDE ? 1u : 0u, false};
    if (c < 0x80 || (c >= 0xA0 && c <= 0xBF) || c == 0xD7 || c == 0xF7) {
        // Word sort: the hyphen and the apostrophe weigh nothing at the first levels.
        if ((c == '-' || c == '\'') && !(flags & kSortStringSort))
            return {0, 0, 0, true};
        if (c < 0x20 || c == 0x7F)
            return {0, 0, 0, true}; // control characters are ignored
        return {0x100u + c, 0, 0, true};
    }
    // Past Latin-1: letters of other scripts by code point, after the Latin ones, case folded.
    WCHAR folded = RtlDowncaseUnicodeChar(c);
    return {0x4000u + folded, 0, folded != c ? 1u : 0u, false};
}

struct Key {
    Weights weights;
    WCHAR character;
};

/// Produces the weighted characters of a string, dropping what the flags ignore.
class KeyStream {
public:
    KeyStream(const WCHAR* text, int length, DWORD flags) : m_text(text), m_length(length), m_flags(flags) {}
    bool next(Key& key, bool include_unweighted) {
        while (m_index < m_length) {
            WCHAR c = m_text[m_index++];
            Weights w = weights_of(c, m_flags);
            if (w.symbol && (m_flags & kNormIgnoreSymbols))
                continue;
            if (w.primary == 0 && !include_unweighted)
                continue;
            key = {w, c};
            return true;
        }
        return false;
    }

private:
    const WCHAR* m_text;
    int m_length;
    DWORD m_flags;
    int m_index = 0;
};

int sign(long long value) {
    return value < 0 ? kLessThan : value > 0 ? kGreaterThan : kEqual;
}

int compare_level(const WCHAR* a, int a_length, const WCHAR* b, int b_length, DWORD flags, int level) {
    KeyStream x(a, a_length, flags), y(b, b_length, flags);
    Key kx{}, ky{};
    for (;;) {
        bool has_x = x.next(kx, false);
        bool has_y = y.next(ky, false);
        if (!has_x || !has_y)
            return has_x ? kGreaterThan : has_y ? kLessThan : kEqual;
        long long difference = 0;
        switch (level) {
        case 0:
            difference = static_cast<long long>(kx.weights.primary) - ky.weights.primary;
            break;
        case 1:
            difference = static_cast<long long>(kx.weights.accent) - ky.weights.accent;
            break;
        default:
            difference = static_cast<long long>(kx.weights.case_weight) - ky.weights.case_weight;
            break;
        }
        if (difference)
            return sign(difference);
    }
}

/// The last level of the word sort: the characters without weight (hyphens, apostrophes), by
/// position and then by character; a string with more of them sorts after.
int compare_unweighted(const WCHAR* a, int a_length, const WCHAR* b, int b_length, DWORD flags) {
    int i = 0, j = 0;
    for (;;) {
        while (i < a_length && weights_of(a[i], flags).primary != 0)
            ++i;
        while (j < b_length && weights_of(b[j], flags).primary != 0)
            ++j;
        // Characters ignored outright (NORM_IGNORESYMBOLS) are not counted.
        while (i < a_length && (flags & kNormIgnoreSymbols) && weights_of(a[i], flags).symbol &&
               weights_of(a[i], flags).primary == 0)
            ++i;
        while (j < b_length && (flags & kNormIgnoreSymbols) && weights_of(b[j], flags).symbol &&
               weights_of(b[j], flags).primary == 0)
            ++j;
        bool has_a = i < a_length, has_b = j < b_length;
        if (!has_a || !has_b)
            return has_a ? kGreaterThan : has_b ? kLessThan : kEqual;
        if (i != j)
            return i < j ? kLessThan : kGreaterThan;
        if (a[i] != b[j])
            return a[i] < b[j] ? kLessThan : kGreaterThan;
        ++i;
        ++j;
    }
}

int compare_strings(DWORD flags, const WCHAR* a, int a_length, const WCHAR* b, int b_length) {
    if (!a || !b) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    if (flags & ~kCompareFlags) {
        set_last_error(ERROR_INVALID_FLAGS);
        return 0;
    }
    if (a_length < 0)
        a_length = static_cast<int>(wide_length(a));
    if (b_length < 0)
        b_length = static_cast<int>(wide_length(b));
    int result = compare_level(a, a_length, b, b_length, flags, 0);
    if (result != kEqual)
        return result;
    if (!(flags & (kNormIgnoreNonSpace | kLinguisticIgnoreDiacritic))) {
        result = compare_level(a, a_length, b, b_length, flags, 1);
        if (result != kEqual)
            return result;
    }
    if (!(flags & (kNormIgnoreCase | kLinguisticIgnoreCase))) {
        result = compare_level(a, a_length, b, b_length, flags, 2);
        if (result != kEqual)
            return result;
    }
    return compare_unweighted(a, a_length, b, b_length, flags);
}

/// The UTF-16 form of an ANSI argument with an explicit length (-1: NUL-terminated).
struct WideArgument {
    WCHAR* text = nullptr;
    int length = 0;
    bool ok = true;
    WideArgument(const char* ansi, int ansi_length) {
        if (!ansi)
            return;
        if (ansi_length < 0)
            ansi_length = static_cast<int>(ansi_length_of(ansi));
        length = ansi_length ? MultiByteToWideChar(CP_ACP, 0, ansi, ansi_length, nullptr, 0) : 0;
        text = static_cast<WCHAR*>(heap_alloc((length + 1) * sizeof(WCHAR)));
        if (!text) {
            set_last_error(ERROR_NOT_ENOUGH_MEMORY);
            ok = false;
            return;
        }
        if (length)
            MultiByteToWideChar(CP_ACP, 0, ansi, ansi_length, text, length);
        text[length] = 0;
    }
    ~WideArgument() { heap_free(text); }
    static size_t ansi_length_of(const char* s) { return ansi_length(s); }
};

int map_string(DWORD flags, const WCHAR* source, int source_length, WCHAR* destination,
               int destination_length) {
    if (!source || destination_length < 0 || (destination_length && !destination) || source_length == 0) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    if (flags & kLcmapSortKey) {
        // FIXME: sort keys need the real sort table (see the top of this file).
        write_diagnostic("LCMapString: LCMAP_SORTKEY is not implemented\n");
        set_last_error(ERROR_CALL_NOT_IMPLEMENTED);
        return 0;
    }
    DWORD casing = flags & (kLcmapLowercase | kLcmapUppercase);
    if (casing == (kLcmapLowercase | kLcmapUppercase) || (flags & ~(casing | kLcmapLinguisticCasing))) {
        // FIXME: LCMAP_HIRAGANA, LCMAP_FULLWIDTH and the other transforms are not implemented.
        set_last_error(ERROR_INVALID_FLAGS);
        return 0;
    }
    bool counted_terminator = source_length < 0;
    int length = source_length < 0 ? static_cast<int>(wide_length(source)) + 1 : source_length;
    if (destination_length == 0)
        return length;
    if (destination_length < length) {
        set_last_error(ERROR_INSUFFICIENT_BUFFER);
        return 0;
    }
    for (int i = 0; i < length; ++i) {
        WCHAR c = source[i];
        if (casing == kLcmapLowercase)
            c = RtlDowncaseUnicodeChar(c);
        else if (casing == kLcmapUppercase)
            c = RtlUpcaseUnicodeChar(c);
        destination[i] = c;
    }
    (void)counted_terminator;
    return length;
}

} // namespace

extern "C" {

int WINAPI CompareStringW(LCID locale, DWORD flags, LPCWSTR a, int a_length, LPCWSTR b, int b_length) {
    (void)locale; // FIXME: one collation for every locale
    return compare_strings(flags, a, a_length, b, b_length);
}

int WINAPI CompareStringEx(LPCWSTR locale_name, DWORD flags, LPCWSTR a, int a_length, LPCWSTR b, int b_length,
                           LPVOID version, LPVOID reserved, LPARAM parameter) {
    (void)locale_name;
    if (version || reserved || parameter) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    return compare_strings(flags, a, a_length, b, b_length);
}

int WINAPI CompareStringA(LCID locale, DWORD flags, LPCSTR a, int a_length, LPCSTR b, int b_length) {
    if (!a || !b) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    WideArgument wide_a(a, a_length), wide_b(b, b_length);
    if (!wide_a.ok || !wide_b.ok)
        return 0;
    return CompareStringW(locale, flags, wide_a.text, wide_a.length, wide_b.text, wide_b.length);
}

int WINAPI CompareStringOrdinal(LPCWSTR a, int a_length, LPCWSTR b, int b_length, BOOL ignore_case) {
    if (!a || !b) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    if (a_length < 0)
        a_length = static_cast<int>(wide_length(a));
    if (b_length < 0)
        b_length = static_cast<int>(wide_length(b));
    int n = a_length < b_length ? a_length : b_length;
    for (int i = 0; i < n; ++i) {
        WCHAR x = a[i], y = b[i];
        if (ignore_case) {
            x = RtlUpcaseUnicodeChar(x);
            y = RtlUpcaseUnicodeChar(y);
        }
        if (x != y)
            return x < y ? kLessThan : kGreaterThan;
    }
    return sign(static_cast<long long>(a_length) - b_length);
}

int WINAPI LCMapStringW(LCID locale, DWORD flags, LPCWSTR source, int source_length, LPWSTR destination,
                        int destination_length) {
    (void)locale;
    return map_string(flags, source, source_length, destination, destination_length);
}

int WINAPI LCMapStringEx(LPCWSTR locale_name, DWORD flags, LPCWSTR source, int source_length,
                         LPWSTR destination, int destination_length, LPVOID version, LPVOID reserved,
                         LPARAM handle) {
    (void)locale_name;
    if (version || reserved || handle) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    return map_string(flags, source, source_length, destination, destination_length);
}

int WINAPI LCMapStringA(LCID locale, DWORD flags, LPCSTR source, int source_length, LPSTR destination,
                        int destination_length) {
    if (!source || destination_length < 0 || (destination_length && !destination) || source_length == 0) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    bool terminated = source_length < 0;
    int length = terminated ? static_cast<int>(ansi_length(source)) + 1 : source_length;
    WideArgument wide(source, length);
    if (!wide.ok)
        return 0;
    WCHAR* mapped = static_cast<WCHAR*>(heap_alloc((wide.length + 1) * sizeof(WCHAR)));
    if (!mapped) {
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return 0;
    }
    int count = map_string(flags, wide.text, wide.length, mapped, wide.length);
    int result = 0;
    if (count > 0) {
        int bytes = WideCharToMultiByte(CP_ACP, 0, mapped, count, nullptr, 0, nullptr, nullptr);
        if (destination_length == 0) {
            result = bytes;
        } else if (destination_length < bytes) {
            set_last_error(ERROR_INSUFFICIENT_BUFFER);
        } else {
            result = WideCharToMultiByte(CP_ACP, 0, mapped, count, destination, destination_length, nullptr,
                                         nullptr);
        }
    }
    heap_free(mapped);
    return result;
}

} // extern "C"
