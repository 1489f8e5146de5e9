#pragma once

// A fixed-capacity unsigned big integer, just large enough for exact binary <-> decimal
// conversion of IEEE doubles: the largest value needed is about 5^1104 * 2^64 (strtod of a
// 780-digit mantissa with an exponent near the subnormal range), well under 5120 bits.
// Header-only so the printf engine and strtod (and their host tests) share it without a library.

#include "win32/crt/CrtTypes.h"

namespace crt {

class BigInt {
public:
    static constexpr int kWords = 160; // 32-bit words: 5120 bits

    BigInt() = default;
    explicit BigInt(uint64_t value) { set(value); }

    void set(uint64_t value) {
        for (int i = 2; i < m_size; ++i)
            m_words[i] = 0;
        m_words[0] = static_cast<uint32_t>(value);
        m_words[1] = static_cast<uint32_t>(value >> 32);
        m_size = m_words[1] ? 2 : (m_words[0] ? 1 : 0);
    }

    bool is_zero() const { return m_size == 0; }

    /// Number of significant bits (0 for zero).
    int bit_length() const {
        if (m_size == 0)
            return 0;
        return (m_size - 1) * 32 + (32 - __builtin_clz(m_words[m_size - 1]));
    }

    bool bit(int index) const {
        int word = index / 32;
        return word < m_size && ((m_words[word] >> (index % 32)) & 1);
    }

    /// True when any bit below `index` is set.
    bool any_bit_below(int index) const {
        int word = index / 32;
        for (int i = 0; i < word && i < m_size; ++i)
            if (m_words[i])
                return true;
        if (word < m_size && (index % 32) && (m_words[word] & ((1u << (index % 32)) - 1)))
            return true;
        return false;
    }

    /// Bits [index, index + 64) as an integer.
    uint64_t bits_at(int index) const {
        uint64_t result = 0;
        for (int i = 0; i < 64; ++i)
            if (bit(index + i))
                result |= uint64_t(1) << i;
        return result;
    }

    void multiply_small(uint32_t factor) {
        uint64_t carry = 0;
        for (int i = 0; i < m_size; ++i) {
            uint64_t product = uint64_t(m_words[i]) * factor + carry;
            m_words[i] = static_cast<uint32_t>(product);
            carry = product >> 32;
        }
        if (carry && m_size < kWords)
            m_words[m_size++] = static_cast<uint32_t>(carry);
        trim();
    }

    void add_small(uint32_t addend) {
        uint64_t carry = addend;
        for (int i = 0; carry && i < kWords; ++i) {
            if (i == m_size)
                m_words[m_size++] = 0;
            uint64_t sum = uint64_t(m_words[i]) + carry;
            m_words[i] = static_cast<uint32_t>(sum);
            carry = sum >> 32;
        }
    }

    void multiply_pow5(int exponent) {
        // 5^13 is the largest power of five that fits in 32 bits.
        while (exponent >= 13) {
            multiply_small(1220703125u);
            exponent -= 13;
        }
        static constexpr uint32_t kSmall[13] = {1, 5, 25, 125, 625, 3125, 15625, 78125, 390625,
                                                1953125, 9765625, 48828125, 244140625};
        if (exponent > 0)
            multiply_small(kSmall[exponent]);
    }

    void multiply_pow10(int exponent) {
        multiply_pow5(exponent);
        shift_left(exponent);
    }

    void shift_left(int bits) {
        if (m_size == 0 || bits <= 0)
            return;
        int words = bits / 32, rest = bits % 32;
        int new_size = m_size + words + 1;
        if (new_size > kWords)
            new_size = kWords;
        for (int i = new_size - 1; i >= 0; --i) {
            int src = i - words;
            uint64_t high = (src >= 0 && src < m_size) ? m_words[src] : 0;
            uint64_t low = (src - 1 >= 0 && src - 1 < m_size) ? m_words[src - 1] : 0;
            m_words[i] = rest ? static_cast<uint32_t>((high << rest) | (low >> (32 - rest)))
                              : static_cast<uint32_t>(high);
        }
        m_size = new_size;
        trim();
    }

    void shift_right_one() {
        for (int i = 0; i < m_size; ++i) {
            uint32_t next = (i + 1 < m_size) ? m_words[i + 1] : 0;
            m_words[i] = (m_words[i] >> 1) | (next << 31);
        }
        trim();
    }

    /// Divides in place by `divisor` and returns the remainder.
    uint32_t divide_small(uint32_t divisor) {
        uint64_t remainder = 0;
        for (int i = m_size - 1; i >= 0; --i) {
            uint64_t current = (remainder << 32) | m_words[i];
            m_words[i] = static_cast<uint32_t>(current / divisor);
            remainder = current % divisor;
        }
        trim();
        return static_cast<uint32_t>(remainder);
    }

    static int compare(const BigInt& a, const BigInt& b) {
        if (a.m_size != b.m_size)
            return a.m_size < b.m_size ? -1 : 1;
        for (int i = a.m_size - 1; i >= 0; --i)
            if (a.m_words[i] != b.m_words[i])
                return a.m_words[i] < b.m_words[i] ? -1 : 1;
        return 0;
    }

    /// this -= other; requires this >= other.
    void subtract(const BigInt& other) {
        int64_t borrow = 0;
        for (int i = 0; i < m_size; ++i) {
            int64_t diff = int64_t(m_words[i]) - (i < other.m_size ? other.m_words[i] : 0) - borrow;
            borrow = diff < 0;
            m_words[i] = static_cast<uint32_t>(diff + (borrow ? (int64_t(1) << 32) : 0));
        }
        trim();
    }

private:
    void trim() {
        while (m_size > 0 && m_words[m_size - 1] == 0)
            --m_size;
    }

    uint32_t m_words[kWords] = {};
    int m_size = 0; // number of significant words; words at and above m_size are zero
};

} // namespace crt
