#pragma once

// User mode on bare metal (HalUserMode.cpp, UserEntry.S): syscall/sysret through the MSRs, swapgs
// with a per-CPU block at the kernel's GS base, the kernel entry stack in TSS.RSP0 and the per-CPU
// block, a user-executable system-call gate page mapped into every address space, and user
// exceptions routed to core's fault handlers.
//
// GS: in kernel mode GS base is the per-CPU block and IA32_KERNEL_GS_BASE holds the current
// thread's user GS base (its TEB); in user mode the two are swapped. Every entry from user mode
// (syscall, interrupt, exception) swaps on the way in and out, so kernel code always sees the
// per-CPU block, and a thread switch saves and restores IA32_KERNEL_GS_BASE with the thread.
// FIXME: an NMI or #MC that arrives between an entry and its swapgs sees the user GS base; their
// handlers (the panic report) do not use GS today, but anything that does must check.
// FIXME: FXSAVE only (x87, SSE); XSAVE for AVX state once CR4.OSXSAVE is turned on.

#include <stdint.h>

#include "Interrupts.h"

namespace halcyon::baremetal {

/// Where the gate page sits in every user address space: in the 64 KiB below the canonical hole
/// that core never allocates (above hal::Mmu::user_highest()), as Windows keeps it unused.
inline constexpr uint64_t kUserGatePage = 0x7fff'ffff'0000ull;

/// The per-CPU block at GS base in kernel mode (UserEntry.S reads it by these offsets).
struct PerCpu {
    uint64_t self;        ///< 0: its own address.
    uint64_t kernel_rsp;  ///< 8: the current thread's kernel stack for syscall entry.
    uint64_t user_rsp;    ///< 16: scratch: the user rsp during syscall entry.
};

/// Sets up syscall/sysret (EFER.SCE, STAR, LSTAR, FMASK), the per-CPU block and GS bases,
/// FXSAVE support (CR4.OSFXSR/OSXMMEXCPT) and the gate page. Once, before any address space
/// that should contain the gate is created.
void init_user_mode();

/// The TSC when the first thread entered user mode (0: none has yet).
uint64_t first_user_entry_tsc();

/// The physical frame of the gate page (0 before init_user_mode).
uint64_t user_gate_frame();

/// Sets the stack the CPU switches to on entry from user mode (TSS.RSP0 and the syscall stack).
void set_kernel_entry_stack(uint64_t rsp);

/// An exception (vector < 32) raised by user code: delivered to core (page faults to
/// on_user_fault, others to deliver_user_exception); may terminate the thread's process and not
/// return.
void handle_user_exception(InterruptFrame& frame);

} // namespace halcyon::baremetal
