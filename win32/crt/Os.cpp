// crt::os on top of kernel32 (see Os.h). The only CRT file that includes the Win32 headers.

#include "halcyon/win32.h"
#include "halcyon/winnls.h"
#include "win32/crt/Os.h"
#include "win32/crt/Win32Extra.h"

static_assert(sizeof(CRITICAL_SECTION) <= sizeof(crt::os::LockStorage));
static_assert(sizeof(WCHAR) == sizeof(crt::WideChar));

namespace crt::os {

namespace {
HANDLE g_process_heap;

HANDLE process_heap() {
    // DllMain initializes this first; the lazy path covers calls made before that (none today).
    if (!g_process_heap)
        g_process_heap = GetProcessHeap();
    return g_process_heap;
}

CRITICAL_SECTION* as_critical_section(LockStorage& lock) {
    return reinterpret_cast<CRITICAL_SECTION*>(lock.bytes);
}
} // namespace

Handle std_handle(StdStream which) {
    DWORD id = which == StdStream::Input ? STD_INPUT_HANDLE
               : which == StdStream::Output ? STD_OUTPUT_HANDLE
                                            : STD_ERROR_HANDLE;
    return GetStdHandle(id);
}

uint32_t last_error() { return GetLastError(); }

bool read(Handle handle, void* buffer, uint32_t size, uint32_t& transferred) {
    DWORD done = 0;
    BOOL ok = ReadFile(handle, buffer, size, &done, nullptr);
    transferred = done;
    return ok != 0;
}

bool write(Handle handle, const void* buffer, uint32_t size, uint32_t& transferred) {
    DWORD done = 0;
    BOOL ok = WriteFile(handle, buffer, size, &done, nullptr);
    transferred = done;
    return ok != 0;
}

bool close(Handle handle) { return CloseHandle(handle) != 0; }

bool seek(Handle handle, int64_t offset, int whence, int64_t& new_position) {
    LARGE_INTEGER distance;
    distance.QuadPart = offset;
    LARGE_INTEGER result;
    result.QuadPart = 0;
    if (!SetFilePointerEx(handle, distance, &result, static_cast<DWORD>(whence)))
        return false;
    new_position = result.QuadPart;
    return true;
}

bool flush(Handle handle) { return FlushFileBuffers(handle) != 0; }
bool set_end_of_file(Handle handle) { return SetEndOfFile(handle) != 0; }

FileKind file_kind(Handle handle) {
    switch (GetFileType(handle) & ~FILE_TYPE_REMOTE) {
    case FILE_TYPE_DISK:
        return FileKind::Disk;
    case FILE_TYPE_CHAR:
        return FileKind::Character;
    case FILE_TYPE_PIPE:
        return FileKind::Pipe;
    default:
        return FileKind::Unknown;
    }
}

bool is_console(Handle handle) {
    DWORD mode;
    return GetConsoleMode(handle, &mode) != 0;
}

Handle create_file(const WideChar* path, uint32_t access, uint32_t share, uint32_t disposition,
                   uint32_t attributes) {
    SECURITY_ATTRIBUTES security = {sizeof(SECURITY_ATTRIBUTES), nullptr, TRUE};
    return CreateFileW(path, access, share, &security, disposition, attributes, nullptr);
}

bool delete_file(const WideChar* path) { return DeleteFileW(path) != 0; }
bool move_file(const WideChar* from, const WideChar* to) { return MoveFileExW(from, to, 0) != 0; }

bool duplicate_handle(Handle source, Handle& duplicate) {
    HANDLE process = GetCurrentProcess();
    return DuplicateHandle(process, source, process, &duplicate, 0, TRUE, DUPLICATE_SAME_ACCESS) != 0;
}

uint32_t temp_path(WideChar* buffer, uint32_t capacity) { return GetTempPathW(capacity, buffer); }
uint32_t file_attributes(const WideChar* path) { return GetFileAttributesW(path); }
bool create_directory(const WideChar* path) { return CreateDirectoryW(path, nullptr) != 0; }
namespace {
uint64_t from_filetime(const FILETIME& t) { return (static_cast<uint64_t>(t.dwHighDateTime) << 32) | t.dwLowDateTime; }

void copy_find_data(const WIN32_FIND_DATAW& data, FileInfo& info, WideChar (&name)[260]) {
    info.attributes = data.dwFileAttributes;
    info.creation_time = from_filetime(data.ftCreationTime);
    info.access_time = from_filetime(data.ftLastAccessTime);
    info.write_time = from_filetime(data.ftLastWriteTime);
    info.size = (static_cast<uint64_t>(data.nFileSizeHigh) << 32) | data.nFileSizeLow;
    for (int i = 0; i < 260; ++i) {
        name[i] = data.cFileName[i];
        if (!name[i])
            break;
    }
    name[259] = 0;
}
} // namespace

bool file_info(const WideChar* path, FileInfo& info) {
    WIN32_FILE_ATTRIBUTE_DATA data;
    if (!GetFileAttributesExW(path, GetFileExInfoStandard, &data))
        return false;
    info.attributes = data.dwFileAttributes;
    info.creation_time = from_filetime(data.ftCreationTime);
    info.access_time = from_filetime(data.ftLastAccessTime);
    info.write_time = from_filetime(data.ftLastWriteTime);
    info.size = (static_cast<uint64_t>(data.nFileSizeHigh) << 32) | data.nFileSizeLow;
    return true;
}

bool file_info(Handle handle, FileInfo& info) {
    BY_HANDLE_FILE_INFORMATION data;
    if (!GetFileInformationByHandle(handle, &data))
        return false;
    info.attributes = data.dwFileAttributes;
    info.creation_time = from_filetime(data.ftCreationTime);
    info.access_time = from_filetime(data.ftLastAccessTime);
    info.write_time = from_filetime(data.ftLastWriteTime);
    info.size = (static_cast<uint64_t>(data.nFileSizeHigh) << 32) | data.nFileSizeLow;
    return true;
}

uint32_t full_path(const WideChar* path, WideChar* buffer, uint32_t capacity) {
    return GetFullPathNameW(path, capacity, buffer, nullptr);
}

Handle find_first(const WideChar* pattern, FileInfo& info, WideChar (&name)[260]) {
    WIN32_FIND_DATAW data;
    HANDLE find = FindFirstFileW(pattern, &data);
    if (find != INVALID_HANDLE_VALUE)
        copy_find_data(data, info, name);
    return find;
}

bool find_next(Handle find, FileInfo& info, WideChar (&name)[260]) {
    WIN32_FIND_DATAW data;
    if (!FindNextFileW(find, &data))
        return false;
    copy_find_data(data, info, name);
    return true;
}

bool find_close(Handle find) { return FindClose(find) != 0; }

bool set_file_times(Handle handle, uint64_t access_time, uint64_t write_time) {
    FILETIME access{static_cast<DWORD>(access_time), static_cast<DWORD>(access_time >> 32)};
    FILETIME write{static_cast<DWORD>(write_time), static_cast<DWORD>(write_time >> 32)};
    return SetFileTime(handle, nullptr, access_time ? &access : nullptr, write_time ? &write : nullptr) != 0;
}

bool set_file_attributes(const WideChar* path, uint32_t attributes) { return SetFileAttributesW(path, attributes) != 0; }

namespace {
OVERLAPPED overlapped_at(uint64_t offset) {
    OVERLAPPED overlapped = {};
    overlapped.Offset = static_cast<DWORD>(offset);
    overlapped.OffsetHigh = static_cast<DWORD>(offset >> 32);
    return overlapped;
}
} // namespace

bool lock_range(Handle handle, uint64_t offset, uint64_t length) {
    OVERLAPPED overlapped = overlapped_at(offset);
    return LockFileEx(handle, LOCKFILE_EXCLUSIVE_LOCK | LOCKFILE_FAIL_IMMEDIATELY, 0, static_cast<DWORD>(length),
                      static_cast<DWORD>(length >> 32), &overlapped) != 0;
}

bool unlock_range(Handle handle, uint64_t offset, uint64_t length) {
    OVERLAPPED overlapped = overlapped_at(offset);
    return UnlockFileEx(handle, 0, static_cast<DWORD>(length), static_cast<DWORD>(length >> 32), &overlapped) != 0;
}

bool create_pipe(Handle& read_end, Handle& write_end, bool inheritable, uint32_t size) {
    SECURITY_ATTRIBUTES attributes = {sizeof(SECURITY_ATTRIBUTES), nullptr, inheritable ? TRUE : FALSE};
    HANDLE r, w;
    if (!CreatePipe(&r, &w, &attributes, size))
        return false;
    read_end = r;
    write_end = w;
    return true;
}

Handle create_thread(uint32_t stack_size, ThreadRoutine routine, void* argument, bool suspended,
                     uint32_t* thread_id) {
    DWORD id = 0;
    HANDLE thread = CreateThread(nullptr, stack_size, reinterpret_cast<DWORD (*)(LPVOID)>(routine), argument,
                                 suspended ? CREATE_SUSPENDED : 0, &id);
    if (thread && thread_id)
        *thread_id = id;
    return thread;
}

bool resume_thread(Handle thread) { return ResumeThread(thread) != 0xFFFFFFFFu; }
void exit_thread(uint32_t code) { ExitThread(code); }

bool remove_directory(const WideChar* path) { return RemoveDirectoryW(path) != 0; }
bool set_current_directory(const WideChar* path) { return SetCurrentDirectoryW(path) != 0; }
uint32_t current_directory(WideChar* buffer, uint32_t capacity) { return GetCurrentDirectoryW(capacity, buffer); }

void* heap_alloc(size_t size, bool zero) {
    return HeapAlloc(process_heap(), zero ? HEAP_ZERO_MEMORY : 0, size);
}
void* heap_realloc(void* block, size_t size) { return HeapReAlloc(process_heap(), 0, block, size); }
bool heap_free(void* block) { return HeapFree(process_heap(), 0, block) != 0; }
size_t heap_size(const void* block) { return HeapSize(process_heap(), 0, block); }
void* heap_handle() { return process_heap(); }

const char* command_line_narrow() { return GetCommandLineA(); }
const WideChar* command_line_wide() { return GetCommandLineW(); }
WideChar* environment_block() { return GetEnvironmentStringsW(); }
void free_environment(WideChar* block) { FreeEnvironmentStringsW(block); }
bool set_environment_variable(const WideChar* name, const WideChar* value) {
    return SetEnvironmentVariableW(name, value) != 0;
}

void exit_process(uint32_t code) { ExitProcess(code); }
void terminate_process(uint32_t code) {
    TerminateProcess(GetCurrentProcess(), code);
    ExitProcess(code); // not reached
}
uint32_t current_process_id() { return GetCurrentProcessId(); }
uint32_t current_thread_id() { return GetCurrentThreadId(); }
void sleep(uint32_t milliseconds) { Sleep(milliseconds); }
void* module_handle(const char* name) { return GetModuleHandleA(name); }
void* proc_address(void* module, const char* name) {
    return reinterpret_cast<void*>(GetProcAddress(static_cast<HMODULE>(module), name));
}

uint32_t ansi_code_page() { return GetACP(); }
int multibyte_to_wide(uint32_t code_page, const char* text, int length, WideChar* out, int capacity) {
    return MultiByteToWideChar(code_page, 0, text, length, out, capacity);
}
int wide_to_multibyte(uint32_t code_page, const WideChar* text, int length, char* out, int capacity,
                      bool* used_default) {
    BOOL used = FALSE;
    int result = WideCharToMultiByte(code_page, 0, text, length, out, capacity, nullptr,
                                     used_default ? &used : nullptr);
    if (used_default)
        *used_default = used != 0;
    return result;
}

void lock_init(LockStorage& lock) { InitializeCriticalSection(as_critical_section(lock)); }
void lock_enter(LockStorage& lock) { EnterCriticalSection(as_critical_section(lock)); }
void lock_leave(LockStorage& lock) { LeaveCriticalSection(as_critical_section(lock)); }
void lock_delete(LockStorage& lock) { DeleteCriticalSection(as_critical_section(lock)); }

uint32_t tls_alloc() { return TlsAlloc(); }
void* tls_get(uint32_t index) { return TlsGetValue(index); }
void tls_set(uint32_t index, void* value) { TlsSetValue(index, value); }

uint64_t system_time_as_file_time() {
    FILETIME time;
    GetSystemTimeAsFileTime(&time);
    return (uint64_t(time.dwHighDateTime) << 32) | time.dwLowDateTime;
}

int64_t performance_counter() {
    LARGE_INTEGER value;
    QueryPerformanceCounter(&value);
    return value.QuadPart;
}

int64_t performance_frequency() {
    LARGE_INTEGER value;
    QueryPerformanceFrequency(&value);
    return value.QuadPart;
}

void write_stderr(const char* text) {
    size_t length = 0;
    while (text[length])
        ++length;
    DWORD written;
    WriteFile(GetStdHandle(STD_ERROR_HANDLE), text, static_cast<DWORD>(length), &written, nullptr);
}

namespace {
TransitionDate transition_from(const SYSTEMTIME& t) {
    return {t.wYear, t.wMonth, t.wDayOfWeek, t.wDay, t.wHour, t.wMinute};
}
} // namespace

bool time_zone(TimeZoneInfo& info) {
    TIME_ZONE_INFORMATION zone = {};
    if (GetTimeZoneInformation(&zone) == TIME_ZONE_ID_INVALID)
        return false;
    info.bias = zone.Bias;
    info.standard_bias = zone.StandardBias;
    info.daylight_bias = zone.DaylightBias;
    for (int i = 0; i < 32; ++i) {
        info.standard_name[i] = zone.StandardName[i];
        info.daylight_name[i] = zone.DaylightName[i];
    }
    info.standard_name[31] = info.daylight_name[31] = 0;
    info.standard_date = transition_from(zone.StandardDate);
    info.daylight_date = transition_from(zone.DaylightDate);
    return true;
}

} // namespace crt::os
