#pragma once

// Name matching for directory enumeration (NtQueryDirectoryFile's FileName argument), as
// FsRtlIsNameInExpression does it: '*' matches any run of characters, '?' exactly one, and the
// DOS wildcards that kernelbase produces from old-style patterns — '<' (DOS_STAR: any run up to the
// last '.'), '>' (DOS_QM: one character, or none before a '.' or at the end) and '"' (DOS_DOT: a
// '.', or nothing at the end). Comparison is case-insensitive with the same folding as
// names_equal_ignoring_case.

#include <core/lib/Span.h>
#include <core/lib/Types.h>

namespace halcyon::fs {

/// Whether `name` (UTF-16 code units) matches `pattern`. An empty pattern matches everything.
bool matches_wildcard(Span<const u16> name, Span<const u16> pattern);

/// Whether `pattern` has any wildcard character (else it names one entry).
bool has_wildcards(Span<const u16> pattern);

} // namespace halcyon::fs
