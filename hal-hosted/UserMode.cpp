// hal-hosted: user mode on a host thread — entering guest code, the system-call gate, trapping
// raw `syscall` instructions (Linux syscall user dispatch), and routing guest faults to core.

#include "HostedCpu.h"
#include "core/ke/Entry.h"
#include "hal/backend.h"

#include <asm/prctl.h>
#include <csetjmp>
#include <initializer_list>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

#ifndef PR_SET_SYSCALL_USER_DISPATCH
#define PR_SET_SYSCALL_USER_DISPATCH 59
#define PR_SYS_DISPATCH_OFF 0
#define PR_SYS_DISPATCH_ON 1
#endif
#ifndef SYS_USER_DISPATCH
#define SYS_USER_DISPATCH 2
#endif

extern "C" {
/// The stack the gate switches to: set by halcyon_hosted_enter_user, read by the gate (UserMode.S).
__thread __attribute__((tls_model("local-exec"))) halcyon::u64 halcyon_kernel_rsp;

void halcyon_hosted_gate();
[[noreturn]] void halcyon_hosted_enter_user(const halcyon::hal::UserStart* start);
halcyon::u64 halcyon_hosted_user_copy(void* dst, const void* src, halcyon::u64 size);
extern char halcyon_hosted_user_copy_fault_begin[];
extern char halcyon_hosted_user_copy_fault_end[];
extern char halcyon_hosted_user_copy_fixup[];

halcyon::u64 halcyon_hosted_system_call(halcyon::u32 number, halcyon::u64 a1, halcyon::u64 a2, halcyon::u64 a3,
                                        halcyon::u64 a4, halcyon::u64 stack_args) {
    halcyon::u64 result = halcyon::kernel::on_system_call(number, a1, a2, a3, a4, stack_args);
    // A user APC: the gate returns to the kernel's choice instead of the stub (its own return
    // address sits just below the stub's caller's frame, at stack_args - 0x30).
    if (halcyon::u64 redirect = halcyon::kernel::take_system_call_redirect())
        (void)halcyon::hal::UserMode::copy_to_user(stack_args - 0x30, &redirect, sizeof redirect);
    return result;
}
}

