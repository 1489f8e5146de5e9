#pragma once

#include "ErrorOr.h"
#include "Memory.h"
#include "StringView.h"

namespace halcyon {

/// An owned, immutable, NUL-terminated string on the kernel heap.
class String {
public:
    String() = default;
    String(const String&) = delete;
    String& operator=(const String&) = delete;
    String(String&& other) : m_data(exchange(other.m_data, nullptr)), m_length(exchange(other.m_length, 0)) {}
    String& operator=(String&& other) {
        if (this != &other) {
            kfree(m_data);
            m_data = exchange(other.m_data, nullptr);
            m_length = exchange(other.m_length, 0);
        }
        return *this;
    }
    ~String() { kfree(m_data); }

    static ErrorOr<String> from(StringView view) {
        char* data = static_cast<char*>(kmalloc(view.length() + 1));
        if (!data)
            return Error(status::NoMemory, "kernel heap exhausted");
        copy_bytes(data, view.data(), view.length());
        data[view.length()] = 0;
        String s;
        s.m_data = data;
        s.m_length = view.length();
        return s;
    }

    ErrorOr<String> clone() const { return from(view()); }

    StringView view() const { return {m_data ? m_data : "", m_length}; }
    const char* c_str() const { return m_data ? m_data : ""; }
    usize length() const { return m_length; }
    bool is_empty() const { return m_length == 0; }

private:
    char* m_data{nullptr};
    usize m_length{0};
};

} // namespace halcyon
