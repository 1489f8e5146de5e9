// hal::UserMode on bare metal: ring 3 entered with iretq (hal_enter_user) on the thread's own
// kernel stack, system calls through syscall/sysret (hal_syscall_entry, a user-executable gate
// page holding `syscall; ret`), user exceptions from the IDT to core's fault handlers, and
// leave_user back onto run_user's frame. The user copies are range-checked, SMAP-aware and
// fault-safe. See UserEntry.h for the GS convention.

#include <halcyon_backend.h>

#include "core/ke/Entry.h"
#include "core/mm/PhysicalAllocator.h"

#include "Arch.h"
#include "HalClock.h"
#include "Interrupts.h"
#include "KernelMemory.h"
#include "Panic.h"
#include "ThreadContext.h"
#include "UserEntry.h"

extern "C" {
void hal_user_copy(void* destination, const void* source, halcyon::usize size);
extern char hal_user_copy_fault[], hal_user_copy_resume[];
void hal_syscall_entry();
void hal_enter_user(const halcyon::hal::UserStart* start, uint64_t* save_rsp);
[[noreturn]] void hal_leave_user(uint64_t saved_rsp);
}

namespace halcyon::baremetal {

namespace {

constexpr uint32_t kMsrStar = 0xc0000081, kMsrLstar = 0xc0000082, kMsrFmask = 0xc0000084, kMsrGsBase = 0xc0000101,
                   kMsrKernelGsBase = 0xc0000102;
constexpr uint64_t kEferSce = 1ull << 0;
constexpr uint64_t kCr0Mp = 1ull << 1, kCr0Em = 1ull << 2, kCr0Ts = 1ull << 3;
constexpr uint64_t kCr4Osfxsr = 1ull << 9, kCr4Osxmmexcpt = 1ull << 10;
/// IA32_FMASK: clear IF, TF, DF and AC on syscall entry (the kernel runs with interrupts off).
constexpr uint64_t kSyscallFlagMask = (1ull << 9) | (1ull << 8) | (1ull << 10) | (1ull << 18);
/// The flags user code may set (CF PF AF ZF SF TF DF OF AC ID); IF and the reserved bit 1 are
/// forced on when returning to user mode.
constexpr uint64_t kUserFlags = 0x244dd5, kUserFlagsForced = 0x202;
/// The gate: `syscall` (0f 05) then `ret` (c3). A system call through it comes back with the
/// user rip just past the syscall.
constexpr uint8_t kGateCode[] = {0x0f, 0x05, 0xc3};
constexpr uint64_t kGateReturn = kUserGatePage + 2;

PerCpu g_per_cpu;
uint64_t g_gate_frame;
uint64_t g_first_user_entry_tsc;

} // namespace

void init_user_mode() {
    // FXSAVE/FXRSTOR with SSE state, SSE exceptions as #XM, no FPU emulation or lazy switching.
    arch::write_cr0((arch::read_cr0() | kCr0Mp) & ~(kCr0Em | kCr0Ts));
    arch::write_cr4(arch::read_cr4() | kCr4Osfxsr | kCr4Osxmmexcpt);
    asm volatile("fninit");

    g_per_cpu.self = reinterpret_cast<uint64_t>(&g_per_cpu);
    arch::write_msr(kMsrGsBase, reinterpret_cast<uint64_t>(&g_per_cpu));
    arch::write_msr(kMsrKernelGsBase, 0);
    // STAR: syscall loads CS = 0x08, SS = 0x10; sysret (64-bit) CS = 0x10 + 16 = 0x20 | 3 and
    // SS = 0x10 + 8 = 0x18 | 3 ([intel/vol2] SYSCALL, SYSRET; the GDT in Interrupts.h).
    arch::write_msr(kMsrStar, (uint64_t(kKernelData) << 48) | (uint64_t(kKernelCode) << 32));
    arch::write_msr(kMsrLstar, reinterpret_cast<uint64_t>(&hal_syscall_entry));
    arch::write_msr(kMsrFmask, kSyscallFlagMask);
    arch::write_msr(arch::kMsrEfer, arch::read_msr(arch::kMsrEfer) | kEferSce);

    auto frame = frame_allocator().allocate_frame();
    if (frame.is_error())
        panic("no frame for the system-call gate page");
    g_gate_frame = frame.value();
    uint8_t* page = physical_to_virtual(g_gate_frame);
    __builtin_memset(page, 0xcc, kPageSize); // int3 everywhere else
    __builtin_memcpy(page, kGateCode, sizeof kGateCode);
}

uint64_t user_gate_frame() { return g_gate_frame; }

uint64_t first_user_entry_tsc() { return g_first_user_entry_tsc; }

void note_user_entry() {
    if (!g_first_user_entry_tsc)
        g_first_user_entry_tsc = read_tsc();
}

void set_kernel_entry_stack(uint64_t rsp) {
    g_per_cpu.kernel_rsp = rsp;
    set_tss_kernel_stack(rsp);
}

namespace {

// The UserContext register order (x86 encoding: rax rcx rdx rbx rsp rbp rsi rdi r8-r15) from
// and back into an interrupt frame.
hal::UserContext context_from(const InterruptFrame& frame) {
    hal::UserContext context{};
    const uint64_t gpr[16] = {frame.rax, frame.rcx, frame.rdx, frame.rbx, frame.rsp, frame.rbp, frame.rsi, frame.rdi,
                              frame.r8,  frame.r9,  frame.r10, frame.r11, frame.r12, frame.r13, frame.r14, frame.r15};
    for (int i = 0; i < 16; ++i)
        context.gpr[i] = gpr[i];
    context.rip = frame.rip;
    context.rflags = frame.rflags;
    asm volatile("fxsave64 %0" : "=m"(context.fxsave));
    return context;
}

void resume_in(InterruptFrame& frame, const hal::UserContext& context) {
    uint64_t* gpr[16] = {&frame.rax, &frame.rcx, &frame.rdx, &frame.rbx, &frame.rsp, &frame.rbp, &frame.rsi, &frame.rdi,
                         &frame.r8,  &frame.r9,  &frame.r10, &frame.r11, &frame.r12, &frame.r13, &frame.r14, &frame.r15};
    for (int i = 0; i < 16; ++i)
        *gpr[i] = context.gpr[i];
    frame.rip = context.rip;
    frame.rflags = (context.rflags & kUserFlags) | kUserFlagsForced;
    // The MXCSR reserved bits must be clear or FXRSTOR faults in the kernel: keep the guest's
    // value only when it is valid.
    alignas(16) uint8_t image[512];
    __builtin_memcpy(image, context.fxsave, sizeof image);
    uint32_t mxcsr;
    __builtin_memcpy(&mxcsr, image + 24, 4);
    if (mxcsr & ~0xffffu) {
        mxcsr = 0x1f80;
        __builtin_memcpy(image + 24, &mxcsr, 4);
    }
    asm volatile("fxrstor64 %0" : : "m"(image));
}

// NTSTATUS for a user exception other than a page fault, as the hosted backend maps the host's
// signals (so a guest sees the same code under both).
uint32_t status_for_vector(uint64_t vector_number) {
    switch (vector_number) {
    case vector::DivideError:
        return 0xC0000094; // STATUS_INTEGER_DIVIDE_BY_ZERO
    case vector::Debug:
        return 0x80000004; // STATUS_SINGLE_STEP
    case vector::Breakpoint:
        return 0x80000003; // STATUS_BREAKPOINT
    case vector::Overflow:
        return 0xC0000095; // STATUS_INTEGER_OVERFLOW
    case vector::BoundRange:
        return 0xC000008C; // STATUS_ARRAY_BOUNDS_EXCEEDED
    case vector::AlignmentCheck:
        return 0x80000002; // STATUS_DATATYPE_MISALIGNMENT
    case vector::X87:
    case vector::Simd:
        // FIXME: decode the x87/SSE status word into the specific STATUS_FLOAT_* code (the hosted
        // backend reports these as the host's SIGFPE does, which is this code too).
        return 0xC0000095;
    default:
        return 0xC000001D; // STATUS_ILLEGAL_INSTRUCTION
    }
}

} // namespace

void handle_user_exception(InterruptFrame& frame) {
    hal::UserContext context = context_from(frame);
    // A page fault, or a general-protection/stack fault (a privileged instruction, a
    // non-canonical address): the access-violation path, as the hosted backend's SIGSEGV is.
    if (frame.vector == vector::PageFault || frame.vector == vector::GeneralProtection ||
        frame.vector == vector::StackFault) {
        uint64_t address = 0;
        hal::FaultAccess access = hal::FaultAccess::Read;
        if (frame.vector == vector::PageFault) {
            address = arch::read_cr2();
            // [intel/vol3] 4.7: error code bit 1 = write, bit 4 = instruction fetch.
            access = (frame.error_code & 0x10)  ? hal::FaultAccess::Execute
                     : (frame.error_code & 0x2) ? hal::FaultAccess::Write
                                                : hal::FaultAccess::Read;
        }
        switch (kernel::on_user_fault(address, access, context)) {
        case kernel::FaultOutcome::Retry:
            return;
        case kernel::FaultOutcome::Deliver:
            resume_in(frame, context);
            return;
        case kernel::FaultOutcome::Terminate:
            kernel::terminate_after_fault();
        }
        return;
    }
    uint32_t status = status_for_vector(frame.vector);
    // int3 leaves rip after itself; Windows reports (and resumes) at the instruction.
    if (frame.vector == vector::Breakpoint)
        context.rip -= 1;
    if (kernel::deliver_user_exception(status, context) == kernel::FaultOutcome::Deliver) {
        resume_in(frame, context);
        return;
    }
    kernel::on_user_exception(status, context.rip);
}

} // namespace halcyon::baremetal

