// Running other programs: system/_wsystem, _popen/_wpopen/_pclose, _spawnl/_spawnlp/_spawnv/
// _spawnvp, _execl/_execlp/_execv/_execvp and _cwait.
//
// As Microsoft's CRT does, system() runs "%COMSPEC% /c command" (cmd.exe when COMSPEC is not
// set), and the _spawn functions join their arguments with single spaces without adding quotes,
// so arguments with spaces must be quoted by the caller. Children inherit inheritable handles and
// share the caller's standard handles; _popen connects the child's standard output (mode "r") or
// input (mode "w") to a pipe.
//
// FIXME: the CRT's file-descriptor table is not passed to children (STARTUPINFO.lpReserved2), so
// a descriptor redirected with _dup2 is not seen by them.
//
// _P_OVERLAY (and the _exec family, which is _spawn with _P_OVERLAY) cannot replace the process
// image on Windows: as in the Microsoft CRT, the new program is started and the caller then ends
// at once with _exit(0) (no atexit handlers), while the new program keeps running with the same
// standard handles. Whoever waited for the caller therefore sees it end with 0 before the new
// program has finished.

#include "win32/crt/Errno.h"
#include "win32/crt/FileDescriptors.h"
#include "win32/crt/OsProcess.h"
#include "win32/crt/Stdio.h"

CRT_EXPORT int _open_osfhandle(intptr_t handle, int flags);
CRT_EXPORT crt::CrtFile* _fdopen(int fd, const char* mode);
CRT_EXPORT int fclose(crt::CrtFile* stream);
CRT_EXPORT [[noreturn]] void _exit(int code);

