// C file descriptors over Win32 handles (see FileDescriptors.h): _open, _read, _write, _lseek,
// _close, _dup, _dup2, _setmode, _get_osfhandle, _open_osfhandle and friends.

#include <stdarg.h>

#include "win32/crt/FileDescriptors.h"
#include "win32/crt/Errno.h"
#include "win32/crt/Globals.h"
#include "win32/crt/ThreadData.h"

namespace crt::fd {

namespace {

struct Descriptor {
    os::Handle handle;
    uint8_t flags;
    /// A byte read ahead from a pipe or device while looking for the LF after a CR (the CRT's
    /// "pipech"); -1 when empty.
    int peeked;
    int wide_mode; // _O_WTEXT/_O_U16TEXT/_O_U8TEXT when set by _setmode, else 0
    bool lock_ready;
    os::LockStorage lock;
};

Descriptor g_table[kMaxDescriptors];
os::LockStorage g_table_lock;
bool g_table_lock_ready;

constexpr uint32_t kGenericRead = 0x80000000u, kGenericWrite = 0x40000000u;
constexpr uint32_t kShareRead = 1, kShareWrite = 2, kShareDelete = 4;
constexpr uint32_t kCreateNew = 1, kCreateAlways = 2, kOpenExisting = 3, kOpenAlways = 4,
                   kTruncateExisting = 5;
constexpr uint32_t kAttributeNormal = 0x80, kAttributeReadOnly = 0x1, kAttributeTemporary = 0x100;
constexpr uint32_t kFlagDeleteOnClose = 0x04000000, kFlagRandomAccess = 0x10000000,
                   kFlagSequentialScan = 0x08000000;
constexpr uint32_t kErrorBrokenPipe = 109, kErrorAccessDenied = 5;

void table_lock() {
    if (!g_table_lock_ready) {
        os::lock_init(g_table_lock);
        g_table_lock_ready = true;
    }
    os::lock_enter(g_table_lock);
}
void table_unlock() { os::lock_leave(g_table_lock); }

class DescriptorLock {
public:
    explicit DescriptorLock(Descriptor& d) : m_descriptor(d) { os::lock_enter(d.lock); }
    ~DescriptorLock() { os::lock_leave(m_descriptor.lock); }

private:
    Descriptor& m_descriptor;
};

Descriptor* lookup(int fd) {
    if (fd < 0 || fd >= kMaxDescriptors || !(g_table[fd].flags & kOpen)) {
        set_errno(kEBADF);
        thread_data().dos_error = 0;
        return nullptr;
    }
    return &g_table[fd];
}

uint8_t kind_flags(os::Handle handle) {
    switch (os::file_kind(handle)) {
    case os::FileKind::Character:
        return kDevice;
    case os::FileKind::Pipe:
        return kPipe;
    default:
        return 0;
    }
}

} // namespace

int allocate(os::Handle handle, uint8_t flags) {
    table_lock();
    for (int fd = 0; fd < kMaxDescriptors; ++fd) {
        Descriptor& d = g_table[fd];
        if (d.flags & kOpen)
            continue;
        if (!d.lock_ready) {
            os::lock_init(d.lock);
            d.lock_ready = true;
        }
        d.handle = handle;
        d.flags = static_cast<uint8_t>(flags | kOpen);
        d.peeked = -1;
        d.wide_mode = 0;
        table_unlock();
        return fd;
    }
    table_unlock();
    set_errno(kEMFILE);
    return -1;
}

void initialize_standard_descriptors() {
    static constexpr os::StdStream kStreams[3] = {os::StdStream::Input, os::StdStream::Output,
                                                  os::StdStream::Error};
    for (int fd = 0; fd < 3; ++fd) {
        Descriptor& d = g_table[fd];
        os::lock_init(d.lock);
        d.lock_ready = true;
        d.peeked = -1;
        os::Handle handle = os::std_handle(kStreams[fd]);
        if (!handle || handle == os::kInvalidHandle) {
            // No standard handle (a GUI process): the descriptor stays closed, as in the CRT.
            d.handle = os::kInvalidHandle;
            d.flags = 0;
            continue;
        }
        d.handle = handle;
        d.flags = static_cast<uint8_t>(kOpen | kText | kind_flags(handle));
    }
}

bool is_valid(int fd) { return fd >= 0 && fd < kMaxDescriptors && (g_table[fd].flags & kOpen); }
os::Handle handle_of(int fd) { return is_valid(fd) ? g_table[fd].handle : os::kInvalidHandle; }
uint8_t flags_of(int fd) { return is_valid(fd) ? g_table[fd].flags : 0; }
bool is_device(int fd) { return is_valid(fd) && (g_table[fd].flags & kDevice); }

WidePath::~WidePath() {
    if (heap)
        os::heap_free(heap);
}

bool WidePath::convert(const char* path) {
    if (!path) {
        set_errno(kEINVAL);
        return false;
    }
    int needed = os::multibyte_to_wide(0, path, -1, nullptr, 0);
    if (needed <= 0) {
        set_errno(kEINVAL);
        return false;
    }
    if (needed <= 300) {
        text = inline_buffer;
    } else {
        heap = static_cast<WideChar*>(os::heap_alloc(sizeof(WideChar) * static_cast<size_t>(needed), false));
        if (!heap) {
            set_errno(kENOMEM);
            return false;
        }
        text = heap;
    }
    os::multibyte_to_wide(0, path, -1, text, needed);
    return true;
}

int open_wide(const WideChar* path, int oflag, int share_flag, int pmode) {
    if (!path) {
        set_errno(kEINVAL);
        return -1;
    }
    uint32_t access;
    switch (oflag & (kOWrOnly | kORdWr)) {
    case kORdOnly:
        access = kGenericRead;
        break;
    case kOWrOnly:
        // Append mode needs read access for the Ctrl-Z check in text mode; the CRT asks for both.
        access = (oflag & kOAppend) && !(oflag & kOBinary) ? kGenericRead | kGenericWrite : kGenericWrite;
        break;
    case kORdWr:
        access = kGenericRead | kGenericWrite;
        break;
    default:
        set_errno(kEINVAL);
        return -1;
    }
    // _SH_DENYRW 0x10, _SH_DENYWR 0x20, _SH_DENYRD 0x30, _SH_DENYNO 0x40.
    uint32_t share;
    switch (share_flag) {
    case 0x10:
        share = 0;
        break;
    case 0x20:
        share = kShareRead;
        break;
    case 0x30:
        share = kShareWrite;
        break;
    default:
        share = kShareRead | kShareWrite;
        break;
    }
    uint32_t disposition;
    switch (oflag & (kOCreat | kOExcl | kOTrunc)) {
    case 0:
    case kOExcl:
        disposition = kOpenExisting;
        break;
    case kOCreat:
        disposition = kOpenAlways;
        break;
    case kOCreat | kOExcl:
    case kOCreat | kOExcl | kOTrunc:
        disposition = kCreateNew;
        break;
    case kOCreat | kOTrunc:
        disposition = kCreateAlways;
        break;
    default: // _O_TRUNC (with or without _O_EXCL)
        disposition = kTruncateExisting;
        break;
    }
    uint32_t attributes = kAttributeNormal;
    if ((oflag & kOCreat) && !(pmode & 0x80)) // no _S_IWRITE: the new file is read-only
        attributes = kAttributeReadOnly;
    if (oflag & kOTemporary) {
        attributes |= kFlagDeleteOnClose;
        share |= kShareDelete;
        access |= 0x00010000; // DELETE
    }
    if (oflag & kOShortLived)
        attributes |= kAttributeTemporary;
    if (oflag & kORandom)
        attributes |= kFlagRandomAccess;
    if (oflag & kOSequential)
        attributes |= kFlagSequentialScan;
    os::Handle handle = os::create_file(path, access, share, disposition, attributes);
    if (handle == os::kInvalidHandle && (access & kGenericRead) && (oflag & kOAppend) &&
        os::last_error() == kErrorAccessDenied && (oflag & (kOWrOnly | kORdWr)) == kOWrOnly) {
        access = kGenericWrite; // retry without the read access we added for the Ctrl-Z check
        handle = os::create_file(path, access, share, disposition, attributes);
    }
    if (handle == os::kInvalidHandle) {
        set_errno_from_win32(os::last_error());
        return -1;
    }
    // Without an explicit mode the global _fmode decides (0 and _O_TEXT both mean text).
    bool text = !(oflag & kOBinary);
    if (!(oflag & (kOText | kOBinary | kOWText | kOU16Text | kOU8Text)))
        text = (_fmode & kOBinary) == 0;
    uint8_t flags = kind_flags(handle);
    if (text)
        flags |= kText;
    if (oflag & kOAppend)
        flags |= kAppend;
    if (oflag & kONoInherit)
        flags |= kNoInherit;
    int fd = allocate(handle, flags);
    if (fd < 0) {
        os::close(handle);
        return -1;
    }
    if (oflag & (kOWText | kOU16Text | kOU8Text))
        g_table[fd].wide_mode = oflag & (kOWText | kOU16Text | kOU8Text);
    return fd;
}


// ---- Reading and writing --------------------------------------------------------------------

namespace {

/// Raw read with the CRT's conventions: a broken pipe is end of file.
int raw_read(Descriptor& d, unsigned char* buffer, uint32_t count) {
    uint32_t done = 0;
    if (!os::read(d.handle, buffer, count, done)) {
        uint32_t error = os::last_error();
        if (error == kErrorBrokenPipe)
            return 0;
        set_errno_from_win32(error);
        return -1;
    }
    return static_cast<int>(done);
}

int read_locked(Descriptor& d, unsigned char* buffer, uint32_t count) {
    if (count == 0)
        return 0;
    if ((d.flags & kText) && (d.flags & kEofFlag))
        return 0;
    uint32_t got = 0;
    if (d.peeked >= 0) {
        buffer[got++] = static_cast<unsigned char>(d.peeked);
        d.peeked = -1;
    }
    if (got < count) {
        int n = raw_read(d, buffer + got, count - got);
        if (n < 0)
            return got ? static_cast<int>(got) : -1;
        got += static_cast<uint32_t>(n);
    }
    if (!(d.flags & kText) || got == 0)
        return static_cast<int>(got);

    // Text mode: CRLF -> LF in place, Ctrl-Z ends the file (not for devices).
    uint32_t in = 0, out = 0;
    while (in < got) {
        unsigned char c = buffer[in];
        if (c == 0x1a && !(d.flags & kDevice)) {
            d.flags |= kEofFlag;
            break;
        }
        if (c != '\r') {
            buffer[out++] = c;
            ++in;
            continue;
        }
        if (in + 1 < got) {
            if (buffer[in + 1] == '\n') {
                buffer[out++] = '\n';
                in += 2;
            } else {
                buffer[out++] = '\r';
                ++in;
            }
            continue;
        }
        // CR is the last byte read: look at the next one to decide.
        ++in;
        unsigned char next;
        int n = raw_read(d, &next, 1);
        if (n <= 0) {
            buffer[out++] = '\r';
        } else if (next == '\n') {
            buffer[out++] = '\n';
        } else if (!(d.flags & (kDevice | kPipe))) {
            // A seekable file: step back so the byte is read again next time.
            buffer[out++] = '\r';
            int64_t ignored;
            os::seek(d.handle, -1, 1, ignored);
        } else {
            buffer[out++] = '\r';
            d.peeked = next;
        }
    }
    return static_cast<int>(out);
}

int write_raw_all(Descriptor& d, const unsigned char* data, uint32_t count, uint32_t& written) {
    written = 0;
    while (written < count) {
        uint32_t done = 0;
        if (!os::write(d.handle, data + written, count - written, done)) {
            set_errno_from_win32(os::last_error());
            return -1;
        }
        if (done == 0)
            break;
        written += done;
    }
    return 0;
}

int write_locked(Descriptor& d, const unsigned char* data, uint32_t count) {
    if (count == 0)
        return 0;
    if (d.flags & kAppend) {
        int64_t ignored;
        os::seek(d.handle, 0, 2, ignored);
    }
    if (!(d.flags & kText)) {
        uint32_t written = 0;
        if (write_raw_all(d, data, count, written) < 0)
            return -1;
        if (written == 0) {
            set_errno(kENOSPC);
            thread_data().dos_error = 0;
            return -1;
        }
        return static_cast<int>(written);
    }
    // Text mode: LF -> CRLF through a bounce buffer. The result counts source bytes.
    unsigned char bounce[1025];
    uint32_t consumed = 0;
    while (consumed < count) {
        uint32_t fill = 0;
        uint32_t start = consumed;
        while (consumed < count && fill < 1024) {
            unsigned char c = data[consumed++];
            if (c == '\n')
                bounce[fill++] = '\r';
            bounce[fill++] = c;
        }
        uint32_t written = 0;
        if (write_raw_all(d, bounce, fill, written) < 0)
            return start ? static_cast<int>(start) : -1;
        if (written < fill) {
            if (start == 0 && written == 0) {
                set_errno(kENOSPC);
                thread_data().dos_error = 0;
                return -1;
            }
            return static_cast<int>(start); // partial: report what surely went out
        }
    }
    return static_cast<int>(count);
}

int64_t seek_locked(Descriptor& d, int64_t offset, int origin) {
    if (origin < 0 || origin > 2) {
        set_errno(kEINVAL);
        return -1;
    }
    int64_t position = 0;
    if (!os::seek(d.handle, offset, origin, position)) {
        set_errno_from_win32(os::last_error());
        return -1;
    }
    d.flags &= static_cast<uint8_t>(~kEofFlag);
    d.peeked = -1;
    return position;
}

} // namespace

} // namespace crt::fd

