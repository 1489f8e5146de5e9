#pragma once

// The low-level I/O layer (_open/_read/_write/...): a table of C file descriptors over Win32
// handles, with the text-mode translation (LF <-> CRLF, Ctrl-Z as end of file) done here, as in
// the Microsoft CRT, so stdio above it only buffers bytes.

#include "win32/crt/CrtTypes.h"
#include "win32/crt/Os.h"

namespace crt::fd {

constexpr int kMaxDescriptors = 2048;

// Open-mode flags (_O_* of Microsoft's fcntl.h).
constexpr int kORdOnly = 0x0000, kOWrOnly = 0x0001, kORdWr = 0x0002, kOAppend = 0x0008,
              kORandom = 0x0010, kOSequential = 0x0020, kOTemporary = 0x0040, kONoInherit = 0x0080,
              kOCreat = 0x0100, kOTrunc = 0x0200, kOExcl = 0x0400, kOShortLived = 0x1000,
              kOObtainDir = 0x2000, kOText = 0x4000, kOBinary = 0x8000, kOWText = 0x10000,
              kOU16Text = 0x20000, kOU8Text = 0x40000;

/// Per-descriptor flags (the CRT's FOPEN, FEOFLAG, ...).
enum DescriptorFlag : uint8_t {
    kOpen = 0x01,
    kEofFlag = 0x02, // Ctrl-Z seen in text mode: reads return 0 until a seek
    kCrlf = 0x04,    // last read ended with CR whose LF is still unknown
    kPipe = 0x08,
    kNoInherit = 0x10,
    kAppend = 0x20,
    kDevice = 0x40,
    kText = 0x80,
};

/// Registers `handle` under the lowest free descriptor; returns it or -1 (errno EMFILE).
int allocate(os::Handle handle, uint8_t flags);
/// Initializes descriptors 0, 1 and 2 from the standard handles.
void initialize_standard_descriptors();
bool is_valid(int fd);
os::Handle handle_of(int fd);
uint8_t flags_of(int fd);
/// Descriptor whose handle is a console/character device.
bool is_device(int fd);

/// Narrow path -> UTF-16 through the ANSI code page, in a buffer owned by the caller.
struct WidePath {
    WideChar* text = nullptr;
    WideChar inline_buffer[300];
    WideChar* heap = nullptr;
    ~WidePath();
    bool convert(const char* path);
};

/// The _open/_wopen implementation on a UTF-16 path.
int open_wide(const WideChar* path, int oflag, int share_flag, int pmode);

} // namespace crt::fd

CRT_EXPORT int _read(int fd, void* buffer, unsigned int count);
CRT_EXPORT int _write(int fd, const void* buffer, unsigned int count);
CRT_EXPORT int _close(int fd);
CRT_EXPORT int64_t _lseeki64(int fd, int64_t offset, int origin);
CRT_EXPORT int _commit(int fd);