namespace crt {

namespace {

constexpr int kPWait = 0, kPNoWait = 1, kPOverlay = 2, kPNoWaitO = 3, kPDetach = 4;
constexpr uint32_t kErrorFileNotFound = 2, kErrorPathNotFound = 3;
constexpr int kMaxPipes = 32;

/// A growable UTF-16 buffer on the CRT heap.
class WideBuilder {
public:
    ~WideBuilder() { os::heap_free(m_data); }
    bool append(const WideChar* s, size_t n) {
        if (!reserve(m_size + n + 1))
            return false;
        for (size_t i = 0; i < n; ++i)
            m_data[m_size + i] = s[i];
        m_size += n;
        m_data[m_size] = 0;
        return true;
    }
    bool append(const WideChar* s) {
        size_t n = 0;
        while (s[n])
            ++n;
        return append(s, n);
    }
    bool append_ansi(const char* s) {
        int n = os::multibyte_to_wide(os::ansi_code_page(), s, -1, nullptr, 0);
        if (n <= 0 || !reserve(m_size + static_cast<size_t>(n) + 1))
            return false;
        os::multibyte_to_wide(os::ansi_code_page(), s, -1, m_data + m_size, n);
        m_size += static_cast<size_t>(n) - 1; // without the terminator it converted
        m_data[m_size] = 0;
        return true;
    }
    WideChar* data() { return m_data; }
    size_t size() const { return m_size; }

private:
    bool reserve(size_t wanted) {
        if (wanted <= m_capacity)
            return true;
        size_t capacity = m_capacity ? m_capacity * 2 : 128;
        while (capacity < wanted)
            capacity *= 2;
        auto* data = static_cast<WideChar*>(m_data ? os::heap_realloc(m_data, capacity * sizeof(WideChar))
                                                   : os::heap_alloc(capacity * sizeof(WideChar), false));
        if (!data) {
            set_errno(kENOMEM);
            return false;
        }
        m_data = data;
        m_capacity = capacity;
        return true;
    }
    WideChar* m_data = nullptr;
    size_t m_size = 0;
    size_t m_capacity = 0;
};

/// "%COMSPEC% /c " (cmd.exe when COMSPEC is not set).
bool command_processor(WideBuilder& line) {
    WideChar comspec[1024];
    uint32_t n = os::environment_variable(L"COMSPEC", comspec, 1024);
    if (n == 0 || n >= 1024)
        return line.append(L"cmd.exe");
    return line.append(comspec, n);
}

bool command_processor_exists() {
    WideChar comspec[1024];
    uint32_t n = os::environment_variable(L"COMSPEC", comspec, 1024);
    if (n && n < 1024)
        return os::file_attributes(comspec) != 0xFFFFFFFFu;
    WideChar system32[] = L"C:\\Windows\\System32\\cmd.exe";
    return os::file_attributes(system32) != 0xFFFFFFFFu;
}

void set_errno_for_start_failure() {
    uint32_t error = os::last_error();
    set_errno(error == kErrorFileNotFound || error == kErrorPathNotFound ? kENOENT : errno_for_win32(error));
}

/// Runs "%COMSPEC% /c <command>" and waits: the code system() returns.
int run_command_processor(WideBuilder& command) {
    WideBuilder line;
    if (!command_processor(line) || !line.append(L" /c ") || !line.append(command.data(), command.size()))
        return -1;
    flush_all_streams();
    os::Handle process = os::start_process(nullptr, line.data(), nullptr);
    if (!process) {
        set_errno_for_start_failure();
        return -1;
    }
    uint32_t code = 0;
    bool waited = os::wait_process(process, code);
    os::close(process);
    if (!waited) {
        set_errno(kECHILD);
        return -1;
    }
    return static_cast<int>(code);
}

/// The streams _popen opened and their processes, for _pclose.
struct PipeStream {
    CrtFile* stream;
    os::Handle process;
};
PipeStream g_pipe_streams[kMaxPipes];
os::LockStorage g_pipe_lock;
bool g_pipe_lock_ready;

void lock_pipes() {
    // Process start-up is single-threaded, so the first call initialises the lock safely enough.
    if (!__atomic_exchange_n(&g_pipe_lock_ready, true, __ATOMIC_ACQ_REL))
        os::lock_init(g_pipe_lock);
    os::lock_enter(g_pipe_lock);
}
void unlock_pipes() { os::lock_leave(g_pipe_lock); }

CrtFile* open_pipe(WideBuilder& command, const char* mode) {
    bool reading = false, writing = false, binary = false;
    for (const char* m = mode; m && *m; ++m) {
        if (*m == 'r')
            reading = true;
        else if (*m == 'w')
            writing = true;
        else if (*m == 'b')
            binary = true;
    }
    if (reading == writing) {
        set_errno(kEINVAL);
        return nullptr;
    }
    os::Handle read_end, write_end;
    if (!os::create_pipe(read_end, write_end)) {
        set_errno(kEMFILE);
        return nullptr;
    }
    os::Handle ours = reading ? read_end : write_end;
    os::Handle theirs = reading ? write_end : read_end;
    os::Handle theirs_inheritable = nullptr;
    if (!os::duplicate_handle(theirs, theirs_inheritable)) {
        os::close(read_end);
        os::close(write_end);
        set_errno(kEMFILE);
        return nullptr;
    }
    os::close(theirs);
    WideBuilder line;
    if (!command_processor(line) || !line.append(L" /c ") || !line.append(command.data(), command.size())) {
        os::close(ours);
        os::close(theirs_inheritable);
        return nullptr;
    }
    os::ChildStdHandles handles;
    if (reading)
        handles.output = theirs_inheritable;
    else
        handles.input = theirs_inheritable;
    flush_all_streams();
    os::Handle process = os::start_process(nullptr, line.data(), &handles);
    os::close(theirs_inheritable);
    if (!process) {
        set_errno_for_start_failure();
        os::close(ours);
        return nullptr;
    }
    int fd = _open_osfhandle(reinterpret_cast<intptr_t>(ours), (reading ? fd::kORdOnly : fd::kOWrOnly) | (binary ? fd::kOBinary : 0));
    CrtFile* stream = fd >= 0 ? _fdopen(fd, reading ? (binary ? "rb" : "r") : (binary ? "wb" : "w")) : nullptr;
    if (!stream) {
        if (fd < 0)
            os::close(ours);
        os::close(process);
        return nullptr;
    }
    lock_pipes();
    bool stored = false;
    for (PipeStream& slot : g_pipe_streams) {
        if (!slot.stream) {
            slot = {stream, process};
            stored = true;
            break;
        }
    }
    unlock_pipes();
    if (!stored) {
        // Too many open pipes to remember: the stream still works, _pclose cannot wait.
        os::close(process);
    }
    return stream;
}

/// The Microsoft spawn command line: the arguments joined with single spaces, unquoted.
bool join_arguments(WideBuilder& line, const char* const* argv) {
    for (size_t i = 0; argv && argv[i]; ++i) {
        if (i && !line.append(L" "))
            return false;
        if (!line.append_ansi(argv[i]))
            return false;
    }
    return true;
}

bool has_extension(const WideChar* name) {
    bool dot = false;
    for (const WideChar* p = name; *p; ++p) {
        if (*p == '\\' || *p == '/')
            dot = false;
        else if (*p == '.')
            dot = true;
    }
    return dot;
}

bool is_file(const WideChar* path) {
    uint32_t attributes = os::file_attributes(path);
    return attributes != 0xFFFFFFFFu && !(attributes & 0x10);
}

/// The program to start for _spawn*: the name as given (".exe" added when it has no extension);
/// with `search`, a name without a path is also looked for in each PATH directory.
bool resolve_program(const char* name, bool search, WideBuilder& found) {
    WideBuilder typed;
    if (!typed.append_ansi(name))
        return false;
    bool add_exe = !has_extension(typed.data());
    if (add_exe && !typed.append(L".exe"))
        return false;
    if (is_file(typed.data()))
        return found.append(typed.data(), typed.size());
    bool has_path = false;
    for (size_t i = 0; i < typed.size(); ++i)
        has_path |= typed.data()[i] == '\\' || typed.data()[i] == '/' || typed.data()[i] == ':';
    if (!search || has_path)
        return false;
    static WideChar path[32768];
    uint32_t n = os::environment_variable(L"PATH", path, 32768);
    if (n == 0 || n >= 32768)
        return false;
    const WideChar* entry = path;
    while (*entry) {
        const WideChar* end = entry;
        while (*end && *end != ';')
            ++end;
        if (end > entry) {
            WideBuilder candidate;
            candidate.append(entry, static_cast<size_t>(end - entry));
            if (end[-1] != '\\')
                candidate.append(L"\\");
            candidate.append(typed.data(), typed.size());
            if (is_file(candidate.data()))
                return found.append(candidate.data(), candidate.size());
        }
        entry = *end ? end + 1 : end;
    }
    return false;
}

intptr_t spawn(int mode, const char* name, const char* const* argv, bool search) {
    if (!name || !argv || !argv[0]) {
        set_errno(kEINVAL);
        return -1;
    }
    if (mode != kPWait && mode != kPNoWait && mode != kPNoWaitO && mode != kPDetach && mode != kPOverlay) {
        set_errno(kEINVAL);
        return -1;
    }
    WideBuilder program;
    if (!resolve_program(name, search, program)) {
        set_errno(kENOENT);
        return -1;
    }
    WideBuilder line;
    if (!join_arguments(line, argv))
        return -1;
    flush_all_streams();
    os::Handle process = os::start_process(program.data(), line.data() ? line.data() : const_cast<WideChar*>(L""), nullptr);
    if (!process) {
        set_errno_for_start_failure();
        return -1;
    }
    if (mode == kPWait) {
        uint32_t code = 0;
        bool waited = os::wait_process(process, code);
        os::close(process);
        if (!waited) {
            set_errno(kECHILD);
            return -1;
        }
        return static_cast<intptr_t>(static_cast<int>(code));
    }
    if (mode == kPDetach) {
        os::close(process);
        return 0;
    }
    if (mode == kPOverlay) {
        os::close(process);
        _exit(0);
    }
    return reinterpret_cast<intptr_t>(process);
}

/// Collects the variadic arguments of _spawnl/_spawnlp (at most 256).
const char* const* collect(const char* first, __builtin_va_list args, const char** storage, size_t capacity) {
    size_t n = 0;
    storage[n++] = first;
    while (n + 1 < capacity) {
        const char* next = __builtin_va_arg(args, const char*);
        storage[n++] = next;
        if (!next)
            return storage;
    }
    storage[n] = nullptr;
    return storage;
}

} // namespace

} // namespace crt