using namespace crt;
using namespace crt::fd;

CRT_EXPORT int _read(int fd, void* buffer, unsigned int count) {
    Descriptor* d = lookup(fd);
    if (!d)
        return -1;
    if (!buffer || count > 0x7fffffffu) {
        set_errno(kEINVAL);
        return -1;
    }
    DescriptorLock lock(*d);
    return read_locked(*d, static_cast<unsigned char*>(buffer), count);
}

CRT_EXPORT int _write(int fd, const void* buffer, unsigned int count) {
    Descriptor* d = lookup(fd);
    if (!d)
        return -1;
    if (!buffer && count) {
        set_errno(kEINVAL);
        return -1;
    }
    DescriptorLock lock(*d);
    return write_locked(*d, static_cast<const unsigned char*>(buffer), count);
}

CRT_EXPORT int64_t _lseeki64(int fd, int64_t offset, int origin) {
    Descriptor* d = lookup(fd);
    if (!d)
        return -1;
    DescriptorLock lock(*d);
    return seek_locked(*d, offset, origin);
}

CRT_EXPORT WinLong _lseek(int fd, WinLong offset, int origin) {
    int64_t result = _lseeki64(fd, offset, origin);
    if (result > 0x7fffffff) {
        set_errno(kEINVAL);
        return -1;
    }
    return static_cast<WinLong>(result);
}

