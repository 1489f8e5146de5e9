// FILE streams: the stream table, buffering, opening, closing, flushing and positioning (see
// Stdio.h). Character and block I/O are in StdioIo.cpp, formatted output in StdioPrintf.cpp.

#include <stdarg.h>

#include "win32/crt/Errno.h"
#include "win32/crt/FileDescriptors.h"
#include "win32/crt/Globals.h"
#include "win32/crt/Stdio.h"

extern "C" crt::CrtFile _iob[crt::kIobEntries] = {};

namespace crt {

namespace {

struct StreamExtra {
    os::LockStorage lock;
    bool lock_ready;
    bool in_use;
    /// Written out at the end of every call: unbuffered streams, and stdout/stderr on a console
    /// (the CRT's temporary buffering, _stbuf/_ftbuf).
    bool flush_after_call;
    /// tmpfile(): the file to delete when the stream is closed.
    WideChar* delete_on_close;
};

struct AllocatedStream {
    CrtFile file;
    StreamExtra extra;
};

StreamExtra g_iob_extra[kIobEntries];
CrtFile* g_streams[kMaxStreams];
os::LockStorage g_streams_lock;

StreamExtra& extra_of(CrtFile* stream) {
    if (stream >= _iob && stream < _iob + kIobEntries)
        return g_iob_extra[stream - _iob];
    return reinterpret_cast<AllocatedStream*>(stream)->extra;
}

void ensure_lock(StreamExtra& extra) {
    if (!extra.lock_ready) {
        os::lock_init(extra.lock);
        extra.lock_ready = true;
    }
}

/// Finds a free stream slot and marks it used; returns null (errno EMFILE) when none is left.
CrtFile* allocate_stream() {
    os::lock_enter(g_streams_lock);
    CrtFile* result = nullptr;
    for (int i = 0; i < kMaxStreams && !result; ++i) {
        if (!g_streams[i]) {
            if (i < kIobEntries) {
                g_streams[i] = &_iob[i];
            } else {
                auto* block = static_cast<AllocatedStream*>(os::heap_alloc(sizeof(AllocatedStream), true));
                if (!block)
                    break;
                g_streams[i] = &block->file;
            }
        }
        StreamExtra& extra = extra_of(g_streams[i]);
        if (!extra.in_use) {
            ensure_lock(extra);
            extra.in_use = true;
            extra.flush_after_call = false;
            extra.delete_on_close = nullptr;
            result = g_streams[i];
            *result = CrtFile{};
            result->_file = -1;
        }
    }
    os::lock_leave(g_streams_lock);
    if (!result)
        set_errno(kEMFILE);
    return result;
}

void release_stream(CrtFile* stream) {
    os::lock_enter(g_streams_lock);
    *stream = CrtFile{};
    stream->_file = -1;
    extra_of(stream).in_use = false;
    os::lock_leave(g_streams_lock);
}

bool ensure_buffer(CrtFile* stream) {
    if (stream->_base)
        return true;
    auto* buffer = static_cast<char*>(os::heap_alloc(kDefaultBuffer, false));
    if (buffer) {
        stream->_flag |= kIoMyBuffer;
        stream->_base = buffer;
        stream->_bufsiz = kDefaultBuffer;
    } else {
        // No memory: fall back to the one-character buffer inside the FILE, as the CRT does.
        stream->_flag |= kIoNoBuffer;
        stream->_base = reinterpret_cast<char*>(&stream->_charbuf);
        stream->_bufsiz = 1;
    }
    stream->_ptr = stream->_base;
    stream->_cnt = 0;
    return true;
}

bool is_text(CrtFile* stream) { return fd::flags_of(stream->_file) & fd::kText; }

} // namespace

StreamCall::StreamCall(CrtFile* stream) : m_stream(stream) {
    StreamExtra& extra = extra_of(stream);
    ensure_lock(extra);
    os::lock_enter(extra.lock);
}

StreamCall::~StreamCall() {
    StreamExtra& extra = extra_of(m_stream);
    if (extra.flush_after_call && (m_stream->_flag & kIoWrite) && m_stream->_base &&
        m_stream->_ptr != m_stream->_base) {
        flush_stream(m_stream);
    }
    if (extra.flush_after_call && (m_stream->_flag & kIoWrite))
        m_stream->_cnt = 0; // keep inline putc macros calling _flsbuf
    os::lock_leave(extra.lock);
}

void initialize_stdio() {
    os::lock_init(g_streams_lock);
    for (int i = 0; i < 3; ++i) {
        CrtFile* stream = &_iob[i];
        g_streams[i] = stream;
        StreamExtra& extra = g_iob_extra[i];
        ensure_lock(extra);
        extra.in_use = true;
        *stream = CrtFile{};
        stream->_file = i;
        stream->_flag = i == 0 ? kIoRead : kIoWrite;
        bool console = fd::is_device(i);
        extra.flush_after_call = i == 2 || (i == 1 && console);
    }
}

int flush_stream(CrtFile* stream) {
    if (!(stream->_flag & kIoWrite) || !stream->_base) {
        return 0;
    }
    int pending = static_cast<int>(stream->_ptr - stream->_base);
    int result = 0;
    if (pending > 0) {
        int written = _write(stream->_file, stream->_base, static_cast<unsigned>(pending));
        if (written != pending) {
            stream->_flag |= kIoError;
            result = kEof;
        } else if (stream->_flag & kIoCommit) {
            _commit(stream->_file);
        }
    }
    stream->_ptr = stream->_base;
    stream->_cnt = (stream->_flag & kIoNoBuffer) ? 0 : stream->_bufsiz;
    if (stream->_flag & kIoReadWrite)
        stream->_flag &= ~kIoWrite; // a read/write stream may change direction after a flush
    return result;
}

/// Prepares the stream for writing; false (with _IOERR) when it is not writable.
static bool begin_write(CrtFile* stream) {
    if (stream->_flag & kIoString)
        return true;
    if (stream->_flag & kIoWrite) {
        if (!stream->_base) {
            ensure_buffer(stream);
            stream->_cnt = stream->_bufsiz;
        }
        return true;
    }
    bool readable_only = (stream->_flag & kIoRead) && !(stream->_flag & kIoReadWrite);
    if (readable_only) {
        stream->_flag |= kIoError;
        set_errno(kEBADF);
        return false;
    }
    if (stream->_flag & kIoRead) {
        // Switching from reading: the CRT requires a positioning call in between unless at EOF;
        // be forgiving and drop the read-ahead so the file position matches what was consumed.
        if (stream->_cnt > 0 && !(stream->_flag & kIoEof))
            _lseeki64(stream->_file, -static_cast<int64_t>(stream->_cnt), 1);
        stream->_flag &= ~(kIoRead | kIoEof);
    }
    stream->_flag |= kIoWrite;
    if (!stream->_base)
        ensure_buffer(stream);
    stream->_ptr = stream->_base;
    stream->_cnt = stream->_bufsiz;
    return true;
}

size_t write_bytes(CrtFile* stream, const char* data, size_t count) {
    if (count == 0)
        return 0;
    if (!begin_write(stream))
        return 0;
    if (stream->_flag & kIoString) {
        // sprintf-style string streams (only used by legacy callers through _flsbuf).
        size_t n = min<size_t>(count, static_cast<size_t>(stream->_cnt > 0 ? stream->_cnt : 0));
        __builtin_memcpy(stream->_ptr, data, n);
        stream->_ptr += n;
        stream->_cnt -= static_cast<int>(n);
        return n;
    }
    size_t done = 0;
    while (done < count) {
        size_t space = static_cast<size_t>(stream->_bufsiz - (stream->_ptr - stream->_base));
        if (space == 0) {
            if (flush_stream(stream) != 0)
                return done;
            stream->_flag |= kIoWrite;
            continue;
        }
        size_t n = min(space, count - done);
        // Large writes into an empty buffer go straight to the descriptor.
        if (stream->_ptr == stream->_base && count - done >= static_cast<size_t>(stream->_bufsiz)) {
            size_t direct = (count - done) - (count - done) % static_cast<size_t>(stream->_bufsiz);
            if (direct > 0x7fff0000u)
                direct = 0x7fff0000u;
            int written = _write(stream->_file, data + done, static_cast<unsigned>(direct));
            if (written < 0 || static_cast<size_t>(written) != direct) {
                stream->_flag |= kIoError;
                return done + (written > 0 ? static_cast<size_t>(written) : 0);
            }
            done += direct;
            continue;
        }
        __builtin_memcpy(stream->_ptr, data + done, n);
        stream->_ptr += n;
        stream->_cnt = stream->_bufsiz - static_cast<int>(stream->_ptr - stream->_base);
        done += n;
    }
    return done;
}

/// Refills the buffer (the CRT's _filbuf) and returns the next byte, or EOF.
static int fill_buffer(CrtFile* stream) {
    if (stream->_flag & kIoString)
        return kEof;
    if (stream->_flag & kIoWrite) {
        if (!(stream->_flag & kIoReadWrite)) {
            stream->_flag |= kIoError;
            set_errno(kEBADF);
            return kEof;
        }
        flush_stream(stream);
        stream->_flag &= ~kIoWrite;
    }
    stream->_flag |= kIoRead;
    if (!stream->_base)
        ensure_buffer(stream);
    int n = _read(stream->_file, stream->_base, static_cast<unsigned>(stream->_bufsiz));
    if (n <= 0) {
        stream->_flag |= n == 0 ? kIoEof : kIoError;
        stream->_cnt = 0;
        stream->_ptr = stream->_base;
        return kEof;
    }
    stream->_ptr = stream->_base;
    stream->_cnt = n - 1;
    return static_cast<unsigned char>(*stream->_ptr++);
}

int read_byte(CrtFile* stream) {
    if ((stream->_flag & kIoRead) && stream->_cnt > 0) {
        --stream->_cnt;
        return static_cast<unsigned char>(*stream->_ptr++);
    }
    if (stream->_flag & kIoEof)
        return kEof;
    return fill_buffer(stream);
}

int unget_byte(int c, CrtFile* stream) {
    if (c == kEof)
        return kEof;
    if (!(stream->_flag & kIoRead)) {
        if ((stream->_flag & kIoWrite) && !(stream->_flag & kIoReadWrite))
            return kEof;
        if (stream->_flag & kIoWrite)
            flush_stream(stream);
        stream->_flag = (stream->_flag & ~kIoWrite) | kIoRead;
        if (!stream->_base)
            ensure_buffer(stream);
        stream->_ptr = stream->_base + stream->_bufsiz;
        stream->_cnt = 0;
    }
    if (!stream->_base)
        ensure_buffer(stream);
    if (stream->_ptr == stream->_base) {
        if (stream->_cnt != 0)
            return kEof; // no room in front of unread data
        stream->_ptr = stream->_base + (stream->_bufsiz > 1 ? 1 : 0);
        if (stream->_ptr == stream->_base)
            return kEof;
    }
    --stream->_ptr;
    *stream->_ptr = static_cast<char>(c);
    ++stream->_cnt;
    stream->_flag &= ~kIoEof;
    return c & 0xff;
}

int flush_all_streams() {
    int count = 0;
    for (int i = 0; i < kMaxStreams; ++i) {
        CrtFile* stream = g_streams[i];
        if (!stream || !extra_of(stream).in_use)
            continue;
        StreamCall call(stream);
        if (stream->_flag & kIoWrite)
            flush_stream(stream);
        ++count;
    }
    return count;
}

// ---- Opening ----------------------------------------------------------------------------------

namespace {

struct ParsedMode {
    int oflag;
    int stream_flags;
    bool ok;
};

/// fopen mode strings: r w a, '+', then any of b t c n N S R T D x and ",ccs=..." (ucrt).
template <typename CharT>
ParsedMode parse_mode(const CharT* mode) {
    ParsedMode result{0, 0, false};
    while (*mode == ' ')
        ++mode;
    switch (*mode) {
    case 'r':
        result.oflag = fd::kORdOnly;
        result.stream_flags = kIoRead;
        break;
    case 'w':
        result.oflag = fd::kOWrOnly | fd::kOCreat | fd::kOTrunc;
        result.stream_flags = kIoWrite;
        break;
    case 'a':
        result.oflag = fd::kOWrOnly | fd::kOCreat | fd::kOAppend;
        result.stream_flags = kIoWrite;
        break;
    default:
        set_errno(kEINVAL);
        return result;
    }
    ++mode;
    bool seen_plus = false, seen_mode = false, seen_commit = false;
    for (; *mode; ++mode) {
        switch (*mode) {
        case '+':
            if (seen_plus)
                return result;
            seen_plus = true;
            result.oflag = (result.oflag & ~(fd::kOWrOnly)) | fd::kORdWr;
            result.stream_flags = kIoReadWrite;
            break;
        case 'b':
        case 't':
            if (seen_mode)
                return result;
            seen_mode = true;
            result.oflag |= *mode == 'b' ? fd::kOBinary : fd::kOText;
            break;
        case 'c':
        case 'n':
            if (seen_commit)
                return result;
            seen_commit = true;
            if (*mode == 'c')
                result.stream_flags |= kIoCommit;
            break;
        case 'N':
            result.oflag |= fd::kONoInherit;
            break;
        case 'S':
            result.oflag |= fd::kOSequential;
            break;
        case 'R':
            result.oflag |= fd::kORandom;
            break;
        case 'T':
            result.oflag |= fd::kOShortLived;
            break;
        case 'D':
            result.oflag |= fd::kOTemporary;
            break;
        case 'x':
            result.oflag |= fd::kOExcl;
            break;
        case ' ':
            break;
        case ',':
            // ",ccs=UTF-8|UTF-16LE|UNICODE": FIXME: encoded streams are opened as text streams.
            result.ok = true;
            return result;
        default:
            set_errno(kEINVAL);
            return result;
        }
    }
    if (!seen_commit && (_commode & kIoCommit))
        result.stream_flags |= kIoCommit;
    result.ok = true;
    return result;
}

CrtFile* open_stream(const WideChar* path, ParsedMode mode, int share) {
    CrtFile* stream = allocate_stream();
    if (!stream)
        return nullptr;
    int fd = fd::open_wide(path, mode.oflag, share, 0x180 /* _S_IREAD | _S_IWRITE */);
    if (fd < 0) {
        release_stream(stream);
        return nullptr;
    }
    stream->_file = fd;
    stream->_flag = mode.stream_flags;
    return stream;
}

template <typename CharT>
bool mode_to_wide(const CharT* mode, WideChar* out, size_t capacity) {
    size_t i = 0;
    for (; mode[i]; ++i) {
        if (i + 1 >= capacity)
            return false;
        out[i] = static_cast<WideChar>(static_cast<unsigned char>(mode[i]));
    }
    out[i] = 0;
    return true;
}

} // namespace

} // namespace crt

