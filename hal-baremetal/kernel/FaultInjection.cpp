#include "FaultInjection.h"

#include <stdint.h>

#include <halcyon_backend.h>

#include "Arch.h"
#include "Panic.h"
#include "Serial.h"

namespace halcyon::baremetal {

namespace {

// PML4 slot 384: neither the loader's tables nor the kernel's map anything there.
constexpr uint64_t kUnmappedKernelAddress = 0xffffc00000001000ull;

bool equal(const char* a, const char* b) {
    while (*a && *a == *b)
        ++a, ++b;
    return *a == *b;
}

} // namespace

// Not static and not inlined: the boot tests look for these names in the backtrace.
[[gnu::noinline]] void inject_page_fault() {
    *reinterpret_cast<volatile uint64_t*>(kUnmappedKernelAddress) = 0x4841'4c43'594f'4e21ull;
}

[[gnu::noinline]] void inject_divide_error() {
    volatile uint64_t divisor = 0;
    uint64_t quotient = 1, remainder = 0;
    uint64_t value = divisor;
    asm volatile("divq %2" : "+a"(quotient), "+d"(remainder) : "r"(value));
}

[[gnu::noinline]] void inject_invalid_opcode() { asm volatile("ud2"); }

[[gnu::noinline]] void inject_general_protection() {
    (void)*reinterpret_cast<volatile uint64_t*>(0x8000'0000'0000'0000ull);
}

[[gnu::noinline]] void inject_breakpoint() { asm volatile("int3"); }

[[gnu::noinline]] void inject_double_fault() {
    // The push page-faults; delivering that #PF needs the same unmapped stack, so the CPU raises
    // #DF, which has its own IST stack and so reaches the panic report.
    asm volatile("movq %0, %%rsp\n\tpushq $0" : : "r"(kUnmappedKernelAddress + 0x800) : "memory");
}

// Far more than the boot stack holds; volatile so the compiler cannot reason the recursion away.
static volatile uint64_t g_recursion_limit = 1ull << 40;

[[gnu::noinline]] uint64_t inject_stack_overflow(uint64_t depth) {
    if (depth > g_recursion_limit)
        return 0;
    volatile uint8_t frame[512];
    frame[0] = static_cast<uint8_t>(depth);
    // The addition after the call keeps it from becoming a loop.
    return inject_stack_overflow(depth + 1) + frame[0];
}

[[gnu::noinline]] void overflow_thread_entry(void*) { inject_stack_overflow(0); }

[[gnu::noinline]] void inject_thread_stack_overflow() {
    // A kernel thread (hal::Cpu) recursing into the guard page under its stack.
    auto boot = hal::Cpu::adopt_current_thread();
    auto thread = hal::Cpu::create_thread(overflow_thread_entry, nullptr);
    if (boot.is_error() || thread.is_error())
        panic("debug.inject=thread-stack-overflow: cannot create the kernel thread");
    hal::Cpu::switch_context(*boot.value(), *thread.value());
}

bool command_line_value(const char* command_line, const char* key, char* out, unsigned out_size) {
    for (const char* at = command_line; *at;) {
        while (*at == ' ')
            ++at;
        const char* k = key;
        const char* p = at;
        while (*k && *p == *k)
            ++p, ++k;
        if (!*k) {
            unsigned n = 0;
            while (*p && *p != ' ' && n + 1 < out_size)
                out[n++] = *p++;
            out[n] = 0;
            return true;
        }
        while (*at && *at != ' ')
            ++at;
    }
    return false;
}

void inject_requested_fault(const char* command_line) {
    char kind[32];
    if (!command_line_value(command_line, "debug.inject=", kind, sizeof kind))
        return;
    serial::write("[kernel] debug.inject=");
    serial::write(kind);
    serial::write(": injecting a kernel fault\n");
    if (equal(kind, "page-fault"))
        inject_page_fault();
    else if (equal(kind, "divide"))
        inject_divide_error();
    else if (equal(kind, "ud"))
        inject_invalid_opcode();
    else if (equal(kind, "gp"))
        inject_general_protection();
    else if (equal(kind, "breakpoint"))
        inject_breakpoint();
    else if (equal(kind, "double-fault"))
        inject_double_fault();
    else if (equal(kind, "stack-overflow"))
        inject_stack_overflow(0);
    else if (equal(kind, "thread-stack-overflow"))
        inject_thread_stack_overflow();
    else if (equal(kind, "panic"))
        panic("requested by debug.inject=panic on the command line");
    else {
        serial::write("[boot] fail: unknown debug.inject kind (page-fault divide ud gp breakpoint double-fault "
                      "stack-overflow thread-stack-overflow panic)\n");
        arch::debug_exit(boot::DebugExitCode::Fail);
    }
    panic("debug.inject: the injected fault did not happen");
}

} // namespace halcyon::baremetal
