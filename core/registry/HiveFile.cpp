#include "core/registry/HiveFile.h"

namespace halcyon::registry {

namespace {

constexpr u8 kMagic[8] = {'H', 'A', 'L', 'C', 'Y', 'R', 'E', 'G'};
constexpr usize kKeyRecordFixed = 24;
constexpr usize kValueRecordFixed = 12;

Error corrupt(const char* why) {
    return Error(status::RegistryCorrupt, why);
}

class Writer {
public:
    ErrorOr<void> u8s(Span<const u8> bytes) {
        TRY(m_bytes.ensure_capacity(m_bytes.size() + bytes.size()));
        for (u8 b : bytes)
            TRY(m_bytes.try_append(b));
        return {};
    }
    ErrorOr<void> le(u64 value, usize size) {
        for (usize i = 0; i < size; ++i)
            TRY(m_bytes.try_append(static_cast<u8>(value >> (8 * i))));
        return {};
    }
    ErrorOr<void> name(Span<const u16> text) {
        for (u16 c : text)
            TRY(le(c, 2));
        return {};
    }
    Vector<u8>& bytes() { return m_bytes; }

private:
    Vector<u8> m_bytes;
};

class Reader {
public:
    explicit Reader(Span<const u8> bytes) : m_bytes(bytes) {}
    bool has(usize count) const { return m_bytes.contains_range(m_offset, count); }
    usize remaining() const { return m_bytes.size() - m_offset; }
    /// Reads a little-endian integer of `size` bytes; the caller has checked has(size).
    u64 le(usize size) {
        u64 value = 0;
        for (usize i = 0; i < size; ++i)
            value |= static_cast<u64>(m_bytes[m_offset + i]) << (8 * i);
        m_offset += size;
        return value;
    }
    ErrorOr<Name> name(usize characters) {
        if (!has(characters * 2))
            return corrupt("a name runs past the end of the registry file");
        Name text;
        TRY(text.ensure_capacity(characters));
        for (usize i = 0; i < characters; ++i)
            TRY(text.try_append(static_cast<u16>(le(2))));
        return text;
    }
    Span<const u8> take(usize count) {
        Span<const u8> slice = m_bytes.slice(m_offset, count);
        m_offset += count;
        return slice;
    }

private:
    Span<const u8> m_bytes;
    usize m_offset{0};
};

ErrorOr<void> write_key(Writer& out, const Key& key, u32 subkeys_written) {
    TRY(out.le(key.name().size(), 2));
    TRY(out.le(key.class_name().size(), 2));
    TRY(out.le(0, 4));
    TRY(out.le(key.last_write_time(), 8));
    TRY(out.le(key.value_count(), 4));
    TRY(out.le(subkeys_written, 4));
    TRY(out.name(key.name()));
    TRY(out.name(key.class_name()));
    for (usize i = 0; i < key.value_count(); ++i) {
        const Value& value = key.value_at(i);
        TRY(out.le(value.name.size(), 2));
        TRY(out.le(0, 2));
        TRY(out.le(value.type, 4));
        TRY(out.le(value.data.size(), 4));
        TRY(out.name(value.name.span()));
        TRY(out.u8s(value.data.span()));
    }
    return {};
}

u32 persistent_subkeys(const Key& key) {
    u32 count = 0;
    for (usize i = 0; i < key.subkey_count(); ++i)
        count += !key.subkey_at(i).is_volatile();
    return count;
}

} // namespace

u32 crc32(Span<const u8> bytes) {
    u32 crc = 0xFFFFFFFFu;
    for (u8 b : bytes) {
        crc ^= b;
        for (int bit = 0; bit < 8; ++bit)
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1)));
    }
    return ~crc;
}

ErrorOr<Vector<u8>> serialize_hive(const Key& root) {
    Writer out;
    for (u8 b : kMagic)
        TRY(out.le(b, 1));
    TRY(out.le(kFormatVersion, 4));
    TRY(out.le(kHeaderSize, 4));
    TRY(out.le(0, 8)); // payload size, patched below
    TRY(out.le(0, 4)); // checksum, patched below
    TRY(out.le(0, 4)); // key count, patched below

    // Pre-order walk over an explicit stack (the tree may be 512 levels deep). Children are
    // pushed in reverse so they come out, and are written, in enumeration order.
    Vector<const Key*> stack;
    TRY(stack.try_append(&root));
    u64 keys = 0;
    while (!stack.is_empty()) {
        const Key* key = stack.take_last();
        TRY(write_key(out, *key, persistent_subkeys(*key)));
        ++keys;
        for (usize i = key->subkey_count(); i-- > 0;)
            if (!key->subkey_at(i).is_volatile())
                TRY(stack.try_append(&key->subkey_at(i)));
    }
    if (keys > 0xFFFFFFFFu)
        return Error(status::InsufficientResources, "too many registry keys for the file format");

    Vector<u8>& bytes = out.bytes();
    u64 payload = bytes.size() - kHeaderSize;
    u32 checksum = crc32(bytes.span().slice(kHeaderSize));
    for (usize i = 0; i < 8; ++i)
        bytes[16 + i] = static_cast<u8>(payload >> (8 * i));
    for (usize i = 0; i < 4; ++i) {
        bytes[24 + i] = static_cast<u8>(checksum >> (8 * i));
        bytes[28 + i] = static_cast<u8>(keys >> (8 * i));
    }
    return move(bytes);
}

