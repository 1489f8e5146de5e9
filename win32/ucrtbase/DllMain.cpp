// ucrtbase.dll's entry point: DLL_PROCESS_ATTACH initializes the shared C runtime.

#include "halcyon/win32.h"
#include "win32/crt/Startup.h"

namespace crt {
const Flavor kFlavor = Flavor::Ucrt;
}

extern "C" BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
    if (reason == DLL_PROCESS_ATTACH)
        return crt::initialize_runtime() ? TRUE : FALSE;
    return TRUE;
}
