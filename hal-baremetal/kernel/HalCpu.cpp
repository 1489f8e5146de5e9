// hal::Cpu on bare metal: kernel threads with their own stacks on the kernel heap, switched by
// saving callee-saved registers (HalSwitch.S); interrupt masking is the real IF flag; the timer
// is the local APIC's (Lapic.h). Without a local APIC, start_timer says so in the log and
// wait_for_interrupt panics with the reason rather than halting forever.
// Kernel thread stacks come from KernelMemory's stack window, each with a guard page below.
// A switch also carries the user-mode state of the threads (ThreadContext.h): the XSAVE or FXSAVE image (FpuState.h),
// the user GS base (IA32_KERNEL_GS_BASE) and the kernel stack for entries from user mode.

#include <halcyon_backend.h>

#include "core/lib/Memory.h"

#include "core/ke/Entry.h"

#include "Arch.h"
#include "KernelMemory.h"
#include "Lapic.h"
#include "Panic.h"
#include "ThreadContext.h"
#include "UserEntry.h"

extern "C" {
void hal_switch_stacks(uint64_t* save_rsp, uint64_t load_rsp);
void hal_thread_trampoline();
void hal_timer_tick(bool interrupted_user);
[[noreturn]] void hal_thread_returned() {
    halcyon::baremetal::panic("a kernel thread's entry function returned (threads end with exit_and_switch)");
}
}

namespace halcyon::hal {

namespace {

bool g_timer_reported;
u64 g_timer_period_ns;
ThreadContext* g_current;
constexpr u32 kMsrKernelGsBase = 0xc0000102;

ThreadContext* new_context() {
    auto* context = static_cast<ThreadContext*>(kmalloc(sizeof(ThreadContext)));
    if (context) {
        __builtin_memset(context, 0, sizeof(ThreadContext));
        initialize_fpu_state(*context);
    }
    return context;
}

// Everything but the kernel stacks: the outgoing thread's user FPU state and user GS base are
// saved, the incoming one's loaded, and entries from user mode will land on its kernel stack.
void switch_user_state(ThreadContext& from, ThreadContext& to) {
    baremetal::fpu::save(from.fpu_area());
    from.user_gs = baremetal::arch::read_msr(kMsrKernelGsBase);
    baremetal::fpu::restore(to.fpu_area());
    baremetal::arch::write_msr(kMsrKernelGsBase, to.user_gs);
    if (to.entry_rsp)
        baremetal::set_kernel_entry_stack(to.entry_rsp);
    g_current = &to;
}

} // namespace

ThreadContext* current_thread_context() { return g_current; }

void initialize_fpu_state(ThreadContext& context) { baremetal::fpu::initialize(context.fpu_area()); }

ErrorOr<ThreadContext*> Cpu::create_thread(ThreadEntry entry, void* argument) {
    auto* context = new_context();
    u64 stack_top = context ? baremetal::allocate_kernel_stack() : 0;
    if (!stack_top) {
        kfree(context);
        return Error(status::NoMemory, "no memory for a kernel thread's stack");
    }
    // The frame hal_switch_stacks pops: r15, r14, r13, r12, rbx, rbp, then the return address.
    // The trampoline starts with RSP = top - 8, which is what a call leaves (16-byte aligned
    // before the call).
    auto* top = reinterpret_cast<u64*>(stack_top) - 2;
    top[0] = reinterpret_cast<u64>(hal_thread_trampoline);
    top[1] = 0;
    u64* frame = top - 6;
    frame[0] = 0;                                 // r15
    frame[1] = 0;                                 // r14
    frame[2] = reinterpret_cast<u64>(entry);      // r13
    frame[3] = reinterpret_cast<u64>(argument);   // r12
    frame[4] = 0;                                 // rbx
    frame[5] = 0;                                 // rbp
    context->rsp = reinterpret_cast<u64>(frame);
    context->stack_top = stack_top;
    return context;
}

void Cpu::destroy_thread(ThreadContext* context) {
    if (!context)
        return;
    if (g_current == context)
        g_current = nullptr;
    if (context->stack_top)
        baremetal::free_kernel_stack(context->stack_top);
    kfree(context);
}

ErrorOr<ThreadContext*> Cpu::adopt_current_thread() {
    auto* context = new_context();
    if (!context)
        return Error(status::NoMemory, "no memory for the boot thread's context");
    g_current = context;
    return context;
}

void Cpu::switch_context(ThreadContext& from, ThreadContext& to) {
    if (&from == &to)
        return;
    switch_user_state(from, to);
    hal_switch_stacks(&from.rsp, to.rsp);
}

void Cpu::exit_and_switch(ThreadContext& from, ThreadContext& to) {
    // `from`'s stack stays allocated until destroy_thread (the scheduler reaps it after the
    // switch), so switching away from it is safe; nothing ever switches back.
    switch_user_state(from, to);
    hal_switch_stacks(&from.rsp, to.rsp);
    baremetal::panic("Cpu::exit_and_switch: an exited thread was resumed");
}

bool Cpu::disable_interrupts() {
    u64 flags;
    asm volatile("pushfq; popq %0; cli" : "=r"(flags) : : "memory");
    return flags & (1u << 9);
}

void Cpu::restore_interrupts(bool enabled) {
    if (enabled)
        asm volatile("sti" ::: "memory");
    else
        asm volatile("cli" ::: "memory");
}

void Cpu::wait_for_interrupt() {
    if (!baremetal::lapic::available())
        baremetal::panic("Cpu::wait_for_interrupt: no local APIC timer, so the CPU would halt forever");
    // Like the hosted backend's 1 ms sleep: the idle loop polls deadlines and its run queue
    // itself, so waking within a tick is all it needs.
    baremetal::lapic::arm_one_shot(1'000'000);
    u64 flags;
    asm volatile("pushfq; popq %0" : "=r"(flags));
    asm volatile("sti; hlt" ::: "memory");
    if (!(flags & (1u << 9)))
        asm volatile("cli" ::: "memory");
}

void Cpu::start_timer(u64 period_ns) {
    if (!baremetal::lapic::available()) {
        if (period_ns && !g_timer_reported) {
            g_timer_reported = true;
            Console::log("hal-baremetal: Cpu::start_timer: no local APIC timer: threads are not preempted\n");
        }
        return;
    }
    if (period_ns == g_timer_period_ns)
        return;
    g_timer_period_ns = period_ns;
    baremetal::lapic::start_periodic(period_ns);
}

} // namespace halcyon::hal

// The LAPIC timer's interrupt (Interrupts.cpp): acknowledge it, and when the scheduler asked for
// ticks, tell core, which may switch threads from here when the tick interrupted user code.
extern "C" void hal_timer_tick(bool interrupted_user) {
    halcyon::baremetal::lapic::on_timer_interrupt();
    if (halcyon::hal::g_timer_period_ns)
        halcyon::kernel::on_timer_interrupt(interrupted_user);
}
