// Directory enumeration: FindFirstFile(Ex)/FindNextFile/FindClose on NtQueryDirectoryFile.
//
// A find handle is a heap block that owns the directory handle and a buffer of
// FILE_BOTH_DIR_INFORMATION records; the kernel matches the wildcard mask ('*', '?').

#include "win32/kernelbase/KernelBase.h"
#include "win32/kernelbase/NtInformation.h"

using namespace halcyon;
using namespace halcyon::kernelbase;

namespace {

constexpr ULONG kFileBothDirectoryInformation = 3;
constexpr ULONG kFindMagic = 0x444E4946; // "FIND"
constexpr size_t kBufferSize = 8192;
// FILE_BOTH_DIR_INFORMATION ([ms-fscc] 2.4.8): the name follows the 8.3 short name.
constexpr size_t kBothNameOffset = 94;
constexpr NTSTATUS kStatusNoSuchFile = static_cast<NTSTATUS>(0xC000000F);

struct FindState {
    ULONG magic;
    HANDLE directory;
    bool basic; // FindExInfoBasic: no short names
    bool at_end;
    size_t offset; // of the next record in buffer, or `filled` when the buffer is used up
    size_t filled;
    alignas(8) unsigned char buffer[kBufferSize];
};

FindState* find_state(HANDLE handle) {
    auto* state = static_cast<FindState*>(handle);
    if (!state || handle == INVALID_HANDLE_VALUE || state->magic != kFindMagic)
        return nullptr;
    return state;
}

/// Fetches the next batch of entries. STATUS_NO_MORE_FILES at the end.
NTSTATUS refill(FindState& state, UNICODE_STRING* mask, bool restart) {
    IO_STATUS_BLOCK io{};
    NTSTATUS status = NtQueryDirectoryFile(state.directory, nullptr, nullptr, nullptr, &io, state.buffer, kBufferSize,
                                           kFileBothDirectoryInformation, FALSE, mask, restart);
    if (!NT_SUCCESS(status))
        return status;
    state.offset = 0;
    state.filled = io.Information;
    return status;
}

template <typename T>
T read_field(const unsigned char* record, size_t offset) {
    T value;
    __builtin_memcpy(&value, record + offset, sizeof value);
    return value;
}

void store_time(FILETIME& out, LONGLONG t) {
    out.dwLowDateTime = static_cast<DWORD>(t);
    out.dwHighDateTime = static_cast<DWORD>(static_cast<ULONGLONG>(t) >> 32);
}

/// Takes the next record from the buffer into `data`; false when the buffer is used up.
bool take_record(FindState& state, WIN32_FIND_DATAW& data) {
    if (state.offset >= state.filled)
        return false;
    const unsigned char* record = state.buffer + state.offset;
    ULONG next = read_field<ULONG>(record, 0);
    state.offset = next ? state.offset + next : state.filled;
    __builtin_memset(&data, 0, sizeof data);
    data.dwFileAttributes = read_field<ULONG>(record, 56);
    store_time(data.ftCreationTime, read_field<LONGLONG>(record, 8));
    store_time(data.ftLastAccessTime, read_field<LONGLONG>(record, 16));
    store_time(data.ftLastWriteTime, read_field<LONGLONG>(record, 24));
    ULONGLONG size = static_cast<ULONGLONG>(read_field<LONGLONG>(record, 40));
    data.nFileSizeHigh = static_cast<DWORD>(size >> 32);
    data.nFileSizeLow = static_cast<DWORD>(size);
    ULONG name_bytes = read_field<ULONG>(record, 60);
    size_t name_length = name_bytes / sizeof(WCHAR);
    if (name_length >= MAX_PATH)
        name_length = MAX_PATH - 1;
    __builtin_memcpy(data.cFileName, record + kBothNameOffset, name_length * sizeof(WCHAR));
    data.cFileName[name_length] = 0;
    if (!state.basic) {
        unsigned char short_length = record[68];
        if (short_length > 24)
            short_length = 24;
        __builtin_memcpy(data.cAlternateFileName, record + 70, short_length);
        data.cAlternateFileName[short_length / sizeof(WCHAR)] = 0;
    }
    return true;
}

void close_state(FindState* state) {
    state->magic = 0;
    NtClose(state->directory);
    heap_free(state);
}

void to_ansi_find_data(const WIN32_FIND_DATAW& wide, WIN32_FIND_DATAA& ansi) {
    ansi.dwFileAttributes = wide.dwFileAttributes;
    ansi.ftCreationTime = wide.ftCreationTime;
    ansi.ftLastAccessTime = wide.ftLastAccessTime;
    ansi.ftLastWriteTime = wide.ftLastWriteTime;
    ansi.nFileSizeHigh = wide.nFileSizeHigh;
    ansi.nFileSizeLow = wide.nFileSizeLow;
    ansi.dwReserved0 = wide.dwReserved0;
    ansi.dwReserved1 = wide.dwReserved1;
    ansi.cFileName[0] = 0;
    ansi.cAlternateFileName[0] = 0;
    DWORD saved = GetLastError();
    if (copy_wide_result_to_ansi(wide.cFileName, wide_length(wide.cFileName), ansi.cFileName, MAX_PATH) >= MAX_PATH)
        ansi.cFileName[0] = 0;
    if (copy_wide_result_to_ansi(wide.cAlternateFileName, wide_length(wide.cAlternateFileName), ansi.cAlternateFileName,
                                 14) >= 14)
        ansi.cAlternateFileName[0] = 0;
    set_last_error(saved);
}

} // namespace

