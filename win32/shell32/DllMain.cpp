// shell32.dll's entry point; the APIs are in CommandLine.cpp and Folders.cpp.

#include "halcyon/win32.h"

extern "C" BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) { return TRUE; }