using namespace crt;

CRT_EXPORT CrtFile* _wfsopen(const WideChar* path, const WideChar* mode, int share) {
    if (!path || !mode || !*path) {
        set_errno(kEINVAL);
        return nullptr;
    }
    ParsedMode parsed = parse_mode(mode);
    if (!parsed.ok) {
        set_errno(kEINVAL);
        return nullptr;
    }
    return open_stream(path, parsed, share);
}

CRT_EXPORT CrtFile* _fsopen(const char* path, const char* mode, int share) {
    if (!path || !mode || !*path) {
        set_errno(kEINVAL);
        return nullptr;
    }
    ParsedMode parsed = parse_mode(mode);
    if (!parsed.ok) {
        set_errno(kEINVAL);
        return nullptr;
    }
    fd::WidePath wide;
    if (!wide.convert(path))
        return nullptr;
    return open_stream(wide.text, parsed, share);
}

CRT_EXPORT CrtFile* fopen(const char* path, const char* mode) { return _fsopen(path, mode, 0x40); }
CRT_EXPORT CrtFile* _wfopen(const WideChar* path, const WideChar* mode) { return _wfsopen(path, mode, 0x40); }

CRT_EXPORT int fopen_s(CrtFile** result, const char* path, const char* mode) {
    if (!result)
        return kEINVAL;
    *result = _fsopen(path, mode, 0x40);
    return *result ? 0 : get_errno();
}

