// hal-hosted: the transitions between the kernel (host code) and guest user code.
//
// Guest code runs on the same host thread as the kernel thread it belongs to. GS base points at
// the guest's TEB; FS stays glibc's, so kernel code can use thread-locals at any time.

    .intel_syntax noprefix
    .text

// The system-call gate. ntdll's stubs reach it with `call [SharedUserData.system_call_gate]`:
//   eax = number, r10/rdx/r8/r9 = arguments 1-4, arguments 5+ at [rsp + 0x30].
// Windows x64 callers expect rbx, rbp, rdi, rsi, r12-r15 and xmm6-xmm15 preserved; the host (SysV)
// ABI only preserves rbx, rbp and r12-r15, so rdi, rsi and xmm6-15 are saved here.
    .globl halcyon_hosted_gate
    .type halcyon_hosted_gate, @function
halcyon_hosted_gate:
    mov r11, rsp
    mov rsp, qword ptr fs:[halcyon_kernel_rsp@tpoff]
    push r11
    push rdi
    push rsi
    sub rsp, 0xA8
    movaps [rsp + 0x00], xmm6
    movaps [rsp + 0x10], xmm7
    movaps [rsp + 0x20], xmm8
    movaps [rsp + 0x30], xmm9
    movaps [rsp + 0x40], xmm10
    movaps [rsp + 0x50], xmm11
    movaps [rsp + 0x60], xmm12
    movaps [rsp + 0x70], xmm13
    movaps [rsp + 0x80], xmm14
    movaps [rsp + 0x90], xmm15
    mov edi, eax
    mov rsi, r10
    mov rcx, r8
    mov r8, r9
    lea r9, [r11 + 0x30]
    cld
    call halcyon_hosted_system_call
    movaps xmm6, [rsp + 0x00]
    movaps xmm7, [rsp + 0x10]
    movaps xmm8, [rsp + 0x20]
    movaps xmm9, [rsp + 0x30]
    movaps xmm10, [rsp + 0x40]
    movaps xmm11, [rsp + 0x50]
    movaps xmm12, [rsp + 0x60]
    movaps xmm13, [rsp + 0x70]
    movaps xmm14, [rsp + 0x80]
    movaps xmm15, [rsp + 0x90]
    add rsp, 0xA8
    pop rsi
    pop rdi
    pop r11
    mov rsp, r11
    // rcx and r11 are clobbered, as by a real `syscall`.
    xor ecx, ecx
    xor r11d, r11d
    ret
    .size halcyon_hosted_gate, . - halcyon_hosted_gate

// void halcyon_hosted_enter_user(const UserStart* start)
// Records the current stack as this thread's kernel stack and jumps to user mode. Never returns;
// the thread comes back through siglongjmp in UserMode::leave_user().
    .globl halcyon_hosted_enter_user
    .type halcyon_hosted_enter_user, @function
halcyon_hosted_enter_user:
    mov rax, rsp
    and rax, -16
    sub rax, 64
    mov qword ptr fs:[halcyon_kernel_rsp@tpoff], rax
    mov r11, [rdi + 0]
    mov rsp, [rdi + 8]
    mov rcx, [rdi + 16]
    mov rdx, [rdi + 24]
    mov r8, [rdi + 32]
    mov r9, [rdi + 40]
    xor eax, eax
    xor ebx, ebx
    xor ebp, ebp
    xor esi, esi
    xor edi, edi
    xor r10d, r10d
    xor r12d, r12d
    xor r13d, r13d
    xor r14d, r14d
    xor r15d, r15d
    jmp r11
    .size halcyon_hosted_enter_user, . - halcyon_hosted_enter_user

// Fault-safe byte copy used by copy_from_user/copy_to_user: a fault inside it is recognised by
// the SIGSEGV handler (the faulting rip lies between the two labels) and resumed at the fixup,
// which returns the number of bytes not copied. Returns 0 on success.
// u64 halcyon_hosted_user_copy(void* dst, const void* src, u64 size)
    .globl halcyon_hosted_user_copy
    .globl halcyon_hosted_user_copy_fault_begin
    .globl halcyon_hosted_user_copy_fault_end
    .globl halcyon_hosted_user_copy_fixup
    .type halcyon_hosted_user_copy, @function
halcyon_hosted_user_copy:
    mov rcx, rdx
halcyon_hosted_user_copy_fault_begin:
    rep movsb
halcyon_hosted_user_copy_fault_end:
    xor eax, eax
    ret
halcyon_hosted_user_copy_fixup:
    mov rax, rcx
    ret
    .size halcyon_hosted_user_copy, . - halcyon_hosted_user_copy

    .section .note.GNU-stack, "", @progbits
