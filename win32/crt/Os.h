#pragma once

// The C runtime's only window onto the operating system. Everything the CRT needs from
// kernel32 goes through these few functions (implemented in Os.cpp, the one file that includes
// halcyon/win32.h), so the rest of the CRT stays free of Win32 types and its pure parts build
// for the host unchanged.

#include "win32/crt/CrtTypes.h"

namespace crt::os {

using Handle = void*;
inline Handle const kInvalidHandle = reinterpret_cast<Handle>(static_cast<intptr_t>(-1));

enum class StdStream { Input, Output, Error };
Handle std_handle(StdStream which);

/// Win32 error of the last failed call (GetLastError).
uint32_t last_error();

// Files. Sizes are capped by the caller at 32 bits per call.
bool read(Handle handle, void* buffer, uint32_t size, uint32_t& transferred);
bool write(Handle handle, const void* buffer, uint32_t size, uint32_t& transferred);
bool close(Handle handle);
/// whence: 0 FILE_BEGIN, 1 FILE_CURRENT, 2 FILE_END. Returns false on failure.
bool seek(Handle handle, int64_t offset, int whence, int64_t& new_position);
bool flush(Handle handle);
bool set_end_of_file(Handle handle);
enum class FileKind { Unknown, Disk, Character, Pipe };
FileKind file_kind(Handle handle);
bool is_console(Handle handle);
Handle create_file(const WideChar* path, uint32_t access, uint32_t share, uint32_t disposition,
                   uint32_t attributes);
bool delete_file(const WideChar* path);
bool move_file(const WideChar* from, const WideChar* to);
bool duplicate_handle(Handle source, Handle& duplicate);
uint32_t temp_path(WideChar* buffer, uint32_t capacity);
uint32_t file_attributes(const WideChar* path);
bool create_directory(const WideChar* path);

/// What _stat/_fstat/_findfirst report about a file. Times are FILETIMEs (100 ns since 1601 UTC).
struct FileInfo {
    uint32_t attributes = 0;
    uint64_t creation_time = 0;
    uint64_t access_time = 0;
    uint64_t write_time = 0;
    uint64_t size = 0;
};
bool file_info(const WideChar* path, FileInfo& info);
bool file_info(Handle handle, FileInfo& info);
/// GetFullPathNameW; returns the length, 0 on failure.
uint32_t full_path(const WideChar* path, WideChar* buffer, uint32_t capacity);
/// FindFirstFileW/FindNextFileW/FindClose with the entry's name (NUL-terminated, MAX_PATH).
Handle find_first(const WideChar* pattern, FileInfo& info, WideChar (&name)[260]);
bool find_next(Handle find, FileInfo& info, WideChar (&name)[260]);
bool find_close(Handle find);
/// SetFileTime's access and write times (0: leave unchanged).
bool set_file_times(Handle handle, uint64_t access_time, uint64_t write_time);
bool remove_directory(const WideChar* path);
bool set_current_directory(const WideChar* path);
uint32_t current_directory(WideChar* buffer, uint32_t capacity);

/// SetFileAttributesW.
bool set_file_attributes(const WideChar* path, uint32_t attributes);
/// LockFileEx (exclusive, failing at once when the range is taken) / UnlockFileEx on a byte range.
bool lock_range(Handle handle, uint64_t offset, uint64_t length);
bool unlock_range(Handle handle, uint64_t offset, uint64_t length);
/// CreatePipe whose ends are inheritable when `inheritable`; `size` 0 asks for the default.
bool create_pipe(Handle& read_end, Handle& write_end, bool inheritable, uint32_t size);

// Memory: the process heap.
void* heap_alloc(size_t size, bool zero);
void* heap_realloc(void* block, size_t size);
bool heap_free(void* block);
size_t heap_size(const void* block);
void* heap_handle();

// Process.
const char* command_line_narrow();
const WideChar* command_line_wide();
/// The environment block (NUL-separated, double-NUL terminated). Release with free_environment.
WideChar* environment_block();
void free_environment(WideChar* block);
bool set_environment_variable(const WideChar* name, const WideChar* value);
[[noreturn]] void exit_process(uint32_t code);
[[noreturn]] void terminate_process(uint32_t code);
uint32_t current_process_id();
uint32_t current_thread_id();
/// CreateThread; the routine uses the Windows x64 calling convention. Returns null on failure.
using ThreadRoutine = uint32_t (*)(void*);
Handle create_thread(uint32_t stack_size, ThreadRoutine routine, void* argument, bool suspended,
                     uint32_t* thread_id);
bool resume_thread(Handle thread);
[[noreturn]] void exit_thread(uint32_t code);
void sleep(uint32_t milliseconds);
void* module_handle(const char* name);
void* proc_address(void* module, const char* name);

// Code pages: the process ANSI code page, and conversions through it.
uint32_t ansi_code_page();
int multibyte_to_wide(uint32_t code_page, const char* text, int length, WideChar* out, int capacity);
int wide_to_multibyte(uint32_t code_page, const WideChar* text, int length, char* out, int capacity,
                      bool* used_default);

// Locks: a critical section in caller-provided storage (40 bytes on x64, 8-aligned).
struct alignas(8) LockStorage {
    unsigned char bytes[40];
};
void lock_init(LockStorage& lock);
void lock_enter(LockStorage& lock);
void lock_leave(LockStorage& lock);
void lock_delete(LockStorage& lock);

// Thread-local storage.
uint32_t tls_alloc();
void* tls_get(uint32_t index);
void tls_set(uint32_t index, void* value);

// Time.
/// 100 ns units since 1601-01-01 UTC.
uint64_t system_time_as_file_time();
int64_t performance_counter();
int64_t performance_frequency();

/// GetTimeZoneInformation's answer. A transition date is a SYSTEMTIME: wYear 0 means "every
/// year: the day-th (5 = last) day_of_week of month at hour:minute local time".
struct TransitionDate {
    uint16_t year, month, day_of_week, day, hour, minute;
};
struct TimeZoneInfo {
    int32_t bias; ///< minutes, UTC = local + bias
    WideChar standard_name[32];
    TransitionDate standard_date;
    int32_t standard_bias;
    WideChar daylight_name[32];
    TransitionDate daylight_date;
    int32_t daylight_bias;
};
bool time_zone(TimeZoneInfo& info);

/// Writes a message straight to the standard error handle (for fatal paths that must not use stdio).
void write_stderr(const char* text);

} // namespace crt::os
