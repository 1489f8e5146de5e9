#pragma once

#include "Types.h"

namespace halcyon {

constexpr char ascii_to_lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + ('a' - 'A')) : c;
}

constexpr char ascii_to_upper(char c) {
    return (c >= 'a' && c <= 'z') ? static_cast<char>(c - ('a' - 'A')) : c;
}

/// A non-owning, not necessarily NUL-terminated view of chars.
class StringView {
public:
    constexpr StringView() = default;
    constexpr StringView(const char* data, usize length) : m_data(data), m_length(length) {}
    constexpr StringView(const char* cstring) : m_data(cstring), m_length(cstring ? c_length(cstring) : 0) {}

    constexpr const char* data() const { return m_data; }
    constexpr usize length() const { return m_length; }
    constexpr bool is_empty() const { return m_length == 0; }
    constexpr char operator[](usize i) const { return m_data[i]; }
    constexpr const char* begin() const { return m_data; }
    constexpr const char* end() const { return m_data + m_length; }

    constexpr StringView substring(usize start, usize length) const {
        if (start > m_length)
            return {};
        if (length > m_length - start)
            length = m_length - start;
        return {m_data + start, length};
    }
    constexpr StringView substring(usize start) const { return substring(start, m_length); }

    constexpr bool operator==(StringView other) const {
        if (m_length != other.m_length)
            return false;
        for (usize i = 0; i < m_length; ++i)
            if (m_data[i] != other.m_data[i])
                return false;
        return true;
    }
    constexpr bool equals_ignoring_case(StringView other) const {
        if (m_length != other.m_length)
            return false;
        for (usize i = 0; i < m_length; ++i)
            if (ascii_to_lower(m_data[i]) != ascii_to_lower(other.m_data[i]))
                return false;
        return true;
    }
    constexpr bool starts_with(StringView prefix) const {
        return prefix.m_length <= m_length && substring(0, prefix.m_length) == prefix;
    }
    constexpr bool starts_with_ignoring_case(StringView prefix) const {
        return prefix.m_length <= m_length && substring(0, prefix.m_length).equals_ignoring_case(prefix);
    }
    constexpr bool ends_with_ignoring_case(StringView suffix) const {
        return suffix.m_length <= m_length &&
               substring(m_length - suffix.m_length).equals_ignoring_case(suffix);
    }
    /// Index of the first `c`, or -1.
    constexpr i64 find(char c) const {
        for (usize i = 0; i < m_length; ++i)
            if (m_data[i] == c)
                return static_cast<i64>(i);
        return -1;
    }
    constexpr i64 find_last(char c) const {
        for (usize i = m_length; i > 0; --i)
            if (m_data[i - 1] == c)
                return static_cast<i64>(i - 1);
        return -1;
    }

    static constexpr usize c_length(const char* s) {
        usize n = 0;
        while (s[n])
            ++n;
        return n;
    }

private:
    const char* m_data{nullptr};
    usize m_length{0};
};

} // namespace halcyon

constexpr halcyon::StringView operator""_sv(const char* s, size_t n) {
    return halcyon::StringView(s, n);
}
