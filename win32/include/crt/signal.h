/* <signal.h> for programs linked against Halcyon's msvcrt.dll. */
#pragma once
#include "_crt_common.h"

typedef int sig_atomic_t;
#define SIGINT 2
#define SIGILL 4
#define SIGFPE 8
#define SIGSEGV 11
#define SIGTERM 15
#define SIGBREAK 21
#define SIGABRT 22
#define SIG_DFL ((void (__cdecl*)(int))0)
#define SIG_IGN ((void (__cdecl*)(int))1)
#define SIG_ERR ((void (__cdecl*)(int))-1)

_CRT_BEGIN_C
_CRTIMP void (__cdecl* __cdecl signal(int number, void (__cdecl* handler)(int)))(int);
_CRTIMP int __cdecl raise(int number);
_CRT_END_C
