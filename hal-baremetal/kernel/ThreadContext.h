#pragma once

// hal::ThreadContext on bare metal, shared by hal::Cpu (HalCpu.cpp: creation and switching) and
// hal::UserMode (HalUserMode.cpp: entering and leaving user mode).

#include <stdint.h>

#include "FpuState.h"

namespace halcyon::hal {

struct ThreadContext {
    /// The user FPU/SSE/AVX state (an XSAVE or FXSAVE image, FpuState.h), saved and restored on
    /// every switch: the kernel itself never touches those registers (-mgeneral-regs-only), so
    /// what the CPU holds while a thread runs in the kernel is still that thread's user state.
    /// XSAVE needs 64-byte alignment and the heap gives 16, so the area is the first 64-byte
    /// boundary inside this storage (fpu_area()).
    alignas(16) uint8_t fpu_storage[baremetal::fpu::kAreaCapacity + 48];
    uint64_t rsp;
    uint64_t stack_top;   ///< 0 for the adopted boot thread (it runs on the boot stack).
    uint64_t user_gs;     ///< IA32_KERNEL_GS_BASE while the thread is switched out: its TEB.
    uint64_t entry_rsp;   ///< The kernel stack for entries from user mode (0: never entered).
    uint64_t leave_rsp;   ///< hal_enter_user's saved frame, for leave_user.

    uint8_t* fpu_area() {
        auto address = reinterpret_cast<uintptr_t>(fpu_storage);
        return reinterpret_cast<uint8_t*>((address + 63) & ~uintptr_t(63));
    }
};

/// The thread the CPU runs (set by adopt_current_thread and every switch).
ThreadContext* current_thread_context();

/// The FPU state a new thread starts with (x87 control word 0x37f, MXCSR 0x1f80: all
/// exceptions masked, round to nearest; AVX registers zero), as Windows starts threads.
void initialize_fpu_state(ThreadContext& context);

} // namespace halcyon::hal
