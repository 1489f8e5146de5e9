// msvcrt's start-up entry points for programs: __getmainargs / __wgetmainargs fill argc, argv
// and envp before main (mingw's and MSVC's start-up code calls them).

#include "win32/crt/Globals.h"
#include "win32/crt/Startup.h"

namespace {
struct StartupInfo {
    int new_mode;
};
} // namespace

CRT_EXPORT int* __p__new_mode();

CRT_EXPORT int __getmainargs(int* argc, char*** argv, char*** envp, int expand_wildcards, StartupInfo* info) {
    // FIXME: wildcard expansion (_dowildcard / expand_wildcards) is not implemented; arguments
    // are passed through as typed, which is the default for mingw and MSVC programs.
    if (info)
        *__p__new_mode() = info->new_mode;
    if (!crt::configure_narrow_argv()) {
        crt::terminate_with_message("\nruntime error R6008\n- not enough space for arguments\n", 255);
    }
    *argc = __argc;
    *argv = __argv;
    *envp = _environ;
    return 0;
}

CRT_EXPORT int __wgetmainargs(int* argc, crt::WideChar*** argv, crt::WideChar*** envp, int expand_wildcards,
                              StartupInfo* info) {
    if (info)
        *__p__new_mode() = info->new_mode;
    if (!crt::configure_wide_argv()) {
        crt::terminate_with_message("\nruntime error R6008\n- not enough space for arguments\n", 255);
    }
    *argc = __argc;
    *argv = __wargv;
    *envp = _wenviron;
    return 0;
}
