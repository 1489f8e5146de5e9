// Image sections: how ntdll's loader maps DLLs (NtCreateSection(SEC_IMAGE) + NtMapViewOfSection).

#include "core/fs/FileObject.h"
#include "core/mm/VmTypes.h"
#include "core/ps/ImageSection.h"
#include "core/syscall/Services.h"

namespace halcyon::sys {

constexpr u32 kSecImage = 0x01000000;

NtStatus NtCreateSection(SyscallContext& context, UserPtr<u64> SectionHandle, u32 DesiredAccess,
                         UserPtr<abi::ObjectAttributes> ObjectAttributes, UserPtr<i64> MaximumSize,
                         u32 SectionPageProtection, u32 AllocationAttributes, RawHandle FileHandle) {
    if (!(AllocationAttributes & kSecImage) || FileHandle.is_null())
        return not_implemented("NtCreateSection for data sections (only SEC_IMAGE is implemented)");
    return to_status([&]() -> ErrorOr<void> {
        TRY(reject_named_object(ObjectAttributes, "sections"));
        auto file = TRY(context.process.handles().lookup_as<fs::FileObject>(FileHandle.value));
        auto section = TRY(ps::ImageSection::create_from_node(file->node(), "image"));
        return publish_handle(context, section, DesiredAccess, SectionHandle);
    }());
}

NtStatus NtMapViewOfSection(SyscallContext& context, RawHandle SectionHandle, RawHandle ProcessHandle,
                            UserPtr<u64> BaseAddress, u64 ZeroBits, u64 CommitSize, UserPtr<i64> SectionOffset,
                            UserPtr<u64> ViewSize, u32 InheritDisposition, u32 AllocationType, u32 Win32Protect) {
    bool relocated = false;
    NtStatus result = to_status([&]() -> ErrorOr<void> {
        ps::Process* process = TRY(process_from_handle(context, ProcessHandle));
        auto section = TRY(context.process.handles().lookup_as<ps::ImageSection>(SectionHandle.value));
        u64 requested = TRY(user::read(BaseAddress));
        ps::MappedImage view = TRY(section->map_into(*process, requested));
        relocated = view.relocated;
        TRY(user::write(BaseAddress, view.base));
        TRY(user::write_optional(ViewSize, view.size));
        kernel::trace("[mm] pid={} image view at {:#x} size {:#x}{}", process->pid(), view.base, view.size,
                      relocated ? " (relocated)" : "");
        return {};
    }());
    if (result == status::Success && relocated)
        return ps::kImageNotAtBase;
    return result;
}

NtStatus NtUnmapViewOfSection(SyscallContext& context, RawHandle ProcessHandle, UserPtr<void> BaseAddress) {
    return to_status([&]() -> ErrorOr<void> {
        ps::Process* process = TRY(process_from_handle(context, ProcessHandle));
        return process->address_space().unmap_view(BaseAddress.address);
    }());
}

} // namespace halcyon::sys
