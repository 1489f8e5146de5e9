#pragma once

// UTF-16 <-> UTF-8 conversion. User mode hands the kernel names as UTF-16 (UNICODE_STRING); the
// kernel keeps names as UTF-8 (what host file systems and logs use).
//
// Policy on malformed input: Strict (the default, used for every name that reaches a file
// system) fails with ObjectNameInvalid on an unpaired surrogate or malformed UTF-8, because a name
// that cannot round-trip would name a different file on the way back. Replace substitutes U+FFFD
// and is meant for diagnostics only.
//
// These helpers are general; they live in core/fs because file names are their first user.
// FIXME: move to core/lib once another subsystem (registry, window titles) needs them.

#include <core/lib/ErrorOr.h>
#include <core/lib/Span.h>
#include <core/lib/String.h>
#include <core/lib/StringView.h>
#include <core/lib/Vector.h>

namespace halcyon::fs {

enum class Utf16Policy : u8 {
    /// Malformed input is ObjectNameInvalid.
    Strict,
    /// Malformed input becomes U+FFFD.
    Replace,
};

constexpr u32 kReplacementCharacter = 0xFFFD;
constexpr u32 kMaxCodePoint = 0x10FFFF;

/// Decodes one code point of UTF-8 starting at `index` and advances `index` past it. Rejects
/// overlong forms, encoded surrogates and values above U+10FFFF. On failure returns false and
/// advances `index` by one byte so callers can resynchronise.
bool decode_utf8(StringView utf8, usize& index, u32& code_point);

/// Decodes one code point of UTF-16 at `index` and advances past it; false on an unpaired
/// surrogate (advancing by one unit).
bool decode_utf16(Span<const u16> utf16, usize& index, u32& code_point);

/// UTF-16 code units (host byte order, as in a UNICODE_STRING) to an owned UTF-8 string.
ErrorOr<String> utf16_to_utf8(Span<const u16> utf16, Utf16Policy policy = Utf16Policy::Strict);

/// UTF-8 to UTF-16 code units.
ErrorOr<Vector<u16>> utf8_to_utf16(StringView utf8, Utf16Policy policy = Utf16Policy::Strict);

/// The number of UTF-16 code units `utf8` converts to; ObjectNameInvalid if it is malformed.
ErrorOr<usize> utf16_length(StringView utf8);

/// True when `utf8` is well-formed UTF-8.
bool is_valid_utf8(StringView utf8);

} // namespace halcyon::fs