CRT_EXPORT int _wfopen_s(CrtFile** result, const WideChar* path, const WideChar* mode) {
    if (!result)
        return kEINVAL;
    *result = _wfsopen(path, mode, 0x40);
    return *result ? 0 : get_errno();
}

CRT_EXPORT CrtFile* _fdopen(int fd, const char* mode) {
    if (!mode) {
        set_errno(kEINVAL);
        return nullptr;
    }
    if (!fd::is_valid(fd)) {
        set_errno(kEBADF);
        return nullptr;
    }
    ParsedMode parsed = parse_mode(mode);
    if (!parsed.ok) {
        set_errno(kEINVAL);
        return nullptr;
    }
    CrtFile* stream = allocate_stream();
    if (!stream)
        return nullptr;
    stream->_file = fd;
    stream->_flag = parsed.stream_flags;
    return stream;
}

CRT_EXPORT CrtFile* _wfdopen(int fd, const WideChar* mode) {
    char narrow[32];
    size_t i = 0;
    for (; mode && mode[i] && i < 31; ++i)
        narrow[i] = static_cast<char>(mode[i]);
    narrow[i] = 0;
    return _fdopen(fd, mode ? narrow : nullptr);
}

static int close_stream_locked(CrtFile* stream) {
    int result = 0;
    if (stream->_flag & kIoWrite)
        result = flush_stream(stream);
    if (stream->_file >= 0 && _close(stream->_file) < 0)
        result = kEof;
    if (stream->_flag & kIoMyBuffer)
        os::heap_free(stream->_base);
    return result;
}

