// The NtCreateFile family: opening, reading, writing, querying and deleting files.

#include "core/fs/FileObject.h"
#include "core/fs/Utf.h"
#include "core/fs/Wildcard.h"
#include "core/io/ConsoleNode.h"
#include "core/io/Pipe.h"
#include "core/ps/Wait.h"
#include "core/syscall/Services.h"

namespace halcyon::sys {

namespace {

constexpr usize kBounceSize = 64 * KiB;

// FILE_INFORMATION_CLASS values ([ms-fscc] 2.4).
constexpr u32 kFileBasicInformation = 4;
constexpr u32 kFileStandardInformation = 5;
constexpr u32 kFileInternalInformation = 6;
constexpr u32 kFileDispositionInformation = 13;
constexpr u32 kFilePositionInformation = 14;
constexpr u32 kFileAllocationInformation = 19;
constexpr u32 kFileEndOfFileInformation = 20;
constexpr u32 kFileNetworkOpenInformation = 34;
constexpr u32 kFileDispositionInformationEx = 64;
constexpr u32 kFileRenameInformation = 10;
constexpr u32 kFileRenameInformationEx = 65;
// Directory enumeration classes ([ms-fscc] 2.4.10, 2.4.8, 2.4.17, 2.4.28, 2.4.26, 2.4.27).
constexpr u32 kFileDirectoryInformation = 1;
constexpr u32 kFileFullDirectoryInformation = 2;
constexpr u32 kFileBothDirectoryInformation = 3;
constexpr u32 kFileNamesInformation = 12;
constexpr u32 kFileIdBothDirectoryInformation = 37;
constexpr u32 kFileIdFullDirectoryInformation = 38;
// FS_INFORMATION_CLASS ([ms-fscc] 2.5).
constexpr u32 kFileFsVolumeInformation = 1;
constexpr u32 kFileFsSizeInformation = 3;
constexpr u32 kFileFsDeviceInformation = 4;
constexpr u32 kFileFsFullSizeInformation = 7;
constexpr u32 kFileFsAttributeInformation = 5;
constexpr u32 kFileDeviceConsole = 0x50;
constexpr u32 kFileDeviceDisk = 0x07;
constexpr u32 kFileDeviceNamedPipe = 0x11;
constexpr u32 kFileDeviceNull = 0x15;

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

/// FileFsDeviceInformation.DeviceType. A console stream the host has redirected is reported as
/// what it is connected to, so programs treat it as Windows (and Wine) would a redirected
/// standard handle: a file is a disk file, a pipe a pipe, /dev/null a character device, and none
/// of them has a console mode.
u32 device_type_of(fs::FileObject& file) {
    if (io::pipe_end_of(file))
        return kFileDeviceNamedPipe;
    if (!is_console(file))
        return kFileDeviceDisk;
    auto& console = static_cast<io::ConsoleNode&>(file.node());
    switch (hal::Console::stream_kind(console.stream())) {
    case hal::ConsoleStreamKind::Terminal:
        return kFileDeviceConsole;
    case hal::ConsoleStreamKind::File:
        return kFileDeviceDisk;
    case hal::ConsoleStreamKind::Pipe:
        return kFileDeviceNamedPipe;
    case hal::ConsoleStreamKind::CharacterDevice:
        return kFileDeviceNull;
    }
    return kFileDeviceConsole;
}

/// Consoles and pipes are streams: a read returns what is available instead of filling the buffer.
bool is_stream(fs::FileObject& file) { return is_console(file) || io::pipe_end_of(file); }

/// FileBasicInformation, set. Zero fields leave a time unchanged, and -1 (which on Windows stops
/// the handle's own I/O from updating that time) is taken as "unchanged" too. A zero attribute
/// field leaves the attributes; otherwise FILE_ATTRIBUTE_READONLY is set or cleared, and the bits
/// without an effect here (archive, normal, temporary, not content indexed) are accepted.
ErrorOr<void> set_basic_information(fs::FileObject& file, const FileBasicInformation& info) {
    if (!(file.granted_access() & fs::file_access::WriteAttributes))
        return Error(status::AccessDenied, "handle lacks FILE_WRITE_ATTRIBUTES");
    auto time = [](i64 t) -> u64 { return t == -1 || t < 0 ? 0 : static_cast<u64>(t); };
    fs::FileTimes times{time(info.creation_time), time(info.last_access_time), time(info.last_write_time),
                        time(info.change_time)};
    if (times.creation_time || times.last_access_time || times.last_write_time || times.change_time)
        TRY(file.node().set_times(times));
    if (info.file_attributes == 0)
        return {};
    constexpr u32 kWithoutEffect = fs::file_attribute::Archive | fs::file_attribute::Normal | 0x100 /* temporary */ |
                                   0x2000 /* not content indexed */ | fs::file_attribute::Directory;
    if (info.file_attributes & ~(kWithoutEffect | fs::file_attribute::ReadOnly)) {
        // Hidden, system, offline, ...: a host directory has nowhere to keep them.
        kernel::log("halcyon: setting file attributes {:#x} is not implemented", info.file_attributes);
        return Error(status::NotImplemented, "setting these file attributes");
    }
    fs::FileStat stat = TRY(file.stat());
    bool wanted_read_only = info.file_attributes & fs::file_attribute::ReadOnly;
    bool current_read_only = stat.attributes & fs::file_attribute::ReadOnly;
    if (wanted_read_only != current_read_only)
        TRY(file.node().set_read_only(wanted_read_only));
    return {};
}

/// FileRenameInformation(Ex): { BOOLEAN or ULONG flags; HANDLE RootDirectory; ULONG FileNameLength;
/// WCHAR FileName[] } with the name at offset 20.
ErrorOr<void> rename_file(SyscallContext& context, fs::FileObject& file, UserPtr<void> information, u32 length,
                          u32 information_class) {
    struct Header {
        u32 flags;
        u32 padding;
        u64 root_directory;
        u32 file_name_length;
    } header;
    constexpr usize kNameOffset = 20;
    if (length < kNameOffset)
        return Error(status::InfoLengthMismatch, "rename information too small");
    TRY(user::copy_from(&header, information.address, kNameOffset));
    if (header.root_directory != 0)
        return Error(status::NotImplemented, "rename relative to a root directory");
    if (header.file_name_length == 0 || header.file_name_length % 2 || header.file_name_length > 0xFFFF ||
        kNameOffset + header.file_name_length > length)
        return Error(status::InvalidParameter, "bad rename target name");
    bool replace = information_class == kFileRenameInformationEx ? (header.flags & 1) != 0 : (header.flags & 0xFF) != 0;
    if (!(file.granted_access() & fs::file_access::Delete))
        return Error(status::AccessDenied, "rename needs DELETE access");
    Vector<u16> name;
    TRY(name.ensure_capacity(header.file_name_length / 2));
    for (usize i = 0; i < header.file_name_length / 2; ++i)
        TRY(name.try_append(0));
    TRY(user::copy_from(name.data(), information.address + kNameOffset, header.file_name_length));
    fs::WindowsPath target = TRY(fs::parse_windows_path(Span<const u16>(name.data(), name.size()),
                                                        &context.process.current_directory()));
    if (target.device != fs::DosDevice::None)
        return Error(status::NotSameDevice, "rename onto a device");
    RefPtr<fs::FileSystem> target_fs = kernel::vfs().file_system_for(target.drive);
    if (!target_fs)
        return Error(status::ObjectPathNotFound, "no such drive");
    kernel::trace("[io] rename to drive {} ({} components) replace={}", target.drive, target.components.size(), replace);
    return file.node().rename(*target_fs, Span<const String>(target.components.data(), target.components.size()), replace);
}

/// Where the fields of one directory-information class sit ([ms-fscc] 2.4).
struct DirectoryLayout {
    u32 name_offset;
    bool has_times;   // FileIndex..FileNameLength as in FILE_DIRECTORY_INFORMATION
    u32 file_id_offset; // 0: none
};

ErrorOr<DirectoryLayout> directory_layout(u32 information_class) {
    switch (information_class) {
    case kFileDirectoryInformation:
        return DirectoryLayout{64, true, 0};
    case kFileFullDirectoryInformation:
        return DirectoryLayout{68, true, 0};
    case kFileBothDirectoryInformation:
        return DirectoryLayout{94, true, 0};
    case kFileNamesInformation:
        return DirectoryLayout{12, false, 0};
    case kFileIdBothDirectoryInformation:
        return DirectoryLayout{104, true, 96};
    case kFileIdFullDirectoryInformation:
        return DirectoryLayout{80, true, 72};
    default:
        kernel::log("halcyon: NtQueryDirectoryFile class {} is not implemented", information_class);
        return Error(status::InvalidInfoClass, "directory information class");
    }
}

template <typename T>
void put(u8* at, T value) {
    copy_bytes(at, &value, sizeof value);
}

/// Writes one entry at `out` (zeroed by the caller): the fixed part of `layout` and the name.
void write_directory_entry(u8* out, const DirectoryLayout& layout, const fs::FileStat& stat, Span<const u16> name,
                           u64 index) {
    u32 name_bytes = static_cast<u32>(name.size() * 2);
    if (layout.has_times) {
        put<u32>(out + 4, 0); // FileIndex: undefined on NTFS
        put<i64>(out + 8, static_cast<i64>(stat.creation_time));
        put<i64>(out + 16, static_cast<i64>(stat.last_access_time));
        put<i64>(out + 24, static_cast<i64>(stat.last_write_time));
        put<i64>(out + 32, static_cast<i64>(stat.change_time));
        put<i64>(out + 40, static_cast<i64>(stat.size));
        put<i64>(out + 48, static_cast<i64>(stat.allocation_size));
        put<u32>(out + 56, stat.attributes);
        put<u32>(out + 60, name_bytes);
    } else {
        put<u32>(out + 8, name_bytes);
    }
    if (layout.file_id_offset)
        put<u64>(out + layout.file_id_offset, index);
    copy_bytes(out + layout.name_offset, name.data(), name_bytes);
}

} // namespace

namespace {

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
        bool console = is_stream(*file);
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
        case kFileInternalInformation:
            // { LARGE_INTEGER IndexNumber }: the file's identity on its volume.
            return reply(static_cast<i64>(TRY(file->stat()).file_id));
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
        case kFileBasicInformation: {
            FileBasicInformation info;
            TRY(argument(info));
            TRY(set_basic_information(*file, info));
            break;
        }
        case kFileRenameInformation:
        case kFileRenameInformationEx:
            TRY(rename_file(context, *file, FileInformation, Length, FileInformationClass));
            break;
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
        auto reply = [&](const void* data, usize size) -> ErrorOr<void> {
            if (Length < size)
                return Error(status::InfoLengthMismatch, "information buffer too small");
            TRY(user::copy_to(FsInformation.address, data, size));
            return user::write_io_status(IoStatusBlock, status::Success, size);
        };
        switch (FsInformationClass) {
        case kFileFsDeviceInformation: {
            struct {
                u32 device_type;
                u32 characteristics;
            } info{device_type_of(*file), 0};
            return reply(&info, sizeof info);
        }
        case kFileFsVolumeInformation: {
            if (is_console(*file))
                return Error(status::InvalidDeviceRequest, "a console has no volume");
            // { LARGE_INTEGER VolumeCreationTime; ULONG VolumeSerialNumber; ULONG VolumeLabelLength;
            //   BOOLEAN SupportsObjects; WCHAR VolumeLabel[] } — no label.
            u8 info[18] = {};
            put<u32>(info + 8, file->node().volume_serial());
            return reply(info, sizeof info);
        }
        case kFileFsSizeInformation: {
            if (is_console(*file))
                return Error(status::InvalidDeviceRequest, "a console has no volume");
            // { LARGE_INTEGER TotalAllocationUnits, AvailableAllocationUnits;
            //   ULONG SectorsPerAllocationUnit, BytesPerSector } ([ms-fscc] 2.5.8)
            fs::VolumeSpace space = TRY(file->node().volume_space());
            u8 info[24] = {};
            put<u64>(info, space.total_clusters);
            put<u64>(info + 8, space.available_clusters);
            put<u32>(info + 16, space.sectors_per_cluster);
            put<u32>(info + 20, space.bytes_per_sector);
            return reply(info, sizeof info);
        }
        case kFileFsFullSizeInformation: {
            if (is_console(*file))
                return Error(status::InvalidDeviceRequest, "a console has no volume");
            // { LARGE_INTEGER TotalAllocationUnits, CallerAvailableAllocationUnits,
            //   ActualAvailableAllocationUnits; ULONG SectorsPerAllocationUnit, BytesPerSector }
            // ([ms-fscc] 2.5.4)
            fs::VolumeSpace space = TRY(file->node().volume_space());
            u8 info[32] = {};
            put<u64>(info, space.total_clusters);
            put<u64>(info + 8, space.available_clusters);
            put<u64>(info + 16, space.free_clusters);
            put<u32>(info + 24, space.sectors_per_cluster);
            put<u32>(info + 28, space.bytes_per_sector);
            return reply(info, sizeof info);
        }
        case kFileFsAttributeInformation: {
            if (is_console(*file))
                return Error(status::InvalidDeviceRequest, "a console has no file system");
            // { ULONG FileSystemAttributes; LONG MaximumComponentNameLength; ULONG FileSystemNameLength;
            //   WCHAR FileSystemName[] }: case-preserving, Unicode names of up to 255 characters.
            constexpr u32 kCaseSensitiveSearch = 0x1;
            constexpr u32 kCasePreservedNames = 0x2;
            constexpr u32 kUnicodeOnDisk = 0x4;
            u8 info[12 + 8] = {};
            put<u32>(info, kCaseSensitiveSearch | kCasePreservedNames | kUnicodeOnDisk);
            put<i32>(info + 4, 255);
            put<u32>(info + 8, 8);
            const char16_t name[] = u"NTFS";
            copy_bytes(info + 12, name, 8);
            return reply(info, sizeof info);
        }
        default:
            kernel::log("halcyon: NtQueryVolumeInformationFile class {} is not implemented", FsInformationClass);
            return Error(status::NotImplemented);
        }
    }());
}

