#pragma once

// The console as a file: the three standard streams are Vnodes whose reads and writes go to the
// HAL console (the terminal when hosted, serial/framebuffer on bare metal). Console handles are
// ordinary File objects over these nodes, so NtReadFile/NtWriteFile need no special case.

#include "core/fs/Vnode.h"
#include "hal/backend.h"

namespace halcyon::io {

class ConsoleNode final : public fs::Vnode {
public:
    explicit ConsoleNode(hal::ConsoleStream stream) : m_stream(stream) {}

    /// The node for one stream, created on first use (kernel lifetime).
    static ErrorOr<RefPtr<fs::Vnode>> node_for(hal::ConsoleStream stream);
    /// Whether `node` is one of the console's nodes (FileFsDeviceInformation, GetFileType).
    static bool is_console(const fs::Vnode* node);

    hal::ConsoleStream stream() const { return m_stream; }

    bool is_directory() const override { return false; }
    ErrorOr<usize> read(u64, Bytes buffer) override;
    ErrorOr<usize> write(u64, ReadonlyBytes data) override;
    ErrorOr<void> set_size(u64) override { return Error(status::InvalidParameter, "console has no size"); }
    ErrorOr<fs::FileStat> stat() override;
    ErrorOr<void> flush() override { return {}; }
    ErrorOr<Vector<fs::DirectoryEntry>> list_directory() override {
        return Error(status::NotADirectory, "console is not a directory");
    }
    ErrorOr<void> remove() override { return Error(status::AccessDenied, "console cannot be deleted"); }

private:
    hal::ConsoleStream m_stream;
};

} // namespace halcyon::io
