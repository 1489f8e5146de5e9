#pragma once

// Creating a user process the way NT does: the kernel maps the executable and ntdll, builds the
// PEB, the process parameters, the first thread's TEB and stack and the shared user data page,
// and starts the thread at ntdll!LdrInitializeThunk. Everything else (DLLs, imports, TLS,
// DllMain) is ntdll's loader's job, in user mode.

#include "core/lib/Span.h"
#include "core/lib/String.h"
#include "core/ob/Object.h"
#include "core/ps/Thread.h"

namespace halcyon::ps {

struct LaunchRequest {
    /// Absolute Windows path of the executable, e.g. "D:\hello.exe".
    StringView image_path;
    /// The full command line (UTF-8), argv[0] included, as GetCommandLine will return it.
    StringView command_line;
    /// Absolute Windows path of the initial current directory.
    StringView current_directory;
    /// "NAME=value" strings.
    Span<const StringView> environment;
    /// Objects for the standard handles (inserted into the new handle table).
    RefPtr<ob::Object> standard_input;
    RefPtr<ob::Object> standard_output;
    RefPtr<ob::Object> standard_error;

    // What a creating process passes (NtCreateUserProcess). The UTF-16 forms are used as given
    // instead of the UTF-8 strings above when they are not empty, so nothing is lost in transit.

    /// The command line, without a terminator.
    Span<const u16> command_line_utf16;
    /// A complete environment block ("A=1\0B=2\0\0"), used instead of `environment`.
    Span<const u16> environment_block;
    /// The window title (STARTUPINFO.lpTitle); the image path when empty.
    Span<const u16> window_title_utf16;
    /// ProcessParameters.RuntimeData (STARTUPINFO.lpReserved2: the C runtime's inherited files).
    ReadonlyBytes runtime_data;
    /// STARTUPINFO.dwFlags and wShowWindow.
    u32 window_flags{0};
    u32 show_window_flags{0};
    /// When set, every inheritable handle of this table is copied into the new process first, under
    /// the same value (CreateProcess with bInheritHandles).
    const ob::HandleTable* inherit_handles_from{nullptr};
    /// Standard handle values already valid in the new process (inherited), used for a slot whose
    /// object above is null. Order: input, output, error.
    u64 standard_handle_values[3]{};
    /// The creating process's id (0 for the first process).
    u64 parent_pid{0};
};

/// Creates the process and its first thread, ready to run. A launch failure carries a message
/// that names the problem ("32-bit images are not supported", ...).
ErrorOr<RefPtr<Thread>> create_user_process(const LaunchRequest& request);

/// A process with no executable and no DLLs, for driving system calls with raw guest code
/// (kernel tests, the system-call fuzzer): `code` is mapped executable at `code_address` and the
/// first thread starts there (rsp 16-byte aligned minus 8, as after a call); `data` is copied
/// into a read-write region of `data_size` bytes at `data_address`, and one read-only page sits
/// at `readonly_address`. There is a PEB (no process parameters) and a TEB.
struct BareProcessRequest {
    StringView name;
    ReadonlyBytes code;
    u64 code_address;
    ReadonlyBytes data;
    u64 data_address;
    u64 data_size;
    u64 readonly_address;
};
ErrorOr<RefPtr<Thread>> create_bare_process(const BareProcessRequest& request);

/// A thread to create in an existing process (NtCreateThreadEx).
struct UserThreadRequest {
    u64 start_routine;
    u64 argument;
    /// Bytes of stack to reserve; 0 takes the executable's default.
    u64 stack_reserve{0};
    bool create_suspended{false};
};

/// Creates a thread of `process` (stack, TEB) starting at ntdll!LdrInitializeThunk with
/// rcx = start routine, rdx = argument, r8 = 0 (core/abi/UserAbi.h), and hands it to the
/// scheduler: ready at once, or suspended until NtResumeThread.
ErrorOr<RefPtr<Thread>> create_user_thread(Process& process, const UserThreadRequest& request);

/// Starts the first thread of a process created by create_user_process and runs the scheduler
/// on the calling (boot) thread until every thread of the process has ended; returns the
/// process's exit status.
///
/// The session ends with its first process, as a console session ends when its window closes:
/// processes it leaves behind (children it started and did not wait for) are then terminated with
/// STATUS_CONTROL_C_EXIT, and the scheduler keeps running until their last threads have ended, so
/// the kernel shuts down with no thread left.
NtStatus run_until_exit(Thread& thread);

/// The system directory holding ntdll and the other system DLLs.
constexpr const char* kSystemDirectory = "C:\\Windows\\System32";

} // namespace halcyon::ps