// What hal_syscall_entry pushed (UserEntry.S), lowest address first.
struct SyscallFrame {
    uint64_t rax, r10, rdx, r8, r9, rdi, rsi, user_rip, user_rflags, user_rsp;
};

extern "C" uint64_t hal_system_call(SyscallFrame* frame) {
    using namespace halcyon;
    // Through the gate (ntdll's stubs) the gate's return address is on top of the user stack and
    // the stub's own return address above it, so arguments 5+ start at rsp + 0x30; a raw
    // `syscall` in a stub has only the stub's return address there (rsp + 0x28), as on Windows.
    bool via_gate = frame->user_rip == baremetal::kGateReturn;
    u64 stack_args = frame->user_rsp + (via_gate ? 0x30 : 0x28);
    u64 result = kernel::on_system_call(static_cast<u32>(frame->rax), frame->r10, frame->rdx, frame->r8, frame->r9,
                                        stack_args);
    // A user APC: return to the kernel's choice instead of the stub, with the stack the stub's
    // return would leave.
    if (u64 redirect = kernel::take_system_call_redirect()) {
        if (!via_gate)
            frame->user_rip = redirect;
        else if (!hal::UserMode::copy_to_user(frame->user_rsp, &redirect, sizeof redirect))
            kernel::on_user_exception(0xC0000005, frame->user_rip);
    }
    // sysret to a non-canonical rip would fault in ring 0 ([intel/vol2] SYSRET): a guest that
    // asked for one dies with an access violation instead.
    if (frame->user_rip > hal::Mmu::user_highest() + 0x20000 - 1)
        kernel::on_user_exception(0xC0000005, frame->user_rip);
    frame->user_rflags = (frame->user_rflags & baremetal::kUserFlags) | baremetal::kUserFlagsForced;
    return result;
}

