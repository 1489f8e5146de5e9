// User-mode entry and exit for hal::UserMode on bare metal (HalUserMode.cpp, UserEntry.h).

    .section .text, "ax"

// The syscall entry (IA32_LSTAR). The CPU left the user rip in rcx and rflags in r11, cleared
// IF/DF/TF/AC (IA32_FMASK) and did not switch stacks: swap to the kernel GS, park the user rsp in
// the per-CPU block, switch to the thread's kernel stack and build a SyscallFrame
// (HalUserMode.cpp), lowest address first: rax r10 rdx r8 r9 rdi rsi rcx r11 user-rsp.
// rdi and rsi are saved because Windows callers expect them preserved and the C code (SysV)
// does not; rbx, rbp and r12-r15 are preserved by the C code itself; the kernel never touches
// the vector registers (-mgeneral-regs-only).
    .globl hal_syscall_entry
hal_syscall_entry:
    swapgs
    movq %rsp, %gs:16
    movq %gs:8, %rsp
    pushq %gs:16
    pushq %r11
    pushq %rcx
    pushq %rsi
    pushq %rdi
    pushq %r9
    pushq %r8
    pushq %rdx
    pushq %r10
    pushq %rax
    movq %rsp, %rdi
    // rbp stays the user's (the C code preserves it); the panic backtrace only follows frame
    // pointers that lie on a kernel stack, so a user value ends it.
    cld
    call hal_system_call
    // rax is the result. The volatile argument registers are cleared so no kernel value leaks.
    movq 40(%rsp), %rdi
    movq 48(%rsp), %rsi
    movq 56(%rsp), %rcx
    movq 64(%rsp), %r11
    movq 72(%rsp), %rsp
    xorl %edx, %edx
    xorl %r8d, %r8d
    xorl %r9d, %r9d
    xorl %r10d, %r10d
    swapgs
    sysretq

// void hal_enter_user(const UserStart* start, uint64_t* save_rsp): saves the callee-saved
// registers, stores rsp in *save_rsp (hal_leave_user returns from here through it), tells the C
// side the stack to enter on (hal_user_entry_stack), then iretq to ring 3 with UserStart's
// registers, every other one cleared.
    .globl hal_enter_user
hal_enter_user:
    pushq %rbp
    pushq %rbx
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    movq %rsp, (%rsi)
    movq %rdi, %rbx
    movq %rsp, %rdi
    subq $8, %rsp            // six pushes and the return address: realign for the call
    call hal_user_entry_stack
    addq $8, %rsp
    pushq $0x1b              // user data selector | RPL 3
    pushq 8(%rbx)            // rsp
    pushq $0x202             // IF
    pushq $0x23              // user code selector | RPL 3
    pushq 0(%rbx)            // rip
    movq 16(%rbx), %rcx
    movq 24(%rbx), %rdx
    movq 32(%rbx), %r8
    movq 40(%rbx), %r9
    xorl %eax, %eax
    xorl %ebx, %ebx
    xorl %ebp, %ebp
    xorl %esi, %esi
    xorl %edi, %edi
    xorl %r10d, %r10d
    xorl %r11d, %r11d
    xorl %r12d, %r12d
    xorl %r13d, %r13d
    xorl %r14d, %r14d
    xorl %r15d, %r15d
    swapgs
    iretq

// [[noreturn]] void hal_leave_user(uint64_t saved_rsp): back onto the frame hal_enter_user saved
// and return from it, to UserMode::run_user's caller. Interrupts stay off, as kernel code runs.
    .globl hal_leave_user
hal_leave_user:
    cli
    movq %rdi, %rsp
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbx
    popq %rbp
    ret
