// Character, line and block I/O on FILE streams: fputc/fputs/puts/fwrite, fgetc/fgets/fread,
// ungetc, and their wide forms (which convert through the "C" locale in text mode, as the
// Microsoft CRT does for streams not opened with a ccs= encoding).

#include "win32/crt/Errno.h"
#include "win32/crt/Stdio.h"

using namespace crt;

namespace {

constexpr int kWeof = 0xffff;

bool check_stream(CrtFile* stream) {
    if (!stream) {
        set_errno(kEINVAL);
        return false;
    }
    return true;
}

} // namespace

// ---- Output -----------------------------------------------------------------------------------

CRT_EXPORT int fputc(int c, CrtFile* stream) {
    if (!check_stream(stream))
        return kEof;
    StreamCall call(stream);
    char byte = static_cast<char>(c);
    return write_bytes(stream, &byte, 1) == 1 ? (c & 0xff) : kEof;
}

CRT_EXPORT int putc(int c, CrtFile* stream) { return fputc(c, stream); }
CRT_EXPORT int _fputc_nolock(int c, CrtFile* stream) {
    char byte = static_cast<char>(c);
    return write_bytes(stream, &byte, 1) == 1 ? (c & 0xff) : kEof;
}
CRT_EXPORT int _putc_nolock(int c, CrtFile* stream) { return _fputc_nolock(c, stream); }
CRT_EXPORT int putchar(int c) { return fputc(c, &_iob[1]); }
CRT_EXPORT int _fputchar(int c) { return fputc(c, &_iob[1]); }

CRT_EXPORT int fputs(const char* text, CrtFile* stream) {
    if (!text || !check_stream(stream)) {
        set_errno(kEINVAL);
        return kEof;
    }
    size_t length = __builtin_strlen(text);
    StreamCall call(stream);
    return write_bytes(stream, text, length) == length ? 0 : kEof;
}

CRT_EXPORT int puts(const char* text) {
    if (!text) {
        set_errno(kEINVAL);
        return kEof;
    }
    CrtFile* stream = &_iob[1];
    size_t length = __builtin_strlen(text);
    StreamCall call(stream);
    if (write_bytes(stream, text, length) != length)
        return kEof;
    return write_bytes(stream, "\n", 1) == 1 ? 0 : kEof;
}

CRT_EXPORT size_t _fwrite_nolock(const void* data, size_t size, size_t count, CrtFile* stream) {
    if (size == 0 || count == 0)
        return 0;
    if (!data || !stream || count > ~size_t(0) / size) {
        set_errno(kEINVAL);
        return 0;
    }
    size_t written = write_bytes(stream, static_cast<const char*>(data), size * count);
    return written / size;
}

CRT_EXPORT size_t fwrite(const void* data, size_t size, size_t count, CrtFile* stream) {
    if (!stream) {
        set_errno(kEINVAL);
        return 0;
    }
    StreamCall call(stream);
    return _fwrite_nolock(data, size, count, stream);
}

CRT_EXPORT int _putw(int value, CrtFile* stream) {
    if (!check_stream(stream))
        return kEof;
    StreamCall call(stream);
    return write_bytes(stream, reinterpret_cast<const char*>(&value), sizeof value) == sizeof value ? value : kEof;
}

// ---- Input ------------------------------------------------------------------------------------

CRT_EXPORT int fgetc(CrtFile* stream) {
    if (!check_stream(stream))
        return kEof;
    StreamCall call(stream);
    return read_byte(stream);
}

CRT_EXPORT int getc(CrtFile* stream) { return fgetc(stream); }
CRT_EXPORT int _fgetc_nolock(CrtFile* stream) { return read_byte(stream); }
CRT_EXPORT int _getc_nolock(CrtFile* stream) { return read_byte(stream); }
CRT_EXPORT int getchar() { return fgetc(&_iob[0]); }
CRT_EXPORT int _fgetchar() { return fgetc(&_iob[0]); }

CRT_EXPORT int _getw(CrtFile* stream) {
    if (!check_stream(stream))
        return kEof;
    StreamCall call(stream);
    int value = 0;
    auto* bytes = reinterpret_cast<unsigned char*>(&value);
    for (size_t i = 0; i < sizeof value; ++i) {
        int c = read_byte(stream);
        if (c == kEof)
            return kEof;
        bytes[i] = static_cast<unsigned char>(c);
    }
    return value;
}

CRT_EXPORT char* fgets(char* buffer, int size, CrtFile* stream) {
    if (!buffer || size <= 0 || !stream) {
        set_errno(kEINVAL);
        return nullptr;
    }
    StreamCall call(stream);
    int used = 0;
    while (used < size - 1) {
        int c = read_byte(stream);
        if (c == kEof) {
            if (used == 0)
                return nullptr;
            break;
        }
        buffer[used++] = static_cast<char>(c);
        if (c == '\n')
            break;
    }
    buffer[used] = 0;
    return buffer;
}

