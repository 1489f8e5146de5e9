/* Shared definitions of Halcyon's C headers for programs built against msvcrt.dll with clang
   (--target=x86_64-pc-windows-msvc). Minimal but exact: every declaration matches an export of
   win32/msvcrt/msvcrt.spec and the Microsoft x64 ABI (long is 32 bits, wchar_t 16 bits). */
#pragma once

#include <stddef.h>
#include <stdarg.h>

#ifdef __cplusplus
#define _CRT_BEGIN_C extern "C" {
#define _CRT_END_C }
#else
#define _CRT_BEGIN_C
#define _CRT_END_C
#endif

#define _CRTIMP __declspec(dllimport)
#if defined(__cplusplus)
#define _CRT_NORETURN [[noreturn]]
#else
#define _CRT_NORETURN _Noreturn
#endif
