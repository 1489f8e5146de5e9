#pragma once

// CRT start-up and termination internals shared by both DLLs (see Startup.cpp).

#include "win32/crt/CrtTypes.h"

namespace crt {

using OnexitFunction = int (*)();

/// ucrt's _onexit_table_t: [first, last) are registered functions, `end` the capacity.
struct OnexitTable {
    OnexitFunction* first;
    OnexitFunction* last;
    OnexitFunction* end;
};

using ThreadLocalExitCallback = void (*)(void* module, uint32_t reason, void* reserved);

/// Everything DLL_PROCESS_ATTACH does: TLS slot, locks, descriptors 0-2, std streams, command
/// line and environment. argv is built on demand (__getmainargs / _configure_*_argv).
bool initialize_runtime();
bool configure_narrow_argv();
bool configure_wide_argv();

void lock(int index);
void unlock(int index);
int register_onexit(OnexitTable& table, OnexitFunction function);
int execute_onexit(OnexitTable& table);
OnexitTable& process_exit_table();
void set_thread_local_exit_callback(ThreadLocalExitCallback callback);

/// Flushes streams, writes `message` to stderr (if any) and ends the process with `code`.
[[noreturn]] void terminate_with_message(const char* message, int code);

} // namespace crt
