/* <stdio.h> for programs linked against Halcyon's msvcrt.dll. */
#pragma once
#include "_crt_common.h"

_CRT_BEGIN_C

/* msvcrt's FILE (48 bytes); stdin/stdout/stderr are the first three entries of its _iob. */
typedef struct _iobuf {
    char* _ptr;
    int _cnt;
    char* _base;
    int _flag;
    int _file;
    int _charbuf;
    int _bufsiz;
    char* _tmpfname;
} FILE;

typedef long long fpos_t;

#define EOF (-1)
#define BUFSIZ 512
#define FILENAME_MAX 260
#define FOPEN_MAX 20
#define L_tmpnam 14
#define TMP_MAX 32767
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2
#define _IOFBF 0x0000
#define _IOLBF 0x0040
#define _IONBF 0x0004

_CRTIMP FILE* __cdecl __iob_func(void);
#define stdin (&__iob_func()[0])
#define stdout (&__iob_func()[1])
#define stderr (&__iob_func()[2])

_CRTIMP FILE* __cdecl fopen(const char* path, const char* mode);
_CRTIMP FILE* __cdecl freopen(const char* path, const char* mode, FILE* stream);
_CRTIMP FILE* __cdecl _fdopen(int fd, const char* mode);
_CRTIMP int __cdecl fclose(FILE* stream);
_CRTIMP int __cdecl fflush(FILE* stream);
_CRTIMP int __cdecl setvbuf(FILE* stream, char* buffer, int mode, size_t size);
_CRTIMP void __cdecl setbuf(FILE* stream, char* buffer);
_CRTIMP FILE* __cdecl tmpfile(void);
_CRTIMP int __cdecl remove(const char* path);
_CRTIMP int __cdecl rename(const char* from, const char* to);

_CRTIMP int __cdecl printf(const char* format, ...);
_CRTIMP int __cdecl fprintf(FILE* stream, const char* format, ...);
_CRTIMP int __cdecl sprintf(char* buffer, const char* format, ...);
_CRTIMP int __cdecl snprintf(char* buffer, size_t count, const char* format, ...);
_CRTIMP int __cdecl _snprintf(char* buffer, size_t count, const char* format, ...);
_CRTIMP int __cdecl _scprintf(const char* format, ...);
_CRTIMP int __cdecl vprintf(const char* format, va_list args);
_CRTIMP int __cdecl vfprintf(FILE* stream, const char* format, va_list args);
_CRTIMP int __cdecl vsprintf(char* buffer, const char* format, va_list args);
_CRTIMP int __cdecl vsnprintf(char* buffer, size_t count, const char* format, va_list args);
_CRTIMP int __cdecl _vsnprintf(char* buffer, size_t count, const char* format, va_list args);
_CRTIMP int __cdecl _vscprintf(const char* format, va_list args);
_CRTIMP int __cdecl scanf(const char* format, ...);
_CRTIMP int __cdecl fscanf(FILE* stream, const char* format, ...);
_CRTIMP int __cdecl sscanf(const char* text, const char* format, ...);
_CRTIMP int __cdecl vsscanf(const char* text, const char* format, va_list args);

_CRTIMP int __cdecl fputc(int c, FILE* stream);
_CRTIMP int __cdecl putc(int c, FILE* stream);
_CRTIMP int __cdecl putchar(int c);
_CRTIMP int __cdecl fputs(const char* text, FILE* stream);
_CRTIMP int __cdecl puts(const char* text);
_CRTIMP int __cdecl fgetc(FILE* stream);
_CRTIMP int __cdecl getc(FILE* stream);
_CRTIMP int __cdecl getchar(void);
_CRTIMP char* __cdecl fgets(char* buffer, int size, FILE* stream);
_CRTIMP int __cdecl ungetc(int c, FILE* stream);
_CRTIMP size_t __cdecl fread(void* data, size_t size, size_t count, FILE* stream);
_CRTIMP size_t __cdecl fwrite(const void* data, size_t size, size_t count, FILE* stream);

_CRTIMP int __cdecl fseek(FILE* stream, long offset, int origin);
_CRTIMP long __cdecl ftell(FILE* stream);
_CRTIMP int __cdecl _fseeki64(FILE* stream, long long offset, int origin);
_CRTIMP long long __cdecl _ftelli64(FILE* stream);
_CRTIMP int __cdecl fgetpos(FILE* stream, fpos_t* position);
_CRTIMP int __cdecl fsetpos(FILE* stream, const fpos_t* position);
_CRTIMP void __cdecl rewind(FILE* stream);
_CRTIMP int __cdecl feof(FILE* stream);
_CRTIMP int __cdecl ferror(FILE* stream);
_CRTIMP void __cdecl clearerr(FILE* stream);
_CRTIMP void __cdecl perror(const char* prefix);
_CRTIMP int __cdecl _fileno(FILE* stream);
#define fileno _fileno

_CRTIMP int __cdecl wprintf(const wchar_t* format, ...);
_CRTIMP int __cdecl fwprintf(FILE* stream, const wchar_t* format, ...);
_CRTIMP int __cdecl _snwprintf(wchar_t* buffer, size_t count, const wchar_t* format, ...);

_CRT_END_C
