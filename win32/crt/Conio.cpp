// Console I/O of <conio.h>: _getch/_getche/_getwch/_getwche, _ungetch/_ungetwch, _kbhit,
// _putch/_putwch, _cputs/_cputws, _cprintf and _cgets.
//
// As in the Microsoft CRT these talk to the console itself ("CONIN$"/"CONOUT$", opened once on
// first use), not to stdin/stdout: a program with redirected standard handles still reads keys
// from and writes to its console, and a process without a console gets EOF from the input
// functions and errors from the output ones. _getch reads one character with the console mode
// set to 0 for the duration (no line editing, no echo, Ctrl+C delivered as character 3), then
// restores the mode. One character can be pushed back with _ungetch; it is what the next
// _getch returns and makes _kbhit true.
//
// FIXME: keys without a character (arrows, function keys) are not reported as the 0/0xE0 prefix
// and scan code, and _kbhit cannot see pending console input: both need ReadConsoleInputW and
// PeekConsoleInputW, which kernelbase does not provide yet.

#include <stdarg.h>

#include "win32/crt/Errno.h"
#include "win32/crt/OsConsole.h"
#include "win32/crt/Printf.h"
#include "win32/crt/Startup.h"

CRT_EXPORT void _invalid_parameter_noinfo();

namespace crt {

namespace {

constexpr int kEof = -1;
constexpr int kWeof = 0xFFFF;
constexpr uint32_t kProcessedInput = 1, kLineInput = 2, kEchoInput = 4;

/// The CRT lock number msvcrt gives conio (_CONIO_LOCK), so programs that take it with _lock
/// exclude conio as they do on Windows.
constexpr int kConioLock = 3;
bool g_input_opened, g_output_opened;
os::Handle g_input = os::kInvalidHandle, g_output = os::kInvalidHandle;
int g_pushback = kEof;        // narrow pushback (_ungetch), or a DBCS trail byte
int g_wide_pushback = kWeof;  // wide pushback (_ungetwch)

void lock() { crt::lock(kConioLock); }
void unlock() { crt::unlock(kConioLock); }

os::Handle console_input() {
    if (!g_input_opened) {
        g_input = os::open_console(true);
        g_input_opened = true;
    }
    return g_input;
}

os::Handle console_output() {
    if (!g_output_opened) {
        g_output = os::open_console(false);
        g_output_opened = true;
    }
    return g_output;
}

/// Reads one UTF-16 unit from the console with the mode set to `mode` meanwhile; kWeof on error.
int read_key(uint32_t mode) {
    os::Handle input = console_input();
    if (input == os::kInvalidHandle)
        return kWeof;
    uint32_t saved = 0;
    bool have_mode = os::console_mode(input, saved);
    if (have_mode)
        os::set_console_mode(input, mode);
    WideChar c = 0;
    uint32_t read = 0;
    bool ok = os::read_console(input, &c, 1, read);
    if (have_mode)
        os::set_console_mode(input, saved);
    return ok && read == 1 ? static_cast<int>(c) : kWeof;
}

bool write_wide(const WideChar* text, uint32_t length) {
    os::Handle output = console_output();
    return output != os::kInvalidHandle && os::write_console(output, text, length);
}

/// Writes narrow text (console output code page) to the console.
bool write_narrow(const char* text, size_t length) {
    while (length > 0) {
        WideChar wide[256];
        size_t chunk = min<size_t>(length, 128);
        int n = os::multibyte_to_wide(os::console_code_page(true), text, static_cast<int>(chunk), wide, 256);
        if (n <= 0 || !write_wide(wide, static_cast<uint32_t>(n)))
            return false;
        text += chunk;
        length -= chunk;
    }
    return true;
}

int get_narrow(bool echo) {
    if (g_pushback != kEof) {
        int c = g_pushback;
        g_pushback = kEof;
        return c;
    }
    int wide = read_key(0);
    if (wide == kWeof)
        return kEof;
    if (echo) {
        WideChar w = static_cast<WideChar>(wide);
        write_wide(&w, 1);
    }
    WideChar w = static_cast<WideChar>(wide);
    char bytes[4];
    int n = os::wide_to_multibyte(os::console_code_page(false), &w, 1, bytes, 4, nullptr);
    if (n <= 0)
        return kEof;
    // A double-byte character comes back as two _getch results, lead byte first.
    if (n > 1)
        g_pushback = static_cast<unsigned char>(bytes[1]);
    return static_cast<unsigned char>(bytes[0]);
}

int get_wide(bool echo) {
    if (g_wide_pushback != kWeof) {
        int c = g_wide_pushback;
        g_wide_pushback = kWeof;
        return c;
    }
    int wide = read_key(0);
    if (wide != kWeof && echo) {
        WideChar w = static_cast<WideChar>(wide);
        write_wide(&w, 1);
    }
    return wide;
}

bool console_sink(void*, const char* text, size_t length) { return write_narrow(text, length); }

} // namespace

} // namespace crt

using namespace crt;

