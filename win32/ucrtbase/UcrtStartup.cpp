// ucrtbase's start-up interface, called by the VC++ start-up code (vcruntime's exe_common.inl)
// and by mingw-w64's ucrt start-up: argv and environment are configured on request.

#include "win32/crt/Globals.h"
#include "win32/crt/Startup.h"

namespace {
enum ArgvMode { kNoArguments = 0, kUnexpandedArguments = 1, kExpandedArguments = 2 };
}

CRT_EXPORT int _configure_narrow_argv(int mode) {
    if (mode == kNoArguments)
        return 0;
    // FIXME: _crt_argv_expanded_arguments (wildcard expansion) is treated as unexpanded.
    return crt::configure_narrow_argv() ? 0 : 12 /* ENOMEM */;
}

CRT_EXPORT int _configure_wide_argv(int mode) {
    if (mode == kNoArguments)
        return 0;
    return crt::configure_wide_argv() ? 0 : 12;
}

/// The environment arrays are built at DLL initialization; these only confirm it.
CRT_EXPORT int _initialize_narrow_environment() { return _environ ? 0 : -1; }
CRT_EXPORT int _initialize_wide_environment() { return _wenviron ? 0 : -1; }
CRT_EXPORT char** _get_initial_narrow_environment() { return __initenv; }
CRT_EXPORT crt::WideChar** _get_initial_wide_environment() { return __winitenv; }

/// WinMain's lpCmdLine: the command line after the program name and the blanks that follow.
template <typename CharT>
static CharT* skip_program_name(CharT* p) {
    if (!p)
        return p;
    bool in_quotes = false;
    while (*p && (in_quotes || (*p != ' ' && *p != '\t'))) {
        if (*p == '"')
            in_quotes = !in_quotes;
        ++p;
    }
    while (*p == ' ' || *p == '\t')
        ++p;
    return p;
}

CRT_EXPORT char* _get_narrow_winmain_command_line() { return skip_program_name(_acmdln); }
CRT_EXPORT crt::WideChar* _get_wide_winmain_command_line() { return skip_program_name(_wcmdln); }
