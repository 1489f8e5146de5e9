// Anonymous pipes (core/io/Pipe.h): creating one, and the one file-system control code that works
// on them (FSCTL_PIPE_PEEK, for PeekNamedPipe).

#include "core/io/Pipe.h"
#include "core/syscall/Services.h"

namespace halcyon::sys {

namespace {

constexpr u32 kObjInherit = 0x2;              // OBJ_INHERIT
constexpr u32 kFsctlPipePeek = 0x0011400C;    // FSCTL_PIPE_PEEK
constexpr u32 kFilePipeConnectedState = 3;    // FILE_PIPE_CONNECTED_STATE
constexpr u32 kFilePipeClosingState = 4;      // FILE_PIPE_CLOSING_STATE
constexpr NtStatus kStatusInvalidDeviceRequest{0xC0000010};
constexpr NtStatus kStatusBufferOverflow{0x80000005};

/// FILE_PIPE_PEEK_BUFFER without its trailing Data[].
struct PipePeekHeader {
    u32 named_pipe_state;
    u32 read_data_available;
    u32 number_of_messages;
    u32 message_length;
};

} // namespace

// Halcyon's own service: NT makes anonymous pipes through \Device\NamedPipe, which does not exist
// here (see core/io/Pipe.h).
NtStatus NtCreateAnonymousPipe(SyscallContext& context, UserPtr<u64> ReadHandle, UserPtr<u64> WriteHandle,
                               u32 HandleAttributes, u32 BufferSize) {
    return to_status([&]() -> ErrorOr<void> {
        if (ReadHandle.is_null() || WriteHandle.is_null())
            return Error(status::AccessViolation, "null handle output");
        if (HandleAttributes & ~kObjInherit)
            return Error(status::InvalidParameter, "unknown handle attributes");
        io::PipeEnds ends = TRY(io::create_pipe(BufferSize));
        u32 attributes = (HandleAttributes & kObjInherit) ? ob::handle_attribute::Inherit : 0;
        u32 read_access = ends.read->granted_access();
        u32 write_access = ends.write->granted_access();
        TRY(publish_handle(context, move(ends.read), read_access, ReadHandle, attributes));
        auto published = publish_handle(context, move(ends.write), write_access, WriteHandle, attributes);
        if (published.is_error()) {
            (void)context.process.handles().close(TRY(user::read(ReadHandle)));
            return published.release_error();
        }
        return {};
    }());
}

NtStatus NtFsControlFile(SyscallContext& context, RawHandle FileHandle, RawHandle Event, UserPtr<void> ApcRoutine,
                         UserPtr<void>, UserPtr<abi::IoStatusBlock> IoStatusBlock, u32 FsControlCode, UserPtr<void>,
                         u32, UserPtr<void> OutputBuffer, u32 OutputBufferLength) {
    if (!Event.is_null() || !ApcRoutine.is_null())
        return not_implemented("NtFsControlFile with an event or APC (asynchronous I/O)");
    u64 information = 0;
    NtStatus result = to_status([&]() -> ErrorOr<void> {
        auto file = TRY(context.process.handles().lookup_as<fs::FileObject>(FileHandle.value));
        if (FsControlCode != kFsctlPipePeek) {
            kernel::log("halcyon: NtFsControlFile code {:#x} is not implemented", FsControlCode);
            return Error(kStatusInvalidDeviceRequest, "file-system control code");
        }
        io::PipeEndNode* end = io::pipe_end_of(*file);
        if (!end)
            return Error(kStatusInvalidDeviceRequest, "FSCTL_PIPE_PEEK on something that is not a pipe");
        if (end->end() != io::PipeEndNode::End::Read)
            return Error(status::AccessDenied, "FSCTL_PIPE_PEEK on the write end of a pipe");
        if (OutputBufferLength < sizeof(PipePeekHeader))
            return Error(status::BufferTooSmall, "FILE_PIPE_PEEK_BUFFER does not fit");
        io::PipeBuffer& pipe = end->pipe();
        if (pipe.available() == 0 && !pipe.has_writer())
            return Error(io::kStatusPipeBroken, "the pipe has no data and no writer");
        u8 data[4096];
        usize wanted = min<usize>(OutputBufferLength - sizeof(PipePeekHeader), sizeof data);
        usize copied = pipe.peek(Bytes(data, wanted));
        PipePeekHeader header{pipe.has_writer() ? kFilePipeConnectedState : kFilePipeClosingState,
                              static_cast<u32>(pipe.available()), 0, 0};
        TRY(user::copy_to(OutputBuffer.address, &header, sizeof header));
        TRY(user::copy_to(OutputBuffer.address + sizeof header, data, copied));
        information = sizeof header + copied;
        if (copied < pipe.available() && wanted == OutputBufferLength - sizeof(PipePeekHeader))
            return Error(kStatusBufferOverflow, "more data than the buffer holds");
        return {};
    }());
    if (!IoStatusBlock.is_null())
        (void)user::write_io_status(IoStatusBlock, result, information);
    return result;
}

} // namespace halcyon::sys
