// Console control events: SetConsoleCtrlHandler's handler list, GenerateConsoleCtrlEvent, and
// CtrlRoutine, the thread the kernel starts in the process for each Ctrl+C / Ctrl+Break
// (core/ps/ConsoleCtrl.h; on Windows the console host starts it).

#include "win32/kernelbase/KernelBase.h"

using namespace halcyon;
using namespace halcyon::kernelbase;

namespace {

constexpr DWORD kCtrlCEvent = 0, kCtrlBreakEvent = 1;
constexpr int kMaxHandlers = 64;

PHANDLER_ROUTINE g_handlers[kMaxHandlers];
int g_handler_count;
bool g_ignore_ctrl_c;
volatile LONG g_handlers_lock;

/// The handler list is changed and read by different threads (CtrlRoutine runs on its own).
class HandlersLock {
public:
    HandlersLock() {
        while (__atomic_exchange_n(&g_handlers_lock, 1, __ATOMIC_ACQUIRE))
            NtYieldExecution();
    }
    ~HandlersLock() { __atomic_store_n(&g_handlers_lock, 0, __ATOMIC_RELEASE); }
};

} // namespace

extern "C" {


/// The console control thread: the handlers run last registered first until one returns TRUE;
/// when none does, the default handler ends the process with STATUS_CONTROL_C_EXIT.
DWORD WINAPI CtrlRoutine(LPVOID parameter) {
    DWORD event = static_cast<DWORD>(reinterpret_cast<ULONG_PTR>(parameter));
    PHANDLER_ROUTINE handlers[kMaxHandlers];
    int count;
    {
        HandlersLock lock;
        // SetConsoleCtrlHandler(NULL, TRUE) makes the process ignore Ctrl+C (not Ctrl+Break).
        if (event == kCtrlCEvent && g_ignore_ctrl_c)
            return 0;
        count = g_handler_count;
        for (int i = 0; i < count; ++i)
            handlers[i] = g_handlers[i];
    }
    for (int i = count - 1; i >= 0; --i)
        if (handlers[i](event))
            return 0;
    RtlExitUserProcess(STATUS_CONTROL_C_EXIT);
    return 0;
}

BOOL WINAPI SetConsoleCtrlHandler(PHANDLER_ROUTINE handler, BOOL add) {
    HandlersLock lock;
    if (!handler) {
        g_ignore_ctrl_c = add != FALSE;
        return TRUE;
    }
    if (add) {
        if (g_handler_count == kMaxHandlers) {
            set_last_error(ERROR_NOT_ENOUGH_MEMORY);
            return FALSE;
        }
        g_handlers[g_handler_count++] = handler;
        return TRUE;
    }
    for (int i = g_handler_count - 1; i >= 0; --i) {
        if (g_handlers[i] == handler) {
            for (int k = i; k + 1 < g_handler_count; ++k)
                g_handlers[k] = g_handlers[k + 1];
            --g_handler_count;
            return TRUE;
        }
    }
    set_last_error(ERROR_INVALID_PARAMETER);
    return FALSE;
}

BOOL WINAPI GenerateConsoleCtrlEvent(DWORD event, DWORD process_group) {
    if (event != kCtrlCEvent && event != kCtrlBreakEvent) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    return succeeded_or_set_error(NtGenerateConsoleCtrlEvent(event, process_group));
}

} // extern "C"

namespace halcyon::kernelbase {

void register_console_ctrl_routine() { NtRegisterConsoleCtrlRoutine(reinterpret_cast<PVOID>(&CtrlRoutine)); }

} // namespace halcyon::kernelbase
