// Win32 path handling: classification (RtlDetermineDosPathNameType_U), full-path resolution
// (RtlGetFullPathName_U), conversion to NT paths (RtlDosPathNameToNtPathName_U) and the process
// current directory (RtlGet/SetCurrentDirectory_U). The rules are Windows' as documented in
// "Naming Files, Paths, and Namespaces" and as Wine's conformance tests pin them down:
//
//   C:\a\..\b\.\c    -> C:\b\c          (dots collapse, never above the root)
//   C:/a//b          -> C:\a\b          (forward slashes and repeated separators)
//   a\b.  / a\b      -> <cwd>a\b        (trailing dots and spaces of the last component go)
//   \a               -> <cwd drive>\a   (rooted)
//   D:a              -> D:\a, or <cwd>a when the current directory is on D:
//   \\server\share\x -> \??\UNC\server\share\x
//   \\?\C:\x         -> \??\C:\x        (verbatim: no normalization at all)
//   \\.\COM1, NUL    -> \??\COM1, \??\NUL (devices)

#include "Ntdll.h"

using namespace halcyon;
using namespace halcyon::ntdll;

namespace {

constexpr size_t kMaxPathChars = 32767;

/// Serialises the current directory and the environment block (Windows' FastPebLock). Statically
/// initialised (LockCount -1 = free) so it works before LdrInitializeThunk has run.
RTL_CRITICAL_SECTION g_peb_lock = {nullptr, -1, 0, nullptr, nullptr, 0};

bool is_separator(WCHAR c) {
    return c == '\\' || c == '/';
}

/// A growable output buffer of WCHARs on the process heap.
class PathBuilder {
public:
    explicit PathBuilder(size_t capacity) : m_capacity(capacity) { m_data = allocate_wide(capacity + 1); }
    ~PathBuilder() {
        if (m_data)
            RtlFreeHeap(process_heap(), 0, m_data);
    }
    PathBuilder(const PathBuilder&) = delete;
    PathBuilder& operator=(const PathBuilder&) = delete;