NtStatus NtQueryDirectoryFile(SyscallContext& context, RawHandle FileHandle, RawHandle Event, UserPtr<void> ApcRoutine,
                              UserPtr<void> ApcContext, UserPtr<abi::IoStatusBlock> IoStatusBlock,
                              UserPtr<void> FileInformation, u32 Length, u32 FileInformationClass,
                              bool ReturnSingleEntry, UserPtr<abi::UnicodeString> FileName, bool RestartScan) {
    if (!Event.is_null() || !ApcRoutine.is_null())
        return not_implemented("NtQueryDirectoryFile with an event or APC (asynchronous I/O)");
    usize written = 0;
    auto result = [&]() -> ErrorOr<void> {
        auto file = TRY(context.process.handles().lookup_as<fs::FileObject>(FileHandle.value));
        DirectoryLayout layout = TRY(directory_layout(FileInformationClass));
        if (Length < layout.name_offset)
            return Error(status::InfoLengthMismatch, "directory information buffer too small");
        bool first_query = !file->directory_enumeration_started() || RestartScan;
        // The pattern is fixed by the query that starts (or restarts) the enumeration.
        if (first_query) {
            Vector<u16>& pattern = file->directory_pattern();
            pattern.clear();
            if (!FileName.is_null()) {
                abi::UnicodeString name = TRY(user::read(FileName));
                if (name.length % 2)
                    return Error(status::InvalidParameter, "odd pattern length");
                for (usize i = 0; i < name.length / 2u; ++i)
                    TRY(pattern.try_append(0));
                TRY(user::copy_from(pattern.data(), name.buffer, name.length));
            }
        }
        usize capacity = min<usize>(Length, kBounceSize);
        u8* buffer = static_cast<u8*>(kmalloc(capacity));
        if (!buffer)
            return Error(status::NoMemory, "no kernel memory for a directory listing");
        struct Free {
            u8* p;
            ~Free() { kfree(p); }
        } free_buffer{buffer};
        usize previous = 0;
        bool restart = RestartScan;
        bool matched_any = false;
        for (;;) {
            auto entry = file->current_directory_entry(restart);
            restart = false;
            if (entry.is_error()) {
                if (entry.error().status() != status::NoMoreFiles)
                    return entry.release_error();
                if (written > 0)
                    break;
                // Nothing matched at all: NO_SUCH_FILE on the first query, else the end.
                if (first_query && !matched_any)
                    return Error(status::NoSuchFile, "no entry matches the pattern");
                return Error(status::NoMoreFiles, "end of directory");
            }
            Vector<u16> name = TRY(fs::utf8_to_utf16(entry.value()->name.view(), fs::Utf16Policy::Strict));
            if (!fs::matches_wildcard(Span<const u16>(name.data(), name.size()),
                                      Span<const u16>(file->directory_pattern().data(), file->directory_pattern().size()))) {
                file->advance_directory_entry();
                continue;
            }
            matched_any = true;
            usize start = align_up<usize>(written, 8);
            usize size = layout.name_offset + name.size() * 2;
            if (start + size > capacity) {
                if (written == 0)
                    return Error(status::BufferTooSmall, "the entry does not fit");
                break;
            }
            fill_bytes(buffer + start, 0, size);
            write_directory_entry(buffer + start, layout, entry.value()->stat, Span<const u16>(name.data(), name.size()),
                                  0);
            if (written > 0)
                put<u32>(buffer + previous, static_cast<u32>(start - previous));
            previous = start;
            written = start + size;
            file->advance_directory_entry();
            if (ReturnSingleEntry)
                break;
        }
        return user::copy_to(FileInformation.address, buffer, written);
    }();
    NtStatus status = to_status(move(result));
    if (!IoStatusBlock.is_null())
        (void)user::write_io_status(IoStatusBlock, status, written);
    return status;
}

