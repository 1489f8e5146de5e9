// Environment variables on ntdll's Rtl environment functions and the process environment block
// (ProcessParameters->Environment: NUL-separated UTF-16 strings ending with an empty string).

#include "win32/kernelbase/CodePageConvert.h"
#include "win32/kernelbase/KernelBase.h"
#include "win32/kernelbase/NtInformation.h"

using namespace halcyon;
using namespace halcyon::kernelbase;
using halcyon::win32::codepage::Error;

namespace {

const WCHAR* environment_block() { return reinterpret_cast<const WCHAR*>(process_parameters()->environment); }

/// Length of an environment block in characters, including the final empty string's NUL.
size_t block_length(const WCHAR* block) {
    const WCHAR* p = block;
    while (*p) {
        while (*p)
            ++p;
        ++p;
    }
    return static_cast<size_t>(p - block) + 1;
}

/// Queries a variable into a heap buffer (caller frees). Returns false with LastError set.
bool query_variable(const WCHAR* name, WCHAR*& value, size_t& length) {
    UNICODE_STRING name_string;
    init_unicode_string(name_string, name);
    USHORT capacity = 256 * sizeof(WCHAR);
    for (;;) {
        value = static_cast<WCHAR*>(heap_alloc(capacity + sizeof(WCHAR)));
        if (!value) {
            set_last_error(ERROR_NOT_ENOUGH_MEMORY);
            return false;
        }
        UNICODE_STRING value_string{0, capacity, value};
        NTSTATUS status = RtlQueryEnvironmentVariable_U(nullptr, &name_string, &value_string);
        if (NT_SUCCESS(status)) {
            length = value_string.Length / sizeof(WCHAR);
            value[length] = 0;
            return true;
        }
        heap_free(value);
        value = nullptr;
        if (status != nt::kStatusBufferTooSmall || value_string.Length <= capacity) {
            set_error_from_status(status);
            return false;
        }
        capacity = value_string.Length;
    }
}

} // namespace

