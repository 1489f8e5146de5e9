#pragma once

// The ACPI tables the kernel needs to route device interrupts: the RSDP (from BootInfo), the
// RSDT or XSDT it points at, and the MADT ("APIC") with its I/O APICs and interrupt source
// overrides ([acpi/6.5] 5.2.5 RSDP, 5.2.7 RSDT, 5.2.8 XSDT, 5.2.12 MADT).
//
// This is a parser of firmware data: every table's length is checked against what can be read
// and against its own header, every checksum is verified, and every MADT entry must fit in its
// table. Pure code (no kernel state), so tests/boot unit-tests it and fuzz/boot fuzzes it.

#include <stddef.h>
#include <stdint.h>

namespace halcyon::baremetal::acpi {

/// Gives access to `length` bytes of physical memory at `physical`, or nullptr when that range
/// cannot be read (outside what is mapped, or wrapping). The kernel answers through its direct
/// map; tests and the fuzzer through a byte buffer.
struct PhysicalReader {
    const uint8_t* (*read)(void* context, uint64_t physical, uint64_t length);
    void* context;
};

struct IoApicInfo {
    uint8_t id;
    uint32_t address;  ///< Physical MMIO base.
    uint32_t gsi_base; ///< The first global system interrupt its redirection table serves.
};

/// MPS INTI flags ([acpi/6.5] table 5.50).
enum class Polarity : uint8_t { ConformsToBus = 0, ActiveHigh = 1, Reserved = 2, ActiveLow = 3 };
enum class TriggerMode : uint8_t { ConformsToBus = 0, Edge = 1, Reserved = 2, Level = 3 };

struct InterruptOverride {
    uint8_t source; ///< The ISA IRQ.
    uint32_t gsi;
    Polarity polarity;
    TriggerMode trigger;
};

/// Where an ISA IRQ arrives, after the overrides: ISA interrupts are edge-triggered and active
/// high unless an override says otherwise.
struct IsaRoute {
    uint32_t gsi;
    bool active_low;
    bool level_triggered;
};

inline constexpr size_t kMaxIoApics = 8, kMaxOverrides = 24;

struct MadtInfo {
    uint32_t local_apic_address = 0;
    bool has_legacy_pics = false; ///< MADT flags PCAT_COMPAT: 8259s are present and must be masked.
    IoApicInfo io_apics[kMaxIoApics]{};
    size_t io_apic_count = 0;
    InterruptOverride overrides[kMaxOverrides]{};
    size_t override_count = 0;
    size_t ignored_entries = 0; ///< I/O APICs or overrides beyond the arrays above.
    bool used_xsdt = false;

    IsaRoute isa_route(uint8_t irq) const;
    /// The I/O APIC whose redirection entries include `gsi`, or nullptr.
    const IoApicInfo* io_apic_for(uint32_t gsi, uint32_t redirection_entries_each = 24) const;
};

/// Finds and parses the MADT from the RSDP at `rsdp_physical`. Returns nullptr on success or a
/// sentence saying what was wrong (bad signature, checksum, length, no MADT, no I/O APIC).
const char* parse_madt(const PhysicalReader& reader, uint64_t rsdp_physical, MadtInfo& out);

} // namespace halcyon::baremetal::acpi
