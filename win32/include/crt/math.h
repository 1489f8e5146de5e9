/* <math.h> for programs linked against Halcyon's msvcrt.dll. */
#pragma once
#include "_crt_common.h"

#define HUGE_VAL __builtin_huge_val()
#define INFINITY __builtin_inff()
#define NAN __builtin_nanf("")
#define M_PI 3.14159265358979323846

_CRT_BEGIN_C
_CRTIMP double __cdecl fabs(double x);
_CRTIMP double __cdecl floor(double x);
_CRTIMP double __cdecl ceil(double x);
_CRTIMP double __cdecl fmod(double x, double y);
_CRTIMP double __cdecl sqrt(double x);
_CRTIMP double __cdecl pow(double x, double y);
_CRTIMP double __cdecl exp(double x);
_CRTIMP double __cdecl log(double x);
_CRTIMP double __cdecl log10(double x);
_CRTIMP double __cdecl sin(double x);
_CRTIMP double __cdecl cos(double x);
_CRTIMP double __cdecl tan(double x);
_CRTIMP double __cdecl asin(double x);
_CRTIMP double __cdecl acos(double x);
_CRTIMP double __cdecl atan(double x);
_CRTIMP double __cdecl atan2(double y, double x);
_CRTIMP double __cdecl sinh(double x);
_CRTIMP double __cdecl cosh(double x);
_CRTIMP double __cdecl tanh(double x);
_CRTIMP double __cdecl frexp(double x, int* exponent);
_CRTIMP double __cdecl ldexp(double x, int exponent);
_CRTIMP double __cdecl modf(double x, double* integer);
_CRTIMP int __cdecl _isnan(double x);
_CRTIMP int __cdecl _finite(double x);
_CRT_END_C
