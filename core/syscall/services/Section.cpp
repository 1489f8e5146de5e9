// Sections: image sections, how ntdll's loader maps DLLs (NtCreateSection(SEC_IMAGE) +
// NtMapViewOfSection), and data sections, what CreateFileMapping / MapViewOfFile use
// (DataSection.h).

#include "core/fs/FileObject.h"
#include "core/mm/VmTypes.h"
#include "core/ps/ImageSection.h"
#include "core/syscall/Services.h"
#include "core/syscall/services/DataSection.h"
#include "core/syscall/services/Named.h"

namespace halcyon::sys {

namespace {

constexpr u32 kSecImage = 0x01000000;
constexpr u32 kSecReserve = 0x04000000;
constexpr u32 kSecCommit = 0x08000000;
constexpr u32 kSecNoCache = 0x10000000;

/// The access a page protection needs: 0 none, 1 read, 2 read and write, 3 copy-on-write.
int protection_level(u32 protection) {
    switch (protection & mm::kPageAccessMask) {
    case mm::PAGE_READONLY:
    case mm::PAGE_EXECUTE_READ:
    case mm::PAGE_EXECUTE:
        return 1;
    case mm::PAGE_READWRITE:
    case mm::PAGE_EXECUTE_READWRITE:
        return 2;
    case mm::PAGE_WRITECOPY:
    case mm::PAGE_EXECUTE_WRITECOPY:
        return 3;
    default:
        return 0;
    }
}

/// NtCreateSection without SEC_IMAGE: a page-file-backed section of MaximumSize bytes, or a view
/// of a file (MaximumSize 0: the file's size; larger than the file: the file grows, if the section
/// may write it).
ErrorOr<bool> create_data_section(SyscallContext& context, UserPtr<u64> SectionHandle, u32 DesiredAccess,
                                  UserPtr<abi::ObjectAttributes> ObjectAttributes, UserPtr<i64> MaximumSize,
                                  u32 protection, u32 attributes, RawHandle FileHandle) {
    ObjectRequest request = TRY(read_object_request(context, ObjectAttributes));
    // A named mapping that exists already is opened as it is (size and file are ignored), as
    // CreateFileMapping does on Windows.
    if (RefPtr<ob::Object> existing = TRY(existing_named(request, ob::ObjectType::DataSection))) {
        TRY(publish_handle(context, move(existing), DesiredAccess, SectionHandle, request.handle_attributes()));
        return true;
    }
    if (attributes & ~(kSecReserve | kSecCommit | kSecNoCache))
        return Error(status::NotImplemented, "section attributes other than SEC_COMMIT/SEC_RESERVE");
    int level = protection_level(protection);
    if (level == 0 || (protection & ~mm::kPageAccessMask))
        return Error(status::InvalidPageProtection, "section protection");
    i64 maximum = MaximumSize.is_null() ? 0 : TRY(user::read(MaximumSize));
    if (maximum < 0)
        return Error(status::SectionTooBig, "negative section size");
    RefPtr<fs::FileObject> file;
    u64 size = static_cast<u64>(maximum);
    if (!FileHandle.is_null()) {
        file = TRY(context.process.handles().lookup_as<fs::FileObject>(FileHandle.value));
        if (file->is_directory())
            return Error(status::InvalidParameter, "a directory cannot be mapped");
        u32 access = file->granted_access();
        if (!(access & fs::file_access::ReadData) || (level == 2 && !(access & fs::file_access::WriteData)))
            return Error(status::AccessDenied, "the file handle does not allow this section protection");
        u64 file_size = TRY(file->stat()).size;
        if (size == 0) {
            if (file_size == 0)
                return Error(status::MappedFileSizeZero, "mapping an empty file");
            size = file_size;
        } else if (size > file_size) {
            if (level != 2)
                return Error(status::SectionTooBig, "a read-only section larger than its file");
            TRY(file->set_size(size));
        }
    } else if (size == 0) {
        return Error(status::SectionTooBig, "a page-file section needs a size");
    }
    auto section = TRY(DataSection::create(size, protection, move(file)));
    kernel::trace("[mm] data section size={:#x} protection={:#x}{}", size, protection,
                  section->is_file_backed() ? " (file)" : "");
    return publish_created(context, section, request, DesiredAccess, SectionHandle);
}

/// NtMapViewOfSection of a data section: views start at a multiple of 64 KiB in the section and
/// cover whole pages; ViewSize 0 maps the rest of the section.
ErrorOr<void> map_data_view(SyscallContext& context, RefPtr<DataSection> section, RawHandle ProcessHandle,
                            UserPtr<u64> BaseAddress, UserPtr<i64> SectionOffset, UserPtr<u64> ViewSize,
                            u32 protection) {
    ps::Process* process = TRY(process_from_handle(context, ProcessHandle));
    u64 requested = TRY(user::read(BaseAddress));
    i64 offset = SectionOffset.is_null() ? 0 : TRY(user::read(SectionOffset));
    u64 size = ViewSize.is_null() ? 0 : TRY(user::read(ViewSize));
    if (offset < 0 || static_cast<u64>(offset) % mm::kAllocationGranularity)
        return Error(status::MappedAlignment, "view offset is not a multiple of 64 KiB");
    if (static_cast<u64>(offset) >= section->size())
        return Error(status::InvalidViewSize, "view starts past the end of the section");
    if (size == 0)
        size = section->size() - static_cast<u64>(offset);
    if (size > section->size() - static_cast<u64>(offset))
        return Error(status::InvalidViewSize, "view runs past the end of the section");
    int level = protection_level(protection);
    if (level == 0 || (protection & ~mm::kPageAccessMask))
        return Error(status::InvalidPageProtection, "view protection");
    if (level == 3)
        return Error(status::NotImplemented, "copy-on-write views of data sections");
    if (level == 2 && !section->is_writable())
        return Error(status::AccessDenied, "a writable view of a read-only section");
    u64 first_page = static_cast<u64>(offset) / mm::kPageSize;
    u64 pages = align_up<u64>(size, mm::kPageSize) / mm::kPageSize;
    section->ref(); // the view's reference, dropped by AddressSpace when the view goes
    auto view = process->address_space().map_frames(requested, section->frames(first_page, pages), protection,
                                                    section->view_owner(first_page));
    if (view.is_error()) {
        section->unref();
        return view.release_error();
    }
    TRY(user::write(BaseAddress, view.value().base));
    TRY(user::write_optional(ViewSize, pages * mm::kPageSize));
    kernel::trace("[mm] pid={} data view at {:#x} size {:#x}", process->pid(), view.value().base,
                  pages * mm::kPageSize);
    return {};
}

/// Writes the pages of the data-section view at `address` that cover [address, address + size)
/// (size 0: to the end of the view) back to the section's file.
ErrorOr<void> flush_view(ps::Process& process, u64 address, u64 size) {
    auto view = TRY(process.address_space().query_view(address));
    auto* section = static_cast<DataSection*>(view.owner.context);
    u64 first = (align_down<u64>(address, mm::kPageSize) - view.range.base) / mm::kPageSize;
    u64 end = size == 0 ? view.range.size / mm::kPageSize
                        : min<u64>(align_up<u64>(address + size, mm::kPageSize) - view.range.base,
                                   view.range.size) /
                              mm::kPageSize;
    auto written = section->write_back(view.owner.first_page + first, end - first);
    view.owner.on_release(view.owner.context);
    return written;
}

} // namespace

NtStatus NtCreateSection(SyscallContext& context, UserPtr<u64> SectionHandle, u32 DesiredAccess,
                         UserPtr<abi::ObjectAttributes> ObjectAttributes, UserPtr<i64> MaximumSize,
                         u32 SectionPageProtection, u32 AllocationAttributes, RawHandle FileHandle) {
    if (!(AllocationAttributes & kSecImage))
        return to_create_status(create_data_section(context, SectionHandle, DesiredAccess, ObjectAttributes, MaximumSize,
                                             SectionPageProtection, AllocationAttributes, FileHandle));
    if (FileHandle.is_null())
        return status::InvalidFileForSection;
    return to_status([&]() -> ErrorOr<void> {
        TRY(reject_named_object(ObjectAttributes, "sections"));
        auto file = TRY(context.process.handles().lookup_as<fs::FileObject>(FileHandle.value));
        auto section = TRY(ps::ImageSection::create_from_node(file->node(), "image"));
        return publish_handle(context, section, DesiredAccess, SectionHandle);
    }());
}

NtStatus NtOpenSection(SyscallContext& context, UserPtr<u64> SectionHandle, u32 DesiredAccess,
                       UserPtr<abi::ObjectAttributes> ObjectAttributes) {
    return to_status(
        open_by_name(context, ObjectAttributes, ob::ObjectType::DataSection, DesiredAccess, SectionHandle));
}

NtStatus NtMapViewOfSection(SyscallContext& context, RawHandle SectionHandle, RawHandle ProcessHandle,
                            UserPtr<u64> BaseAddress, u64 ZeroBits, u64 CommitSize, UserPtr<i64> SectionOffset,
                            UserPtr<u64> ViewSize, u32 InheritDisposition, u32 AllocationType, u32 Win32Protect) {
    if (auto data = context.process.handles().lookup_as<DataSection>(SectionHandle.value); !data.is_error())
        return to_status(map_data_view(context, data.release_value(), ProcessHandle, BaseAddress, SectionOffset,
                                       ViewSize, Win32Protect));
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
        // A view of a file-backed section hands its data to the file as it goes.
        if (auto flushed = flush_view(*process, BaseAddress.address, 0);
            flushed.is_error() && flushed.error().status() != status::NotMappedView)
            return flushed;
        return process->address_space().unmap_view(BaseAddress.address);
    }());
}

NtStatus NtFlushVirtualMemory(SyscallContext& context, RawHandle ProcessHandle, UserPtr<u64> BaseAddress,
                              UserPtr<u64> RegionSize, UserPtr<abi::IoStatusBlock> IoStatus) {
    return to_status([&]() -> ErrorOr<void> {
        ps::Process* process = TRY(process_from_handle(context, ProcessHandle));
        u64 address = TRY(user::read(BaseAddress));
        u64 size = RegionSize.is_null() ? 0 : TRY(user::read(RegionSize));
        TRY(flush_view(*process, address, size));
        if (!IoStatus.is_null())
            TRY(user::write_io_status(IoStatus, status::Success, 0));
        return {};
    }());
}

} // namespace halcyon::sys
