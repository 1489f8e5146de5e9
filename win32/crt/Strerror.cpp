// strerror/perror/_strerror with the Microsoft CRT's message table (_sys_errlist).

#include "win32/crt/Errno.h"
#include "win32/crt/FileDescriptors.h"
#include "win32/crt/Stdio.h"
#include "win32/crt/ThreadData.h"

namespace {

const char* const kMessages[] = {
    "No error",                      // 0
    "Operation not permitted",       // EPERM
    "No such file or directory",     // ENOENT
    "No such process",               // ESRCH
    "Interrupted function call",     // EINTR
    "Input/output error",            // EIO
    "No such device or address",     // ENXIO
    "Arg list too long",             // E2BIG
    "Exec format error",             // ENOEXEC
    "Bad file descriptor",           // EBADF
    "No child processes",            // ECHILD
    "Resource temporarily unavailable", // EAGAIN
    "Not enough space",              // ENOMEM
    "Permission denied",             // EACCES
    "Bad address",                   // EFAULT
    "Unknown error",                 // 15
    "Resource device",               // EBUSY
    "File exists",                   // EEXIST
    "Improper link",                 // EXDEV
    "No such device",                // ENODEV
    "Not a directory",               // ENOTDIR
    "Is a directory",                // EISDIR
    "Invalid argument",              // EINVAL
    "Too many open files in system", // ENFILE
    "Too many open files",           // EMFILE
    "Inappropriate I/O control operation", // ENOTTY
    "Unknown error",                 // 26
    "File too large",                // EFBIG
    "No space left on device",       // ENOSPC
    "Invalid seek",                  // ESPIPE
    "Read-only file system",         // EROFS
    "Too many links",                // EMLINK
    "Broken pipe",                   // EPIPE
    "Domain error",                  // EDOM
    "Result too large",              // ERANGE
    "Unknown error",                 // 35
    "Resource deadlock avoided",     // EDEADLK
    "Unknown error",                 // 37
    "Filename too long",             // ENAMETOOLONG
    "No locks available",            // ENOLCK
    "Function not implemented",      // ENOSYS
    "Directory not empty",           // ENOTEMPTY
    "Illegal byte sequence",         // EILSEQ
    "Unknown error",                 // 43 (_sys_nerr - 1)
};
constexpr int kMessageCount = sizeof(kMessages) / sizeof(kMessages[0]);

const char* message_for(int number) {
    if (number == crt::kSTRUNCATE)
        return "Unknown error"; // the CRT has no text for STRUNCATE in _sys_errlist
    if (number < 0 || number >= kMessageCount)
        return kMessages[kMessageCount - 1];
    return kMessages[number];
}

size_t length_of(const char* text) {
    size_t n = 0;
    while (text[n])
        ++n;
    return n;
}

} // namespace

extern "C" {
const char* const* _sys_errlist = kMessages;
int _sys_nerr = kMessageCount;
}

CRT_EXPORT char* strerror(int number) {
    // The CRT copies into a per-thread buffer; callers may not keep the pointer across calls.
    char* buffer = crt::thread_data().strerror_buffer;
    const char* message = message_for(number);
    size_t length = length_of(message);
    __builtin_memcpy(buffer, message, length + 1);
    return buffer;
}

CRT_EXPORT int strerror_s(char* buffer, size_t size, int number) {
    if (!buffer || size == 0)
        return crt::kEINVAL;
    const char* message = message_for(number);
    size_t length = length_of(message);
    size_t copy = length < size - 1 ? length : size - 1;
    __builtin_memcpy(buffer, message, copy);
    buffer[copy] = 0;
    return 0;
}

/// _strerror(prefix): "prefix: message\n" (note the newline), or "message\n" without a prefix.
CRT_EXPORT char* _strerror(const char* prefix) {
    char* buffer = crt::thread_data().strerror_buffer;
    size_t used = 0;
    if (prefix && *prefix) {
        size_t n = length_of(prefix);
        if (n > 60)
            n = 60;
        __builtin_memcpy(buffer, prefix, n);
        used = n;
        buffer[used++] = ':';
        buffer[used++] = ' ';
    }
    const char* message = message_for(crt::get_errno());
    size_t n = length_of(message);
    if (used + n + 2 > sizeof(crt::ThreadData::strerror_buffer))
        n = sizeof(crt::ThreadData::strerror_buffer) - used - 2;
    __builtin_memcpy(buffer + used, message, n);
    used += n;
    buffer[used++] = '\n';
    buffer[used] = 0;
    return buffer;
}

CRT_EXPORT crt::WideChar* _wcserror(int number) {
    static crt::WideChar buffer[96]; // FIXME: per-thread like strerror
    const char* message = message_for(number);
    size_t i = 0;
    for (; message[i] && i < 95; ++i)
        buffer[i] = static_cast<crt::WideChar>(message[i]);
    buffer[i] = 0;
    return buffer;
}

/// perror writes "prefix: message\n" straight to descriptor 2 (after flushing stderr), as the CRT does.
CRT_EXPORT void perror(const char* prefix) {
    int saved = crt::get_errno();
    {
        crt::StreamCall call(&_iob[2]);
        crt::flush_stream(&_iob[2]);
    }
    if (prefix && *prefix) {
        _write(2, prefix, static_cast<unsigned>(length_of(prefix)));
        _write(2, ": ", 2);
    }
    const char* message = message_for(saved);
    _write(2, message, static_cast<unsigned>(length_of(message)));
    _write(2, "\n", 1);
}

CRT_EXPORT void _wperror(const crt::WideChar* prefix) {
    char narrow[128];
    size_t i = 0;
    for (; prefix && prefix[i] && i < 127; ++i)
        narrow[i] = static_cast<uint16_t>(prefix[i]) < 0x80 ? static_cast<char>(prefix[i]) : '?';
    narrow[i] = 0;
    perror(prefix ? narrow : nullptr);
}

CRT_EXPORT int* __sys_nerr() { return &_sys_nerr; }
CRT_EXPORT const char* const* __sys_errlist() { return _sys_errlist; }
