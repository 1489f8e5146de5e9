#pragma once

// The accessors device drivers are written against, so the same driver code runs on the
// hardware (hal-baremetal/kernel/PortIo.h: in/out instructions, MMIO through the direct map) and
// in host unit tests (a fake that records accesses and answers from a script).

#include <stdint.h>

namespace halcyon::drivers {

/// x86 I/O ports, 8 bits wide (the 16550 UART, the i8042 keyboard controller).
template <typename T>
concept PortIo = requires(T& io, uint16_t port, uint8_t value) {
    io.read8(port);
    io.write8(port, value);
};

/// A 32-bit register window in memory-mapped I/O space, addressed by byte offset (the I/O APIC).
template <typename T>
concept Mmio32 = requires(T& io, uint32_t offset, uint32_t value) {
    io.write32(offset, value);
    io.read32(offset);
};

} // namespace halcyon::drivers
