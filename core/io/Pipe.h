#pragma once

// Anonymous pipes (CreatePipe): a bounded byte ring shared by a read end and a write end. Each end
// is a Vnode, so a pipe handle is an ordinary File object and NtReadFile, NtWriteFile, NtClose,
// NtDuplicateObject and handle inheritance need no special case.
//
// NT creates anonymous pipes through the named-pipe file system (\Device\NamedPipe, a uniquely
// named pipe and an NtOpenFile of its client end). Halcyon has no named-pipe file system yet, so
// the NtCreateAnonymousPipe service makes both ends directly; the semantics seen through the
// Win32 API are the same:
//
// - A read blocks until data is available and returns what is there (up to the buffer size).
//   With no data and every write end closed it fails with STATUS_PIPE_BROKEN
//   (ERROR_BROKEN_PIPE), the end-of-file of a pipe.
// - A write blocks until all of its data fits. With the read end closed it fails with
//   STATUS_PIPE_CLOSING (ERROR_NO_DATA, "The pipe is being closed").
// - An end is closed when its File object is destroyed, i.e. when the last handle to it (in any
//   process: duplicates and inherited handles share the object) is closed.
//
// Blocking uses ps::wait_for_objects on an internal notification event, so a thread blocked on a
// pipe can be terminated like any other waiting thread (the operation then fails with
// STATUS_THREAD_IS_TERMINATING).

#include "core/fs/FileObject.h"
#include "core/fs/Vnode.h"
#include "core/lib/IntrusiveList.h"
#include "core/ps/Waitable.h"

namespace halcyon::io {

/// STATUS_PIPE_BROKEN [ms-erref] 2.3.1: read with no data and no writer left.
constexpr NtStatus kStatusPipeBroken{0xC000014B};
/// STATUS_PIPE_CLOSING [ms-erref] 2.3.1: write with no reader left.
constexpr NtStatus kStatusPipeClosing{0xC00000B1};
/// FILE_DEVICE_NAMED_PIPE: what FileFsDeviceInformation reports for a pipe (GetFileType ->
/// FILE_TYPE_PIPE).
constexpr u32 kFileDeviceNamedPipe = 0x11;

/// The shared state of one pipe.
class PipeBuffer final : public RefCounted<PipeBuffer> {
public:
    /// The capacity Windows uses when CreatePipe is asked for 0 bytes is an implementation
    /// detail; 64 KiB lets typical producers run ahead of their consumers.
    static constexpr usize kDefaultCapacity = 64 * KiB;
    static constexpr usize kMaxCapacity = 1 * MiB;

    static ErrorOr<RefPtr<PipeBuffer>> create(usize capacity);
    ~PipeBuffer();
    static void destroy_object(PipeBuffer* pipe) { delete pipe; }
    static void operator delete(void* memory) { kfree(memory); }

    /// Blocks until data is available; returns at most `buffer.size()` bytes.
    ErrorOr<usize> read(Bytes buffer);
    /// Blocks until all of `data` has been queued.
    ErrorOr<usize> write(ReadonlyBytes data);
    /// Copies up to `buffer.size()` queued bytes without consuming them (PeekNamedPipe).
    usize peek(Bytes buffer) const;
    usize available() const { return m_used; }
    usize capacity() const { return m_capacity; }

    void close_reader();
    void close_writer();
    bool has_reader() const { return m_reader_open; }
    bool has_writer() const { return m_writer_open; }

    PipeBuffer(u8* storage, usize capacity, RefPtr<ps::Event> changed)
        : m_storage(storage), m_capacity(capacity), m_changed(move(changed)) {}

private:
    /// Waits for the state to change. Callers re-check their condition afterwards.
    ErrorOr<void> wait_for_change();

    u8* m_storage;
    usize m_capacity;
    usize m_head{0}; // next byte to read
    usize m_used{0}; // bytes queued; invariant: m_used <= m_capacity
    bool m_reader_open{true};
    bool m_writer_open{true};
    /// Set whenever data, space or an end's state changes; waiters reset it before they wait.
    RefPtr<ps::Event> m_changed;
};

/// One end of a pipe, as a Vnode.
class PipeEndNode final : public fs::Vnode {
public:
    enum class End : u8 { Read, Write };
    PipeEndNode(RefPtr<PipeBuffer> pipe, End end) : m_pipe(move(pipe)), m_end(end) {}
    ~PipeEndNode() override;

    static bool is_pipe(const fs::Vnode& node);
    PipeBuffer& pipe() const { return *m_pipe; }
    End end() const { return m_end; }

    bool is_directory() const override { return false; }
    ErrorOr<usize> read(u64, Bytes buffer) override;
    ErrorOr<usize> write(u64, ReadonlyBytes data) override;
    ErrorOr<void> set_size(u64) override { return Error(status::InvalidParameter, "a pipe has no size"); }
    ErrorOr<fs::FileStat> stat() override;
    ErrorOr<void> flush() override { return {}; }
    ErrorOr<Vector<fs::DirectoryEntry>> list_directory() override {
        return Error(status::NotADirectory, "a pipe is not a directory");
    }
    ErrorOr<void> remove() override { return Error(status::AccessDenied, "a pipe cannot be deleted"); }

    /// Link in the list of live pipe ends (is_pipe; Vnode has no type tag and the kernel has no RTTI).
    ListNode all_link;

private:
    RefPtr<PipeBuffer> m_pipe;
    End m_end;
};

/// The two File objects of a new pipe.
struct PipeEnds {
    RefPtr<fs::FileObject> read;
    RefPtr<fs::FileObject> write;
};

/// Creates a pipe of `capacity` bytes (0: the default) and File objects for its ends
/// (synchronous I/O; the read end has FILE_GENERIC_READ, the write end FILE_GENERIC_WRITE, both
/// with FILE_READ_ATTRIBUTES so GetFileType works, as on Windows).
ErrorOr<PipeEnds> create_pipe(usize capacity);

/// The pipe end behind a File object, or null when the file is not a pipe.
PipeEndNode* pipe_end_of(fs::FileObject& file);

} // namespace halcyon::io
