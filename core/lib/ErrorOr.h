#pragma once

// Errors are values: a function that can fail returns ErrorOr<T>, and callers either handle the
// error or pass it up with TRY. Inside the kernel an error is an NTSTATUS plus an optional static
// message that says what went wrong in words (shown by --trace and in launch failures).

#include "NtStatus.h"
#include "Utility.h"

namespace halcyon {

class Error {
public:
    constexpr Error(NtStatus status, const char* message = nullptr) : m_status(status), m_message(message) {}

    constexpr NtStatus status() const { return m_status; }
    /// A static, human-readable description; never null.
    constexpr const char* message() const { return m_message ? m_message : "(no detail)"; }
    constexpr bool has_message() const { return m_message != nullptr; }

private:
    NtStatus m_status;
    const char* m_message;
};

template <typename T>
class [[nodiscard]] ErrorOr {
public:
    ErrorOr(const T& value) : m_has_value(true) { new (&m_storage.value) T(value); }
    ErrorOr(T&& value) : m_has_value(true) { new (&m_storage.value) T(move(value)); }
    template <typename U>
    requires(!IsSame<U, T> && !IsSame<U, Error> && !IsSame<U, NtStatus> && __is_constructible(T, U &&))
    ErrorOr(U&& value) : m_has_value(true) { new (&m_storage.value) T(forward<U>(value)); }
    ErrorOr(Error error) : m_has_value(false) { new (&m_storage.error) Error(error); }
    ErrorOr(NtStatus status) : ErrorOr(Error(status)) {}

    ErrorOr(ErrorOr&& other) : m_has_value(other.m_has_value) {
        if (m_has_value)
            new (&m_storage.value) T(move(other.m_storage.value));
        else
            new (&m_storage.error) Error(other.m_storage.error);
    }
    ErrorOr(const ErrorOr&) = delete;
    ErrorOr& operator=(const ErrorOr&) = delete;
    ErrorOr& operator=(ErrorOr&& other) {
        if (this != &other) {
            this->~ErrorOr();
            new (this) ErrorOr(move(other));
        }
        return *this;
    }
    ~ErrorOr() {
        if (m_has_value)
            m_storage.value.~T();
    }

    bool is_error() const { return !m_has_value; }
    bool has_value() const { return m_has_value; }
    Error error() const { return m_storage.error; }
    T& value() { return m_storage.value; }
    const T& value() const { return m_storage.value; }
    T release_value() { return move(m_storage.value); }
    Error release_error() { return m_storage.error; }

private:
    union Storage {
        Storage() {}
        ~Storage() {}
        T value;
        Error error;
    } m_storage;
    bool m_has_value;
};

template <>
class [[nodiscard]] ErrorOr<void> {
public:
    ErrorOr() : m_error(status::Success) {}
    ErrorOr(Error error) : m_error(error) {}
    ErrorOr(NtStatus status) : m_error(status) {}

    bool is_error() const { return m_error.status() != status::Success; }
    Error error() const { return m_error; }
    Error release_error() { return m_error; }
    void release_value() {}

private:
    Error m_error;
};

} // namespace halcyon

/// Evaluates an ErrorOr expression; on error returns the error from the enclosing function,
/// otherwise yields the value.
#define TRY(expression)                                                                                \
    ({                                                                                                 \
        auto&& _halcyon_try_result = (expression);                                                     \
        if (_halcyon_try_result.is_error()) [[unlikely]]                                               \
            return _halcyon_try_result.release_error();                                                \
        _halcyon_try_result.release_value();                                                           \
    })
