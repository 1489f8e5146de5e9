// Round trip of a trivial system call from guest code: ntdll's NtYieldExecution (no arguments,
// nothing to yield to in a one-thread process), called through GetProcAddress so that no import
// library is needed. Prints nanoseconds per call. Usage: syscall_bench.exe [iterations]
#include <stdio.h>
#include <stdlib.h>
#include <windows.h>

typedef LONG(NTAPI* NtYieldExecutionFunction)(void);

int main(int argc, char** argv)
{
    long iterations = argc > 1 ? atol(argv[1]) : 1000000;
    NtYieldExecutionFunction yield =
        (NtYieldExecutionFunction)(void*)GetProcAddress(GetModuleHandleA("ntdll.dll"), "NtYieldExecution");
    if (!yield) {
        printf("ntdll!NtYieldExecution not found\n");
        return 1;
    }
    LARGE_INTEGER frequency, start, end;
    QueryPerformanceFrequency(&frequency);
    for (int i = 0; i < 1000; ++i)
        yield(); // Warm up.
    QueryPerformanceCounter(&start);
    for (long i = 0; i < iterations; ++i)
        yield();
    QueryPerformanceCounter(&end);
    double seconds = (double)(end.QuadPart - start.QuadPart) / (double)frequency.QuadPart;
    printf("NtYieldExecution: %ld calls, %.1f ns/call\n", iterations, seconds * 1e9 / (double)iterations);
    return 0;
}
