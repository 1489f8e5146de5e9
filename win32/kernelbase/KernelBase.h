#pragma once

// What every kernelbase source file shares: the Win32 and ntdll declarations, access to the TEB,
// PEB and process parameters, LastError helpers, and small owning string buffers for converting
// between the ANSI and Unicode variants of an API.

#include "core/abi/UserAbi.h"
#include "halcyon/win32.h"
#include "win32/kernelbase/NtdllImports.h"

namespace halcyon::kernelbase {

// ---- Thread and process blocks ----------------------------------------------------------------

inline abi::Teb* teb() {
    abi::Teb* self;
    asm volatile("movq %%gs:0x30, %0" : "=r"(self));
    return self;
}

inline abi::Peb* peb() { return reinterpret_cast<abi::Peb*>(teb()->process_environment_block); }

inline abi::ProcessParameters* process_parameters() {
    return reinterpret_cast<abi::ProcessParameters*>(peb()->process_parameters);
}

inline HANDLE process_heap() { return reinterpret_cast<HANDLE>(peb()->process_heap); }

/// The pseudo-handles GetCurrentProcess / GetCurrentThread return.
inline HANDLE current_process_handle() { return reinterpret_cast<HANDLE>(static_cast<LONG_PTR>(-1)); }
inline HANDLE current_thread_handle() { return reinterpret_cast<HANDLE>(static_cast<LONG_PTR>(-2)); }

// ---- Errors -----------------------------------------------------------------------------------

inline void set_last_error(DWORD error) { teb()->last_error_value = error; }

/// Records the Win32 translation of a failed NTSTATUS as LastError (as BaseSetLastNTError).
inline void set_error_from_status(NTSTATUS status) { RtlSetLastWin32Error(RtlNtStatusToDosError(status)); }

/// Convenience for the common "BOOL f() { return NT_SUCCESS(...) }" shape.
inline BOOL succeeded_or_set_error(NTSTATUS status) {
    if (NT_SUCCESS(status))
        return TRUE;
    set_error_from_status(status);
    return FALSE;
}

// ---- Strings ----------------------------------------------------------------------------------

inline size_t wide_length(const WCHAR* s) {
    size_t n = 0;
    while (s[n])
        ++n;
    return n;
}

inline size_t ansi_length(const char* s) {
    size_t n = 0;
    while (s[n])
        ++n;
    return n;
}

/// ASCII-only case-insensitive comparison of two NUL-terminated strings (device names, ...).
bool equals_ignoring_ascii_case(const WCHAR* a, const char* b);

/// The code page the ANSI variants of file APIs use (CP_ACP unless SetFileApisToOEM).
UINT file_api_code_page();

/// An owned, NUL-terminated UTF-16 copy of an ANSI string (code page `code_page`), allocated on
/// the process heap. `ok()` is false when conversion or allocation failed; LastError is set then.
class WideString {
public:
    WideString() = default;
    explicit WideString(const char* ansi, UINT code_page = file_api_code_page());
    ~WideString();
    WideString(const WideString&) = delete;
    WideString& operator=(const WideString&) = delete;

    /// Null when constructed from a null pointer (APIs where NULL has a meaning).
    const WCHAR* get() const { return m_buffer; }
    WCHAR* get() { return m_buffer; }
    bool ok() const { return m_ok; }
    bool allocate(size_t characters);

private:
    WCHAR* m_buffer = nullptr;
    bool m_ok = true;
};

/// An owned NUL-terminated ANSI copy of a UTF-16 string, on the process heap.
class AnsiString {
public:
    explicit AnsiString(const WCHAR* wide, UINT code_page = file_api_code_page());
    ~AnsiString();
    AnsiString(const AnsiString&) = delete;
    AnsiString& operator=(const AnsiString&) = delete;

