/* <time.h> for programs linked against Halcyon's msvcrt.dll (64-bit time_t; local time is UTC). */
#pragma once
#include "_crt_common.h"

typedef long long time_t;
typedef long clock_t;
#define CLOCKS_PER_SEC 1000

struct tm {
    int tm_sec, tm_min, tm_hour, tm_mday, tm_mon, tm_year, tm_wday, tm_yday, tm_isdst;
};

_CRT_BEGIN_C
_CRTIMP time_t __cdecl _time64(time_t* out);
_CRTIMP clock_t __cdecl clock(void);
_CRTIMP double __cdecl _difftime64(time_t a, time_t b);
_CRTIMP struct tm* __cdecl _gmtime64(const time_t* t);
_CRTIMP struct tm* __cdecl _localtime64(const time_t* t);
_CRTIMP time_t __cdecl _mktime64(struct tm* tm);
_CRTIMP size_t __cdecl strftime(char* buffer, size_t size, const char* format, const struct tm* tm);
_CRTIMP char* __cdecl asctime(const struct tm* tm);
_CRT_END_C
#define time _time64
#define difftime _difftime64
#define gmtime _gmtime64
#define localtime _localtime64
#define mktime _mktime64
