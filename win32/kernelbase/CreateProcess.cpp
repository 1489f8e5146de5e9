// CreateProcessW/A: finding the executable as Windows does, building the new process's parameters
// (RtlCreateProcessParametersEx) and asking the kernel for the process (NtCreateUserProcess).
//
// The executable ("CreateProcessW", Microsoft Learn):
// - lpApplicationName, when given, names it (relative to the current directory; no search, no
//   extension added).
// - Otherwise it is the first token of lpCommandLine: up to the closing quote when the line
//   starts with one; else up to white space, and if that name is not found, up to the next white
//   space and so on ("c:\program files\sub dir\program name" tries "c:\program.exe" first).
// - A name without an extension gets ".exe". A name without a path is searched for in the
//   directory of the calling program, the current directory, the system directory, the Windows
//   directory and the PATH directories, in that order.
//
// Standard handles: with STARTF_USESTDHANDLES the child gets hStdInput/hStdOutput/hStdError (the
// caller makes them inheritable and passes bInheritHandles). Without it the child gets the
// caller's own standard handles; the kernel duplicates those it would not inherit
// (PS_ATTRIBUTE_STD_HANDLE_INFO, PsRequestDuplicate), so the child shares the console, pipe or
// file its parent writes to.
//
// Every process shares the one console; CREATE_NEW_CONSOLE and DETACHED_PROCESS are accepted
// and have no effect (FIXME: consoles are not objects yet).

#include "win32/kernelbase/KernelBase.h"
#include "win32/kernelbase/NtInformation.h"

using namespace halcyon;
using namespace halcyon::kernelbase;

#ifndef CREATE_SUSPENDED
#define CREATE_SUSPENDED 0x00000004
#endif
#ifndef CREATE_UNICODE_ENVIRONMENT
#define CREATE_UNICODE_ENVIRONMENT 0x00000400
#endif

