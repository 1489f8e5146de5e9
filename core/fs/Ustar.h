#pragma once

// A reader for POSIX ustar archives (IEEE Std 1003.1-2017, pax "ustar Interchange Format"), the
// format of the bare-metal system image (the C:\ tree the loader passes as an initial ramdisk).
// Pure code over a byte buffer, so the hosted tests and fuzz/boot exercise the same reader the
// kernel runs.
//
// Accepted: regular files (typeflag '0' or NUL) and directories ('5'), with the POSIX magic
// ("ustar\0" "00") or GNU's ("ustar  \0"), octal numeric fields, a correct header checksum, and
// relative paths whose components are neither empty, "." nor ".." (a leading "./" is dropped).
// Everything else (links, devices, pax and GNU extension headers, base-256 numbers, data past the
// end of the buffer) is refused with InvalidImageFormat and a message naming the problem: the
// archive is built by our own tools, so anything unexpected means corruption, not a dialect.
// The archive ends at the first all-zero header block (the standard's end is two of them; a
// truncated second block is tolerated) and must end before the buffer does.

#include <core/lib/ErrorOr.h>
#include <core/lib/Span.h>
#include <core/lib/StringView.h>

namespace halcyon::fs::ustar {

inline constexpr usize kBlockSize = 512;
/// prefix (155) + '/' + name (100).
inline constexpr usize kMaxPathLength = 256;

enum class EntryType : u8 { File, Directory };

struct Entry {
    EntryType type{EntryType::File};
    /// The path with '/' separators, no leading "./" and no trailing '/'.
    char path_buffer[kMaxPathLength + 1]{};
    usize path_length{0};
    /// The permission bits (mode & 07777).
    u32 mode{0};
    /// Seconds since 1970-01-01 UTC.
    u64 modification_time{0};
    /// The file's bytes, inside the archive buffer (empty for a directory).
    ReadonlyBytes data;

    StringView path() const { return {path_buffer, path_length}; }
};

class Reader {
public:
    explicit Reader(ReadonlyBytes archive) : m_archive(archive) {}

    /// Reads the next entry into `entry`: true when there was one, false at the end of the
    /// archive; InvalidImageFormat when the archive is malformed (and on every call after that).
    ErrorOr<bool> next(Entry& entry);

    /// The byte offset of the next header (for error messages).
    usize offset() const { return m_offset; }

private:
    ReadonlyBytes m_archive;
    usize m_offset{0};
    bool m_failed{false};
    bool m_ended{false};
};

/// Splits `path` (an Entry path) at '/' into its components, calling `visit(StringView)` for
/// each; returns false (visiting nothing further) if `visit` does.
template <typename Visit>
bool for_each_component(StringView path, Visit visit) {
    usize start = 0;
    for (usize i = 0; i <= path.length(); ++i) {
        if (i == path.length() || path[i] == '/') {
            if (!visit(path.substring(start, i - start)))
                return false;
            start = i + 1;
        }
    }
    return true;
}

} // namespace halcyon::fs::ustar
