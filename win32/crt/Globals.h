#pragma once

// The CRT's global variables that programs see as DATA exports (msvcrt) or through __p__*
// accessors (both). Defined in Globals.cpp.

#include "win32/crt/CrtTypes.h"

extern "C" {
extern int _fmode;   ///< default open mode: 0/_O_TEXT text, _O_BINARY binary
extern int _commode; ///< default commit mode (_IOCOMMIT for "c" streams)
extern int __argc;
extern char** __argv;
extern crt::WideChar** __wargv;
extern char** _environ;
extern crt::WideChar** _wenviron;
extern char** __initenv;
extern crt::WideChar** __winitenv;
extern char* _acmdln;
extern crt::WideChar* _wcmdln;
extern char* _pgmptr;
extern crt::WideChar* _wpgmptr;
extern int __mb_cur_max;
extern unsigned int _osver;
extern unsigned int _winver;
extern unsigned int _winmajor;
extern unsigned int _winminor;
}