CRT_EXPORT int64_t _telli64(int fd) { return _lseeki64(fd, 0, 1); }
CRT_EXPORT WinLong _tell(int fd) { return _lseek(fd, 0, 1); }

CRT_EXPORT int _close(int fd) {
    Descriptor* d = lookup(fd);
    if (!d)
        return -1;
    DescriptorLock lock(*d);
    bool ok = true;
    // The standard handles are shared with the process: closing fd 0-2 releases the handle only
    // when it is not also another standard descriptor's (as the CRT avoids double closes).
    bool shared = false;
    for (int other = 0; other < 3; ++other)
        if (other != fd && is_valid(other) && g_table[other].handle == d->handle)
            shared = true;
    if (!shared)
        ok = os::close(d->handle);
    d->flags = 0;
    d->handle = os::kInvalidHandle;
    d->peeked = -1;
    if (!ok) {
        set_errno_from_win32(os::last_error());
        return -1;
    }
    return 0;
}

CRT_EXPORT int _commit(int fd) {
    Descriptor* d = lookup(fd);
    if (!d)
        return -1;
    if (!os::flush(d->handle)) {
        // Consoles and pipes cannot be flushed; the CRT treats that as success.
        if (d->flags & (kDevice | kPipe))
            return 0;
        set_errno_from_win32(os::last_error());
        return -1;
    }
    return 0;
}

