#pragma once

// pe-dump's output: one buffer for the whole run, filled by hand (escaping and number
// formatting included) and handed to the kernel in large write(2)s. No iostreams and no
// std::string per field: on a corpus of small files, formatting and per-field allocation
// otherwise cost more than parsing. Host code.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace halcyon::pe_dump {

class Output {
public:
    /// Writes to `fd`; -1 discards the bytes and only counts them (for the benchmark).
    explicit Output(int fd);
    ~Output();
    Output(const Output&) = delete;
    Output& operator=(const Output&) = delete;

    /// Appends raw bytes.
    void append(std::string_view text) {
        if (text.size() > kCapacity - m_used) {
            append_slow(text);
            return;
        }
        std::memcpy(m_buffer + m_used, text.data(), text.size());
        m_used += text.size();
    }
    void append(char c) {
        if (m_used == kCapacity)
            flush();
        m_buffer[m_used++] = c;
    }
    /// Appends `count` copies of `c`.
    void pad(size_t count, char c);
    void decimal(uint64_t value);
    /// "0x" and lower-case hex digits, no leading zeros ("0x0" for zero).
    void hex(uint64_t value);
    /// `value` as `digits` lower-case hex digits, zero-padded (no "0x").
    void hex_fixed(uint64_t value, unsigned digits);
    /// A JSON string literal. Bytes outside printable ASCII become \u00XX (each byte read as
    /// Latin-1), so the output is valid JSON and valid UTF-8 whatever a hostile file's names hold.
    void json_string(std::string_view text);

    // Direct writing, for the hot loops of the printers: begin_write(n) returns room for n
    // contiguous bytes (n <= kCapacity), the put_* helpers fill it and return the new end, and
    // end_write(end) commits. One capacity check per record instead of one per field.
    static constexpr size_t kCapacity = size_t{1} << 16;
    /// Most bytes put_decimal writes.
    static constexpr size_t kMaxDecimal = 20;
    /// Most bytes put_json_string writes for `length` input bytes (quotes included).
    static constexpr size_t json_size(size_t length) { return length * 6 + 2; }
    char* begin_write(size_t count) { return reserve(count); }
    void end_write(char* end) { m_used = static_cast<size_t>(end - m_buffer); }
    static char* put(char* out, std::string_view text) {
        std::memcpy(out, text.data(), text.size());
        return out + text.size();
    }
    static char* put_decimal(char* out, uint64_t value);
    static char* put_json_string(char* out, std::string_view text);

    /// Hands everything buffered to the file descriptor. False once a write has failed.
    bool flush();
    /// Bytes appended so far (written or discarded, plus buffered).
    uint64_t total() const { return m_flushed + m_used; }
    bool failed() const { return m_failed; }

private:
    // kCapacity (above): large enough that write(2) calls are few, small enough that first
    // touching the buffer (one page fault per page, in every process) costs little: 64 KiB.

    void append_slow(std::string_view text);
    /// The escaped bytes of `text` without quotes: at most text.size() * 6 bytes.
    static char* put_json_body(char* out, std::string_view text);
    /// Writes the escape sequence of a byte that is not plain; returns the end of it.
    static char* escape_byte(char* out, unsigned char c);
    /// Makes room for `count` contiguous bytes (count <= kCapacity) and returns where they go.
    char* reserve(size_t count) {
        if (count > kCapacity - m_used)
            flush();
        return m_buffer + m_used;
    }

    int m_fd;
    bool m_failed = false;
    char* m_buffer;
    size_t m_used = 0;
    uint64_t m_flushed = 0;
};

} // namespace halcyon::pe_dump
