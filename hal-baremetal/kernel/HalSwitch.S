// Kernel thread switching for hal::Cpu (HalCpu.cpp) and the fault-safe user copy for
// hal::UserMode (HalUserMode.cpp).

    .section .text, "ax"

// void hal_switch_stacks(uint64_t* save_rsp, uint64_t load_rsp): saves the callee-saved
// registers (SysV) on the current stack, stores RSP, switches to `load_rsp` and restores the
// other thread's callee-saved registers from there.
    .globl hal_switch_stacks
hal_switch_stacks:
    pushq %rbp
    movq %rsp, %rbp
    pushq %rbx
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    movq %rsp, (%rdi)
    movq %rsi, %rsp
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbx
    popq %rbp
    ret

// The first switch to a new thread "returns" here with r12 = argument, r13 = entry (see
// HalCpu.cpp's initial frame). rbp = 0 ends backtraces at the thread's first frame.
    .globl hal_thread_trampoline
hal_thread_trampoline:
    xorl %ebp, %ebp
    movq %r12, %rdi
    callq *%r13
    callq hal_thread_returned
    ud2

// void hal_user_copy(void* destination, const void* source, size_t size): rep movsb between
// two labels; a page fault there is caught by a FaultProbe and resumes at the end.
    .globl hal_user_copy, hal_user_copy_fault, hal_user_copy_resume
hal_user_copy:
    movq %rdx, %rcx
hal_user_copy_fault:
    rep movsb
hal_user_copy_resume:
    ret