CRT_EXPORT intptr_t _get_osfhandle(int fd) {
    Descriptor* d = lookup(fd);
    if (!d)
        return -1;
    return reinterpret_cast<intptr_t>(d->handle);
}

CRT_EXPORT int _open_osfhandle(intptr_t handle, int flags) {
    auto h = reinterpret_cast<os::Handle>(handle);
    if (!h || h == os::kInvalidHandle) {
        set_errno(kEBADF);
        return -1;
    }
    os::FileKind kind = os::file_kind(h);
    uint8_t fd_flags = kind == os::FileKind::Character ? kDevice : kind == os::FileKind::Pipe ? kPipe : 0;
    if (!(flags & kOBinary) && ((flags & kOText) || (_fmode & kOBinary) == 0))
        fd_flags |= kText;
    if (flags & kOAppend)
        fd_flags |= kAppend;
    if (flags & kONoInherit)
        fd_flags |= kNoInherit;
    return allocate(h, fd_flags);
}

CRT_EXPORT int _dup(int fd) {
    Descriptor* d = lookup(fd);
    if (!d)
        return -1;
    os::Handle copy;
    if (!os::duplicate_handle(d->handle, copy)) {
        set_errno_from_win32(os::last_error());
        return -1;
    }
    int result = allocate(copy, static_cast<uint8_t>(d->flags & ~(kNoInherit | kOpen)));
    if (result < 0)
        os::close(copy);
    return result;
}

