#pragma once

// The hosted kernel as a library: boot a whole Halcyon kernel inside the calling Linux process,
// run Windows programs or raw guest code on it, watch every system call, and shut it down —
// as often as you like in one process. The `halcyon` binary, the kernel tests and the
// system-call fuzzer are all built on this.
//
//   std::string error;
//   auto kernel = halcyon::embed::Kernel::boot({.system_image = "build/hosted/image/C",
//                                               .drives = {{'D', "/path/to/apps"}}}, error);
//   halcyon::NtStatus status = kernel->run({.image_path = "D:\\hello.exe"}, error);
//   kernel.reset(); // shutdown
//
// One kernel at a time per process (the kernel's state is global, like a machine's). Calls must
// come from the thread that booted it; the guest runs on host threads of its own meanwhile.

#include "core/lib/NtStatus.h"
#include "core/syscall/Observer.h"

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace halcyon::embed {

struct BootOptions {
    /// Host directory mounted as C: (C:\Windows\System32 holds the DLLs). May stay empty for a
    /// kernel that only runs raw guest code.
    std::string system_image;
    /// More drives: letter and host directory.
    std::vector<std::pair<char, std::string>> drives;
    /// Log system calls and loader steps to stderr.
    bool trace = false;
    /// Host file the registry is loaded from and saved to (core/registry/Registry.h); empty keeps
    /// the registry in memory for this kernel's lifetime only.
    std::string registry_file;
    /// Guest physical memory (sparse: only pages in use cost host memory).
    std::uint64_t ram_bytes = 1ull << 30;
};

struct ProgramOptions {
    /// Windows path of the executable, e.g. "D:\\hello.exe".
    std::string image_path;
    /// The whole command line, argv[0] included; empty means the quoted image path alone.
    std::string command_line;
    /// Absolute Windows path; empty means the executable's directory.
    std::string current_directory;
    /// "NAME=value" entries (sorted by the kernel as Windows expects).
    std::vector<std::string> environment;
};

/// Where run_guest_code puts things in the guest process.
constexpr std::uint64_t kGuestCodeAddress = 0x1000'0000;
constexpr std::uint64_t kGuestDataAddress = 0x2000'0000;
constexpr std::uint64_t kGuestDataSize = 0x1'0000;
constexpr std::uint64_t kGuestReadOnlyAddress = 0x2100'0000;

/// Resource counts for leak checks: compare before boot and after shutdown.
struct Counters {
    std::size_t live_objects;   // kernel objects alive (processes, threads, files, events, ...)
    std::uint64_t used_frames;  // physical frames allocated (0 when no kernel is up)
    std::size_t host_threads;   // threads of this Linux process
};

class Kernel {
public:
    /// Boots a kernel; null (with `error` set) when one is already up or a step fails.
    static std::unique_ptr<Kernel> boot(const BootOptions& options, std::string& error);
    /// Shuts the kernel down; every program it ran must have ended (run* wait for that).
    ~Kernel();
    Kernel(const Kernel&) = delete;
    Kernel& operator=(const Kernel&) = delete;

    /// Launches a program with the host's stdin/stdout/stderr as its console and runs it to its
    /// end; returns its exit status. A launch failure sets `error` and returns its status.
    NtStatus run(const ProgramOptions& program, std::string& error);

    /// Runs `code` (x86-64, loaded at kGuestCodeAddress, entered with rsp ≡ 8 mod 16) as the
    /// only thread of a fresh process with no executable and no DLLs; `data` is copied to
    /// kGuestDataAddress. System calls go through the gate pointer at 0x7FFE0F00, as ntdll's
    /// stubs do. Returns the process's exit status (its NtTerminateProcess status, or the
    /// exception that killed it).
    NtStatus run_guest_code(std::span<const std::uint8_t> code, std::span<const std::uint8_t> data,
                            std::string& error);

    /// Sees every system call after its service ran (null removes it). Runs on the guest
    /// thread's host thread, in kernel context: it may call check_current_process.
    void set_system_call_observer(kernel::SystemCallObserver observer, void* context);

    /// From inside an observer: checks the calling process's kernel state (handle table and
    /// reference counts). False with `why` set on the first inconsistency.
    static bool check_current_process(std::string& why);

    /// The guest address space's allocations of the calling process: (base, size) pairs.
    static std::vector<std::pair<std::uint64_t, std::uint64_t>> current_process_regions();

    static Counters counters();

    /// Replaces an in-memory registry (BootOptions::registry_file empty) with a fresh one that
    /// holds only the defaults, dropping what earlier programs wrote, so that each run (a
    /// fuzzer's input, say) starts from the same state. No program may be running. False with
    /// `error` set when the registry persists in a file (resetting it would lose that file's
    /// contents) or the new tree cannot be built.
    bool reset_registry(std::string& error);

private:
    Kernel() = default;
};

} // namespace halcyon::embed
