#pragma once

// A handle's view of a registry key: the kernel object (type Key) that a key handle names. It
// holds the key, so a key deleted while the handle is open stays readable as "deleted"
// (STATUS_KEY_DELETED) until the handle is closed.

#include <core/ob/Object.h>
#include <core/registry/Key.h>

namespace halcyon::registry {

class KeyObject final : public ob::Object {
public:
    static constexpr ob::ObjectType kType = ob::ObjectType::Key;
    explicit KeyObject(RefPtr<Key> key) : Object(kType), m_key(move(key)) {}

    Key& key() const { return *m_key; }

private:
    RefPtr<Key> m_key;
};

} // namespace halcyon::registry
