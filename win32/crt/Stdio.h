#pragma once

// FILE streams. The structure is msvcrt's `struct _iobuf` (48 bytes) because programs built
// against msvcrt.dll index the exported _iob array with that size (mingw's stdin/stdout/stderr
// are &__iob_func()[0..2]); ucrtbase treats FILE as opaque and uses the same layout internally.
// The fields keep their historical meaning: _ptr/_cnt/_base/_bufsiz describe the buffer,
// _flag holds the _IO* state bits, _file the descriptor.

#include "win32/crt/CrtTypes.h"
#include "win32/crt/Os.h"

namespace crt {

struct CrtFile {
    char* _ptr;
    int _cnt;
    char* _base;
    int _flag;
    int _file;
    int _charbuf;
    int _bufsiz;
    char* _tmpfname;
};
static_assert(sizeof(CrtFile) == 48);

// _flag bits (msvcrt's stdio.h / internal file2.h).
enum StreamFlag : int {
    kIoRead = 0x0001,
    kIoWrite = 0x0002,
    kIoNoBuffer = 0x0004,
    kIoMyBuffer = 0x0008,
    kIoEof = 0x0010,
    kIoError = 0x0020,
    kIoString = 0x0040,
    kIoReadWrite = 0x0080,
    kIoYourBuffer = 0x0100,
    kIoSetVBuffer = 0x0400,
    kIoCommit = 0x4000,
};

constexpr int kIobEntries = 20;     ///< size of the exported _iob array (_IOB_ENTRIES)
constexpr int kMaxStreams = 512;    ///< _getmaxstdio's default
constexpr int kDefaultBuffer = 4096; ///< _INTERNAL_BUFSIZ
constexpr int kEof = -1;

/// Opens the standard streams over descriptors 0-2 (after the descriptor table).
void initialize_stdio();
/// Flushes every stream (exit, _flushall); returns the number of streams flushed.
int flush_all_streams();

/// RAII lock of one stream; also performs the end-of-call flush of streams that the Microsoft
/// CRT writes out at the end of each call (unbuffered streams, and stdout/stderr on a console).
class StreamCall {
public:
    explicit StreamCall(CrtFile* stream);
    ~StreamCall();

private:
    CrtFile* m_stream;
};

// Unlocked primitives (the caller holds a StreamCall).
size_t write_bytes(CrtFile* stream, const char* data, size_t count);
int read_byte(CrtFile* stream);
int flush_stream(CrtFile* stream);
int unget_byte(int c, CrtFile* stream);

} // namespace crt

extern "C" crt::CrtFile _iob[crt::kIobEntries];
