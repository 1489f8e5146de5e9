#pragma once

// The base of every kernel object a handle can name (files, processes, threads, events,
// sections, ...). Objects are reference counted: each handle holds one reference, and kernel code
// that works on an object holds a RefPtr for as long as it uses it, so closing a handle while a
// service is running on the object is safe.
//
// Objects are allocated on the kernel heap with make_object<T>(...). The last unref() runs the
// virtual destructor and returns the memory with kfree (Object's class-scope operator delete).
//
// Every virtual member is defined in this header on purpose: with no out-of-line "key function"
// the vtable and type info are emitted wherever they are used, so code built with RTTI (unit
// tests) can derive from Object even though the kernel itself is built with -fno-rtti.

#include <core/lib/ErrorOr.h>
#include <core/lib/Memory.h>
#include <core/lib/RefPtr.h>
#include <core/ob/ObjectType.h>

namespace halcyon::ob {

class Object;
struct NamespaceDirectory;
/// Removes a named object's name from the object namespace (Namespace.cpp).
void forget_name(Object& object);

class Object : public RefCounted<Object> {
public:
    Object(const Object&) = delete;
    Object& operator=(const Object&) = delete;
    virtual ~Object() {
        if (m_name_directory)
            forget_name(*this);
        __atomic_sub_fetch(&s_live_count, 1, __ATOMIC_RELAXED);
    }

    /// Called by RefCounted when the last reference goes away.
    static void destroy_object(Object* object) { delete object; }
    /// Objects live on the kernel heap; make_object allocates them with kmalloc.
    static void operator delete(void* memory) { kfree(memory); }

    ObjectType type() const { return m_type; }
    /// Objects currently alive, kernel-wide: teardown tests and fuzzers check it returns to its
    /// starting value.
    static usize live_count() { return __atomic_load_n(&s_live_count, __ATOMIC_RELAXED); }
    /// The NT type name, for tracing and NtQueryObject.
    const char* type_name() const { return object_type_name(m_type); }
    /// True while the object has a name in the object namespace (Namespace.h).
    bool is_named() const { return m_name_directory != nullptr; }
    /// The namespace directory holding the object's name; only Namespace.cpp uses it.
    NamespaceDirectory* name_directory() const { return m_name_directory; }
    void set_name_directory(NamespaceDirectory* directory) { m_name_directory = directory; }

protected:
    explicit Object(ObjectType type) : m_type(type) { __atomic_add_fetch(&s_live_count, 1, __ATOMIC_RELAXED); }

private:
    static inline usize s_live_count = 0;
    const ObjectType m_type;
    NamespaceDirectory* m_name_directory{nullptr};
};

/// Allocates a T (a subclass of Object) on the kernel heap and returns the first reference.
template <typename T, typename... Args>
ErrorOr<RefPtr<T>> make_object(Args&&... args) {
    T* object = TRY(try_make<T>(forward<Args>(args)...));
    return RefPtr<T>(object);
}

/// Downcasts to T when the object's type is T::kType; returns null on a mismatch (or when
/// `object` is null), so services can answer ObjectTypeMismatch.
template <typename T>
RefPtr<T> object_cast(RefPtr<Object> object) {
    if (!object || object->type() != T::kType)
        return nullptr;
    return RefPtr<T>::adopt(static_cast<T*>(object.leak()));
}

/// The non-owning variant of object_cast.
template <typename T>
T* object_cast(Object* object) {
    if (!object || object->type() != T::kType)
        return nullptr;
    return static_cast<T*>(object);
}

} // namespace halcyon::ob
