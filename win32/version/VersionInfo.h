#pragma once

// Walking a VS_VERSIONINFO block (the RT_VERSION resource): a tree of nodes, each {WORD length,
// WORD value length, WORD type (1 = text, 0 = binary), NUL-terminated UTF-16 key, padding to a
// DWORD, value, padding, children}. Pure and bounds-checked -- the block comes from a file the
// program names -- and also built for the host tests and the fuzzer.

#include <stddef.h>
#include <stdint.h>

namespace halcyon::win32 {

struct VersionValue {
    const uint8_t* data;
    /// In bytes.
    size_t size;
    /// The node's wValueLength: characters for text values, bytes for binary ones.
    uint16_t length;
    bool is_text;
};

/// Follows `path` ("\" for the root's VS_FIXEDFILEINFO, "\StringFileInfo\040904b0\ProductName",
/// ...; `path_length` UTF-16 units, keys compared ASCII-case-insensitively) from the root node of
/// the `size`-byte block. False when a key is missing or the tree is malformed on the way.
[[nodiscard]] bool query_version_value(const uint8_t* block, size_t size, const uint16_t* path,
                                       size_t path_length, VersionValue& out);

/// The root node's wLength (how much of a buffer the block occupies), or 0 when malformed.
size_t version_block_length(const uint8_t* block, size_t size);

} // namespace halcyon::win32