    /// False when the allocation failed or an append did not fit.
    bool ok() const { return m_data != nullptr && !m_overflow; }
    PWSTR data() { return m_data; }
    size_t length() const { return m_length; }
    void truncate(size_t length) { m_length = length; }
    WCHAR last() const { return m_length ? m_data[m_length - 1] : 0; }
    void append(WCHAR c) {
        if (m_data && m_length < m_capacity)
            m_data[m_length++] = c;
        else
            m_overflow = true;
    }
    void append(PCWSTR s, size_t n) {
        for (size_t i = 0; i < n; ++i)
            append(s[i]);
    }
    void terminate() {
        if (m_data)
            m_data[m_length] = 0;
    }

private:
    PWSTR m_data{nullptr};
    size_t m_capacity;
    size_t m_length{0};
    bool m_overflow{false};
};

/// Appends `path` (relative to what `out` holds) component by component, collapsing "." and
/// "..", never going above `root_length`. `out` ends with a separator on entry.
void append_components(PathBuilder& out, size_t root_length, PCWSTR path, size_t length) {
    size_t i = 0;
    while (i < length) {
        while (i < length && is_separator(path[i]))
            ++i;
        size_t start = i;
        while (i < length && !is_separator(path[i]))
            ++i;
        size_t n = i - start;
        bool last = i >= length;
        if (n == 0)
            break;
        PCWSTR component = path + start;
        if (n == 1 && component[0] == '.')
            continue;
        if (n == 2 && component[0] == '.' && component[1] == '.') {
            // Drop the previous component (the separator before it stays).
            if (out.length() > root_length) {
                size_t end = out.length() - 1; // the separator after the previous component
                while (end > root_length && !is_separator(out.data()[end - 1]))
                    --end;
                out.truncate(end);
            }
            continue;
        }
        if (last) {
            // Windows silently drops trailing dots and spaces from the final component.
            while (n && (component[n - 1] == '.' || component[n - 1] == ' '))
                --n;
            if (n == 0)
                continue;
        }
        out.append(component, n);
        if (!last)
            out.append('\\');
    }
}

/// The length of the UNC root "\\server\share" in `path` (which starts with two separators).
size_t unc_root_length(PCWSTR path, size_t length) {
    size_t i = 2;
    while (i < length && !is_separator(path[i]))
        ++i; // server
    if (i < length)
        ++i;
    while (i < length && !is_separator(path[i]))
        ++i; // share
    return i;
}

/// Returns true and the device name span when `path` names a DOS device (CON, NUL, COM1, ...),
/// which exist in every directory: "C:\dir\nul.txt" is the NUL device.
bool dos_device(PCWSTR path, size_t length, size_t& offset, size_t& device_length) {
    if (length == 0)
        return false;
    // The last component, without trailing dots/spaces/colon, without any extension.
    size_t end = length;
    while (end && (path[end - 1] == ' ' || path[end - 1] == '.' || path[end - 1] == ':'))
        --end;
    if (end == 0)
        return false;
    size_t start = end;
    while (start && !is_separator(path[start - 1]) && !(start == 2 && path[1] == ':'))
        --start;
    size_t name_end = start;
    while (name_end < end && path[name_end] != '.' && path[name_end] != ':')
        ++name_end;
    // A name followed by spaces is still the device ("NUL  .txt").
    size_t trimmed = name_end;
    while (trimmed > start && path[trimmed - 1] == ' ')
        --trimmed;
    size_t n = trimmed - start;
    PCWSTR name = path + start;
    auto is = [&](const char* candidate) {
        for (size_t k = 0; k < n; ++k)
            if (!candidate[k] || ascii_upcase(name[k]) != static_cast<WCHAR>(candidate[k]))
                return false;
        return candidate[n] == 0;
    };
    bool match = false;
    if (n == 3)
        match = is("CON") || is("PRN") || is("AUX") || is("NUL");
    else if (n == 4 && name[3] >= '1' && name[3] <= '9') {
        WCHAR prefix[3] = {ascii_upcase(name[0]), ascii_upcase(name[1]), ascii_upcase(name[2])};
        match = (prefix[0] == 'C' && prefix[1] == 'O' && prefix[2] == 'M') ||
                (prefix[0] == 'L' && prefix[1] == 'P' && prefix[2] == 'T');
    } else if (n == 6)
        match = is("CONIN$");
    else if (n == 7)
        match = is("CONOUT$");
    if (!match)
        return false;
    offset = start;
    device_length = n;
    return true;
}

/// The process current directory (with its trailing separator). Precondition: PEB lock held.
UNICODE_STRING current_directory_locked() {
    UNICODE_STRING cwd{};
    abi::ProcessParameters* parameters = process_parameters();
    if (parameters) {
        cwd.Buffer = reinterpret_cast<PWSTR>(parameters->current_directory.buffer);
        cwd.Length = parameters->current_directory.length;
        cwd.MaximumLength = parameters->current_directory.maximum_length;
    }
    return cwd;
}

/// Resolves `name` to a full Win32 path in `out` (NUL-terminated). Returns false when `name`
/// is not a valid path. `file_part` is the offset of the last component (or -1).
/// Precondition: the PEB lock is held (the current directory is read).
bool full_path(PCWSTR name, PathBuilder& out, ptrdiff_t& file_part) {
    size_t length = wide_length(name);
    file_part = -1;
    if (length == 0 || !out.ok())
        return false;
    size_t device_offset, device_length;
    RTL_PATH_TYPE type = RtlDetermineDosPathNameType_U(name);
    if (type != RtlPathTypeLocalDevice && type != RtlPathTypeRootLocalDevice &&
        type != RtlPathTypeUncAbsolute && dos_device(name, length, device_offset, device_length)) {
        out.append(HALCYON_WTEXT("\\\\.\\"), 4);
        out.append(name + device_offset, device_length);
        out.terminate();
        file_part = 4;
        return out.ok();
    }
    UNICODE_STRING cwd = current_directory_locked();
    size_t cwd_length = cwd.Length / sizeof(WCHAR);
    size_t root_length = 0;
    PCWSTR rest = name;
    size_t rest_length = length;
    switch (type) {
    case RtlPathTypeUncAbsolute: {
        root_length = unc_root_length(name, length);
        out.append('\\');
        out.append('\\');
        for (size_t i = 2; i < root_length; ++i)
            out.append(is_separator(name[i]) ? WCHAR('\\') : name[i]);
        rest = name + root_length;
        rest_length = length - root_length;
        root_length = out.length();
        break;
    }
    case RtlPathTypeLocalDevice:
        out.append(name, 4);
        out.data()[0] = out.data()[1] = out.data()[3] = '\\';
        root_length = 4;
        rest = name + 4;
        rest_length = length - 4;
        break;
    case RtlPathTypeRootLocalDevice:
        out.append(HALCYON_WTEXT("\\\\"), 2);
        out.append(name[2]);
        out.append('\\');
        out.terminate();
        return out.ok();
    case RtlPathTypeDriveAbsolute:
        // An absolute path keeps its drive letter's case ("c:\x" stays "c:\x"), as on Windows.
        out.append(name[0]);
        out.append(HALCYON_WTEXT(":\\"), 2);
        root_length = 3;
        rest = name + 3;
        rest_length = length - 3;
        break;
    case RtlPathTypeDriveRelative: {
        WCHAR drive = ascii_upcase(name[0]);
        rest = name + 2;
        rest_length = length - 2;
        if (cwd_length >= 3 && ascii_upcase(cwd.Buffer[0]) == drive && cwd.Buffer[1] == ':') {
            out.append(drive);
            out.append(cwd.Buffer + 1, cwd_length - 1);
        } else {
            // FIXME: Windows consults the "=D:" environment variable for the drive's own
            // current directory; Halcyon keeps only one and uses the drive's root.
            out.append(drive);
            out.append(HALCYON_WTEXT(":\\"), 2);
        }
        root_length = 3;
        break;
    }
    case RtlPathTypeRooted:
    case RtlPathTypeRelative: {
        if (cwd_length == 0)
            return false;
        size_t cwd_root = 3;
        if (cwd_length >= 2 && is_separator(cwd.Buffer[0]) && is_separator(cwd.Buffer[1])) {
            cwd_root = unc_root_length(cwd.Buffer, cwd_length);
        }
        if (type == RtlPathTypeRooted) {
            out.append(cwd.Buffer, cwd_root < cwd_length ? cwd_root : cwd_length);
            if (!is_separator(out.last()))
                out.append('\\');
        } else {
            out.append(cwd.Buffer, cwd_length);
            if (!is_separator(out.last()))
                out.append('\\');
        }
        root_length = cwd_root < out.length() ? cwd_root : out.length();
        if (root_length < out.length() && is_separator(out.data()[root_length]))
            ++root_length;
        break;
    }
    case RtlPathTypeUnknown:
        return false;
    }
    if (!is_separator(out.last()))
        out.append('\\');
    if (root_length > out.length())
        root_length = out.length();
    append_components(out, root_length, rest, rest_length);
    // A trailing separator in the input is kept ("C:\dir\" stays a directory name) - except
    // that the root always ends with one anyway.
    bool wants_trailing = rest_length && is_separator(rest[rest_length - 1]);
    if (!wants_trailing && out.length() > root_length && is_separator(out.last()))
        out.truncate(out.length() - 1);
    out.terminate();
    if (out.length() && !is_separator(out.last())) {
        size_t start = out.length();
        while (start && !is_separator(out.data()[start - 1]))
            --start;
        file_part = static_cast<ptrdiff_t>(start);
    }
    return out.ok() && out.length() <= kMaxPathChars;
}

/// Capacity for full_path's output: the name, the current directory, and a few separators.
/// Precondition: the PEB lock is held.
size_t full_path_capacity(size_t name_length) {
    abi::ProcessParameters* parameters = process_parameters();
    size_t cwd_length = parameters ? parameters->current_directory.length / sizeof(WCHAR) : 0;
    return name_length + cwd_length + 8;
}

NTSTATUS dos_path_to_nt_path(PCWSTR dos_name, PUNICODE_STRING nt_name, PWSTR* file_part,
                             PRTL_RELATIVE_NAME_U relative_name) {
    if (relative_name) {
        relative_name->RelativeName = {};
        relative_name->ContainingDirectory = nullptr;
        relative_name->CurDirRef = nullptr;
    }
    if (file_part)
        *file_part = nullptr;
    if (!dos_name || !dos_name[0])
        return STATUS_OBJECT_NAME_INVALID;
    size_t length = wide_length(dos_name);
    // Already an NT path, or a verbatim "\\?\" path: only the prefix changes.
    bool nt_prefixed =
        length >= 4 && dos_name[0] == '\\' && dos_name[1] == '?' && dos_name[2] == '?' && dos_name[3] == '\\';
    bool verbatim = length >= 4 && dos_name[0] == '\\' && dos_name[1] == '\\' && dos_name[2] == '?' &&
                    dos_name[3] == '\\';
    ptrdiff_t full_file_part = -1;
    PCWSTR source;
    size_t source_length;
    const WCHAR* prefix = HALCYON_WTEXT("\\??\\");
    size_t prefix_length = 4;
    // Resolve under the PEB lock so the current directory cannot change between sizing the
    // buffer and using it.
    RtlAcquirePebLock();
    PathBuilder full(nt_prefixed || verbatim ? 0 : full_path_capacity(length));
    bool resolved = nt_prefixed || verbatim || full_path(dos_name, full, full_file_part);
    RtlReleasePebLock();
    if (!resolved)
        return full.data() ? STATUS_OBJECT_NAME_INVALID : STATUS_NO_MEMORY;
    if (nt_prefixed || verbatim) {
        source = dos_name + 4;
        source_length = length - 4;
    } else {
        source = full.data();
        source_length = full.length();
        RTL_PATH_TYPE type = RtlDetermineDosPathNameType_U(source);
        if (type == RtlPathTypeUncAbsolute) {
            prefix = HALCYON_WTEXT("\\??\\UNC\\");
            prefix_length = 8;
            source += 2;
            source_length -= 2;
            full_file_part -= 2;
        } else if (type == RtlPathTypeLocalDevice || type == RtlPathTypeRootLocalDevice) {
            source += 4;
            source_length = source_length >= 4 ? source_length - 4 : 0;
            full_file_part -= 4;
        }
    }
    size_t total = prefix_length + source_length;
    if ((total + 1) * sizeof(WCHAR) > 0xFFFF)
        return STATUS_NAME_TOO_LONG;
    PWSTR buffer = allocate_wide(total + 1);
    if (!buffer)
        return STATUS_NO_MEMORY;
    __builtin_memcpy(buffer, prefix, prefix_length * sizeof(WCHAR));
    __builtin_memcpy(buffer + prefix_length, source, source_length * sizeof(WCHAR));
    buffer[total] = 0;
    nt_name->Buffer = buffer;
    nt_name->Length = static_cast<USHORT>(total * sizeof(WCHAR));
    nt_name->MaximumLength = static_cast<USHORT>((total + 1) * sizeof(WCHAR));
    if (file_part) {
        if (nt_prefixed || verbatim) {
            size_t start = total;
            while (start > prefix_length && buffer[start - 1] != '\\')
                --start;
            *file_part = start < total ? buffer + start : nullptr;
        } else if (full_file_part >= 0) {
            *file_part = buffer + prefix_length + full_file_part;
        }
    }
    return STATUS_SUCCESS;
}

bool g_current_directory_owned = false;

} // namespace

