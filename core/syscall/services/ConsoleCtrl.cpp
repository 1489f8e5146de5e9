// Console control events (core/ps/ConsoleCtrl.h): Halcyon's own services standing in for the
// console host's part of Ctrl+C on Windows.

#include "core/ps/ConsoleCtrl.h"
#include "core/syscall/Services.h"

namespace halcyon::sys {

NtStatus NtRegisterConsoleCtrlRoutine(SyscallContext& context, UserPtr<void> CtrlRoutine) {
    context.process.set_console_ctrl_routine(CtrlRoutine.address);
    return status::Success;
}

NtStatus NtGenerateConsoleCtrlEvent(SyscallContext& context, u32 CtrlEvent, u32 ProcessGroupId) {
    return to_status([&]() -> ErrorOr<void> {
        if (CtrlEvent != ps::kCtrlCEvent && CtrlEvent != ps::kCtrlBreakEvent)
            return Error(status::InvalidParameter, "not a console control event");
        if (ProcessGroupId == 0) {
            // Group 0: every process sharing the caller's console (all of them, see ConsoleCtrl.h).
            for (ps::Process& process : ps::live_processes())
                TRY(ps::raise_console_ctrl_event(process, CtrlEvent));
            return {};
        }
        for (ps::Process& process : ps::live_processes())
            if (process.pid() == ProcessGroupId)
                return ps::raise_console_ctrl_event(process, CtrlEvent);
        return Error(status::InvalidParameter, "no process group with this id");
    }());
}

} // namespace halcyon::sys