CRT_EXPORT int fclose(CrtFile* stream) {
    if (!stream) {
        set_errno(kEINVAL);
        return kEof;
    }
    int result;
    WideChar* to_delete;
    {
        StreamCall call(stream);
        result = close_stream_locked(stream);
        to_delete = extra_of(stream).delete_on_close;
        extra_of(stream).delete_on_close = nullptr;
        stream->_flag = 0;
        stream->_base = stream->_ptr = nullptr;
        stream->_cnt = 0;
    }
    if (to_delete) {
        os::delete_file(to_delete);
        os::heap_free(to_delete);
    }
    release_stream(stream);
    return result;
}

CRT_EXPORT int _fcloseall() {
    int closed = 0;
    for (int i = 3; i < kMaxStreams; ++i) {
        CrtFile* stream = g_streams[i];
        if (stream && extra_of(stream).in_use) {
            fclose(stream);
            ++closed;
        }
    }
    return closed;
}

CRT_EXPORT CrtFile* _wfreopen(const WideChar* path, const WideChar* mode, CrtFile* stream) {
    if (!path || !mode || !stream) {
        set_errno(kEINVAL);
        return nullptr;
    }
    ParsedMode parsed = parse_mode(mode);
    if (!parsed.ok) {
        set_errno(kEINVAL);
        return nullptr;
    }
    StreamCall call(stream);
    close_stream_locked(stream);
    int fd = fd::open_wide(path, parsed.oflag, 0x40, 0x180);
    *stream = CrtFile{};
    stream->_file = fd;
    if (fd < 0)
        return nullptr;
    stream->_flag = parsed.stream_flags;
    return stream;
}

