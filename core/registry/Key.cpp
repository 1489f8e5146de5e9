#include "core/registry/Key.h"

#include <core/lib/Memory.h>

namespace halcyon::registry {

int compare_names(Span<const u16> a, Span<const u16> b) {
    usize common = a.size() < b.size() ? a.size() : b.size();
    for (usize i = 0; i < common; ++i) {
        u16 x = upcase(a[i]), y = upcase(b[i]);
        if (x != y)
            return x < y ? -1 : 1;
    }
    if (a.size() == b.size())
        return 0;
    return a.size() < b.size() ? -1 : 1;
}

ErrorOr<Name> make_name(Span<const u16> text) {
    Name name;
    TRY(name.ensure_capacity(text.size()));
    for (u16 c : text)
        TRY(name.try_append(c));
    return name;
}

ErrorOr<Name> ascii_name(const char* text) {
    Name name;
    for (; *text; ++text)
        TRY(name.try_append(static_cast<u16>(static_cast<u8>(*text))));
    return name;
}

ErrorOr<RefPtr<Key>> Key::create(Span<const u16> name, bool is_volatile, u64 last_write_time) {
    if (name.size() > kMaxKeyNameCharacters)
        return Error(status::InvalidParameter, "a registry key name is longer than 256 characters");
    for (u16 c : name)
        if (c == '\\')
            return Error(status::ObjectNameInvalid, "a registry key name contains a backslash");
    void* memory = kmalloc(sizeof(Key));
    if (!memory)
        return Error(status::NoMemory, "kernel heap exhausted");
    RefPtr<Key> key(new (memory) Key);
    key->m_name = TRY(make_name(name));
    key->m_volatile = is_volatile;
    key->m_last_write_time = last_write_time;
    return key;
}

Key::~Key() {
    for (auto& child : m_subkeys)
        child->m_parent = nullptr;
}

void Key::destroy_object(Key* key) {
    key->~Key();
    kfree(key);
}

ErrorOr<void> Key::set_class_name(Span<const u16> class_name) {
    if (class_name.size() > kMaxClassCharacters)
        return Error(status::InvalidParameter, "a registry class name is too long");
    m_class = TRY(make_name(class_name));
    return {};
}

usize Key::subkey_slot(Span<const u16> name, bool& found) const {
    usize low = 0, high = m_subkeys.size();
    while (low < high) {
        usize middle = low + (high - low) / 2;
        int order = compare_names(m_subkeys[middle]->name(), name);
        if (order == 0) {
            found = true;
            return middle;
        }
        if (order < 0)
            low = middle + 1;
        else
            high = middle;
    }
    found = false;
    return low;
}

Key* Key::find_subkey(Span<const u16> name) const {
    bool found;
    usize slot = subkey_slot(name, found);
    return found ? m_subkeys[slot].get() : nullptr;
}

usize Key::height() const {
    // Iterative over an explicit stack of (key, level) pairs: parsed trees come from files and
    // must not be able to exhaust the kernel stack.
    struct Frame {
        const Key* key;
        usize level;
    };
    Vector<Frame> stack;
    usize deepest = 0;
    if (stack.try_append({this, 0}).is_error())
        return kMaxDepth + 1; // treat exhaustion as "too deep": the caller refuses
    while (!stack.is_empty()) {
        Frame frame = stack.take_last();
        if (frame.level > deepest)
            deepest = frame.level;
        for (auto& child : frame.key->m_subkeys)
            if (stack.try_append({child.get(), frame.level + 1}).is_error())
                return kMaxDepth + 1;
    }
    return deepest;
}

usize Key::depth() const {
    usize levels = 0;
    for (const Key* key = m_parent; key; key = key->m_parent)
        ++levels;
    return levels;
}

ErrorOr<void> Key::add_subkey(RefPtr<Key> child) {
    if (m_deleted)
        return Error(status::KeyDeleted, "the parent key was deleted");
    if (!child || child->m_parent || child.get() == this)
        return Error(status::InvalidParameter, "the key already has a parent");
    if (m_volatile && !child->m_volatile)
        return Error(status::ChildMustBeVolatile, "a volatile key can only have volatile subkeys");
    if (depth() + 1 + child->height() > kMaxDepth)
        return Error(status::InvalidParameter, "registry keys nest deeper than 512 levels");
    bool found;
    usize slot = subkey_slot(child->name(), found);
    if (found)
        return Error(status::ObjectNameCollision, "a subkey of that name exists");
    child->m_parent = this;
    if (auto inserted = m_subkeys.try_insert(slot, child); inserted.is_error()) {
        child->m_parent = nullptr;
        return inserted;
    }
    return {};
}

ErrorOr<void> Key::remove(u64 now) {
    if (m_deleted)
        return Error(status::KeyDeleted, "the key was already deleted");
    if (!m_parent)
        return Error(status::AccessDenied, "a registry root cannot be deleted");
    if (!m_subkeys.is_empty())
        return Error(status::CannotDelete, "the key has subkeys");
    Key* parent = m_parent;
    bool found;
    usize slot = parent->subkey_slot(name(), found);
    if (!found || parent->m_subkeys[slot].get() != this)
        return Error(status::RegistryCorrupt, "a key is missing from its parent's index");
    m_deleted = true;
    m_parent = nullptr;
    m_values.clear();
    parent->m_last_write_time = now;
    // Last: this may drop the final reference to *this when no handle holds the key.
    parent->m_subkeys.remove(slot);
    return {};
}

usize Key::value_index(Span<const u16> name) const {
    for (usize i = 0; i < m_values.size(); ++i)
        if (compare_names(m_values[i].name.span(), name) == 0)
            return i;
    return m_values.size();
}

const Value* Key::find_value(Span<const u16> name) const {
    usize index = value_index(name);
    return index < m_values.size() ? &m_values[index] : nullptr;
}

ErrorOr<void> Key::set_value(Span<const u16> name, u32 type, Span<const u8> data, u64 now) {
    if (m_deleted)
        return Error(status::KeyDeleted, "the key was deleted");
    if (name.size() > kMaxValueNameCharacters)
        return Error(status::InvalidParameter, "a registry value name is longer than 16383 characters");
    if (data.size() > kMaxValueDataBytes)
        return Error(status::InsufficientResources, "registry value data is larger than Halcyon allows");
    Vector<u8> bytes;
    TRY(bytes.ensure_capacity(data.size()));
    for (u8 b : data)
        TRY(bytes.try_append(b));
    usize index = value_index(name);
    if (index < m_values.size()) {
        m_values[index].type = type;
        m_values[index].data = move(bytes);
    } else {
        Value value;
        value.name = TRY(make_name(name));
        value.type = type;
        value.data = move(bytes);
        TRY(m_values.try_append(move(value)));
    }
    m_last_write_time = now;
    return {};
}

ErrorOr<void> Key::delete_value(Span<const u16> name, u64 now) {
    if (m_deleted)
        return Error(status::KeyDeleted, "the key was deleted");
    usize index = value_index(name);
    if (index >= m_values.size())
        return Error(status::ObjectNameNotFound, "no such registry value");
    m_values.remove(index);
    m_last_write_time = now;
    return {};
}

u32 Key::max_subkey_name_bytes() const {
    usize most = 0;
    for (auto& child : m_subkeys)
        most = child->m_name.size() > most ? child->m_name.size() : most;
    return static_cast<u32>(most * 2);
}

u32 Key::max_subkey_class_bytes() const {
    usize most = 0;
    for (auto& child : m_subkeys)
        most = child->m_class.size() > most ? child->m_class.size() : most;
    return static_cast<u32>(most * 2);
}

u32 Key::max_value_name_bytes() const {
    usize most = 0;
    for (auto& value : m_values)
        most = value.name.size() > most ? value.name.size() : most;
    return static_cast<u32>(most * 2);
}

u32 Key::max_value_data_bytes() const {
    usize most = 0;
    for (auto& value : m_values)
        most = value.data.size() > most ? value.data.size() : most;
    return static_cast<u32>(most);
}

} // namespace halcyon::registry
