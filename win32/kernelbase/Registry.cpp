// The registry API, Unicode variants and shared pieces, on the Nt*Key system calls. advapi32
// forwards its Reg* exports here, as Windows' advapi32 forwards to kernelbase.
//
// Predefined keys map to the kernel's key paths (core/abi/RegistryAbi.h): HKEY_LOCAL_MACHINE is
// \Registry\Machine, HKEY_USERS \Registry\User, HKEY_CURRENT_USER the one user's hive, and
// HKEY_CLASSES_ROOT \Registry\Machine\Software\Classes (FIXME: Windows merges the user's
// Software\Classes over it).

#include "win32/kernelbase/Registry.h"
#include "core/abi/RegistryAbi.h"

using namespace halcyon;
using namespace halcyon::kernelbase;
using namespace halcyon::kernelbase::registry;

namespace {

namespace reg = halcyon::abi::registry;

constexpr NTSTATUS kStatusBufferOverflow = static_cast<NTSTATUS>(0x80000005);
constexpr NTSTATUS kStatusBufferTooSmall = static_cast<NTSTATUS>(0xC0000023);
constexpr DWORD kPredefinedFirst = 0x80000000u;
constexpr DWORD kPredefinedCount = 7;

HANDLE s_predefined[kPredefinedCount];

const char* predefined_path(DWORD index) {
    switch (index) {
    case 0:
        return reg::kClassesRootPath;
    case 1:
        return reg::kCurrentUserPath;
    case 2:
        return reg::kMachinePath;
    case 3:
        return reg::kUsersPath;
    case 5:
        return "\\Registry\\Machine\\System\\CurrentControlSet\\Hardware Profiles\\Current";
    }
    return nullptr;
}

/// Walks one component of a backslash-separated name; returns its length and advances `rest`.
size_t next_component(const WCHAR*& rest, const WCHAR* end, bool& last) {
    const WCHAR* start = rest;
    while (rest < end && *rest != L'\\')
        ++rest;
    size_t length = static_cast<size_t>(rest - start);
    if (rest < end)
        ++rest;
    last = rest >= end;
    return length;
}

/// Heap buffer for information-class answers, grown on demand.
class InfoBuffer {
public:
    ~InfoBuffer() {
        if (m_data != m_inline)
            heap_free(m_data);
    }
    BYTE* data() { return m_data; }
    ULONG size() const { return m_size; }
    bool grow(ULONG wanted) {
        if (wanted <= m_size)
            return true;
        BYTE* fresh = static_cast<BYTE*>(heap_alloc(wanted));
        if (!fresh)
            return false;
        if (m_data != m_inline)
            heap_free(m_data);
        m_data = fresh;
        m_size = wanted;
        return true;
    }

private:
    alignas(8) BYTE m_inline[512];
    BYTE* m_data = m_inline;
    ULONG m_size = sizeof m_inline;
};

uint32_t read_u32(const BYTE* p) {
    uint32_t value;
    __builtin_memcpy(&value, p, 4);
    return value;
}

/// Calls `query(buffer, size, &needed)` until the answer fits.
template <typename Query>
NTSTATUS query_all(InfoBuffer& buffer, Query query) {
    for (int attempt = 0; attempt < 8; ++attempt) {
        ULONG needed = 0;
        NTSTATUS status = query(buffer.data(), buffer.size(), &needed);
        if (status != kStatusBufferOverflow && status != kStatusBufferTooSmall)
            return status;
        if (!buffer.grow(needed + 64))
            return static_cast<NTSTATUS>(0xC0000017); // STATUS_NO_MEMORY
    }
    return kStatusBufferOverflow;
}

void filetime_from(uint64_t value, FILETIME* out) {
    if (!out)
        return;
    out->dwLowDateTime = static_cast<DWORD>(value);
    out->dwHighDateTime = static_cast<DWORD>(value >> 32);
}

} // namespace