namespace {

constexpr ULONG kProcessCreateFlagsInheritHandles = 0x4;
constexpr ULONG kThreadCreateFlagsCreateSuspended = 0x1;
constexpr ULONG_PTR kPsAttributeClientId = 0x10003;
constexpr ULONG_PTR kPsAttributeImageName = 0x20005;
constexpr ULONG_PTR kPsAttributeStdHandleInfo = 0x2000A;
constexpr ULONG kPsRequestDuplicate = 1;
constexpr ACCESS_MASK kProcessAllAccess = 0x001FFFFF;
constexpr ACCESS_MASK kThreadAllAccess = 0x001FFFFF;
constexpr DWORD kPathCapacity = 32768;

struct PsAttribute {
    ULONG_PTR attribute;
    SIZE_T size;
    ULONG_PTR value;
    PSIZE_T return_length;
};

struct PsAttributeList {
    SIZE_T total_length;
    PsAttribute attributes[3];
};

struct PsStdHandleInfo {
    ULONG flags; // StdHandleState in bits 0-1, PseudoHandleMask in bits 2-4
    ULONG subsystem_type;
};

struct PsCreateInfo {
    SIZE_T size;
    ULONG state;
    BYTE rest[0x58 - 12];
};
static_assert(sizeof(PsCreateInfo) == 0x58);

/// A heap buffer of WCHARs freed on scope exit.
class WideBuffer {
public:
    explicit WideBuffer(size_t characters) : m_data(static_cast<WCHAR*>(heap_alloc(characters * sizeof(WCHAR)))) {
        if (m_data)
            m_data[0] = 0;
    }
    ~WideBuffer() { heap_free(m_data); }
    WideBuffer(const WideBuffer&) = delete;
    WideBuffer& operator=(const WideBuffer&) = delete;
    WCHAR* get() { return m_data; }
    bool ok() const { return m_data != nullptr; }
    /// Gives up ownership.
    WCHAR* release() {
        WCHAR* data = m_data;
        m_data = nullptr;
        return data;
    }

private:
    WCHAR* m_data;
};

bool is_separator(WCHAR c) { return c == L'\\' || c == L'/'; }
bool is_space(WCHAR c) { return c == L' ' || c == L'\t'; }

bool has_path(const WCHAR* name) {
    for (const WCHAR* p = name; *p; ++p)
        if (is_separator(*p) || *p == L':')
            return true;
    return false;
}

bool has_extension(const WCHAR* name) {
    const WCHAR* dot = nullptr;
    for (const WCHAR* p = name; *p; ++p) {
        if (is_separator(*p))
            dot = nullptr;
        else if (*p == L'.')
            dot = p;
    }
    return dot != nullptr;
}

bool is_file(const WCHAR* path) {
    DWORD attributes = GetFileAttributesW(path);
    return attributes != INVALID_FILE_ATTRIBUTES && !(attributes & FILE_ATTRIBUTE_DIRECTORY);
}

/// Appends "dir\name" into `out` (capacity kPathCapacity); false when it does not fit.
bool join(WCHAR* out, const WCHAR* directory, size_t directory_length, const WCHAR* name) {
    size_t name_length = wide_length(name);
    if (directory_length + 1 + name_length + 1 > kPathCapacity)
        return false;
    size_t n = 0;
    for (size_t i = 0; i < directory_length; ++i)
        out[n++] = directory[i];
    if (n && !is_separator(out[n - 1]))
        out[n++] = L'\\';
    for (size_t i = 0; i < name_length; ++i)
        out[n++] = name[i];
    out[n] = 0;
    return true;
}

/// Looks for `name` in `directory`; on success `found` holds the full path.
bool try_directory(const WCHAR* directory, size_t directory_length, const WCHAR* name, WCHAR* found) {
    WideBuffer candidate(kPathCapacity);
    if (!candidate.ok() || directory_length == 0 || !join(candidate.get(), directory, directory_length, name))
        return false;
    if (!is_file(candidate.get()))
        return false;
    return GetFullPathNameW(candidate.get(), kPathCapacity, found, nullptr) != 0;
}

/// Resolves one candidate name to a full path, searching as CreateProcess does when it has no
/// path. `found` has room for kPathCapacity characters.
bool find_executable(const WCHAR* typed, bool search, WCHAR* found) {
    WideBuffer name(kPathCapacity);
    if (!name.ok())
        return false;
    size_t length = wide_length(typed);
    if (length == 0 || length + 5 > kPathCapacity)
        return false;
    for (size_t i = 0; i <= length; ++i)
        name.get()[i] = typed[i];
    if (search && !has_extension(typed)) {
        const WCHAR exe[] = L".exe";
        for (size_t i = 0; i < 5; ++i)
            name.get()[length + i] = exe[i];
    }
    if (!search || has_path(name.get())) {
        if (GetFullPathNameW(name.get(), kPathCapacity, found, nullptr) == 0)
            return false;
        return is_file(found);
    }
    WideBuffer directory(kPathCapacity);
    if (!directory.ok())
        return false;
    // 1. The directory the calling program was loaded from.
    DWORD n = GetModuleFileNameW(nullptr, directory.get(), kPathCapacity);
    if (n && n < kPathCapacity) {
        while (n && !is_separator(directory.get()[n - 1]))
            --n;
        if (try_directory(directory.get(), n, name.get(), found))
            return true;
    }
    // 2. The current directory.
    n = GetCurrentDirectoryW(kPathCapacity, directory.get());
    if (n && n < kPathCapacity && try_directory(directory.get(), n, name.get(), found))
        return true;
    // 3. The system directory, 4. the Windows directory.
    n = GetSystemDirectoryW(directory.get(), kPathCapacity);
    if (n && n < kPathCapacity && try_directory(directory.get(), n, name.get(), found))
        return true;
    n = GetWindowsDirectoryW(directory.get(), kPathCapacity);
    if (n && n < kPathCapacity && try_directory(directory.get(), n, name.get(), found))
        return true;
    // 5. PATH.
    n = GetEnvironmentVariableW(L"PATH", directory.get(), kPathCapacity);
    if (n == 0 || n >= kPathCapacity)
        return false;
    const WCHAR* entry = directory.get();
    while (*entry) {
        const WCHAR* end = entry;
        while (*end && *end != L';')
            ++end;
        if (end > entry && try_directory(entry, static_cast<size_t>(end - entry), name.get(), found))
            return true;
        entry = *end ? end + 1 : end;
    }
    return false;
}

/// The executable a command line names (see the top of this file).
bool executable_from_command_line(const WCHAR* command_line, WCHAR* found) {
    WideBuffer token(kPathCapacity);
    if (!token.ok())
        return false;
    const WCHAR* p = command_line;
    while (is_space(*p))
        ++p;
    if (*p == L'"') {
        ++p;
        size_t n = 0;
        while (*p && *p != L'"' && n + 1 < kPathCapacity)
            token.get()[n++] = *p++;
        token.get()[n] = 0;
        return find_executable(token.get(), true, found);
    }
    // Unquoted: each white space in turn may end the name.
    size_t n = 0;
    for (;;) {
        while (*p && !is_space(*p) && n + 1 < kPathCapacity)
            token.get()[n++] = *p++;
        token.get()[n] = 0;
        if (find_executable(token.get(), true, found))
            return true;
        if (!*p || n + 1 >= kPathCapacity)
            return false;
        while (is_space(*p) && n + 1 < kPathCapacity)
            token.get()[n++] = *p++;
    }
}

/// A UTF-16 copy of an ANSI environment block (CP_ACP), on the heap.
WCHAR* widen_environment(const char* block) {
    const char* p = block;
    while (*p)
        p += ansi_length(p) + 1;
    int bytes = static_cast<int>(p - block) + 1;
    int chars = MultiByteToWideChar(CP_ACP, 0, block, bytes, nullptr, 0);
    if (chars <= 0)
        return nullptr;
    auto* wide = static_cast<WCHAR*>(heap_alloc(static_cast<size_t>(chars) * sizeof(WCHAR)));
    if (wide)
        MultiByteToWideChar(CP_ACP, 0, block, bytes, wide, chars);
    return wide;
}

} // namespace

