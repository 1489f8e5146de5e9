// The registry API's ANSI variants: names and string data converted through the ANSI code page
// (CP_ACP, as Windows does for the registry whatever SetFileApisToOEM says) around the Unicode
// functions in Registry.cpp.

#include "win32/kernelbase/CodePageConvert.h"
#include "win32/kernelbase/Registry.h"

using namespace halcyon;
using namespace halcyon::kernelbase;
using namespace halcyon::kernelbase::registry;

namespace {

/// Converts `count` UTF-16 units to the ANSI code page into a heap buffer (not terminated).
/// Returns the byte count, or -1 when out of memory.
int to_ansi(const WCHAR* text, int count, char*& out) {
    out = nullptr;
    win32::codepage::Error error;
    if (count == 0)
        return 0;
    int needed = win32::codepage::wide_to_multibyte(CP_ACP, 0, reinterpret_cast<const char16_t*>(text), count,
                                                    nullptr, 0, nullptr, nullptr, error);
    if (needed <= 0)
        return 0;
    out = static_cast<char*>(heap_alloc(static_cast<size_t>(needed)));
    if (!out)
        return -1;
    win32::codepage::wide_to_multibyte(CP_ACP, 0, reinterpret_cast<const char16_t*>(text), count, out, needed,
                                       nullptr, nullptr, error);
    return needed;
}

/// Converts `count` ANSI bytes to UTF-16 into a heap buffer. Returns the unit count, -1 on
/// exhaustion.
int to_wide(const char* text, int count, WCHAR*& out) {
    out = nullptr;
    win32::codepage::Error error;
    if (count == 0)
        return 0;
    int needed = win32::codepage::multibyte_to_wide(CP_ACP, 0, text, count, nullptr, 0, error);
    if (needed <= 0)
        return 0;
    out = static_cast<WCHAR*>(heap_alloc(static_cast<size_t>(needed) * sizeof(WCHAR)));
    if (!out)
        return -1;
    win32::codepage::multibyte_to_wide(CP_ACP, 0, text, count, reinterpret_cast<char16_t*>(out), needed,
                                       error);
    return needed;
}

/// A value's data as the ANSI variants return it: string types converted, others unchanged.
LSTATUS ansi_value(const ValueData& value, ValueData& out) {
    if (!is_string_type(value.type()))
        return out.assign(value.type(), value.data(), value.size()) ? ERROR_SUCCESS : ERROR_NOT_ENOUGH_MEMORY;
    char* text = nullptr;
    int bytes =
        to_ansi(reinterpret_cast<const WCHAR*>(value.data()), static_cast<int>(value.size() / 2), text);
    if (bytes < 0)
        return ERROR_NOT_ENOUGH_MEMORY;
    bool ok = out.assign(value.type(), text, static_cast<DWORD>(bytes));
    heap_free(text);
    return ok ? ERROR_SUCCESS : ERROR_NOT_ENOUGH_MEMORY;
}

/// Copies a UTF-16 name to an ANSI caller buffer of *length bytes (terminator included):
/// ERROR_MORE_DATA when it does not fit, else *length = bytes without the terminator.
LSTATUS name_out(const WCHAR* name, DWORD name_chars, char* buffer, DWORD* length) {
    char* text = nullptr;
    int bytes = to_ansi(name, static_cast<int>(name_chars), text);
    if (bytes < 0)
        return ERROR_NOT_ENOUGH_MEMORY;
    LSTATUS result = ERROR_SUCCESS;
    if (static_cast<DWORD>(bytes) >= *length) {
        result = ERROR_MORE_DATA;
    } else {
        if (bytes)
            __builtin_memcpy(buffer, text, static_cast<size_t>(bytes));
        buffer[bytes] = 0;
        *length = static_cast<DWORD>(bytes);
    }
    heap_free(text);
    return result;
}

} // namespace

