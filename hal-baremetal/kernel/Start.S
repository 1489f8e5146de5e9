// Kernel entry from BOOTX64.EFI: rdi = BootInfo* (direct-map address), interrupts off, paging on
// with the loader's tables. Switch to the kernel's own stack and call kernel_main.

    .section .text.start, "ax"
    .globl _start
_start:
    lea boot_stack_top(%rip), %rsp
    xor %ebp, %ebp
    call kernel_main
1:  cli
    hlt
    jmp 1b

    .section .bss
    .balign 16
boot_stack:
    .skip 16384
boot_stack_top:
