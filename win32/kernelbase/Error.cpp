// LastError and the process error mode.

#include "win32/kernelbase/KernelBase.h"

using namespace halcyon;
using namespace halcyon::kernelbase;

namespace {

UINT g_error_mode;

} // namespace

extern "C" {

DWORD WINAPI GetLastError(void) { return teb()->last_error_value; }

void WINAPI SetLastError(DWORD error) { set_last_error(error); }

UINT WINAPI SetErrorMode(UINT mode) {
    // FIXME: stored only; there are no error dialogs for SEM_FAILCRITICALERRORS and friends to
    // suppress.
    return __atomic_exchange_n(&g_error_mode, mode, __ATOMIC_ACQ_REL);
}

UINT WINAPI GetErrorMode(void) { return __atomic_load_n(&g_error_mode, __ATOMIC_ACQUIRE); }

} // extern "C"
