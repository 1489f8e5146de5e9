// Small system queries and helpers: RtlComputeCrc32, pointer encoding (RtlEncodePointer and
// friends), the current processor number, the performance counter wrappers, the product type,
// the global flags, and debug output
// (DbgPrint/DbgPrintEx to the kernel's log, DbgBreakPoint/DbgUserBreakPoint as int3).

#include "Ntdll.h"
#include "halcyon/ntrtlutil.h"

#include <stdarg.h>

namespace halcyon::ntdll {

namespace {

// --- CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), as RtlComputeCrc32 and zlib ------

struct Crc32Table {
    uint32_t entries[256];
    constexpr Crc32Table() : entries() {
        for (uint32_t i = 0; i < 256; ++i) {
            uint32_t crc = i;
            for (int bit = 0; bit < 8; ++bit)
                crc = (crc & 1) ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            entries[i] = crc;
        }
    }
};
constexpr Crc32Table kCrc32Table;

// --- Pointer encoding ------------------------------------------------------------------------

uint64_t g_process_cookie; // 0 until first use
uint64_t g_system_cookie;

uint64_t mix(uint64_t x) {
    // splitmix64's finaliser: spreads the few changing bits of the seed over the whole word.
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

/// A secret made once per process from the time stamp counter, the performance counter and the
/// PEB's (randomised) address, as Windows' ProcessCookie is a per-process random value.
uint64_t cookie(uint64_t& slot, uint64_t salt) {
    uint64_t value = __atomic_load_n(&slot, __ATOMIC_ACQUIRE);
    if (value)
        return value;
    uint32_t low, high;
    asm volatile("rdtsc" : "=a"(low), "=d"(high));
    LARGE_INTEGER counter{};
    NtQueryPerformanceCounter(&counter, nullptr);
    uint64_t fresh = mix((static_cast<uint64_t>(high) << 32 | low) ^ mix(counter.QuadPart) ^
                         reinterpret_cast<uint64_t>(current_peb()) ^ salt);
    if (!fresh)
        fresh = 1;
    uint64_t expected = 0;
    // The first thread to finish wins; everyone then encodes with the same cookie.
    if (!__atomic_compare_exchange_n(&slot, &expected, fresh, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
        return expected;
    return fresh;
}

uint64_t rotate_right(uint64_t value, unsigned count) {
    count &= 63;
    return count ? (value >> count) | (value << (64 - count)) : value;
}

uint64_t rotate_left(uint64_t value, unsigned count) {
    count &= 63;
    return count ? (value << count) | (value >> (64 - count)) : value;
}

PVOID encode(PVOID pointer, uint64_t secret) {
    return reinterpret_cast<PVOID>(rotate_right(reinterpret_cast<uint64_t>(pointer) ^ secret, secret & 63));
}

PVOID decode(PVOID pointer, uint64_t secret) {
    return reinterpret_cast<PVOID>(rotate_left(reinterpret_cast<uint64_t>(pointer), secret & 63) ^ secret);
}

// --- DbgPrint formatting ---------------------------------------------------------------------

/// A bounded line buffer for DbgPrint: the usual printf conversions (d i u x X p c s S, with
/// the l, ll, h, I64 and z size prefixes, '-' '0' flags and a width), enough for debug output.
class DebugText {
public:
    void put(char c) {
        if (m_length < kCapacity)
            m_text[m_length++] = static_cast<WCHAR>(static_cast<unsigned char>(c));
    }
    void put_wide(WCHAR c) {
        if (m_length < kCapacity)
            m_text[m_length++] = c;
    }
    void number(uint64_t value, unsigned base, bool upper, bool negative, int width, bool zero_pad, bool left) {
        char digits[24];
        int count = 0;
        do {
            unsigned digit = static_cast<unsigned>(value % base);
            digits[count++] = static_cast<char>(digit < 10 ? '0' + digit : (upper ? 'A' : 'a') + digit - 10);
            value /= base;
        } while (value);
        int total = count + (negative ? 1 : 0);
        if (negative && zero_pad)
            put('-');
        for (int pad = total; !left && pad < width; ++pad)
            put(zero_pad ? '0' : ' ');
        if (negative && !zero_pad)
            put('-');
        while (count)
            put(digits[--count]);
        for (int pad = total; left && pad < width; ++pad)
            put(' ');
    }
    void format(const char* format, va_list args);
    void emit() {
        UNICODE_STRING text{static_cast<USHORT>(m_length * sizeof(WCHAR)),
                            static_cast<USHORT>(m_length * sizeof(WCHAR)), m_text};
        NtDisplayString(&text);
    }

private:
    static constexpr size_t kCapacity = 512;
    WCHAR m_text[kCapacity];
    size_t m_length{0};
};

void DebugText::format(const char* format, va_list args) {
    for (const char* p = format; *p; ++p) {
        if (*p != '%') {
            put(*p);
            continue;
        }
        ++p;
        bool left = false, zero_pad = false;
        for (;; ++p) {
            if (*p == '-')
                left = true;
            else if (*p == '0')
                zero_pad = true;
            else if (*p != '+' && *p != ' ' && *p != '#')
                break;
        }
        int width = 0;
        if (*p == '*') {
            width = va_arg(args, int);
            ++p;
        }
        while (*p >= '0' && *p <= '9')
            width = width * 10 + (*p++ - '0');
        if (*p == '.') { // precision is accepted and ignored
            ++p;
            if (*p == '*') {
                (void)va_arg(args, int);
                ++p;
            }
            while (*p >= '0' && *p <= '9')
                ++p;
        }
        int size = 0; // 0: int, 1: long (32-bit on Windows), 2: 64-bit
        bool wide = false;
        if (*p == 'h') {
            ++p;
            if (*p == 'h')
                ++p;
        } else if (*p == 'l') {
            ++p;
            wide = true;
            if (*p == 'l') {
                size = 2;
                ++p;
            }
        } else if (*p == 'I' && p[1] == '6' && p[2] == '4') {
            size = 2;
            p += 3;
        } else if (*p == 'z' || *p == 'I') {
            size = 2;
            ++p;
        }
        switch (*p) {
        case 'd':
        case 'i': {
            int64_t value = size == 2 ? va_arg(args, int64_t) : va_arg(args, int);
            uint64_t magnitude = value < 0 ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
            number(magnitude, 10, false, value < 0, width, zero_pad, left);
            break;
        }
        case 'u':
        case 'x':
        case 'X': {
            uint64_t value = size == 2 ? va_arg(args, uint64_t) : va_arg(args, unsigned);
            number(value, *p == 'u' ? 10 : 16, *p == 'X', false, width, zero_pad, left);
            break;
        }
        case 'p':
            number(reinterpret_cast<uint64_t>(va_arg(args, void*)), 16, true, false, 16, true, false);
            break;
        case 'c':
            put(static_cast<char>(va_arg(args, int)));
            break;
        case 's':
        case 'S': {
            bool is_wide = (*p == 'S') != wide;
            if (is_wide) {
                PCWSTR s = va_arg(args, PCWSTR);
                for (PCWSTR c = s ? s : L"(null)"; *c; ++c)
                    put_wide(*c);
            } else {
                const char* s = va_arg(args, const char*);
                for (const char* c = s ? s : "(null)"; *c; ++c)
                    put(*c);
            }
            break;
        }
        case '%':
            put('%');
            break;
        case 0:
            return;
        default:
            put('%');
            put(*p);
            break;
        }
    }
}

/// VER_NT_WORKSTATION: Halcyon presents itself as a workstation system, as GetVersionEx's
/// wProductType does (Version.cpp).
constexpr ULONG kNtProductWinNt = 1;

} // namespace

} // namespace halcyon::ntdll

using namespace halcyon::ntdll;

extern "C" {

ULONG NTAPI RtlComputeCrc32(ULONG initial, const void* data, ULONG length) {
    uint32_t crc = ~initial;
    auto* bytes = static_cast<const uint8_t*>(data);
    for (ULONG i = 0; i < length; ++i)
        crc = kCrc32Table.entries[(crc ^ bytes[i]) & 0xFF] ^ (crc >> 8);
    return ~crc;
}

PVOID NTAPI RtlEncodePointer(PVOID pointer) { return encode(pointer, cookie(g_process_cookie, 0)); }

PVOID NTAPI RtlDecodePointer(PVOID pointer) { return decode(pointer, cookie(g_process_cookie, 0)); }

// FIXME: Windows encodes "system" pointers with SharedUserData->Cookie, one secret per boot that
// every process shares; Halcyon's kernel does not fill that field yet, so this cookie is per
// process and a system-encoded pointer cannot be decoded in another process.
PVOID NTAPI RtlEncodeSystemPointer(PVOID pointer) {
    return encode(pointer, cookie(g_system_cookie, 0x53595354454D)); // "SYSTEM"
}

PVOID NTAPI RtlDecodeSystemPointer(PVOID pointer) {
    return decode(pointer, cookie(g_system_cookie, 0x53595354454D));
}

// The kernel schedules every thread on one CPU (NtQuerySystemInformation's SystemBasicInformation
// reports NumberOfProcessors 1), so the running thread is always on processor 0 of group 0.
// FIXME: read the CPU number (TSC_AUX through rdpid/rdtscp) once the kernel runs on several.
ULONG NTAPI RtlGetCurrentProcessorNumber(void) { return 0; }

void NTAPI RtlGetCurrentProcessorNumberEx(PPROCESSOR_NUMBER number) {
    number->Group = 0;
    number->Number = static_cast<UCHAR>(RtlGetCurrentProcessorNumber());
    number->Reserved = 0;
}

BOOLEAN NTAPI RtlQueryPerformanceCounter(PLARGE_INTEGER counter) {
    return NT_SUCCESS(NtQueryPerformanceCounter(counter, nullptr));
}

BOOLEAN NTAPI RtlQueryPerformanceFrequency(PLARGE_INTEGER frequency) {
    LARGE_INTEGER counter;
    return NT_SUCCESS(NtQueryPerformanceCounter(&counter, frequency));
}

BOOLEAN NTAPI RtlGetNtProductType(PULONG product_type) {
    if (product_type)
        *product_type = kNtProductWinNt;
    return TRUE;
}

ULONG NTAPI RtlGetNtGlobalFlags(void) { return current_peb()->nt_global_flag; }

ULONG __cdecl DbgPrint(const char* format, ...) {
    DebugText text;
    va_list args;
    va_start(args, format);
    text.format(format, args);
    va_end(args);
    text.emit();
    return STATUS_SUCCESS;
}

// FIXME: Windows filters DbgPrintEx by component and level (Kd_*_Mask); Halcyon logs everything.
ULONG __cdecl DbgPrintEx(ULONG component, ULONG level, const char* format, ...) {
    (void)component;
    (void)level;
    DebugText text;
    va_list args;
    va_start(args, format);
    text.format(format, args);
    va_end(args);
    text.emit();
    return STATUS_SUCCESS;
}

void NTAPI DbgBreakPoint(void) { asm volatile("int3"); }

void NTAPI DbgUserBreakPoint(void) { asm volatile("int3"); }

} // extern "C"