ErrorOr<RefPtr<Key>> parse_hive(Span<const u8> bytes) {
    Reader header(bytes);
    if (!header.has(kHeaderSize))
        return corrupt("the registry file is shorter than its header");
    for (u8 b : kMagic)
        if (header.le(1) != b)
            return corrupt("the registry file does not start with HALCYREG");
    u32 version = static_cast<u32>(header.le(4));
    if (version != kFormatVersion)
        return corrupt("the registry file has an unsupported format version");
    if (header.le(4) != kHeaderSize)
        return corrupt("the registry file's header size is wrong");
    u64 payload_size = header.le(8);
    u32 checksum = static_cast<u32>(header.le(4));
    u64 key_count = header.le(4);
    if (payload_size != bytes.size() - kHeaderSize)
        return corrupt("the registry file's payload size does not match the file size");
    Span<const u8> payload = bytes.slice(kHeaderSize);
    if (crc32(payload) != checksum)
        return corrupt("the registry file's checksum does not match");
    // Each record needs at least kKeyRecordFixed bytes: a bound before allocating anything.
    if (key_count == 0 || key_count > payload.size() / kKeyRecordFixed)
        return corrupt("the registry file's key count is impossible");

    Reader in(payload);
    struct Pending {
        Key* key;
        u32 children_left;
    };
    Vector<Pending> stack;
    RefPtr<Key> root;
    u64 keys_read = 0;
    while (keys_read < key_count) {
        if (!in.has(kKeyRecordFixed))
            return corrupt("a key record runs past the end of the registry file");
        usize name_length = static_cast<usize>(in.le(2));
        usize class_length = static_cast<usize>(in.le(2));
        u32 flags = static_cast<u32>(in.le(4));
        u64 last_write = in.le(8);
        u64 value_count = in.le(4);
        u64 subkey_count = in.le(4);
        if (flags != 0)
            return corrupt("a key record has unknown flags");
        if (name_length > kMaxKeyNameCharacters)
            return corrupt("a key name is longer than 256 characters");
        if (!root && name_length != 0)
            return corrupt("the root key record has a name");
        if (root && name_length == 0)
            return corrupt("a key other than the root has an empty name");
        if (value_count > in.remaining() / kValueRecordFixed)
            return corrupt("a key's value count is impossible");
        if (subkey_count > key_count - keys_read - 1)
            return corrupt("a key's subkey count exceeds the file's key count");
        Name name = TRY(in.name(name_length));
        Name class_name = TRY(in.name(class_length));
        auto created = Key::create(name.span(), false, last_write);
        if (created.is_error())
            return corrupt(created.error().status() == status::NoMemory
                               ? "out of memory reading the registry file"
                               : "a key name breaks the registry's rules");
        RefPtr<Key> key = created.release_value();
        TRY(key->set_class_name(class_name.span()));
        for (u64 v = 0; v < value_count; ++v) {
            if (!in.has(kValueRecordFixed))
                return corrupt("a value record runs past the end of the registry file");
            usize value_name_length = static_cast<usize>(in.le(2));
            u64 reserved = in.le(2);
            u32 type = static_cast<u32>(in.le(4));
            u64 data_size = in.le(4);
            if (reserved != 0)
                return corrupt("a value record's reserved field is not zero");
            if (value_name_length > kMaxValueNameCharacters)
                return corrupt("a value name is longer than 16383 characters");
            if (data_size > kMaxValueDataBytes)
                return corrupt("a value is larger than Halcyon allows");
            Name value_name = TRY(in.name(value_name_length));
            if (!in.has(data_size))
                return corrupt("a value's data runs past the end of the registry file");
            // FIXME: value lookup is linear, so a key with n values loads in O(n^2); fine for the
            // sizes real registries have, a name index would bound it for hostile files.
            if (key->find_value(value_name.span()))
                return corrupt("a key has two values of the same name");
            TRY(key->set_value(value_name.span(), type, in.take(data_size), last_write));
        }
        // set_value stamps the time; the record's own time wins.
        key->set_last_write_time(last_write);
        ++keys_read;

        if (!root) {
            root = key;
        } else {
            // Attach to the nearest ancestor that still expects children.
            while (!stack.is_empty() && stack.last().children_left == 0)
                (void)stack.take_last();
            if (stack.is_empty())
                return corrupt("a key record belongs to no parent");
            Pending& parent = stack.last();
            --parent.children_left;
            auto added = parent.key->add_subkey(key);
            if (added.is_error()) {
                if (added.error().status() == status::ObjectNameCollision)
                    return corrupt("a key has two subkeys of the same name");
                if (added.error().status() == status::NoMemory)
                    return added.release_error();
                return corrupt("the registry file's keys nest deeper than 512 levels");
            }
        }
        if (subkey_count > 0)
            TRY(stack.try_append({key.get(), static_cast<u32>(subkey_count)}));
    }
    for (auto& pending : stack)
        if (pending.children_left != 0)
            return corrupt("a key has fewer subkey records than it announces");
    if (in.remaining() != 0)
        return corrupt("bytes trail the last key record of the registry file");
    return root;
}

} // namespace halcyon::registry
