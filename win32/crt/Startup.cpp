// Process start-up and termination shared by msvcrt.dll and ucrtbase.dll: CRT initialization
// (run from each DLL's DllMain), argv construction, the atexit/_onexit table, exit/_exit/_cexit,
// _initterm, abort and the CRT's numbered locks.

#include "win32/crt/Startup.h"
#include "win32/crt/CommandLine.h"
#include "win32/crt/Environment.h"
#include "win32/crt/Errno.h"
#include "win32/crt/FileDescriptors.h"
#include "win32/crt/Globals.h"
#include "win32/crt/Os.h"
#include "win32/crt/Stdio.h"
#include "win32/crt/ThreadData.h"

namespace crt {

namespace {

constexpr int kLockCount = 64; // msvcrt has _TOTAL_LOCKS = 36 (+ stream locks); room to spare
os::LockStorage g_locks[kLockCount];

/// The process-wide exit table (atexit/_onexit/_crt_atexit), run in reverse by exit/_cexit.
OnexitTable g_exit_table;
bool g_exit_started;
ThreadLocalExitCallback g_tls_exit_callback;

constexpr int kExitLock = 13; // _EXIT_LOCK1

} // namespace

void initialize_wide_ctype();
void initialize_clock();

bool initialize_runtime() {
    initialize_thread_data();
    initialize_wide_ctype();
    initialize_clock();
    for (auto& lock : g_locks)
        os::lock_init(lock);
    fd::initialize_standard_descriptors();
    initialize_stdio();
    _acmdln = const_cast<char*>(os::command_line_narrow());
    _wcmdln = const_cast<WideChar*>(os::command_line_wide());
    if (!initialize_environment())
        return false;
    return true;
}

template <typename CharT>
static bool build_argv(const CharT* command_line, int& argc_out, CharT**& argv_out) {
    size_t argc = 0, characters = 0;
    parse_command_line<CharT>(command_line, nullptr, nullptr, argc, characters);
    size_t pointer_bytes = sizeof(CharT*) * (argc + 1);
    auto* block = static_cast<unsigned char*>(os::heap_alloc(pointer_bytes + sizeof(CharT) * characters, false));
    if (!block)
        return false;
    auto** argv = reinterpret_cast<CharT**>(block);
    auto* buffer = reinterpret_cast<CharT*>(block + pointer_bytes);
    parse_command_line<CharT>(command_line, argv, buffer, argc, characters);
    argc_out = static_cast<int>(argc);
    argv_out = argv;
    return true;
}

bool configure_narrow_argv() {
    if (__argv)
        return true;
    int argc = 0;
    char** argv = nullptr;
    if (!build_argv<char>(_acmdln, argc, argv))
        return false;
    __argc = argc;
    __argv = argv;
    _pgmptr = argc > 0 ? argv[0] : nullptr;
    return true;
}

bool configure_wide_argv() {
    if (__wargv)
        return true;
    int argc = 0;
    WideChar** argv = nullptr;
    if (!build_argv<WideChar>(_wcmdln, argc, argv))
        return false;
    __argc = argc;
    __wargv = argv;
    _wpgmptr = argc > 0 ? argv[0] : nullptr;
    return true;
}

void lock(int index) {
    if (index >= 0 && index < kLockCount)
        os::lock_enter(g_locks[index]);
}

void unlock(int index) {
    if (index >= 0 && index < kLockCount)
        os::lock_leave(g_locks[index]);
}

int register_onexit(OnexitTable& table, OnexitFunction function) {
    if (!table.first) {
        table.first = static_cast<OnexitFunction*>(os::heap_alloc(sizeof(OnexitFunction) * 32, true));
        if (!table.first)
            return -1;
        table.last = table.first;
        table.end = table.first + 32;
    }
    if (table.last == table.end) {
        size_t count = static_cast<size_t>(table.end - table.first);
        auto* grown = static_cast<OnexitFunction*>(os::heap_realloc(table.first, sizeof(OnexitFunction) * count * 2));
        if (!grown)
            return -1;
        table.first = grown;
        table.last = grown + count;
        table.end = grown + count * 2;
    }
    *table.last++ = function;
    return 0;
}

int execute_onexit(OnexitTable& table) {
    OnexitFunction* first = table.first;
    OnexitFunction* last = table.last;
    table.first = table.last = table.end = nullptr;
    if (!first)
        return 0;
    // Functions registered while running (atexit from an atexit handler) are not run; the CRT
    // re-reads the table for that, a refinement we leave for later.
    while (last > first) {
        OnexitFunction function = *--last;
        if (function)
            function();
    }
    os::heap_free(first);
    return 0;
}

void set_thread_local_exit_callback(ThreadLocalExitCallback callback) { g_tls_exit_callback = callback; }

/// exit's work before ExitProcess: thread_local destructors, atexit handlers, stream flushing.
static void run_exit_handlers(bool run_atexit) {
    lock(kExitLock);
    bool first = !g_exit_started;
    g_exit_started = true;
    unlock(kExitLock);
    if (first && run_atexit) {
        if (g_tls_exit_callback)
            g_tls_exit_callback(nullptr, 0 /* DLL_PROCESS_DETACH */, nullptr);
        execute_onexit(g_exit_table);
    }
    flush_all_streams();
}

OnexitTable& process_exit_table() { return g_exit_table; }

[[noreturn]] void terminate_with_message(const char* message, int code) {
    flush_all_streams();
    if (message) {
        // The CRT writes its runtime messages to stderr in text mode.
        size_t length = __builtin_strlen(message);
        _write(2, message, static_cast<unsigned>(length));
    }
    os::exit_process(static_cast<uint32_t>(code));
}

} // namespace crt

