// shlwapi.dll's entry point; the APIs are in Path.cpp, Strings.cpp and Wnsprintf.cpp.

#include "halcyon/win32.h"

extern "C" BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) { return TRUE; }
