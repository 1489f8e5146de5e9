#pragma once

// hal::ThreadContext on bare metal, shared by hal::Cpu (HalCpu.cpp: creation and switching) and
// hal::UserMode (HalUserMode.cpp: entering and leaving user mode).

#include <stdint.h>

namespace halcyon::hal {

struct ThreadContext {
    /// The user FPU/SSE state (FXSAVE image), saved and restored on every switch: the kernel
    /// itself never touches those registers (-mgeneral-regs-only), so what the CPU holds while
    /// a thread runs in the kernel is still that thread's user state.
    alignas(16) uint8_t fxsave[512];
    uint64_t rsp;
    uint64_t stack_top;   ///< 0 for the adopted boot thread (it runs on the boot stack).
    uint64_t user_gs;     ///< IA32_KERNEL_GS_BASE while the thread is switched out: its TEB.
    uint64_t entry_rsp;   ///< The kernel stack for entries from user mode (0: never entered).
    uint64_t leave_rsp;   ///< hal_enter_user's saved frame, for leave_user.
};

/// The thread the CPU runs (set by adopt_current_thread and every switch).
ThreadContext* current_thread_context();

/// The FXSAVE image a new thread starts with (x87 control word 0x37f, MXCSR 0x1f80: all
/// exceptions masked, round to nearest), as Windows starts threads.
void initialize_fpu_state(ThreadContext& context);

} // namespace halcyon::hal