using namespace crt;

CRT_EXPORT void _lock(int index) { crt::lock(index); }
CRT_EXPORT void _unlock(int index) { crt::unlock(index); }

CRT_EXPORT OnexitFunction _onexit(OnexitFunction function) {
    crt::lock(kExitLock);
    int result = register_onexit(g_exit_table, function);
    crt::unlock(kExitLock);
    return result == 0 ? function : nullptr;
}

CRT_EXPORT int atexit(void (*function)()) {
    return _onexit(reinterpret_cast<OnexitFunction>(function)) ? 0 : -1;
}

CRT_EXPORT int _crt_atexit(void (*function)()) { return atexit(function); }
CRT_EXPORT int _crt_at_quick_exit(void (*function)()) {
    // FIXME: quick_exit handlers are accepted but quick_exit runs none of them yet.
    return function ? 0 : -1;
}

CRT_EXPORT void _cexit() { run_exit_handlers(true); }
CRT_EXPORT void _c_exit() {}

CRT_EXPORT [[noreturn]] void exit(int code) {
    run_exit_handlers(true);
    os::exit_process(static_cast<uint32_t>(code));
}

CRT_EXPORT [[noreturn]] void _exit(int code) { os::exit_process(static_cast<uint32_t>(code)); }
CRT_EXPORT [[noreturn]] void _Exit(int code) { os::exit_process(static_cast<uint32_t>(code)); }
CRT_EXPORT [[noreturn]] void quick_exit(int code) { os::exit_process(static_cast<uint32_t>(code)); }

using InitFunction = void (*)();
using InitFunctionWithResult = int (*)();

CRT_EXPORT void _initterm(InitFunction* begin, InitFunction* end) {
    for (; begin < end; ++begin)
        if (*begin)
            (*begin)();
}

CRT_EXPORT int _initterm_e(InitFunctionWithResult* begin, InitFunctionWithResult* end) {
    for (; begin < end; ++begin) {
        if (*begin) {
            int result = (*begin)();
            if (result != 0)
                return result;
        }
    }
    return 0;
}

CRT_EXPORT [[noreturn]] void _amsg_exit(int number) {
    // msvcrt's runtime-error banner; the text after the number depends on the error, the number
    // is what matters to anyone reading it.
    char message[64] = "\nruntime error R6000\n";
    message[18] = static_cast<char>('0' + (number / 10) % 10);
    message[19] = static_cast<char>('0' + number % 10);
    terminate_with_message(message, 255);
}

CRT_EXPORT int _initialize_onexit_table(OnexitTable* table) {
    if (!table)
        return -1;
    if (table->first != table->last)
        return 0;
    table->first = table->last = table->end = nullptr;
    return 0;
}

CRT_EXPORT int _register_onexit_function(OnexitTable* table, OnexitFunction function) {
    if (!table)
        return -1;
    crt::lock(kExitLock);
    int result = register_onexit(*table, function);
    crt::unlock(kExitLock);
    return result;
}

CRT_EXPORT int _execute_onexit_table(OnexitTable* table) {
    if (!table)
        return -1;
    crt::lock(kExitLock);
    OnexitTable copy = *table;
    table->first = table->last = table->end = nullptr;
    crt::unlock(kExitLock);
    return execute_onexit(copy);
}

CRT_EXPORT void _register_thread_local_exe_atexit_callback(ThreadLocalExitCallback callback) {
    set_thread_local_exit_callback(callback);
}
