// Finding a DLL and mapping it: API-set resolution, the ".dll" default extension, the search
// order (the executable's directory, then System32, or an explicit search path), and
// NtOpenFile + NtCreateSection(SEC_IMAGE) + NtMapViewOfSection. The kernel maps each section with
// its own protection and applies base relocations; STATUS_IMAGE_NOT_AT_BASE just says it did.

#include "Loader.h"
#include "pe/ApiSet.h"

namespace halcyon::ntdll {

namespace {

constexpr size_t kMaxDllNameChars = 1024;

const WCHAR kSystemDirectory[] = HALCYON_WTEXT("C:\\Windows\\System32\\");

bool is_path_separator(WCHAR c) {
    return c == '\\' || c == '/';
}

/// A heap buffer of WCHARs freed on scope exit.
class WideBuffer {
public:
    explicit WideBuffer(size_t capacity) : m_data(allocate_wide(capacity + 1)), m_capacity(capacity) {}
    ~WideBuffer() {
        if (m_data)
            RtlFreeHeap(process_heap(), 0, m_data);
    }
    WideBuffer(const WideBuffer&) = delete;
    WideBuffer& operator=(const WideBuffer&) = delete;

    bool ok() const { return m_data && !m_overflow; }
    PWSTR data() const { return m_data; }
    size_t length() const { return m_length; }
    void clear() { truncate(0); }
    void truncate(size_t length) {
        m_length = length;
        if (m_data)
            m_data[m_length] = 0;
    }
    void append(PCWSTR s, size_t n) {
        if (!m_data || m_length + n > m_capacity) {
            m_overflow = true;
            return;
        }
        __builtin_memcpy(m_data + m_length, s, n * sizeof(WCHAR));
        m_length += n;
        m_data[m_length] = 0;
    }
    void append(StringView s) {
        for (char c : s) {
            WCHAR w = static_cast<unsigned char>(c);
            append(&w, 1);
        }
    }

private:
    PWSTR m_data;
    size_t m_capacity;
    size_t m_length{0};
    bool m_overflow{false};
};

/// The directory of the executable, with its trailing separator, as a Win32 path.
void executable_directory(PCWSTR& directory, size_t& length) {
    abi::ProcessParameters* parameters = process_parameters();
    auto* path = reinterpret_cast<PCWSTR>(parameters->image_path_name.buffer);
    size_t n = parameters->image_path_name.length / sizeof(WCHAR);
    // Tolerate an NT-style "\??\C:\..." image path.
    if (n >= 4 && path[0] == '\\' && path[1] == '?' && path[2] == '?' && path[3] == '\\') {
        path += 4;
        n -= 4;
    }
    while (n && !is_path_separator(path[n - 1]))
        --n;
    directory = path;
    length = n;
}

bool is_not_found(NTSTATUS status) {
    return status == STATUS_OBJECT_NAME_NOT_FOUND || status == STATUS_OBJECT_PATH_NOT_FOUND ||
           status == STATUS_NO_SUCH_FILE || status == STATUS_OBJECT_NAME_INVALID ||
           status == STATUS_NOT_A_DIRECTORY || status == STATUS_FILE_IS_A_DIRECTORY;
}

/// Opens and maps the image at Win32 path `path`. Returns a not-found status when the file does
/// not exist (so the search moves on).
NTSTATUS map_image(PCWSTR path, PVOID* base, size_t* view_size) {
    UNICODE_STRING nt_path{};
    NTSTATUS status = RtlDosPathNameToNtPathName_U_WithStatus(path, &nt_path, nullptr, nullptr);
    if (!NT_SUCCESS(status))
        return status;
    OBJECT_ATTRIBUTES attributes;
    InitializeObjectAttributes(&attributes, &nt_path, OBJ_CASE_INSENSITIVE, nullptr, nullptr);
    IO_STATUS_BLOCK io{};
    HANDLE file = nullptr;
    status = NtOpenFile(&file, FILE_READ_DATA | FILE_EXECUTE | SYNCHRONIZE, &attributes, &io,
                        FILE_SHARE_READ | FILE_SHARE_DELETE,
                        FILE_SYNCHRONOUS_IO_NONALERT | FILE_NON_DIRECTORY_FILE);
    RtlFreeUnicodeString(&nt_path);
    if (!NT_SUCCESS(status))
        return status;
    HANDLE section = nullptr;
    status = NtCreateSection(&section, SECTION_MAP_READ | SECTION_MAP_EXECUTE | SECTION_QUERY, nullptr,
                             nullptr, PAGE_EXECUTE, SEC_IMAGE, file);
    NtClose(file);
    if (!NT_SUCCESS(status))
        return status == STATUS_INVALID_IMAGE_FORMAT || is_not_found(status) ? STATUS_INVALID_IMAGE_FORMAT
                                                                             : status;
    PVOID view = nullptr;
    SIZE_T size = 0;
    status = NtMapViewOfSection(section, NtCurrentProcess(), &view, 0, 0, nullptr, &size, ViewShare, 0,
                                PAGE_READWRITE);
    NtClose(section);
    if (status == STATUS_IMAGE_MACHINE_TYPE_MISMATCH) {
        NtUnmapViewOfSection(NtCurrentProcess(), view);
        return STATUS_INVALID_IMAGE_FORMAT;
    }
    if (!NT_SUCCESS(status))
        return status;
    *base = view;
    *view_size = size;
    return STATUS_SUCCESS;
}

void report_load_failure(PCWSTR name, size_t length, const LoaderModule* importer, NTSTATUS status) {
    if (!g_report_errors && !g_ldr_trace)
        return;
    DiagnosticLine line;
    error_line(line).text("cannot load ").wide(name, length);
    if (importer)
        line.text(" (needed by ").wide(base_name(importer)).text(")");
    line.text(": ");
    if (status == STATUS_DLL_NOT_FOUND)
        line.text("not found");
    else if (status == STATUS_INVALID_IMAGE_FORMAT)
        line.text("not a valid x86_64 PE image");
    else
        line.text("status ")
            .hex(static_cast<ULONG>(status))
            .text(" (")
            .text(NtStatus{static_cast<u32>(status)}.name())
            .text(")");
    line.emit();
}

/// Maps the file at `full` (a Win32 path) and turns it into a bound module.
NTSTATUS map_and_bind(PCWSTR full, size_t full_length, PCWSTR search_path, const LoaderModule* importer,
                      LoaderModule** out) {
    PVOID base = nullptr;
    size_t view_size = 0;
    NTSTATUS status = map_image(full, &base, &view_size);
    if (!NT_SUCCESS(status))
        return status;
    LoaderModule* module = nullptr;
    status = create_module(base, view_size, full, full_length, &module);
    if (!NT_SUCCESS(status)) {
        NtUnmapViewOfSection(NtCurrentProcess(), base);
        return status;
    }
    module->load_count = 0;
    if (g_ldr_trace) {
        DiagnosticLine()
            .text("[ldr] load ")
            .wide(base_name(module))
            .text(" at ")
            .hex(reinterpret_cast<uint64_t>(base))
            .emit();
    }
    status = register_tls(module);
    if (NT_SUCCESS(status))
        status = bind_imports(module, search_path);
    // On failure the caller's rollback (LdrLoadDll) or process termination (start-up) cleans up;
    // the module stays linked so the rollback can find it.
    *out = module;
    return status;
}

/// The name the loader looks for: API sets resolved, ".dll" appended when the file name has no
/// extension, a trailing '.' ("no extension") removed. Returns false on allocation failure.
bool normalize_name(PCWSTR name, size_t length, WideBuffer& wanted, bool& has_path, size_t& file_start) {
    // API sets: "api-ms-win-crt-runtime-l1-1-0.dll" -> "ucrtbase.dll".
    {
        char narrow[kMaxDllNameChars + 1];
        bool ascii = true;
        for (size_t i = 0; i < length; ++i) {
            if (name[i] >= 0x80)
                ascii = false;
            narrow[i] = static_cast<char>(name[i]);
        }
        StringView narrow_view(narrow, length);
        if (ascii && pe::is_api_set_name(narrow_view)) {
            StringView host = pe::resolve_api_set(narrow_view);
            wanted.append(host);
            if (g_ldr_trace && host.data() != narrow) {
                DiagnosticLine()
                    .text("[ldr] api set ")
                    .wide(name, length)
                    .text(" -> ")
                    .text(host.data(), host.length())
                    .emit();
            }
        } else {
            wanted.append(name, length);
        }
    }
    if (!wanted.ok())
        return false;

    // Windows appends ".dll" to a name without an extension; a trailing '.' means "no extension".
    has_path = false;
    file_start = 0;
    for (size_t i = 0; i < wanted.length(); ++i) {
        WCHAR c = wanted.data()[i];
        if (is_path_separator(c) || (i == 1 && c == ':')) {
            has_path = true;
            file_start = i + 1;
        }
    }
    bool has_dot = false;
    for (size_t i = file_start; i < wanted.length(); ++i)
        if (wanted.data()[i] == '.')
            has_dot = true;
    if (!has_dot)
        wanted.append(HALCYON_WTEXT(".dll"), 4);
    else if (wanted.data()[wanted.length() - 1] == '.')
        wanted.truncate(wanted.length() - 1);
    if (!wanted.ok())
        return false;

    return true;
}

} // namespace

void unmap_module(LoaderModule* module) {
    NtUnmapViewOfSection(NtCurrentProcess(), module->entry.DllBase);
}

NTSTATUS load_dll(PCWSTR name, size_t length, PCWSTR search_path, const LoaderModule* importer,
                  LoaderModule** out) {
    *out = nullptr;
    if (length == 0 || length > kMaxDllNameChars)
        return STATUS_DLL_NOT_FOUND;

    WideBuffer wanted(length + 16);
    bool has_path = false;
    size_t file_start = 0;
    if (!normalize_name(name, length, wanted, has_path, file_start))
        return STATUS_NO_MEMORY;

    if (has_path) {
        ULONG bytes = RtlGetFullPathName_U(wanted.data(), 0, nullptr, nullptr);
        if (!bytes)
            return STATUS_OBJECT_NAME_INVALID;
        WideBuffer full(bytes / sizeof(WCHAR) + 1);
        if (!full.data())
            return STATUS_NO_MEMORY;
        ULONG full_bytes = RtlGetFullPathName_U(wanted.data(), bytes, full.data(), nullptr);
        size_t full_length = full_bytes / sizeof(WCHAR);
        if (LoaderModule* loaded = find_module_by_full_name(full.data(), full_length)) {
            *out = loaded;
            return STATUS_SUCCESS;
        }
        NTSTATUS status = map_and_bind(full.data(), full_length, search_path, importer, out);
        if (is_not_found(status))
            status = STATUS_DLL_NOT_FOUND;
        if (!NT_SUCCESS(status) && !*out)
            report_load_failure(wanted.data() + file_start, wanted.length() - file_start, importer, status);
        return status;
    }

    if (LoaderModule* loaded = find_module_by_base_name(wanted.data(), wanted.length())) {
        *out = loaded;
        return STATUS_SUCCESS;
    }

    // The search: each directory of `search_path` (';'-separated), or by default the
    // executable's directory and then the system directory.
    // FIXME: Windows' default order also includes the Windows directory, the current directory
    // and PATH; Halcyon's system image keeps every DLL in System32.
    PCWSTR exe_directory;
    size_t exe_directory_length;
    executable_directory(exe_directory, exe_directory_length);
    PCWSTR directories[2] = {exe_directory, kSystemDirectory};
    size_t directory_lengths[2] = {exe_directory_length, sizeof(kSystemDirectory) / sizeof(WCHAR) - 1};
    size_t directory_count = 2;
    size_t search_length = search_path ? wide_length(search_path) : 0;

    WideBuffer candidate(wanted.length() + 600 + search_length);
    NTSTATUS status = STATUS_DLL_NOT_FOUND;
    auto try_directory = [&](PCWSTR directory, size_t directory_length) -> bool {
        if (directory_length == 0)
            return false;
        candidate.clear();
        candidate.append(directory, directory_length);
        if (!is_path_separator(directory[directory_length - 1]))
            candidate.append(HALCYON_WTEXT("\\"), 1);
        candidate.append(wanted.data(), wanted.length());
        if (!candidate.ok())
            return false;
        // The same file reached through another directory spelling is the same module.
        if (LoaderModule* loaded = find_module_by_full_name(candidate.data(), candidate.length())) {
            *out = loaded;
            status = STATUS_SUCCESS;
            return true;
        }
        status = map_and_bind(candidate.data(), candidate.length(), search_path, importer, out);
        if (!*out && is_not_found(status)) {
            status = STATUS_DLL_NOT_FOUND;
            return false;
        }
        return true; // found (bound or failed for a reason other than absence)
    };
    bool done = false;
    if (search_path) {
        size_t start = 0;
        while (!done && start <= search_length) {
            size_t end = start;
            while (end < search_length && search_path[end] != ';')
                ++end;
            done = try_directory(search_path + start, end - start);
            start = end + 1;
        }
    } else {
        for (size_t i = 0; i < directory_count && !done; ++i)
            done = try_directory(directories[i], directory_lengths[i]);
    }
    if (!NT_SUCCESS(status) && !*out)
        report_load_failure(wanted.data(), wanted.length(), importer, status);
    return status;
}

NTSTATUS find_dll(PCWSTR name, size_t length, LoaderModule** out) {
    *out = nullptr;
    if (length == 0 || length > kMaxDllNameChars)
        return STATUS_DLL_NOT_FOUND;
    WideBuffer wanted(length + 16);
    bool has_path = false;
    size_t file_start = 0;
    if (!normalize_name(name, length, wanted, has_path, file_start))
        return STATUS_NO_MEMORY;
    if (has_path) {
        ULONG bytes = RtlGetFullPathName_U(wanted.data(), 0, nullptr, nullptr);
        if (!bytes)
            return STATUS_OBJECT_NAME_INVALID;
        WideBuffer full(bytes / sizeof(WCHAR) + 1);
        if (!full.data())
            return STATUS_NO_MEMORY;
        ULONG full_bytes = RtlGetFullPathName_U(wanted.data(), bytes, full.data(), nullptr);
        *out = find_module_by_full_name(full.data(), full_bytes / sizeof(WCHAR));
    } else {
        *out = find_module_by_base_name(wanted.data(), wanted.length());
    }
    return *out ? STATUS_SUCCESS : STATUS_DLL_NOT_FOUND;
}

NTSTATUS load_dll_ascii(StringView name, PCWSTR search_path, const LoaderModule* importer,
                        LoaderModule** out) {
    if (name.length() > kMaxDllNameChars)
        return STATUS_DLL_NOT_FOUND;
    WCHAR wide[kMaxDllNameChars + 1];
    for (size_t i = 0; i < name.length(); ++i)
        wide[i] = static_cast<unsigned char>(name[i]);
    wide[name.length()] = 0;
    return load_dll(wide, name.length(), search_path, importer, out);
}

} // namespace halcyon::ntdll
