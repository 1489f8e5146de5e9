// Kernel entry from BOOTX64.EFI: rdi = BootInfo* (direct-map address), interrupts off, paging on
// with the loader's tables. Switch to the kernel's own stack (with a guard page under it, see
// kernel.ld) and call kernel_main. rbp = 0 ends the panic backtrace's frame-pointer walk.

    .section .text.start, "ax"
    .globl _start
_start:
    lea __boot_stack_top(%rip), %rsp
    xor %ebp, %ebp
    call kernel_main
1:  cli
    hlt
    jmp 1b

    .section .kstack, "aw", @nobits
    .balign 4096
    .skip 65536
