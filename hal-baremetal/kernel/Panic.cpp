#include "Panic.h"

#include "Arch.h"
#include "KernelMemory.h"
#include "Serial.h"
#include "Symbols.h"

extern "C" const char __boot_stack_guard[], __boot_stack_bottom[], __boot_stack_top[];

namespace halcyon::baremetal {

namespace {

constexpr int kMaxBacktraceFrames = 32;
// Frames followed at most (a deep recursion is summarised, not printed frame by frame).
constexpr int kMaxWalk = 4096;

bool g_in_panic;

void field(const char* name, uint64_t value) {
    serial::write(" ");
    serial::write(name);
    serial::write("=");
    serial::write_hex(value);
}

void line_start() { serial::write("[panic]"); }

const char* exception_name(uint64_t vector) {
    static const char* const names[32] = {
        "divide error (#DE)", "debug (#DB)", "non-maskable interrupt (NMI)", "breakpoint (#BP)",
        "overflow (#OF)", "bound range exceeded (#BR)", "invalid opcode (#UD)", "device not available (#NM)",
        "double fault (#DF)", "coprocessor segment overrun", "invalid TSS (#TS)", "segment not present (#NP)",
        "stack-segment fault (#SS)", "general protection (#GP)", "page fault (#PF)", "reserved vector 15",
        "x87 floating-point error (#MF)", "alignment check (#AC)", "machine check (#MC)",
        "SIMD floating-point exception (#XM)", "virtualization exception (#VE)", "control protection (#CP)",
        "reserved vector 22", "reserved vector 23", "reserved vector 24", "reserved vector 25",
        "reserved vector 26", "reserved vector 27", "hypervisor injection (#HV)", "VMM communication (#VC)",
        "security exception (#SX)", "reserved vector 31"};
    return vector < 32 ? names[vector] : "interrupt";
}

void write_symbol(uint64_t address) {
    SymbolMatch match;
    if (!symbolize(address, match)) {
        serial::write(" <?>");
        return;
    }
    serial::write(" <");
    serial::write(match.name);
    serial::write("+");
    serial::write_hex_short(match.offset);
    serial::write(">");
}

bool frame_pointer_readable(uint64_t rbp) {
    // Only follow frame pointers into memory that is known to be a kernel stack: a corrupted
    // chain must end the walk, not fault inside the panic handler.
    if (rbp & 7)
        return false;
    auto bottom = reinterpret_cast<uint64_t>(__boot_stack_bottom), top = reinterpret_cast<uint64_t>(__boot_stack_top);
    bool on_boot_stack = rbp >= bottom && rbp + 16 <= top;
    bool on_thread_stack = is_kernel_stack_memory(rbp, 16);
    return on_boot_stack || on_thread_stack || (address_on_kernel_stack(rbp) && address_on_kernel_stack(rbp + 15));
}

void backtrace(uint64_t rip, uint64_t rbp) {
    line_start();
    serial::write(" backtrace:\n");
    line_start();
    serial::write("   #0 ");
    serial::write_hex(rip);
    write_symbol(rip);
    serial::write("\n");
    int depth = 1;
    uint64_t previous = 0, repeats = 0;
    auto flush_repeats = [&] {
        if (repeats) {
            line_start();
            serial::write("   ... the same frame ");
            serial::write_decimal(repeats);
            serial::write(" more times (recursion)\n");
            repeats = 0;
        }
    };
    int walked = 0;
    for (; walked < kMaxWalk && rbp && frame_pointer_readable(rbp); ++walked) {
        auto* frame = reinterpret_cast<const uint64_t*>(rbp);
        uint64_t return_address = frame[1];
        if (!return_address)
            break;
        if (return_address == previous) {
            ++repeats;
        } else {
            flush_repeats();
            if (depth == kMaxBacktraceFrames) {
                line_start();
                serial::write("   ... (truncated)\n");
                return;
            }
            line_start();
            serial::write("   #");
            serial::write_decimal(static_cast<uint64_t>(depth++));
            serial::write(" ");
            serial::write_hex(return_address);
            // The call instruction is just before the return address: name the caller by it.
            write_symbol(return_address - 1);
            serial::write("\n");
            previous = return_address;
        }
        if (frame[0] <= rbp) // frames grow towards higher addresses; anything else is a loop
            break;
        rbp = frame[0];
    }
    flush_repeats();
}

void control_registers() {
    line_start();
    field("cr0", arch::read_cr0());
    field("cr2", arch::read_cr2());
    field("cr3", arch::read_cr3());
    field("cr4", arch::read_cr4());
    serial::write("\n");
}

void enter_panic() {
    if (g_in_panic) {
        serial::write("\n[panic] fault inside the panic report; stopping\n");
        arch::debug_exit(boot::DebugExitCode::Panic);
    }
    g_in_panic = true;
    asm volatile("cli");
}

[[noreturn]] void finish() {
    serial::write("[panic] kernel halted: isa-debug-exit panic code\n");
    arch::debug_exit(boot::DebugExitCode::Panic);
}

void describe_page_fault(uint64_t error) {
    serial::write(" (");
    serial::write(error & 1 ? "protection violation" : "page not present");
    serial::write(error & 2 ? ", write" : ", read");
    if (error & 16)
        serial::write(", instruction fetch");
    serial::write(error & 4 ? ", user mode" : ", kernel mode");
    if (error & 8)
        serial::write(", reserved bit set");
    serial::write(")");
}

} // namespace

void panic(const char* message) {
    enter_panic();
    serial::write("\n[panic] kernel panic: ");
    serial::write(message);
    serial::write("\n");
    control_registers();
    // #0 is the call into panic(); the walk continues from the caller's frame.
    auto* own_frame = static_cast<const uint64_t*>(__builtin_frame_address(0));
    backtrace(own_frame[1] - 1, own_frame[0]);
    finish();
}

void panic_from_frame(const InterruptFrame& frame) {
    enter_panic();
    uint64_t cr2 = arch::read_cr2();
    serial::write("\n[panic] kernel panic: ");
    serial::write(exception_name(frame.vector));
    serial::write(", vector ");
    serial::write_decimal(frame.vector);
    serial::write(frame.cs & 3 ? " in user mode\n" : " in kernel mode\n");
    line_start();
    serial::write(" at rip ");
    serial::write_hex(frame.rip);
    write_symbol(frame.rip);
    serial::write("\n");
    line_start();
    field("error_code", frame.error_code);
    if (frame.vector == vector::PageFault)
        describe_page_fault(frame.error_code);
    serial::write("\n");
    if (frame.vector == vector::PageFault || frame.vector == vector::DoubleFault) {
        // For #DF, CR2 still holds the address of the page fault that could not be delivered.
        line_start();
        serial::write(" faulting address (cr2) ");
        serial::write_hex(cr2);
        uint64_t guard = reinterpret_cast<uint64_t>(__boot_stack_guard);
        if (cr2 >= guard && cr2 < guard + 4096)
            serial::write(" in the boot stack's guard page: kernel stack overflow");
        else if (is_kernel_stack_guard(cr2))
            serial::write(" in a kernel thread stack's guard page: kernel stack overflow");
        serial::write("\n");
    }
    line_start();
    field("rax", frame.rax);
    field("rbx", frame.rbx);
    field("rcx", frame.rcx);
    field("rdx", frame.rdx);
    serial::write("\n");
    line_start();
    field("rsi", frame.rsi);
    field("rdi", frame.rdi);
    field("rbp", frame.rbp);
    field("rsp", frame.rsp);
    serial::write("\n");
    line_start();
    field("r8", frame.r8);
    field("r9", frame.r9);
    field("r10", frame.r10);
    field("r11", frame.r11);
    serial::write("\n");
    line_start();
    field("r12", frame.r12);
    field("r13", frame.r13);
    field("r14", frame.r14);
    field("r15", frame.r15);
    serial::write("\n");
    line_start();
    field("rip", frame.rip);
    field("rflags", frame.rflags);
    field("cs", frame.cs);
    field("ss", frame.ss);
    serial::write("\n");
    control_registers();
    if (frame.vector == vector::DoubleFault || frame.vector == vector::Nmi || frame.vector == vector::MachineCheck) {
        uint64_t handler_stack = reinterpret_cast<uint64_t>(__builtin_frame_address(0));
        line_start();
        serial::write(address_on_kernel_stack(handler_stack) ? " handler running on the IST stack, rsp "
                                                               : " handler NOT on the IST stack, rsp ");
        serial::write_hex(handler_stack);
        serial::write("\n");
    }
    backtrace(frame.rip, frame.rbp);
    finish();
}

} // namespace halcyon::baremetal
