#pragma once

// Win32 declarations the CRT needs that halcyon/win32.h does not (yet) provide. Exact Windows SDK
// signatures and values; remove entries here once the shared header gains them.

#include "halcyon/win32.h"

#ifndef DUPLICATE_SAME_ACCESS
#define DUPLICATE_SAME_ACCESS 0x00000002
#endif

#ifndef CREATE_SUSPENDED
#define CREATE_SUSPENDED 0x00000004
#endif
extern "C" WINBASEAPI DWORD WINAPI ResumeThread(HANDLE hThread);