CRT_EXPORT CrtFile* freopen(const char* path, const char* mode, CrtFile* stream) {
    if (!path || !mode) {
        set_errno(kEINVAL);
        return nullptr;
    }
    fd::WidePath wide_path;
    if (!wide_path.convert(path))
        return nullptr;
    WideChar wide_mode[32];
    if (!mode_to_wide(mode, wide_mode, 32)) {
        set_errno(kEINVAL);
        return nullptr;
    }
    return _wfreopen(wide_path.text, wide_mode, stream);
}

CRT_EXPORT int freopen_s(CrtFile** result, const char* path, const char* mode, CrtFile* stream) {
    if (!result)
        return kEINVAL;
    *result = freopen(path, mode, stream);
    return *result ? 0 : get_errno();
}

CRT_EXPORT int fflush(CrtFile* stream) {
    if (!stream) {
        flush_all_streams();
        return 0;
    }
    StreamCall call(stream);
    int result = flush_stream(stream);
    if (result == 0 && (stream->_flag & kIoCommit))
        _commit(stream->_file);
    return result;
}

CRT_EXPORT int _fflush_nolock(CrtFile* stream) { return stream ? flush_stream(stream) : (flush_all_streams(), 0); }
CRT_EXPORT int _flushall() { return flush_all_streams(); }

