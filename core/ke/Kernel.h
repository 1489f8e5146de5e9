#pragma once

// Kernel-wide state and start-up: the frame allocator, the VFS, id allocation, and the switches
// the embedding backend passes in.

#include "core/fs/Vfs.h"
#include "core/lib/Format.h"
#include "core/mm/PhysicalAllocator.h"
#include "hal/backend.h"

namespace halcyon::kernel {

struct Options {
    /// Log every system call and loader step to the kernel log (`halcyon --trace`).
    bool trace{false};
    /// The host file the registry persists in (core/registry/Registry.h); empty keeps the
    /// registry in memory only. Read during initialize() alone, so the caller's string need
    /// only outlive that call.
    StringView registry_path;
};

ErrorOr<void> initialize(const Options& options);
/// Undoes initialize once every process has ended: unmounts every drive, stops the scheduler
/// and forgets physical memory. Returns the number of frames that were still allocated (a leak
/// when non-zero). The kernel can be initialized again afterwards.
u64 shutdown();

mm::PhysicalAllocator& frames();
fs::Vfs& vfs();
const Options& options();
/// Process and thread ids share one counter and are multiples of 4, as on Windows.
u64 allocate_id();

/// Formats one line into the kernel log (a newline is added).
template <typename... Args>
void log(const char* format, const Args&... args) {
    char line[512];
    usize length = format_to(line, sizeof line - 1, format, args...);
    if (length > sizeof line - 2)
        length = sizeof line - 2;
    line[length] = '\n';
    hal::Console::log(StringView(line, length + 1));
}

template <typename... Args>
void trace(const char* format, const Args&... args) {
    if (options().trace)
        log(format, args...);
}

} // namespace halcyon::kernel
