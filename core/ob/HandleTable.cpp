#include <core/ob/HandleTable.h>

namespace halcyon::ob {

HandleTable::HandleTable(u32 max_handles) : m_max_handles(max_handles) {}

HandleTable::~HandleTable() { close_all(); }

u32 HandleTable::index_for_handle(u64 handle) const {
    // The low two bits are tag bits the application may set; NT ignores them.
    u64 slot = handle >> 2;
    if (slot == 0 || slot > m_max_handles)
        return kNoFreeSlot;
    return static_cast<u32>(slot - 1);
}

HandleTable::Entry* HandleTable::entry_for_handle(u64 handle) {
    u32 index = index_for_handle(handle);
    if (index == kNoFreeSlot || index >= m_entries.size() || !m_entries[index].object)
        return nullptr;
    return &m_entries[index];
}

const HandleTable::Entry* HandleTable::entry_for_handle(u64 handle) const {
    return const_cast<HandleTable*>(this)->entry_for_handle(handle);
}

ErrorOr<u64> HandleTable::insert(RefPtr<Object> object, u32 granted_access, u32 attributes) {
    if (!object)
        return Error(status::InvalidParameter, "cannot insert a null object into a handle table");
    if (attributes & ~handle_attribute::ValidMask)
        return Error(status::InvalidParameter, "unknown handle attribute bits");

    LockGuard guard(m_lock);
    u32 index;
    if (m_first_free != kNoFreeSlot) {
        index = m_first_free;
        m_first_free = m_entries[index].next_free;
    } else {
        if (m_entries.size() >= m_max_handles)
            return Error(status::InsufficientResources, "handle table is full");
        // FIXME: growing allocates from the kernel heap under a spinlock; fine while kmalloc
        // never sleeps, but a paged, two-level table (as NT has) would avoid large copies too.
        TRY(m_entries.try_append(Entry{}));
        index = static_cast<u32>(m_entries.size() - 1);
    }
    Entry& entry = m_entries[index];
    entry.object = move(object);
    entry.granted_access = granted_access;
    entry.attributes = attributes;
    entry.next_free = kNoFreeSlot;
    ++m_count;
    return handle_for_index(index);
}

ErrorOr<RefPtr<Object>> HandleTable::lookup(u64 handle, ObjectType required_type) const {
    return lookup_with_access(handle, required_type, 0);
}

ErrorOr<RefPtr<Object>> HandleTable::lookup_with_access(u64 handle, ObjectType required_type,
                                                        u32 desired_access) const {
    LockGuard guard(m_lock);
    const Entry* entry = entry_for_handle(handle);
    if (!entry)
        return Error(status::InvalidHandle, "no such handle");
    if (required_type != ObjectType::Any && entry->object->type() != required_type)
        return Error(status::ObjectTypeMismatch, "handle refers to an object of another type");
    if ((entry->granted_access & desired_access) != desired_access)
        return Error(status::AccessDenied, "handle was not granted the requested access");
    return entry->object;
}

ErrorOr<HandleInfo> HandleTable::query(u64 handle) const {
    LockGuard guard(m_lock);
    const Entry* entry = entry_for_handle(handle);
    if (!entry)
        return Error(status::InvalidHandle, "no such handle");
    return HandleInfo{entry->object, entry->granted_access, entry->attributes};
}

ErrorOr<void> HandleTable::close(u64 handle) {
    RefPtr<Object> released;
    {
        LockGuard guard(m_lock);
        Entry* entry = entry_for_handle(handle);
        if (!entry)
            return Error(status::InvalidHandle, "no such handle");
        if (entry->attributes & handle_attribute::ProtectFromClose)
            return Error(kStatusHandleNotClosable, "handle is protected from close");
        u32 index = index_for_handle(handle);
        released = move(entry->object);
        entry->granted_access = 0;
        entry->attributes = 0;
        entry->next_free = m_first_free;
        m_first_free = index;
        --m_count;
    }
    // `released` drops the reference here, outside the lock.
    return {};
}

ErrorOr<void> HandleTable::set_attributes(u64 handle, u32 mask, u32 value) {
    if ((mask | value) & ~handle_attribute::ValidMask)
        return Error(status::InvalidParameter, "unknown handle attribute bits");
    LockGuard guard(m_lock);
    Entry* entry = entry_for_handle(handle);
    if (!entry)
        return Error(status::InvalidHandle, "no such handle");
    entry->attributes = (entry->attributes & ~mask) | (value & mask);
    return {};
}

void HandleTable::close_all() {
    Vector<Entry> released;
    {
        LockGuard guard(m_lock);
        released = move(m_entries);
        m_first_free = kNoFreeSlot;
        m_count = 0;
    }
    // Destroying `released` drops every reference, outside the lock.
}

ErrorOr<void> HandleTable::copy_inheritable_into(HandleTable& child) const {
    if (&child == this)
        return Error(status::InvalidParameter, "a table cannot inherit from itself");
    // Lock order: parent before child. A child being populated is not yet reachable by anyone
    // else, so no other path takes these two locks in the opposite order.
    LockGuard parent_guard(m_lock);
    LockGuard child_guard(child.m_lock);
    if (child.m_count != 0 || !child.m_entries.is_empty())
        return Error(status::InvalidParameter, "the inheriting handle table must be empty");

    usize used = 0;
    for (usize i = 0; i < m_entries.size(); ++i) {
        if (m_entries[i].object && (m_entries[i].attributes & handle_attribute::Inherit))
            used = i + 1;
    }
    if (used > child.m_max_handles)
        return Error(status::InsufficientResources, "child handle table is too small");
    TRY(child.m_entries.ensure_capacity(used));
    usize count = 0;
    for (usize i = 0; i < used; ++i) {
        Entry copy;
        const Entry& source = m_entries[i];
        if (source.object && (source.attributes & handle_attribute::Inherit)) {
            copy.object = source.object;
            copy.granted_access = source.granted_access;
            copy.attributes = source.attributes;
            copy.next_free = kNoFreeSlot;
            ++count;
        }
        // Cannot fail: the capacity was reserved above.
        (void)child.m_entries.try_append(move(copy));
    }
    // Chain the holes so that the lowest free handle is handed out first.
    child.m_first_free = kNoFreeSlot;
    for (usize i = used; i > 0; --i) {
        Entry& entry = child.m_entries[i - 1];
        if (!entry.object) {
            entry.next_free = child.m_first_free;
            child.m_first_free = static_cast<u32>(i - 1);
        }
    }
    child.m_count = count;
    return {};
}

usize HandleTable::count() const {
    LockGuard guard(m_lock);
    return m_count;
}

ErrorOr<void> HandleTable::check_consistency() const {
    LockGuard guard(m_lock);
    usize used = 0;
    for (usize i = 0; i < m_entries.size(); ++i) {
        const Object* object = m_entries[i].object.get();
        if (!object)
            continue;
        ++used;
        u32 naming = 0;
        for (usize j = 0; j < m_entries.size(); ++j)
            naming += m_entries[j].object.get() == object;
        if (object->ref_count() < naming)
            return Error(status::Unsuccessful, "an object's reference count is below its handle count");
    }
    if (used != m_count)
        return Error(status::Unsuccessful, "the handle count does not match the used slots");
    usize free_seen = 0;
    for (u32 slot = m_first_free; slot != kNoFreeSlot; slot = m_entries[slot].next_free) {
        if (slot >= m_entries.size() || m_entries[slot].object || ++free_seen > m_entries.size())
            return Error(status::Unsuccessful, "the free chain is broken");
    }
    if (free_seen + used != m_entries.size())
        return Error(status::Unsuccessful, "the free chain misses free slots");
    return {};
}

} // namespace halcyon::ob
