// user32.dll's entry point. The APIs live in the other files of this directory (and, for
// LoadString, in kernelbase; see user32.spec).

#include "halcyon/win32.h"

extern "C" BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) { return TRUE; }
