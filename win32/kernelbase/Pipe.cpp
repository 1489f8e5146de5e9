// Anonymous pipes: CreatePipe and PeekNamedPipe. The kernel's pipe object (core/io/Pipe.h) is
// made by NtCreateAnonymousPipe, Halcyon's stand-in for the named-pipe file system NT uses; reads
// and writes are ordinary ReadFile/WriteFile, and GetFileType reports FILE_TYPE_PIPE.

#include "win32/kernelbase/KernelBase.h"

using namespace halcyon;
using namespace halcyon::kernelbase;

namespace {

constexpr ULONG kObjInherit = 0x2;
constexpr ULONG kFsctlPipePeek = 0x0011400C;
constexpr NTSTATUS kStatusBufferOverflow = static_cast<NTSTATUS>(0x80000005);

/// FILE_PIPE_PEEK_BUFFER without its Data[].
struct PipePeekHeader {
    ULONG named_pipe_state;
    ULONG read_data_available;
    ULONG number_of_messages;
    ULONG message_length;
};

} // namespace

extern "C" {

BOOL WINAPI CreatePipe(PHANDLE read_pipe, PHANDLE write_pipe, LPSECURITY_ATTRIBUTES attributes, DWORD size) {
    if (!read_pipe || !write_pipe) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    ULONG handle_attributes = attributes && attributes->bInheritHandle ? kObjInherit : 0;
    HANDLE r = nullptr, w = nullptr;
    NTSTATUS status = NtCreateAnonymousPipe(&r, &w, handle_attributes, size);
    if (!NT_SUCCESS(status)) {
        set_error_from_status(status);
        return FALSE;
    }
    *read_pipe = r;
    *write_pipe = w;
    return TRUE;
}

BOOL WINAPI PeekNamedPipe(HANDLE pipe, LPVOID buffer, DWORD buffer_size, LPDWORD bytes_read,
                          LPDWORD total_bytes_available, LPDWORD bytes_left_this_message) {
    if (!buffer)
        buffer_size = 0;
    size_t peek_size = sizeof(PipePeekHeader) + buffer_size;
    auto* peek = static_cast<BYTE*>(heap_alloc(peek_size));
    if (!peek) {
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    IO_STATUS_BLOCK io{};
    NTSTATUS status = NtFsControlFile(translate_std_handle(pipe), nullptr, nullptr, nullptr, &io, kFsctlPipePeek,
                                      nullptr, 0, peek, static_cast<ULONG>(peek_size));
    if (status == kStatusBufferOverflow)
        status = STATUS_SUCCESS; // more queued than the caller's buffer holds: not an error
    if (!NT_SUCCESS(status)) {
        heap_free(peek);
        set_error_from_status(status);
        return FALSE;
    }
    PipePeekHeader header;
    RtlCopyMemory(&header, peek, sizeof header);
    DWORD copied = io.Information > sizeof header ? static_cast<DWORD>(io.Information - sizeof header) : 0;
    if (buffer && copied)
        RtlCopyMemory(buffer, peek + sizeof header, copied);
    heap_free(peek);
    if (bytes_read)
        *bytes_read = copied;
    if (total_bytes_available)
        *total_bytes_available = header.read_data_available;
    if (bytes_left_this_message)
        *bytes_left_this_message = 0; // byte-mode pipe: there are no messages
    return TRUE;
}

} // extern "C"
