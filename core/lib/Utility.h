#pragma once

// The handful of <utility>/<type_traits> pieces core needs, written on compiler builtins so the
// same headers build where no C++ standard library exists (the PE32+ DLLs, the bare-metal kernel).

#include "Types.h"

#if __has_include(<new>) && !defined(HALCYON_NO_STDLIB)
#include <new>
#else
inline void* operator new(size_t, void* where) noexcept { return where; }
inline void* operator new[](size_t, void* where) noexcept { return where; }
#endif

namespace halcyon {

template <typename T>
struct RemoveReference {
    using Type = T;
};
template <typename T>
struct RemoveReference<T&> {
    using Type = T;
};
template <typename T>
struct RemoveReference<T&&> {
    using Type = T;
};

template <typename T>
constexpr typename RemoveReference<T>::Type&& move(T&& value) {
    return static_cast<typename RemoveReference<T>::Type&&>(value);
}

template <typename T>
constexpr T&& forward(typename RemoveReference<T>::Type& value) {
    return static_cast<T&&>(value);
}

template <typename T>
constexpr T&& forward(typename RemoveReference<T>::Type&& value) {
    return static_cast<T&&>(value);
}

template <typename T>
constexpr void swap(T& a, T& b) {
    T tmp = move(a);
    a = move(b);
    b = move(tmp);
}

template <typename T, typename U = T>
constexpr T exchange(T& slot, U&& value) {
    T old = move(slot);
    slot = forward<U>(value);
    return old;
}

template <typename T>
inline constexpr bool IsTriviallyCopyable = __is_trivially_copyable(T);

template <typename A, typename B>
inline constexpr bool IsSame = __is_same(A, B);

/// Byte copy usable before any runtime exists (compiles to rep movsb or a call to memcpy).
inline void copy_bytes(void* dst, const void* src, usize n) {
    __builtin_memcpy(dst, src, n);
}

inline void fill_bytes(void* dst, u8 value, usize n) {
    __builtin_memset(dst, value, n);
}

} // namespace halcyon