// ---- Positioning ------------------------------------------------------------------------------

static int64_t tell_locked(CrtFile* stream) {
    if (stream->_file < 0) {
        set_errno(kEINVAL);
        return -1;
    }
    int64_t position = _lseeki64(stream->_file, 0, 1);
    if (position < 0)
        return -1;
    bool text = is_text(stream);
    if ((stream->_flag & kIoWrite) && stream->_base) {
        int64_t pending = stream->_ptr - stream->_base;
        if (text)
            for (char* p = stream->_base; p < stream->_ptr; ++p)
                pending += *p == '\n';
        if (fd::flags_of(stream->_file) & fd::kAppend) {
            int64_t end = _lseeki64(stream->_file, 0, 2);
            _lseeki64(stream->_file, position, 0);
            position = end;
        }
        return position + pending;
    }
    if ((stream->_flag & kIoRead) && stream->_cnt > 0) {
        int64_t unread = stream->_cnt;
        // FIXME: assumes every '\n' still in the buffer was a CRLF on disk; a bare LF in a text
        // file makes ftell report one byte too many per such line (the CRT rereads to find out).
        if (text)
            for (int i = 0; i < stream->_cnt; ++i)
                unread += stream->_ptr[i] == '\n';
        return position - unread;
    }
    return position;
}

static int seek_locked(CrtFile* stream, int64_t offset, int origin) {
    if (origin < 0 || origin > 2 || stream->_file < 0) {
        set_errno(kEINVAL);
        return -1;
    }
    if (origin == 1) {
        int64_t here = tell_locked(stream);
        if (here < 0)
            return -1;
        offset += here;
        origin = 0;
    }
    if (stream->_flag & kIoWrite)
        flush_stream(stream);
    stream->_flag &= ~kIoEof;
    if (stream->_base) {
        stream->_ptr = stream->_base;
        stream->_cnt = 0;
    }
    if (stream->_flag & kIoReadWrite)
        stream->_flag &= ~(kIoRead | kIoWrite);
    return _lseeki64(stream->_file, offset, origin) < 0 ? -1 : 0;
}

CRT_EXPORT int _fseeki64(CrtFile* stream, int64_t offset, int origin) {
    if (!stream) {
        set_errno(kEINVAL);
        return -1;
    }
    StreamCall call(stream);
    return seek_locked(stream, offset, origin);
}

