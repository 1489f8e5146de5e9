#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "pe/Image.h"
#include "pe/Resources.h"
#include "tests/pe/PeBuilder.h"
#include "tests/pe/TestHelpers.h"

using namespace halcyon;
using namespace halcyon::pe;
using namespace halcyon::pe::test;

namespace {

constexpr u16 kEnglish = 0x0409;
constexpr u16 kGerman = 0x0407;

std::vector<u8> bytes_of(const std::string& text) {
    return {text.begin(), text.end()};
}

std::string ascii_of_utf16(ReadonlyBytes utf16) {
    std::string out;
    for (usize i = 0; i + 1 < utf16.size(); i += 2)
        out.push_back(static_cast<char>(utf16[i]));
    return out;
}

std::vector<u8> sample_with_resources() {
    PeBuilder builder;
    usize const text = builder.add_section(".text", kCode, std::vector<u8>(0x20, 0xC3));
    builder.entry_rva = builder.section(text).rva;
    add_resource_section(
        builder, {
                     {resource_type::RcData, "", 1, "", kEnglish, bytes_of("one-en")},
                     {resource_type::RcData, "", 1, "", kGerman, bytes_of("one-de")},
                     {resource_type::RcData, "", 0, "CONFIG", kEnglish, bytes_of("config")},
                     {0, "MYTYPE", 7, "", 0, bytes_of("custom")},
                     {resource_type::String, "", 1, "", kEnglish, string_table_block({"zero", "", "two"})},
                 });
    return builder.build();
}

} // namespace

TEST(PeResources, CountsEveryLeafOfTheTree) {
    auto const file = sample_with_resources();
    auto image = Image::parse(view(file)).release_value();
    auto table = ResourceTable::open(image);
    ASSERT_TRUE(succeeds(table));
    EXPECT_EQ(table.value().leaf_count().value(), 5u);
    std::vector<std::string> seen;
    ASSERT_TRUE(succeeds(table.value().for_each_leaf([&](const ResourceLeaf& leaf) -> ErrorOr<void> {
        std::string type = leaf.type.is_id ? std::to_string(leaf.type.id) : ascii_of_utf16(leaf.type.utf16);
        std::string name = leaf.name.is_id ? std::to_string(leaf.name.id) : ascii_of_utf16(leaf.name.utf16);
        seen.push_back(type + "/" + name + "/" + std::to_string(leaf.language.id));
        return {};
    })));
    // Named entries come before id entries at each level, as linkers sort them.
    EXPECT_EQ(seen, (std::vector<std::string>{"MYTYPE/7/0", "6/1/1033", "10/CONFIG/1033", "10/1/1031",
                                              "10/1/1033"}));
}

TEST(PeResources, FindsByIdByNameCaseInsensitivelyAndByLanguage) {
    auto const file = sample_with_resources();
    auto image = Image::parse(view(file)).release_value();
    ResourceTable const table = ResourceTable::open(image).release_value();

    auto english = table.find(ResourceKey::from_id(resource_type::RcData), ResourceKey::from_id(1), kEnglish);
    ASSERT_TRUE(succeeds(english));
    auto data = table.data(english.value());
    ASSERT_TRUE(succeeds(data));
    EXPECT_EQ(std::string(data.value().data(), data.value().data() + data.value().size()), "one-en");
    auto german = table.find(ResourceKey::from_id(resource_type::RcData), ResourceKey::from_id(1), kGerman);
    EXPECT_EQ(table.data(german.value()).value().size(), 6u);
    EXPECT_EQ(german.value().code_page, 1252u);

    auto named = table.find(ResourceKey::from_id(resource_type::RcData), ResourceKey::from_ascii("config"));
    ASSERT_TRUE(succeeds(named));
    EXPECT_EQ(named.value().size, 6u);
    u8 const utf16_name[] = {'M', 0, 'y', 0, 'T', 0, 'y', 0, 'P', 0, 'e', 0};
    auto custom =
        table.find(ResourceKey::from_utf16({utf16_name, sizeof(utf16_name)}), ResourceKey::from_id(7));
    ASSERT_TRUE(succeeds(custom));

    EXPECT_TRUE(fails_with(table.find(ResourceKey::from_id(resource_type::Icon), ResourceKey::from_id(1)),
                           PeError::ResourceNotFound));
    EXPECT_TRUE(
        fails_with(table.find(ResourceKey::from_id(resource_type::RcData), ResourceKey::from_id(1), 0x0411),
                   PeError::ResourceNotFound));
}

