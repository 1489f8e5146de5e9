#pragma once

// Looking a message up in an RT_MESSAGETABLE resource (MESSAGE_RESOURCE_DATA): a count of blocks,
// each {low id, high id, offset of its first entry}, and entries {WORD length in bytes including
// this header, WORD flags (1 = UTF-16, else ANSI), text}. Pure and bounds-checked (the resource is
// the program's, so it may be hostile); also builds for the host tests and the fuzzer.

#include <stddef.h>
#include <stdint.h>

namespace halcyon::win32 {

struct MessageText {
    const uint8_t* bytes;
    /// Bytes of text, trailing NULs removed.
    size_t size;
    bool unicode;
};

/// Finds message `id` in the `size`-byte table at `table`. False when it is not there or the
/// table is malformed on the way to it.
[[nodiscard]] bool find_message(const uint8_t* table, size_t size, uint32_t id, MessageText& out);

} // namespace halcyon::win32
