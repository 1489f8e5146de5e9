#pragma once

#include "ErrorOr.h"
#include "Memory.h"
#include "Span.h"
#include "Utility.h"

namespace halcyon {

/// A growable array on the kernel heap. Growth can fail, so appends return ErrorOr<void>.
template <typename T>
class Vector {
public:
    Vector() = default;
    Vector(const Vector&) = delete;
    Vector& operator=(const Vector&) = delete;
    Vector(Vector&& other)
        : m_data(exchange(other.m_data, nullptr)), m_size(exchange(other.m_size, 0)),
          m_capacity(exchange(other.m_capacity, 0)) {}
    Vector& operator=(Vector&& other) {
        if (this != &other) {
            clear_and_free();
            m_data = exchange(other.m_data, nullptr);
            m_size = exchange(other.m_size, 0);
            m_capacity = exchange(other.m_capacity, 0);
        }
        return *this;
    }
    ~Vector() { clear_and_free(); }

    usize size() const { return m_size; }
    usize capacity() const { return m_capacity; }
    bool is_empty() const { return m_size == 0; }
    T* data() { return m_data; }
    const T* data() const { return m_data; }
    T& operator[](usize i) { return m_data[i]; }
    const T& operator[](usize i) const { return m_data[i]; }
    T& last() { return m_data[m_size - 1]; }
    T* begin() { return m_data; }
    T* end() { return m_data + m_size; }
    const T* begin() const { return m_data; }
    const T* end() const { return m_data + m_size; }
    Span<T> span() { return {m_data, m_size}; }
    Span<const T> span() const { return {m_data, m_size}; }

    ErrorOr<void> try_append(T value) {
        TRY(ensure_capacity(m_size + 1));
        new (&m_data[m_size]) T(move(value));
        ++m_size;
        return {};
    }

    ErrorOr<void> try_insert(usize index, T value) {
        TRY(ensure_capacity(m_size + 1));
        if (index == m_size)
            return try_append(move(value));
        new (&m_data[m_size]) T(move(m_data[m_size - 1]));
        for (usize i = m_size - 1; i > index; --i)
            m_data[i] = move(m_data[i - 1]);
        m_data[index] = move(value);
        ++m_size;
        return {};
    }

    void remove(usize index) {
        for (usize i = index; i + 1 < m_size; ++i)
            m_data[i] = move(m_data[i + 1]);
        m_data[--m_size].~T();
    }

    T take_last() {
        T value = move(m_data[m_size - 1]);
        m_data[--m_size].~T();
        return value;
    }

    void clear() {
        for (usize i = 0; i < m_size; ++i)
            m_data[i].~T();
        m_size = 0;
    }

    ErrorOr<void> ensure_capacity(usize wanted) {
        if (wanted <= m_capacity)
            return {};
        usize new_capacity = max<usize>(wanted, m_capacity ? m_capacity * 2 : 4);
        usize bytes;
        if (!checked_mul(new_capacity, sizeof(T), bytes))
            return Error(status::NoMemory, "vector size overflow");
        T* fresh = static_cast<T*>(kmalloc(bytes));
        if (!fresh)
            return Error(status::NoMemory, "kernel heap exhausted");
        for (usize i = 0; i < m_size; ++i) {
            new (&fresh[i]) T(move(m_data[i]));
            m_data[i].~T();
        }
        kfree(m_data);
        m_data = fresh;
        m_capacity = new_capacity;
        return {};
    }

private:
    void clear_and_free() {
        clear();
        kfree(m_data);
        m_data = nullptr;
        m_capacity = 0;
    }

    T* m_data{nullptr};
    usize m_size{0};
    usize m_capacity{0};
};

} // namespace halcyon
