#pragma once

// hal-baremetal: the HAL backend for the kernel on the machine itself (hal-baremetal/kernel).
// Declarations only; the implementations are in hal-baremetal/kernel/Hal*.cpp. What the
// hardware side does not do yet fails at run time with a named error (NotImplemented and a log
// line naming the operation), never with a link-time stub that pretends.

#include "hal/clock.h"
#include "hal/console.h"
#include "hal/cpu.h"
#include "hal/mmu.h"
#include "hal/phys_mem.h"
#include "hal/user.h"

namespace halcyon::hal {

/// The serial line (COM1) and the framebuffer console: output goes to both, and the standard
/// output stream also byte for byte to COM2 (hal-baremetal/kernel/ProgramOutput.h). FIXME: input
/// (serial receive, PS/2 keyboard) is not there yet; read() says so with NotImplemented.
struct Console {
    static void log(StringView text);
    static ErrorOr<usize> write(ConsoleStream stream, ReadonlyBytes bytes);
    static ErrorOr<usize> read(Bytes buffer);
    static bool input_ready();
    static bool is_terminal(ConsoleStream stream);
    static ConsoleStreamKind stream_kind(ConsoleStream stream);
    static bool take_interrupt();
};
static_assert(ConsoleContract<Console>);

/// The TSC, calibrated against the PIT at boot; wall-clock time from the CMOS RTC at boot.
struct Clock {
    static u64 monotonic_ns();
    static u64 system_time_100ns();
};
static_assert(ClockContract<Clock>);

/// Physical memory through the kernel's direct map (hal-baremetal/kernel/KernelMemory.h). The
/// ranges are the part of the UEFI map's usable RAM that the kernel hands to core.
struct PhysMem {
    static u8* to_virt(u64 phys) { return reinterpret_cast<u8*>(0xffff800000000000ull + phys); }
    static usize range_count();
    static u64 range_base(usize index);
    static u64 range_size(usize index);
    static void discard_frame(u64 phys);
};
static_assert(PhysMemContract<PhysMem>);

/// User address spaces as 4-level page tables sharing the kernel half.
struct Mmu {
    static ErrorOr<SpaceId> create_space();
    static void destroy_space(SpaceId space);
    static ErrorOr<void> map(SpaceId space, u64 va, u64 phys, usize pages, PageAccess access);
    static void unmap(SpaceId space, u64 va, usize pages);
    static ErrorOr<void> protect(SpaceId space, u64 va, usize pages, PageAccess access);
    static void activate(SpaceId space);
    static u64 user_lowest() { return 0x10000; }
    /// The top of the lower canonical half, less the page under the hole (as Windows keeps it).
    static u64 user_highest() { return 0x7fff'fffe'0000; }
};
static_assert(MmuContract<Mmu>);

/// Ring 3 through iretq on the thread's kernel stack, system calls through syscall/sysret (the
/// gate is a user-executable `syscall; ret` page in every address space), user exceptions to
/// core's fault handlers (hal-baremetal/kernel/UserEntry.h). The user copies are SMAP-aware and
/// fault-safe.
struct UserMode {
    static void run_user(const UserStart& start);
    [[noreturn]] static void leave_user();
    static bool copy_from_user(void* kernel_buffer, u64 user_address, usize size);
    static bool copy_to_user(u64 user_address, const void* kernel_source, usize size);
    static u64 gate_address();
};
static_assert(UserModeContract<UserMode>);

/// Kernel threads as saved callee-saved registers on their own kernel stacks; interrupts are
/// the real IF flag. FIXME: no timer interrupt source yet (LAPIC timer), so start_timer and
/// wait_for_interrupt report that instead of waiting forever.
struct Cpu {
    static ErrorOr<ThreadContext*> create_thread(ThreadEntry entry, void* argument);
    static void destroy_thread(ThreadContext* context);
    static ErrorOr<ThreadContext*> adopt_current_thread();
    static void switch_context(ThreadContext& from, ThreadContext& to);
    [[noreturn]] static void exit_and_switch(ThreadContext& from, ThreadContext& to);
    static bool disable_interrupts();
    static void restore_interrupts(bool enabled);
    static void wait_for_interrupt();
    static void start_timer(u64 period_ns);
};
static_assert(CpuContract<Cpu>);

} // namespace halcyon::hal
