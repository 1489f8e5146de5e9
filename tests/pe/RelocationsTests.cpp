#include <gtest/gtest.h>

#include <cstring>

#include "pe/Image.h"
#include "pe/Mapper.h"
#include "pe/Relocations.h"
#include "tests/pe/PeBuilder.h"
#include "tests/pe/TestHelpers.h"

using namespace halcyon;
using namespace halcyon::pe;
using namespace halcyon::pe::test;

namespace {

constexpr u64 kPreferredBase = 0x140000000ull;
constexpr u32 kDataRva = 0x1000;

/// An image whose .data section (at 0x1000) holds values at known offsets and whose .reloc
/// section holds `entries` for the .data page.
std::vector<u8> mapped_image_with_relocations(const std::vector<u16>& entries, std::vector<u8> data,
                                              bool stripped = false) {
    PeBuilder builder;
    if (stripped)
        builder.characteristics |= file_characteristics::RelocsStripped;
    builder.add_section(".data", kReadWriteData, std::move(data));
    if (!entries.empty())
        add_relocation_section(builder, relocation_block(kDataRva, entries));
    auto const file = builder.build();
    auto image = Image::parse(view(file)).release_value();
    std::vector<u8> memory(image.size_of_image(), 0);
    EXPECT_TRUE(succeeds(map_into(image, mutable_view(memory))));
    return memory;
}

u64 mapped_image_base(const std::vector<u8>& memory) {
    return Image::parse_mapped(view(memory)).release_value().image_base();
}

} // namespace

TEST(PeRelocations, AppliesDir64AndHighLowAndUpdatesImageBase) {
    std::vector<u8> data(0x40, 0);
    write_u64(data, 0x00, kPreferredBase + 0x1234);
    write_u32(data, 0x10, 0x40001000);
    auto memory = mapped_image_with_relocations(
        {relocation_entry(relocation_type::Dir64, 0x00), relocation_entry(relocation_type::HighLow, 0x10)}, data);
    u64 const new_base = 0x7FF612340000ull;
    ASSERT_TRUE(succeeds(apply_relocations(mutable_view(memory), new_base)));
    EXPECT_EQ(read_u64(memory, kDataRva + 0x00), new_base + 0x1234);
    EXPECT_EQ(read_u32(memory, kDataRva + 0x10), static_cast<u32>(0x40001000 + (new_base - kPreferredBase)));
    EXPECT_EQ(mapped_image_base(memory), new_base);
}

TEST(PeRelocations, RelocatingBackRestoresTheOriginalBytes) {
    std::vector<u8> data(0x40, 0);
    write_u64(data, 0x08, kPreferredBase + 0x10);
    auto memory = mapped_image_with_relocations({relocation_entry(relocation_type::Dir64, 0x08)}, data);
    auto const original = memory;
    ASSERT_TRUE(succeeds(apply_relocations(mutable_view(memory), 0x10000)));
    EXPECT_EQ(read_u64(memory, kDataRva + 0x08), 0x10000u + 0x10);
    ASSERT_TRUE(succeeds(apply_relocations(mutable_view(memory), kPreferredBase)));
    EXPECT_EQ(memory, original);
}

TEST(PeRelocations, AppliesHighLowAndHighAdjHalves) {
    std::vector<u8> data(0x40, 0);
    write_u16(data, 0x00, 0x1111);   // HIGH
    write_u16(data, 0x02, 0x2222);   // LOW
    write_u16(data, 0x04, 0x4000);   // HIGHADJ high half; value 0x4000'0000 + (i16)0x9000
    auto memory = mapped_image_with_relocations({relocation_entry(relocation_type::High, 0x00),
                                                 relocation_entry(relocation_type::Low, 0x02),
                                                 relocation_entry(relocation_type::HighAdj, 0x04), 0x9000},
                                                data);
    u64 const new_base = kPreferredBase + 0x12345678ull * 0x1000;
    u64 const delta = new_base - kPreferredBase;
    ASSERT_TRUE(succeeds(apply_relocations(mutable_view(memory), new_base)));
    u16 high, low, adjusted;
    std::memcpy(&high, memory.data() + kDataRva, 2);
    std::memcpy(&low, memory.data() + kDataRva + 2, 2);
    std::memcpy(&adjusted, memory.data() + kDataRva + 4, 2);
    EXPECT_EQ(high, static_cast<u16>(0x1111 + (delta >> 16)));
    EXPECT_EQ(low, static_cast<u16>(0x2222 + delta));
    u32 const full = 0x40000000u + static_cast<u32>(static_cast<i32>(static_cast<i16>(0x9000)));
    EXPECT_EQ(adjusted, static_cast<u16>((full + static_cast<u32>(delta) + 0x8000) >> 16));
}

