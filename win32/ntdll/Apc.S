// KiUserApcDispatcher: where a system call returns instead of its stub when the kernel delivers
// a user APC (core/ps/Apc.h). On entry:
//   rsp       the stub's stack pointer after its return: [rsp] is the return address into the
//             caller of the Nt* function, so this routine returns there as the stub would;
//   rax       the system call's status (STATUS_USER_APC for an alertable wait);
//   [rsp - 0x30]  the APC routine, [rsp - 0x28], [rsp - 0x20], [rsp - 0x18] its three arguments
//             (written by the kernel; nothing ran on this stack since).
// Every non-volatile register still holds the caller's value. The routine runs, then NtTestAlert
// delivers the next queued APC the same way (a nested entry here), and the status goes back to
// the caller in rax.

    .intel_syntax noprefix
    .text

    .globl KiUserApcDispatcher
    .p2align 4
    .seh_proc KiUserApcDispatcher
KiUserApcDispatcher:
    mov r10, [rsp - 0x30]
    mov rcx, [rsp - 0x28]
    mov rdx, [rsp - 0x20]
    mov r8, [rsp - 0x18]
    push rax
    .seh_pushreg rax
    sub rsp, 0x20
    .seh_stackalloc 0x20
    .seh_endprologue
    call r10
    call NtTestAlert
    add rsp, 0x20
    pop rax
    ret
    .seh_endproc
