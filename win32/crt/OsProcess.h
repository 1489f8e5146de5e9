#pragma once

// The C runtime's window onto process creation (OsProcess.cpp, which alone includes the Win32
// headers for it), used by system, _popen/_pclose and the _spawn family (Process.cpp).

#include "win32/crt/Os.h"

namespace crt::os {

/// Standard handles for a new process; a null slot means "the caller's own".
struct ChildStdHandles {
    Handle input = nullptr;
    Handle output = nullptr;
    Handle error = nullptr;
};

/// Starts `program` (a path; null lets CreateProcess find the first token of `command_line`)
/// with handle inheritance. With `std_handles`, the child gets exactly those (the slots left null
/// get inheritable duplicates of ours); without, it shares our standard handles. Returns the
/// process handle, or null with LastError set.
Handle start_process(const WideChar* program, WideChar* command_line, const ChildStdHandles* std_handles);
/// Waits for a process to end; returns false when the handle is not a process.
bool wait_process(Handle process, uint32_t& exit_code);
/// An anonymous pipe with both ends not inheritable.
bool create_pipe(Handle& read_end, Handle& write_end);
/// GetEnvironmentVariableW: the length without the terminator, or the size needed, 0 if unset.
uint32_t environment_variable(const WideChar* name, WideChar* buffer, uint32_t capacity);

} // namespace crt::os