CRT_EXPORT int _getch() {
    lock();
    int c = get_narrow(false);
    unlock();
    return c;
}
CRT_EXPORT int _getche() {
    lock();
    int c = get_narrow(true);
    unlock();
    return c;
}
CRT_EXPORT int _getch_nolock() { return get_narrow(false); }
CRT_EXPORT int _getche_nolock() { return get_narrow(true); }

CRT_EXPORT unsigned short _getwch() {
    lock();
    int c = get_wide(false);
    unlock();
    return static_cast<unsigned short>(c);
}
CRT_EXPORT unsigned short _getwche() {
    lock();
    int c = get_wide(true);
    unlock();
    return static_cast<unsigned short>(c);
}

CRT_EXPORT int _ungetch(int c) {
    lock();
    int result = kEof;
    if (c != kEof && g_pushback == kEof) {
        g_pushback = c & 0xFF;
        result = c;
    }
    unlock();
    return result;
}

CRT_EXPORT unsigned short _ungetwch(unsigned short c) {
    lock();
    int result = kWeof;
    if (c != kWeof && g_wide_pushback == kWeof) {
        g_wide_pushback = c;
        result = c;
    }
    unlock();
    return static_cast<unsigned short>(result);
}

CRT_EXPORT int _kbhit() {
    lock();
    bool pending = g_pushback != kEof || g_wide_pushback != kWeof;
    unlock();
    if (pending)
        return 1;
    static bool logged;
    if (!__atomic_exchange_n(&logged, true, __ATOMIC_RELAXED))
        os::log_unimplemented("msvcrt", "_kbhit (pending console input: no PeekConsoleInputW)");
    return 0;
}

CRT_EXPORT int _putch(int c) {
    char byte = static_cast<char>(c);
    lock();
    bool ok = write_narrow(&byte, 1);
    unlock();
    return ok ? (c & 0xFF) : kEof;
}

CRT_EXPORT unsigned short _putwch(WideChar c) {
    lock();
    bool ok = write_wide(&c, 1);
    unlock();
    return ok ? static_cast<unsigned short>(c) : static_cast<unsigned short>(kWeof);
}

CRT_EXPORT int _cputs(const char* text) {
    if (!text) {
        _invalid_parameter_noinfo();
        set_errno(kEINVAL);
        return -1;
    }
    size_t n = 0;
    while (text[n])
        ++n;
    lock();
    bool ok = write_narrow(text, n);
    unlock();
    return ok ? 0 : -1;
}

CRT_EXPORT int _cputws(const WideChar* text) {
    if (!text) {
        _invalid_parameter_noinfo();
        set_errno(kEINVAL);
        return -1;
    }
    size_t n = 0;
    while (text[n])
        ++n;
    lock();
    bool ok = write_wide(text, static_cast<uint32_t>(n));
    unlock();
    return ok ? 0 : -1;
}

CRT_EXPORT int _vcprintf(const char* format, va_list args) {
    if (!format) {
        _invalid_parameter_noinfo();
        set_errno(kEINVAL);
        return -1;
    }
    int error = 0;
    PrintfOptions options = kFlavor == Flavor::Msvcrt ? msvcrt_printf_options() : ucrt_printf_options(0x4);
    FormatSink<char> sink{console_sink, nullptr};
    lock();
    int result = crt::format(sink, format, args, options, error);
    unlock();
    if (error)
        set_errno(error);
    return result;
}

CRT_EXPORT int _cprintf(const char* format, ...) {
    va_list args;
    va_start(args, format);
    int result = _vcprintf(format, args);
    va_end(args);
    return result;
}

/// _cgets: buffer[0] holds the most characters to read; the line (without its end) is stored
/// from buffer + 2 and its length in buffer[1]. Reads with line editing and echo.
CRT_EXPORT char* _cgets(char* buffer) {
    if (!buffer) {
        _invalid_parameter_noinfo();
        set_errno(kEINVAL);
        return nullptr;
    }
    unsigned char wanted = static_cast<unsigned char>(buffer[0]);
    char* out = buffer + 2;
    lock();
    os::Handle input = console_input();
    size_t used = 0;
    bool ok = input != os::kInvalidHandle;
    if (ok) {
        uint32_t saved = 0;
        bool have_mode = os::console_mode(input, saved);
        if (have_mode)
            os::set_console_mode(input, kProcessedInput | kLineInput | kEchoInput);
        WideChar line[258];
        uint32_t read = 0;
        ok = os::read_console(input, line, static_cast<uint32_t>(wanted) + 2, read);
        if (have_mode)
            os::set_console_mode(input, saved);
        uint32_t n = 0;
        while (ok && n < read && line[n] != '\r' && line[n] != '\n')
            ++n;
        if (ok && n > 0) {
            char narrow[258 * 2];
            int m = os::wide_to_multibyte(os::console_code_page(false), line, static_cast<int>(n), narrow,
                                          static_cast<int>(sizeof narrow), nullptr);
            for (int i = 0; i < m && used < wanted; ++i)
                out[used++] = narrow[i];
        }
    }
    unlock();
    if (!ok) {
        buffer[1] = 0;
        out[0] = 0;
        return nullptr;
    }
    out[used] = 0;
    buffer[1] = static_cast<char>(used);
    return out;
}
