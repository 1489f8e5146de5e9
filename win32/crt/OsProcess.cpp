// crt::os process creation on top of kernel32 (see OsProcess.h).

#include "halcyon/win32.h"
#include "win32/crt/OsProcess.h"

namespace crt::os {

namespace {

/// An inheritable duplicate of one of our standard handles (null when there is none).
HANDLE inheritable_copy(DWORD which) {
    HANDLE own = GetStdHandle(which);
    if (!own || own == INVALID_HANDLE_VALUE)
        return nullptr;
    HANDLE copy = nullptr;
    if (!DuplicateHandle(GetCurrentProcess(), own, GetCurrentProcess(), &copy, 0, TRUE, DUPLICATE_SAME_ACCESS))
        return nullptr;
    return copy;
}

} // namespace

Handle start_process(const WideChar* program, WideChar* command_line, const ChildStdHandles* std_handles) {
    STARTUPINFOW startup{};
    startup.cb = sizeof startup;
    HANDLE copies[3] = {nullptr, nullptr, nullptr};
    if (std_handles) {
        startup.dwFlags = STARTF_USESTDHANDLES;
        HANDLE given[3] = {std_handles->input, std_handles->output, std_handles->error};
        DWORD which[3] = {STD_INPUT_HANDLE, STD_OUTPUT_HANDLE, STD_ERROR_HANDLE};
        HANDLE* slots[3] = {&startup.hStdInput, &startup.hStdOutput, &startup.hStdError};
        for (int i = 0; i < 3; ++i) {
            if (given[i]) {
                *slots[i] = given[i];
            } else {
                copies[i] = inheritable_copy(which[i]);
                *slots[i] = copies[i];
            }
        }
    }
    PROCESS_INFORMATION info{};
    BOOL started = CreateProcessW(program, command_line, nullptr, nullptr, TRUE, 0, nullptr, nullptr, &startup, &info);
    DWORD error = GetLastError();
    for (HANDLE copy : copies)
        if (copy)
            CloseHandle(copy);
    if (!started) {
        SetLastError(error);
        return nullptr;
    }
    CloseHandle(info.hThread);
    return info.hProcess;
}

bool wait_process(Handle process, uint32_t& exit_code) {
    if (WaitForSingleObject(process, INFINITE) == WAIT_FAILED)
        return false;
    DWORD code = 0;
    if (!GetExitCodeProcess(process, &code))
        return false;
    exit_code = code;
    return true;
}

bool create_pipe(Handle& read_end, Handle& write_end) {
    HANDLE r, w;
    if (!CreatePipe(&r, &w, nullptr, 0))
        return false;
    read_end = r;
    write_end = w;
    return true;
}

uint32_t environment_variable(const WideChar* name, WideChar* buffer, uint32_t capacity) {
    return GetEnvironmentVariableW(name, buffer, capacity);
}

} // namespace crt::os
