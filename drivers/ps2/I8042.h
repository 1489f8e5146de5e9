#pragma once

// The i8042 PS/2 controller's keyboard port: initialisation and the interrupt-time drain into
// the scan-code decoder and the console input queue. Ports: 0x60 data, 0x64 status (read) and
// command (write) ([IBM PS/2 Hardware Interface Technical Reference] "Keyboard/Auxiliary Device
// Controller"; the same commands on every PC-compatible controller and in QEMU).

#include <stdint.h>

#include "drivers/input/InputQueue.h"
#include "drivers/io/Io.h"
#include "drivers/ps2/ScanCodeSet1.h"

namespace halcyon::drivers::ps2 {

inline constexpr uint16_t kDataPort = 0x60, kStatusPort = 0x64, kCommandPort = 0x64;

/// The status register.
struct Status {
    uint8_t value;
    bool output_full() const { return value & 0x01; } ///< a byte waits at 0x60 for us
    bool input_full() const { return value & 0x02; }  ///< the controller has not taken our last byte
    bool from_aux() const { return value & 0x20; }    ///< the waiting byte came from the mouse port
};

/// The controller configuration byte (commands 0x20 read / 0x60 write).
struct Configuration {
    uint8_t value;
    bool keyboard_interrupt() const { return value & 0x01; }
    bool aux_interrupt() const { return value & 0x02; }
    bool translation() const { return value & 0x40; }
    Configuration& set_keyboard_interrupt(bool on) { return set(0x01, on); }
    Configuration& set_aux_interrupt(bool on) { return set(0x02, on); }
    Configuration& set_keyboard_clock_disabled(bool off) { return set(0x10, off); }
    Configuration& set_translation(bool on) { return set(0x40, on); }

private:
    Configuration& set(uint8_t bit, bool on) {
        value = static_cast<uint8_t>(on ? value | bit : value & ~bit);
        return *this;
    }
};

namespace command {
inline constexpr uint8_t ReadConfiguration = 0x20, WriteConfiguration = 0x60, DisableAux = 0xa7,
                         SelfTest = 0xaa, TestKeyboardPort = 0xab, DisableKeyboard = 0xad,
                         EnableKeyboard = 0xae;
}
inline constexpr uint8_t kSelfTestPassed = 0x55, kPortTestPassed = 0x00;
// Commands to the keyboard itself (through the data port) and its acknowledgement.
inline constexpr uint8_t kKeyboardEnableScanning = 0xf4, kKeyboardAck = 0xfa;

template <PortIo Io>
class I8042 {
public:
    /// Bounded waits: a machine without a controller reads 0xff (always "input full").
    static constexpr unsigned kSpinLimit = 100000;
    static constexpr unsigned kMaxBytesPerDrain = 32;

    explicit constexpr I8042(Io& io) : m_io(io) {}

    /// Brings the keyboard port up with its interrupt on and translation to scan code set 1:
    /// both ports off, output flushed, self-test, keyboard port test, port on, scanning on.
    /// nullptr on success, else what failed.
    const char* init() {
        if (!send_command(command::DisableKeyboard) || !send_command(command::DisableAux))
            return "the controller does not take commands";
        for (unsigned i = 0; i < 16 && status().output_full(); ++i)
            (void)m_io.read8(kDataPort);
        uint8_t raw = 0;
        if (!send_command(command::ReadConfiguration) || !receive(raw))
            return "the configuration byte cannot be read";
        Configuration config{raw};
        config.set_keyboard_interrupt(false).set_aux_interrupt(false).set_translation(true);
        if (!write_configuration(config))
            return "the configuration byte cannot be written";
        uint8_t reply = 0;
        if (!send_command(command::SelfTest) || !receive(reply) || reply != kSelfTestPassed)
            return "the controller self-test failed";
        // Some controllers reset their configuration on self-test: write it again.
        if (!write_configuration(config))
            return "the configuration byte cannot be written";
        if (!send_command(command::TestKeyboardPort) || !receive(reply) || reply != kPortTestPassed)
            return "the keyboard port test failed";
        if (!send_command(command::EnableKeyboard))
            return "the keyboard port cannot be enabled";
        if (!send_data(kKeyboardEnableScanning) || !receive(reply) || reply != kKeyboardAck)
            return "the keyboard did not acknowledge enable-scanning";
        config.set_keyboard_interrupt(true).set_keyboard_clock_disabled(false);
        if (!write_configuration(config))
            return "the configuration byte cannot be written";
        return nullptr;
    }

    /// Moves waiting keyboard bytes through the decoder into `queue`; the number of bytes read.
    unsigned drain(ScanCodeSet1Decoder& decoder, input::InputQueue& queue) {
        unsigned read = 0;
        for (Status s = status(); s.output_full() && read < kMaxBytesPerDrain; s = status()) {
            uint8_t byte = m_io.read8(kDataPort);
            ++read;
            if (s.from_aux())
                continue;
            if (uint8_t c = decoder.feed(byte))
                queue.push(c);
        }
        return read;
    }

    Status status() { return Status{m_io.read8(kStatusPort)}; }

private:
    bool wait_input_empty() {
        for (unsigned i = 0; i < kSpinLimit; ++i)
            if (!status().input_full())
                return true;
        return false;
    }
    bool send_command(uint8_t value) {
        if (!wait_input_empty())
            return false;
        m_io.write8(kCommandPort, value);
        return true;
    }
    bool send_data(uint8_t value) {
        if (!wait_input_empty())
            return false;
        m_io.write8(kDataPort, value);
        return true;
    }
    bool receive(uint8_t& value) {
        for (unsigned i = 0; i < kSpinLimit; ++i) {
            if (status().output_full()) {
                value = m_io.read8(kDataPort);
                return true;
            }
        }
        return false;
    }
    bool write_configuration(Configuration config) {
        return send_command(command::WriteConfiguration) && send_data(config.value);
    }

    Io& m_io;
};

} // namespace halcyon::drivers::ps2
