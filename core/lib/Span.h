#pragma once

#include "Types.h"

namespace halcyon {

/// A non-owning view of `size` contiguous T. Bounds are checked by the accessors that can fail.
template <typename T>
class Span {
public:
    constexpr Span() = default;
    constexpr Span(T* data, usize size) : m_data(data), m_size(size) {}
    template <usize N>
    constexpr Span(T (&array)[N]) : m_data(array), m_size(N) {}
    /// A span of T converts to a span of const T.
    template <typename U>
    requires(__is_same(const U, T) && !__is_same(U, T))
    constexpr Span(Span<U> other) : m_data(other.data()), m_size(other.size()) {}

    constexpr T* data() const { return m_data; }
    constexpr usize size() const { return m_size; }
    constexpr bool is_empty() const { return m_size == 0; }
    constexpr T& operator[](usize i) const { return m_data[i]; }
    constexpr T* begin() const { return m_data; }
    constexpr T* end() const { return m_data + m_size; }

    /// The sub-span [offset, offset+count), or an empty span when it does not fit entirely.
    constexpr Span slice(usize offset, usize count) const {
        if (offset > m_size || count > m_size - offset)
            return {};
        return {m_data + offset, count};
    }
    constexpr Span slice(usize offset) const {
        if (offset > m_size)
            return {};
        return {m_data + offset, m_size - offset};
    }
    constexpr bool contains_range(usize offset, usize count) const {
        return offset <= m_size && count <= m_size - offset;
    }

private:
    T* m_data{nullptr};
    usize m_size{0};
};

using Bytes = Span<u8>;
using ReadonlyBytes = Span<const u8>;

} // namespace halcyon
