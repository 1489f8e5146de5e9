#include <gtest/gtest.h>

#include "AcpiTableBuilder.h"
#include "AcpiTables.h"

using namespace halcyon::baremetal::acpi;
using halcyon::test::StandardTables;

namespace {

const char* parse(StandardTables& tables, MadtInfo& out) {
    auto reader = tables.memory.reader();
    return parse_madt(reader, StandardTables::kRsdp, out);
}

} // namespace

TEST(AcpiTables, XsdtMadtYieldsIoApicAndOverrides) {
    StandardTables tables;
    MadtInfo madt;
    ASSERT_EQ(parse(tables, madt), nullptr);
    EXPECT_TRUE(madt.used_xsdt);
    EXPECT_EQ(madt.local_apic_address, 0xfee00000u);
    EXPECT_TRUE(madt.has_legacy_pics);
    ASSERT_EQ(madt.io_apic_count, 1u);
    EXPECT_EQ(madt.io_apics[0].id, 7);
    EXPECT_EQ(madt.io_apics[0].address, 0xfec00000u);
    EXPECT_EQ(madt.io_apics[0].gsi_base, 0u);
    EXPECT_EQ(madt.override_count, 2u);
}

TEST(AcpiTables, Acpi1RsdpUsesRsdt) {
    StandardTables tables(false);
    MadtInfo madt;
    ASSERT_EQ(parse(tables, madt), nullptr);
    EXPECT_FALSE(madt.used_xsdt);
    EXPECT_EQ(madt.io_apic_count, 1u);
}

TEST(AcpiTables, IsaRoutesHonourOverridesAndDefaultToEdgeActiveHigh) {
    StandardTables tables;
    MadtInfo madt;
    ASSERT_EQ(parse(tables, madt), nullptr);
    IsaRoute timer = madt.isa_route(0);
    EXPECT_EQ(timer.gsi, 2u);
    EXPECT_FALSE(timer.level_triggered);
    IsaRoute sci = madt.isa_route(9);
    EXPECT_EQ(sci.gsi, 9u);
    EXPECT_TRUE(sci.level_triggered);
    EXPECT_FALSE(sci.active_low);
    IsaRoute com1 = madt.isa_route(4);
    EXPECT_EQ(com1.gsi, 4u);
    EXPECT_FALSE(com1.level_triggered);
    EXPECT_FALSE(com1.active_low);
    EXPECT_EQ(madt.io_apic_for(4), &madt.io_apics[0]);
    EXPECT_EQ(madt.io_apic_for(24), nullptr);
}

TEST(AcpiTables, MissingRsdpIsReported) {
    StandardTables tables;
    MadtInfo madt;
    auto reader = tables.memory.reader();
    EXPECT_STREQ(parse_madt(reader, 0, madt), "the firmware gave no RSDP");
    EXPECT_STREQ(parse_madt(reader, 0x10000000, madt), "the RSDP is not readable");
}

TEST(AcpiTables, RsdpSignatureAndChecksumsAreVerified) {
    {
        StandardTables tables;
        tables.memory.put8(StandardTables::kRsdp, 'X');
        MadtInfo madt;
        EXPECT_STREQ(parse(tables, madt), "the RSDP has a bad signature");
    }
    {
        StandardTables tables;
        tables.memory.put8(StandardTables::kRsdp + 8, tables.memory.bytes[StandardTables::kRsdp + 8] + 1);
        MadtInfo madt;
        EXPECT_STREQ(parse(tables, madt), "the RSDP checksum is wrong");
    }
    {
        StandardTables tables;
        tables.memory.put8(StandardTables::kRsdp + 32, tables.memory.bytes[StandardTables::kRsdp + 32] + 1);
        MadtInfo madt;
        EXPECT_STREQ(parse(tables, madt), "the ACPI 2.0 RSDP extended checksum is wrong");
    }
}

TEST(AcpiTables, CorruptRootTableIsRejected) {
    StandardTables tables;
    tables.memory.put8(StandardTables::kRoot + 36, 0x55); // changes a pointer, not the checksum
    MadtInfo madt;
    EXPECT_STREQ(parse(tables, madt), "the XSDT is unreadable, too long or fails its checksum");
}

TEST(AcpiTables, TableLengthBeyondReadableMemoryIsRejected) {
    StandardTables tables;
    tables.memory.put32(StandardTables::kMadt + 4, 0x2000); // longer than the 4 KiB buffer
    MadtInfo madt;
    EXPECT_STREQ(parse(tables, madt), "the MADT is unreadable, too long or fails its checksum");
}

TEST(AcpiTables, MadtChecksumIsVerified) {
    StandardTables tables;
    tables.memory.put8(StandardTables::kMadt + 36, 0x12);
    MadtInfo madt;
    EXPECT_STREQ(parse(tables, madt), "the MADT is unreadable, too long or fails its checksum");
}

TEST(AcpiTables, MadtEntryRunningPastTheTableIsRejected) {
    StandardTables tables;
    // The last override claims 20 bytes where 10 remain.
    tables.memory.put8(StandardTables::kMadt + tables.madt_length - 10 + 1, 20);
    tables.refresh_madt_checksum();
    MadtInfo madt;
    EXPECT_STREQ(parse(tables, madt), "a MADT entry has a bad length");
}

TEST(AcpiTables, ZeroLengthMadtEntryIsRejectedInsteadOfLooping) {
    StandardTables tables;
    tables.memory.put8(StandardTables::kMadt + 44 + 1, 0);
    tables.refresh_madt_checksum();
    MadtInfo madt;
    EXPECT_STREQ(parse(tables, madt), "a MADT entry has a bad length");
}

TEST(AcpiTables, ShortIoApicEntryIsRejected) {
    StandardTables tables;
    // Turn the local APIC entry (8 bytes) into an I/O APIC entry, which needs 12.
    tables.memory.put8(StandardTables::kMadt + 44, 1);
    tables.refresh_madt_checksum();
    MadtInfo madt;
    EXPECT_STREQ(parse(tables, madt), "a MADT I/O APIC entry is too short");
}

TEST(AcpiTables, MadtWithoutIoApicIsReported) {
    StandardTables tables;
    // Turn the I/O APIC entry into an unknown type the parser skips.
    tables.memory.put8(StandardTables::kMadt + 44 + 8, 0x7f);
    tables.refresh_madt_checksum();
    MadtInfo madt;
    EXPECT_STREQ(parse(tables, madt), "the MADT lists no I/O APIC");
}

TEST(AcpiTables, RootWithoutMadtIsReported) {
    StandardTables tables;
    tables.memory.put_text(StandardTables::kMadt, "APIX");
    MadtInfo madt;
    EXPECT_STREQ(parse(tables, madt), "there is no MADT");
}
