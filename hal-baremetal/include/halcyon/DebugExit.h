#pragma once

// Codes the kernel writes to QEMU's isa-debug-exit device (-device isa-debug-exit,iobase=0xf4,
// iosize=0x04). QEMU then exits with status (code << 1) | 1; tools/qemu-boot.py maps those back to
// a verdict. Real hardware has nothing at port 0xf4, so the write is harmless there.

#include <stdint.h>

namespace halcyon::boot {

inline constexpr uint16_t kDebugExitPort = 0xf4;

enum class DebugExitCode : uint32_t {
    Pass = 0x10,  ///< QEMU exit status 33.
    Fail = 0x11,  ///< 35: a check failed; the kernel said why on serial.
    Panic = 0x12, ///< 37: the kernel panicked.
    /// 39: the program the command line named (run=) ran and exited; its exit status is on the
    /// serial line ("[run] exited with status 0x..."), where tools/qemu-boot.py reads it.
    ProgramExited = 0x13,
};

} // namespace halcyon::boot
