// kernel32.dll: on Windows 7 and later nearly every kernel32 export is a forwarder to kernelbase
// (or straight to ntdll); kernel32.spec lists them. This file is only the entry point the DLL
// needs; APIs that live in kernel32 itself would sit beside it.

#include "halcyon/win32.h"

extern "C" BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) { return TRUE; }
