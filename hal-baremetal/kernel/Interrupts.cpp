#include "Interrupts.h"

#include <stddef.h>

#include "Arch.h"
#include "DeviceInterrupts.h"
#include "Lapic.h"
#include "Panic.h"
#include "UserEntry.h"

extern "C" char interrupt_stubs[];
extern "C" void load_segments(uint64_t code, uint64_t data);
extern "C" void interrupt_dispatch(halcyon::baremetal::InterruptFrame* frame);
extern "C" void hal_timer_tick(bool interrupted_user); // HalCpu.cpp

namespace halcyon::baremetal {

namespace {

// [intel/vol3] 3.4.5 segment descriptors; 7.2.3 the 64-bit TSS.
constexpr uint64_t kDescPresent = 1ull << 47, kDescCodeData = 1ull << 44, kDescExecutable = 1ull << 43,
                   kDescWritable = 1ull << 41, kDescLong = 1ull << 53, kDescGranularity4K = 1ull << 55,
                   kDescLimitFull = 0x000f00000000ffffull;
constexpr uint64_t kDplUser = 3ull << 45;

struct [[gnu::packed]] Tss {
    uint32_t reserved0;
    uint64_t rsp[3];
    uint64_t reserved1;
    uint64_t ist[7];
    uint64_t reserved2;
    uint16_t reserved3;
    uint16_t io_map_base;
};
static_assert(sizeof(Tss) == 104);

struct [[gnu::packed]] TablePointer {
    uint16_t limit;
    uint64_t base;
};

struct IdtGate {
    uint16_t offset_low;
    uint16_t selector;
    uint8_t ist;
    uint8_t type_attributes;
    uint16_t offset_middle;
    uint32_t offset_high;
    uint32_t reserved;
};
static_assert(sizeof(IdtGate) == 16);

constexpr size_t kIstStackSize = 16384;

alignas(16) uint64_t g_gdt[7];
Tss g_tss;
alignas(16) IdtGate g_idt[256];
// The IST stacks. They are in .bss of the kernel image, so the panic backtrace can check frame
// pointers against them. FIXME: guard pages below them once stacks come from the frame allocator.
alignas(16) uint8_t g_ist_stacks[3][kIstStackSize];

FaultProbe* g_probe;
uint64_t g_unexpected_interrupts;

void set_gate(uint8_t vector, uint8_t ist) {
    uint64_t handler = reinterpret_cast<uint64_t>(interrupt_stubs) + 16ull * vector;
    IdtGate& gate = g_idt[vector];
    gate.offset_low = static_cast<uint16_t>(handler);
    gate.selector = kKernelCode;
    gate.ist = ist;
    gate.type_attributes = 0x8e; // present, DPL 0, 64-bit interrupt gate (IF cleared on entry)
    gate.offset_middle = static_cast<uint16_t>(handler >> 16);
    gate.offset_high = static_cast<uint32_t>(handler >> 32);
    gate.reserved = 0;
}

void mask_legacy_pics() {
    // Both 8259s fully masked: nothing legacy may arrive at a vector the CPU uses for exceptions.
    asm volatile("outb %0, $0x21" : : "a"(static_cast<uint8_t>(0xff)));
    asm volatile("outb %0, $0xa1" : : "a"(static_cast<uint8_t>(0xff)));
}

} // namespace

void init_descriptor_tables() {
    g_gdt[0] = 0;
    g_gdt[1] = kDescPresent | kDescCodeData | kDescExecutable | kDescLong | kDescGranularity4K | kDescLimitFull;
    g_gdt[2] = kDescPresent | kDescCodeData | kDescWritable | kDescGranularity4K | kDescLimitFull | (1ull << 54);
    g_gdt[3] = g_gdt[2] | kDplUser;
    g_gdt[4] = g_gdt[1] | kDplUser;
    uint64_t tss = reinterpret_cast<uint64_t>(&g_tss);
    uint64_t limit = sizeof(Tss) - 1;
    g_gdt[5] = (limit & 0xffff) | ((tss & 0xffffff) << 16) | (0x9ull << 40) | kDescPresent |
               (((tss >> 24) & 0xff) << 56);
    g_gdt[6] = tss >> 32;

    g_tss.ist[kIstNmi - 1] = reinterpret_cast<uint64_t>(g_ist_stacks[0] + kIstStackSize);
    g_tss.ist[kIstDoubleFault - 1] = reinterpret_cast<uint64_t>(g_ist_stacks[1] + kIstStackSize);
    g_tss.ist[kIstMachineCheck - 1] = reinterpret_cast<uint64_t>(g_ist_stacks[2] + kIstStackSize);
    g_tss.io_map_base = sizeof(Tss); // no I/O permission bitmap: user mode gets no ports

    TablePointer gdtr{sizeof(g_gdt) - 1, reinterpret_cast<uint64_t>(g_gdt)};
    asm volatile("lgdt %0" : : "m"(gdtr) : "memory");
    load_segments(kKernelCode, kKernelData);
    asm volatile("ltr %0" : : "r"(kTss));

    for (int v = 0; v < 256; ++v)
        set_gate(static_cast<uint8_t>(v), 0);
    // int3 is a software interrupt: from user mode it reaches its handler only through a DPL 3
    // gate (otherwise #GP), and Windows programs use it (__debugbreak, breakpoints).
    g_idt[vector::Breakpoint].type_attributes = 0xee;
    set_gate(vector::Nmi, kIstNmi);
    set_gate(vector::DoubleFault, kIstDoubleFault);
    set_gate(vector::MachineCheck, kIstMachineCheck);
    TablePointer idtr{sizeof(g_idt) - 1, reinterpret_cast<uint64_t>(g_idt)};
    asm volatile("lidt %0" : : "m"(idtr) : "memory");

    mask_legacy_pics();
}

void arm_fault_probe(FaultProbe* probe) {
    probe->hit = false;
    asm volatile("" ::: "memory");
    g_probe = probe;
}

void disarm_fault_probe() {
    asm volatile("" ::: "memory");
    g_probe = nullptr;
}

bool address_on_kernel_stack(uint64_t address) {
    auto base = reinterpret_cast<uint64_t>(g_ist_stacks);
    return address >= base && address < base + sizeof(g_ist_stacks);
}

uint64_t unexpected_interrupt_count() { return g_unexpected_interrupts; }

void set_tss_kernel_stack(uint64_t rsp) { g_tss.rsp[0] = rsp; }

} // namespace halcyon::baremetal

