#pragma once

// Thin wrappers over the x86-64 instructions the kernel needs: control registers, MSRs, CPUID,
// TLB maintenance, port I/O and the isa-debug-exit write. [intel/vol2], [intel/vol3].

#include <stdint.h>

#include <halcyon/DebugExit.h>

namespace halcyon::baremetal::arch {

inline uint64_t read_cr0() { uint64_t v; asm volatile("mov %%cr0, %0" : "=r"(v)); return v; }
inline uint64_t read_cr2() { uint64_t v; asm volatile("mov %%cr2, %0" : "=r"(v)); return v; }
inline uint64_t read_cr3() { uint64_t v; asm volatile("mov %%cr3, %0" : "=r"(v)); return v; }
inline uint64_t read_cr4() { uint64_t v; asm volatile("mov %%cr4, %0" : "=r"(v)); return v; }
inline void write_cr0(uint64_t v) { asm volatile("mov %0, %%cr0" : : "r"(v) : "memory"); }
inline void write_cr3(uint64_t v) { asm volatile("mov %0, %%cr3" : : "r"(v) : "memory"); }
inline void write_cr4(uint64_t v) { asm volatile("mov %0, %%cr4" : : "r"(v) : "memory"); }

inline uint64_t read_msr(uint32_t msr) {
    uint32_t low, high;
    asm volatile("rdmsr" : "=a"(low), "=d"(high) : "c"(msr));
    return (static_cast<uint64_t>(high) << 32) | low;
}
inline void write_msr(uint32_t msr, uint64_t value) {
    asm volatile("wrmsr" : : "c"(msr), "a"(static_cast<uint32_t>(value)), "d"(static_cast<uint32_t>(value >> 32)));
}

struct CpuidResult {
    uint32_t eax, ebx, ecx, edx;
};
inline CpuidResult cpuid(uint32_t leaf, uint32_t subleaf = 0) {
    CpuidResult r;
    asm volatile("cpuid" : "=a"(r.eax), "=b"(r.ebx), "=c"(r.ecx), "=d"(r.edx) : "a"(leaf), "c"(subleaf));
    return r;
}

inline void invlpg(uint64_t address) { asm volatile("invlpg (%0)" : : "r"(address) : "memory"); }

inline uint64_t read_rflags() {
    uint64_t v;
    asm volatile("pushfq; popq %0" : "=r"(v));
    return v;
}

inline constexpr uint32_t kMsrEfer = 0xc0000080;
inline constexpr uint64_t kEferNxe = 1ull << 11;
inline constexpr uint64_t kCr0Wp = 1ull << 16;
inline constexpr uint64_t kCr4Pge = 1ull << 7;
inline constexpr uint64_t kCr4Umip = 1ull << 11;
inline constexpr uint64_t kCr4Smep = 1ull << 20;
inline constexpr uint64_t kCr4Smap = 1ull << 21;
inline constexpr uint64_t kRflagsAc = 1ull << 18;

/// Leaves QEMU through isa-debug-exit; on hardware (nothing at the port) stops the CPU.
[[noreturn]] inline void debug_exit(boot::DebugExitCode code) {
    asm volatile("outl %0, %1" : : "a"(static_cast<uint32_t>(code)), "Nd"(boot::kDebugExitPort));
    for (;;)
        asm volatile("cli; hlt");
}

} // namespace halcyon::baremetal::arch
