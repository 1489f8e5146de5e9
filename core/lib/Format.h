#pragma once

// Type-safe formatting into a caller's buffer: `{}` takes the next argument, `{:x}` prints an
// integer in hex, `{:#x}` adds 0x, `{:08x}` pads. Output is truncated, never overrun, and always
// NUL-terminated when capacity > 0. Used by logging, panic reports and error messages.

#include "NtStatus.h"
#include "StringView.h"
#include "Types.h"

namespace halcyon {

class FormatArg {
public:
    enum class Kind { Signed, Unsigned, Pointer, String, Status, Char };

    FormatArg(char c) : m_kind(Kind::Char), m_unsigned(static_cast<u8>(c)) {}
    FormatArg(signed char v) : m_kind(Kind::Signed), m_signed(v) {}
    FormatArg(short v) : m_kind(Kind::Signed), m_signed(v) {}
    FormatArg(int v) : m_kind(Kind::Signed), m_signed(v) {}
    FormatArg(long v) : m_kind(Kind::Signed), m_signed(v) {}
    FormatArg(long long v) : m_kind(Kind::Signed), m_signed(v) {}
    FormatArg(unsigned char v) : m_kind(Kind::Unsigned), m_unsigned(v) {}
    FormatArg(unsigned short v) : m_kind(Kind::Unsigned), m_unsigned(v) {}
    FormatArg(unsigned v) : m_kind(Kind::Unsigned), m_unsigned(v) {}
    FormatArg(unsigned long v) : m_kind(Kind::Unsigned), m_unsigned(v) {}
    FormatArg(unsigned long long v) : m_kind(Kind::Unsigned), m_unsigned(v) {}
    FormatArg(bool v) : m_kind(Kind::String), m_string(v ? "true" : "false") {}
    FormatArg(const void* p) : m_kind(Kind::Pointer), m_unsigned(reinterpret_cast<uptr>(p)) {}
    FormatArg(const char* s) : m_kind(Kind::String), m_string(s ? s : "(null)") {}
    FormatArg(char* s) : FormatArg(static_cast<const char*>(s)) {}
    FormatArg(StringView s) : m_kind(Kind::String), m_string(s) {}
    FormatArg(NtStatus s) : m_kind(Kind::Status), m_unsigned(s.value) {}

    Kind kind() const { return m_kind; }
    i64 as_signed() const { return m_signed; }
    u64 as_unsigned() const { return m_unsigned; }
    StringView as_string() const { return m_string; }

private:
    Kind m_kind;
    union {
        i64 m_signed;
        u64 m_unsigned;
    };
    StringView m_string;
};

/// Appends formatted text to a fixed buffer, tracking the would-be length.
class FormatBuffer {
public:
    FormatBuffer(char* buffer, usize capacity) : m_buffer(buffer), m_capacity(capacity) { terminate(); }

    void append(char c) {
        if (m_length + 1 < m_capacity)
            m_buffer[m_length] = c;
        ++m_length;
        terminate();
    }
    void append(StringView s) {
        for (char c : s)
            append(c);
    }
    void append_unsigned(u64 value, unsigned base, usize min_width, char pad, bool upper);
    void append_formatted(const char* format, const FormatArg* args, usize count);

    /// Length of the full output, even if it was truncated.
    usize length() const { return m_length; }
    bool truncated() const { return m_capacity == 0 || m_length >= m_capacity; }
    StringView view() const { return {m_buffer, min(m_length, m_capacity ? m_capacity - 1 : 0)}; }

private:
    void terminate() {
        if (m_capacity)
            m_buffer[min(m_length, m_capacity - 1)] = 0;
    }

    char* m_buffer;
    usize m_capacity;
    usize m_length{0};
};

template <typename... Args>
usize format_to(char* buffer, usize capacity, const char* format, const Args&... args) {
    FormatBuffer out(buffer, capacity);
    if constexpr (sizeof...(Args) == 0) {
        out.append_formatted(format, nullptr, 0);
    } else {
        const FormatArg list[] = {FormatArg(args)...};
        out.append_formatted(format, list, sizeof...(Args));
    }
    return out.length();
}

} // namespace halcyon
