// msvcrt.dll's entry point: DLL_PROCESS_ATTACH initializes the shared C runtime.

#include "halcyon/win32.h"
#include "win32/crt/Startup.h"
#include "win32/crt/ThreadData.h"

namespace crt {
const Flavor kFlavor = Flavor::Msvcrt;
}

extern "C" BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
    if (reason == DLL_PROCESS_ATTACH)
        return crt::initialize_runtime() ? TRUE : FALSE;
    // Threads started with CreateThread get their CRT data on first use; it goes with them.
    if (reason == DLL_THREAD_DETACH)
        crt::free_thread_data();
    return TRUE;
}
