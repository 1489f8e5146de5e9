// Searching a semicolon-separated directory list for a file: RtlDosSearchPath_U (under
// kernelbase's SearchPathW), RtlDoesFileExists_U, and RtlGetLongestNtPathLength.

#include "Ntdll.h"
#include "halcyon/ntrtlutil.h"

namespace halcyon::ntdll {

namespace {

constexpr size_t kMaxPath = 260; // MAX_PATH
/// The longest NT prefix RtlDosPathNameToNtPathName_U puts before a DOS path: "\??\UNC\".
constexpr size_t kLongestNtPrefix = 8;

bool is_separator(WCHAR c) { return c == '\\' || c == '/'; }

/// True when the last component of `name` has a '.', so no default extension is appended.
bool has_extension(PCWSTR name) {
    bool dot = false;
    for (PCWSTR p = name; *p; ++p) {
        if (is_separator(*p))
            dot = false;
        else if (*p == '.')
            dot = true;
    }
    return dot;
}

/// FILE_BASIC_INFORMATION, which NtQueryAttributesFile fills.
struct BasicInformation {
    LARGE_INTEGER creation_time;
    LARGE_INTEGER last_access_time;
    LARGE_INTEGER last_write_time;
    LARGE_INTEGER change_time;
    ULONG file_attributes;
};

/// A heap buffer of WCHARs that frees itself.
class WideBuffer {
public:
    explicit WideBuffer(size_t count) : m_data(allocate_wide(count)), m_capacity(count) {}
    ~WideBuffer() {
        if (m_data)
            RtlFreeHeap(process_heap(), 0, m_data);
    }
    WideBuffer(const WideBuffer&) = delete;
    WideBuffer& operator=(const WideBuffer&) = delete;
    PWSTR data() { return m_data; }
    size_t capacity() const { return m_capacity; }

private:
    PWSTR m_data;
    size_t m_capacity;
};

/// Joins `directory` (`directory_length` characters), `name` and `extension` into `out`;
/// false when it does not fit.
bool join(PCWSTR directory, size_t directory_length, PCWSTR name, PCWSTR extension, WideBuffer& out) {
    size_t name_length = wide_length(name);
    size_t extension_length = extension ? wide_length(extension) : 0;
    bool separator = directory_length && !is_separator(directory[directory_length - 1]);
    size_t total = directory_length + (separator ? 1 : 0) + name_length + extension_length;
    if (!out.data() || total + 1 > out.capacity())
        return false;
    PWSTR p = out.data();
    for (size_t i = 0; i < directory_length; ++i)
        *p++ = directory[i];
    if (separator)
        *p++ = '\\';
    for (size_t i = 0; i < name_length; ++i)
        *p++ = name[i];
    for (size_t i = 0; i < extension_length; ++i)
        *p++ = extension[i];
    *p = 0;
    return true;
}

} // namespace

} // namespace halcyon::ntdll

using namespace halcyon::ntdll;

extern "C" {

BOOLEAN NTAPI RtlDoesFileExists_U(PCWSTR file_name) {
    if (!file_name || !file_name[0])
        return FALSE;
    UNICODE_STRING nt_name{};
    if (!RtlDosPathNameToNtPathName_U(file_name, &nt_name, nullptr, nullptr))
        return FALSE;
    OBJECT_ATTRIBUTES attributes;
    InitializeObjectAttributes(&attributes, &nt_name, OBJ_CASE_INSENSITIVE, nullptr, nullptr);
    BasicInformation info{};
    NTSTATUS status = NtQueryAttributesFile(&attributes, &info);
    RtlFreeUnicodeString(&nt_name);
    // A file that exists but cannot be opened right now still exists.
    return NT_SUCCESS(status) || status == STATUS_SHARING_VIOLATION || status == STATUS_ACCESS_DENIED;
}

ULONG NTAPI RtlDosSearchPath_U(PCWSTR search_path, PCWSTR file_name, PCWSTR extension, ULONG buffer_size,
                               PWSTR buffer, PWSTR* file_part) {
    if (file_part)
        *file_part = nullptr;
    if (!file_name || !file_name[0])
        return 0;
    if (extension && (extension[0] != '.' || has_extension(file_name)))
        extension = nullptr; // only a bare name gets the default extension
    WideBuffer candidate(kMaxPath * 4);
    // A name with a path of its own (absolute, rooted, drive-relative, UNC) is not searched for.
    if (RtlDetermineDosPathNameType_U(file_name) != RtlPathTypeRelative) {
        if (!join(L"", 0, file_name, extension, candidate) || !RtlDoesFileExists_U(candidate.data()))
            return 0;
        return RtlGetFullPathName_U(candidate.data(), buffer_size, buffer, file_part);
    }
    if (!search_path)
        return 0;
    for (PCWSTR entry = search_path; *entry;) {
        PCWSTR end = entry;
        while (*end && *end != ';')
            ++end;
        if (end > entry && join(entry, static_cast<size_t>(end - entry), file_name, extension, candidate) &&
            RtlDoesFileExists_U(candidate.data()))
            return RtlGetFullPathName_U(candidate.data(), buffer_size, buffer, file_part);
        entry = *end ? end + 1 : end;
    }
    return 0;
}

ULONG NTAPI RtlGetLongestNtPathLength(void) {
    // In characters, with the terminating NUL: a MAX_PATH DOS path behind the longest NT prefix.
    return static_cast<ULONG>(kMaxPath + kLongestNtPrefix + 1);
}

} // extern "C"
