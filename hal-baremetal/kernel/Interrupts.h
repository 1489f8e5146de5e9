#pragma once

// The kernel's GDT, TSS and IDT, and the register frame every interrupt stub builds.
//
// GDT layout (fixed: syscall/sysret derive the user selectors from STAR, [intel/vol3] 5.8.8):
//   0x08 kernel code (64-bit), 0x10 kernel data, 0x18 user data, 0x20 user code (64-bit),
//   0x28 the TSS (a 16-byte system descriptor).
// The TSS carries the interrupt stack table: NMI, #DF and #MC switch to their own known-good
// stacks, so a kernel stack overflow (a #PF that cannot push its frame, hence #DF) still reaches
// the panic report instead of triple-faulting ([intel/vol3] 6.14.5).

#include <stdint.h>

namespace halcyon::baremetal {

inline constexpr uint16_t kKernelCode = 0x08, kKernelData = 0x10, kUserData = 0x18, kUserCode = 0x20, kTss = 0x28;

inline constexpr uint8_t kIstNmi = 1, kIstDoubleFault = 2, kIstMachineCheck = 3;

namespace vector {
inline constexpr uint8_t DivideError = 0, Debug = 1, Nmi = 2, Breakpoint = 3, Overflow = 4, BoundRange = 5,
                         InvalidOpcode = 6, DeviceNotAvailable = 7, DoubleFault = 8, InvalidTss = 10,
                         SegmentNotPresent = 11, StackFault = 12, GeneralProtection = 13, PageFault = 14,
                         X87 = 16, AlignmentCheck = 17, MachineCheck = 18, Simd = 19, Virtualization = 20,
                         ControlProtection = 21, Spurious = 0xff;
}

/// What Interrupts.S pushes, lowest address first: the general registers, then the vector and
/// the error code (0 for vectors without one), then the CPU's own frame.
struct InterruptFrame {
    uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
    uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
    uint64_t vector, error_code;
    uint64_t rip, cs, rflags, rsp, ss;
};
static_assert(sizeof(InterruptFrame) == 22 * 8, "Interrupts.S depends on this layout");

/// Loads the GDT (reloading every segment register), the TSS and the IDT, and masks the legacy
/// 8259 PICs. Interrupts stay disabled.
void init_descriptor_tables();

/// An expected kernel fault (a self-test probing a protection): when the fault `vector` happens
/// at an address in [begin, end), the handler records it and resumes at `resume`. One at a time.
struct FaultProbe {
    uint64_t begin, end, resume;
    uint8_t vector;
    bool hit;
    uint64_t error_code, address;
};
void arm_fault_probe(FaultProbe* probe);
void disarm_fault_probe();

/// The IST stack ranges, so the panic backtrace only follows frame pointers into kernel stacks.
bool address_on_kernel_stack(uint64_t address);

/// TSS.RSP0: the stack the CPU switches to on an interrupt or exception from user mode.
void set_tss_kernel_stack(uint64_t rsp);

/// Counts of interrupts at vectors 32..255 that arrived with no handler (e.g. spurious ones).
uint64_t unexpected_interrupt_count();

} // namespace halcyon::baremetal