using namespace crt;

CRT_EXPORT int system(const char* command) {
    if (!command)
        return command_processor_exists() ? 1 : 0;
    WideBuilder wide;
    if (!wide.append_ansi(command))
        return -1;
    return run_command_processor(wide);
}

CRT_EXPORT int _wsystem(const WideChar* command) {
    if (!command)
        return command_processor_exists() ? 1 : 0;
    WideBuilder wide;
    if (!wide.append(command))
        return -1;
    return run_command_processor(wide);
}

CRT_EXPORT CrtFile* _popen(const char* command, const char* mode) {
    if (!command || !mode) {
        set_errno(kEINVAL);
        return nullptr;
    }
    WideBuilder wide;
    if (!wide.append_ansi(command))
        return nullptr;
    return open_pipe(wide, mode);
}

CRT_EXPORT CrtFile* _wpopen(const WideChar* command, const WideChar* mode) {
    if (!command || !mode) {
        set_errno(kEINVAL);
        return nullptr;
    }
    char narrow_mode[8];
    size_t i = 0;
    for (; mode[i] && i < 7; ++i)
        narrow_mode[i] = static_cast<char>(mode[i]);
    narrow_mode[i] = 0;
    WideBuilder wide;
    if (!wide.append(command))
        return nullptr;
    return open_pipe(wide, narrow_mode);
}

