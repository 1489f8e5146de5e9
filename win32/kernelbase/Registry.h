#pragma once

// What the registry API's two source files share: predefined-key resolution, NTSTATUS to
// registry error translation, and the value queries both the Unicode and ANSI variants build on.
// Registry functions report errors through their return value (LSTATUS) and leave LastError
// alone, as on Windows.

#include "halcyon/winreg.h"
#include "win32/kernelbase/KernelBase.h"

namespace halcyon::kernelbase::registry {

/// The Win32 error for a failed NTSTATUS (without touching LastError).
inline LSTATUS error_of(NTSTATUS status) {
    return NT_SUCCESS(status) ? ERROR_SUCCESS : static_cast<LSTATUS>(RtlNtStatusToDosErrorNoTeb(status));
}

/// Resolves an HKEY (predefined or a real key handle) to the kernel handle to use. Predefined
/// keys are opened once per process and kept; a null HKEY is ERROR_INVALID_HANDLE.
LSTATUS resolve(HKEY key, HANDLE& handle);
/// True for HKEY_CLASSES_ROOT .. HKEY_DYN_DATA (in their 32- or 64-bit spelling).
bool is_predefined(HKEY key);

/// NtOpenKey of `name` (UTF-16, `length` characters, may be 0) below `root`.
NTSTATUS open_key(HANDLE root, const WCHAR* name, size_t length, ACCESS_MASK access, HANDLE& out);

/// A value read whole: type and data in a process-heap buffer.
class ValueData {
public:
    ValueData() = default;
    ~ValueData();
    ValueData(const ValueData&) = delete;
    ValueData& operator=(const ValueData&) = delete;

    /// NtQueryValueKey(KeyValuePartialInformation) until the buffer is big enough.
    LSTATUS query(HANDLE key, const WCHAR* name);
    /// Takes data already in hand (for conversions).
    bool assign(DWORD type, const void* data, DWORD size);

    DWORD type() const { return m_type; }
    const BYTE* data() const { return m_data; }
    DWORD size() const { return m_size; }

private:
    void* m_buffer = nullptr;
    const BYTE* m_data = nullptr;
    DWORD m_type = REG_NONE;
    DWORD m_size = 0;
};

/// True for the types whose data are strings (converted by the ANSI variants).
inline bool is_string_type(DWORD type) {
    return type == REG_SZ || type == REG_EXPAND_SZ || type == REG_MULTI_SZ;
}

/// The "string out" rule of RegQueryValueEx and friends: copies `size` bytes to `data` when they
/// fit in *capacity, else ERROR_MORE_DATA; *capacity always receives `size`. A null `data` only
/// asks for the size.
LSTATUS copy_value_out(const void* source, DWORD size, BYTE* data, DWORD* capacity);

/// RegGetValue's value read: the data (REG_EXPAND_SZ expanded unless RRF_NOEXPAND) and the type
/// filter of `flags` (ERROR_UNSUPPORTED_TYPE when the type is not wanted).
LSTATUS get_value_checked(HANDLE key, const WCHAR* value_name, DWORD flags, ValueData& result);

/// copy_value_out for RegGetValue: also terminates a string whose stored data lacks its
/// terminator (`terminator_size` bytes: 2 Unicode, 1 ANSI) when the buffer has room for it.
LSTATUS copy_string_value_out(const void* source, DWORD size, DWORD type, DWORD terminator_size, BYTE* data,
                              DWORD* capacity);

} // namespace halcyon::kernelbase::registry