extern "C" {

LPWCH WINAPI GetEnvironmentStringsW(void) {
    // A private copy, as Windows 10 returns: the live block moves when variables change, so it
    // is copied under the PEB lock that RtlSetEnvironmentVariable takes.
    RtlAcquirePebLock();
    const WCHAR* block = environment_block();
    size_t length = block_length(block);
    auto* copy = static_cast<WCHAR*>(heap_alloc(length * sizeof(WCHAR)));
    if (copy) {
        for (size_t i = 0; i < length; ++i)
            copy[i] = block[i];
    }
    RtlReleasePebLock();
    if (!copy)
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
    return copy;
}

LPCH WINAPI GetEnvironmentStringsA(void) {
    WCHAR* block = GetEnvironmentStringsW();
    if (!block)
        return nullptr;
    int length = static_cast<int>(block_length(block));
    Error error;
    const auto* source = reinterpret_cast<const char16_t*>(block);
    int needed = halcyon::win32::codepage::wide_to_multibyte(CP_ACP, 0, source, length, nullptr, 0, nullptr,
                                                             nullptr, error);
    auto* copy = needed > 0 ? static_cast<char*>(heap_alloc(static_cast<size_t>(needed))) : nullptr;
    if (copy)
        halcyon::win32::codepage::wide_to_multibyte(CP_ACP, 0, source, length, copy, needed, nullptr, nullptr, error);
    else
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
    heap_free(block);
    return copy;
}

LPCH WINAPI GetEnvironmentStrings(void) { return GetEnvironmentStringsA(); }

BOOL WINAPI FreeEnvironmentStringsW(LPWCH block) {
    heap_free(block);
    return TRUE;
}

BOOL WINAPI FreeEnvironmentStringsA(LPCH block) {
    heap_free(block);
    return TRUE;
}

DWORD WINAPI GetEnvironmentVariableW(LPCWSTR name, LPWSTR buffer, DWORD size) {
    if (!name || !*name) {
        set_last_error(ERROR_ENVVAR_NOT_FOUND);
        return 0;
    }
    UNICODE_STRING name_string;
    init_unicode_string(name_string, name);
    // Leave room for the NUL: the Rtl function fills at most MaximumLength bytes.
    DWORD room = size > 0 ? size - 1 : 0;
    if (room > 0x7FFF)
        room = 0x7FFF;
    UNICODE_STRING value{0, static_cast<USHORT>(room * sizeof(WCHAR)), buffer};
    NTSTATUS status = RtlQueryEnvironmentVariable_U(nullptr, &name_string, &value);
    DWORD length = value.Length / sizeof(WCHAR);
    if (status == nt::kStatusBufferTooSmall)
        return length + 1;
    if (!NT_SUCCESS(status)) {
        set_error_from_status(status); // STATUS_VARIABLE_NOT_FOUND -> ERROR_ENVVAR_NOT_FOUND
        return 0;
    }
    if (size == 0)
        return length + 1;
    buffer[length] = 0;
    return length;
}

DWORD WINAPI GetEnvironmentVariableA(LPCSTR name, LPSTR buffer, DWORD size) {
    WideString wide_name(name, CP_ACP);
    if (!wide_name.ok())
        return 0;
    if (!name || !*name) {
        set_last_error(ERROR_ENVVAR_NOT_FOUND);
        return 0;
    }
    WCHAR* value;
    size_t length;
    if (!query_variable(wide_name.get(), value, length))
        return 0;
    DWORD result = copy_wide_result_to_ansi(value, length, buffer, size, CP_ACP);
    heap_free(value);
    return result;
}

BOOL WINAPI SetEnvironmentVariableW(LPCWSTR name, LPCWSTR value) {
    // No name at all looks up nothing (ERROR_ENVVAR_NOT_FOUND); an empty one is invalid.
    if (!name) {
        set_last_error(ERROR_ENVVAR_NOT_FOUND);
        return FALSE;
    }
    if (!*name) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    UNICODE_STRING name_string, value_string;
    init_unicode_string(name_string, name);
    init_unicode_string(value_string, value);
    return succeeded_or_set_error(RtlSetEnvironmentVariable(nullptr, &name_string, value ? &value_string : nullptr));
}

BOOL WINAPI SetEnvironmentVariableA(LPCSTR name, LPCSTR value) {
    WideString wide_name(name, CP_ACP);
    WideString wide_value(value, CP_ACP);
    if (!wide_name.ok() || !wide_value.ok())
        return FALSE;
    // A null value deletes the variable; keep it null through the conversion.
    return SetEnvironmentVariableW(wide_name.get(), value ? wide_value.get() : nullptr);
}

DWORD WINAPI ExpandEnvironmentStringsW(LPCWSTR source, LPWSTR destination, DWORD size) {
    // Returns the characters needed including the NUL, whether or not they fit, as Windows does;
    // %NAME% with an unknown NAME stays as written (RtlExpandEnvironmentStrings_U).
    if (!source) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    UNICODE_STRING source_string;
    init_unicode_string(source_string, source);
    DWORD room = destination ? (size > 0x7FFF ? 0x7FFF : size) : 0;
    UNICODE_STRING destination_string{0, static_cast<USHORT>(room * sizeof(WCHAR)), destination};
    ULONG needed_bytes = 0;
    NTSTATUS status = RtlExpandEnvironmentStrings_U(nullptr, &source_string, &destination_string, &needed_bytes);
    if (!NT_SUCCESS(status)) {
        set_error_from_status(status);
        if (status != nt::kStatusBufferTooSmall)
            return 0;
        if (destination && size > 0)
            destination[size - 1] = 0;
    }
    return needed_bytes / sizeof(WCHAR);
}

DWORD WINAPI ExpandEnvironmentStringsA(LPCSTR source, LPSTR destination, DWORD size) {
    WideString wide(source, CP_ACP);
    if (!wide.ok() || !source)
        return 0;
    DWORD needed = ExpandEnvironmentStringsW(wide.get(), nullptr, 0);
    auto* expanded = static_cast<WCHAR*>(heap_alloc(needed * sizeof(WCHAR)));
    if (!expanded) {
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return 0;
    }
    ExpandEnvironmentStringsW(wide.get(), expanded, needed);
    if (needed <= 1) {
        // Expands to nothing: the result is just the NUL.
        heap_free(expanded);
        if (destination && size > 0)
            destination[0] = 0;
        return 1;
    }
    DWORD result = copy_wide_result_to_ansi(expanded, needed - 1, destination, size, CP_ACP);
    heap_free(expanded);
    // The A variant counts the NUL in its result on success too.
    if (result != 0 && destination && result < size)
        ++result;
    return result;
}

} // extern "C"
