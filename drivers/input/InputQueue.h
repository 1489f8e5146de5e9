#pragma once

// The console's one input queue: the serial line and the keyboard both feed it characters, the
// console (hal::Console::read) takes them out. Ctrl+C does not enter the queue: it becomes a
// pending console interrupt (hal::Console::take_interrupt), as Windows' processed console input
// turns it into a CTRL_C_EVENT instead of a character.
//
// One producer (an interrupt handler) and one consumer; the kernel keeps interrupts off around
// the consumer's calls, so no locking here.

#include <stddef.h>
#include <stdint.h>

namespace halcyon::drivers::input {

inline constexpr uint8_t kCtrlC = 0x03;

class InputQueue {
public:
    static constexpr size_t kCapacity = 256;

    /// One character from a device. A carriage return (the Enter key on a terminal) is stored as
    /// "\n"; when the queue is full the character is dropped and counted.
    void push(uint8_t c) {
        if (c == kCtrlC) {
            m_interrupt_pending = true;
            return;
        }
        if (c == '\r')
            c = '\n';
        if (m_count == kCapacity) {
            ++m_dropped;
            return;
        }
        m_buffer[(m_head + m_count) % kCapacity] = c;
        ++m_count;
    }

    /// Up to `size` characters, oldest first; the number taken.
    size_t pop(uint8_t* out, size_t size) {
        size_t taken = 0;
        while (taken < size && m_count) {
            out[taken++] = m_buffer[m_head];
            m_head = (m_head + 1) % kCapacity;
            --m_count;
        }
        return taken;
    }

    bool empty() const { return m_count == 0; }
    size_t size() const { return m_count; }
    uint64_t dropped() const { return m_dropped; }

    /// True once per Ctrl+C received.
    bool take_interrupt() {
        bool pending = m_interrupt_pending;
        m_interrupt_pending = false;
        return pending;
    }

private:
    uint8_t m_buffer[kCapacity]{};
    size_t m_head = 0;  ///< Index of the oldest character; < kCapacity.
    size_t m_count = 0; ///< Characters stored; <= kCapacity.
    uint64_t m_dropped = 0;
    bool m_interrupt_pending = false;
};

} // namespace halcyon::drivers::input
