// VS_VERSIONINFO tree walk (VersionInfo.h).

#include "win32/version/VersionInfo.h"

namespace halcyon::win32 {

namespace {

uint16_t read16(const uint8_t* p) {
    return static_cast<uint16_t>(p[0] | (p[1] << 8));
}
size_t align4(size_t offset) {
    return (offset + 3) & ~size_t{3};
}

uint16_t ascii_upper(uint16_t c) {
    return (c >= 'a' && c <= 'z') ? static_cast<uint16_t>(c - 32) : c;
}

struct Node {
    size_t start;
    size_t end; // start + wLength, within the parent
    size_t key; // offset of the key
    size_t key_units;
    size_t value;
    size_t value_bytes;
    uint16_t value_length;
    bool is_text;
    size_t children;
};

/// Parses the node at `start`, which must end by `limit`.
bool parse_node(const uint8_t* block, size_t start, size_t limit, Node& node) {
    if (start > limit || limit - start < 6)
        return false;
    uint16_t const length = read16(block + start);
    if (length < 6 || length > limit - start)
        return false;
    node.start = start;
    node.end = start + length;
    node.value_length = read16(block + start + 2);
    node.is_text = read16(block + start + 4) == 1;
    node.key = start + 6;
    size_t p = node.key;
    while (true) {
        if (p + 2 > node.end)
            return false;
        if (read16(block + p) == 0)
            break;
        p += 2;
    }
    node.key_units = (p - node.key) / 2;
    node.value = align4(p + 2);
    node.value_bytes = node.is_text ? static_cast<size_t>(node.value_length) * 2 : node.value_length;
    if (node.value > node.end || node.value_bytes > node.end - node.value) {
        // Some compilers write a value length past the node for empty strings; treat as empty.
        if (node.value > node.end)
            node.value = node.end;
        node.value_bytes = 0;
        node.value_length = 0;
    }
    node.children = align4(node.value + node.value_bytes);
    return true;
}

bool key_matches(const uint8_t* block, const Node& node, const uint16_t* name, size_t name_length) {
    if (node.key_units != name_length)
        return false;
    for (size_t i = 0; i < name_length; ++i) {
        if (ascii_upper(read16(block + node.key + 2 * i)) != ascii_upper(name[i]))
            return false;
    }
    return true;
}

} // namespace

size_t version_block_length(const uint8_t* block, size_t size) {
    Node root{};
    if (!block || !parse_node(block, 0, size, root))
        return 0;
    return root.end;
}

bool query_version_value(const uint8_t* block, size_t size, const uint16_t* path, size_t path_length,
                         VersionValue& out) {
    Node node{};
    if (!block || !parse_node(block, 0, size, node))
        return false;
    size_t i = 0;
    while (i < path_length) {
        while (i < path_length && path[i] == '\\')
            ++i;
        if (i >= path_length)
            break;
        size_t component_end = i;
        while (component_end < path_length && path[component_end] != '\\')
            ++component_end;
        // Children: each node advances by at least 6 bytes, so the scan ends.
        bool found = false;
        for (size_t child = node.children; child + 6 <= node.end;) {
            Node candidate{};
            if (!parse_node(block, child, node.end, candidate))
                return false;
            if (key_matches(block, candidate, path + i, component_end - i)) {
                node = candidate;
                found = true;
                break;
            }
            child = align4(candidate.end);
        }
        if (!found)
            return false;
        i = component_end;
    }
    out.data = block + node.value;
    out.size = node.value_bytes;
    out.length = node.value_length;
    out.is_text = node.is_text;
    return true;
}

} // namespace halcyon::win32