CRT_EXPORT int _pclose(CrtFile* stream) {
    if (!stream) {
        set_errno(kEINVAL);
        return -1;
    }
    os::Handle process = nullptr;
    lock_pipes();
    for (PipeStream& slot : g_pipe_streams) {
        if (slot.stream == stream) {
            process = slot.process;
            slot = {nullptr, nullptr};
            break;
        }
    }
    unlock_pipes();
    if (!process) {
        set_errno(kEINVAL);
        return -1;
    }
    fclose(stream);
    uint32_t code = 0;
    bool waited = os::wait_process(process, code);
    os::close(process);
    if (!waited) {
        set_errno(kECHILD);
        return -1;
    }
    return static_cast<int>(code);
}

CRT_EXPORT intptr_t _spawnv(int mode, const char* name, const char* const* argv) { return spawn(mode, name, argv, false); }
CRT_EXPORT intptr_t _spawnvp(int mode, const char* name, const char* const* argv) { return spawn(mode, name, argv, true); }

CRT_EXPORT intptr_t _spawnl(int mode, const char* name, const char* arg0, ...) {
    const char* storage[256];
    __builtin_va_list args;
    __builtin_va_start(args, arg0);
    const char* const* argv = collect(arg0, args, storage, 256);
    __builtin_va_end(args);
    return spawn(mode, name, argv, false);
}

CRT_EXPORT intptr_t _spawnlp(int mode, const char* name, const char* arg0, ...) {
    const char* storage[256];
    __builtin_va_list args;
    __builtin_va_start(args, arg0);
    const char* const* argv = collect(arg0, args, storage, 256);
    __builtin_va_end(args);
    return spawn(mode, name, argv, true);
}

CRT_EXPORT intptr_t _cwait(int* status, intptr_t process, int) {
    uint32_t code = 0;
    if (!os::wait_process(reinterpret_cast<os::Handle>(process), code)) {
        set_errno(kECHILD);
        return -1;
    }
    if (status)
        *status = static_cast<int>(code);
    os::close(reinterpret_cast<os::Handle>(process));
    return process;
}

CRT_EXPORT intptr_t _execv(const char* name, const char* const* argv) { return spawn(kPOverlay, name, argv, false); }
CRT_EXPORT intptr_t _execvp(const char* name, const char* const* argv) { return spawn(kPOverlay, name, argv, true); }

CRT_EXPORT intptr_t _execl(const char* name, const char* arg0, ...) {
    const char* storage[256];
    __builtin_va_list args;
    __builtin_va_start(args, arg0);
    const char* const* argv = collect(arg0, args, storage, 256);
    __builtin_va_end(args);
    return spawn(kPOverlay, name, argv, false);
}

CRT_EXPORT intptr_t _execlp(const char* name, const char* arg0, ...) {
    const char* storage[256];
    __builtin_va_list args;
    __builtin_va_start(args, arg0);
    const char* const* argv = collect(arg0, args, storage, 256);
    __builtin_va_end(args);
    return spawn(kPOverlay, name, argv, true);
}
