#pragma once

// The receive side of a 16550 UART ([PC16550D] National Semiconductor datasheet, "Registers"):
// received-data interrupts on, and on each interrupt the receiver FIFO drained into the console
// input queue. Transmission stays polled (hal-baremetal/include/halcyon/Uart16550.h).

#include <stdint.h>

#include "drivers/input/InputQueue.h"
#include "drivers/io/Io.h"

namespace halcyon::drivers::uart {

// Register offsets from the base port ([PC16550D] table 2).
inline constexpr uint16_t kReceiveBuffer = 0, kInterruptEnable = 1, kInterruptIdentification = 2,
                          kModemControl = 4, kLineStatus = 5;

/// IER ([PC16550D] 8.4): bit 0 enables the received-data-available interrupt.
struct InterruptEnable {
    uint8_t value = 0;
    InterruptEnable& set_received_data(bool on) {
        value = static_cast<uint8_t>(on ? value | 0x01 : value & ~0x01);
        return *this;
    }
    bool received_data() const { return value & 0x01; }
};

/// MCR ([PC16550D] 8.7): DTR (bit 0), RTS (bit 1), OUT2 (bit 3). On a PC, OUT2 gates the UART's
/// interrupt line onto the ISA bus, so without it no IRQ arrives.
struct ModemControl {
    uint8_t value = 0;
    ModemControl& set_dtr(bool on) { return set(0x01, on); }
    ModemControl& set_rts(bool on) { return set(0x02, on); }
    ModemControl& set_out2(bool on) { return set(0x08, on); }
    bool out2() const { return value & 0x08; }

private:
    ModemControl& set(uint8_t bit, bool on) {
        value = static_cast<uint8_t>(on ? value | bit : value & ~bit);
        return *this;
    }
};

/// LSR ([PC16550D] 8.6): bit 0 data ready.
struct LineStatus {
    uint8_t value;
    bool data_ready() const { return value & 0x01; }
};

template <PortIo Io>
class Uart16550Input {
public:
    /// A missing UART reads as 0xff, "data ready" forever: one drain takes at most this many
    /// bytes (more than the 16-byte FIFO holds) so it cannot spin.
    static constexpr unsigned kMaxBytesPerDrain = 64;

    constexpr Uart16550Input(Io& io, uint16_t base) : m_io(io), m_base(base) {}

    /// Turns on received-data interrupts (keeping the line settings) after clearing whatever the
    /// FIFO already held into `queue`.
    void enable_receive_interrupts(input::InputQueue& queue) {
        drain(queue);
        m_io.write8(static_cast<uint16_t>(m_base + kModemControl),
                    ModemControl().set_dtr(true).set_rts(true).set_out2(true).value);
        m_io.write8(static_cast<uint16_t>(m_base + kInterruptEnable),
                    InterruptEnable().set_received_data(true).value);
        // Reading IIR acknowledges any interrupt the UART had latched before.
        (void)m_io.read8(static_cast<uint16_t>(m_base + kInterruptIdentification));
    }

    /// Moves every received byte into `queue`; the number moved. Called from the UART's interrupt.
    unsigned drain(input::InputQueue& queue) {
        unsigned moved = 0;
        while (moved < kMaxBytesPerDrain &&
               LineStatus{m_io.read8(static_cast<uint16_t>(m_base + kLineStatus))}.data_ready()) {
            queue.push(m_io.read8(static_cast<uint16_t>(m_base + kReceiveBuffer)));
            ++moved;
        }
        return moved;
    }

private:
    Io& m_io;
    uint16_t m_base;
};

} // namespace halcyon::drivers::uart
