// Exceptions and debugging. Dispatch and unwinding are ntdll's (RtlRaiseException,
// RtlDispatchException); kernelbase supplies RaiseException and the top-level filter, which ntdll
// calls for an exception no frame handled (registered at DLL load, see DllMain.cpp).

#include "win32/kernelbase/KernelBase.h"

using namespace halcyon;
using namespace halcyon::kernelbase;

namespace {

LPTOP_LEVEL_EXCEPTION_FILTER g_top_level_filter;

void append(char*& out, const char* text) {
    while (*text)
        *out++ = *text++;
}

void append_hex(char*& out, ULONGLONG value, int digits) {
    static constexpr char kHex[] = "0123456789abcdef";
    for (int i = digits - 1; i >= 0; --i)
        *out++ = kHex[(value >> (i * 4)) & 0xF];
}

/// The names Windows' crash reports use for the common exception codes.
const char* exception_name(DWORD code) {
    switch (code) {
    case 0xC0000005: return "access violation";
    case 0xC000001D: return "illegal instruction";
    case 0xC0000094: return "integer divide by zero";
    case 0xC0000095: return "integer overflow";
    case 0x80000003: return "breakpoint";
    case 0xC00000FD: return "stack overflow";
    case 0xC0000409: return "stack buffer overrun";
    case 0xE06D7363: return "C++ exception";
    case 0x20474343: return "C++ exception (gcc)";
    default: return nullptr;
    }
}

} // namespace

extern "C" {

LPTOP_LEVEL_EXCEPTION_FILTER WINAPI SetUnhandledExceptionFilter(LPTOP_LEVEL_EXCEPTION_FILTER filter) {
    return __atomic_exchange_n(&g_top_level_filter, filter, __ATOMIC_ACQ_REL);
}

LONG WINAPI UnhandledExceptionFilter(struct _EXCEPTION_POINTERS* pointers) {
    LPTOP_LEVEL_EXCEPTION_FILTER filter = __atomic_load_n(&g_top_level_filter, __ATOMIC_ACQUIRE);
    if (filter && filter != UnhandledExceptionFilter) {
        LONG verdict = filter(pointers);
        if (verdict != EXCEPTION_CONTINUE_SEARCH)
            return verdict;
    }
    // No handler wanted it: say what happened (Windows would show its crash dialog) and let the
    // caller terminate the process.
    char message[192];
    char* out = message;
    append(out, "halcyon: unhandled exception 0x");
    EXCEPTION_RECORD* record = pointers ? pointers->ExceptionRecord : nullptr;
    DWORD code = record ? record->ExceptionCode : 0;
    append_hex(out, code, 8);
    if (const char* name = exception_name(code)) {
        append(out, " (");
        append(out, name);
        append(out, ")");
    }
    if (code == 0xC0000005 && record->NumberParameters >= 2) {
        ULONG_PTR kind = record->ExceptionInformation[0];
        append(out, kind == 1 ? " writing" : kind == 8 ? " executing" : " reading");
        append(out, " address 0x");
        append_hex(out, record->ExceptionInformation[1], 16);
    }
    append(out, " at 0x");
    append_hex(out, record ? reinterpret_cast<ULONG_PTR>(record->ExceptionAddress) : 0, 16);
    append(out, "\n");
    *out = 0;
    write_diagnostic(message);
    return EXCEPTION_EXECUTE_HANDLER;
}

void WINAPI RaiseException(DWORD code, DWORD flags, DWORD argument_count, const ULONG_PTR* arguments) {
    EXCEPTION_RECORD record{};
    record.ExceptionCode = code;
    record.ExceptionFlags = flags & EXCEPTION_NONCONTINUABLE;
    record.ExceptionAddress = __builtin_return_address(0);
    if (argument_count > EXCEPTION_MAXIMUM_PARAMETERS)
        argument_count = EXCEPTION_MAXIMUM_PARAMETERS;
    record.NumberParameters = arguments ? argument_count : 0;
    for (DWORD i = 0; i < record.NumberParameters; ++i)
        record.ExceptionInformation[i] = arguments[i];
    RtlRaiseException(&record);
}

BOOL WINAPI IsDebuggerPresent(void) { return peb()->being_debugged ? TRUE : FALSE; }

void WINAPI DebugBreak(void) { __builtin_debugtrap(); }

void WINAPI OutputDebugStringA(LPCSTR text) {
    // Windows prints nothing unless a debugger listens, and Halcyon has no debugger channel yet.
    // FIXME: route to a kernel debug log when one exists.
}

void WINAPI OutputDebugStringW(LPCWSTR text) {}

} // extern "C"
