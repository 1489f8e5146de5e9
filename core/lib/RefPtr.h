#pragma once

#include "Utility.h"

namespace halcyon {

/// Intrusive reference counting. T provides ref() and unref(); unref() frees at zero.
template <typename T>
class RefPtr {
public:
    RefPtr() = default;
    RefPtr(decltype(nullptr)) {}
    /// Adopts a new reference (ref() is called).
    explicit RefPtr(T* object) : m_object(object) {
        if (m_object)
            m_object->ref();
    }
    RefPtr(const RefPtr& other) : RefPtr(other.m_object) {}
    RefPtr(RefPtr&& other) : m_object(exchange(other.m_object, nullptr)) {}
    template <typename U>
    RefPtr(RefPtr<U>&& other) : m_object(other.leak()) {}
    template <typename U>
    RefPtr(const RefPtr<U>& other) : RefPtr(other.get()) {}
    RefPtr& operator=(const RefPtr& other) {
        RefPtr copy(other);
        swap(m_object, copy.m_object);
        return *this;
    }
    RefPtr& operator=(RefPtr&& other) {
        RefPtr moved(move(other));
        swap(m_object, moved.m_object);
        return *this;
    }
    ~RefPtr() {
        if (m_object)
            m_object->unref();
    }

    /// Takes over an existing reference without calling ref().
    static RefPtr adopt(T* object) {
        RefPtr ptr;
        ptr.m_object = object;
        return ptr;
    }
    /// Gives up ownership of the reference without calling unref().
    T* leak() { return exchange(m_object, nullptr); }

    T* get() const { return m_object; }
    T* operator->() const { return m_object; }
    T& operator*() const { return *m_object; }
    explicit operator bool() const { return m_object != nullptr; }
    bool operator==(const RefPtr& other) const { return m_object == other.m_object; }

private:
    T* m_object{nullptr};
};

/// A base giving T an atomic reference count; the last unref() calls the virtual-free destroy hook.
template <typename T>
class RefCounted {
public:
    void ref() { __atomic_add_fetch(&m_ref_count, 1, __ATOMIC_RELAXED); }
    void unref() {
        if (__atomic_sub_fetch(&m_ref_count, 1, __ATOMIC_ACQ_REL) == 0)
            T::destroy_object(static_cast<T*>(this));
    }
    u32 ref_count() const { return __atomic_load_n(&m_ref_count, __ATOMIC_RELAXED); }

protected:
    RefCounted() = default;
    ~RefCounted() = default;

private:
    u32 m_ref_count{0};
};

} // namespace halcyon