namespace halcyon::kernelbase::registry {

bool is_predefined(HKEY key) {
    auto value = reinterpret_cast<ULONG_PTR>(key);
    DWORD low = static_cast<DWORD>(value);
    DWORD high = static_cast<DWORD>(value >> 32);
    return (high == 0 || high == 0xFFFFFFFFu) && low >= kPredefinedFirst &&
           low < kPredefinedFirst + kPredefinedCount;
}

NTSTATUS open_key(HANDLE root, const WCHAR* name, size_t length, ACCESS_MASK access, HANDLE& out) {
    UNICODE_STRING string;
    string.Buffer = const_cast<WCHAR*>(name);
    string.Length = static_cast<USHORT>(length * sizeof(WCHAR));
    string.MaximumLength = string.Length;
    OBJECT_ATTRIBUTES attributes{};
    attributes.Length = sizeof(attributes);
    attributes.RootDirectory = root;
    attributes.ObjectName = &string;
    attributes.Attributes = OBJ_CASE_INSENSITIVE;
    if (length > 0x7FFF)
        return static_cast<NTSTATUS>(0xC0000106); // STATUS_NAME_TOO_LONG
    return NtOpenKey(&out, access, &attributes);
}

LSTATUS resolve(HKEY key, HANDLE& handle) {
    if (!key)
        return ERROR_INVALID_HANDLE;
    if (!is_predefined(key)) {
        handle = reinterpret_cast<HANDLE>(key);
        return ERROR_SUCCESS;
    }
    DWORD index = static_cast<DWORD>(reinterpret_cast<ULONG_PTR>(key)) - kPredefinedFirst;
    HANDLE cached = __atomic_load_n(&s_predefined[index], __ATOMIC_ACQUIRE);
    if (cached) {
        handle = cached;
        return ERROR_SUCCESS;
    }
    const char* path = predefined_path(index);
    if (!path) {
        HalcyonLogUnimplemented("advapi32", index == 4 ? "HKEY_PERFORMANCE_DATA" : "HKEY_DYN_DATA");
        return ERROR_CALL_NOT_IMPLEMENTED;
    }
    WCHAR wide[128];
    size_t length = 0;
    for (; path[length] && length < 127; ++length)
        wide[length] = static_cast<WCHAR>(path[length]);
    HANDLE opened = nullptr;
    NTSTATUS status = open_key(nullptr, wide, length, MAXIMUM_ALLOWED, opened);
    if (!NT_SUCCESS(status))
        return error_of(status);
    HANDLE expected = nullptr;
    if (!__atomic_compare_exchange_n(&s_predefined[index], &expected, opened, false, __ATOMIC_ACQ_REL,
                                     __ATOMIC_ACQUIRE)) {
        NtClose(opened); // another thread won the race; use its handle
        opened = expected;
    }
    handle = opened;
    return ERROR_SUCCESS;
}

ValueData::~ValueData() {
    heap_free(m_buffer);
}

LSTATUS ValueData::query(HANDLE key, const WCHAR* name) {
    UNICODE_STRING string;
    init_unicode_string(string, name ? name : L"");
    InfoBuffer buffer;
    NTSTATUS status = query_all(buffer, [&](BYTE* data, ULONG size, ULONG* needed) {
        return NtQueryValueKey(key, &string, reg::kKeyValuePartialInformation, data, size, needed);
    });
    if (!NT_SUCCESS(status))
        return error_of(status);
    return assign(read_u32(buffer.data() + 4), buffer.data() + reg::kValuePartialFixed,
                  read_u32(buffer.data() + 8))
               ? ERROR_SUCCESS
               : ERROR_NOT_ENOUGH_MEMORY;
}

bool ValueData::assign(DWORD type, const void* data, DWORD size) {
    void* fresh = heap_alloc(size + 4); // room for a terminator RegGetValue may add
    if (!fresh)
        return false;
    if (size)
        __builtin_memcpy(fresh, data, size);
    __builtin_memset(static_cast<BYTE*>(fresh) + size, 0, 4);
    heap_free(m_buffer);
    m_buffer = fresh;
    m_data = static_cast<const BYTE*>(fresh);
    m_type = type;
    m_size = size;
    return true;
}

LSTATUS copy_value_out(const void* source, DWORD size, BYTE* data, DWORD* capacity) {
    if (!data) {
        if (capacity)
            *capacity = size;
        return ERROR_SUCCESS;
    }
    if (size > *capacity) {
        *capacity = size;
        return ERROR_MORE_DATA;
    }
    if (size)
        __builtin_memcpy(data, source, size);
    *capacity = size;
    return ERROR_SUCCESS;
}

LSTATUS get_value_checked(HANDLE key, const WCHAR* value_name, DWORD flags, ValueData& result) {
    LSTATUS error = result.query(key, value_name);
    if (error != ERROR_SUCCESS)
        return error;
    DWORD type = result.type();
    if (type == REG_EXPAND_SZ && !(flags & RRF_NOEXPAND)) {
        const WCHAR* text = reinterpret_cast<const WCHAR*>(result.data()); // terminated by assign
        DWORD needed = ExpandEnvironmentStringsW(text, nullptr, 0);
        if (!needed)
            return GetLastError();
        WCHAR* expanded = static_cast<WCHAR*>(heap_alloc(needed * sizeof(WCHAR)));
        if (!expanded)
            return ERROR_NOT_ENOUGH_MEMORY;
        DWORD written = ExpandEnvironmentStringsW(text, expanded, needed);
        bool ok = written && written <= needed && result.assign(REG_SZ, expanded, written * sizeof(WCHAR));
        heap_free(expanded);
        if (!ok)
            return ERROR_NOT_ENOUGH_MEMORY;
        type = REG_SZ;
    }
    DWORD allowed = flags & RRF_RT_ANY;
    bool accepted;
    switch (type) {
    case REG_NONE:
        accepted = allowed & RRF_RT_REG_NONE;
        break;
    case REG_SZ:
        accepted = allowed & RRF_RT_REG_SZ;
        break;
    case REG_EXPAND_SZ:
        accepted = allowed & RRF_RT_REG_EXPAND_SZ;
        break;
    case REG_MULTI_SZ:
        accepted = allowed & RRF_RT_REG_MULTI_SZ;
        break;
    case REG_DWORD:
        accepted = allowed & RRF_RT_REG_DWORD;
        break;
    case REG_QWORD:
        accepted = allowed & RRF_RT_REG_QWORD;
        break;
    case REG_BINARY:
        // RRF_RT_DWORD and RRF_RT_QWORD take REG_BINARY data of their own size only.
        if (allowed == RRF_RT_DWORD)
            accepted = result.size() == 4;
        else if (allowed == RRF_RT_QWORD)
            accepted = result.size() == 8;
        else
            accepted = allowed & RRF_RT_REG_BINARY;
        break;
    default:
        accepted = false; // types beyond REG_QWORD have no RRF_RT_* bit, so no filter takes them
        break;
    }
    return accepted ? ERROR_SUCCESS : ERROR_UNSUPPORTED_TYPE;
}

LSTATUS copy_string_value_out(const void* source, DWORD size, DWORD type, DWORD terminator_size, BYTE* data,
                              DWORD* capacity) {
    DWORD room = data ? *capacity : 0;
    LSTATUS error = copy_value_out(source, size, data, capacity);
    if (error != ERROR_SUCCESS || !data || !is_string_type(type))
        return error;
    // RegGetValue hands out terminated strings: a terminator the stored data lacks is written
    // after it when the buffer has room (the reported size stays the stored one, as Wine does).
    bool terminated = size >= terminator_size;
    for (DWORD i = 0; terminated && i < terminator_size; ++i)
        terminated = data[size - 1 - i] == 0;
    if (!terminated && size + terminator_size <= room)
        __builtin_memset(data + size, 0, terminator_size);
    return ERROR_SUCCESS;
}

} // namespace halcyon::kernelbase::registry

