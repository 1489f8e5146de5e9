// Exceptions and debugging. FIXME: structured exception handling is not delivered yet (a later
// issue): RaiseException cannot unwind to a handler; it goes straight to the unhandled-exception
// path, which is what would happen to an exception nobody handles.

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
    char message[96];
    char* out = message;
    append(out, "halcyon: unhandled exception 0x");
    EXCEPTION_RECORD* record = pointers ? pointers->ExceptionRecord : nullptr;
    append_hex(out, record ? record->ExceptionCode : 0, 8);
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
    EXCEPTION_POINTERS pointers{&record, nullptr};
    // FIXME: no frame-based handlers are searched (SEH dispatch is a later issue); only the
    // top-level filter sees the exception. It may continue execution of a continuable one.
    LONG verdict = UnhandledExceptionFilter(&pointers);
    if (verdict == EXCEPTION_CONTINUE_EXECUTION && !(record.ExceptionFlags & EXCEPTION_NONCONTINUABLE))
        return;
    NtTerminateProcess(current_process_handle(), static_cast<NTSTATUS>(code));
    __builtin_unreachable();
}

BOOL WINAPI IsDebuggerPresent(void) { return peb()->being_debugged ? TRUE : FALSE; }

void WINAPI DebugBreak(void) { __builtin_debugtrap(); }

void WINAPI OutputDebugStringA(LPCSTR text) {
    // Windows prints nothing unless a debugger listens, and Halcyon has no debugger channel yet.
    // FIXME: route to a kernel debug log when one exists.
}

void WINAPI OutputDebugStringW(LPCWSTR text) {}

} // extern "C"
