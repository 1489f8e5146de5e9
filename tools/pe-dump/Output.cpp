#include "tools/pe-dump/Output.h"

#include <emmintrin.h>
#include <unistd.h>

#include <cerrno>

namespace halcyon::pe_dump {

namespace {

constexpr char kHexDigits[] = "0123456789abcdef";

/// Whether byte `c` goes into a JSON string as itself.
constexpr bool json_plain(unsigned char c) {
    return c >= 0x20 && c < 0x7F && c != '"' && c != '\\';
}

/// Whether all eight bytes of `word` are plain, by the usual word-at-a-time tests: some byte
/// below 0x20, some byte above 0x7E, some byte equal to '"' or '\\' (each test may only
/// misreport bytes above one that truly matches, which does not change "any").
constexpr bool plain_word(uint64_t word) {
    constexpr uint64_t kOnes = 0x0101010101010101ull;
    constexpr uint64_t kHighs = 0x8080808080808080ull;
    uint64_t const below_space = (word - kOnes * 0x20) & ~word & kHighs;
    uint64_t const above_tilde = ((word + kOnes * (0x7F - 0x7E)) | word) & kHighs;
    uint64_t const quotes = word ^ (kOnes * '"');
    uint64_t const backslashes = word ^ (kOnes * '\\');
    uint64_t const has_quote = (quotes - kOnes) & ~quotes & kHighs;
    uint64_t const has_backslash = (backslashes - kOnes) & ~backslashes & kHighs;
    return (below_space | above_tilde | has_quote | has_backslash) == 0;
}

} // namespace

Output::Output(int fd) : m_fd(fd), m_buffer(new char[kCapacity]) {}

Output::~Output() {
    flush();
    delete[] m_buffer;
}

bool Output::flush() {
    size_t done = 0;
    while (m_fd >= 0 && !m_failed && done < m_used) {
        ssize_t const written = ::write(m_fd, m_buffer + done, m_used - done);
        if (written < 0 && errno == EINTR)
            continue;
        if (written <= 0) {
            m_failed = true;
            break;
        }
        done += static_cast<size_t>(written);
    }
    m_flushed += m_used;
    m_used = 0;
    return !m_failed;
}

void Output::append_slow(std::string_view text) {
    while (!text.empty()) {
        if (m_used == kCapacity)
            flush();
        size_t const chunk = text.size() < kCapacity - m_used ? text.size() : kCapacity - m_used;
        std::memcpy(m_buffer + m_used, text.data(), chunk);
        m_used += chunk;
        text.remove_prefix(chunk);
    }
}

void Output::pad(size_t count, char c) {
    while (count) {
        if (m_used == kCapacity)
            flush();
        size_t const chunk = count < kCapacity - m_used ? count : kCapacity - m_used;
        std::memset(m_buffer + m_used, c, chunk);
        m_used += chunk;
        count -= chunk;
    }
}

char* Output::put_decimal(char* out, uint64_t value) {
    // Digits are written from the last, two per division (from a
    // table), in 32-bit arithmetic when the value allows: ordinals and RVAs are most of what is
    // printed.
    static constexpr char kPairs[] =
        "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
        "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
        "8081828384858687888990919293949596979899";
    static constexpr uint64_t kPowers[20] = {1ull,
                                             10ull,
                                             100ull,
                                             1000ull,
                                             10000ull,
                                             100000ull,
                                             1000000ull,
                                             10000000ull,
                                             100000000ull,
                                             1000000000ull,
                                             10000000000ull,
                                             100000000000ull,
                                             1000000000000ull,
                                             10000000000000ull,
                                             100000000000000ull,
                                             1000000000000000ull,
                                             10000000000000000ull,
                                             100000000000000000ull,
                                             1000000000000000000ull,
                                             10000000000000000000ull};
    // log10 from the bit length (1233 / 4096 ~ log10(2)), corrected by one comparison. Zero is
    // counted as one (value | 1 changes no digit count: powers of ten are even).
    uint64_t const nonzero = value | 1;
    unsigned const guess = static_cast<unsigned>((64 - __builtin_clzll(nonzero)) * 1233) >> 12;
    unsigned const length = guess + 1 - (nonzero < kPowers[guess] ? 1 : 0);
    char* cursor = out + length;
    while (value > 0xFFFFFFFFull) {
        unsigned const pair = static_cast<unsigned>(value % 100);
        value /= 100;
        cursor -= 2;
        cursor[0] = kPairs[2 * pair];
        cursor[1] = kPairs[2 * pair + 1];
    }
    uint32_t small = static_cast<uint32_t>(value);
    while (small >= 100) {
        uint32_t const pair = small % 100;
        small /= 100;
        cursor -= 2;
        cursor[0] = kPairs[2 * pair];
        cursor[1] = kPairs[2 * pair + 1];
    }
    if (small >= 10) {
        cursor[-2] = kPairs[2 * small];
        cursor[-1] = kPairs[2 * small + 1];
    } else {
        cursor[-1] = static_cast<char>('0' + small);
    }
    return out + length;
}

void Output::decimal(uint64_t value) {
    end_write(put_decimal(reserve(kMaxDecimal), value));
}

void Output::hex(uint64_t value) {
    unsigned digits = 1;
    while (digits < 16 && (value >> (4 * digits)) != 0)
        ++digits;
    char* const out = reserve(2);
    out[0] = '0';
    out[1] = 'x';
    m_used += 2;
    hex_fixed(value, digits);
}

void Output::hex_fixed(uint64_t value, unsigned digits) {
    char* const out = reserve(digits);
    for (unsigned i = 0; i < digits; ++i)
        out[i] = kHexDigits[(value >> (4 * (digits - 1 - i))) & 0xF];
    m_used += digits;
}

void Output::json_string(std::string_view text) {
    // The worst case (every byte escaped) must fit in the buffer at once; only a path can be
    // that long, so longer strings take the chunked route.
    if (json_size(text.size()) <= kCapacity) {
        end_write(put_json_string(reserve(json_size(text.size())), text));
        return;
    }
    append('"');
    while (!text.empty()) {
        size_t const chunk = text.size() < 4096 ? text.size() : 4096;
        end_write(put_json_body(reserve(chunk * 6), text.substr(0, chunk)));
        text.remove_prefix(chunk);
    }
    append('"');
}

char* Output::put_json_string(char* out, std::string_view text) {
    *out++ = '"';
    out = put_json_body(out, text);
    *out++ = '"';
    return out;
}

char* Output::put_json_body(char* out, std::string_view text) {
    const char* in = text.data();
    const char* const end = in + text.size();
    // Sixteen bytes at a time while a whole block lies inside `text` (never past it: the text may
    // end at the end of a mapping). A byte is plain when, read as signed, it lies in
    // [0x20, 0x7E] and is neither '"' nor '\\'; a plain block is copied as it is.
    __m128i const low = _mm_set1_epi8(0x1F);
    __m128i const high = _mm_set1_epi8(0x7F);
    __m128i const quote = _mm_set1_epi8('"');
    __m128i const backslash = _mm_set1_epi8('\\');
    while (end - in >= 16) {
        __m128i const block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(in));
        __m128i const printable = _mm_and_si128(_mm_cmpgt_epi8(block, low), _mm_cmplt_epi8(block, high));
        __m128i const special = _mm_or_si128(_mm_cmpeq_epi8(block, quote), _mm_cmpeq_epi8(block, backslash));
        unsigned const plain = static_cast<unsigned>(_mm_movemask_epi8(_mm_andnot_si128(special, printable)));
        if (plain == 0xFFFF) {
            _mm_storeu_si128(reinterpret_cast<__m128i*>(out), block);
            in += 16;
            out += 16;
            continue;
        }
        // Copy the plain bytes before the first one that needs escaping, then escape it.
        unsigned const run = static_cast<unsigned>(__builtin_ctz(~plain));
        std::memcpy(out, in, run);
        in += run;
        out += run;
        out = escape_byte(out, static_cast<unsigned char>(*in++));
    }
    // The last partial block: reread as the final sixteen bytes of `text` (overlapping bytes
    // already copied, which are rewritten unchanged), when `text` is that long and all plain.
    // The loop above left fewer than sixteen bytes, so the block starts before `in`, and being
    // all plain, the bytes it overlaps were copied one for one.
    if (in < end && text.size() >= 16) {
        __m128i const block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(end - 16));
        __m128i const printable = _mm_and_si128(_mm_cmpgt_epi8(block, low), _mm_cmplt_epi8(block, high));
        __m128i const special = _mm_or_si128(_mm_cmpeq_epi8(block, quote), _mm_cmpeq_epi8(block, backslash));
        if (_mm_movemask_epi8(_mm_andnot_si128(special, printable)) == 0xFFFF) {
            size_t const remaining = static_cast<size_t>(end - in);
            _mm_storeu_si128(reinterpret_cast<__m128i*>(out + remaining - 16), block);
            out += remaining;
            in = end;
        }
    }
    // Eight bytes at a time for what is left (most names are short), again never past `end`:
    // a whole word, then the last eight bytes of `text` overlapping what was copied.
    if (end - in >= 8) {
        uint64_t word;
        std::memcpy(&word, in, 8);
        if (plain_word(word)) {
            std::memcpy(out, &word, 8);
            in += 8;
            out += 8;
        }
    }
    // The overlap is only valid when the window starts at or before `in`: the bytes it
    // overlaps were then all plain and copied one for one.
    if (in < end && end - in <= 8 && text.size() >= 8) {
        uint64_t word;
        std::memcpy(&word, end - 8, 8);
        if (plain_word(word)) {
            size_t const remaining = static_cast<size_t>(end - in);
            std::memcpy(out + remaining - 8, &word, 8);
            out += remaining;
            in = end;
        }
    }
    while (in < end) {
        unsigned char const c = static_cast<unsigned char>(*in++);
        if (json_plain(c))
            *out++ = static_cast<char>(c);
        else
            out = escape_byte(out, c);
    }
    return out;
}

char* Output::escape_byte(char* out, unsigned char c) {
    if (c == '"' || c == '\\') {
        out[0] = '\\';
        out[1] = static_cast<char>(c);
        return out + 2;
    }
    std::memcpy(out, "\\u00", 4);
    out[4] = kHexDigits[c >> 4];
    out[5] = kHexDigits[c & 0xF];
    return out + 6;
}

} // namespace halcyon::pe_dump
