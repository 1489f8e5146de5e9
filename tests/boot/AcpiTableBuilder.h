#pragma once

// Builds firmware-style ACPI tables (RSDP, RSDT/XSDT, MADT) in a byte buffer whose offsets stand
// for physical addresses, for the MADT parser's unit tests and the fuzzer's seed corpus.

#include <cstdint>
#include <cstring>
#include <vector>

#include "AcpiTables.h"

namespace halcyon::test {

struct AcpiMemory {
    std::vector<uint8_t> bytes = std::vector<uint8_t>(0x1000, 0);

    static const uint8_t* read(void* context, uint64_t physical, uint64_t length) {
        auto* self = static_cast<AcpiMemory*>(context);
        if (physical > self->bytes.size() || length > self->bytes.size() - physical)
            return nullptr;
        return self->bytes.data() + physical;
    }
    baremetal::acpi::PhysicalReader reader() { return {read, this}; }

    void put8(size_t at, uint8_t v) { bytes.at(at) = v; }
    void put16(size_t at, uint16_t v) {
        for (int i = 0; i < 2; ++i)
            put8(at + i, uint8_t(v >> 8 * i));
    }
    void put32(size_t at, uint32_t v) {
        for (int i = 0; i < 4; ++i)
            put8(at + i, uint8_t(v >> 8 * i));
    }
    void put64(size_t at, uint64_t v) {
        for (int i = 0; i < 8; ++i)
            put8(at + i, uint8_t(v >> 8 * i));
    }
    void put_text(size_t at, const char* text) { std::memcpy(&bytes.at(at), text, std::strlen(text)); }

    /// Sets the checksum byte at `checksum_at` so [at, at + length) sums to zero.
    void fix_checksum(size_t at, size_t length, size_t checksum_at) {
        put8(checksum_at, 0);
        uint8_t sum = 0;
        for (size_t i = 0; i < length; ++i)
            sum = uint8_t(sum + bytes.at(at + i));
        put8(checksum_at, uint8_t(-sum));
    }

    void header(size_t at, const char* signature, uint32_t length) {
        put_text(at, signature);
        put32(at + 4, length);
        put8(at + 8, 1);
        put_text(at + 10, "HALCYN");
    }
};

/// The layout QEMU's q35 firmware gives: an ACPI 2.0 RSDP at 0x100, an XSDT (or RSDT) at 0x200
/// listing a FACP-like table at 0x300 and the MADT at 0x400, one I/O APIC at 0xfec00000 and
/// overrides IRQ 0 -> GSI 2 and IRQ 9 -> GSI 9 level, active high.
struct StandardTables {
    static constexpr size_t kRsdp = 0x100, kRoot = 0x200, kOther = 0x300, kMadt = 0x400;
    AcpiMemory memory;
    uint32_t madt_length = 0;

    explicit StandardTables(bool xsdt = true) {
        memory.put_text(kRsdp, "RSD PTR ");
        memory.put_text(kRsdp + 9, "HALCYN");
        memory.put8(kRsdp + 15, xsdt ? 2 : 0);
        memory.put32(kRsdp + 16, xsdt ? 0 : kRoot);
        memory.put32(kRsdp + 20, 36);
        memory.put64(kRsdp + 24, xsdt ? kRoot : 0);
        memory.fix_checksum(kRsdp, 20, kRsdp + 8);
        if (xsdt)
            memory.fix_checksum(kRsdp, 36, kRsdp + 32);

        uint32_t root_length = 36 + 2 * (xsdt ? 8 : 4);
        memory.header(kRoot, xsdt ? "XSDT" : "RSDT", root_length);
        if (xsdt) {
            memory.put64(kRoot + 36, kOther);
            memory.put64(kRoot + 44, kMadt);
        } else {
            memory.put32(kRoot + 36, kOther);
            memory.put32(kRoot + 40, kMadt);
        }
        memory.fix_checksum(kRoot, root_length, kRoot + 9);

        memory.header(kOther, "FACP", 36);
        memory.fix_checksum(kOther, 36, kOther + 9);

        size_t at = kMadt + 44;
        memory.put32(kMadt + 36, 0xfee00000);
        memory.put32(kMadt + 40, 1); // PCAT_COMPAT
        // A local APIC entry (type 0, 8 bytes), which the parser skips.
        memory.put8(at, 0), memory.put8(at + 1, 8), memory.put8(at + 3, 0), memory.put32(at + 4, 1);
        at += 8;
        memory.put8(at, 1), memory.put8(at + 1, 12), memory.put8(at + 2, 7), memory.put32(at + 4, 0xfec00000);
        memory.put32(at + 8, 0);
        at += 12;
        memory.put8(at, 2), memory.put8(at + 1, 10), memory.put8(at + 3, 0), memory.put32(at + 4, 2),
            memory.put16(at + 8, 0);
        at += 10;
        memory.put8(at, 2), memory.put8(at + 1, 10), memory.put8(at + 3, 9), memory.put32(at + 4, 9);
        memory.put16(at + 8, 0x000d); // active high (01), level (11)
        at += 10;
        madt_length = uint32_t(at - kMadt);
        memory.header(kMadt, "APIC", madt_length);
        memory.fix_checksum(kMadt, madt_length, kMadt + 9);
    }

    void refresh_madt_checksum() { memory.fix_checksum(kMadt, madt_length, kMadt + 9); }
};

} // namespace halcyon::test
