// The NtCreateFile family: opening, reading, writing, querying and deleting files.

#include "core/fs/FileObject.h"
#include "core/io/ConsoleNode.h"
#include "core/syscall/Services.h"

namespace halcyon::sys {

namespace {

constexpr usize kBounceSize = 64 * KiB;

// FILE_INFORMATION_CLASS values ([ms-fscc] 2.4).
constexpr u32 kFileBasicInformation = 4;
constexpr u32 kFileStandardInformation = 5;
constexpr u32 kFileDispositionInformation = 13;
constexpr u32 kFilePositionInformation = 14;
constexpr u32 kFileAllocationInformation = 19;
constexpr u32 kFileEndOfFileInformation = 20;
constexpr u32 kFileNetworkOpenInformation = 34;
constexpr u32 kFileDispositionInformationEx = 64;
// FS_INFORMATION_CLASS ([ms-fscc] 2.5).
constexpr u32 kFileFsDeviceInformation = 4;
constexpr u32 kFileDeviceConsole = 0x50;
constexpr u32 kFileDeviceDisk = 0x07;

struct FileBasicInformation {
    i64 creation_time;
    i64 last_access_time;
    i64 last_write_time;
    i64 change_time;
    u32 file_attributes;
    u32 padding;
};
static_assert(sizeof(FileBasicInformation) == 40);

struct FileStandardInformation {
    i64 allocation_size;
    i64 end_of_file;
    u32 number_of_links;
    u8 delete_pending;
    u8 directory;
    u16 padding;
};
static_assert(sizeof(FileStandardInformation) == 24);

struct FileNetworkOpenInformation {
    i64 creation_time;
    i64 last_access_time;
    i64 last_write_time;
    i64 change_time;
    i64 allocation_size;
    i64 end_of_file;
    u32 file_attributes;
    u32 padding;
};
static_assert(sizeof(FileNetworkOpenInformation) == 56);

FileBasicInformation basic_from(const fs::FileStat& stat) {
    return {static_cast<i64>(stat.creation_time), static_cast<i64>(stat.last_access_time),
            static_cast<i64>(stat.last_write_time), static_cast<i64>(stat.change_time), stat.attributes, 0};
}

FileNetworkOpenInformation network_open_from(const fs::FileStat& stat) {
    return {static_cast<i64>(stat.creation_time), static_cast<i64>(stat.last_access_time),
            static_cast<i64>(stat.last_write_time), static_cast<i64>(stat.change_time),
            static_cast<i64>(stat.allocation_size), static_cast<i64>(stat.size), stat.attributes, 0};
}

/// Opens the node a name refers to: a console device or a file system path.
ErrorOr<fs::OpenResult> open_by_name(SyscallContext& context, UserPtr<abi::ObjectAttributes> attributes,
                                      const fs::OpenRequest& request) {
    String name = TRY(user::read_object_name(attributes));
    kernel::trace("[io] open \"{}\" access={:#x} disposition={} options={:#x}", name.view(), request.desired_access,
                  request.disposition, request.options);
    fs::WindowsPath path = TRY(fs::parse_windows_path(name.view(), &context.process.current_directory()));
    switch (path.device) {
    case fs::DosDevice::None:
        return kernel::vfs().open(path, request);
    case fs::DosDevice::ConsoleInput:
        return fs::OpenResult{TRY(io::ConsoleNode::node_for(hal::ConsoleStream::Input)), fs::create_info::Opened};
    case fs::DosDevice::ConsoleOutput:
    case fs::DosDevice::Console:
        return fs::OpenResult{TRY(io::ConsoleNode::node_for(hal::ConsoleStream::Output)), fs::create_info::Opened};
    default:
        return Error(status::NotImplemented, "this DOS device is not implemented");
    }
}

ErrorOr<void> open_file(SyscallContext& context, UserPtr<u64> handle_out, UserPtr<abi::IoStatusBlock> io_status,
                        UserPtr<abi::ObjectAttributes> attributes, const fs::OpenRequest& request) {
    if (handle_out.is_null() || io_status.is_null())
        return Error(status::AccessViolation, "null output pointer");
    fs::OpenResult opened = TRY(open_by_name(context, attributes, request));
    RefPtr<fs::FileObject> file = TRY(fs::FileObject::create(move(opened.node), request, move(opened.claim)));
    u32 access = file->granted_access();
    TRY(publish_handle(context, move(file), access, handle_out));
    TRY(user::write_io_status(io_status, status::Success, opened.information));
    return {};
}

ErrorOr<u64> read_byte_offset(UserPtr<i64> byte_offset) {
    if (byte_offset.is_null())
        return fs::kUseFilePointerPosition;
    i64 offset = TRY(user::read(byte_offset));
    return static_cast<u64>(offset);
}

bool is_console(fs::FileObject& file) { return io::ConsoleNode::is_console(&file.node()); }

} // namespace

NtStatus NtCreateFile(SyscallContext& context, UserPtr<u64> FileHandle, u32 DesiredAccess,
                      UserPtr<abi::ObjectAttributes> ObjectAttributes, UserPtr<abi::IoStatusBlock> IoStatusBlock,
                      UserPtr<i64> AllocationSize, u32 FileAttributes, u32 ShareAccess, u32 CreateDisposition,
                      u32 CreateOptions, UserPtr<void> EaBuffer, u32 EaLength) {
    if (!EaBuffer.is_null() && EaLength != 0)
        return not_implemented("NtCreateFile with extended attributes");
    fs::OpenRequest request;
    request.desired_access = DesiredAccess;
    request.file_attributes = FileAttributes;
    request.share_access = ShareAccess;
    request.disposition = CreateDisposition;
    request.options = CreateOptions;
    return to_status(open_file(context, FileHandle, IoStatusBlock, ObjectAttributes, request));
}

NtStatus NtOpenFile(SyscallContext& context, UserPtr<u64> FileHandle, u32 DesiredAccess,
                    UserPtr<abi::ObjectAttributes> ObjectAttributes, UserPtr<abi::IoStatusBlock> IoStatusBlock,
                    u32 ShareAccess, u32 OpenOptions) {
    fs::OpenRequest request;
    request.desired_access = DesiredAccess;
    request.share_access = ShareAccess;
    request.disposition = fs::disposition::Open;
    request.options = OpenOptions;
    return to_status(open_file(context, FileHandle, IoStatusBlock, ObjectAttributes, request));
}

NtStatus NtReadFile(SyscallContext& context, RawHandle FileHandle, RawHandle Event, UserPtr<void> ApcRoutine,
                    UserPtr<void> ApcContext, UserPtr<abi::IoStatusBlock> IoStatusBlock, UserPtr<void> Buffer,
                    u32 Length, UserPtr<i64> ByteOffset, UserPtr<u32> Key) {
    if (!Event.is_null() || !ApcRoutine.is_null())
        return not_implemented("NtReadFile with an event or APC (asynchronous I/O)");
    usize total = 0;
    auto result = [&]() -> ErrorOr<void> {
        auto file = TRY(context.process.handles().lookup_as<fs::FileObject>(FileHandle.value));
        u64 offset = TRY(read_byte_offset(ByteOffset));
        u8 bounce[4096];
        u8* buffer = Length > sizeof bounce ? static_cast<u8*>(kmalloc(kBounceSize)) : bounce;
        usize buffer_size = buffer == bounce ? sizeof bounce : kBounceSize;
        if (!buffer)
            return Error(status::NoMemory, "no kernel memory for I/O");
        struct Free {
            u8* p;
            u8* local;
            ~Free() {
                if (p != local)
                    kfree(p);
            }
        } free_buffer{buffer, bounce};
        // A console read returns what is available (a line); a file read fills the buffer.
        bool console = is_console(*file);
        while (total < Length) {
            usize chunk = min<usize>(Length - total, buffer_size);
            u64 at = offset == fs::kUseFilePointerPosition ? offset : offset + total;
            auto n = file->read(Bytes(buffer, chunk), at);
            if (n.is_error()) {
                if (n.error().status() == status::EndOfFile && total > 0)
                    break;
                return n.release_error();
            }
            TRY(user::copy_to(Buffer.address + total, buffer, n.value()));
            total += n.value();
            if (n.value() < chunk || console)
                break;
        }
        return {};
    }();
    NtStatus status = to_status(move(result));
    if (!IoStatusBlock.is_null())
        (void)user::write_io_status(IoStatusBlock, status, total);
    return status;
}

NtStatus NtWriteFile(SyscallContext& context, RawHandle FileHandle, RawHandle Event, UserPtr<void> ApcRoutine,
                     UserPtr<void> ApcContext, UserPtr<abi::IoStatusBlock> IoStatusBlock, UserPtr<void> Buffer,
                     u32 Length, UserPtr<i64> ByteOffset, UserPtr<u32> Key) {
    if (!Event.is_null() || !ApcRoutine.is_null())
        return not_implemented("NtWriteFile with an event or APC (asynchronous I/O)");
    usize total = 0;
    auto result = [&]() -> ErrorOr<void> {
        auto file = TRY(context.process.handles().lookup_as<fs::FileObject>(FileHandle.value));
        u64 offset = TRY(read_byte_offset(ByteOffset));
        u8 bounce[4096];
        u8* buffer = Length > sizeof bounce ? static_cast<u8*>(kmalloc(kBounceSize)) : bounce;
        usize buffer_size = buffer == bounce ? sizeof bounce : kBounceSize;
        if (!buffer)
            return Error(status::NoMemory, "no kernel memory for I/O");
        struct Free {
            u8* p;
            u8* local;
            ~Free() {
                if (p != local)
                    kfree(p);
            }
        } free_buffer{buffer, bounce};
        while (total < Length) {
            usize chunk = min<usize>(Length - total, buffer_size);
            TRY(user::copy_from(buffer, Buffer.address + total, chunk));
            u64 at = (offset == fs::kUseFilePointerPosition || offset == fs::kWriteToEndOfFile) ? offset : offset + total;
            usize n = TRY(file->write(ReadonlyBytes(buffer, chunk), at));
            total += n;
            if (n < chunk)
                break;
        }
        return {};
    }();
    NtStatus status = to_status(move(result));
    if (!IoStatusBlock.is_null())
        (void)user::write_io_status(IoStatusBlock, status, total);
    return status;
}

NtStatus NtQueryInformationFile(SyscallContext& context, RawHandle FileHandle, UserPtr<abi::IoStatusBlock> IoStatusBlock,
                                UserPtr<void> FileInformation, u32 Length, u32 FileInformationClass) {
    return to_status([&]() -> ErrorOr<void> {
        auto file = TRY(context.process.handles().lookup_as<fs::FileObject>(FileHandle.value));
        auto reply = [&](const auto& value) -> ErrorOr<void> {
            if (Length < sizeof value)
                return Error(status::InfoLengthMismatch, "information buffer too small");
            TRY(user::copy_to(FileInformation.address, &value, sizeof value));
            return user::write_io_status(IoStatusBlock, status::Success, sizeof value);
        };
        switch (FileInformationClass) {
        case kFileBasicInformation:
            return reply(basic_from(TRY(file->stat())));
        case kFileStandardInformation: {
            fs::FileStat stat = TRY(file->stat());
            FileStandardInformation info{static_cast<i64>(stat.allocation_size), static_cast<i64>(stat.size), 1,
                                         file->delete_on_close(), stat.is_directory, 0};
            return reply(info);
        }
        case kFilePositionInformation:
            return reply(static_cast<i64>(file->position()));
        case kFileNetworkOpenInformation:
            return reply(network_open_from(TRY(file->stat())));
        default:
            kernel::log("halcyon: NtQueryInformationFile class {} is not implemented", FileInformationClass);
            return Error(status::NotImplemented);
        }
    }());
}

NtStatus NtSetInformationFile(SyscallContext& context, RawHandle FileHandle, UserPtr<abi::IoStatusBlock> IoStatusBlock,
                              UserPtr<void> FileInformation, u32 Length, u32 FileInformationClass) {
    return to_status([&]() -> ErrorOr<void> {
        auto file = TRY(context.process.handles().lookup_as<fs::FileObject>(FileHandle.value));
        auto argument = [&](auto& value) -> ErrorOr<void> {
            if (Length < sizeof value)
                return Error(status::InfoLengthMismatch, "information buffer too small");
            return user::copy_from(&value, FileInformation.address, sizeof value);
        };
        switch (FileInformationClass) {
        case kFilePositionInformation: {
            i64 position;
            TRY(argument(position));
            if (position < 0)
                return Error(status::InvalidParameter, "negative file position");
            file->set_position(static_cast<u64>(position));
            break;
        }
        case kFileEndOfFileInformation: {
            i64 end;
            TRY(argument(end));
            if (end < 0)
                return Error(status::InvalidParameter, "negative end of file");
            TRY(file->set_size(static_cast<u64>(end)));
            break;
        }
        case kFileAllocationInformation: {
            // Allocation below the current size truncates, as on NTFS; larger is only a hint.
            i64 allocation;
            TRY(argument(allocation));
            if (allocation < 0)
                return Error(status::InvalidParameter, "negative allocation size");
            u64 size = TRY(file->stat()).size;
            if (static_cast<u64>(allocation) < size)
                TRY(file->set_size(static_cast<u64>(allocation)));
            break;
        }
        case kFileDispositionInformation: {
            u8 delete_file;
            TRY(argument(delete_file));
            TRY(file->set_delete_on_close(delete_file != 0));
            break;
        }
        case kFileDispositionInformationEx: {
            u32 flags;
            TRY(argument(flags));
            TRY(file->set_delete_on_close((flags & 1) != 0));
            break;
        }
        default:
            kernel::log("halcyon: NtSetInformationFile class {} is not implemented", FileInformationClass);
            return Error(status::NotImplemented);
        }
        return user::write_io_status(IoStatusBlock, status::Success, 0);
    }());
}

NtStatus NtQueryAttributesFile(SyscallContext& context, UserPtr<abi::ObjectAttributes> ObjectAttributes,
                               UserPtr<void> FileInformation) {
    return to_status([&]() -> ErrorOr<void> {
        fs::OpenRequest request;
        request.desired_access = fs::file_access::ReadAttributes;
        request.share_access = fs::file_share::Read | fs::file_share::Write | fs::file_share::Delete;
        fs::OpenResult opened = TRY(open_by_name(context, ObjectAttributes, request));
        FileBasicInformation info = basic_from(TRY(opened.node->stat()));
        return user::copy_to(FileInformation.address, &info, sizeof info);
    }());
}

NtStatus NtQueryFullAttributesFile(SyscallContext& context, UserPtr<abi::ObjectAttributes> ObjectAttributes,
                                   UserPtr<void> FileInformation) {
    return to_status([&]() -> ErrorOr<void> {
        fs::OpenRequest request;
        request.desired_access = fs::file_access::ReadAttributes;
        request.share_access = fs::file_share::Read | fs::file_share::Write | fs::file_share::Delete;
        fs::OpenResult opened = TRY(open_by_name(context, ObjectAttributes, request));
        FileNetworkOpenInformation info = network_open_from(TRY(opened.node->stat()));
        return user::copy_to(FileInformation.address, &info, sizeof info);
    }());
}

NtStatus NtDeleteFile(SyscallContext& context, UserPtr<abi::ObjectAttributes> ObjectAttributes) {
    return to_status([&]() -> ErrorOr<void> {
        String name = TRY(user::read_object_name(ObjectAttributes));
        fs::WindowsPath path = TRY(fs::parse_windows_path(name.view(), &context.process.current_directory()));
        return kernel::vfs().remove(path);
    }());
}

NtStatus NtFlushBuffersFile(SyscallContext& context, RawHandle FileHandle, UserPtr<abi::IoStatusBlock> IoStatusBlock) {
    return to_status([&]() -> ErrorOr<void> {
        auto file = TRY(context.process.handles().lookup_as<fs::FileObject>(FileHandle.value));
        TRY(file->flush());
        return user::write_io_status(IoStatusBlock, status::Success, 0);
    }());
}

NtStatus NtQueryVolumeInformationFile(SyscallContext& context, RawHandle FileHandle,
                                      UserPtr<abi::IoStatusBlock> IoStatusBlock, UserPtr<void> FsInformation,
                                      u32 Length, u32 FsInformationClass) {
    return to_status([&]() -> ErrorOr<void> {
        auto file = TRY(context.process.handles().lookup_as<fs::FileObject>(FileHandle.value));
        if (FsInformationClass != kFileFsDeviceInformation) {
            kernel::log("halcyon: NtQueryVolumeInformationFile class {} is not implemented", FsInformationClass);
            return Error(status::NotImplemented);
        }
        struct {
            u32 device_type;
            u32 characteristics;
        } info{is_console(*file) ? kFileDeviceConsole : kFileDeviceDisk, 0};
        if (Length < sizeof info)
            return Error(status::InfoLengthMismatch, "information buffer too small");
        TRY(user::copy_to(FsInformation.address, &info, sizeof info));
        return user::write_io_status(IoStatusBlock, status::Success, sizeof info);
    }());
}

NtStatus NtQueryDirectoryFile(SyscallContext&, RawHandle, RawHandle, UserPtr<void>, UserPtr<void>,
                              UserPtr<abi::IoStatusBlock>, UserPtr<void>, u32, u32, bool, UserPtr<abi::UnicodeString>,
                              bool) {
    return not_implemented("NtQueryDirectoryFile");
}

} // namespace halcyon::sys
