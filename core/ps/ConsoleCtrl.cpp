#include "core/ps/ConsoleCtrl.h"

#include "core/ke/Kernel.h"
#include "core/ps/ProcessLauncher.h"
#include "core/ps/Thread.h"

namespace halcyon::ps {

ErrorOr<void> raise_console_ctrl_event(Process& process, u32 event) {
    if (process.is_terminating() || process.is_terminated())
        return {};
    if (!process.console_ctrl_routine()) {
        kernel::trace("[ps] pid={} has no console control routine; control event {} ends it", process.pid(), event);
        terminate_process(process, kStatusControlCExit);
        return {};
    }
    UserThreadRequest request{.start_routine = process.console_ctrl_routine(), .argument = event};
    TRY(create_user_thread(process, request));
    kernel::trace("[ps] pid={} console control event {} delivered", process.pid(), event);
    return {};
}

void poll_console_interrupt() {
    if (!hal::Console::take_interrupt())
        return;
    for (Process& process : live_processes()) {
        auto raised = raise_console_ctrl_event(process, kCtrlCEvent);
        if (raised.is_error())
            kernel::log("halcyon: Ctrl+C not delivered to pid {}: {}", process.pid(), raised.error().status().name());
    }
}

} // namespace halcyon::ps
