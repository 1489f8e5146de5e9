/* <ctype.h> ("C" locale) for programs linked against Halcyon's msvcrt.dll. */
#pragma once
#include "_crt_common.h"

_CRT_BEGIN_C
_CRTIMP int __cdecl isalpha(int c);
_CRTIMP int __cdecl isupper(int c);
_CRTIMP int __cdecl islower(int c);
_CRTIMP int __cdecl isdigit(int c);
_CRTIMP int __cdecl isxdigit(int c);
_CRTIMP int __cdecl isspace(int c);
_CRTIMP int __cdecl ispunct(int c);
_CRTIMP int __cdecl isalnum(int c);
_CRTIMP int __cdecl isprint(int c);
_CRTIMP int __cdecl isgraph(int c);
_CRTIMP int __cdecl iscntrl(int c);
_CRTIMP int __cdecl isblank(int c);
_CRTIMP int __cdecl toupper(int c);
_CRTIMP int __cdecl tolower(int c);
_CRT_END_C
