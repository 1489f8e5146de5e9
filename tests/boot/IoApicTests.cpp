#include <gtest/gtest.h>

#include <map>
#include <vector>

#include "drivers/ioapic/IoApic.h"

using namespace halcyon::drivers::ioapic;

namespace {

// A model of the chip's two-register window: IOREGSEL picks the register IOWIN reads or writes.
struct FakeIoApic {
    uint32_t select = 0;
    std::map<uint8_t, uint32_t> registers;
    std::vector<std::pair<uint8_t, uint32_t>> writes; // (register, value) through the window

    uint32_t read32(uint32_t offset) {
        return offset == kRegisterWindow ? registers[uint8_t(select)] : select;
    }
    void write32(uint32_t offset, uint32_t value) {
        if (offset == kRegisterSelect) {
            select = value;
        } else {
            registers[uint8_t(select)] = value;
            writes.emplace_back(uint8_t(select), value);
        }
    }
};

} // namespace

TEST(IoApic, RedirectionEntryFieldsLandInTheirDatasheetBits) {
    auto entry = RedirectionEntry()
                     .set_vector(0x24)
                     .set_delivery_mode(RedirectionEntry::DeliveryMode::Fixed)
                     .set_active_low(true)
                     .set_level_triggered(true)
                     .set_destination(3)
                     .set_masked(false);
    EXPECT_EQ(entry.value(), 0x24ull | 1ull << 13 | 1ull << 15 | 3ull << 56);
    EXPECT_EQ(entry.vector(), 0x24);
    EXPECT_TRUE(entry.active_low());
    EXPECT_TRUE(entry.level_triggered());
    EXPECT_FALSE(entry.masked());
    EXPECT_EQ(entry.destination(), 3);
    EXPECT_EQ(entry.high(), 3u << 24);
}

TEST(IoApic, NewRedirectionEntryIsMasked) {
    EXPECT_TRUE(RedirectionEntry().masked());
}

TEST(IoApic, VersionRegisterCountsRedirectionEntries) {
    VersionRegister version(0x00170020);
    EXPECT_EQ(version.version(), 0x20);
    EXPECT_EQ(version.redirection_entries(), 24u);
}

TEST(IoApic, SetEntryWritesMaskedLowThenHighThenUnmasks) {
    FakeIoApic fake;
    IoApic<FakeIoApic> chip(fake);
    auto entry = RedirectionEntry().set_vector(0x24).set_destination(1).set_masked(false);
    chip.set_entry(4, entry);
    ASSERT_EQ(fake.writes.size(), 3u);
    EXPECT_EQ(fake.writes[0].first, 0x18); // IOREDTBL4 low
    EXPECT_TRUE(fake.writes[0].second & (1u << 16));
    EXPECT_EQ(fake.writes[1].first, 0x19);
    EXPECT_EQ(fake.writes[1].second, 1u << 24);
    EXPECT_EQ(fake.writes[2].first, 0x18);
    EXPECT_EQ(fake.writes[2].second, 0x24u);
    EXPECT_EQ(chip.entry(4).value(), entry.value());
}

TEST(IoApic, MaskAllMasksEveryPinTheVersionRegisterReports) {
    FakeIoApic fake;
    fake.registers[kVersionRegister] = 0x00070011; // 8 entries
    IoApic<FakeIoApic> chip(fake);
    chip.mask_all();
    for (uint32_t pin = 0; pin < 8; ++pin)
        EXPECT_TRUE(chip.entry(pin).masked()) << pin;
    EXPECT_EQ(fake.registers.count(0x10 + 2 * 8), 0u); // nothing past the table
}