extern "C" {

LSTATUS WINAPI RegOpenKeyExA(HKEY key, LPCSTR sub_key, DWORD options, REGSAM desired, PHKEY result) {
    WideString name(sub_key, CP_ACP);
    if (!name.ok())
        return ERROR_NOT_ENOUGH_MEMORY;
    return RegOpenKeyExW(key, name.get(), options, desired, result);
}

LSTATUS WINAPI RegOpenKeyA(HKEY key, LPCSTR sub_key, PHKEY result) {
    WideString name(sub_key, CP_ACP);
    if (!name.ok())
        return ERROR_NOT_ENOUGH_MEMORY;
    return RegOpenKeyW(key, name.get(), result);
}

LSTATUS WINAPI RegCreateKeyExA(HKEY key, LPCSTR sub_key, DWORD reserved, LPSTR class_name, DWORD options,
                               REGSAM desired, const SECURITY_ATTRIBUTES* security, PHKEY result,
                               LPDWORD disposition) {
    WideString name(sub_key, CP_ACP), klass(class_name, CP_ACP);
    if (!name.ok() || !klass.ok())
        return ERROR_NOT_ENOUGH_MEMORY;
    return RegCreateKeyExW(key, name.get(), reserved, klass.get(), options, desired, security, result,
                           disposition);
}

LSTATUS WINAPI RegCreateKeyA(HKEY key, LPCSTR sub_key, PHKEY result) {
    WideString name(sub_key, CP_ACP);
    if (!name.ok())
        return ERROR_NOT_ENOUGH_MEMORY;
    return RegCreateKeyW(key, name.get(), result);
}

LSTATUS WINAPI RegQueryValueExA(HKEY key, LPCSTR value_name, LPDWORD reserved, LPDWORD type, LPBYTE data,
                                LPDWORD size) {
    if ((data && !size) || reserved)
        return ERROR_INVALID_PARAMETER;
    HANDLE handle;
    if (LSTATUS error = resolve(key, handle))
        return error;
    WideString name(value_name, CP_ACP);
    if (!name.ok())
        return ERROR_NOT_ENOUGH_MEMORY;
    ValueData wide, ansi;
    if (LSTATUS error = wide.query(handle, name.get()))
        return error;
    if (LSTATUS error = ansi_value(wide, ansi))
        return error;
    if (type)
        *type = ansi.type();
    return copy_value_out(ansi.data(), ansi.size(), data, size);
}

LSTATUS WINAPI RegGetValueA(HKEY key, LPCSTR sub_key, LPCSTR value_name, DWORD flags, LPDWORD type,
                            PVOID data, LPDWORD size) {
    if (data && !size)
        return ERROR_INVALID_PARAMETER;
    if ((flags & RRF_RT_REG_EXPAND_SZ) && !(flags & RRF_NOEXPAND) && (flags & RRF_RT_ANY) != RRF_RT_ANY)
        return ERROR_INVALID_PARAMETER;
    HANDLE root;
    if (LSTATUS error = resolve(key, root))
        return error;
    WideString sub(sub_key, CP_ACP), name(value_name, CP_ACP);
    if (!sub.ok() || !name.ok())
        return ERROR_NOT_ENOUGH_MEMORY;
    HANDLE handle = root;
    if (sub.get() && *sub.get()) {
        NTSTATUS status = open_key(root, sub.get(), wide_length(sub.get()), KEY_QUERY_VALUE, handle);
        if (!NT_SUCCESS(status))
            return error_of(status);
    }
    ValueData wide, ansi;
    LSTATUS error = get_value_checked(handle, name.get(), flags, wide);
    if (handle != root)
        NtClose(handle);
    if (error == ERROR_SUCCESS || error == ERROR_UNSUPPORTED_TYPE) {
        if (type)
            *type = wide.type();
    }
    if (error == ERROR_SUCCESS)
        error = ansi_value(wide, ansi);
    if (error == ERROR_SUCCESS)
        error =
            copy_string_value_out(ansi.data(), ansi.size(), ansi.type(), 1, static_cast<BYTE*>(data), size);
    if (error != ERROR_SUCCESS && data && (flags & RRF_ZEROONFAILURE) && size && *size)
        __builtin_memset(data, 0, *size);
    return error;
}

LSTATUS WINAPI RegSetValueExA(HKEY key, LPCSTR value_name, DWORD reserved, DWORD type, const BYTE* data,
                              DWORD size) {
    if (data && (reinterpret_cast<ULONG_PTR>(data) >> 16) == 0)
        return ERROR_NOACCESS;
    WideString name(value_name, CP_ACP);
    if (!name.ok())
        return ERROR_NOT_ENOUGH_MEMORY;
    if (!is_string_type(type) || !data)
        return RegSetValueExW(key, name.get(), reserved, type, data, size);
    // The terminator rule of RegSetValueExW, on the ANSI bytes, before conversion.
    if (size && data[size - 1] && !data[size])
        ++size;
    WCHAR* wide = nullptr;
    int units = to_wide(reinterpret_cast<const char*>(data), static_cast<int>(size), wide);
    if (units < 0)
        return ERROR_NOT_ENOUGH_MEMORY;
    HANDLE handle;
    LSTATUS error = resolve(key, handle);
    if (error == ERROR_SUCCESS) {
        UNICODE_STRING value;
        init_unicode_string(value, name.get() ? name.get() : L"");
        error =
            error_of(NtSetValueKey(handle, &value, 0, type, wide, static_cast<ULONG>(units) * sizeof(WCHAR)));
    }
    heap_free(wide);
    return error;
}

LSTATUS WINAPI RegEnumKeyExA(HKEY key, DWORD index, LPSTR name, LPDWORD name_length, LPDWORD reserved,
                             LPSTR class_name, LPDWORD class_length, PFILETIME last_write_time) {
    if (!name || !name_length || reserved || (class_name && !class_length))
        return ERROR_INVALID_PARAMETER;
    WCHAR wide_name[257]; // the longest key name and its terminator
    DWORD wide_name_length = 257;
    constexpr DWORD kClassChars = 32768;
    WCHAR* wide_class = class_name ? static_cast<WCHAR*>(heap_alloc(kClassChars * sizeof(WCHAR))) : nullptr;
    if (class_name && !wide_class)
        return ERROR_NOT_ENOUGH_MEMORY;
    DWORD wide_class_length = kClassChars;
    FILETIME time{};
    LSTATUS error = RegEnumKeyExW(key, index, wide_name, &wide_name_length, nullptr, wide_class,
                                  class_name ? &wide_class_length : nullptr, &time);
    char* ansi_name = nullptr;
    char* ansi_class = nullptr;
    int name_bytes = 0, class_bytes = 0;
    if (error == ERROR_SUCCESS) {
        name_bytes = to_ansi(wide_name, static_cast<int>(wide_name_length), ansi_name);
        class_bytes = class_name ? to_ansi(wide_class, static_cast<int>(wide_class_length), ansi_class) : 0;
        if (name_bytes < 0 || class_bytes < 0)
            error = ERROR_NOT_ENOUGH_MEMORY;
    }
    // Nothing is written unless the name and the class both fit, as in RegEnumKeyExW.
    if (error == ERROR_SUCCESS && (static_cast<DWORD>(name_bytes) >= *name_length ||
                                   (class_name && static_cast<DWORD>(class_bytes) >= *class_length)))
        error = ERROR_MORE_DATA;
    if (error == ERROR_SUCCESS) {
        if (name_bytes)
            __builtin_memcpy(name, ansi_name, static_cast<size_t>(name_bytes));
        name[name_bytes] = 0;
        *name_length = static_cast<DWORD>(name_bytes);
        if (class_name) {
            if (class_bytes)
                __builtin_memcpy(class_name, ansi_class, static_cast<size_t>(class_bytes));
            class_name[class_bytes] = 0;
            *class_length = static_cast<DWORD>(class_bytes);
        }
        if (last_write_time)
            *last_write_time = time;
    }
    heap_free(ansi_name);
    heap_free(ansi_class);
    heap_free(wide_class);
    return error;
}

LSTATUS WINAPI RegEnumKeyA(HKEY key, DWORD index, LPSTR name, DWORD name_length) {
    return RegEnumKeyExA(key, index, name, &name_length, nullptr, nullptr, nullptr, nullptr);
}

LSTATUS WINAPI RegEnumValueA(HKEY key, DWORD index, LPSTR value_name, LPDWORD value_name_length,
                             LPDWORD reserved, LPDWORD type, LPBYTE data, LPDWORD size) {
    if (!value_name || !value_name_length || reserved || (data && !size))
        return ERROR_INVALID_PARAMETER;
    constexpr DWORD kNameChars = 16384;
    WCHAR* wide_name = static_cast<WCHAR*>(heap_alloc(kNameChars * sizeof(WCHAR)));
    if (!wide_name)
        return ERROR_NOT_ENOUGH_MEMORY;
    DWORD wide_name_length = kNameChars, value_type = 0, wide_size = 0;
    LSTATUS error =
        RegEnumValueW(key, index, wide_name, &wide_name_length, nullptr, &value_type, nullptr, &wide_size);
    BYTE* wide_data = nullptr;
    if (error == ERROR_SUCCESS) {
        wide_data = static_cast<BYTE*>(heap_alloc(wide_size + 2));
        wide_name_length = kNameChars;
        error = wide_data ? RegEnumValueW(key, index, wide_name, &wide_name_length, nullptr, &value_type,
                                          wide_data, &wide_size)
                          : ERROR_NOT_ENOUGH_MEMORY;
    }
    ValueData wide, ansi;
    if (error == ERROR_SUCCESS)
        error =
            wide.assign(value_type, wide_data, wide_size) ? ansi_value(wide, ansi) : ERROR_NOT_ENOUGH_MEMORY;
    char* ansi_name = nullptr;
    int name_bytes =
        error == ERROR_SUCCESS ? to_ansi(wide_name, static_cast<int>(wide_name_length), ansi_name) : 0;
    if (name_bytes < 0)
        error = ERROR_NOT_ENOUGH_MEMORY;
    if (error == ERROR_SUCCESS) {
        // The rules of RegEnumValueW: a name that does not fit comes back truncated with the type
        // and data size; data that does not fit leaves the name alone.
        if (static_cast<DWORD>(name_bytes) >= *value_name_length) {
            if (*value_name_length) {
                __builtin_memcpy(value_name, ansi_name, *value_name_length - 1);
                value_name[*value_name_length - 1] = 0;
            }
            if (size)
                *size = ansi.size();
            error = ERROR_MORE_DATA;
        } else if (data && ansi.size() > *size) {
            *size = ansi.size();
            error = ERROR_MORE_DATA;
        } else {
            if (name_bytes)
                __builtin_memcpy(value_name, ansi_name, static_cast<size_t>(name_bytes));
            value_name[name_bytes] = 0;
            *value_name_length = static_cast<DWORD>(name_bytes);
            error = copy_value_out(ansi.data(), ansi.size(), data, size);
        }
        if (type)
            *type = value_type;
    }
    heap_free(ansi_name);
    heap_free(wide_data);
    heap_free(wide_name);
    return error;
}

LSTATUS WINAPI RegQueryInfoKeyA(HKEY key, LPSTR class_name, LPDWORD class_length, LPDWORD reserved,
                                LPDWORD subkeys, LPDWORD max_subkey_length, LPDWORD max_class_length,
                                LPDWORD values, LPDWORD max_value_name_length, LPDWORD max_value_length,
                                LPDWORD security_descriptor_size, PFILETIME last_write_time) {
    if (reserved || (class_name && !class_length))
        return ERROR_INVALID_PARAMETER;
    constexpr DWORD kClassChars = 32768;
    WCHAR* wide_class = class_name ? static_cast<WCHAR*>(heap_alloc(kClassChars * sizeof(WCHAR))) : nullptr;
    if (class_name && !wide_class)
        return ERROR_NOT_ENOUGH_MEMORY;
    DWORD wide_class_length = kClassChars;
    LSTATUS error = RegQueryInfoKeyW(key, wide_class, &wide_class_length, nullptr, subkeys, max_subkey_length,
                                     max_class_length, values, max_value_name_length, max_value_length,
                                     security_descriptor_size, last_write_time);
    if (error == ERROR_SUCCESS && class_name)
        error = name_out(wide_class, wide_class_length, class_name, class_length);
    else if (error == ERROR_SUCCESS && class_length)
        *class_length = wide_class_length;
    heap_free(wide_class);
    return error;
}

LSTATUS WINAPI RegDeleteKeyExA(HKEY key, LPCSTR sub_key, REGSAM desired, DWORD reserved) {
    if (!sub_key)
        return ERROR_INVALID_PARAMETER;
    WideString name(sub_key, CP_ACP);
    if (!name.ok())
        return ERROR_NOT_ENOUGH_MEMORY;
    return RegDeleteKeyExW(key, name.get(), desired, reserved);
}

LSTATUS WINAPI RegDeleteKeyA(HKEY key, LPCSTR sub_key) {
    return RegDeleteKeyExA(key, sub_key, 0, 0);
}

LSTATUS WINAPI RegDeleteValueA(HKEY key, LPCSTR value_name) {
    WideString name(value_name, CP_ACP);
    if (!name.ok())
        return ERROR_NOT_ENOUGH_MEMORY;
    return RegDeleteValueW(key, name.get());
}

LSTATUS WINAPI RegDeleteTreeA(HKEY key, LPCSTR sub_key) {
    WideString name(sub_key, CP_ACP);
    if (!name.ok())
        return ERROR_NOT_ENOUGH_MEMORY;
    return RegDeleteTreeW(key, name.get());
}

} // extern "C"

