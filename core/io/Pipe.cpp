#include "core/io/Pipe.h"

#include "core/ps/Thread.h"
#include "core/ps/Wait.h"

namespace halcyon::io {

namespace {

using PipeEndList = IntrusiveList<PipeEndNode, &PipeEndNode::all_link>;
PipeEndList s_live_ends;

} // namespace

ErrorOr<RefPtr<PipeBuffer>> PipeBuffer::create(usize capacity) {
    if (capacity == 0)
        capacity = kDefaultCapacity;
    capacity = min(capacity, kMaxCapacity);
    RefPtr<ps::Event> changed = TRY(ob::make_object<ps::Event>(true, false));
    u8* storage = static_cast<u8*>(kmalloc(capacity));
    if (!storage)
        return Error(status::NoMemory, "no kernel memory for a pipe buffer");
    auto pipe = try_make<PipeBuffer>(storage, capacity, move(changed));
    if (pipe.is_error()) {
        kfree(storage);
        return pipe.release_error();
    }
    return RefPtr<PipeBuffer>(pipe.value());
}

PipeBuffer::~PipeBuffer() { kfree(m_storage); }

ErrorOr<void> PipeBuffer::wait_for_change() {
    ps::Thread* self = ps::Thread::current();
    if (!self)
        return Error(status::InvalidParameter, "pipe I/O outside a thread would block forever");
    // One CPU and no preemption in the kernel: nothing can change the pipe between the caller's
    // check and this wait, so resetting here loses no wake-up.
    m_changed->reset();
    ps::Waitable* object = m_changed.get();
    NtStatus result = ps::wait_for_objects(*self, Span<ps::Waitable* const>(&object, 1), false, ~0ull);
    if (result != status::Success)
        return Error(result, "pipe wait ended without the pipe changing");
    return {};
}

ErrorOr<usize> PipeBuffer::read(Bytes buffer) {
    if (buffer.size() == 0)
        return 0;
    RefPtr<PipeBuffer> keep(this); // a close on another thread must not free us while we wait
    while (m_used == 0) {
        if (!m_writer_open)
            return Error(kStatusPipeBroken, "the pipe has no data and no writer");
        TRY(wait_for_change());
    }
    usize count = min(buffer.size(), m_used);
    for (usize i = 0; i < count; ++i)
        buffer.data()[i] = m_storage[(m_head + i) % m_capacity];
    m_head = (m_head + count) % m_capacity;
    m_used -= count;
    m_changed->set();
    return count;
}

ErrorOr<usize> PipeBuffer::write(ReadonlyBytes data) {
    RefPtr<PipeBuffer> keep(this);
    usize written = 0;
    while (written < data.size()) {
        if (!m_reader_open)
            return Error(kStatusPipeClosing, "the pipe's read end is closed");
        if (m_used == m_capacity) {
            TRY(wait_for_change());
            continue;
        }
        usize count = min(data.size() - written, m_capacity - m_used);
        usize tail = (m_head + m_used) % m_capacity;
        for (usize i = 0; i < count; ++i)
            m_storage[(tail + i) % m_capacity] = data.data()[written + i];
        m_used += count;
        written += count;
        m_changed->set();
    }
    if (data.size() == 0 && !m_reader_open)
        return Error(kStatusPipeClosing, "the pipe's read end is closed");
    return written;
}

usize PipeBuffer::peek(Bytes buffer) const {
    usize count = min(buffer.size(), m_used);
    for (usize i = 0; i < count; ++i)
        buffer.data()[i] = m_storage[(m_head + i) % m_capacity];
    return count;
}

void PipeBuffer::close_reader() {
    m_reader_open = false;
    m_changed->set();
}

void PipeBuffer::close_writer() {
    m_writer_open = false;
    m_changed->set();
}

PipeEndNode::~PipeEndNode() {
    if (all_link.is_linked())
        PipeEndList::remove(*this);
    if (m_end == End::Read)
        m_pipe->close_reader();
    else
        m_pipe->close_writer();
}

bool PipeEndNode::is_pipe(const fs::Vnode& node) {
    for (PipeEndNode& end : s_live_ends)
        if (&end == &node)
            return true;
    return false;
}

ErrorOr<usize> PipeEndNode::read(u64, Bytes buffer) {
    if (m_end != End::Read)
        return Error(status::InvalidParameter, "the write end of a pipe is not readable");
    return m_pipe->read(buffer);
}

ErrorOr<usize> PipeEndNode::write(u64, ReadonlyBytes data) {
    if (m_end != End::Write)
        return Error(status::InvalidParameter, "the read end of a pipe is not writable");
    return m_pipe->write(data);
}

ErrorOr<fs::FileStat> PipeEndNode::stat() {
    fs::FileStat info;
    info.attributes = fs::file_attribute::Normal;
    // FileStandardInformation of a pipe: EndOfFile is the data queued, AllocationSize the buffer.
    info.size = m_pipe->available();
    info.allocation_size = m_pipe->capacity();
    return info;
}

ErrorOr<PipeEnds> create_pipe(usize capacity) {
    RefPtr<PipeBuffer> pipe = TRY(PipeBuffer::create(capacity));
    auto make_end = [&](PipeEndNode::End end) -> ErrorOr<RefPtr<fs::FileObject>> {
        PipeEndNode* node = TRY(try_make<PipeEndNode>(pipe, end));
        RefPtr<fs::Vnode> reference(node);
        s_live_ends.append(*node);
        fs::OpenRequest request;
        request.desired_access = end == PipeEndNode::End::Read
                                     ? fs::file_access::FileGenericRead | fs::file_access::WriteAttributes
                                     : fs::file_access::FileGenericWrite | fs::file_access::ReadAttributes;
        request.share_access = fs::file_share::Read | fs::file_share::Write;
        request.options = fs::create_option::SynchronousIoNonalert;
        return fs::FileObject::create(move(reference), request);
    };
    PipeEnds ends;
    ends.read = TRY(make_end(PipeEndNode::End::Read));
    ends.write = TRY(make_end(PipeEndNode::End::Write));
    return ends;
}

PipeEndNode* pipe_end_of(fs::FileObject& file) {
    if (!PipeEndNode::is_pipe(file.node()))
        return nullptr;
    return static_cast<PipeEndNode*>(&file.node());
}

} // namespace halcyon::io