extern "C" {

BOOL WINAPI CreateProcessW(LPCWSTR application_name, LPWSTR command_line, LPSECURITY_ATTRIBUTES,
                           LPSECURITY_ATTRIBUTES, BOOL inherit_handles, DWORD creation_flags, LPVOID environment,
                           LPCWSTR current_directory, LPSTARTUPINFOW startup_info,
                           LPPROCESS_INFORMATION process_information) {
    if (!startup_info || !process_information || (!application_name && !command_line)) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    WideBuffer image(kPathCapacity);
    if (!image.ok()) {
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    bool found = application_name ? find_executable(application_name, false, image.get())
                                  : executable_from_command_line(command_line, image.get());
    if (!found) {
        set_last_error(ERROR_FILE_NOT_FOUND);
        return FALSE;
    }

    WideBuffer directory(kPathCapacity);
    if (current_directory) {
        if (!directory.ok() || GetFullPathNameW(current_directory, kPathCapacity, directory.get(), nullptr) == 0) {
            set_last_error(ERROR_DIRECTORY);
            return FALSE;
        }
        DWORD attributes = GetFileAttributesW(directory.get());
        if (attributes == INVALID_FILE_ATTRIBUTES || !(attributes & FILE_ATTRIBUTE_DIRECTORY)) {
            set_last_error(ERROR_DIRECTORY);
            return FALSE;
        }
    }

    WCHAR* wide_environment = nullptr;
    if (environment && !(creation_flags & CREATE_UNICODE_ENVIRONMENT)) {
        wide_environment = widen_environment(static_cast<const char*>(environment));
        if (!wide_environment) {
            set_last_error(ERROR_NOT_ENOUGH_MEMORY);
            return FALSE;
        }
        environment = wide_environment;
    }

    UNICODE_STRING image_string, command_string, directory_string, title_string, desktop_string, runtime_string;
    init_unicode_string(image_string, image.get());
    init_unicode_string(command_string, command_line ? command_line : application_name);
    init_unicode_string(directory_string, directory.get());
    init_unicode_string(title_string, startup_info->lpTitle);
    init_unicode_string(desktop_string, startup_info->lpDesktop);
    runtime_string.Length = runtime_string.MaximumLength = startup_info->cbReserved2;
    runtime_string.Buffer = reinterpret_cast<PWSTR>(startup_info->lpReserved2);

    PRTL_USER_PROCESS_PARAMETERS raw_params = nullptr;
    NTSTATUS status = RtlCreateProcessParametersEx(
        &raw_params, &image_string, nullptr, current_directory ? &directory_string : nullptr, &command_string,
        environment, startup_info->lpTitle ? &title_string : nullptr,
        startup_info->lpDesktop ? &desktop_string : nullptr, nullptr,
        startup_info->lpReserved2 && startup_info->cbReserved2 ? &runtime_string : nullptr,
        RTL_USER_PROC_PARAMS_NORMALIZED);
    heap_free(wide_environment);
    if (!NT_SUCCESS(status)) {
        set_error_from_status(status);
        return FALSE;
    }
    auto* params = reinterpret_cast<abi::ProcessParameters*>(raw_params);
    params->window_flags = startup_info->dwFlags;
    params->show_window_flags = startup_info->wShowWindow;
    PsStdHandleInfo std_info{0, 3 /* IMAGE_SUBSYSTEM_WINDOWS_CUI */};
    if (startup_info->dwFlags & STARTF_USESTDHANDLES) {
        params->standard_input = reinterpret_cast<uint64_t>(startup_info->hStdInput);
        params->standard_output = reinterpret_cast<uint64_t>(startup_info->hStdOutput);
        params->standard_error = reinterpret_cast<uint64_t>(startup_info->hStdError);
    } else {
        abi::ProcessParameters* own = process_parameters();
        params->standard_input = own->standard_input;
        params->standard_output = own->standard_output;
        params->standard_error = own->standard_error;
        std_info.flags = kPsRequestDuplicate;
    }

    UNICODE_STRING nt_image{};
    if (!RtlDosPathNameToNtPathName_U(image.get(), &nt_image, nullptr, nullptr)) {
        RtlDestroyProcessParameters(raw_params);
        set_last_error(ERROR_PATH_NOT_FOUND);
        return FALSE;
    }
    CLIENT_ID client_id{};
    PsAttributeList attributes{};
    attributes.total_length = sizeof attributes;
    attributes.attributes[0] = {kPsAttributeImageName, nt_image.Length, reinterpret_cast<ULONG_PTR>(nt_image.Buffer),
                                nullptr};
    attributes.attributes[1] = {kPsAttributeClientId, sizeof client_id, reinterpret_cast<ULONG_PTR>(&client_id), nullptr};
    attributes.attributes[2] = {kPsAttributeStdHandleInfo, sizeof std_info, reinterpret_cast<ULONG_PTR>(&std_info),
                                nullptr};
    PsCreateInfo create_info{};
    create_info.size = sizeof create_info;

    HANDLE process = nullptr, thread = nullptr;
    status = NtCreateUserProcess(&process, &thread, kProcessAllAccess, kThreadAllAccess, nullptr, nullptr,
                                 inherit_handles ? kProcessCreateFlagsInheritHandles : 0,
                                 (creation_flags & CREATE_SUSPENDED) ? kThreadCreateFlagsCreateSuspended : 0,
                                 raw_params, &create_info, &attributes);
    RtlFreeUnicodeString(&nt_image);
    RtlDestroyProcessParameters(raw_params);
    if (!NT_SUCCESS(status)) {
        set_error_from_status(status);
        return FALSE;
    }
    process_information->hProcess = process;
    process_information->hThread = thread;
    process_information->dwProcessId = static_cast<DWORD>(reinterpret_cast<ULONG_PTR>(client_id.UniqueProcess));
    process_information->dwThreadId = static_cast<DWORD>(reinterpret_cast<ULONG_PTR>(client_id.UniqueThread));
    return TRUE;
}

BOOL WINAPI CreateProcessA(LPCSTR application_name, LPSTR command_line, LPSECURITY_ATTRIBUTES process_attributes,
                           LPSECURITY_ATTRIBUTES thread_attributes, BOOL inherit_handles, DWORD creation_flags,
                           LPVOID environment, LPCSTR current_directory, LPSTARTUPINFOA startup_info,
                           LPPROCESS_INFORMATION process_information) {
    if (!startup_info) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    WideString application(application_name, CP_ACP);
    WideString line(command_line, CP_ACP);
    WideString directory(current_directory, CP_ACP);
    WideString desktop(startup_info->lpDesktop, CP_ACP);
    WideString title(startup_info->lpTitle, CP_ACP);
    if (!application.ok() || !line.ok() || !directory.ok() || !desktop.ok() || !title.ok())
        return FALSE;
    STARTUPINFOW wide{};
    wide.cb = sizeof wide;
    wide.lpDesktop = desktop.get();
    wide.lpTitle = title.get();
    wide.dwX = startup_info->dwX;
    wide.dwY = startup_info->dwY;
    wide.dwXSize = startup_info->dwXSize;
    wide.dwYSize = startup_info->dwYSize;
    wide.dwXCountChars = startup_info->dwXCountChars;
    wide.dwYCountChars = startup_info->dwYCountChars;
    wide.dwFillAttribute = startup_info->dwFillAttribute;
    wide.dwFlags = startup_info->dwFlags;
    wide.wShowWindow = startup_info->wShowWindow;
    wide.cbReserved2 = startup_info->cbReserved2;
    wide.lpReserved2 = startup_info->lpReserved2;
    wide.hStdInput = startup_info->hStdInput;
    wide.hStdOutput = startup_info->hStdOutput;
    wide.hStdError = startup_info->hStdError;
    return CreateProcessW(application.get(), line.get(), process_attributes, thread_attributes, inherit_handles,
                          creation_flags, environment, directory.get(), &wide, process_information);
}

DWORD WINAPI GetProcessId(HANDLE process) {
    nt::ProcessBasicInformation info{};
    NTSTATUS status = NtQueryInformationProcess(process, nt::kProcessBasicInformation, &info, sizeof info, nullptr);
    if (!NT_SUCCESS(status)) {
        set_error_from_status(status);
        return 0;
    }
    return static_cast<DWORD>(info.unique_process_id);
}

} // extern "C"