// ---- Convenience and legacy forms --------------------------------------------------------------

extern "C" {

LSTATUS WINAPI RegSetKeyValueA(HKEY key, LPCSTR sub_key, LPCSTR value_name, DWORD type, LPCVOID data,
                               DWORD size) {
    HKEY target = key;
    if (sub_key && *sub_key) {
        if (LSTATUS error = RegCreateKeyExA(key, sub_key, 0, nullptr, REG_OPTION_NON_VOLATILE, KEY_SET_VALUE,
                                            nullptr, &target, nullptr))
            return error;
    }
    LSTATUS error = RegSetValueExA(target, value_name, 0, type, static_cast<const BYTE*>(data), size);
    if (target != key)
        RegCloseKey(target);
    return error;
}

LSTATUS WINAPI RegDeleteKeyValueA(HKEY key, LPCSTR sub_key, LPCSTR value_name) {
    WideString sub(sub_key, CP_ACP), name(value_name, CP_ACP);
    if (!sub.ok() || !name.ok())
        return ERROR_NOT_ENOUGH_MEMORY;
    return RegDeleteKeyValueW(key, sub.get(), name.get());
}

LSTATUS WINAPI RegQueryValueA(HKEY key, LPCSTR sub_key, LPSTR data, LONG* size) {
    if (data && !size)
        return ERROR_INVALID_PARAMETER;
    HKEY target = key;
    if (sub_key && *sub_key) {
        if (LSTATUS error = RegOpenKeyExA(key, sub_key, 0, KEY_QUERY_VALUE, &target))
            return error;
    }
    HANDLE handle;
    LSTATUS error = resolve(target, handle);
    ValueData wide, ansi;
    if (error == ERROR_SUCCESS)
        error = wide.query(handle, nullptr);
    if (target != key)
        RegCloseKey(target);
    if (error == ERROR_FILE_NOT_FOUND) {
        if (!wide.assign(REG_SZ, L"", sizeof(WCHAR)))
            return ERROR_NOT_ENOUGH_MEMORY;
        error = ERROR_SUCCESS;
    }
    if (error != ERROR_SUCCESS)
        return error;
    if (wide.type() != REG_SZ)
        return ERROR_INVALID_DATA;
    if (LSTATUS converted = ansi_value(wide, ansi))
        return converted;
    DWORD capacity = size ? static_cast<DWORD>(*size) : 0;
    error =
        copy_value_out(ansi.data(), ansi.size(), reinterpret_cast<BYTE*>(data), size ? &capacity : nullptr);
    if (size)
        *size = static_cast<LONG>(capacity);
    return error;
}

LSTATUS WINAPI RegSetValueA(HKEY key, LPCSTR sub_key, DWORD type, LPCSTR data, DWORD size) {
    if (type != REG_SZ || !data)
        return ERROR_INVALID_PARAMETER;
    return RegSetKeyValueA(key, sub_key, nullptr, REG_SZ, data, static_cast<DWORD>(ansi_length(data) + 1));
}

} // extern "C"
