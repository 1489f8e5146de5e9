// The static start-up code linked into programs that clang builds against Halcyon's import
// libraries (the role of MSVC's msvcrt.lib start-up objects): mainCRTStartup / wmainCRTStartup
// fetch argc/argv/envp from msvcrt.dll, call main, and pass its result to exit, which runs the
// atexit handlers and flushes the streams.

extern "C" {
__declspec(dllimport) void __set_app_type(int type);
__declspec(dllimport) int __getmainargs(int* argc, char*** argv, char*** envp, int expand_wildcards,
                                        int* startup_info);
__declspec(dllimport) int __wgetmainargs(int* argc, wchar_t*** argv, wchar_t*** envp, int expand_wildcards,
                                         int* startup_info);
[[noreturn]] __declspec(dllimport) void exit(int code);

int main(int argc, char** argv, char** envp);
int wmain(int argc, wchar_t** argv, wchar_t** envp);

/// A program defines main or wmain, not both: the one it lacks resolves (through /alternatename,
/// as in MSVC's start-up library) to a stub that is never called by the matching entry point.
int halcyon_missing_main(int, char**, char**) { return 255; }
int halcyon_missing_wmain(int, wchar_t**, wchar_t**) { return 255; }
#pragma comment(linker, "/alternatename:main=halcyon_missing_main")
#pragma comment(linker, "/alternatename:wmain=halcyon_missing_wmain")

/// Programs that use floating point reference _fltused (MSVC convention).
int _fltused = 0x9875;

[[noreturn]] void mainCRTStartup() {
    __set_app_type(1); // _CONSOLE_APP
    int argc = 0;
    char** argv = nullptr;
    char** envp = nullptr;
    int new_mode = 0;
    __getmainargs(&argc, &argv, &envp, 0, &new_mode);
    exit(main(argc, argv, envp));
}

[[noreturn]] void wmainCRTStartup() {
    __set_app_type(1);
    int argc = 0;
    wchar_t** argv = nullptr;
    wchar_t** envp = nullptr;
    int new_mode = 0;
    __wgetmainargs(&argc, &argv, &envp, 0, &new_mode);
    exit(wmain(argc, argv, envp));
}
}