TEST(PeResources, LanguageFallbackTakesTheFirstListedLanguagePresentAndReportsTheMissingLevel) {
    auto const file = sample_with_resources();
    auto image = Image::parse(view(file)).release_value();
    ResourceTable const table = ResourceTable::open(image).release_value();
    auto const rcdata = ResourceKey::from_id(resource_type::RcData);
    ResourceMiss miss = ResourceMiss::None;

    u32 const japanese_then_german[] = {0x0411, kGerman, kEnglish};
    auto german = table.find_first_of_languages(rcdata, ResourceKey::from_id(1), japanese_then_german, miss);
    ASSERT_TRUE(succeeds(german));
    EXPECT_EQ(german.value().language.id, kGerman);
    EXPECT_EQ(miss, ResourceMiss::None);
    EXPECT_TRUE(table.is_data_entry(german.value().data_entry_offset).value());
    EXPECT_FALSE(table.is_data_entry(german.value().data_entry_offset + 1).value());
    auto again = table.data_entry_at(german.value().data_entry_offset);
    ASSERT_TRUE(succeeds(again));
    EXPECT_EQ(again.value().data_rva, german.value().data_rva);
    EXPECT_TRUE(fails_with(table.data_entry_at(german.value().data_entry_offset + 2),
                           PeError::ResourceDataEntryUnreadable));
    EXPECT_TRUE(fails_with(table.data_entry_at(0xFFFFFFF0u), PeError::ResourceDataEntryUnreadable));

    u32 const japanese_then_any[] = {0x0411, kAnyLanguage};
    auto any = table.find_first_of_languages(rcdata, ResourceKey::from_id(1), japanese_then_any, miss);
    ASSERT_TRUE(succeeds(any));

    u32 const japanese[] = {0x0411};
    EXPECT_TRUE(fails_with(table.find_first_of_languages(rcdata, ResourceKey::from_id(1), japanese, miss),
                           PeError::ResourceNotFound));
    EXPECT_EQ(miss, ResourceMiss::Language);
    EXPECT_TRUE(fails_with(table.find_first_of_languages(rcdata, ResourceKey::from_id(99), japanese, miss),
                           PeError::ResourceNotFound));
    EXPECT_EQ(miss, ResourceMiss::Name);
    EXPECT_TRUE(fails_with(table.find_first_of_languages(ResourceKey::from_id(resource_type::Icon),
                                                         ResourceKey::from_id(1), japanese, miss),
                           PeError::ResourceNotFound));
    EXPECT_EQ(miss, ResourceMiss::Type);
}

TEST(PeResources, LoadsStringsFromStringTableBlocks) {
    auto const file = sample_with_resources();
    auto image = Image::parse(view(file)).release_value();
    ResourceTable const table = ResourceTable::open(image).release_value();
    EXPECT_EQ(ascii_of_utf16(table.find_string(0).value()), "zero");
    EXPECT_EQ(ascii_of_utf16(table.find_string(2).value()), "two");
    EXPECT_TRUE(fails_with(table.find_string(1), PeError::ResourceStringNotFound));  // Empty entry.
    EXPECT_TRUE(fails_with(table.find_string(16), PeError::ResourceStringNotFound)); // No block 2.
}

TEST(PeResources, ImageWithoutResourcesHasAnEmptyTable) {
    PeBuilder builder;
    builder.add_section(".text", kCode, std::vector<u8>(0x20, 0xC3));
    auto const file = builder.build();
    auto image = Image::parse(view(file)).release_value();
    auto table = ResourceTable::open(image);
    ASSERT_TRUE(succeeds(table));
    EXPECT_TRUE(table.value().is_empty());
    EXPECT_EQ(table.value().leaf_count().value(), 0u);
}

