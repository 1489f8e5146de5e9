#pragma once

// The I/O APIC ([82093AA] I/O Advanced Programmable Interrupt Controller datasheet, 3.0): two
// memory-mapped registers, IOREGSEL at offset 0x00 and IOWIN at 0x10, give indirect access to
// the identification, version and redirection-table registers. Each redirection entry routes
// one input pin (a global system interrupt, counted from the chip's GSI base in the MADT) to a
// vector on a local APIC.

#include <stdint.h>

#include "drivers/io/Io.h"

namespace halcyon::drivers::ioapic {

inline constexpr uint32_t kRegisterSelect = 0x00, kRegisterWindow = 0x10; // [82093AA] 3.0 table 1
inline constexpr uint8_t kIdRegister = 0x00, kVersionRegister = 0x01, kRedirectionTableBase = 0x10;

/// IOAPICVER ([82093AA] 3.2.2): bits 0-7 the version, bits 16-23 the highest redirection entry.
class VersionRegister {
public:
    explicit constexpr VersionRegister(uint32_t value) : m_value(value) {}
    constexpr uint8_t version() const { return static_cast<uint8_t>(m_value); }
    constexpr uint32_t redirection_entries() const { return ((m_value >> 16) & 0xff) + 1; }

private:
    uint32_t m_value;
};

/// One 64-bit redirection-table entry, IOREDTBL ([82093AA] 3.2.4). Starts masked.
class RedirectionEntry {
public:
    enum class DeliveryMode : uint8_t {
        Fixed = 0,
        LowestPriority = 1,
        Smi = 2,
        Nmi = 4,
        Init = 5,
        ExtInt = 7
    };

    constexpr RedirectionEntry() = default;
    explicit constexpr RedirectionEntry(uint64_t value) : m_value(value) {}

    constexpr uint8_t vector() const { return static_cast<uint8_t>(m_value); }
    constexpr RedirectionEntry& set_vector(uint8_t vector) { return set_field(0, 8, vector); }
    constexpr DeliveryMode delivery_mode() const { return static_cast<DeliveryMode>(field(8, 3)); }
    constexpr RedirectionEntry& set_delivery_mode(DeliveryMode mode) {
        return set_field(8, 3, static_cast<uint64_t>(mode));
    }
    /// Bit 11: 0 physical (destination is an APIC ID), 1 logical.
    constexpr bool logical_destination() const { return field(11, 1); }
    constexpr RedirectionEntry& set_logical_destination(bool logical) { return set_field(11, 1, logical); }
    /// Bit 13 INTPOL: 1 = active low.
    constexpr bool active_low() const { return field(13, 1); }
    constexpr RedirectionEntry& set_active_low(bool low) { return set_field(13, 1, low); }
    /// Bit 15 trigger mode: 1 = level.
    constexpr bool level_triggered() const { return field(15, 1); }
    constexpr RedirectionEntry& set_level_triggered(bool level) { return set_field(15, 1, level); }
    /// Bit 16: a masked pin sends nothing.
    constexpr bool masked() const { return field(16, 1); }
    constexpr RedirectionEntry& set_masked(bool masked) { return set_field(16, 1, masked); }
    /// Bits 56-63: the destination APIC ID (physical mode).
    constexpr uint8_t destination() const { return static_cast<uint8_t>(field(56, 8)); }
    constexpr RedirectionEntry& set_destination(uint8_t apic_id) { return set_field(56, 8, apic_id); }

    constexpr uint64_t value() const { return m_value; }
    constexpr uint32_t low() const { return static_cast<uint32_t>(m_value); }
    constexpr uint32_t high() const { return static_cast<uint32_t>(m_value >> 32); }

private:
    constexpr uint64_t field(unsigned shift, unsigned width) const {
        return (m_value >> shift) & ((1ull << width) - 1);
    }
    constexpr RedirectionEntry& set_field(unsigned shift, unsigned width, uint64_t value) {
        uint64_t mask = ((1ull << width) - 1) << shift;
        m_value = (m_value & ~mask) | ((value << shift) & mask);
        return *this;
    }
    uint64_t m_value = 1ull << 16;
};

/// One I/O APIC behind an Mmio32 accessor (its register page).
template <Mmio32 Io>
class IoApic {
public:
    explicit IoApic(Io& io) : m_io(io) {}

    uint32_t read(uint8_t index) {
        m_io.write32(kRegisterSelect, index);
        return m_io.read32(kRegisterWindow);
    }
    void write(uint8_t index, uint32_t value) {
        m_io.write32(kRegisterSelect, index);
        m_io.write32(kRegisterWindow, value);
    }

    VersionRegister version() { return VersionRegister(read(kVersionRegister)); }

    RedirectionEntry entry(uint32_t pin) {
        uint8_t index = static_cast<uint8_t>(kRedirectionTableBase + 2 * pin);
        uint64_t low = read(index), high = read(static_cast<uint8_t>(index + 1));
        return RedirectionEntry(low | high << 32);
    }

    /// Writes an entry masked first and unmasks it last, so the pin never fires half-programmed.
    void set_entry(uint32_t pin, RedirectionEntry entry) {
        uint8_t index = static_cast<uint8_t>(kRedirectionTableBase + 2 * pin);
        write(index, RedirectionEntry(entry).set_masked(true).low());
        write(static_cast<uint8_t>(index + 1), entry.high());
        write(index, entry.low());
    }

    /// Masks every pin (the state firmware should leave, but need not).
    void mask_all() {
        uint32_t count = version().redirection_entries();
        for (uint32_t pin = 0; pin < count; ++pin)
            set_entry(pin, RedirectionEntry());
    }

private:
    Io& m_io;
};

} // namespace halcyon::drivers::ioapic