TEST(PeRelocations, IsANoOpAtThePreferredBase) {
    auto memory = mapped_image_with_relocations({relocation_entry(7, 0)}, std::vector<u8>(16, 0));
    auto const original = memory;
    // The unknown type would be an error, but nothing is walked when the base does not change.
    ASSERT_TRUE(succeeds(apply_relocations(mutable_view(memory), kPreferredBase)));
    EXPECT_EQ(memory, original);
}

TEST(PeRelocations, RejectsUnknownTypeWithoutTouchingTheImage) {
    std::vector<u8> data(0x40, 0);
    write_u64(data, 0, kPreferredBase);
    auto memory = mapped_image_with_relocations(
        {relocation_entry(relocation_type::Dir64, 0), relocation_entry(5, 0x10)}, data);
    auto const original = memory;
    EXPECT_TRUE(fails_with(apply_relocations(mutable_view(memory), 0x10000), status::InvalidImageFormat,
                           "unsupported base relocation type"));
    EXPECT_EQ(memory, original);
}

TEST(PeRelocations, FailsWhenRelocationsAreStrippedAndTheBaseDiffers) {
    auto memory = mapped_image_with_relocations({}, std::vector<u8>(16, 0), true);
    EXPECT_TRUE(fails_with(apply_relocations(mutable_view(memory), 0x10000), status::ConflictingAddresses,
                           "image has no relocations (stripped) and cannot be loaded at a different base"));
    EXPECT_TRUE(succeeds(apply_relocations(mutable_view(memory), kPreferredBase)));
}

TEST(PeRelocations, RejectsTargetOutsideImage) {
    PeBuilder builder;
    builder.add_section(".data", kReadWriteData, std::vector<u8>(16, 0));
    // Block for the .reloc page itself, whose last entry reaches past SizeOfImage.
    u32 const reloc_rva = builder.next_rva();
    add_relocation_section(builder, relocation_block(reloc_rva, {relocation_entry(relocation_type::Dir64, 0xFFC)}));
    auto const file = builder.build();
    auto image = Image::parse(view(file)).release_value();
    std::vector<u8> memory(image.size_of_image(), 0);
    ASSERT_TRUE(succeeds(map_into(image, mutable_view(memory))));
    EXPECT_TRUE(fails_with(apply_relocations(mutable_view(memory), 0x10000), status::InvalidImageFormat,
                           "base relocation target outside image"));
}

TEST(PeRelocations, RejectsBlockLargerThanDirectory) {
    auto block = relocation_block(kDataRva, {relocation_entry(relocation_type::Dir64, 0)});
    write_u32(block, 4, 0x100);
    PeBuilder builder;
    builder.add_section(".data", kReadWriteData, std::vector<u8>(16, 0));
    add_relocation_section(builder, block);
    auto const file = builder.build();
    auto image = Image::parse(view(file)).release_value();
    EXPECT_TRUE(fails_with(for_each_relocation(image, [](const Relocation&) -> ErrorOr<void> { return {}; }),
                           status::InvalidImageFormat, "base relocation block extends past the relocation directory"));
}

TEST(PeRelocations, RejectsHighAdjWithoutItsSecondEntry) {
    std::vector<u8> data(0x40, 0);
    auto memory = mapped_image_with_relocations(
        {relocation_entry(relocation_type::Absolute, 0), relocation_entry(relocation_type::HighAdj, 0)}, data);
    EXPECT_TRUE(fails_with(apply_relocations(mutable_view(memory), 0x10000), status::InvalidImageFormat,
                           "HIGHADJ base relocation is missing its second entry"));
}

TEST(PeRelocations, WalksRelocationsOfAFileImage) {
    auto const file = build_sample_image();
    auto image = Image::parse(view(file)).release_value();
    u32 count = 0;
    ASSERT_TRUE(succeeds(for_each_relocation(image, [&](const Relocation& relocation) -> ErrorOr<void> {
        EXPECT_EQ(relocation.type, relocation_type::Dir64);
        ++count;
        return {};
    })));
    EXPECT_EQ(count, 5u);
}

TEST(PeRelocations, RejectsNewBaseThatIsNotPageAligned) {
    auto memory = mapped_image_with_relocations({relocation_entry(relocation_type::Dir64, 0)}, std::vector<u8>(16, 0));
    EXPECT_TRUE(fails_with(apply_relocations(mutable_view(memory), 0x10000123), status::InvalidParameter,
                           "new image base is not page aligned"));
}
