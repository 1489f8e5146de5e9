// Definitions of the CRT's exported variables (see Globals.h).

#include "win32/crt/Globals.h"

extern "C" {
int _fmode = 0;
int _commode = 0;
int __argc = 0;
char** __argv = nullptr;
crt::WideChar** __wargv = nullptr;
char** _environ = nullptr;
crt::WideChar** _wenviron = nullptr;
char** __initenv = nullptr;
crt::WideChar** __winitenv = nullptr;
char* _acmdln = nullptr;
crt::WideChar* _wcmdln = nullptr;
char* _pgmptr = nullptr;
crt::WideChar* _wpgmptr = nullptr;
int __mb_cur_max = 1; // the "C" locale is single-byte
unsigned int _osver = 19041;
unsigned int _winver = 0x0a00;
unsigned int _winmajor = 10;
unsigned int _winminor = 0;
}

CRT_EXPORT int* __p__fmode() { return &_fmode; }
CRT_EXPORT int* __p__commode() { return &_commode; }
CRT_EXPORT int* __p___argc() { return &__argc; }
CRT_EXPORT char*** __p___argv() { return &__argv; }
CRT_EXPORT crt::WideChar*** __p___wargv() { return &__wargv; }
CRT_EXPORT char*** __p__environ() { return &_environ; }
CRT_EXPORT crt::WideChar*** __p__wenviron() { return &_wenviron; }
CRT_EXPORT char*** __p___initenv() { return &__initenv; }
CRT_EXPORT crt::WideChar*** __p___winitenv() { return &__winitenv; }
CRT_EXPORT char** __p__acmdln() { return &_acmdln; }
CRT_EXPORT crt::WideChar** __p__wcmdln() { return &_wcmdln; }
CRT_EXPORT char** __p__pgmptr() { return &_pgmptr; }
CRT_EXPORT crt::WideChar** __p__wpgmptr() { return &_wpgmptr; }
CRT_EXPORT int* __p___mb_cur_max() { return &__mb_cur_max; }
CRT_EXPORT int ___mb_cur_max_func() { return __mb_cur_max; }

CRT_EXPORT int _set_fmode(int mode) {
    if (mode != 0 && mode != 0x4000 && mode != 0x8000)
        return 22; // EINVAL
    _fmode = mode;
    return 0;
}

CRT_EXPORT int _get_fmode(int* mode) {
    if (!mode)
        return 22;
    *mode = _fmode;
    return 0;
}

CRT_EXPORT int _get_pgmptr(char** value) {
    if (!value)
        return 22;
    *value = _pgmptr;
    return 0;
}

CRT_EXPORT int _get_wpgmptr(crt::WideChar** value) {
    if (!value)
        return 22;
    *value = _wpgmptr;
    return 0;
}
