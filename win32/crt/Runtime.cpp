// Small start-up hooks both CRTs export that carry process-wide settings: application type,
// matherr hook, new-handler mode, invalid-parameter handler, exception filters.

#include "win32/crt/Errno.h"
#include "win32/crt/Startup.h"

namespace {
int g_app_type;
void* g_user_matherr;
int g_new_mode;
void (*g_invalid_parameter_handler)(const crt::WideChar*, const crt::WideChar*, const crt::WideChar*, unsigned,
                                    uintptr_t);
} // namespace

CRT_EXPORT void __set_app_type(int type) { g_app_type = type; }
CRT_EXPORT void _set_app_type(int type) { g_app_type = type; }
CRT_EXPORT int __p__app_type_value() { return g_app_type; }
CRT_EXPORT void __setusermatherr(void* handler) { g_user_matherr = handler; }
CRT_EXPORT void _setusermatherr(void* handler) { g_user_matherr = handler; }

/// The default math-error hook of programs that do not define their own: 0 means "not handled",
/// so the math function reports the error through errno as usual. A program's own _matherr
/// (linked statically) is registered with __setusermatherr instead.
CRT_EXPORT int _matherr(void* exception) {
    (void)exception;
    return 0;
}

CRT_EXPORT int _set_new_mode(int mode) {
    int previous = g_new_mode;
    g_new_mode = mode;
    return previous;
}
CRT_EXPORT int _query_new_mode() { return g_new_mode; }
CRT_EXPORT int* __p__new_mode() { return &g_new_mode; }

CRT_EXPORT void* _set_invalid_parameter_handler(void* handler) {
    void* previous = reinterpret_cast<void*>(g_invalid_parameter_handler);
    g_invalid_parameter_handler = reinterpret_cast<decltype(g_invalid_parameter_handler)>(handler);
    return previous;
}
CRT_EXPORT void* _get_invalid_parameter_handler() { return reinterpret_cast<void*>(g_invalid_parameter_handler); }
CRT_EXPORT void* _set_thread_local_invalid_parameter_handler(void* handler) {
    return _set_invalid_parameter_handler(handler);
}
CRT_EXPORT void* _get_thread_local_invalid_parameter_handler() { return _get_invalid_parameter_handler(); }

CRT_EXPORT void _invalid_parameter_noinfo() {
    if (g_invalid_parameter_handler) {
        g_invalid_parameter_handler(nullptr, nullptr, nullptr, 0, 0);
        return;
    }
    // FIXME: the CRT's default raises STATUS_INVALID_CRUNTIME_PARAMETER (fast fail); we return and
    // let the caller report EINVAL instead.
}
CRT_EXPORT [[noreturn]] void _invalid_parameter_noinfo_noreturn() {
    _invalid_parameter_noinfo();
    crt::terminate_with_message(nullptr, 0xC0000417u);
}
CRT_EXPORT void _invalid_parameter(const crt::WideChar* expression, const crt::WideChar* function,
                                   const crt::WideChar* file, unsigned line, uintptr_t reserved) {
    if (g_invalid_parameter_handler)
        g_invalid_parameter_handler(expression, function, file, line, reserved);
}

/// Exception filters: without SEH dispatch (a later issue) no exception reaches these with a
/// CRT-handled code, so continuing the search is the correct answer.
CRT_EXPORT int _XcptFilter(unsigned long, void*) { return 0; /* EXCEPTION_CONTINUE_SEARCH */ }
CRT_EXPORT int _seh_filter_exe(unsigned long, void*) { return 0; }
CRT_EXPORT int _seh_filter_dll(unsigned long, void*) { return 0; }

/// The language-specific handler of __try/__except scopes. FIXME: SEH scope tables are not
/// walked yet; ExceptionContinueSearch (1) is the correct result whenever no scope matches, and
/// is what every exception gets until exception dispatch lands.
CRT_EXPORT int __C_specific_handler(void*, void*, void*, void*) { return 1; }

CRT_EXPORT [[noreturn]] void abort();
CRT_EXPORT [[noreturn]] void terminate() { abort(); }

CRT_EXPORT int _purecall() {
    crt::terminate_with_message("\nruntime error R6025\n- pure virtual function call\n", 255);
}

CRT_EXPORT void _fpreset() {
    // Default SSE state: all exceptions masked, round to nearest.
    unsigned int mxcsr = 0x1f80;
    asm volatile("ldmxcsr %0" : : "m"(mxcsr));
    asm volatile("fninit");
}
