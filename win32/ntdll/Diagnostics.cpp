// Diagnostic output to the process's standard error: loader errors and traces, and the line
// every unimplemented export prints. Nothing here allocates, so it works before the process
// heap exists and while the heap lock is held.

#include "Ntdll.h"

namespace halcyon::ntdll {

void write_standard_error(const char* text, size_t length) {
    abi::Peb* peb = current_peb();
    auto* parameters = peb ? reinterpret_cast<abi::ProcessParameters*>(peb->process_parameters) : nullptr;
    if (!parameters || !parameters->standard_error)
        return;
    IO_STATUS_BLOCK io{};
    (void)NtWriteFile(reinterpret_cast<HANDLE>(parameters->standard_error), nullptr, nullptr, nullptr, &io,
                      const_cast<char*>(text), static_cast<ULONG>(length), nullptr, nullptr);
}

DiagnosticLine& DiagnosticLine::text(const char* s) {
    while (s && *s)
        put(*s++);
    return *this;
}

DiagnosticLine& DiagnosticLine::text(const char* s, size_t length) {
    for (size_t i = 0; i < length; ++i)
        put(s[i]);
    return *this;
}

DiagnosticLine& DiagnosticLine::wide(PCWSTR s, size_t length) {
    // UTF-8, so non-ASCII file names survive on a UTF-8 terminal.
    for (size_t i = 0; s && i < length; ++i) {
        uint32_t c = s[i];
        if (c >= 0xD800 && c <= 0xDBFF && i + 1 < length && s[i + 1] >= 0xDC00 && s[i + 1] <= 0xDFFF) {
            c = 0x10000 + ((c - 0xD800) << 10) + (s[i + 1] - 0xDC00u);
            ++i;
        }
        if (c < 0x80) {
            put(static_cast<char>(c));
        } else if (c < 0x800) {
            put(static_cast<char>(0xC0 | (c >> 6)));
            put(static_cast<char>(0x80 | (c & 0x3F)));
        } else if (c < 0x10000) {
            put(static_cast<char>(0xE0 | (c >> 12)));
            put(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
            put(static_cast<char>(0x80 | (c & 0x3F)));
        } else {
            put(static_cast<char>(0xF0 | (c >> 18)));
            put(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
            put(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
            put(static_cast<char>(0x80 | (c & 0x3F)));
        }
    }
    return *this;
}

DiagnosticLine& DiagnosticLine::hex(uint64_t value) {
    char digits[16];
    int n = 0;
    do {
        digits[n++] = "0123456789abcdef"[value & 0xF];
        value >>= 4;
    } while (value);
    put('0');
    put('x');
    while (n)
        put(digits[--n]);
    return *this;
}

DiagnosticLine& DiagnosticLine::decimal(uint64_t value) {
    char digits[20];
    int n = 0;
    do {
        digits[n++] = static_cast<char>('0' + value % 10);
        value /= 10;
    } while (value);
    while (n)
        put(digits[--n]);
    return *this;
}

void DiagnosticLine::emit() {
    m_buffer[m_length++] = '\n'; // put() keeps one byte free for this
    write_standard_error(m_buffer, m_length);
    m_length = 0;
}

} // namespace halcyon::ntdll

extern "C" void HalcyonLogUnimplemented(const char* dll, const char* function) {
    halcyon::ntdll::DiagnosticLine()
        .text("halcyon: ")
        .text(dll)
        .text("!")
        .text(function)
        .text(" is not implemented")
        .emit();
}
