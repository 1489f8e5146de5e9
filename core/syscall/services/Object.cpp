// NtClose, NtDuplicateObject and the object information services.

#include "core/syscall/Services.h"

namespace halcyon::sys {

constexpr u32 kDuplicateCloseSource = 0x1;
constexpr u32 kDuplicateSameAccess = 0x2;
/// OBJ_INHERIT in HandleAttributes / OBJECT_ATTRIBUTES.Attributes.
constexpr u32 kObjInherit = 0x2;
/// OBJECT_INFORMATION_CLASS ObjectHandleFlagInformation: { BOOLEAN Inherit; BOOLEAN ProtectFromClose; }.
constexpr u32 kObjectHandleFlagInformation = 4;

ErrorOr<ps::Process*> process_from_handle(SyscallContext& context, RawHandle handle) {
    RefPtr<ps::Process> process = TRY(any_process_from_handle(context, handle));
    if (process.get() != &context.process)
        return Error(status::NotImplemented, "this operation on another process is not implemented yet");
    return &context.process;
}

ErrorOr<RefPtr<ps::Process>> any_process_from_handle(SyscallContext& context, RawHandle handle) {
    if (handle.is_current_process())
        return RefPtr<ps::Process>(&context.process);
    // FIXME: access rights are not checked (PROCESS_TERMINATE, PROCESS_QUERY_INFORMATION, ...).
    return context.process.handles().lookup_as<ps::Process>(handle.value);
}

ErrorOr<void> publish_handle(SyscallContext& context, RefPtr<ob::Object> object, u32 access, UserPtr<u64> out,
                             u32 attributes) {
    u64 handle = TRY(context.process.handles().insert(move(object), access, attributes));
    auto written = user::write(out, handle);
    if (written.is_error()) {
        (void)context.process.handles().close(handle);
        return written.release_error();
    }
    return {};
}

ErrorOr<void> reject_named_object(UserPtr<abi::ObjectAttributes> attributes, const char* what) {
    if (attributes.is_null())
        return {};
    abi::ObjectAttributes value = TRY(user::read(attributes));
    if (value.object_name != 0) {
        kernel::log("halcyon: named {} are not implemented", what);
        return Error(status::NotImplemented, "named objects are not implemented");
    }
    return {};
}

NtStatus NtClose(SyscallContext& context, RawHandle Handle) {
    if (Handle.is_current_process() || Handle.is_current_thread())
        return status::Success;
    return to_status(context.process.handles().close(Handle.value));
}

NtStatus NtDuplicateObject(SyscallContext& context, RawHandle SourceProcessHandle, RawHandle SourceHandle,
                           RawHandle TargetProcessHandle, UserPtr<u64> TargetHandle, u32 DesiredAccess,
                           u32 HandleAttributes, u32 Options) {
    return to_status([&]() -> ErrorOr<void> {
        RefPtr<ps::Process> source_process = TRY(any_process_from_handle(context, SourceProcessHandle));
        RefPtr<ps::Process> target_process;
        if (!TargetProcessHandle.is_null() || !TargetHandle.is_null())
            target_process = TRY(any_process_from_handle(context, TargetProcessHandle));
        auto& handles = source_process->handles();
        bool source_is_caller = source_process.get() == &context.process;
        RefPtr<ob::Object> object;
        u32 access = DesiredAccess;
        // The pseudo-handles mean the calling process and thread, as they do for the caller.
        if (SourceHandle.is_current_process() && source_is_caller) {
            object = RefPtr<ob::Object>(&context.process);
            access = 0x1FFFFF; // PROCESS_ALL_ACCESS
        } else if (SourceHandle.is_current_thread() && source_is_caller) {
            object = RefPtr<ob::Object>(&context.thread);
            access = 0x1FFFFF; // THREAD_ALL_ACCESS
        } else {
            object = TRY(handles.lookup(SourceHandle.value));
            if (Options & kDuplicateSameAccess)
                access = TRY(handles.query(SourceHandle.value)).granted_access;
        }
        u32 attributes = (HandleAttributes & kObjInherit) ? ob::handle_attribute::Inherit : 0;
        if (target_process && target_process.get() == &context.process) {
            if (!TargetHandle.is_null())
                TRY(publish_handle(context, object, access, TargetHandle, attributes));
        } else if (target_process) {
            // Into another process: the value is meaningful only there; the caller just learns it.
            u64 value = TRY(target_process->handles().insert(object, access, attributes));
            if (auto written = user::write_optional(TargetHandle, value); written.is_error()) {
                (void)target_process->handles().close(value);
                return written.release_error();
            }
        }
        if ((Options & kDuplicateCloseSource) && !SourceHandle.is_current_process() &&
            !SourceHandle.is_current_thread())
            TRY(handles.close(SourceHandle.value));
        return {};
    }());
}

NtStatus NtQueryObject(SyscallContext& context, RawHandle Handle, u32 ObjectInformationClass,
                       UserPtr<void> ObjectInformation, u32 ObjectInformationLength, UserPtr<u32> ReturnLength) {
    return to_status([&]() -> ErrorOr<void> {
        if (ObjectInformationClass != kObjectHandleFlagInformation) {
            kernel::log("halcyon: NtQueryObject class {} is not implemented", ObjectInformationClass);
            return Error(status::NotImplemented);
        }
        u8 flags[2] = {0, 0};
        // The pseudo-handles are neither inheritable nor protected.
        if (!Handle.is_current_process() && !Handle.is_current_thread()) {
            ob::HandleInfo info = TRY(context.process.handles().query(Handle.value));
            flags[0] = (info.attributes & ob::handle_attribute::Inherit) ? 1 : 0;
            flags[1] = (info.attributes & ob::handle_attribute::ProtectFromClose) ? 1 : 0;
        }
        if (!ReturnLength.is_null())
            TRY(user::write(ReturnLength, static_cast<u32>(sizeof flags)));
        if (ObjectInformationLength < sizeof flags)
            return Error(status::InfoLengthMismatch, "information buffer too small");
        return user::copy_to(ObjectInformation.address, flags, sizeof flags);
    }());
}

NtStatus NtSetInformationObject(SyscallContext& context, RawHandle Handle, u32 ObjectInformationClass,
                                UserPtr<void> ObjectInformation, u32 ObjectInformationLength) {
    return to_status([&]() -> ErrorOr<void> {
        if (ObjectInformationClass != kObjectHandleFlagInformation) {
            kernel::log("halcyon: NtSetInformationObject class {} is not implemented", ObjectInformationClass);
            return Error(status::NotImplemented);
        }
        if (ObjectInformationLength < 2)
            return Error(status::InfoLengthMismatch, "information buffer too small");
        u8 flags[2];
        TRY(user::copy_from(flags, ObjectInformation.address, sizeof flags));
        if (Handle.is_current_process() || Handle.is_current_thread())
            return Error(status::InvalidHandle, "pseudo-handles have no flags");
        u32 value = (flags[0] ? ob::handle_attribute::Inherit : 0) | (flags[1] ? ob::handle_attribute::ProtectFromClose : 0);
        return context.process.handles().set_attributes(Handle.value, ob::handle_attribute::ValidMask, value);
    }());
}

} // namespace halcyon::sys
