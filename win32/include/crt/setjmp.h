/* <setjmp.h>: the x64 MSVC jump buffer (256 bytes, 16-byte aligned). */
#pragma once
#include "_crt_common.h"

typedef struct __declspec(align(16)) _SETJMP_FLOAT128 {
    unsigned long long Part[2];
} SETJMP_FLOAT128;
typedef SETJMP_FLOAT128 jmp_buf[16];

_CRT_BEGIN_C
_CRTIMP int __cdecl _setjmp(jmp_buf buffer, void* frame);
_CRT_NORETURN _CRTIMP void __cdecl longjmp(jmp_buf buffer, int value);
_CRT_END_C
/* The frame argument selects SEH unwinding in Windows' longjmp; Halcyon's does not unwind yet. */
#define setjmp(buffer) _setjmp((buffer), 0)
