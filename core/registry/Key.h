#pragma once

// The registry's key tree: keys with case-insensitive UTF-16 names, typed values held as bytes,
// last-write times and the NT rules on names and deletion. The tree knows nothing of handles,
// system calls or files: core/syscall/services/Registry.cpp puts handles on it and
// core/registry/HiveFile.h stores it.
//
// Enumeration order is stable and follows Windows: subkeys in the order of their upper-cased
// names (the order of a hive's subkey index), values in the order they were first created.
//
// Keys are reference counted. A parent holds its subkeys; a handle holds its key. A deleted key
// is detached from its parent and marked deleted, and every further operation on it through a
// handle that is still open fails with STATUS_KEY_DELETED, as on NT.
//
// Not thread-safe by itself: the kernel's registry (Registry.h) serialises every use.

#include <core/lib/ErrorOr.h>
#include <core/lib/RefPtr.h>
#include <core/lib/Span.h>
#include <core/lib/Vector.h>

namespace halcyon::registry {

/// The registry value types (REG_*), [MS-RRP] 3.1.1.5. Other numbers are legal too: the type is
/// stored and returned as given, as NT does.
namespace value_type {
constexpr u32 None = 0;
constexpr u32 Sz = 1;
constexpr u32 ExpandSz = 2;
constexpr u32 Binary = 3;
constexpr u32 Dword = 4;
constexpr u32 DwordBigEndian = 5;
constexpr u32 Link = 6;
constexpr u32 MultiSz = 7;
constexpr u32 ResourceList = 8;
constexpr u32 FullResourceDescriptor = 9;
constexpr u32 ResourceRequirementsList = 10;
constexpr u32 Qword = 11;
} // namespace value_type

/// NT's limits ("Registry element size limits" in the Windows documentation).
/// A key name component. The documented limit is 255 characters; Wine (the conformance oracle)
/// accepts 256 and refuses 257, and so does Halcyon.
constexpr usize kMaxKeyNameCharacters = 256;
/// A value name: 16,383 characters.
constexpr usize kMaxValueNameCharacters = 16383;
/// A class name (NT stores it in a UNICODE_STRING, so it has the same bound as any such string).
constexpr usize kMaxClassCharacters = 32767;
/// Keys may nest 512 levels deep.
constexpr usize kMaxDepth = 512;
/// NT bounds a value by "available memory"; Halcyon bounds it so one guest cannot exhaust the
/// kernel heap with a single call.
constexpr usize kMaxValueDataBytes = 4 * 1024 * 1024;

/// A UTF-16 name owned by the tree.
using Name = Vector<u16>;

/// Upper-cases one UTF-16 unit for name comparison. FIXME: covers ASCII and Latin-1 only; NT
/// uses the full Unicode upper-case table (RtlUpcaseUnicodeChar).
constexpr u16 upcase(u16 c) {
    if (c >= 'a' && c <= 'z')
        return static_cast<u16>(c - 0x20);
    if (c >= 0xE0 && c <= 0xFE && c != 0xF7)
        return static_cast<u16>(c - 0x20);
    if (c == 0xFF)
        return 0x178;
    return c;
}

/// Compares two names as the registry orders them: by upper-cased UTF-16 units. <0, 0, >0.
int compare_names(Span<const u16> a, Span<const u16> b);

struct Value {
    Name name;
    u32 type{value_type::None};
    Vector<u8> data;
};

class Key : public RefCounted<Key> {
public:
    /// Creates a key that belongs to no parent yet (a root, or one being built by a parser).
    static ErrorOr<RefPtr<Key>> create(Span<const u16> name, bool is_volatile, u64 last_write_time);
    static void destroy_object(Key* key);

    Span<const u16> name() const { return m_name.span(); }
    Key* parent() const { return m_parent; }
    bool is_volatile() const { return m_volatile; }
    bool is_deleted() const { return m_deleted; }
    /// The last write time as a FILETIME (100 ns units since 1601).
    u64 last_write_time() const { return m_last_write_time; }
    void set_last_write_time(u64 time) { m_last_write_time = time; }
    Span<const u16> class_name() const { return m_class.span(); }
    ErrorOr<void> set_class_name(Span<const u16> class_name);

    usize subkey_count() const { return m_subkeys.size(); }
    Key& subkey_at(usize index) const { return *m_subkeys[index]; }
    usize value_count() const { return m_values.size(); }
    const Value& value_at(usize index) const { return m_values[index]; }

    /// The subkey with this name (compared case-insensitively), or null.
    Key* find_subkey(Span<const u16> name) const;
    /// Adds `child` (which must have no parent) under this key. A name already present is
    /// ObjectNameCollision; a non-volatile child under a volatile key is ChildMustBeVolatile;
    /// a deleted parent is KeyDeleted; a tree deeper than kMaxDepth is InvalidParameter.
    ErrorOr<void> add_subkey(RefPtr<Key> child);
    /// Detaches this key from its parent and marks it deleted. A key with subkeys is
    /// CannotDelete; a root (no parent) is AccessDenied; a deleted key is KeyDeleted.
    ErrorOr<void> remove(u64 now);

    /// The value with this name (case-insensitively; the empty name is the default value).
    const Value* find_value(Span<const u16> name) const;
    /// Creates or replaces a value (a replaced value keeps its place in the enumeration order).
    ErrorOr<void> set_value(Span<const u16> name, u32 type, Span<const u8> data, u64 now);
    /// ObjectNameNotFound when there is no such value.
    ErrorOr<void> delete_value(Span<const u16> name, u64 now);

    /// The longest subkey name, class name, value name (in bytes) and value data (in bytes), as
    /// KEY_FULL_INFORMATION reports them.
    u32 max_subkey_name_bytes() const;
    u32 max_subkey_class_bytes() const;
    u32 max_value_name_bytes() const;
    u32 max_value_data_bytes() const;

    /// How many levels lie below this key (0 for a leaf): the depth check of add_subkey.
    usize height() const;
    usize depth() const;

private:
    Key() = default;
    /// Detaches the subkeys it still holds, so a subkey kept alive by a handle never points at a
    /// freed parent.
    ~Key();
    /// The index at which a subkey named `name` is or would be inserted; `found` says which.
    usize subkey_slot(Span<const u16> name, bool& found) const;
    usize value_index(Span<const u16> name) const;

    Name m_name;
    Name m_class;
    /// Not a reference: the parent owns this key while it is attached.
    Key* m_parent{nullptr};
    Vector<RefPtr<Key>> m_subkeys; // sorted by compare_names
    Vector<Value> m_values;        // in creation order
    u64 m_last_write_time{0};
    bool m_volatile{false};
    bool m_deleted{false};
};

/// Copies a span into a fresh Name.
ErrorOr<Name> make_name(Span<const u16> text);
/// The UTF-16 form of an ASCII string (for built-in names such as the defaults).
ErrorOr<Name> ascii_name(const char* text);

} // namespace halcyon::registry