extern "C" {

LSTATUS WINAPI RegCloseKey(HKEY key) {
    if (!key)
        return ERROR_INVALID_HANDLE;
    if (is_predefined(key))
        return ERROR_SUCCESS; // the process keeps its predefined handles
    return error_of(NtClose(reinterpret_cast<HANDLE>(key)));
}

LSTATUS WINAPI RegFlushKey(HKEY key) {
    HANDLE handle;
    if (LSTATUS error = resolve(key, handle))
        return error;
    return error_of(NtFlushKey(handle));
}

LSTATUS WINAPI RegOpenKeyExW(HKEY key, LPCWSTR sub_key, DWORD options, REGSAM desired, PHKEY result) {
    if (!result)
        return ERROR_INVALID_PARAMETER;
    if (options & ~REG_OPTION_OPEN_LINK)
        return ERROR_INVALID_PARAMETER;
    HANDLE root;
    if (LSTATUS error = resolve(key, root))
        return error;
    HANDLE opened = nullptr;
    NTSTATUS status =
        open_key(root, sub_key ? sub_key : L"", sub_key ? wide_length(sub_key) : 0, desired, opened);
    if (!NT_SUCCESS(status))
        return error_of(status);
    *result = reinterpret_cast<HKEY>(opened);
    return ERROR_SUCCESS;
}

LSTATUS WINAPI RegOpenKeyW(HKEY key, LPCWSTR sub_key, PHKEY result) {
    if (!result)
        return ERROR_INVALID_PARAMETER;
    if (!key) {
        *result = nullptr;
        return ERROR_INVALID_HANDLE;
    }
    // The old API hands back the key itself when no subkey is named.
    if (!sub_key || !*sub_key) {
        *result = key;
        return ERROR_SUCCESS;
    }
    return RegOpenKeyExW(key, sub_key, 0, MAXIMUM_ALLOWED, result);
}

LSTATUS WINAPI RegCreateKeyExW(HKEY key, LPCWSTR sub_key, DWORD reserved, LPWSTR class_name, DWORD options,
                               REGSAM desired, const SECURITY_ATTRIBUTES* security, PHKEY result,
                               LPDWORD disposition) {
    if (!result)
        return ERROR_INVALID_PARAMETER;
    constexpr DWORD kKnownOptions =
        REG_OPTION_VOLATILE | REG_OPTION_CREATE_LINK | REG_OPTION_BACKUP_RESTORE | REG_OPTION_OPEN_LINK;
    if (options & ~kKnownOptions)
        return ERROR_INVALID_PARAMETER;
    HANDLE root;
    if (LSTATUS error = resolve(key, root))
        return error;
    const WCHAR* name = sub_key ? sub_key : L"";
    const WCHAR* end = name + wide_length(name);
    if (*name == L'\\')
        return ERROR_BAD_PATHNAME; // a subkey is relative: it cannot start at a root
    UNICODE_STRING class_string;
    init_unicode_string(class_string, class_name ? class_name : L"");

    // NtCreateKey makes one level; RegCreateKeyEx makes every missing level of the path.
    HANDLE current = root;
    bool own_current = false;
    const WCHAR* rest = name;
    bool last = rest >= end;
    for (;;) {
        const WCHAR* component = rest;
        size_t length = last ? 0 : next_component(rest, end, last);
        UNICODE_STRING string;
        string.Buffer = const_cast<WCHAR*>(component);
        string.Length = static_cast<USHORT>(length * sizeof(WCHAR));
        string.MaximumLength = string.Length;
        OBJECT_ATTRIBUTES attributes{};
        attributes.Length = sizeof(attributes);
        attributes.RootDirectory = current;
        attributes.ObjectName = &string;
        attributes.Attributes =
            OBJ_CASE_INSENSITIVE | (last && security && security->bInheritHandle ? OBJ_INHERIT : 0);
        attributes.SecurityDescriptor = last && security ? security->lpSecurityDescriptor : nullptr;
        HANDLE next = nullptr;
        ULONG created = 0;
        NTSTATUS status = NtCreateKey(&next, last ? desired : MAXIMUM_ALLOWED, &attributes, 0,
                                      last && class_name ? &class_string : nullptr, options, &created);
        if (own_current)
            NtClose(current);
        if (!NT_SUCCESS(status))
            return error_of(status);
        current = next;
        own_current = true;
        if (last) {
            if (disposition)
                *disposition = created;
            *result = reinterpret_cast<HKEY>(current);
            return ERROR_SUCCESS;
        }
    }
}

LSTATUS WINAPI RegCreateKeyW(HKEY key, LPCWSTR sub_key, PHKEY result) {
    if (!result)
        return ERROR_INVALID_PARAMETER;
    if (!key)
        return ERROR_INVALID_HANDLE;
    // Unlike RegOpenKey, an empty subkey gives a new handle to the key.
    return RegCreateKeyExW(key, sub_key, 0, nullptr, REG_OPTION_NON_VOLATILE, MAXIMUM_ALLOWED, nullptr,
                           result, nullptr);
}

LSTATUS WINAPI RegQueryValueExW(HKEY key, LPCWSTR value_name, LPDWORD reserved, LPDWORD type, LPBYTE data,
                                LPDWORD size) {
    if ((data && !size) || reserved)
        return ERROR_INVALID_PARAMETER;
    HANDLE handle;
    if (LSTATUS error = resolve(key, handle))
        return error;
    ValueData value;
    if (LSTATUS error = value.query(handle, value_name))
        return error;
    if (type)
        *type = value.type();
    return copy_value_out(value.data(), value.size(), data, size);
}

LSTATUS WINAPI RegSetValueExW(HKEY key, LPCWSTR value_name, DWORD reserved, DWORD type, const BYTE* data,
                              DWORD size) {
    HANDLE handle;
    if (LSTATUS error = resolve(key, handle))
        return error;
    if (data && (reinterpret_cast<ULONG_PTR>(data) >> 16) == 0)
        return ERROR_NOACCESS;
    if (!data && size)
        return ERROR_NOACCESS;
    // NT counts a terminator the caller forgot when it is there in memory right after the data.
    if (size >= sizeof(WCHAR) && is_string_type(type)) {
        const WCHAR* text = reinterpret_cast<const WCHAR*>(data);
        if (text[size / sizeof(WCHAR) - 1] && !text[size / sizeof(WCHAR)])
            size += sizeof(WCHAR);
    }
    UNICODE_STRING name;
    init_unicode_string(name, value_name ? value_name : L"");
    return error_of(NtSetValueKey(handle, &name, 0, type, const_cast<BYTE*>(data), size));
}

LSTATUS WINAPI RegGetValueW(HKEY key, LPCWSTR sub_key, LPCWSTR value_name, DWORD flags, LPDWORD type,
                            PVOID data, LPDWORD size) {
    if (data && !size)
        return ERROR_INVALID_PARAMETER;
    if ((flags & RRF_RT_REG_EXPAND_SZ) && !(flags & RRF_NOEXPAND) && (flags & RRF_RT_ANY) != RRF_RT_ANY)
        return ERROR_INVALID_PARAMETER;
    HANDLE root;
    if (LSTATUS error = resolve(key, root))
        return error;
    HANDLE handle = root;
    if (sub_key && *sub_key) {
        NTSTATUS status = open_key(root, sub_key, wide_length(sub_key), KEY_QUERY_VALUE, handle);
        if (!NT_SUCCESS(status))
            return error_of(status);
    }
    ValueData value;
    LSTATUS error = get_value_checked(handle, value_name, flags, value);
    if (handle != root)
        NtClose(handle);
    if (error == ERROR_SUCCESS || error == ERROR_UNSUPPORTED_TYPE) {
        if (type)
            *type = value.type();
    }
    if (error == ERROR_SUCCESS)
        error = copy_string_value_out(value.data(), value.size(), value.type(), sizeof(WCHAR),
                                      static_cast<BYTE*>(data), size);
    else if (error == ERROR_UNSUPPORTED_TYPE && size)
        *size = value.size();
    if (error != ERROR_SUCCESS && data && (flags & RRF_ZEROONFAILURE) && size && *size)
        __builtin_memset(data, 0, *size);
    return error;
}

LSTATUS WINAPI RegEnumKeyExW(HKEY key, DWORD index, LPWSTR name, LPDWORD name_length, LPDWORD reserved,
                             LPWSTR class_name, LPDWORD class_length, PFILETIME last_write_time) {
    if (!name || !name_length || reserved)
        return ERROR_INVALID_PARAMETER;
    if (class_name && !class_length)
        return ERROR_INVALID_PARAMETER;
    HANDLE handle;
    if (LSTATUS error = resolve(key, handle))
        return error;
    InfoBuffer buffer;
    NTSTATUS status = query_all(buffer, [&](BYTE* data, ULONG size, ULONG* needed) {
        return NtEnumerateKey(handle, index, reg::kKeyNodeInformation, data, size, needed);
    });
    if (!NT_SUCCESS(status))
        return error_of(status);
    const BYTE* info = buffer.data();
    DWORD class_offset = read_u32(info + 12);
    DWORD class_bytes = read_u32(info + 16);
    DWORD name_chars = read_u32(info + 20) / sizeof(WCHAR);
    DWORD class_chars = class_bytes / sizeof(WCHAR);
    if (name_chars >= *name_length || (class_name && class_chars >= *class_length))
        return ERROR_MORE_DATA;
    __builtin_memcpy(name, info + reg::kKeyNodeFixed, name_chars * sizeof(WCHAR));
    name[name_chars] = 0;
    *name_length = name_chars;
    if (class_name) {
        if (class_chars)
            __builtin_memcpy(class_name, info + class_offset, class_bytes);
        class_name[class_chars] = 0;
    }
    if (class_length)
        *class_length = class_chars;
    uint64_t time;
    __builtin_memcpy(&time, info, 8);
    filetime_from(time, last_write_time);
    return ERROR_SUCCESS;
}

LSTATUS WINAPI RegEnumKeyW(HKEY key, DWORD index, LPWSTR name, DWORD name_length) {
    return RegEnumKeyExW(key, index, name, &name_length, nullptr, nullptr, nullptr, nullptr);
}

LSTATUS WINAPI RegEnumValueW(HKEY key, DWORD index, LPWSTR value_name, LPDWORD value_name_length,
                             LPDWORD reserved, LPDWORD type, LPBYTE data, LPDWORD size) {
    if (!value_name || !value_name_length || reserved || (data && !size))
        return ERROR_INVALID_PARAMETER;
    HANDLE handle;
    if (LSTATUS error = resolve(key, handle))
        return error;
    InfoBuffer buffer;
    NTSTATUS status = query_all(buffer, [&](BYTE* info, ULONG length, ULONG* needed) {
        return NtEnumerateValueKey(handle, index, reg::kKeyValueFullInformation, info, length, needed);
    });
    if (!NT_SUCCESS(status))
        return error_of(status);
    const BYTE* info = buffer.data();
    DWORD value_type = read_u32(info + 4);
    DWORD data_offset = read_u32(info + 8);
    DWORD data_bytes = read_u32(info + 12);
    DWORD name_chars = read_u32(info + 16) / sizeof(WCHAR);
    if (name_chars >= *value_name_length) {
        // As Windows (since Vista) and Wine: the name truncated to the buffer, the type and the
        // data size; the name length stays as the caller gave it.
        if (*value_name_length) {
            __builtin_memcpy(value_name, info + reg::kValueFullFixed,
                             (*value_name_length - 1) * sizeof(WCHAR));
            value_name[*value_name_length - 1] = 0;
        }
        if (type)
            *type = value_type;
        if (size)
            *size = data_bytes;
        return ERROR_MORE_DATA;
    }
    if (data && data_bytes > *size) {
        // The name and its length are left alone when only the data does not fit.
        if (type)
            *type = value_type;
        *size = data_bytes;
        return ERROR_MORE_DATA;
    }
    __builtin_memcpy(value_name, info + reg::kValueFullFixed, name_chars * sizeof(WCHAR));
    value_name[name_chars] = 0;
    *value_name_length = name_chars;
    if (type)
        *type = value_type;
    return copy_value_out(info + data_offset, data_bytes, data, size);
}

LSTATUS WINAPI RegQueryInfoKeyW(HKEY key, LPWSTR class_name, LPDWORD class_length, LPDWORD reserved,
                                LPDWORD subkeys, LPDWORD max_subkey_length, LPDWORD max_class_length,
                                LPDWORD values, LPDWORD max_value_name_length, LPDWORD max_value_length,
                                LPDWORD security_descriptor_size, PFILETIME last_write_time) {
    if (reserved || (class_name && !class_length))
        return ERROR_INVALID_PARAMETER;
    HANDLE handle;
    if (LSTATUS error = resolve(key, handle))
        return error;
    InfoBuffer buffer;
    NTSTATUS status = query_all(buffer, [&](BYTE* info, ULONG length, ULONG* needed) {
        return NtQueryKey(handle, reg::kKeyFullInformation, info, length, needed);
    });
    if (!NT_SUCCESS(status))
        return error_of(status);
    const BYTE* info = buffer.data();
    DWORD class_chars = read_u32(info + 16) / sizeof(WCHAR);
    LSTATUS result = ERROR_SUCCESS;
    if (class_name) {
        if (class_chars >= *class_length) {
            result = ERROR_MORE_DATA;
        } else {
            __builtin_memcpy(class_name, info + reg::kKeyFullFixed, class_chars * sizeof(WCHAR));
            class_name[class_chars] = 0;
        }
    }
    if (class_length)
        *class_length = class_chars;
    if (subkeys)
        *subkeys = read_u32(info + 20);
    if (max_subkey_length)
        *max_subkey_length = read_u32(info + 24) / sizeof(WCHAR);
    if (max_class_length)
        *max_class_length = read_u32(info + 28) / sizeof(WCHAR);
    if (values)
        *values = read_u32(info + 32);
    if (max_value_name_length)
        *max_value_name_length = read_u32(info + 36) / sizeof(WCHAR);
    if (max_value_length)
        *max_value_length = read_u32(info + 40);
    // FIXME: keys have no security descriptors yet, so there is none to size.
    if (security_descriptor_size)
        *security_descriptor_size = 0;
    uint64_t time;
    __builtin_memcpy(&time, info, 8);
    filetime_from(time, last_write_time);
    return result;
}

LSTATUS WINAPI RegDeleteKeyExW(HKEY key, LPCWSTR sub_key, REGSAM desired, DWORD reserved) {
    if (!sub_key)
        return ERROR_INVALID_PARAMETER;
    HANDLE root;
    if (LSTATUS error = resolve(key, root))
        return error;
    HANDLE target = nullptr;
    NTSTATUS status = open_key(root, sub_key, wide_length(sub_key),
                               DELETE | (desired & (KEY_WOW64_32KEY | KEY_WOW64_64KEY)), target);
    if (!NT_SUCCESS(status))
        return error_of(status);
    status = NtDeleteKey(target);
    NtClose(target);
    return error_of(status);
}

LSTATUS WINAPI RegDeleteKeyW(HKEY key, LPCWSTR sub_key) {
    return RegDeleteKeyExW(key, sub_key, 0, 0);
}

LSTATUS WINAPI RegDeleteValueW(HKEY key, LPCWSTR value_name) {
    HANDLE handle;
    if (LSTATUS error = resolve(key, handle))
        return error;
    UNICODE_STRING name;
    init_unicode_string(name, value_name ? value_name : L"");
    return error_of(NtDeleteValueKey(handle, &name));
}

LSTATUS WINAPI RegDeleteTreeW(HKEY key, LPCWSTR sub_key) {
    HANDLE root;
    if (LSTATUS error = resolve(key, root))
        return error;
    HANDLE target = root;
    if (sub_key && *sub_key) {
        NTSTATUS status = open_key(root, sub_key, wide_length(sub_key), KEY_ALL_ACCESS, target);
        if (!NT_SUCCESS(status))
            return error_of(status);
    }
    // Subkeys first, depth first: each is emptied by recursion, then deleted; index 0 again
    // every time because deletion shifts the enumeration.
    LSTATUS result = ERROR_SUCCESS;
    WCHAR name[257]; // the longest key name and its terminator
    for (;;) {
        DWORD length = 257;
        LSTATUS error = RegEnumKeyExW(reinterpret_cast<HKEY>(target), 0, name, &length, nullptr, nullptr,
                                      nullptr, nullptr);
        if (error == ERROR_NO_MORE_ITEMS)
            break;
        if (error != ERROR_SUCCESS) {
            result = error;
            break;
        }
        error = RegDeleteTreeW(reinterpret_cast<HKEY>(target), name); // deletes `name` too
        if (error != ERROR_SUCCESS) {
            result = error;
            break;
        }
    }
    if (result == ERROR_SUCCESS) {
        // With no subkey named, the key itself stays and loses its values, as on Windows.
        if (!sub_key || !*sub_key) {
            for (;;) {
                InfoBuffer buffer;
                NTSTATUS status = query_all(buffer, [&](BYTE* info, ULONG size, ULONG* needed) {
                    return NtEnumerateValueKey(target, 0, reg::kKeyValueBasicInformation, info, size, needed);
                });
                if (status == static_cast<NTSTATUS>(0x8000001A)) // STATUS_NO_MORE_ENTRIES
                    break;
                if (!NT_SUCCESS(status)) {
                    result = error_of(status);
                    break;
                }
                UNICODE_STRING name_string;
                name_string.Buffer = reinterpret_cast<WCHAR*>(buffer.data() + reg::kValueBasicFixed);
                name_string.Length = static_cast<USHORT>(read_u32(buffer.data() + 8));
                name_string.MaximumLength = name_string.Length;
                status = NtDeleteValueKey(target, &name_string);
                if (!NT_SUCCESS(status)) {
                    result = error_of(status);
                    break;
                }
            }
        }
    }
    if (target != root) {
        NtClose(target);
        if (result == ERROR_SUCCESS)
            result = RegDeleteKeyExW(reinterpret_cast<HKEY>(root), sub_key, 0, 0);
    }
    return result;
}

} // extern "C"

