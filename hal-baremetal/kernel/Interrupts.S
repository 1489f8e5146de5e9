// Interrupt entry stubs: one 16-byte stub per vector 0..255 (interrupt_stubs + 16 * vector).
// Vectors without a CPU error code push 0 so every frame has the same shape (InterruptFrame in
// Interrupts.h); then the common path saves the general registers and calls
// interrupt_dispatch(InterruptFrame*). [intel/vol3] 6.13 lists the vectors with an error code.

    .section .text, "ax"
    .balign 16
    .globl interrupt_stubs
interrupt_stubs:
    .set vec, 0
    .rept 256
    .balign 16
    .if (vec == 8) || (vec >= 10 && vec <= 14) || (vec == 17) || (vec == 21) || (vec == 29) || (vec == 30)
    .else
    pushq $0
    .endif
    pushq $vec
    jmp interrupt_common
    .set vec, vec + 1
    .endr

    .balign 16
interrupt_common:
    // From user mode (the CPU frame's CS has RPL 3, 24 bytes up past the vector and error
    // code): swap to the kernel GS base (UserEntry.h); swapped back below before returning there.
    testb $3, 24(%rsp)
    jz 1f
    swapgs
1:
    pushq %rax
    pushq %rbx
    pushq %rcx
    pushq %rdx
    pushq %rsi
    pushq %rdi
    pushq %rbp
    pushq %r8
    pushq %r9
    pushq %r10
    pushq %r11
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    // 64-bit delivery aligns RSP to 16 before the CPU frame; 22 quadwords keep it aligned.
    movq %rsp, %rdi
    cld
    call interrupt_dispatch
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %r11
    popq %r10
    popq %r9
    popq %r8
    popq %rbp
    popq %rdi
    popq %rsi
    popq %rdx
    popq %rcx
    popq %rbx
    popq %rax
    addq $16, %rsp
    testb $3, 8(%rsp)
    jz 2f
    swapgs
2:
    iretq

// void load_segments(uint16_t code, uint16_t data): reload CS with a far return and the data
// segment registers (FS/GS bases are left alone: they are MSR-based in long mode).
    .globl load_segments
load_segments:
    movw %si, %ds
    movw %si, %es
    movw %si, %ss
    xorl %eax, %eax
    movw %ax, %fs
    movw %ax, %gs
    popq %rax
    pushq %rdi
    pushq %rax
    lretq

// Probes for the memory self-test (SelfTest.cpp): one instruction each, with labels around it so
// a FaultProbe (Interrupts.h) can expect a fault there and resume after it.
// void probe_store(uint64_t* address, uint64_t value)
    .globl probe_store, probe_store_fault, probe_store_resume
probe_store:
probe_store_fault:
    movq %rsi, (%rdi)
probe_store_resume:
    ret

// uint64_t probe_load(const uint64_t* address): returns the value, or rax unchanged (0) on a fault.
    .globl probe_load, probe_load_fault, probe_load_resume
probe_load:
    xorl %eax, %eax
probe_load_fault:
    movq (%rdi), %rax
probe_load_resume:
    ret

// void probe_call(void* target): calls `target`; when fetching there faults, the probe resumes
// at probe_call_resume, which returns to probe_call's caller (the call pushed that address).
    .globl probe_call, probe_call_resume
probe_call:
    call *%rdi
    ret
probe_call_resume:
    ret
