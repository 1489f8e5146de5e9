#pragma once

// Internal declarations shared by ntdll's sources. Every ntdll source includes this header
// first. It also builds on the Linux host for the unit tests in tests/win32/ntdll/, where the
// TEB/PEB accessors and the system calls are provided by the test harness.

#define HALCYON_BUILDING_NTDLL 1

#include "core/abi/UserAbi.h"
#include "halcyon/ntdef.h"
#include "halcyon/ntldr.h"
#include "halcyon/ntrtl.h"
#include "halcyon/ntsyscalls.gen.h"

namespace halcyon::ntdll {

// --- TEB / PEB ------------------------------------------------------------------------------

#if defined(_WIN32)
/// gs:[0x30] is NT_TIB.Self on x64 ([ms-teb]); both backends point GS at the TEB.
inline abi::Teb* current_teb() {
    abi::Teb* teb;
    asm("mov %%gs:0x30, %0" : "=r"(teb));
    return teb;
}
#else
/// Host unit tests provide a per-thread fake TEB.
abi::Teb* current_teb();
#endif

inline abi::Peb* current_peb() {
    return reinterpret_cast<abi::Peb*>(current_teb()->process_environment_block);
}

inline abi::ProcessParameters* process_parameters() {
    return reinterpret_cast<abi::ProcessParameters*>(current_peb()->process_parameters);
}

/// The thread id critical sections record as their owner. The kernel fills ClientId; should it
/// ever be 0 the TEB address still identifies the thread uniquely.
inline HANDLE current_thread_id() {
    abi::Teb* teb = current_teb();
    uint64_t id = teb->client_id.unique_thread;
    return reinterpret_cast<HANDLE>(id ? id : reinterpret_cast<uint64_t>(teb));
}

inline PVOID process_heap() {
    return reinterpret_cast<PVOID>(current_peb()->process_heap);
}

// --- Wide strings ---------------------------------------------------------------------------

inline size_t wide_length(PCWSTR s) {
    size_t n = 0;
    while (s[n])
        ++n;
    return n;
}

constexpr WCHAR ascii_upcase(WCHAR c) {
    return (c >= 'a' && c <= 'z') ? static_cast<WCHAR>(c - ('a' - 'A')) : c;
}

/// Case-insensitive comparison with the full Unicode upcase table (RtlUpcaseUnicodeChar).
bool wide_equal_ignoring_case(PCWSTR a, size_t a_length, PCWSTR b, size_t b_length);

/// Allocates `count` WCHARs from the process heap. Returns null on exhaustion.
PWSTR allocate_wide(size_t count);

// --- Diagnostics ----------------------------------------------------------------------------

/// Builds one line of diagnostic text in a fixed buffer (truncating, never overrunning) and
/// writes it to the process's standard error. Used for loader errors and traces, which must
/// work before any heap exists.
class DiagnosticLine {
public:
    DiagnosticLine& text(const char* s);
    DiagnosticLine& text(const char* s, size_t length);
    DiagnosticLine& wide(PCWSTR s, size_t length);
    DiagnosticLine& wide(const UNICODE_STRING& s) { return wide(s.Buffer, s.Length / sizeof(WCHAR)); }
    DiagnosticLine& hex(uint64_t value);
    DiagnosticLine& decimal(uint64_t value);
    /// Appends '\n' and writes the line to standard error.
    void emit();

private:
    void put(char c) {
        if (m_length < sizeof(m_buffer) - 1)
            m_buffer[m_length++] = c;
    }

    char m_buffer[512];
    size_t m_length{0};
};

/// Writes bytes to ProcessParameters->standard_error (if there is one).
void write_standard_error(const char* text, size_t length);

} // namespace halcyon::ntdll
