// Register-level pieces of exception handling: capturing and restoring a whole CONTEXT, and the
// entry point the kernel sends a thread to when it raises an exception in user mode.
// CONTEXT offsets: halcyon/ntseh.h (asserted there).

    .intel_syntax noprefix
    .text

// void RtlCaptureContext(CONTEXT* context)
// The caller's registers as they are after this call returns: Rip is the return address, Rsp
// the caller's stack pointer once the return address is popped.
    .globl RtlCaptureContext
    .p2align 4
RtlCaptureContext:
    mov [rcx + 0x78], rax
    mov [rcx + 0x80], rcx
    mov [rcx + 0x88], rdx
    mov [rcx + 0x90], rbx
    lea rax, [rsp + 8]
    mov [rcx + 0x98], rax
    mov [rcx + 0xA0], rbp
    mov [rcx + 0xA8], rsi
    mov [rcx + 0xB0], rdi
    mov [rcx + 0xB8], r8
    mov [rcx + 0xC0], r9
    mov [rcx + 0xC8], r10
    mov [rcx + 0xD0], r11
    mov [rcx + 0xD8], r12
    mov [rcx + 0xE0], r13
    mov [rcx + 0xE8], r14
    mov [rcx + 0xF0], r15
    mov rax, [rsp]
    mov [rcx + 0xF8], rax
    mov word ptr [rcx + 0x38], cs
    mov word ptr [rcx + 0x3A], ds
    mov word ptr [rcx + 0x3C], es
    mov word ptr [rcx + 0x3E], fs
    mov word ptr [rcx + 0x40], gs
    mov word ptr [rcx + 0x42], ss
    fxsave [rcx + 0x100]
    stmxcsr [rcx + 0x34]
    pushfq
    pop rax
    mov [rcx + 0x44], eax
    mov dword ptr [rcx + 0x30], 0x10000F   // CONTEXT_FULL | CONTEXT_SEGMENTS
    mov rax, [rcx + 0x78]
    ret

// void RtlRestoreContext(CONTEXT* context, EXCEPTION_RECORD* record)
// Continues at context->Rip with every register of the context. Rip and EFlags are staged in
// the 16 bytes below the target Rsp (x64 Windows has no red zone), then popped into place.
    .globl RtlRestoreContext
    .p2align 4
RtlRestoreContext:
    mov rax, [rcx + 0x98]
    sub rax, 16
    mov r8, [rcx + 0xF8]
    mov r9d, dword ptr [rcx + 0x44]
    mov [rax + 8], r8
    mov [rax], r9
    fxrstor [rcx + 0x100]
    ldmxcsr [rcx + 0x34]
    mov rsp, rax
    mov rax, [rcx + 0x78]
    mov rdx, [rcx + 0x88]
    mov rbx, [rcx + 0x90]
    mov rbp, [rcx + 0xA0]
    mov rsi, [rcx + 0xA8]
    mov rdi, [rcx + 0xB0]
    mov r8, [rcx + 0xB8]
    mov r9, [rcx + 0xC0]
    mov r10, [rcx + 0xC8]
    mov r11, [rcx + 0xD0]
    mov r12, [rcx + 0xD8]
    mov r13, [rcx + 0xE0]
    mov r14, [rcx + 0xE8]
    mov r15, [rcx + 0xF0]
    mov rcx, [rcx + 0x80]
    popfq
    ret

// KiUserExceptionDispatcher: the kernel enters here (a jump, not a call) with rsp pointing at
// the faulting thread's CONTEXT, 16-byte aligned, and the EXCEPTION_RECORD right after it
// (core/abi/UserAbi.h, kExceptionFrame*). Never returns: the exception is dispatched and the
// thread continues with NtContinue, or the process ends.
    .globl KiUserExceptionDispatcher
    .p2align 4
KiUserExceptionDispatcher:
    mov rdx, rsp
    lea rcx, [rsp + 0x4D0]
    sub rsp, 0x20
    call halcyon_dispatch_user_exception
    int3