using namespace halcyon::baremetal;

extern "C" void interrupt_dispatch(InterruptFrame* frame) {
    bool from_user = frame->cs & 3;
    // Exceptions raised by user code belong to its process (core's fault handlers), except the
    // ones that report the machine itself (NMI, #DF, #MC), which still panic.
    if (frame->vector < 32 && from_user && frame->vector != vector::Nmi && frame->vector != vector::DoubleFault &&
        frame->vector != vector::MachineCheck) {
        handle_user_exception(*frame);
        return;
    }
    if (frame->vector < 32) {
        FaultProbe* probe = g_probe;
        if (probe && frame->vector == probe->vector && frame->rip >= probe->begin && frame->rip < probe->end) {
            probe->hit = true;
            probe->error_code = frame->error_code;
            probe->address = frame->vector == vector::PageFault ? arch::read_cr2() : frame->rip;
            frame->rip = probe->resume;
            g_probe = nullptr;
            return;
        }
        panic_from_frame(*frame);
    }
    if (frame->vector == lapic::kTimerVector) {
        hal_timer_tick(from_user);
        return;
    }
    if (devices::handle_interrupt(static_cast<uint8_t>(frame->vector)))
        return;
    // Only the vectors above are routed (the PICs are masked; the I/O APIC sends just the ones
    // DeviceInterrupts.cpp programs): anything else here is spurious (the LAPIC's spurious vector
    // needs no EOI). Count it and carry on.
    ++g_unexpected_interrupts;
}
