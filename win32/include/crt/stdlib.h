/* <stdlib.h> for programs linked against Halcyon's msvcrt.dll. */
#pragma once
#include "_crt_common.h"

_CRT_BEGIN_C

#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1
#define RAND_MAX 0x7fff
#define MB_CUR_MAX 1
#define _MAX_PATH 260

typedef struct { int quot; int rem; } div_t;
typedef struct { long quot; long rem; } ldiv_t;
typedef struct { long long quot; long long rem; } lldiv_t;

_CRTIMP void* __cdecl malloc(size_t size);
_CRTIMP void* __cdecl calloc(size_t count, size_t size);
_CRTIMP void* __cdecl realloc(void* block, size_t size);
_CRTIMP void __cdecl free(void* block);
_CRTIMP size_t __cdecl _msize(void* block);
_CRTIMP void* __cdecl _aligned_malloc(size_t size, size_t alignment);
_CRTIMP void __cdecl _aligned_free(void* block);
_CRTIMP void* __cdecl _recalloc(void* block, size_t count, size_t size);

_CRT_NORETURN _CRTIMP void __cdecl exit(int code);
_CRT_NORETURN _CRTIMP void __cdecl _exit(int code);
_CRT_NORETURN _CRTIMP void __cdecl abort(void);
_CRTIMP int __cdecl atexit(void (__cdecl* function)(void));
_CRTIMP char* __cdecl getenv(const char* name);
_CRTIMP int __cdecl _putenv(const char* assignment);
_CRTIMP int __cdecl system(const char* command);

_CRTIMP int __cdecl atoi(const char* text);
_CRTIMP long __cdecl atol(const char* text);
_CRTIMP long long __cdecl atoll(const char* text);
_CRTIMP long long __cdecl _atoi64(const char* text);
_CRTIMP double __cdecl atof(const char* text);
_CRTIMP long __cdecl strtol(const char* text, char** end, int base);
_CRTIMP unsigned long __cdecl strtoul(const char* text, char** end, int base);
_CRTIMP long long __cdecl strtoll(const char* text, char** end, int base);
_CRTIMP unsigned long long __cdecl strtoull(const char* text, char** end, int base);
_CRTIMP long long __cdecl _strtoi64(const char* text, char** end, int base);
_CRTIMP unsigned long long __cdecl _strtoui64(const char* text, char** end, int base);
_CRTIMP double __cdecl strtod(const char* text, char** end);
_CRTIMP float __cdecl strtof(const char* text, char** end);
_CRTIMP char* __cdecl _itoa(int value, char* buffer, int radix);

_CRTIMP int __cdecl abs(int value);
_CRTIMP long __cdecl labs(long value);
_CRTIMP long long __cdecl llabs(long long value);
_CRTIMP div_t __cdecl div(int a, int b);
_CRTIMP ldiv_t __cdecl ldiv(long a, long b);
_CRTIMP int __cdecl rand(void);
_CRTIMP void __cdecl srand(unsigned int seed);
_CRTIMP void __cdecl qsort(void* base, size_t count, size_t size, int (__cdecl* compare)(const void*, const void*));
_CRTIMP void* __cdecl bsearch(const void* key, const void* base, size_t count, size_t size,
                              int (__cdecl* compare)(const void*, const void*));

_CRTIMP int __cdecl mblen(const char* s, size_t n);
_CRTIMP int __cdecl mbtowc(wchar_t* out, const char* s, size_t n);
_CRTIMP int __cdecl wctomb(char* out, wchar_t c);
_CRTIMP size_t __cdecl mbstowcs(wchar_t* out, const char* s, size_t n);
_CRTIMP size_t __cdecl wcstombs(char* out, const wchar_t* s, size_t n);

_CRTIMP int* __cdecl _errno(void);
_CRTIMP extern int __argc;
_CRTIMP extern char** __argv;
_CRTIMP extern char** _environ;

_CRT_END_C
