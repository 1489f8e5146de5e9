// OBJECT_ATTRIBUTES for named objects (Named.h) and NtOpenDirectoryObject.

#include "core/syscall/services/Named.h"

namespace halcyon::sys {

ErrorOr<ObjectRequest> read_object_request(SyscallContext& context, UserPtr<abi::ObjectAttributes> pointer) {
    ObjectRequest request;
    if (pointer.is_null())
        return request;
    abi::ObjectAttributes attributes = TRY(user::read(pointer));
    if (attributes.length != sizeof(abi::ObjectAttributes))
        return Error(status::InvalidParameter, "OBJECT_ATTRIBUTES.Length is wrong");
    request.attributes = attributes.attributes;
    if (attributes.object_name != 0)
        request.name = TRY(user::read_unicode_string(UserPtr<abi::UnicodeString>{attributes.object_name}));
    if (attributes.root_directory != 0) {
        auto directory = TRY(context.process.handles().lookup_as<ob::DirectoryObject>(attributes.root_directory));
        if (request.named())
            request.name = TRY(directory->join(request.name.view()));
    }
    return request;
}

ErrorOr<bool> publish_created(SyscallContext& context, RefPtr<ob::Object> object, const ObjectRequest& request,
                              u32 access, UserPtr<u64> out) {
    if (!request.named()) {
        TRY(publish_handle(context, move(object), access, out, request.handle_attributes()));
        return false;
    }
    ob::NamedInsert inserted = TRY(ob::insert_named(request.name.view(), move(object), request.case_insensitive()));
    if (inserted.existed && !(request.attributes & object_attribute::OpenIf))
        return Error(status::ObjectNameCollision, "the object name is taken");
    TRY(publish_handle(context, move(inserted.object), access, out, request.handle_attributes()));
    return inserted.existed;
}

ErrorOr<RefPtr<ob::Object>> existing_named(const ObjectRequest& request, ob::ObjectType type) {
    if (!request.named())
        return RefPtr<ob::Object>();
    auto found = ob::open_named(request.name.view(), type, request.case_insensitive());
    if (found.is_error()) {
        if (found.error().status() == status::ObjectNameNotFound)
            return RefPtr<ob::Object>();
        return found.release_error();
    }
    if (!(request.attributes & object_attribute::OpenIf))
        return Error(status::ObjectNameCollision, "the object name is taken");
    return found.release_value();
}

ErrorOr<void> open_by_name(SyscallContext& context, UserPtr<abi::ObjectAttributes> attributes, ob::ObjectType type,
                           u32 access, UserPtr<u64> out) {
    if (attributes.is_null())
        return Error(status::InvalidParameter, "an open needs OBJECT_ATTRIBUTES");
    ObjectRequest request = TRY(read_object_request(context, attributes));
    if (!request.named())
        return Error(status::ObjectPathSyntaxBad, "an open needs an object name");
    RefPtr<ob::Object> object = TRY(ob::open_named(request.name.view(), type, request.case_insensitive()));
    return publish_handle(context, move(object), access, out, request.handle_attributes());
}

} // namespace halcyon::sys

namespace halcyon::sys {

NtStatus NtOpenDirectoryObject(SyscallContext& context, UserPtr<u64> DirectoryHandle, u32 DesiredAccess,
                               UserPtr<abi::ObjectAttributes> ObjectAttributes) {
    return to_status([&]() -> ErrorOr<void> {
        if (ObjectAttributes.is_null())
            return Error(status::InvalidParameter, "an open needs OBJECT_ATTRIBUTES");
        ObjectRequest request = TRY(read_object_request(context, ObjectAttributes));
        if (!request.named())
            return Error(status::ObjectPathSyntaxBad, "an open needs an object name");
        auto directory = TRY(ob::DirectoryObject::open(request.name.view()));
        return publish_handle(context, move(directory), DesiredAccess, DirectoryHandle, request.handle_attributes());
    }());
}

} // namespace halcyon::sys