CRT_EXPORT char* gets(char* buffer) {
    // Unbounded by definition; kept because msvcrt exports it and old programs call it.
    if (!buffer) {
        set_errno(kEINVAL);
        return nullptr;
    }
    CrtFile* stream = &_iob[0];
    StreamCall call(stream);
    char* out = buffer;
    for (;;) {
        int c = read_byte(stream);
        if (c == kEof) {
            if (out == buffer)
                return nullptr;
            break;
        }
        if (c == '\n')
            break;
        *out++ = static_cast<char>(c);
    }
    *out = 0;
    return buffer;
}

CRT_EXPORT size_t _fread_nolock(void* data, size_t size, size_t count, CrtFile* stream) {
    if (size == 0 || count == 0)
        return 0;
    if (!data || !stream || count > ~size_t(0) / size) {
        set_errno(kEINVAL);
        return 0;
    }
    auto* out = static_cast<unsigned char*>(data);
    size_t total = size * count, done = 0;
    while (done < total) {
        if ((stream->_flag & kIoRead) && stream->_cnt > 0) {
            size_t n = min(total - done, static_cast<size_t>(stream->_cnt));
            __builtin_memcpy(out + done, stream->_ptr, n);
            stream->_ptr += n;
            stream->_cnt -= static_cast<int>(n);
            done += n;
            continue;
        }
        int c = read_byte(stream); // refills the buffer
        if (c == kEof)
            break;
        out[done++] = static_cast<unsigned char>(c);
    }
    return done / size;
}

CRT_EXPORT size_t fread(void* data, size_t size, size_t count, CrtFile* stream) {
    if (!stream) {
        set_errno(kEINVAL);
        return 0;
    }
    StreamCall call(stream);
    return _fread_nolock(data, size, count, stream);
}

CRT_EXPORT int ungetc(int c, CrtFile* stream) {
    if (!check_stream(stream))
        return kEof;
    StreamCall call(stream);
    return unget_byte(c, stream);
}

CRT_EXPORT int _ungetc_nolock(int c, CrtFile* stream) { return unget_byte(c, stream); }

// ---- Wide characters --------------------------------------------------------------------------
// FIXME: streams in _O_U16TEXT/_O_U8TEXT mode should write UTF-16/UTF-8; they write "C"-locale
// bytes like text streams for now.

CRT_EXPORT unsigned short fputwc(unsigned short c, CrtFile* stream) {
    if (!check_stream(stream))
        return kWeof;
    if (c > 0xff) {
        set_errno(kEILSEQ);
        return kWeof;
    }
    StreamCall call(stream);
    char byte = static_cast<char>(c);
    return write_bytes(stream, &byte, 1) == 1 ? c : kWeof;
}

CRT_EXPORT unsigned short putwc(unsigned short c, CrtFile* stream) { return fputwc(c, stream); }
CRT_EXPORT unsigned short putwchar(unsigned short c) { return fputwc(c, &_iob[1]); }
CRT_EXPORT unsigned short _fputwchar(unsigned short c) { return fputwc(c, &_iob[1]); }

CRT_EXPORT int fputws(const WideChar* text, CrtFile* stream) {
    if (!text || !check_stream(stream)) {
        set_errno(kEINVAL);
        return kEof;
    }
    StreamCall call(stream);
    for (; *text; ++text) {
        if (static_cast<uint16_t>(*text) > 0xff) {
            set_errno(kEILSEQ);
            return kEof;
        }
        char byte = static_cast<char>(*text);
        if (write_bytes(stream, &byte, 1) != 1)
            return kEof;
    }
    return 0;
}

CRT_EXPORT int _putws(const WideChar* text) {
    if (fputws(text, &_iob[1]) != 0)
        return kEof;
    return fputwc('\n', &_iob[1]) == kWeof ? kEof : 0;
}

CRT_EXPORT unsigned short fgetwc(CrtFile* stream) {
    if (!check_stream(stream))
        return kWeof;
    StreamCall call(stream);
    int c = read_byte(stream);
    return c == kEof ? kWeof : static_cast<unsigned short>(c);
}

CRT_EXPORT unsigned short getwc(CrtFile* stream) { return fgetwc(stream); }
CRT_EXPORT unsigned short getwchar() { return fgetwc(&_iob[0]); }
CRT_EXPORT unsigned short _fgetwchar() { return fgetwc(&_iob[0]); }

CRT_EXPORT unsigned short ungetwc(unsigned short c, CrtFile* stream) {
    if (c == kWeof || c > 0xff || !check_stream(stream))
        return kWeof;
    StreamCall call(stream);
    return unget_byte(c, stream) == kEof ? kWeof : c;
}

CRT_EXPORT WideChar* fgetws(WideChar* buffer, int size, CrtFile* stream) {
    if (!buffer || size <= 0 || !stream) {
        set_errno(kEINVAL);
        return nullptr;
    }
    StreamCall call(stream);
    int used = 0;
    while (used < size - 1) {
        int c = read_byte(stream);
        if (c == kEof) {
            if (used == 0)
                return nullptr;
            break;
        }
        buffer[used++] = static_cast<WideChar>(c);
        if (c == '\n')
            break;
    }
    buffer[used] = 0;
    return buffer;
}