CRT_EXPORT int _dup2(int fd, int target) {
    Descriptor* d = lookup(fd);
    if (!d)
        return -1;
    if (target < 0 || target >= kMaxDescriptors) {
        set_errno(kEBADF);
        return -1;
    }
    if (fd == target)
        return 0;
    os::Handle copy;
    if (!os::duplicate_handle(d->handle, copy)) {
        set_errno_from_win32(os::last_error());
        return -1;
    }
    if (is_valid(target))
        _close(target);
    Descriptor& t = g_table[target];
    if (!t.lock_ready) {
        os::lock_init(t.lock);
        t.lock_ready = true;
    }
    t.handle = copy;
    t.flags = static_cast<uint8_t>((d->flags & ~kNoInherit) | kOpen);
    t.peeked = -1;
    t.wide_mode = d->wide_mode;
    return 0;
}

CRT_EXPORT int _setmode(int fd, int mode) {
    Descriptor* d = lookup(fd);
    if (!d)
        return -1;
    int previous = d->wide_mode ? d->wide_mode : (d->flags & kText) ? kOText : kOBinary;
    switch (mode) {
    case kOText:
        d->flags |= kText;
        d->wide_mode = 0;
        break;
    case kOBinary:
        d->flags &= static_cast<uint8_t>(~kText);
        d->wide_mode = 0;
        break;
    case kOWText:
    case kOU16Text:
    case kOU8Text:
        // FIXME: wide text modes are recorded (and reported back) but streams still write bytes.
        d->flags |= kText;
        d->wide_mode = mode;
        break;
    default:
        set_errno(kEINVAL);
        return -1;
    }
    return previous;
}

CRT_EXPORT int _isatty(int fd) {
    if (!is_valid(fd))
        return 0;
    return (g_table[fd].flags & kDevice) ? 1 : 0;
}

CRT_EXPORT int _eof(int fd) {
    Descriptor* d = lookup(fd);
    if (!d)
        return -1;
    DescriptorLock lock(*d);
    int64_t here = 0, end = 0;
    if (!os::seek(d->handle, 0, 1, here) || !os::seek(d->handle, 0, 2, end)) {
        set_errno_from_win32(os::last_error());
        return -1;
    }
    os::seek(d->handle, here, 0, here);
    return here >= end ? 1 : 0;
}

