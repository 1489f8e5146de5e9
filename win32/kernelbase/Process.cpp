// The current process and thread: identities, exit, command line and start-up information.

#include "win32/kernelbase/KernelBase.h"
#include "win32/kernelbase/NtInformation.h"

using namespace halcyon;
using namespace halcyon::kernelbase;

namespace {

// ANSI copies made once at DLL load (Windows does the same in kernelbase's initialisation), so
// GetCommandLineA returns the same stable pointer every time.
char* g_command_line_ansi;
char* g_desktop_ansi;
char* g_title_ansi;

WCHAR* unicode_buffer(const abi::UnicodeString& s) { return reinterpret_cast<WCHAR*>(s.buffer); }

/// An ANSI heap copy of a counted UTF-16 string; empty (not null) when the source is empty.
char* ansi_copy(const abi::UnicodeString& s) {
    size_t length = s.length / sizeof(WCHAR);
    DWORD needed = copy_wide_result_to_ansi(unicode_buffer(s), length, nullptr, 0);
    if (needed == 0 && length != 0)
        return nullptr;
    if (needed == 0)
        needed = 1;
    char* copy = static_cast<char*>(heap_alloc(needed));
    if (!copy)
        return nullptr;
    copy[0] = 0;
    copy_wide_result_to_ansi(unicode_buffer(s), length, copy, needed);
    return copy;
}

} // namespace

namespace halcyon::kernelbase {

void initialize_command_line() {
    abi::ProcessParameters* parameters = process_parameters();
    g_command_line_ansi = ansi_copy(parameters->command_line);
    g_desktop_ansi = ansi_copy(parameters->desktop_info);
    g_title_ansi = ansi_copy(parameters->window_title);
}

} // namespace halcyon::kernelbase

extern "C" {

HANDLE WINAPI GetCurrentProcess(void) { return current_process_handle(); }
HANDLE WINAPI GetCurrentThread(void) { return current_thread_handle(); }
DWORD WINAPI GetCurrentProcessId(void) { return static_cast<DWORD>(teb()->client_id.unique_process); }
DWORD WINAPI GetCurrentThreadId(void) { return static_cast<DWORD>(teb()->client_id.unique_thread); }

BOOL WINAPI TerminateProcess(HANDLE process, UINT exit_code) {
    if (!process) {
        set_last_error(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    return succeeded_or_set_error(NtTerminateProcess(process, static_cast<NTSTATUS>(exit_code)));
}

void WINAPI ExitThread(DWORD exit_code) {
    // ntdll runs the DLL_THREAD_DETACH notifications and ends the thread (or the process, for
    // its last thread).
    RtlExitUserThread(static_cast<NTSTATUS>(exit_code));
}

BOOL WINAPI TerminateThread(HANDLE thread, DWORD exit_code) {
    if (!thread) {
        set_last_error(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    return succeeded_or_set_error(NtTerminateThread(thread, static_cast<NTSTATUS>(exit_code)));
}

BOOL WINAPI GetExitCodeProcess(HANDLE process, LPDWORD exit_code) {
    nt::ProcessBasicInformation info{};
    NTSTATUS status = NtQueryInformationProcess(process, nt::kProcessBasicInformation, &info, sizeof(info), nullptr);
    if (!NT_SUCCESS(status)) {
        set_error_from_status(status);
        return FALSE;
    }
    if (exit_code)
        *exit_code = static_cast<DWORD>(info.exit_status);
    return TRUE;
}

LPWSTR WINAPI GetCommandLineW(void) { return unicode_buffer(process_parameters()->command_line); }

LPSTR WINAPI GetCommandLineA(void) { return g_command_line_ansi; }

void WINAPI GetStartupInfoW(LPSTARTUPINFOW info) {
    abi::ProcessParameters* parameters = process_parameters();
    info->cb = sizeof(STARTUPINFOW);
    info->lpReserved = nullptr;
    info->lpDesktop = unicode_buffer(parameters->desktop_info);
    info->lpTitle = unicode_buffer(parameters->window_title);
    info->dwX = parameters->starting_x;
    info->dwY = parameters->starting_y;
    info->dwXSize = parameters->count_x;
    info->dwYSize = parameters->count_y;
    info->dwXCountChars = parameters->count_chars_x;
    info->dwYCountChars = parameters->count_chars_y;
    info->dwFillAttribute = parameters->fill_attribute;
    info->dwFlags = parameters->window_flags;
    info->wShowWindow = static_cast<WORD>(parameters->show_window_flags);
    // RuntimeData carries the C runtime's inherited file descriptors (msvcrt reads it).
    info->cbReserved2 = parameters->runtime_data.maximum_length;
    info->lpReserved2 = parameters->runtime_data.maximum_length
                            ? reinterpret_cast<LPBYTE>(parameters->runtime_data.buffer)
                            : nullptr;
    // The standard handles are reported whether or not STARTF_USESTDHANDLES is set (Wine does
    // the same; callers are told to look at the flag before trusting them).
    info->hStdInput = reinterpret_cast<HANDLE>(parameters->standard_input);
    info->hStdOutput = reinterpret_cast<HANDLE>(parameters->standard_output);
    info->hStdError = reinterpret_cast<HANDLE>(parameters->standard_error);
}

void WINAPI GetStartupInfoA(LPSTARTUPINFOA info) {
    STARTUPINFOW wide;
    GetStartupInfoW(&wide);
    info->cb = sizeof(STARTUPINFOA);
    info->lpReserved = nullptr;
    info->lpDesktop = g_desktop_ansi;
    info->lpTitle = g_title_ansi;
    info->dwX = wide.dwX;
    info->dwY = wide.dwY;
    info->dwXSize = wide.dwXSize;
    info->dwYSize = wide.dwYSize;
    info->dwXCountChars = wide.dwXCountChars;
    info->dwYCountChars = wide.dwYCountChars;
    info->dwFillAttribute = wide.dwFillAttribute;
    info->dwFlags = wide.dwFlags;
    info->wShowWindow = wide.wShowWindow;
    info->cbReserved2 = wide.cbReserved2;
    info->lpReserved2 = wide.lpReserved2;
    info->hStdInput = wide.hStdInput;
    info->hStdOutput = wide.hStdOutput;
    info->hStdError = wide.hStdError;
}

} // extern "C"