// hal_enter_user's callback with its saved frame: that frame is where leave_user returns to, and
// the kernel stack below it is where entries from user mode land from now on.
extern "C" void hal_user_entry_stack(uint64_t saved_rsp) {
    auto* thread = halcyon::hal::current_thread_context();
    if (!thread)
        halcyon::baremetal::panic("UserMode::run_user on a thread the HAL does not know");
    thread->leave_rsp = saved_rsp;
    thread->entry_rsp = saved_rsp & ~uint64_t(15);
    halcyon::baremetal::set_kernel_entry_stack(thread->entry_rsp);
    // The last kernel step before the iretq: close enough to the first user instruction.
    halcyon::baremetal::note_user_entry();
}

namespace halcyon::hal {

namespace {

bool user_range(u64 address, usize size) {
    return address >= Mmu::user_lowest() && size <= Mmu::user_highest() && address <= Mmu::user_highest() - size;
}

bool guarded_copy(void* destination, const void* source, usize size) {
    if (size == 0)
        return true;
    bool smap = baremetal::cpu_protection().smap;
    baremetal::FaultProbe probe{reinterpret_cast<u64>(hal_user_copy_fault), reinterpret_cast<u64>(hal_user_copy_resume),
                                reinterpret_cast<u64>(hal_user_copy_resume), 14, false, 0, 0};
    baremetal::arm_fault_probe(&probe);
    if (smap)
        asm volatile("stac" ::: "memory");
    hal_user_copy(destination, source, size);
    if (smap)
        asm volatile("clac" ::: "memory");
    baremetal::disarm_fault_probe();
    return !probe.hit;
}

} // namespace

void UserMode::run_user(const UserStart& start) {
    ThreadContext* thread = current_thread_context();
    if (!thread)
        baremetal::panic("UserMode::run_user on a thread the HAL does not know");
    if (!baremetal::user_gate_frame())
        baremetal::panic("UserMode::run_user before init_user_mode");
    // The TEB becomes the user GS base once hal_enter_user swaps GS.
    thread->user_gs = start.gs_base;
    baremetal::arch::write_msr(0xc0000102, start.gs_base);
    hal_enter_user(&start, &thread->leave_rsp);
}

void UserMode::leave_user() {
    ThreadContext* thread = current_thread_context();
    if (!thread || !thread->leave_rsp)
        baremetal::panic("UserMode::leave_user on a thread that is not in run_user");
    u64 saved = thread->leave_rsp;
    thread->leave_rsp = 0;
    hal_leave_user(saved);
}

bool UserMode::copy_from_user(void* kernel_buffer, u64 user_address, usize size) {
    return user_range(user_address, size) && guarded_copy(kernel_buffer, reinterpret_cast<const void*>(user_address), size);
}

bool UserMode::copy_to_user(u64 user_address, const void* kernel_source, usize size) {
    return user_range(user_address, size) && guarded_copy(reinterpret_cast<void*>(user_address), kernel_source, size);
}

u64 UserMode::gate_address() { return baremetal::kUserGatePage; }

} // namespace halcyon::hal
