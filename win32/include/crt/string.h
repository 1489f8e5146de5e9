/* <string.h> for programs linked against Halcyon's msvcrt.dll. */
#pragma once
#include "_crt_common.h"

_CRT_BEGIN_C

_CRTIMP void* __cdecl memcpy(void* destination, const void* source, size_t count);
_CRTIMP void* __cdecl memmove(void* destination, const void* source, size_t count);
_CRTIMP void* __cdecl memset(void* destination, int value, size_t count);
_CRTIMP int __cdecl memcmp(const void* a, const void* b, size_t count);
_CRTIMP void* __cdecl memchr(const void* memory, int value, size_t count);
_CRTIMP size_t __cdecl strlen(const char* text);
_CRTIMP size_t __cdecl strnlen(const char* text, size_t maximum);
_CRTIMP char* __cdecl strcpy(char* destination, const char* source);
_CRTIMP char* __cdecl strncpy(char* destination, const char* source, size_t count);
_CRTIMP char* __cdecl strcat(char* destination, const char* source);
_CRTIMP char* __cdecl strncat(char* destination, const char* source, size_t count);
_CRTIMP int __cdecl strcmp(const char* a, const char* b);
_CRTIMP int __cdecl strncmp(const char* a, const char* b, size_t count);
_CRTIMP int __cdecl _stricmp(const char* a, const char* b);
_CRTIMP int __cdecl _strnicmp(const char* a, const char* b, size_t count);
_CRTIMP int __cdecl strcoll(const char* a, const char* b);
_CRTIMP size_t __cdecl strxfrm(char* destination, const char* source, size_t count);
_CRTIMP char* __cdecl strchr(const char* text, int c);
_CRTIMP char* __cdecl strrchr(const char* text, int c);
_CRTIMP char* __cdecl strstr(const char* haystack, const char* needle);
_CRTIMP size_t __cdecl strspn(const char* text, const char* accept);
_CRTIMP size_t __cdecl strcspn(const char* text, const char* reject);
_CRTIMP char* __cdecl strpbrk(const char* text, const char* accept);
_CRTIMP char* __cdecl strtok(char* text, const char* delimiters);
_CRTIMP char* __cdecl _strdup(const char* text);
_CRTIMP char* __cdecl _strlwr(char* text);
_CRTIMP char* __cdecl _strupr(char* text);
_CRTIMP char* __cdecl strerror(int number);

_CRTIMP size_t __cdecl wcslen(const wchar_t* text);
_CRTIMP wchar_t* __cdecl wcscpy(wchar_t* destination, const wchar_t* source);
_CRTIMP wchar_t* __cdecl wcsncpy(wchar_t* destination, const wchar_t* source, size_t count);
_CRTIMP wchar_t* __cdecl wcscat(wchar_t* destination, const wchar_t* source);
_CRTIMP int __cdecl wcscmp(const wchar_t* a, const wchar_t* b);
_CRTIMP int __cdecl wcsncmp(const wchar_t* a, const wchar_t* b, size_t count);
_CRTIMP int __cdecl _wcsicmp(const wchar_t* a, const wchar_t* b);
_CRTIMP wchar_t* __cdecl wcschr(const wchar_t* text, wchar_t c);
_CRTIMP wchar_t* __cdecl wcsrchr(const wchar_t* text, wchar_t c);
_CRTIMP wchar_t* __cdecl wcsstr(const wchar_t* haystack, const wchar_t* needle);
_CRTIMP wchar_t* __cdecl _wcsdup(const wchar_t* text);

_CRT_END_C
