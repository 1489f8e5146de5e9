// Writes to address 0x10, which is never mapped on Windows. The process must die with
// STATUS_ACCESS_VIOLATION (0xC0000005); nothing after the write may run.
#include <stdio.h>

int main(void)
{
    printf("writing to address 0x10\n");
    fflush(stdout);
    *(volatile int*)0x10 = 1;
    printf("still alive after the write\n");
    return 0;
}
