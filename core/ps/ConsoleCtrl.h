#pragma once

// Console control events (Ctrl+C, Ctrl+Break). On Windows the console host starts kernelbase's
// CtrlRoutine as a new thread in each process attached to the console; that routine calls the
// SetConsoleCtrlHandler handlers, last registered first, and ends the process with
// STATUS_CONTROL_C_EXIT when none handles the event. Halcyon's kernel does the console host's
// part: kernelbase registers its routine (NtRegisterConsoleCtrlRoutine), and an event starts a
// thread there with the event number as its argument.
//
// FIXME: every process shares the one console, and process groups (CREATE_NEW_PROCESS_GROUP)
// are not tracked: a group id names the process with that id.
// FIXME: a host interrupt is noticed at the next system call, timer tick or idle moment; a lone
// thread spinning in user code without system calls (the timer is then off) does not see it.

#include "core/lib/ErrorOr.h"

namespace halcyon::ps {

class Process;

constexpr u32 kCtrlCEvent = 0, kCtrlBreakEvent = 1;
/// STATUS_CONTROL_C_EXIT: how a process ends when no handler takes Ctrl+C.
constexpr NtStatus kStatusControlCExit{0xC000013A};

/// Delivers `event` to `process`: a new thread at its control routine, or, when it has none
/// (no kernelbase), the default action (the process ends with STATUS_CONTROL_C_EXIT).
ErrorOr<void> raise_console_ctrl_event(Process& process, u32 event);

/// Takes a console interrupt from the HAL, if one is pending, and delivers Ctrl+C to every live
/// process. Called where the scheduler looks for work (idle loop, preemption points).
void poll_console_interrupt();

} // namespace halcyon::ps
