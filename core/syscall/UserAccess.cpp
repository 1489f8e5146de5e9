#include "core/syscall/UserAccess.h"

#include "core/fs/Utf.h"
#include "hal/backend.h"

namespace halcyon::user {

ErrorOr<void> copy_from(void* kernel_buffer, u64 user_address, usize size) {
    if (size == 0)
        return {};
    if (!hal::UserMode::copy_from_user(kernel_buffer, user_address, size))
        return Error(status::AccessViolation, "bad user pointer (read)");
    return {};
}

ErrorOr<void> copy_to(u64 user_address, const void* kernel_source, usize size) {
    if (size == 0)
        return {};
    if (!hal::UserMode::copy_to_user(user_address, kernel_source, size))
        return Error(status::AccessViolation, "bad user pointer (write)");
    return {};
}

ErrorOr<String> read_unicode_string(UserPtr<abi::UnicodeString> pointer) {
    abi::UnicodeString descriptor = TRY(read(pointer));
    if ((descriptor.length & 1) || descriptor.length > descriptor.maximum_length)
        return Error(status::InvalidParameter, "malformed UNICODE_STRING");
    usize units = descriptor.length / 2;
    Vector<u16> buffer;
    TRY(buffer.ensure_capacity(units + 1));
    for (usize i = 0; i < units; ++i)
        TRY(buffer.try_append(0));
    TRY(copy_from(buffer.data(), descriptor.buffer, descriptor.length));
    return fs::utf16_to_utf8(Span<const u16>(buffer.data(), units));
}

ErrorOr<String> read_object_name(UserPtr<abi::ObjectAttributes> pointer) {
    if (pointer.is_null())
        return Error(status::InvalidParameter, "null OBJECT_ATTRIBUTES");
    abi::ObjectAttributes attributes = TRY(read(pointer));
    if (attributes.length != sizeof(abi::ObjectAttributes))
        return Error(status::InvalidParameter, "OBJECT_ATTRIBUTES.Length is wrong");
    if (attributes.root_directory != 0)
        return Error(status::NotImplemented, "opens relative to RootDirectory are not implemented");
    if (attributes.object_name == 0)
        return Error(status::ObjectNameInvalid, "OBJECT_ATTRIBUTES without a name");
    return read_unicode_string(UserPtr<abi::UnicodeString>{attributes.object_name});
}

ErrorOr<void> write_io_status(UserPtr<abi::IoStatusBlock> pointer, NtStatus status, u64 information) {
    abi::IoStatusBlock block{status.value, information};
    return write(pointer, block);
}

} // namespace halcyon::user
