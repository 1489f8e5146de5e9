// The console API on Halcyon's console device. The kernel's console is a file-like object
// (FileFsDeviceInformation reports FILE_DEVICE_CONSOLE) that reads and writes UTF-8; the Win32
// console API is layered on NtReadFile/NtWriteFile:
//   - WriteConsoleW converts UTF-16 to UTF-8 for the device; WriteConsoleA converts from the
//     console output code page (UTF-8 by default, see below) through UTF-16.
//   - Console modes are remembered per handle in this process; the device does its own line
//     editing and echo. FIXME: modes are not passed to the kernel (there is no system call for
//     them yet), so ENABLE_LINE_INPUT/ECHO_INPUT/VIRTUAL_TERMINAL_PROCESSING change nothing.
//   - GetConsoleCP/GetConsoleOutputCP report 65001 (UTF-8) rather than the OEM code page of an
//     en-US Windows, because that is how the device interprets the bytes WriteFile sends it.

#include "win32/kernelbase/CodePageConvert.h"
#include "win32/kernelbase/KernelBase.h"
#include "win32/kernelbase/NtInformation.h"

using namespace halcyon;
using namespace halcyon::kernelbase;
using halcyon::win32::codepage::Error;

namespace {

constexpr DWORD kDefaultInputMode = ENABLE_PROCESSED_INPUT | ENABLE_LINE_INPUT | ENABLE_ECHO_INPUT |
                                    ENABLE_INSERT_MODE | ENABLE_QUICK_EDIT_MODE | ENABLE_EXTENDED_FLAGS |
                                    ENABLE_MOUSE_INPUT; // 0x1F7, as conhost starts
constexpr DWORD kDefaultOutputMode = ENABLE_PROCESSED_OUTPUT | ENABLE_WRAP_AT_EOL_OUTPUT;

struct ModeEntry {
    HANDLE handle;
    DWORD mode;
};

/// Modes set with SetConsoleMode. Small and linear: a process has a handful of console handles.
constexpr int kMaxModeEntries = 32;
ModeEntry g_modes[kMaxModeEntries];
volatile LONG g_modes_lock;

UINT g_input_code_page = halcyon::win32::codepage::kUtf8;
UINT g_output_code_page = halcyon::win32::codepage::kUtf8;


class ModesLock {
public:
    ModesLock() {
        while (__atomic_exchange_n(&g_modes_lock, 1, __ATOMIC_ACQUIRE))
            __builtin_ia32_pause();
    }
    ~ModesLock() { __atomic_store_n(&g_modes_lock, 0, __ATOMIC_RELEASE); }
};

/// Fails with ERROR_INVALID_HANDLE unless `handle` is a console handle; msvcrt and mingw use
/// exactly this (GetConsoleMode failing) to tell a console from a file or pipe.
bool check_console(HANDLE handle) {
    ULONG device_type = 0;
    NTSTATUS status = query_device_type(handle, device_type);
    if (!NT_SUCCESS(status) || device_type != nt::kDeviceConsole) {
        set_last_error(ERROR_INVALID_HANDLE);
        return false;
    }
    return true;
}

bool is_input_handle(HANDLE handle) {
    return handle == reinterpret_cast<HANDLE>(process_parameters()->standard_input);
}

NTSTATUS write_bytes(HANDLE handle, const void* bytes, ULONG length) {
    IO_STATUS_BLOCK io{};
    NTSTATUS status = NtWriteFile(handle, nullptr, nullptr, nullptr, &io, const_cast<void*>(bytes), length,
                                  nullptr, nullptr);
    if (status == nt::kStatusPending) {
        NtWaitForSingleObject(handle, FALSE, nullptr);
        status = io.Status;
    }
    return status;
}

/// Writes UTF-16 text to the device as UTF-8, in pieces that never split a surrogate pair.
NTSTATUS write_utf16(HANDLE handle, const WCHAR* text, DWORD length) {
    constexpr DWORD kChunk = 256;
    char utf8[kChunk * 3 + 4];
    DWORD done = 0;
    while (done < length) {
        DWORD count = length - done < kChunk ? length - done : kChunk;
        WCHAR last = text[done + count - 1];
        if (count > 1 && done + count < length && last >= 0xD800 && last <= 0xDBFF)
            --count;
        Error error;
        int bytes = halcyon::win32::codepage::wide_to_multibyte(
            CP_UTF8, 0, reinterpret_cast<const char16_t*>(text + done), static_cast<int>(count), utf8,
            static_cast<int>(sizeof(utf8)), nullptr, nullptr, error);
        if (bytes > 0) {
            NTSTATUS status = write_bytes(handle, utf8, static_cast<ULONG>(bytes));
            if (!NT_SUCCESS(status))
                return status;
        }
        done += count;
    }
    return 0;
}

} // namespace

namespace halcyon::kernelbase {

void initialize_console_state() {
    g_input_code_page = win32::codepage::kUtf8;
    g_output_code_page = win32::codepage::kUtf8;
}

} // namespace halcyon::kernelbase

