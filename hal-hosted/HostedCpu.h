#pragma once

// Private to hal-hosted: what the user-mode code (UserMode.cpp) needs from the CPU emulation
// (Cpu.cpp) to turn the timer signal into kernel::on_timer_interrupt.

namespace halcyon::hal::hosted {

/// The host signal the timer thread sends to the thread that holds the CPU.
int timer_signal();

/// Installs the process-wide handlers for guest faults, trapped system calls and the timer
/// (UserMode.cpp). Idempotent; must precede the first timer tick.
void install_signal_handlers();

/// Turns SIGINT into a pending console interrupt (Console::take_interrupt) from now on; a
/// second SIGINT while the first is still pending ends the process as SIGINT normally does, so
/// a kernel that never looks can still be interrupted (Platform.cpp).
void install_interrupt_handler();

/// True when the calling host thread currently holds the simulated CPU (its baton). A timer
/// signal that reaches any other thread (it lost the CPU after the timer looked) is ignored.
bool holds_cpu();

} // namespace halcyon::hal::hosted