extern "C" {

HANDLE WINAPI FindFirstFileExW(LPCWSTR file_name, FINDEX_INFO_LEVELS info_level, LPVOID find_data,
                               FINDEX_SEARCH_OPS search_op, LPVOID search_filter, DWORD additional_flags) {
    if ((info_level != FindExInfoStandard && info_level != FindExInfoBasic) || search_op > FindExSearchLimitToDevices ||
        search_filter || !find_data) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return INVALID_HANDLE_VALUE;
    }
    (void)additional_flags; // case-sensitive search and large fetches are hints here
    if (!file_name || !*file_name) {
        set_last_error(ERROR_PATH_NOT_FOUND);
        return INVALID_HANDLE_VALUE;
    }
    // Split "dir\mask": the directory is opened, the mask goes to the kernel.
    size_t length = wide_length(file_name);
    size_t mask_start = 0;
    for (size_t i = 0; i < length; ++i) {
        if (file_name[i] == '\\' || file_name[i] == '/' || (i == 1 && file_name[1] == ':'))
            mask_start = i + 1;
    }
    const WCHAR* mask = file_name + mask_start;
    if (!*mask) {
        set_last_error(ERROR_FILE_NOT_FOUND);
        return INVALID_HANDLE_VALUE;
    }
    WideString directory;
    if (!directory.allocate(mask_start + 2))
        return INVALID_HANDLE_VALUE;
    if (mask_start == 0) {
        directory.get()[0] = '.';
        directory.get()[1] = 0;
    } else {
        __builtin_memcpy(directory.get(), file_name, mask_start * sizeof(WCHAR));
        if (mask_start == 2 && file_name[1] == ':') // "C:mask" means the current directory of C:
            directory.get()[mask_start++] = '.';
        directory.get()[mask_start] = 0;
    }
    NtPath path(directory.get());
    if (!path.ok())
        return INVALID_HANDLE_VALUE;
    OBJECT_ATTRIBUTES attributes = path.object_attributes();
    HANDLE handle = nullptr;
    IO_STATUS_BLOCK io{};
    NTSTATUS status = NtOpenFile(&handle, FILE_LIST_DIRECTORY | SYNCHRONIZE, &attributes, &io, nt::kShareAll,
                                 nt::kFileDirectoryFile | nt::kFileSynchronousIoNonAlert | nt::kFileOpenForBackupIntent);
    if (!NT_SUCCESS(status)) {
        // A missing directory is a missing path, whatever part of it is missing.
        if (status == nt::kStatusObjectNameNotFound)
            set_last_error(ERROR_PATH_NOT_FOUND);
        else
            set_error_from_status(status);
        return INVALID_HANDLE_VALUE;
    }
    auto* state = static_cast<FindState*>(heap_alloc(sizeof(FindState)));
    if (!state) {
        NtClose(handle);
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return INVALID_HANDLE_VALUE;
    }
    state->magic = kFindMagic;
    state->directory = handle;
    state->basic = info_level == FindExInfoBasic;
    state->at_end = false;
    state->offset = state->filled = 0;

    // "*.*" is every name, with or without a dot, as DOS had it.
    UNICODE_STRING mask_string;
    static constexpr WCHAR kStar[] = {'*', 0};
    bool star_dot_star = mask[0] == '*' && mask[1] == '.' && mask[2] == '*' && mask[3] == 0;
    init_unicode_string(mask_string, star_dot_star ? kStar : mask);
    status = refill(*state, &mask_string, true);
    if (!NT_SUCCESS(status)) {
        close_state(state);
        if (status == kStatusNoSuchFile || status == nt::kStatusNoMoreFiles)
            set_last_error(ERROR_FILE_NOT_FOUND);
        else
            set_error_from_status(status);
        return INVALID_HANDLE_VALUE;
    }
    if (!take_record(*state, *static_cast<WIN32_FIND_DATAW*>(find_data))) {
        close_state(state);
        set_last_error(ERROR_FILE_NOT_FOUND);
        return INVALID_HANDLE_VALUE;
    }
    set_last_error(ERROR_SUCCESS);
    return state;
}

