// _setjmp / longjmp with the x64 MSVC _JUMP_BUFFER layout (setjmp.h):
//   0x00 Frame  0x08 Rbx  0x10 Rsp  0x18 Rbp  0x20 Rsi  0x28 Rdi  0x30 R12  0x38 R13
//   0x40 R14    0x48 R15  0x50 Rip  0x58 MxCsr (4)  0x5c FpCsr (2)  0x5e Spare (2)
//   0x60 Xmm6 ... 0xf0 Xmm15 (16 bytes each)
// mingw calls _setjmp(buf, __builtin_frame_address(0)); MSVC's setjmp intrinsic passes the frame
// in rdx as well. We save it but do not use it.
// FIXME: Windows' longjmp unwinds through RtlUnwindEx when Frame != 0 (running __finally blocks
// and C++ destructors); this longjmp restores the registers directly, as _setjmp with a zero
// frame would. Correct for C programs; needs SEH unwinding for C++ code that relies on it.

    .text

    .globl _setjmp
    .def _setjmp; .scl 2; .type 32; .endef
    .p2align 4
_setjmp:
    movq %rdx, 0x00(%rcx)
    movq %rbx, 0x08(%rcx)
    leaq 8(%rsp), %rax          // the caller's rsp after we return
    movq %rax, 0x10(%rcx)
    movq %rbp, 0x18(%rcx)
    movq %rsi, 0x20(%rcx)
    movq %rdi, 0x28(%rcx)
    movq %r12, 0x30(%rcx)
    movq %r13, 0x38(%rcx)
    movq %r14, 0x40(%rcx)
    movq %r15, 0x48(%rcx)
    movq (%rsp), %rax           // return address
    movq %rax, 0x50(%rcx)
    stmxcsr 0x58(%rcx)
    fnstcw 0x5c(%rcx)
    movdqu %xmm6, 0x60(%rcx)
    movdqu %xmm7, 0x70(%rcx)
    movdqu %xmm8, 0x80(%rcx)
    movdqu %xmm9, 0x90(%rcx)
    movdqu %xmm10, 0xa0(%rcx)
    movdqu %xmm11, 0xb0(%rcx)
    movdqu %xmm12, 0xc0(%rcx)
    movdqu %xmm13, 0xd0(%rcx)
    movdqu %xmm14, 0xe0(%rcx)
    movdqu %xmm15, 0xf0(%rcx)
    xorl %eax, %eax
    ret

    .globl _setjmpex
    .def _setjmpex; .scl 2; .type 32; .endef
_setjmpex:
    jmp _setjmp

    .globl longjmp
    .def longjmp; .scl 2; .type 32; .endef
    .p2align 4
longjmp:
    movl %edx, %eax
    testl %eax, %eax
    jnz 1f
    movl $1, %eax               // longjmp(buf, 0) returns 1 from setjmp
1:
    movq 0x08(%rcx), %rbx
    movq 0x18(%rcx), %rbp
    movq 0x20(%rcx), %rsi
    movq 0x28(%rcx), %rdi
    movq 0x30(%rcx), %r12
    movq 0x38(%rcx), %r13
    movq 0x40(%rcx), %r14
    movq 0x48(%rcx), %r15
    ldmxcsr 0x58(%rcx)
    fnclex
    fldcw 0x5c(%rcx)
    movdqu 0x60(%rcx), %xmm6
    movdqu 0x70(%rcx), %xmm7
    movdqu 0x80(%rcx), %xmm8
    movdqu 0x90(%rcx), %xmm9
    movdqu 0xa0(%rcx), %xmm10
    movdqu 0xb0(%rcx), %xmm11
    movdqu 0xc0(%rcx), %xmm12
    movdqu 0xd0(%rcx), %xmm13
    movdqu 0xe0(%rcx), %xmm14
    movdqu 0xf0(%rcx), %xmm15
    movq 0x10(%rcx), %rsp
    jmpq *0x50(%rcx)