CRT_EXPORT int64_t _filelengthi64(int fd) {
    Descriptor* d = lookup(fd);
    if (!d)
        return -1;
    DescriptorLock lock(*d);
    int64_t here = 0, end = 0;
    if (!os::seek(d->handle, 0, 1, here) || !os::seek(d->handle, 0, 2, end)) {
        set_errno_from_win32(os::last_error());
        return -1;
    }
    os::seek(d->handle, here, 0, here);
    return end;
}

CRT_EXPORT WinLong _filelength(int fd) { return static_cast<WinLong>(_filelengthi64(fd)); }

CRT_EXPORT int _chsize_s(int fd, int64_t size) {
    Descriptor* d = lookup(fd);
    if (!d)
        return kEBADF;
    if (size < 0)
        return kEINVAL;
    DescriptorLock lock(*d);
    int64_t here = 0, ignored = 0;
    if (!os::seek(d->handle, 0, 1, here) || !os::seek(d->handle, size, 0, ignored) ||
        !os::set_end_of_file(d->handle)) {
        set_errno_from_win32(os::last_error());
        return get_errno();
    }
    os::seek(d->handle, here, 0, ignored);
    return 0;
}

CRT_EXPORT int _chsize(int fd, WinLong size) { return _chsize_s(fd, size) == 0 ? 0 : -1; }

CRT_EXPORT int _wsopen(const WideChar* path, int oflag, int share_flag, ...) {
    int pmode = 0;
    if (oflag & kOCreat) {
        va_list args;
        va_start(args, share_flag);
        pmode = va_arg(args, int);
        va_end(args);
    }
    return open_wide(path, oflag, share_flag, pmode);
}

CRT_EXPORT int _wopen(const WideChar* path, int oflag, ...) {
    int pmode = 0;
    if (oflag & kOCreat) {
        va_list args;
        va_start(args, oflag);
        pmode = va_arg(args, int);
        va_end(args);
    }
    return open_wide(path, oflag, 0x40, pmode);
}

CRT_EXPORT int _open(const char* path, int oflag, ...) {
    int pmode = 0;
    if (oflag & kOCreat) {
        va_list args;
        va_start(args, oflag);
        pmode = va_arg(args, int);
        va_end(args);
    }
    WidePath wide;
    if (!wide.convert(path))
        return -1;
    return open_wide(wide.text, oflag, 0x40, pmode);
}

CRT_EXPORT int _sopen(const char* path, int oflag, int share_flag, ...) {
    int pmode = 0;
    if (oflag & kOCreat) {
        va_list args;
        va_start(args, share_flag);
        pmode = va_arg(args, int);
        va_end(args);
    }
    WidePath wide;
    if (!wide.convert(path))
        return -1;
    return open_wide(wide.text, oflag, share_flag, pmode);
}

CRT_EXPORT int _sopen_s(int* fd, const char* path, int oflag, int share_flag, int pmode) {
    if (!fd)
        return kEINVAL;
    WidePath wide;
    *fd = -1;
    if (!wide.convert(path))
        return get_errno();
    *fd = open_wide(wide.text, oflag, share_flag, pmode);
    return *fd < 0 ? get_errno() : 0;
}

CRT_EXPORT int _wsopen_s(int* fd, const WideChar* path, int oflag, int share_flag, int pmode) {
    if (!fd)
        return kEINVAL;
    *fd = open_wide(path, oflag, share_flag, pmode);
    return *fd < 0 ? get_errno() : 0;
}

CRT_EXPORT int _creat(const char* path, int pmode) {
    WidePath wide;
    if (!wide.convert(path))
        return -1;
    return open_wide(wide.text, kOCreat | kOTrunc | kORdWr, 0x40, pmode);
}

CRT_EXPORT int _wcreat(const WideChar* path, int pmode) {
    return open_wide(path, kOCreat | kOTrunc | kORdWr, 0x40, pmode);
}
