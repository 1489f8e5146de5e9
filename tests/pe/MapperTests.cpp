#include <gtest/gtest.h>

#include "pe/Image.h"
#include "pe/Mapper.h"
#include "tests/pe/PeBuilder.h"
#include "tests/pe/TestHelpers.h"

using namespace halcyon;
using namespace halcyon::pe;
using namespace halcyon::pe::test;

TEST(PeMapper, PlansHeadersAndSectionsWithProtections) {
    PeBuilder builder;
    builder.add_section(".text", kCode, std::vector<u8>(0x1234, 0xC3));
    builder.add_section(".rdata", kReadOnlyData, std::vector<u8>(0x10, 2));
    builder.add_section(".bss", kReadWriteData | section_characteristics::ContainsUninitializedData, {}, 0x2345);
    auto const file = builder.build();
    auto image = Image::parse(view(file)).release_value();
    MappingPlan const plan(image);
    EXPECT_FALSE(plan.is_single_region());
    ASSERT_EQ(plan.region_count(), 4u);

    MapRegion const headers = plan.region(0);
    EXPECT_EQ(headers.rva, 0u);
    EXPECT_EQ(headers.virtual_size, 0x1000u);
    EXPECT_EQ(headers.raw_size, image.size_of_headers());
    EXPECT_EQ(headers.protection, protection::Read);
    EXPECT_EQ(headers.section_index, -1);

    MapRegion const text = plan.region(1);
    EXPECT_EQ(text.rva, 0x1000u);
    EXPECT_EQ(text.virtual_size, 0x2000u); // 0x1234 rounded to pages.
    EXPECT_EQ(text.raw_size, 0x1234u);     // Raw data is 0x1400 (file-aligned); the padding is not mapped.
    EXPECT_EQ(text.source_offset, image.sections()[0].pointer_to_raw_data);
    EXPECT_EQ(text.protection, protection::Read | protection::Execute);

    EXPECT_EQ(plan.region(2).protection, protection::Read);
    MapRegion const bss = plan.region(3);
    EXPECT_EQ(bss.raw_size, 0u);
    EXPECT_EQ(bss.virtual_size, 0x3000u);
    EXPECT_EQ(bss.protection, protection::Read | protection::Write);
    EXPECT_EQ(plan.mapped_size(), image.size_of_image());
}

TEST(PeMapper, CopiesHeadersAndSectionDataToTheirRvas) {
    PeBuilder builder;
    builder.add_section(".text", kCode, std::vector<u8>(0x30, 0xC3));
    builder.add_section(".data", kReadWriteData, {9, 8, 7, 6});
    auto const file = builder.build();
    auto image = Image::parse(view(file)).release_value();
    std::vector<u8> memory(image.size_of_image(), 0);
    ASSERT_TRUE(succeeds(map_into(image, mutable_view(memory))));
    EXPECT_TRUE(std::equal(file.begin(), file.begin() + image.size_of_headers(), memory.begin()));
    EXPECT_EQ(memory[0x1000], 0xC3);
    EXPECT_EQ(memory[0x102F], 0xC3);
    EXPECT_EQ(memory[0x1030], 0); // Past the virtual size: zero, not file padding.
    EXPECT_EQ(memory[0x2000], 9);
    EXPECT_EQ(memory[0x2003], 6);
    EXPECT_EQ(memory[0x2004], 0);
}

TEST(PeMapper, RejectsDestinationSmallerThanSizeOfImage) {
    PeBuilder builder;
    builder.add_section(".text", kCode, std::vector<u8>(0x30, 0xC3));
    auto const file = builder.build();
    auto image = Image::parse(view(file)).release_value();
    std::vector<u8> memory(image.size_of_image() - 1, 0);
    EXPECT_TRUE(fails_with(map_into(image, mutable_view(memory)), status::BufferTooSmall,
                           "mapping destination is smaller than SizeOfImage"));
}

TEST(PeMapper, MapsLowAlignmentImageAsOneWritableExecutableRegion) {
    PeBuilder builder;
    builder.section_alignment = 0x200;
    builder.file_alignment = 0x200;
    builder.add_section(".text", kCode, std::vector<u8>(0x20, 0xC3));
    builder.add_section(".data", kReadWriteData, std::vector<u8>(0x30, 5));
    auto const file = builder.build();
    auto image = Image::parse(view(file)).release_value();
    MappingPlan const plan(image);
    ASSERT_TRUE(plan.is_single_region());
    ASSERT_EQ(plan.region_count(), 1u);
    MapRegion const region = plan.region(0);
    EXPECT_EQ(region.rva, 0u);
    EXPECT_EQ(region.virtual_size, 0x1000u);
    EXPECT_EQ(region.protection, protection::Read | protection::Write | protection::Execute);

    std::vector<u8> memory(image.size_of_image(), 0);
    ASSERT_TRUE(succeeds(map_into(image, mutable_view(memory))));
    EXPECT_TRUE(std::equal(file.begin(), file.end(), memory.begin())); // One-to-one.
}

TEST(PeMapper, DerivesProtectionFromSectionFlagsOnly) {
    EXPECT_EQ(protection_for_section(0), protection::None);
    EXPECT_EQ(protection_for_section(section_characteristics::MemWrite), protection::Write);
    EXPECT_EQ(protection_for_section(section_characteristics::ContainsCode), protection::None);
    EXPECT_EQ(protection_for_section(section_characteristics::MemRead | section_characteristics::MemWrite |
                                     section_characteristics::MemExecute),
              protection::Read | protection::Write | protection::Execute);
}