    const char* get() const { return m_buffer; }
    char* get() { return m_buffer; }
    bool ok() const { return m_ok; }

private:
    char* m_buffer = nullptr;
    bool m_ok = true;
};

/// OBJECT_ATTRIBUTES for an unnamed object created with `security`: inheritable when it asks
/// (bInheritHandle), with its security descriptor.
inline OBJECT_ATTRIBUTES unnamed_object_attributes(const SECURITY_ATTRIBUTES* security) {
    OBJECT_ATTRIBUTES attributes{};
    attributes.Length = sizeof(attributes);
    attributes.Attributes = (security && security->bInheritHandle) ? OBJ_INHERIT : 0;
    attributes.SecurityDescriptor = security ? security->lpSecurityDescriptor : nullptr;
    return attributes;
}

/// OBJECT_ATTRIBUTES for a Win32 object name (CreateEvent, OpenMutex, ...): the name lives in
/// \BaseNamedObjects, where "Local\" and "Global\" are links back to it; OBJ_OPENIF so a create
/// opens an existing object. A null or empty name gives unnamed attributes. `ok()` is false
/// (LastError ERROR_FILENAME_EXCED_RANGE) for a name over MAX_PATH characters (NamedObjects.cpp).
class NamedObjectAttributes {
public:
    NamedObjectAttributes(const WCHAR* name, const SECURITY_ATTRIBUTES* security, BOOL inherit = FALSE);
    bool ok() const { return m_ok; }
    OBJECT_ATTRIBUTES* get() { return &m_attributes; }

private:
    OBJECT_ATTRIBUTES m_attributes{};
    UNICODE_STRING m_name{};
    WCHAR m_buffer[18 + MAX_PATH + 1];
    bool m_ok{true};
};

/// The end of a Create* of a (possibly named) object: LastError ERROR_ALREADY_EXISTS when an
/// existing object was opened, 0 for a new one; null and the status's error on failure.
HANDLE finish_named_create(NTSTATUS status, HANDLE handle);

/// Returns a Win32 path as the NT path the kernel expects (`\??\C:\dir\file`), through ntdll's
/// RtlDosPathNameToNtPathName_U. `ok()` is false (LastError ERROR_PATH_NOT_FOUND) for an empty
/// or malformed path.
class NtPath {
public:
    explicit NtPath(const WCHAR* dos_path);
    ~NtPath();
    NtPath(const NtPath&) = delete;
    NtPath& operator=(const NtPath&) = delete;

    bool ok() const { return m_ok; }
    UNICODE_STRING* unicode_string() { return &m_name; }
    /// OBJECT_ATTRIBUTES naming this path, case-insensitive as Win32 paths are.
    OBJECT_ATTRIBUTES object_attributes(ULONG extra_attributes = 0);

private:
    UNICODE_STRING m_name{};
    bool m_ok = false;
    bool m_owned = false;
    WCHAR m_device[16]{};
};

/// Copies a UTF-16 result into an ANSI caller buffer with the Win32 "string out" convention:
/// returns the length without the NUL when it fits, otherwise the size needed including the NUL
/// (and writes nothing). Returns 0 and sets LastError when conversion fails.
DWORD copy_wide_result_to_ansi(const WCHAR* wide, size_t wide_length, char* buffer, DWORD buffer_size,
                               UINT code_page = file_api_code_page());

/// The same convention for a UTF-16 caller buffer.
DWORD copy_wide_result(const WCHAR* wide, size_t wide_length, WCHAR* buffer, DWORD buffer_size);

/// Fills a UNICODE_STRING over an existing NUL-terminated buffer (no allocation).
inline void init_unicode_string(UNICODE_STRING& out, const WCHAR* s) {
    size_t bytes = s ? wide_length(s) * sizeof(WCHAR) : 0;
    if (bytes > 0xFFFC)
        bytes = 0xFFFC;
    out.Length = static_cast<USHORT>(bytes);
    out.MaximumLength = static_cast<USHORT>(s ? bytes + sizeof(WCHAR) : 0);
    out.Buffer = const_cast<PWSTR>(s);
}

/// Heap helpers on the process heap.
inline void* heap_alloc(size_t bytes) { return RtlAllocateHeap(process_heap(), 0, bytes); }
inline void heap_free(void* p) {
    if (p)
        RtlFreeHeap(process_heap(), 0, p);
}

// ---- Files and devices ------------------------------------------------------------------------

/// DeviceType of the object behind a file handle (FileFsDeviceInformation): FILE_DEVICE_CONSOLE,
/// FILE_DEVICE_DISK, FILE_DEVICE_NAMED_PIPE, ...
NTSTATUS query_device_type(HANDLE file, ULONG& device_type);

/// Maps the STD_*_HANDLE values some programs pass as handles to the real standard handles.
HANDLE translate_std_handle(HANDLE handle);

/// Writes a diagnostic to the process's standard error (for failures Windows would report in a
/// dialog box). Best effort; never sets LastError.
void write_diagnostic(const char* text);

// ---- Per-process state initialised by DllMain -------------------------------------------------

void initialize_command_line();
void initialize_console_state();
/// Tells the kernel where Ctrl+C / Ctrl+Break threads start (CtrlRoutine, ConsoleCtrl.cpp).
void register_console_ctrl_routine();

} // namespace halcyon::kernelbase
