// kernelbase.dll's entry point: per-process initialisation of the state the API keeps.

#include "win32/kernelbase/KernelBase.h"

using namespace halcyon;
using namespace halcyon::kernelbase;

extern "C" BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
    if (reason == DLL_PROCESS_ATTACH) {
        initialize_command_line();
        initialize_console_state();
        register_console_ctrl_routine();
        // Exceptions no frame handles end in UnhandledExceptionFilter, as under Windows'
        // thread start routine.
        RtlSetUnhandledExceptionFilter(reinterpret_cast<PRTL_UNHANDLED_EXCEPTION_FILTER>(&UnhandledExceptionFilter));
    }
    return TRUE;
}
