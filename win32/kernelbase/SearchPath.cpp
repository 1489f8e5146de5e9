// SearchPathA/W: finds a file in a directory list (the caller's, or the default search order)
// through ntdll's RtlDosSearchPath_U.
//
// The default order, with SafeProcessSearchMode off as documented for SearchPath: the
// program's directory, the current directory, the system directory, the Windows directory,
// then the directories of PATH.

#include "win32/kernelbase/KernelBase.h"

using namespace halcyon;
using namespace halcyon::kernelbase;

namespace {

constexpr DWORD kPathCapacity = 32768; // the longest path Win32 can name, in characters

/// A growing semicolon-separated list of directories on the process heap.
class DirectoryList {
public:
    DirectoryList() : m_text(static_cast<WCHAR*>(heap_alloc(kCapacity * sizeof(WCHAR)))) {
        if (m_text)
            m_text[0] = 0;
    }
    ~DirectoryList() { heap_free(m_text); }
    DirectoryList(const DirectoryList&) = delete;
    DirectoryList& operator=(const DirectoryList&) = delete;

    bool ok() const { return m_text != nullptr; }
    const WCHAR* get() const { return m_text; }

    void append(const WCHAR* directory, size_t length) {
        if (!length || m_length + length + 2 > kCapacity)
            return;
        if (m_length)
            m_text[m_length++] = L';';
        for (size_t i = 0; i < length; ++i)
            m_text[m_length++] = directory[i];
        m_text[m_length] = 0;
    }

    /// Appends what `fill(buffer, capacity)` writes (a Get*Directory-style call).
    template<typename Fill>
    void append_from(WCHAR* scratch, Fill fill) {
        DWORD n = fill(scratch, kPathCapacity);
        if (n && n < kPathCapacity)
            append(scratch, n);
    }

private:
    static constexpr size_t kCapacity = 3 * kPathCapacity;
    WCHAR* m_text;
    size_t m_length{0};
};

bool build_default_path(DirectoryList& list) {
    auto* scratch = static_cast<WCHAR*>(heap_alloc(kPathCapacity * sizeof(WCHAR)));
    if (!scratch)
        return false;
    DWORD n = GetModuleFileNameW(nullptr, scratch, kPathCapacity);
    if (n && n < kPathCapacity) {
        while (n && scratch[n - 1] != L'\\' && scratch[n - 1] != L'/')
            --n;
        list.append(scratch, n);
    }
    list.append_from(scratch, [](WCHAR* b, DWORD c) { return GetCurrentDirectoryW(c, b); });
    list.append_from(scratch, [](WCHAR* b, DWORD c) { return static_cast<DWORD>(GetSystemDirectoryW(b, c)); });
    list.append_from(scratch, [](WCHAR* b, DWORD c) { return static_cast<DWORD>(GetWindowsDirectoryW(b, c)); });
    list.append_from(scratch, [](WCHAR* b, DWORD c) { return GetEnvironmentVariableW(L"PATH", b, c); });
    heap_free(scratch);
    return true;
}

} // namespace

extern "C" {

DWORD WINAPI SearchPathW(LPCWSTR path, LPCWSTR file_name, LPCWSTR extension, DWORD buffer_length, LPWSTR buffer,
                         LPWSTR* file_part) {
    if (!file_name || !file_name[0]) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    DirectoryList defaults;
    if (!path) {
        if (!defaults.ok() || !build_default_path(defaults)) {
            set_last_error(ERROR_NOT_ENOUGH_MEMORY);
            return 0;
        }
        path = defaults.get();
    }
    if (buffer_length > 0x7FFFFFFF / sizeof(WCHAR))
        buffer_length = 0x7FFFFFFF / sizeof(WCHAR);
    ULONG buffer_bytes = buffer ? buffer_length * sizeof(WCHAR) : 0;
    PWSTR part = nullptr;
    ULONG bytes = RtlDosSearchPath_U(path, file_name, extension, buffer_bytes, buffer, &part);
    if (bytes == 0) {
        set_last_error(ERROR_FILE_NOT_FOUND);
        return 0;
    }
    // Too small: RtlDosSearchPath_U answered with the size needed, NUL included.
    if (bytes > buffer_bytes)
        return bytes / sizeof(WCHAR);
    if (file_part)
        *file_part = part;
    return bytes / sizeof(WCHAR);
}

DWORD WINAPI SearchPathA(LPCSTR path, LPCSTR file_name, LPCSTR extension, DWORD buffer_length, LPSTR buffer,
                         LPSTR* file_part) {
    if (!file_name || !file_name[0]) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    WideString wide_path(path);
    WideString wide_name(file_name);
    WideString wide_extension(extension);
    if (!wide_path.ok() || !wide_name.ok() || !wide_extension.ok())
        return 0;
    auto* found = static_cast<WCHAR*>(heap_alloc(kPathCapacity * sizeof(WCHAR)));
    if (!found) {
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return 0;
    }
    DWORD length = SearchPathW(wide_path.get(), wide_name.get(), wide_extension.get(), kPathCapacity, found, nullptr);
    DWORD result = 0;
    if (length && length < kPathCapacity) {
        result = copy_wide_result_to_ansi(found, length, buffer, buffer_length);
        // The file part starts after the last separator of the ANSI result.
        if (file_part && result && result < buffer_length) {
            char* part = buffer;
            for (char* p = buffer; *p; ++p)
                if (*p == '\\' || *p == '/')
                    part = p + 1;
            *file_part = part;
        }
    }
    heap_free(found);
    return result;
}

} // extern "C"