namespace halcyon::hal {

namespace {

thread_local sigjmp_buf t_leave_user;
thread_local bool t_thread_ready;
/// The host thread's signal stack, released when the host thread ends.
struct AltStack {
    void* base{nullptr};
    ~AltStack();
};
thread_local AltStack t_alt_stack;

constexpr usize kAltStackSize = 256 * KiB;

[[noreturn]] void kernel_crash(const char* what, const ucontext_t* uc, const siginfo_t* info) {
    auto& g = uc->uc_mcontext.gregs;
    char line[256];
    int n = snprintf(line, sizeof line,
                     "halcyon: KERNEL FAULT (%s) rip=%#llx addr=%p rsp=%#llx — this is a kernel bug\n", what,
                     static_cast<unsigned long long>(g[REG_RIP]), info->si_addr,
                     static_cast<unsigned long long>(g[REG_RSP]));
    (void)!write(2, line, static_cast<size_t>(n));
    signal(SIGABRT, SIG_DFL);
    abort();
}

bool is_guest_rip(u64 rip) { return rip >= Mmu::user_lowest() && rip < Mmu::user_highest(); }

/// Rewrites the interrupted context so that, when the handler returns, the thread continues in
/// `function` on its kernel stack with `argument` in rdi (instead of resuming guest code).
void redirect_to_kernel(ucontext_t* uc, void (*function)(u64), u64 argument) {
    auto& g = uc->uc_mcontext.gregs;
    g[REG_RSP] = static_cast<greg_t>(halcyon_kernel_rsp - 8); // as if called: rsp % 16 == 8
    g[REG_RIP] = reinterpret_cast<greg_t>(function);
    g[REG_RDI] = static_cast<greg_t>(argument);
}

void fault_exit_trampoline(u64) { kernel::terminate_after_fault(); }

/// The faulting rip of a non-page-fault exception, handed from the signal handler to the
/// trampoline that runs on the kernel stack.
thread_local u64 t_exception_rip;

void exception_exit_trampoline(u64 status) { kernel::on_user_exception(static_cast<u32>(status), t_exception_rip); }

/// The signal frame's slot for each UserContext integer register (x86 encoding order).
constexpr int kGregOfGpr[16] = {REG_RAX, REG_RCX, REG_RDX, REG_RBX, REG_RSP, REG_RBP, REG_RSI, REG_RDI,
                                REG_R8,  REG_R9,  REG_R10, REG_R11, REG_R12, REG_R13, REG_R14, REG_R15};

/// The guest's registers from a signal frame, in the kernel's UserContext layout.
UserContext user_context_from(const ucontext_t& uc) {
    const auto& g = uc.uc_mcontext.gregs;
    UserContext context{};
    for (int i = 0; i < 16; ++i)
        context.gpr[i] = static_cast<u64>(g[kGregOfGpr[i]]);
    context.rip = static_cast<u64>(g[REG_RIP]);
    context.rflags = static_cast<u64>(g[REG_EFL]);
    if (uc.uc_mcontext.fpregs)
        memcpy(context.fxsave, uc.uc_mcontext.fpregs, sizeof context.fxsave);
    return context;
}

/// Makes the signal return into `context` instead of where the guest was interrupted.
void resume_in(ucontext_t& uc, const UserContext& context) {
    auto& g = uc.uc_mcontext.gregs;
    for (int i = 0; i < 16; ++i)
        g[kGregOfGpr[i]] = static_cast<greg_t>(context.gpr[i]);
    g[REG_RIP] = static_cast<greg_t>(context.rip);
    if (uc.uc_mcontext.fpregs)
        memcpy(uc.uc_mcontext.fpregs, context.fxsave, sizeof context.fxsave);
}

void on_fault_signal(int signal_number, siginfo_t* info, void* raw_context) {
    auto* uc = static_cast<ucontext_t*>(raw_context);
    auto& g = uc->uc_mcontext.gregs;
    u64 rip = static_cast<u64>(g[REG_RIP]);

    if (signal_number == SIGSEGV || signal_number == SIGBUS) {
        if (rip >= reinterpret_cast<u64>(halcyon_hosted_user_copy_fault_begin) &&
            rip < reinterpret_cast<u64>(halcyon_hosted_user_copy_fault_end)) {
            g[REG_RIP] = reinterpret_cast<greg_t>(halcyon_hosted_user_copy_fixup);
            return;
        }
    }
    if (!is_guest_rip(rip))
        kernel_crash(strsignal(signal_number), uc, info);

    UserContext context = user_context_from(*uc);
    if (signal_number == SIGSEGV || signal_number == SIGBUS) {
        // [intel/vol3] 4.7: page-fault error code bit 1 = write, bit 4 = instruction fetch.
        u64 error = static_cast<u64>(g[REG_ERR]);
        FaultAccess access = (error & 0x10) ? FaultAccess::Execute
                             : (error & 0x2) ? FaultAccess::Write
                                             : FaultAccess::Read;
        u64 address = reinterpret_cast<u64>(info->si_addr);
        switch (kernel::on_user_fault(address, access, context)) {
        case kernel::FaultOutcome::Retry:
            return;
        case kernel::FaultOutcome::Deliver:
            resume_in(*uc, context);
            return;
        case kernel::FaultOutcome::Terminate:
            redirect_to_kernel(uc, fault_exit_trampoline, 0);
            return;
        }
    }

    u32 status = 0xC000001D; // STATUS_ILLEGAL_INSTRUCTION
    if (signal_number == SIGFPE) {
        status = info->si_code == FPE_INTDIV ? 0xC0000094 : 0xC0000095; // divide by zero / overflow
    } else if (signal_number == SIGTRAP) {
        status = 0x80000003; // STATUS_BREAKPOINT
        // int3 leaves rip after itself; Windows reports (and resumes) at the instruction.
        if (info->si_code == SI_KERNEL)
            context.rip -= 1;
    }
    if (kernel::deliver_user_exception(status, context) == kernel::FaultOutcome::Deliver) {
        resume_in(*uc, context);
        return;
    }
    t_exception_rip = context.rip;
    redirect_to_kernel(uc, exception_exit_trampoline, status);
}

/// A raw `syscall` executed by guest code. Rule 5 of ARCHITECTURE.md: it reaches the Halcyon
/// dispatcher, never Linux. Arguments 5+ sit at [rsp + 0x28] as with Windows' own stubs.
void on_sigsys(int, siginfo_t* info, void* context) {
    auto* uc = static_cast<ucontext_t*>(context);
    auto& g = uc->uc_mcontext.gregs;
    if (info->si_code != SYS_USER_DISPATCH || !is_guest_rip(static_cast<u64>(g[REG_RIP]))) {
        const char message[] = "halcyon: unexpected SIGSYS outside guest code\n";
        (void)!write(2, message, sizeof message - 1);
        abort();
    }
    u64 result = kernel::on_system_call(static_cast<u32>(g[REG_RAX]), static_cast<u64>(g[REG_R10]),
                                        static_cast<u64>(g[REG_RDX]), static_cast<u64>(g[REG_R8]),
                                        static_cast<u64>(g[REG_R9]), static_cast<u64>(g[REG_RSP]) + 0x28);
    g[REG_RAX] = static_cast<greg_t>(result);
    if (u64 redirect = kernel::take_system_call_redirect())
        g[REG_RIP] = static_cast<greg_t>(redirect);
}

/// The timer: on the thread holding the CPU, an interrupt for the kernel. When guest code was
/// running the kernel may switch threads from here; this thread then waits inside the handler,
/// with the guest's registers saved in the signal frame, until it is switched back to.
void on_timer_signal(int, siginfo_t*, void* context) {
    if (!hosted::holds_cpu())
        return;
    auto* uc = static_cast<ucontext_t*>(context);
    int saved_errno = errno;
    kernel::on_timer_interrupt(is_guest_rip(static_cast<u64>(uc->uc_mcontext.gregs[REG_RIP])));
    errno = saved_errno;
}

AltStack::~AltStack() {
    if (!base)
        return;
    stack_t disable{};
    disable.ss_flags = SS_DISABLE;
    sigaltstack(&disable, nullptr);
    munmap(base, kAltStackSize);
}

} // namespace

void hosted::install_signal_handlers() {
    static bool installed = false;
    if (installed)
        return;
    installed = true;
    struct sigaction action {};
    action.sa_sigaction = on_fault_signal;
    action.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
    sigemptyset(&action.sa_mask);
    for (int s : {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP})
        sigaction(s, &action, nullptr);
    struct sigaction sys {};
    sys.sa_sigaction = on_sigsys;
    sys.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&sys.sa_mask);
    sigaction(SIGSYS, &sys, nullptr);
    struct sigaction timer {};
    timer.sa_sigaction = on_timer_signal;
    timer.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESTART;
    sigemptyset(&timer.sa_mask);
    sigaction(hosted::timer_signal(), &timer, nullptr);
    hosted::install_interrupt_handler();
}

