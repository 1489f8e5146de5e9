#pragma once

// OBJECT_ATTRIBUTES for the services that create and open named objects (events, mutants,
// semaphores, sections, timers): reading the name and flags, and publishing a created or opened
// object under NT's rules (OBJ_OPENIF, STATUS_OBJECT_NAME_EXISTS, OBJ_INHERIT). The namespace
// itself is core/ob/Namespace.h.

#include "core/lib/String.h"
#include "core/ob/Namespace.h"
#include "core/syscall/Services.h"

namespace halcyon::sys {

/// OBJECT_ATTRIBUTES.Attributes bits.
namespace object_attribute {
constexpr u32 Inherit = 0x02;
constexpr u32 Permanent = 0x10;
constexpr u32 CaseInsensitive = 0x40;
constexpr u32 OpenIf = 0x80;
} // namespace object_attribute

/// What OBJECT_ATTRIBUTES asks of a create or an open.
struct ObjectRequest {
    String name; ///< UTF-8, empty for an unnamed object
    u32 attributes{0};
    bool named() const { return !name.is_empty(); }
    bool case_insensitive() const { return attributes & object_attribute::CaseInsensitive; }
    /// Handle attributes (ob::handle_attribute) for the new handle.
    u32 handle_attributes() const { return (attributes & object_attribute::Inherit) ? ob::handle_attribute::Inherit : 0; }
};

/// Reads OBJECT_ATTRIBUTES (null: unnamed, no flags). A wrong Length is InvalidParameter; a
/// RootDirectory must be a directory handle (NtOpenDirectoryObject), and the name is then made
/// absolute below it.
ErrorOr<ObjectRequest> read_object_request(SyscallContext& context, UserPtr<abi::ObjectAttributes> attributes);

/// Publishes a newly created object: unnamed, or under its name. When the name is taken by an
/// object of the same type that one is opened instead (OBJ_OPENIF; the result is then
/// STATUS_OBJECT_NAME_EXISTS) or the create fails with STATUS_OBJECT_NAME_COLLISION. Returns
/// whether an existing object was opened.
ErrorOr<bool> publish_created(SyscallContext& context, RefPtr<ob::Object> object, const ObjectRequest& request,
                                  u32 access, UserPtr<u64> out);

/// For services that look before they create (sections: creating one may be expensive): the
/// object already named by `request`, or null when the name is free or the request is unnamed.
/// Another type's object is ObjectTypeMismatch, a taken name without OBJ_OPENIF
/// ObjectNameCollision.
ErrorOr<RefPtr<ob::Object>> existing_named(const ObjectRequest& request, ob::ObjectType type);

/// NtOpen*: the object of `type` named by OBJECT_ATTRIBUTES, as a new handle in `out`.
ErrorOr<void> open_by_name(SyscallContext& context, UserPtr<abi::ObjectAttributes> attributes, ob::ObjectType type,
                           u32 access, UserPtr<u64> out);

/// The status of a create body that returns whether it opened an existing object: Success or
/// STATUS_OBJECT_NAME_EXISTS.
inline NtStatus to_create_status(ErrorOr<bool> result) {
    if (result.is_error())
        return to_status(ErrorOr<void>(result.release_error()));
    return result.value() ? ob::kStatusObjectNameExists : status::Success;
}

} // namespace halcyon::sys
