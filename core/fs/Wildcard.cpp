#include <core/fs/Path.h>
#include <core/fs/Wildcard.h>

namespace halcyon::fs {

namespace {

constexpr u16 kDosStar = '<';
constexpr u16 kDosQm = '>';
constexpr u16 kDosDot = '"';

u32 fold(u16 c) { return fold_case(c); }

/// Whether name[from..] contains no '.' (DOS_STAR stops before the last dot).
bool has_dot_from(Span<const u16> name, usize from) {
    for (usize i = from; i < name.size(); ++i) {
        if (name[i] == '.')
            return true;
    }
    return false;
}

// Recursive backtracking over (name index, pattern index). Patterns are short file names, so the
// depth is bounded by the pattern's length.
bool match_from(Span<const u16> name, usize n, Span<const u16> pattern, usize p) {
    while (p < pattern.size()) {
        u16 c = pattern[p];
        switch (c) {
        case '*':
            // Collapse runs of stars, then try every split.
            while (p < pattern.size() && pattern[p] == '*')
                ++p;
            if (p == pattern.size())
                return true;
            for (usize k = n; k <= name.size(); ++k) {
                if (match_from(name, k, pattern, p))
                    return true;
            }
            return false;
        case kDosStar:
            // Any run of characters that does not pass the name's last dot.
            for (usize k = n; k <= name.size(); ++k) {
                if (match_from(name, k, pattern, p + 1))
                    return true;
                if (k < name.size() && name[k] == '.' && !has_dot_from(name, k + 1))
                    return false;
            }
            return false;
        case '?':
            if (n == name.size())
                return false;
            ++n;
            ++p;
            break;
        case kDosQm:
            if (n == name.size() || name[n] == '.') {
                ++p; // matches nothing here
            } else {
                ++n;
                ++p;
            }
            break;
        case kDosDot:
            if (n == name.size()) {
                ++p;
            } else if (name[n] == '.') {
                ++n;
                ++p;
            } else {
                return false;
            }
            break;
        default:
            if (n == name.size() || fold(name[n]) != fold(c))
                return false;
            ++n;
            ++p;
            break;
        }
    }
    return n == name.size();
}

} // namespace

bool matches_wildcard(Span<const u16> name, Span<const u16> pattern) {
    if (pattern.size() == 0)
        return true;
    return match_from(name, 0, pattern, 0);
}

bool has_wildcards(Span<const u16> pattern) {
    for (u16 c : pattern) {
        if (c == '*' || c == '?' || c == kDosStar || c == kDosQm || c == kDosDot)
            return true;
    }
    return false;
}

} // namespace halcyon::fs