namespace {

void prepare_thread() {
    if (t_thread_ready)
        return;
    hosted::install_signal_handlers();
    t_alt_stack.base = mmap(nullptr, kAltStackSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (t_alt_stack.base == MAP_FAILED) {
        perror("halcyon: signal stack");
        abort();
    }
    stack_t stack{};
    stack.ss_sp = t_alt_stack.base;
    stack.ss_size = kAltStackSize;
    sigaltstack(&stack, nullptr);
    // Everything outside [user_highest, 0x8000'0000'0000) — i.e. guest code — has its system
    // calls diverted to SIGSYS. Host code (binary, libc, vDSO) lives above user_highest.
    u64 allowed_start = Mmu::user_highest();
    u64 allowed_length = 0x8000'0000'0000ull - allowed_start;
    if (prctl(PR_SET_SYSCALL_USER_DISPATCH, PR_SYS_DISPATCH_ON, allowed_start, allowed_length, 0) != 0) {
        perror("halcyon: syscall user dispatch (Linux >= 5.11 required)");
        abort();
    }
    t_thread_ready = true;
}

} // namespace

void UserMode::run_user(const UserStart& start) {
    prepare_thread();
    if (syscall(SYS_arch_prctl, ARCH_SET_GS, start.gs_base) != 0) {
        perror("halcyon: arch_prctl(ARCH_SET_GS)");
        abort();
    }
    if (sigsetjmp(t_leave_user, 1) == 0)
        halcyon_hosted_enter_user(&start);
}

void UserMode::leave_user() { siglongjmp(t_leave_user, 1); }

bool UserMode::copy_from_user(void* kernel_buffer, u64 user_address, usize size) {
    u64 end;
    if (!checked_add(user_address, size, end) || user_address < Mmu::user_lowest() || end > Mmu::user_highest())
        return false;
    return halcyon_hosted_user_copy(kernel_buffer, reinterpret_cast<const void*>(user_address), size) == 0;
}

bool UserMode::copy_to_user(u64 user_address, const void* kernel_source, usize size) {
    u64 end;
    if (!checked_add(user_address, size, end) || user_address < Mmu::user_lowest() || end > Mmu::user_highest())
        return false;
    return halcyon_hosted_user_copy(reinterpret_cast<void*>(user_address), kernel_source, size) == 0;
}

u64 UserMode::gate_address() { return reinterpret_cast<u64>(&halcyon_hosted_gate); }

} // namespace halcyon::hal
