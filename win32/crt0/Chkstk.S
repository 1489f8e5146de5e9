// __chkstk for programs: clang calls it before allocating a frame larger than a page, with the
// size in rax; it touches each page from the current stack pointer downwards so the guard page
// grows the stack in order. rax and all other registers are preserved except r10/r11.

    .text
    .globl __chkstk
    .def __chkstk; .scl 2; .type 32; .endef
    .p2align 4
__chkstk:
    pushq %rcx
    pushq %rax
    cmpq $0x1000, %rax
    leaq 24(%rsp), %rcx         // the caller's rsp
    jb 2f
1:
    subq $0x1000, %rcx
    orq $0, (%rcx)
    subq $0x1000, %rax
    cmpq $0x1000, %rax
    ja 1b
2:
    subq %rax, %rcx
    orq $0, (%rcx)
    popq %rax
    popq %rcx
    ret
