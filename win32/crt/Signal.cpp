// signal/raise/abort. Handlers are stored per signal; raise() runs them as the Microsoft CRT
// does (the handler is reset to SIG_DFL before it is called, except for SIGFPE... which the CRT
// also resets). SIG_DFL terminates with exit code 3.
// FIXME: SIGINT/SIGBREAK are not yet wired to console control events, nor SIGSEGV/SIGILL/SIGFPE
// to hardware exceptions (that needs SEH, a later issue).

#include "win32/crt/Errno.h"
#include "win32/crt/FileDescriptors.h"
#include "win32/crt/Startup.h"

using SignalHandler = void (*)(int);

namespace {

constexpr int kSIGINT = 2, kSIGILL = 4, kSIGABRT_COMPAT = 6, kSIGFPE = 8, kSIGSEGV = 11, kSIGTERM = 15,
              kSIGBREAK = 21, kSIGABRT = 22;
const SignalHandler kSigDfl = nullptr;
const SignalHandler kSigIgn = reinterpret_cast<SignalHandler>(1);
const SignalHandler kSigErr = reinterpret_cast<SignalHandler>(-1);

SignalHandler g_handlers[23];

int normalize(int signal) {
    if (signal == kSIGABRT_COMPAT)
        return kSIGABRT;
    switch (signal) {
    case kSIGINT:
    case kSIGILL:
    case kSIGFPE:
    case kSIGSEGV:
    case kSIGTERM:
    case kSIGBREAK:
    case kSIGABRT:
        return signal;
    default:
        return -1;
    }
}

} // namespace

CRT_EXPORT SignalHandler signal(int number, SignalHandler handler) {
    int index = normalize(number);
    // SIG_SGE/SIG_ACK (3, 4) are only valid for sigaction-less legacy code; refuse them.
    if (index < 0 || handler == reinterpret_cast<SignalHandler>(3) || handler == reinterpret_cast<SignalHandler>(4)) {
        crt::set_errno(crt::kEINVAL);
        return kSigErr;
    }
    crt::lock(0 /* _SIGNAL_LOCK */);
    SignalHandler previous = g_handlers[index];
    g_handlers[index] = handler;
    crt::unlock(0);
    return previous;
}

CRT_EXPORT int raise(int number) {
    int index = normalize(number);
    if (index < 0) {
        crt::set_errno(crt::kEINVAL);
        return -1;
    }
    crt::lock(0);
    SignalHandler handler = g_handlers[index];
    if (handler != kSigIgn && handler != kSigDfl)
        g_handlers[index] = kSigDfl; // one-shot, as in the CRT
    crt::unlock(0);
    if (handler == kSigIgn)
        return 0;
    if (handler == kSigDfl) {
        // The CRT's default action for every signal is _exit(3) (after _cexit-less shutdown).
        crt::terminate_with_message(nullptr, 3);
    }
    if (index == kSIGFPE)
        reinterpret_cast<void (*)(int, int)>(handler)(number, 0x8c /* _FPE_EXPLICITGEN */);
    else
        handler(number);
    return 0;
}

CRT_EXPORT [[noreturn]] void abort() {
    // msvcrt prints this banner (Wine's msvcrt and ucrtbase do the same for console programs),
    // then raises SIGABRT, whose default action ends the process with exit code 3.
    static const char kMessage[] = "\nabnormal program termination\n";
    _write(2, kMessage, sizeof kMessage - 1);
    raise(kSIGABRT);
    crt::terminate_with_message(nullptr, 3);
}

CRT_EXPORT unsigned int _set_abort_behavior(unsigned int flags, unsigned int mask) {
    static unsigned int behavior = 1 | 2; // _WRITE_ABORT_MSG | _CALL_REPORTFAULT
    unsigned int previous = behavior;
    behavior = (behavior & ~mask) | (flags & mask);
    return previous;
}

CRT_EXPORT void** __pxcptinfoptrs() {
    static void* pointers;
    return &pointers;
}

CRT_EXPORT int* __fpecode() {
    static int code;
    return &code;
}

/// assert()'s failure path (msvcrt's console form), then abort().
CRT_EXPORT [[noreturn]] void _assert(const char* message, const char* file, unsigned line) {
    char text[512];
    int length = 0;
    auto append = [&](const char* part) {
        while (*part && length < 500)
            text[length++] = *part++;
    };
    char number[12];
    int digits = 0;
    do {
        number[digits++] = static_cast<char>('0' + line % 10);
        line /= 10;
    } while (line);
    append("Assertion failed: ");
    append(message ? message : "");
    append(", file ");
    append(file ? file : "");
    append(", line ");
    while (digits)
        text[length++] = number[--digits];
    text[length++] = '\n';
    _write(2, text, static_cast<unsigned>(length));
    abort();
}

CRT_EXPORT [[noreturn]] void _wassert(const crt::WideChar* message, const crt::WideChar* file, unsigned line) {
    char narrow_message[256], narrow_file[256];
    int i = 0;
    for (; message && message[i] && i < 255; ++i)
        narrow_message[i] = static_cast<uint16_t>(message[i]) < 0x100 ? static_cast<char>(message[i]) : '?';
    narrow_message[i] = 0;
    for (i = 0; file && file[i] && i < 255; ++i)
        narrow_file[i] = static_cast<uint16_t>(file[i]) < 0x100 ? static_cast<char>(file[i]) : '?';
    narrow_file[i] = 0;
    _assert(narrow_message, narrow_file, line);
}