NtStatus NtLockFile(SyscallContext& context, RawHandle FileHandle, RawHandle Event, UserPtr<void> ApcRoutine,
                    UserPtr<void> ApcContext, UserPtr<abi::IoStatusBlock> IoStatusBlock, UserPtr<i64> ByteOffset,
                    UserPtr<i64> Length, u32 Key, bool FailImmediately, bool ExclusiveLock) {
    if (!Event.is_null() || !ApcRoutine.is_null())
        return not_implemented("NtLockFile with an event or APC (asynchronous I/O)");
    NtStatus result = to_status([&]() -> ErrorOr<void> {
        auto file = TRY(context.process.handles().lookup_as<fs::FileObject>(FileHandle.value));
        i64 offset = TRY(user::read(ByteOffset));
        i64 length = TRY(user::read(Length));
        if (offset < 0 || length < 0)
            return Error(status::InvalidParameter, "negative lock range");
        // FIXME: a waiting lock polls (1 ms, backing off to 16 ms) instead of queueing behind the
        // lock that blocks it and being woken by its release.
        u64 pause_ms = 1;
        for (;;) {
            auto locked = file->lock_range(static_cast<u64>(offset), static_cast<u64>(length), ExclusiveLock);
            if (!locked.is_error() || FailImmediately || locked.error().status() != status::LockNotGranted)
                return locked;
            NtStatus waited = ps::delay_until(context.thread, hal::Clock::monotonic_ns() + pause_ms * 1000000);
            if (waited != status::Success && waited != status::Timeout)
                return Error(waited, "lock wait interrupted");
            pause_ms = min<u64>(pause_ms * 2, 16);
        }
    }());
    if (!IoStatusBlock.is_null())
        (void)user::write_io_status(IoStatusBlock, result, 0);
    return result;
}

NtStatus NtUnlockFile(SyscallContext& context, RawHandle FileHandle, UserPtr<abi::IoStatusBlock> IoStatusBlock,
                      UserPtr<i64> ByteOffset, UserPtr<i64> Length, u32 Key) {
    return to_status([&]() -> ErrorOr<void> {
        auto file = TRY(context.process.handles().lookup_as<fs::FileObject>(FileHandle.value));
        i64 offset = TRY(user::read(ByteOffset));
        i64 length = TRY(user::read(Length));
        if (offset < 0 || length < 0)
            return Error(status::InvalidParameter, "negative lock range");
        TRY(file->unlock_range(static_cast<u64>(offset), static_cast<u64>(length)));
        return user::write_io_status(IoStatusBlock, status::Success, 0);
    }());
}

} // namespace halcyon::sys
