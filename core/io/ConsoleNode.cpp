#include "core/io/ConsoleNode.h"

#include "core/ps/Thread.h"
#include "core/ps/Wait.h"

namespace halcyon::io {

namespace {
fs::Vnode* s_nodes[3];
}

ErrorOr<RefPtr<fs::Vnode>> ConsoleNode::node_for(hal::ConsoleStream stream) {
    auto index = static_cast<usize>(stream);
    if (!s_nodes[index]) {
        ConsoleNode* node = TRY(try_make<ConsoleNode>(stream));
        node->ref(); // the kernel keeps every console node for its whole lifetime
        s_nodes[index] = node;
    }
    return RefPtr<fs::Vnode>(s_nodes[index]);
}

bool ConsoleNode::is_console(const fs::Vnode* node) {
    return node && (node == s_nodes[0] || node == s_nodes[1] || node == s_nodes[2]);
}

ErrorOr<usize> ConsoleNode::read(u64, Bytes buffer) {
    if (m_stream != hal::ConsoleStream::Input)
        return Error(status::InvalidParameter, "console output stream is not readable");
    // Wait for input in the scheduler, not in the backend: a thread waiting at the keyboard
    // must not keep the CPU from other threads and processes, and must stay killable.
    // FIXME: polls every few milliseconds; an input interrupt would wake it exactly.
    constexpr u64 kInputPollNs = 4'000'000;
    while (!hal::Console::input_ready()) {
        ps::Thread* thread = ps::Thread::current();
        if (!thread)
            break; // no thread to park (kernel start-up): let the backend block
        if (ps::delay_until(*thread, hal::Clock::monotonic_ns() + kInputPollNs) == status::ThreadIsTerminating)
            return Error(status::ThreadIsTerminating, "the reading thread is being terminated");
    }
    return hal::Console::read(buffer);
}

ErrorOr<usize> ConsoleNode::write(u64, ReadonlyBytes data) {
    if (m_stream == hal::ConsoleStream::Input)
        return Error(status::InvalidParameter, "console input stream is not writable");
    return hal::Console::write(m_stream, data);
}

ErrorOr<fs::FileStat> ConsoleNode::stat() {
    fs::FileStat info;
    info.attributes = 0x80; // FILE_ATTRIBUTE_NORMAL
    return info;
}

} // namespace halcyon::io