// ---- Convenience and legacy forms --------------------------------------------------------------

extern "C" {

LSTATUS WINAPI RegSetKeyValueW(HKEY key, LPCWSTR sub_key, LPCWSTR value_name, DWORD type, LPCVOID data,
                               DWORD size) {
    HKEY target = key;
    if (sub_key && *sub_key) {
        if (LSTATUS error = RegCreateKeyExW(key, sub_key, 0, nullptr, REG_OPTION_NON_VOLATILE, KEY_SET_VALUE,
                                            nullptr, &target, nullptr))
            return error;
    }
    LSTATUS error = RegSetValueExW(target, value_name, 0, type, static_cast<const BYTE*>(data), size);
    if (target != key)
        RegCloseKey(target);
    return error;
}

LSTATUS WINAPI RegDeleteKeyValueW(HKEY key, LPCWSTR sub_key, LPCWSTR value_name) {
    HKEY target = key;
    if (sub_key && *sub_key) {
        if (LSTATUS error = RegOpenKeyExW(key, sub_key, 0, KEY_SET_VALUE, &target))
            return error;
    }
    LSTATUS error = RegDeleteValueW(target, value_name);
    if (target != key)
        RegCloseKey(target);
    return error;
}

/// The Windows 3.1 API: the default value of a subkey, as a string. A subkey without a default
/// value reads as the empty string.
LSTATUS WINAPI RegQueryValueW(HKEY key, LPCWSTR sub_key, LPWSTR data, LONG* size) {
    if (data && !size)
        return ERROR_INVALID_PARAMETER;
    HKEY target = key;
    if (sub_key && *sub_key) {
        if (LSTATUS error = RegOpenKeyExW(key, sub_key, 0, KEY_QUERY_VALUE, &target))
            return error;
    }
    HANDLE handle;
    LSTATUS error = resolve(target, handle);
    ValueData value;
    if (error == ERROR_SUCCESS)
        error = value.query(handle, nullptr);
    if (target != key)
        RegCloseKey(target);
    if (error == ERROR_FILE_NOT_FOUND) {
        if (!value.assign(REG_SZ, L"", sizeof(WCHAR)))
            return ERROR_NOT_ENOUGH_MEMORY;
        error = ERROR_SUCCESS;
    }
    if (error != ERROR_SUCCESS)
        return error;
    if (value.type() != REG_SZ)
        return ERROR_INVALID_DATA;
    DWORD capacity = size ? static_cast<DWORD>(*size) : 0;
    error =
        copy_value_out(value.data(), value.size(), reinterpret_cast<BYTE*>(data), size ? &capacity : nullptr);
    if (size)
        *size = static_cast<LONG>(capacity);
    return error;
}

/// The Windows 3.1 API: sets a subkey's default value to a string (REG_SZ only; the length comes
/// from the string, not from `size`, as on Windows).
LSTATUS WINAPI RegSetValueW(HKEY key, LPCWSTR sub_key, DWORD type, LPCWSTR data, DWORD size) {
    if (type != REG_SZ || !data)
        return ERROR_INVALID_PARAMETER;
    DWORD bytes = static_cast<DWORD>((wide_length(data) + 1) * sizeof(WCHAR));
    return RegSetKeyValueW(key, sub_key, nullptr, REG_SZ, data, bytes);
}

LSTATUS WINAPI RegOpenCurrentUser(REGSAM desired, PHKEY result) {
    if (!result)
        return ERROR_INVALID_PARAMETER;
    return RegOpenKeyExW(HKEY_CURRENT_USER, L"", 0, desired, result);
}

/// Change notification needs kernel support Halcyon lacks: an explicit, logged failure (never a
/// pretended registration that would leave the caller waiting forever).
LSTATUS WINAPI RegNotifyChangeKeyValue(HKEY, BOOL, DWORD, HANDLE, BOOL) {
    HalcyonLogUnimplemented("advapi32", "RegNotifyChangeKeyValue");
    return ERROR_CALL_NOT_IMPLEMENTED;
}

} // extern "C"
