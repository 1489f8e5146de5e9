// Stack growth through the guard page (TEB StackLimit moves down as the stack grows, as on
// Windows), then a runaway recursion: the vectored handler sees STATUS_STACK_OVERFLOW and the
// process ends with 0xC00000FD.
#include <stdio.h>
#include <string.h>
#include <windows.h>

static int deep(int n) {
    volatile char buffer[1024];
    memset((char*)buffer, n, sizeof buffer);
    if (n == 0)
        return buffer[10];
    return deep(n - 1) + buffer[5] - n % 256 + 0 * buffer[0];
}

static int forever(int n) {
    volatile char buffer[4096];
    buffer[0] = (char)n;
    return forever(n + 1) + buffer[0];
}

static LONG CALLBACK on_overflow(EXCEPTION_POINTERS* info) {
    if (info->ExceptionRecord->ExceptionCode == EXCEPTION_STACK_OVERFLOW) {
        printf("vectored handler: stack overflow\n");
        fflush(stdout);
    }
    return EXCEPTION_CONTINUE_SEARCH;
}

int main(int argc, char** argv) {
    NT_TIB* tib = (NT_TIB*)NtCurrentTeb();
    ULONG_PTR limit_before = (ULONG_PTR)tib->StackLimit;
    printf("deep(600) = %d\n", deep(600));
    printf("the stack limit moved down: %s\n", (ULONG_PTR)tib->StackLimit < limit_before ? "yes" : "no");
    fflush(stdout);
    AddVectoredExceptionHandler(1, on_overflow);
    printf("%d\n", forever(0));
    return 0;
}
