// Hardware and software exceptions delivered to the program: a vectored exception handler sees
// an access violation (with the faulting address and kind), an integer divide by zero, int3 and
// an illegal instruction, fixes the context and continues; RaiseException carries its code and
// parameters to the handler; finally an unhandled access violation goes to the
// SetUnhandledExceptionFilter filter and the process exits with 0xC0000005.
#include <stdio.h>
#include <windows.h>

static int s_skip; // bytes to skip over the faulting instruction

static LONG CALLBACK vectored(EXCEPTION_POINTERS* info)
{
    EXCEPTION_RECORD* record = info->ExceptionRecord;
    printf("vectored handler: code %#lx, %lu parameter(s)", record->ExceptionCode, record->NumberParameters);
    if (record->ExceptionCode == EXCEPTION_ACCESS_VIOLATION)
        printf(", %s address %#llx", record->ExceptionInformation[0] == 1 ? "writing" : "reading",
            (unsigned long long)record->ExceptionInformation[1]);
    if (record->ExceptionCode == 0xE0000001)
        printf(", parameters %llu %llu", (unsigned long long)record->ExceptionInformation[0],
            (unsigned long long)record->ExceptionInformation[1]);
    int at_rip = (ULONG_PTR)record->ExceptionAddress == info->ContextRecord->Rip;
    printf(", address is rip: %s\n", at_rip ? "yes" : "no");
    fflush(stdout);
    if (record->ExceptionCode == 0xE0000001)
        return EXCEPTION_CONTINUE_EXECUTION;
    info->ContextRecord->Rip += s_skip;
    return EXCEPTION_CONTINUE_EXECUTION;
}

static LONG WINAPI last_chance(EXCEPTION_POINTERS* info)
{
    printf("unhandled exception filter: code %#lx\n", info->ExceptionRecord->ExceptionCode);
    fflush(stdout);
    return EXCEPTION_EXECUTE_HANDLER;
}

int main(void)
{
    PVOID handler = AddVectoredExceptionHandler(1, vectored);
    printf("AddVectoredExceptionHandler: %s\n", handler ? "ok" : "failed");

    s_skip = 11; // movl $1, 0x10: c7 04 25 10 00 00 00 01 00 00 00
    __asm__ volatile("movl $1, 0x10" ::: "memory");
    printf("continued after the access violation\n");

    s_skip = 2; // div %ecx: f7 f1
    unsigned int quotient;
    __asm__ volatile("xorl %%ecx, %%ecx\n\tmovl $7, %%eax\n\txorl %%edx, %%edx\n\tdivl %%ecx"
                     : "=a"(quotient) : : "ecx", "edx");
    printf("continued after the division by zero\n");

    s_skip = 1; // int3: cc
    __asm__ volatile("int3");
    printf("continued after the breakpoint\n");

    s_skip = 2; // ud2: 0f 0b
    __asm__ volatile("ud2");
    printf("continued after the illegal instruction\n");

    ULONG_PTR parameters[2] = {11, 22};
    RaiseException(0xE0000001, 0, 2, parameters);
    printf("RaiseException returned\n");

    printf("RemoveVectoredExceptionHandler: %lu\n", RemoveVectoredExceptionHandler(handler));
    SetUnhandledExceptionFilter(last_chance);
    fflush(stdout);
    *(volatile int*)0x20 = 1;
    printf("not reached\n");
    return 0;
}
