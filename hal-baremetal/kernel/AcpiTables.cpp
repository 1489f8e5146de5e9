#include "AcpiTables.h"

namespace halcyon::baremetal::acpi {

namespace {

// [acpi/6.5] 5.2.5.3 the RSDP, 5.2.6 the common table header.
constexpr uint64_t kRsdpV1Length = 20, kRsdpV2MinLength = 36, kHeaderLength = 36;
constexpr uint64_t kRsdpRevisionOffset = 15, kRsdpRsdtOffset = 16, kRsdpLengthOffset = 20,
                   kRsdpXsdtOffset = 24;
constexpr uint64_t kHeaderLengthOffset = 4;
// [acpi/6.5] 5.2.12: the MADT's fixed fields after the header, then its entries.
constexpr uint64_t kMadtLocalApicOffset = 36, kMadtFlagsOffset = 40, kMadtEntriesOffset = 44;
constexpr uint32_t kMadtFlagPcatCompat = 1u << 0;
// [acpi/6.5] 5.2.12.3 I/O APIC (type 1, 12 bytes), 5.2.12.5 interrupt source override (type 2, 10 bytes).
constexpr uint8_t kEntryIoApic = 1, kEntryInterruptOverride = 2;
constexpr uint8_t kIoApicEntryLength = 12, kOverrideEntryLength = 10;
// Firmware tables are a few KiB; anything claiming more than this is corrupt, and the bound keeps
// a bad length from asking the reader for gigabytes.
constexpr uint32_t kMaxTableLength = 1u << 20;
constexpr uint32_t kMaxRootEntries = 256;

uint32_t load32(const uint8_t* p) {
    return p[0] | p[1] << 8 | p[2] << 16 | static_cast<uint32_t>(p[3]) << 24;
}
uint64_t load64(const uint8_t* p) {
    return load32(p) | static_cast<uint64_t>(load32(p + 4)) << 32;
}

bool sums_to_zero(const uint8_t* p, uint64_t length) {
    uint8_t sum = 0;
    for (uint64_t i = 0; i < length; ++i)
        sum = static_cast<uint8_t>(sum + p[i]);
    return sum == 0;
}

bool signature_is(const uint8_t* p, const char* signature, size_t length) {
    for (size_t i = 0; i < length; ++i)
        if (p[i] != static_cast<uint8_t>(signature[i]))
            return false;
    return true;
}

/// A whole system description table at `physical` whose length and checksum check out, or
/// nullptr. `length` receives its length.
const uint8_t* read_table(const PhysicalReader& reader, uint64_t physical, uint32_t& length) {
    const uint8_t* header = reader.read(reader.context, physical, kHeaderLength);
    if (!header)
        return nullptr;
    length = load32(header + kHeaderLengthOffset);
    if (length < kHeaderLength || length > kMaxTableLength)
        return nullptr;
    const uint8_t* table = reader.read(reader.context, physical, length);
    if (!table || !sums_to_zero(table, length))
        return nullptr;
    return table;
}

const char* parse_madt_body(const uint8_t* madt, uint32_t length, MadtInfo& out) {
    if (length < kMadtEntriesOffset)
        return "the MADT is shorter than its fixed fields";
    out.local_apic_address = load32(madt + kMadtLocalApicOffset);
    out.has_legacy_pics = load32(madt + kMadtFlagsOffset) & kMadtFlagPcatCompat;
    for (uint64_t at = kMadtEntriesOffset; at < length;) {
        if (length - at < 2)
            return "a MADT entry header runs past the end of the table";
        uint8_t type = madt[at], entry_length = madt[at + 1];
        if (entry_length < 2 || entry_length > length - at)
            return "a MADT entry has a bad length";
        const uint8_t* entry = madt + at;
        if (type == kEntryIoApic) {
            if (entry_length < kIoApicEntryLength)
                return "a MADT I/O APIC entry is too short";
            if (out.io_apic_count < kMaxIoApics)
                out.io_apics[out.io_apic_count++] =
                    IoApicInfo{entry[2], load32(entry + 4), load32(entry + 8)};
            else
                ++out.ignored_entries;
        } else if (type == kEntryInterruptOverride) {
            if (entry_length < kOverrideEntryLength)
                return "a MADT interrupt source override is too short";
            uint16_t flags = static_cast<uint16_t>(entry[8] | entry[9] << 8);
            if (out.override_count < kMaxOverrides)
                out.overrides[out.override_count++] =
                    InterruptOverride{entry[3], load32(entry + 4), static_cast<Polarity>(flags & 3),
                                      static_cast<TriggerMode>((flags >> 2) & 3)};
            else
                ++out.ignored_entries;
        }
        // Other entry types (local APICs, NMI sources, x2APIC ...) are not needed for routing.
        at += entry_length;
    }
    if (out.io_apic_count == 0)
        return "the MADT lists no I/O APIC";
    return nullptr;
}

} // namespace

IsaRoute MadtInfo::isa_route(uint8_t irq) const {
    IsaRoute route{irq, false, false};
    for (size_t i = 0; i < override_count; ++i) {
        const InterruptOverride& o = overrides[i];
        if (o.source != irq)
            continue;
        route.gsi = o.gsi;
        // "Conforms to the bus" for ISA means active high and edge triggered.
        route.active_low = o.polarity == Polarity::ActiveLow;
        route.level_triggered = o.trigger == TriggerMode::Level;
        break;
    }
    return route;
}

const IoApicInfo* MadtInfo::io_apic_for(uint32_t gsi, uint32_t redirection_entries_each) const {
    for (size_t i = 0; i < io_apic_count; ++i)
        if (gsi >= io_apics[i].gsi_base && gsi - io_apics[i].gsi_base < redirection_entries_each)
            return &io_apics[i];
    return nullptr;
}

const char* parse_madt(const PhysicalReader& reader, uint64_t rsdp_physical, MadtInfo& out) {
    out = MadtInfo{};
    if (rsdp_physical == 0)
        return "the firmware gave no RSDP";
    const uint8_t* rsdp = reader.read(reader.context, rsdp_physical, kRsdpV1Length);
    if (!rsdp)
        return "the RSDP is not readable";
    if (!signature_is(rsdp, "RSD PTR ", 8))
        return "the RSDP has a bad signature";
    if (!sums_to_zero(rsdp, kRsdpV1Length))
        return "the RSDP checksum is wrong";

    // ACPI 2.0+ (revision >= 2): the extended checksum covers `length` bytes, and the XSDT's
    // 64-bit pointers take precedence over the RSDT ([acpi/6.5] 5.2.5.3).
    uint64_t root = rsdp[kRsdpRevisionOffset] >= 2 ? 0 : load32(rsdp + kRsdpRsdtOffset);
    bool xsdt = false;
    if (rsdp[kRsdpRevisionOffset] >= 2) {
        const uint8_t* v2 = reader.read(reader.context, rsdp_physical, kRsdpV2MinLength);
        if (!v2)
            return "the ACPI 2.0 RSDP is not readable";
        uint32_t length = load32(v2 + kRsdpLengthOffset);
        if (length < kRsdpV2MinLength || length > kMaxTableLength)
            return "the ACPI 2.0 RSDP has a bad length";
        v2 = reader.read(reader.context, rsdp_physical, length);
        if (!v2 || !sums_to_zero(v2, length))
            return "the ACPI 2.0 RSDP extended checksum is wrong";
        root = load64(v2 + kRsdpXsdtOffset);
        xsdt = root != 0;
        if (!xsdt)
            root = load32(v2 + kRsdpRsdtOffset);
    }
    if (root == 0)
        return "the RSDP points at no RSDT or XSDT";

    uint32_t root_length = 0;
    const uint8_t* table = read_table(reader, root, root_length);
    if (!table)
        return xsdt ? "the XSDT is unreadable, too long or fails its checksum"
                    : "the RSDT is unreadable, too long or fails its checksum";
    if (!signature_is(table, xsdt ? "XSDT" : "RSDT", 4))
        return xsdt ? "the XSDT has a bad signature" : "the RSDT has a bad signature";
    out.used_xsdt = xsdt;
    uint32_t pointer_size = xsdt ? 8 : 4;
    uint32_t entries = (root_length - kHeaderLength) / pointer_size;
    if (entries > kMaxRootEntries)
        entries = kMaxRootEntries;
    for (uint32_t i = 0; i < entries; ++i) {
        const uint8_t* slot = table + kHeaderLength + i * pointer_size;
        uint64_t address = xsdt ? load64(slot) : load32(slot);
        const uint8_t* header = reader.read(reader.context, address, kHeaderLength);
        if (!header || !signature_is(header, "APIC", 4))
            continue;
        uint32_t madt_length = 0;
        const uint8_t* madt = read_table(reader, address, madt_length);
        if (!madt)
            return "the MADT is unreadable, too long or fails its checksum";
        return parse_madt_body(madt, madt_length, out);
    }
    return "there is no MADT";
}

} // namespace halcyon::baremetal::acpi