CRT_EXPORT int fseek(CrtFile* stream, WinLong offset, int origin) { return _fseeki64(stream, offset, origin); }

CRT_EXPORT int64_t _ftelli64(CrtFile* stream) {
    if (!stream) {
        set_errno(kEINVAL);
        return -1;
    }
    StreamCall call(stream);
    return tell_locked(stream);
}

CRT_EXPORT WinLong ftell(CrtFile* stream) {
    int64_t position = _ftelli64(stream);
    if (position > 0x7fffffff) {
        set_errno(kEINVAL);
        return -1;
    }
    return static_cast<WinLong>(position);
}

CRT_EXPORT int fgetpos(CrtFile* stream, int64_t* position) {
    if (!position) {
        set_errno(kEINVAL);
        return -1;
    }
    *position = _ftelli64(stream);
    return *position < 0 ? -1 : 0;
}

CRT_EXPORT int fsetpos(CrtFile* stream, const int64_t* position) {
    if (!position) {
        set_errno(kEINVAL);
        return -1;
    }
    return _fseeki64(stream, *position, 0);
}

CRT_EXPORT void rewind(CrtFile* stream) {
    if (!stream)
        return;
    StreamCall call(stream);
    seek_locked(stream, 0, 0);
    stream->_flag &= ~kIoError;
}

// ---- State ------------------------------------------------------------------------------------

CRT_EXPORT int feof(CrtFile* stream) {
    if (!stream) {
        set_errno(kEINVAL);
        return 0;
    }
    return (stream->_flag & kIoEof) ? kIoEof : 0;
}

CRT_EXPORT int ferror(CrtFile* stream) {
    if (!stream) {
        set_errno(kEINVAL);
        return 0;
    }
    return (stream->_flag & kIoError) ? kIoError : 0;
}

CRT_EXPORT void clearerr(CrtFile* stream) {
    if (!stream)
        return;
    StreamCall call(stream);
    stream->_flag &= ~(kIoError | kIoEof);
}

CRT_EXPORT int clearerr_s(CrtFile* stream) {
    if (!stream)
        return kEINVAL;
    clearerr(stream);
    return 0;
}

CRT_EXPORT int _fileno(CrtFile* stream) {
    if (!stream) {
        set_errno(kEINVAL);
        return -1;
    }
    return stream->_file;
}

CRT_EXPORT int setvbuf(CrtFile* stream, char* buffer, int mode, size_t size) {
    // _IOFBF 0x0000, _IOLBF 0x0040 (the same as full buffering on Windows), _IONBF 0x0004.
    if (!stream || (mode != 0 && mode != 0x40 && mode != 0x4) ||
        (mode != 0x4 && (size < 2 || size > 0x7fffffff))) {
        set_errno(kEINVAL);
        return -1;
    }
    StreamCall call(stream);
    flush_stream(stream);
    if (stream->_flag & kIoMyBuffer)
        os::heap_free(stream->_base);
    stream->_flag &= ~(kIoMyBuffer | kIoYourBuffer | kIoNoBuffer | kIoSetVBuffer);
    stream->_base = stream->_ptr = nullptr;
    stream->_cnt = 0;
    StreamExtra& extra = extra_of(stream);
    if (mode == 0x4) {
        stream->_flag |= kIoNoBuffer;
        extra.flush_after_call = true;
        ensure_buffer(stream); // an internal buffer, written out at the end of each call
        stream->_flag |= kIoNoBuffer;
        return 0;
    }
    extra.flush_after_call = false;
    size &= ~size_t(1);
    if (buffer) {
        stream->_flag |= kIoYourBuffer | kIoSetVBuffer;
        stream->_base = buffer;
    } else {
        buffer = static_cast<char*>(os::heap_alloc(size, false));
        if (!buffer)
            return -1;
        stream->_flag |= kIoMyBuffer | kIoSetVBuffer;
        stream->_base = buffer;
    }
    stream->_ptr = stream->_base;
    stream->_bufsiz = static_cast<int>(size);
    return 0;
}

