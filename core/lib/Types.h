#pragma once

// Fixed-width types for freestanding code. Only compiler-provided headers are used here so this
// file builds for the kernel, the hosted kernel and the PE32+ user-mode DLLs alike.

#include <stddef.h>
#include <stdint.h>

namespace halcyon {

using u8 = uint8_t;
using u16 = uint16_t;
using u32 = uint32_t;
using u64 = uint64_t;
using i8 = int8_t;
using i16 = int16_t;
using i32 = int32_t;
using i64 = int64_t;
using usize = size_t;
using uptr = uintptr_t;

constexpr usize KiB = 1024;
constexpr usize MiB = 1024 * KiB;
constexpr usize GiB = 1024 * MiB;

template <typename T>
constexpr T align_down(T value, T alignment) {
    return value & ~(alignment - 1);
}

template <typename T>
constexpr T align_up(T value, T alignment) {
    return (value + alignment - 1) & ~(alignment - 1);
}

template <typename T>
constexpr bool is_aligned(T value, T alignment) {
    return (value & (alignment - 1)) == 0;
}

/// Adds without wrapping; returns false when the sum does not fit.
template <typename T>
[[nodiscard]] constexpr bool checked_add(T a, T b, T& out) {
    return !__builtin_add_overflow(a, b, &out);
}

template <typename T>
[[nodiscard]] constexpr bool checked_mul(T a, T b, T& out) {
    return !__builtin_mul_overflow(a, b, &out);
}

template <typename T>
constexpr T min(T a, T b) {
    return a < b ? a : b;
}

template <typename T>
constexpr T max(T a, T b) {
    return a < b ? b : a;
}

} // namespace halcyon
