#pragma once

// Per-thread user FPU/SSE/AVX state. With XSAVE (CPUID.1:ECX.XSAVE) the kernel sets
// CR4.OSXSAVE, enables x87, SSE and, where the CPU has it, AVX in XCR0, and saves and restores
// threads with XSAVE/XRSTOR in the standard (non-compacted) form, whose size for the enabled
// features is CPUID.(EAX=0DH,ECX=0):EBX ([intel/vol1] 13.2, 13.4; [intel/vol3] 2.6 XCR0).
// Without XSAVE it is FXSAVE/FXRSTOR (x87 and SSE only), as before.
// FIXME: AVX-512 and other large components (their areas would not fit kAreaCapacity); XSAVEOPT.

#include <stdint.h>

namespace halcyon::baremetal::fpu {

/// Bytes ThreadContext reserves for the save area, 64-byte aligned inside it. x87 + SSE + AVX in
/// the standard form take 832 bytes (512 legacy + 64 header + 256 for the upper YMM halves).
inline constexpr uint32_t kAreaCapacity = 1024;

/// Chooses XSAVE or FXSAVE and programs CR4/XCR0. Once, before the first thread is created.
void init();

bool using_xsave();
uint64_t enabled_features(); ///< XCR0 (x87 | SSE | AVX), or 0x3 for FXSAVE.
uint32_t area_size();        ///< Bytes the save instruction writes.

/// The default state a new thread starts with (FCW 0x37f, MXCSR 0x1f80; XSAVE header marking
/// x87 and SSE as given and everything else as in its initial configuration).
void initialize(uint8_t* area);
void save(uint8_t* area);
void restore(const uint8_t* area);

} // namespace halcyon::baremetal::fpu