CRT_EXPORT void setbuf(CrtFile* stream, char* buffer) {
    if (buffer)
        setvbuf(stream, buffer, 0, 512 /* BUFSIZ */);
    else
        setvbuf(stream, nullptr, 0x4, 0);
}

CRT_EXPORT void _lock_file(CrtFile* stream) {
    StreamExtra& extra = extra_of(stream);
    ensure_lock(extra);
    os::lock_enter(extra.lock);
}

CRT_EXPORT void _unlock_file(CrtFile* stream) { os::lock_leave(extra_of(stream).lock); }

CRT_EXPORT int _getmaxstdio() { return kMaxStreams; }

CRT_EXPORT int _setmaxstdio(int maximum) {
    // The table is fixed at 512 streams; larger requests are refused as the CRT refuses > 8192.
    if (maximum < kIobEntries || maximum > kMaxStreams) {
        set_errno(kEINVAL);
        return -1;
    }
    return maximum;
}

// ---- Temporary files --------------------------------------------------------------------------

CRT_EXPORT CrtFile* tmpfile() {
    static unsigned counter;
    WideChar directory[300];
    uint32_t length = os::temp_path(directory, 260);
    if (length == 0 || length >= 260) {
        set_errno(kEACCES);
        return nullptr;
    }
    for (int attempt = 0; attempt < 100; ++attempt) {
        unsigned unique = (os::current_process_id() << 12) ^ (++counter);
        WideChar* path = static_cast<WideChar*>(os::heap_alloc(sizeof(WideChar) * 300, false));
        if (!path) {
            set_errno(kENOMEM);
            return nullptr;
        }
        uint32_t i = 0;
        for (; i < length; ++i)
            path[i] = directory[i];
        const char* prefix = "t";
        for (const char* p = prefix; *p; ++p)
            path[i++] = static_cast<WideChar>(*p);
        for (int shift = 28; shift >= 0; shift -= 4)
            path[i++] = static_cast<WideChar>("0123456789abcdef"[(unique >> shift) & 0xf]);
        for (const char* p = ".tmp"; *p; ++p)
            path[i++] = static_cast<WideChar>(*p);
        path[i] = 0;
        ParsedMode mode{fd::kORdWr | fd::kOCreat | fd::kOExcl | fd::kOBinary | fd::kOShortLived,
                        kIoReadWrite, true};
        CrtFile* stream = open_stream(path, mode, 0x40);
        if (stream) {
            extra_of(stream).delete_on_close = path;
            return stream;
        }
        os::heap_free(path);
        if (get_errno() != kEEXIST)
            return nullptr;
    }
    return nullptr;
}

CRT_EXPORT int tmpfile_s(CrtFile** result) {
    if (!result)
        return kEINVAL;
    *result = tmpfile();
    return *result ? 0 : get_errno();
}

CRT_EXPORT int _rmtmp() {
    int removed = 0;
    for (int i = 3; i < kMaxStreams; ++i) {
        CrtFile* stream = g_streams[i];
        if (stream && extra_of(stream).in_use && extra_of(stream).delete_on_close) {
            fclose(stream);
            ++removed;
        }
    }
    return removed;
}

CRT_EXPORT CrtFile* __iob_func() { return _iob; }
CRT_EXPORT CrtFile* __acrt_iob_func(unsigned index) { return index < 3 ? &_iob[index] : nullptr; }

/// The CRT's _filbuf / _flsbuf, called by inline getc/putc macros of old headers.
CRT_EXPORT int _filbuf(CrtFile* stream) { return fill_buffer(stream); }

CRT_EXPORT int _flsbuf(int c, CrtFile* stream) {
    char byte = static_cast<char>(c);
    return write_bytes(stream, &byte, 1) == 1 ? (c & 0xff) : kEof;
}
