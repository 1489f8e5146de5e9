// The registry hive-file parser (core/registry/HiveFile.h) and the key tree it builds.
//
// The first input byte chooses a mode; the rest is the file. In "repair" mode (odd first byte)
// the harness rewrites the header's payload size and checksum to match the bytes, so the fuzzer
// can explore the record structure behind the checksum instead of stopping at it.
//
// Invariants checked on every input that parses:
//   - serialising the tree and parsing the result succeeds, and serialising that again gives the
//     same bytes (the format has exactly one spelling per tree);
//   - subkeys are in strictly increasing name order (no duplicates) and every subkey's parent is
//     the key that holds it;
//   - a parse failure is RegistryCorrupt or NoMemory, never anything else.

#include "core/registry/HiveFile.h"

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

using namespace halcyon;
using namespace halcyon::registry;

namespace {

void check_tree(const Key& root) {
    std::vector<const Key*> stack{&root};
    while (!stack.empty()) {
        const Key* key = stack.back();
        stack.pop_back();
        for (usize i = 0; i < key->subkey_count(); ++i) {
            const Key& child = key->subkey_at(i);
            if (child.parent() != key)
                abort();
            if (i > 0 && compare_names(key->subkey_at(i - 1).name(), child.name()) >= 0)
                abort();
            stack.push_back(&child);
        }
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 1)
        return 0;
    bool repair = data[0] & 1;
    std::vector<u8> file(data + 1, data + size);
    if (repair && file.size() >= kHeaderSize) {
        u64 payload = file.size() - kHeaderSize;
        u32 crc = crc32(Span<const u8>(file.data() + kHeaderSize, payload));
        std::memcpy(&file[16], &payload, 8);
        std::memcpy(&file[24], &crc, 4);
    }
    auto parsed = parse_hive(Span<const u8>(file.data(), file.size()));
    if (parsed.is_error()) {
        NtStatus status = parsed.error().status();
        if (status != halcyon::status::RegistryCorrupt && status != halcyon::status::NoMemory)
            abort();
        return 0;
    }
    check_tree(*parsed.value());
    auto first = serialize_hive(*parsed.value());
    if (first.is_error())
        return 0;
    auto reparsed = parse_hive(first.value().span());
    if (reparsed.is_error())
        abort();
    check_tree(*reparsed.value());
    auto second = serialize_hive(*reparsed.value());
    if (second.is_error())
        return 0;
    if (second.value().size() != first.value().size() ||
        std::memcmp(second.value().data(), first.value().data(), first.value().size()) != 0)
        abort();
    return 0;
}
