#pragma once

// Every byte a system service reads from or writes to user memory goes through these helpers.
// They validate the range (user half only) and copy through the HAL's fault-safe primitives, so
// a bad pointer becomes STATUS_ACCESS_VIOLATION and never a kernel crash.

#include "core/lib/ErrorOr.h"
#include "core/lib/String.h"
#include "core/lib/Vector.h"
#include "core/syscall/SyscallTypes.h"

namespace halcyon::user {

ErrorOr<void> copy_from(void* kernel_buffer, u64 user_address, usize size);
ErrorOr<void> copy_to(u64 user_address, const void* kernel_source, usize size);

template <typename T>
ErrorOr<T> read(UserPtr<T> pointer) {
    T value;
    TRY(copy_from(&value, pointer.address, sizeof(T)));
    return value;
}

template <typename T>
ErrorOr<void> write(UserPtr<T> pointer, const T& value) {
    return copy_to(pointer.address, &value, sizeof(T));
}

/// Writes `value` if `pointer` is not null (for optional out-parameters).
template <typename T>
ErrorOr<void> write_optional(UserPtr<T> pointer, const T& value) {
    if (pointer.is_null())
        return {};
    return write(pointer, value);
}

/// Reads a UNICODE_STRING (the descriptor, then the UTF-16 buffer) and converts it to UTF-8.
/// Odd lengths, length > maximum length and strings over 32767 characters are InvalidParameter.
ErrorOr<String> read_unicode_string(UserPtr<abi::UnicodeString> pointer);

/// Reads an OBJECT_ATTRIBUTES and its ObjectName. RootDirectory must be null for now (relative
/// opens are a FIXME); returns the name as UTF-8.
ErrorOr<String> read_object_name(UserPtr<abi::ObjectAttributes> pointer);

/// Writes an IO_STATUS_BLOCK.
ErrorOr<void> write_io_status(UserPtr<abi::IoStatusBlock> pointer, NtStatus status, u64 information);

} // namespace halcyon::user
