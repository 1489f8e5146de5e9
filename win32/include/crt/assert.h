/* <assert.h> for programs linked against Halcyon's msvcrt.dll. */
#include "_crt_common.h"

#undef assert
#ifdef NDEBUG
#define assert(expression) ((void)0)
#else
_CRT_BEGIN_C
_CRT_NORETURN _CRTIMP void __cdecl _assert(const char* message, const char* file, unsigned line);
_CRT_END_C
#define assert(expression) ((void)((expression) || (_assert(#expression, __FILE__, __LINE__), 0)))
#endif
