# __chkstk with MSVC semantics. The compiler calls it before allocating a frame larger than a
# page: rax = number of bytes about to be subtracted from rsp. It touches every page from the
# caller's rsp down to rsp - rax, in order, so that a guard page below the committed stack is hit
# page by page and the stack grows instead of the frame skipping over the guard into unmapped
# memory. rsp itself is not changed (x64 __chkstk leaves the subtraction to the caller). All
# registers except r10, r11 and the flags are preserved.

.intel_syntax noprefix
.text
.globl __chkstk
.p2align 4
__chkstk:
    lea r10, [rsp + 8]          # the caller's rsp (above our return address)
    mov r11, r10
    sub r11, rax                # lowest byte of the new frame
    jae 1f
    xor r11, r11                # rax larger than rsp: clamp (the probe will fault, as it should)
1:
    and r11, -4096              # page holding the lowest byte
    and r10, -4096              # page containing the caller's rsp: already touched
2:
    sub r10, 4096
    cmp r10, r11
    jb 3f
    test byte ptr [r10], 0      # a read is enough to trigger a guard page
    jmp 2b
3:
    ret