extern "C" {

BOOL WINAPI GetConsoleMode(HANDLE handle, LPDWORD mode) {
    handle = translate_std_handle(handle);
    if (!check_console(handle))
        return FALSE;
    ModesLock lock;
    for (const ModeEntry& entry : g_modes) {
        if (entry.handle == handle) {
            *mode = entry.mode;
            return TRUE;
        }
    }
    *mode = is_input_handle(handle) ? kDefaultInputMode : kDefaultOutputMode;
    return TRUE;
}

BOOL WINAPI SetConsoleMode(HANDLE handle, DWORD mode) {
    handle = translate_std_handle(handle);
    if (!check_console(handle))
        return FALSE;
    ModesLock lock;
    ModeEntry* free_entry = nullptr;
    for (ModeEntry& entry : g_modes) {
        if (entry.handle == handle) {
            entry.mode = mode;
            return TRUE;
        }
        if (!entry.handle && !free_entry)
            free_entry = &entry;
    }
    if (!free_entry) {
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    free_entry->handle = handle;
    free_entry->mode = mode;
    return TRUE;
}

UINT WINAPI GetConsoleCP(void) { return g_input_code_page; }
UINT WINAPI GetConsoleOutputCP(void) { return g_output_code_page; }

BOOL WINAPI SetConsoleCP(UINT code_page) {
    if (!win32::codepage::is_supported(code_page)) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    g_input_code_page = code_page;
    return TRUE;
}

BOOL WINAPI SetConsoleOutputCP(UINT code_page) {
    if (!win32::codepage::is_supported(code_page)) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    g_output_code_page = code_page;
    return TRUE;
}

BOOL WINAPI WriteConsoleW(HANDLE handle, const void* buffer, DWORD length, LPDWORD written, LPVOID reserved) {
    if (written)
        *written = 0;
    handle = translate_std_handle(handle);
    if (!check_console(handle))
        return FALSE;
    NTSTATUS status = write_utf16(handle, static_cast<const WCHAR*>(buffer), length);
    if (!NT_SUCCESS(status)) {
        set_error_from_status(status);
        return FALSE;
    }
    if (written)
        *written = length;
    return TRUE;
}

BOOL WINAPI WriteConsoleA(HANDLE handle, const void* buffer, DWORD length, LPDWORD written, LPVOID reserved) {
    if (written)
        *written = 0;
    handle = translate_std_handle(handle);
    if (!check_console(handle))
        return FALSE;
    NTSTATUS status;
    if (g_output_code_page == CP_UTF8 || length == 0) {
        status = write_bytes(handle, buffer, length);
    } else {
        // Single-byte code page: one UTF-16 unit per byte, converted in pieces.
        const char* bytes = static_cast<const char*>(buffer);
        WCHAR wide[256];
        status = 0;
        for (DWORD done = 0; done < length && NT_SUCCESS(status);) {
            DWORD count = length - done < 256 ? length - done : 256;
            Error error;
            int units = win32::codepage::multibyte_to_wide(g_output_code_page, 0, bytes + done,
                                                           static_cast<int>(count),
                                                           reinterpret_cast<char16_t*>(wide), 256, error);
            status = write_utf16(handle, wide, static_cast<DWORD>(units));
            done += count;
        }
    }
    if (!NT_SUCCESS(status)) {
        set_error_from_status(status);
        return FALSE;
    }
    if (written)
        *written = length;
    return TRUE;
}

BOOL WINAPI ReadConsoleW(HANDLE handle, LPVOID buffer, DWORD length, LPDWORD read, LPVOID input_control) {
    if (read)
        *read = 0;
    handle = translate_std_handle(handle);
    if (!check_console(handle))
        return FALSE;
    if (length == 0)
        return TRUE;
    // Each UTF-8 byte yields at most one UTF-16 unit, so reading `length` bytes always fits.
    // FIXME: a multi-byte character split across two reads becomes two U+FFFD.
    DWORD capacity = length < 4096 ? length : 4096;
    char utf8[4096];
    IO_STATUS_BLOCK io{};
    NTSTATUS status = NtReadFile(handle, nullptr, nullptr, nullptr, &io, utf8, capacity, nullptr, nullptr);
    if (status == nt::kStatusPending) {
        NtWaitForSingleObject(handle, FALSE, nullptr);
        status = io.Status;
    }
    if (status == nt::kStatusEndOfFile)
        return TRUE;
    if (!NT_SUCCESS(status)) {
        set_error_from_status(status);
        return FALSE;
    }
    int units = 0;
    if (io.Information > 0) {
        Error error;
        units = win32::codepage::multibyte_to_wide(CP_UTF8, 0, utf8, static_cast<int>(io.Information),
                                                   static_cast<char16_t*>(buffer), static_cast<int>(length), error);
    }
    if (read)
        *read = static_cast<DWORD>(units);
    return TRUE;
}

BOOL WINAPI ReadConsoleA(HANDLE handle, LPVOID buffer, DWORD length, LPDWORD read, LPVOID input_control) {
    if (read)
        *read = 0;
    handle = translate_std_handle(handle);
    if (!check_console(handle))
        return FALSE;
    if (g_input_code_page == CP_UTF8) {
        IO_STATUS_BLOCK io{};
        NTSTATUS status = NtReadFile(handle, nullptr, nullptr, nullptr, &io, buffer, length, nullptr, nullptr);
        if (status == nt::kStatusPending) {
            NtWaitForSingleObject(handle, FALSE, nullptr);
            status = io.Status;
        }
        if (status == nt::kStatusEndOfFile)
            return TRUE;
        if (!NT_SUCCESS(status)) {
            set_error_from_status(status);
            return FALSE;
        }
        if (read)
            *read = static_cast<DWORD>(io.Information);
        return TRUE;
    }
    WCHAR wide[1024];
    DWORD units = 0;
    if (!ReadConsoleW(handle, wide, length < 1024 ? length : 1024, &units, input_control))
        return FALSE;
    if (units > 0) {
        Error error;
        int bytes = win32::codepage::wide_to_multibyte(g_input_code_page, 0, reinterpret_cast<char16_t*>(wide),
                                                       static_cast<int>(units), static_cast<char*>(buffer),
                                                       static_cast<int>(length), nullptr, nullptr, error);
        if (read)
            *read = static_cast<DWORD>(bytes);
    }
    return TRUE;
}

} // extern "C"