extern "C" {

void NTAPI RtlAcquirePebLock(void) {
    RtlEnterCriticalSection(&g_peb_lock);
}

void NTAPI RtlReleasePebLock(void) {
    RtlLeaveCriticalSection(&g_peb_lock);
}

RTL_PATH_TYPE NTAPI RtlDetermineDosPathNameType_U(PCWSTR path) {
    if (!path || !path[0])
        return RtlPathTypeRelative;
    if (is_separator(path[0])) {
        if (!is_separator(path[1]))
            return RtlPathTypeRooted;
        if (path[2] != '.' && path[2] != '?')
            return RtlPathTypeUncAbsolute;
        if (is_separator(path[3]))
            return RtlPathTypeLocalDevice;
        if (path[3] == 0)
            return RtlPathTypeRootLocalDevice;
        return RtlPathTypeUncAbsolute;
    }
    if (path[1] == ':') {
        if (is_separator(path[2]))
            return RtlPathTypeDriveAbsolute;
        return RtlPathTypeDriveRelative;
    }
    return RtlPathTypeRelative;
}

ULONG NTAPI RtlIsDosDeviceName_U(PCWSTR path) {
    if (!path)
        return 0;
    RTL_PATH_TYPE type = RtlDetermineDosPathNameType_U(path);
    if (type == RtlPathTypeUncAbsolute || type == RtlPathTypeLocalDevice ||
        type == RtlPathTypeRootLocalDevice)
        return 0;
    size_t offset, length;
    if (!dos_device(path, wide_length(path), offset, length))
        return 0;
    // High word: byte offset of the device name; low word: its length in bytes.
    return static_cast<ULONG>(((offset * sizeof(WCHAR)) << 16) | (length * sizeof(WCHAR)));
}

ULONG NTAPI RtlGetFullPathName_U(PCWSTR file_name, ULONG buffer_size, PWSTR buffer, PWSTR* file_part) {
    if (file_part)
        *file_part = nullptr;
    if (!file_name || !file_name[0])
        return 0;
    size_t name_length = wide_length(file_name);
    RtlAcquirePebLock();
    PathBuilder full(full_path_capacity(name_length));
    ptrdiff_t part = -1;
    bool ok = full_path(file_name, full, part);
    RtlReleasePebLock();
    if (!ok)
        return 0;
    size_t bytes = full.length() * sizeof(WCHAR);
    if (bytes + sizeof(WCHAR) > buffer_size)
        return static_cast<ULONG>(bytes + sizeof(WCHAR));
    __builtin_memcpy(buffer, full.data(), bytes + sizeof(WCHAR));
    if (file_part && part >= 0)
        *file_part = buffer + part;
    return static_cast<ULONG>(bytes);
}

NTSTATUS NTAPI RtlDosPathNameToNtPathName_U_WithStatus(PCWSTR dos_name, PUNICODE_STRING nt_name,
                                                       PWSTR* file_part, PRTL_RELATIVE_NAME_U relative_name) {
    return dos_path_to_nt_path(dos_name, nt_name, file_part, relative_name);
}

BOOLEAN NTAPI RtlDosPathNameToNtPathName_U(PCWSTR dos_name, PUNICODE_STRING nt_name, PWSTR* file_part,
                                           PRTL_RELATIVE_NAME_U relative_name) {
    return NT_SUCCESS(dos_path_to_nt_path(dos_name, nt_name, file_part, relative_name));
}

void NTAPI RtlReleaseRelativeName(PRTL_RELATIVE_NAME_U relative_name) {
    // Halcyon never hands out a containing-directory reference (see dos_path_to_nt_path).
    relative_name->ContainingDirectory = nullptr;
    relative_name->CurDirRef = nullptr;
}

ULONG NTAPI RtlGetCurrentDirectory_U(ULONG buffer_size, PWSTR buffer) {
    RtlAcquirePebLock();
    UNICODE_STRING cwd = current_directory_locked();
    size_t length = cwd.Length / sizeof(WCHAR);
    // The stored form ends in '\'; the reported one does not, except for a root ("C:\").
    if (length > 3 && is_separator(cwd.Buffer[length - 1]))
        --length;
    ULONG result;
    if ((length + 1) * sizeof(WCHAR) > buffer_size) {
        result = static_cast<ULONG>((length + 1) * sizeof(WCHAR));
    } else {
        __builtin_memcpy(buffer, cwd.Buffer, length * sizeof(WCHAR));
        buffer[length] = 0;
        result = static_cast<ULONG>(length * sizeof(WCHAR));
    }
    RtlReleasePebLock();
    return result;
}

NTSTATUS NTAPI RtlSetCurrentDirectory_U(PCUNICODE_STRING path) {
    if (!path || !path->Length || !path->Buffer)
        return STATUS_OBJECT_NAME_INVALID;
    // The argument is counted, not necessarily terminated.
    size_t length = path->Length / sizeof(WCHAR);
    PWSTR name = allocate_wide(length + 1);
    if (!name)
        return STATUS_NO_MEMORY;
    __builtin_memcpy(name, path->Buffer, length * sizeof(WCHAR));
    name[length] = 0;

    UNICODE_STRING nt_name{};
    NTSTATUS status = dos_path_to_nt_path(name, &nt_name, nullptr, nullptr);
    if (!NT_SUCCESS(status)) {
        RtlFreeHeap(process_heap(), 0, name);
        return status;
    }
    // The directory must exist: open it, and keep the handle as the CURDIR handle. Like Windows,
    // the handle does not share delete, so the current directory cannot be removed under us.
    HANDLE handle = nullptr;
    OBJECT_ATTRIBUTES attributes;
    InitializeObjectAttributes(&attributes, &nt_name, OBJ_CASE_INSENSITIVE | OBJ_INHERIT, nullptr, nullptr);
    IO_STATUS_BLOCK io{};
    status = NtOpenFile(&handle, FILE_TRAVERSE | SYNCHRONIZE, &attributes, &io,
                        FILE_SHARE_READ | FILE_SHARE_WRITE, FILE_DIRECTORY_FILE | FILE_SYNCHRONOUS_IO_NONALERT);
    RtlFreeUnicodeString(&nt_name);
    if (!NT_SUCCESS(status)) {
        RtlFreeHeap(process_heap(), 0, name);
        return status;
    }

    RtlAcquirePebLock();
    PathBuilder full(full_path_capacity(length) + 1);
    abi::ProcessParameters* parameters = process_parameters();
    UNICODE_STRING cwd = current_directory_locked();
    ptrdiff_t part = -1;
    if (!full_path(name, full, part)) {
        RtlReleasePebLock();
        NtClose(handle);
        RtlFreeHeap(process_heap(), 0, name);
        return STATUS_OBJECT_NAME_INVALID;
    }
    if (!is_separator(full.last()))
        full.append('\\');
    full.terminate();
    size_t bytes = full.length() * sizeof(WCHAR);
    PWSTR storage = cwd.Buffer;
    USHORT capacity = cwd.MaximumLength;
    if (!storage || bytes + sizeof(WCHAR) > capacity) {
        // The kernel's buffer (MAX_PATH on Windows) is too small: move to the heap.
        capacity = static_cast<USHORT>(bytes + sizeof(WCHAR) > 520 ? bytes + sizeof(WCHAR) : 520);
        storage = static_cast<PWSTR>(RtlAllocateHeap(process_heap(), 0, capacity));
        if (!storage) {
            RtlReleasePebLock();
            NtClose(handle);
            RtlFreeHeap(process_heap(), 0, name);
            return STATUS_NO_MEMORY;
        }
        if (g_current_directory_owned && cwd.Buffer)
            RtlFreeHeap(process_heap(), 0, cwd.Buffer);
        g_current_directory_owned = true;
    }
    __builtin_memcpy(storage, full.data(), bytes + sizeof(WCHAR));
    HANDLE old_handle = reinterpret_cast<HANDLE>(parameters->current_directory_handle);
    parameters->current_directory.buffer = reinterpret_cast<uint64_t>(storage);
    parameters->current_directory.length = static_cast<uint16_t>(bytes);
    parameters->current_directory.maximum_length = capacity;
    parameters->current_directory_handle = reinterpret_cast<uint64_t>(handle);
    RtlReleasePebLock();
    if (old_handle)
        NtClose(old_handle);
    RtlFreeHeap(process_heap(), 0, name);
    return STATUS_SUCCESS;
}

} // extern "C"
