// RT_MESSAGETABLE lookup (MessageTable.h).

#include "win32/kernelbase/MessageTable.h"

namespace halcyon::win32 {

namespace {

bool read32(const uint8_t* table, size_t size, size_t offset, uint32_t& value) {
    if (offset > size || size - offset < 4)
        return false;
    value = static_cast<uint32_t>(table[offset]) | (static_cast<uint32_t>(table[offset + 1]) << 8) |
            (static_cast<uint32_t>(table[offset + 2]) << 16) |
            (static_cast<uint32_t>(table[offset + 3]) << 24);
    return true;
}

uint16_t read16(const uint8_t* p) {
    return static_cast<uint16_t>(p[0] | (p[1] << 8));
}

} // namespace

bool find_message(const uint8_t* table, size_t size, uint32_t id, MessageText& out) {
    uint32_t blocks = 0;
    if (!table || !read32(table, size, 0, blocks) || blocks > (size - 4) / 12)
        return false;
    for (uint32_t block = 0; block < blocks; ++block) {
        uint32_t low = 0, high = 0, offset = 0;
        size_t const at = 4 + static_cast<size_t>(block) * 12;
        if (!read32(table, size, at, low) || !read32(table, size, at + 4, high) ||
            !read32(table, size, at + 8, offset))
            return false;
        if (id < low || id > high)
            continue;
        // Entries are variable-sized: walk from the block's first one. The walk is bounded by the
        // table size, since every entry is at least 4 bytes.
        size_t entry = offset;
        for (uint32_t current = low;; ++current) {
            if (entry > size || size - entry < 4)
                return false;
            uint16_t const length = read16(table + entry);
            uint16_t const flags = read16(table + entry + 2);
            if (length < 4 || length > size - entry)
                return false;
            if (current == id) {
                out.bytes = table + entry + 4;
                out.size = length - 4u;
                out.unicode = flags & 1;
                if (out.unicode) {
                    out.size &= ~static_cast<size_t>(1);
                    while (out.size >= 2 && out.bytes[out.size - 1] == 0 && out.bytes[out.size - 2] == 0)
                        out.size -= 2;
                } else {
                    while (out.size > 0 && out.bytes[out.size - 1] == 0)
                        --out.size;
                }
                return true;
            }
            entry += length;
        }
    }
    return false;
}

} // namespace halcyon::win32