HANDLE WINAPI FindFirstFileW(LPCWSTR file_name, LPWIN32_FIND_DATAW find_data) {
    return FindFirstFileExW(file_name, FindExInfoStandard, find_data, FindExSearchNameMatch, nullptr, 0);
}

BOOL WINAPI FindNextFileW(HANDLE find, LPWIN32_FIND_DATAW find_data) {
    FindState* state = find_state(find);
    if (!state) {
        set_last_error(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    if (take_record(*state, *find_data))
        return TRUE;
    if (!state->at_end) {
        NTSTATUS status = refill(*state, nullptr, false);
        if (NT_SUCCESS(status) && take_record(*state, *find_data))
            return TRUE;
        if (!NT_SUCCESS(status) && status != nt::kStatusNoMoreFiles) {
            set_error_from_status(status);
            return FALSE;
        }
        state->at_end = true;
    }
    set_last_error(ERROR_NO_MORE_FILES);
    return FALSE;
}

BOOL WINAPI FindClose(HANDLE find) {
    FindState* state = find_state(find);
    if (!state) {
        set_last_error(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    close_state(state);
    return TRUE;
}

HANDLE WINAPI FindFirstFileExA(LPCSTR file_name, FINDEX_INFO_LEVELS info_level, LPVOID find_data,
                               FINDEX_SEARCH_OPS search_op, LPVOID search_filter, DWORD additional_flags) {
    if ((info_level != FindExInfoStandard && info_level != FindExInfoBasic) || !find_data) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return INVALID_HANDLE_VALUE;
    }
    WideString wide(file_name);
    if (!wide.ok())
        return INVALID_HANDLE_VALUE;
    WIN32_FIND_DATAW wide_data;
    HANDLE handle = FindFirstFileExW(wide.get(), info_level, &wide_data, search_op, search_filter, additional_flags);
    if (handle != INVALID_HANDLE_VALUE)
        to_ansi_find_data(wide_data, *static_cast<WIN32_FIND_DATAA*>(find_data));
    return handle;
}

HANDLE WINAPI FindFirstFileA(LPCSTR file_name, LPWIN32_FIND_DATAA find_data) {
    return FindFirstFileExA(file_name, FindExInfoStandard, find_data, FindExSearchNameMatch, nullptr, 0);
}

BOOL WINAPI FindNextFileA(HANDLE find, LPWIN32_FIND_DATAA find_data) {
    WIN32_FIND_DATAW wide_data;
    if (!FindNextFileW(find, &wide_data))
        return FALSE;
    to_ansi_find_data(wide_data, *find_data);
    return TRUE;
}

} // extern "C"