namespace {

/// A .rsrc section from raw bytes, for hostile trees.
std::vector<u8> image_with_raw_resources(const std::vector<u8>& rsrc, u32* base_out = nullptr) {
    PeBuilder builder;
    builder.add_section(".text", kCode, std::vector<u8>(0x20, 0xC3));
    u32 const base = builder.next_rva();
    builder.add_section(".rsrc", kReadOnlyData, rsrc);
    builder.set_directory(directory::Resource, base, static_cast<u32>(rsrc.size()));
    if (base_out)
        *base_out = base;
    return builder.build();
}

void put_table(std::vector<u8>& bytes, u32 offset, u16 named, u16 ids) {
    write_u16(bytes, offset + 12, named);
    write_u16(bytes, offset + 14, ids);
}

void put_entry(std::vector<u8>& bytes, u32 table, u32 index, u32 name, u32 target) {
    write_u32(bytes, table + 16 + index * 8, name);
    write_u32(bytes, table + 16 + index * 8 + 4, target);
}

ErrorOr<u32> count_leaves(const std::vector<u8>& file) {
    Image const image = TRY(Image::parse(view(file)));
    ResourceTable const table = TRY(ResourceTable::open(image));
    return table.leaf_count();
}

} // namespace

TEST(PeResources, RejectsATreeThatLoopsBackToItsRoot) {
    std::vector<u8> rsrc(0x100, 0);
    put_table(rsrc, 0, 0, 1);
    put_entry(rsrc, 0, 0, 1, kResourceHighBit | 0); // The root's only entry is the root itself.
    EXPECT_TRUE(fails_with(count_leaves(image_with_raw_resources(rsrc)), PeError::ResourceTreeTooDeep));
}

TEST(PeResources, RejectsADataEntryAtTheTypeLevel) {
    std::vector<u8> rsrc(0x100, 0);
    put_table(rsrc, 0, 0, 1);
    put_entry(rsrc, 0, 0, 1, 0x40);
    EXPECT_TRUE(
        fails_with(count_leaves(image_with_raw_resources(rsrc)), PeError::ResourceLeafAboveLanguageLevel));
}

TEST(PeResources, RejectsEntriesAndNamesOutsideTheResourceData) {
    std::vector<u8> rsrc(0x200, 0);
    put_table(rsrc, 0, 0, 0xFFFF); // 65535 entries cannot fit.
    EXPECT_TRUE(fails_with(count_leaves(image_with_raw_resources(rsrc)), PeError::ResourceEntriesUnreadable));

    std::vector<u8> named(0x200, 0);
    put_table(named, 0, 1, 0);
    put_entry(named, 0, 0, kResourceHighBit | 0x7FFFFFF0, kResourceHighBit | 0x40);
    EXPECT_TRUE(fails_with(count_leaves(image_with_raw_resources(named)), PeError::ResourceNameUnreadable));
}

TEST(PeResources, RejectsDataOutsideTheImage) {
    std::vector<u8> rsrc(0x200, 0);
    put_table(rsrc, 0, 0, 1);
    put_entry(rsrc, 0, 0, 1, kResourceHighBit | 0x20);
    put_table(rsrc, 0x20, 0, 1);
    put_entry(rsrc, 0x20, 0, 1, kResourceHighBit | 0x40);
    put_table(rsrc, 0x40, 0, 1);
    put_entry(rsrc, 0x40, 0, 0x409, 0x60);
    write_u32(rsrc, 0x60, 0x7FFFFFF0); // Data RVA
    write_u32(rsrc, 0x64, 0x100);
    EXPECT_TRUE(fails_with(count_leaves(image_with_raw_resources(rsrc)), PeError::ResourceDataOutsideImage));
}

TEST(PeResources, BoundsTheWorkOfSharedSubtrees) {
    // Three levels of 600 entries, each level's entries all pointing at the same next table:
    // 600^3 leaves from 15 KiB of tables. The walk must stop at its entry budget.
    constexpr u32 kEntries = 600;
    constexpr u32 kTableSize = 16 + kEntries * 8;
    std::vector<u8> rsrc(3 * kTableSize + 16, 0);
    for (u32 level = 0; level < 3; ++level) {
        u32 const table = level * kTableSize;
        put_table(rsrc, table, 0, kEntries);
        for (u32 i = 0; i < kEntries; ++i) {
            u32 const target = level < 2 ? (kResourceHighBit | (table + kTableSize)) : 3 * kTableSize;
            put_entry(rsrc, table, i, i + 1, target);
        }
    }
    EXPECT_TRUE(fails_with(count_leaves(image_with_raw_resources(rsrc)), PeError::ResourceTooManyEntries));
}
