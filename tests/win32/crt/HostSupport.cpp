// What the pure CRT sources need from the rest of the runtime, for the host tests: the flavor
// (tests choose options explicitly; msvcrt is the default), strtok state and allocation.

#include <stdlib.h>

#include "win32/crt/StringShared.h"

namespace crt {
const Flavor kFlavor = Flavor::Msvcrt;
static char* g_strtok;
static WideChar* g_wcstok;
char*& strtok_context() { return g_strtok; }
WideChar*& wcstok_context() { return g_wcstok; }
void* crt_allocate(size_t size) { return ::malloc(size); }
} // namespace crt
