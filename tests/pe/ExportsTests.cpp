#include <gtest/gtest.h>

#include <cstring>
#include <map>
#include <memory>

#include "pe/Exports.h"
#include "pe/Image.h"
#include "pe/Mapper.h"
#include "tests/pe/PeBuilder.h"
#include "tests/pe/TestHelpers.h"

using namespace halcyon;
using namespace halcyon::pe;
using namespace halcyon::pe::test;

namespace {

struct Fixture {
    std::vector<u8> file;
    Image image;
    ExportTable table;
};

constexpr u32 kTarget = 0x1000;

std::unique_ptr<Fixture> make(std::vector<ExportSpec> exports, u32 base = 1) {
    auto fixture = std::make_unique<Fixture>();
    PeBuilder builder;
    builder.add_section(".text", kCode, std::vector<u8>(0x100, 0xC3));
    add_export_section(builder, "test.dll", base, exports);
    fixture->file = builder.build();
    fixture->image = Image::parse(view(fixture->file)).release_value();
    auto table = ExportTable::open(fixture->image);
    EXPECT_TRUE(succeeds(table));
    fixture->table = table.release_value();
    return fixture;
}

} // namespace

TEST(PeExports, FindsExportsByNameWithBinarySearch) {
    std::vector<ExportSpec> exports;
    for (char c = 'z'; c >= 'a'; --c)
        exports.push_back({std::string("Func_") + c, 0, kTarget + static_cast<u32>(c), ""});
    auto f = make(exports);
    EXPECT_EQ(str(f->table.dll_name()), "test.dll");
    EXPECT_EQ(f->table.name_count(), 26u);
    for (char c = 'a'; c <= 'z'; ++c) {
        auto target = f->table.find_by_name(StringView((std::string("Func_") + c).c_str()));
        ASSERT_TRUE(succeeds(target)) << c;
        EXPECT_EQ(target.value().rva, kTarget + static_cast<u32>(c));
        EXPECT_FALSE(target.value().is_forwarder());
    }
    EXPECT_TRUE(fails_with(f->table.find_by_name("Func_"), status::EntrypointNotFound, "export not found by name"));
    EXPECT_TRUE(fails_with(f->table.find_by_name("Func_zz"), status::EntrypointNotFound, "export not found by name"));
    EXPECT_TRUE(fails_with(f->table.find_by_name("A"), status::EntrypointNotFound, "export not found by name"));
}

TEST(PeExports, UsesTheHintWhenItMatchesAndIgnoresAWrongOne) {
    auto f = make({{"Alpha", 0, kTarget, ""}, {"Beta", 0, kTarget + 4, ""}, {"Gamma", 0, kTarget + 8, ""}});
    EXPECT_EQ(str(f->table.name_at(1).value()), "Beta");
    EXPECT_EQ(f->table.find_by_name("Beta", 1).value().rva, kTarget + 4);
    EXPECT_EQ(f->table.find_by_name("Beta", 2).value().rva, kTarget + 4);
    EXPECT_EQ(f->table.find_by_name("Beta", 99).value().rva, kTarget + 4);
}

TEST(PeExports, FindsExportsByBiasedOrdinal) {
    auto f = make({{"A", 10, kTarget, ""}, {"", 12, kTarget + 0x20, ""}}, 10);
    EXPECT_EQ(f->table.ordinal_base(), 10u);
    EXPECT_EQ(f->table.function_count(), 3u);
    auto a = f->table.find_by_ordinal(10);
    ASSERT_TRUE(succeeds(a));
    EXPECT_EQ(a.value().rva, kTarget);
    EXPECT_EQ(a.value().ordinal, 10u);
    EXPECT_EQ(f->table.find_by_ordinal(12).value().rva, kTarget + 0x20);
    EXPECT_TRUE(fails_with(f->table.find_by_ordinal(11), status::OrdinalNotFound, "export ordinal not found (empty slot)"));
    EXPECT_TRUE(fails_with(f->table.find_by_ordinal(9), status::OrdinalNotFound, "export ordinal not found"));
    EXPECT_TRUE(fails_with(f->table.find_by_ordinal(13), status::OrdinalNotFound, "export ordinal not found"));
    EXPECT_EQ(f->table.find_by_name("A").value().ordinal, 10u);
}

TEST(PeExports, DetectsForwardersByNameAndByOrdinal) {
    auto f = make({{"Heap", 0, 0, "NTDLL.RtlAllocateHeap"}, {"Twelve", 0, 0, "KERNELBASE.#12"}});
    auto heap = f->table.find_by_name("Heap");
    ASSERT_TRUE(succeeds(heap));
    ASSERT_TRUE(heap.value().is_forwarder());
    EXPECT_EQ(heap.value().rva, 0u);
    EXPECT_EQ(str(heap.value().forwarder), "NTDLL.RtlAllocateHeap");
    auto parsed = parse_forwarder(heap.value().forwarder);
    ASSERT_TRUE(succeeds(parsed));
    EXPECT_EQ(str(parsed.value().module), "NTDLL");
    EXPECT_FALSE(parsed.value().by_ordinal);
    EXPECT_EQ(str(parsed.value().function), "RtlAllocateHeap");

    auto twelve = f->table.find_by_ordinal(2);
    ASSERT_TRUE(succeeds(twelve));
    EXPECT_EQ(str(twelve.value().forwarder), "KERNELBASE.#12");
    auto by_ordinal = parse_forwarder(twelve.value().forwarder);
    ASSERT_TRUE(succeeds(by_ordinal));
    EXPECT_TRUE(by_ordinal.value().by_ordinal);
    EXPECT_EQ(by_ordinal.value().ordinal, 12);
}

TEST(PeExports, ParsesForwarderAtTheLastDotAndRejectsMalformedOnes) {
    auto parsed = parse_forwarder("api-ms-win-core-synch-l1-2-0.SleepConditionVariableCS");
    ASSERT_TRUE(succeeds(parsed));
    EXPECT_EQ(str(parsed.value().module), "api-ms-win-core-synch-l1-2-0");
    EXPECT_EQ(str(parsed.value().function), "SleepConditionVariableCS");
    EXPECT_TRUE(fails_with(parse_forwarder("NoDot"), status::InvalidImageFormat,
                           "export forwarder is not of the form DLL.Function"));
    EXPECT_TRUE(fails_with(parse_forwarder(".Func"), status::InvalidImageFormat,
                           "export forwarder is not of the form DLL.Function"));
    EXPECT_TRUE(fails_with(parse_forwarder("DLL."), status::InvalidImageFormat,
                           "export forwarder is not of the form DLL.Function"));
    EXPECT_TRUE(fails_with(parse_forwarder("DLL.#1x"), status::InvalidImageFormat, "export forwarder ordinal is malformed"));
    EXPECT_TRUE(fails_with(parse_forwarder("DLL.#70000"), status::InvalidImageFormat,
                           "export forwarder ordinal is out of range"));
}

TEST(PeExports, EnumeratesEveryExportAndEveryName) {
    auto f = make({{"B", 0, kTarget, ""}, {"A", 0, 0, "X.Y"}, {"", 5, kTarget + 1, ""}});
    std::map<u32, std::string> by_ordinal;
    ASSERT_TRUE(succeeds(f->table.for_each_export([&](const ExportTarget& target) -> ErrorOr<void> {
        by_ordinal[target.ordinal] = target.is_forwarder() ? str(target.forwarder) : std::to_string(target.rva);
        return {};
    })));
    ASSERT_EQ(by_ordinal.size(), 3u);
    EXPECT_EQ(by_ordinal[1], std::to_string(kTarget));
    EXPECT_EQ(by_ordinal[2], "X.Y");
    EXPECT_EQ(by_ordinal[5], std::to_string(kTarget + 1));

    std::vector<std::string> names;
    ASSERT_TRUE(succeeds(f->table.for_each_named_export([&](const NamedExport& entry) -> ErrorOr<void> {
        names.push_back(str(entry.name));
        EXPECT_EQ(entry.name_index, names.size() - 1);
        return {};
    })));
    EXPECT_EQ(names, (std::vector<std::string>{"A", "B"}));
}

TEST(PeExports, WorksOnAMappedView) {
    auto const file = build_sample_image();
    auto image = Image::parse(view(file)).release_value();
    std::vector<u8> memory(image.size_of_image(), 0);
    ASSERT_TRUE(succeeds(map_into(image, mutable_view(memory))));
    auto mapped = Image::parse_mapped(view(memory)).release_value();
    auto table = ExportTable::open(mapped).release_value();
    EXPECT_EQ(str(table.dll_name()), "sample.dll");
    EXPECT_EQ(str(table.find_by_name("Forwarded").value().forwarder), "NTDLL.RtlAllocateHeap");
    EXPECT_EQ(table.find_by_name("Alpha").value().rva, image.entry_rva());
    EXPECT_EQ(table.find_by_ordinal(7).value().rva, image.entry_rva() + 0x20);
}

TEST(PeExports, ImageWithoutExportsHasAnEmptyTable) {
    PeBuilder builder;
    builder.add_section(".text", kCode, std::vector<u8>(16, 0xC3));
    auto const file = builder.build();
    auto image = Image::parse(view(file)).release_value();
    auto table = ExportTable::open(image).release_value();
    EXPECT_TRUE(table.is_empty());
    EXPECT_TRUE(fails_with(table.find_by_name("X"), status::EntrypointNotFound, "export not found by name"));
    EXPECT_TRUE(fails_with(table.find_by_ordinal(1), status::OrdinalNotFound, "export ordinal not found"));
}

TEST(PeExports, RejectsNameOrdinalOutsideAddressTable) {
    PeBuilder builder;
    builder.add_section(".text", kCode, std::vector<u8>(16, 0xC3));
    usize const index = add_export_section(builder, "t.dll", 1, {{"A", 0, 0x1000, ""}});
    auto& data = builder.section(index).data;
    ExportDirectory directory;
    std::memcpy(&directory, data.data(), sizeof(directory));
    write_u16(data, directory.address_of_name_ordinals - builder.section(index).rva, 5);
    auto const file = builder.build();
    auto image = Image::parse(view(file)).release_value();
    auto table = ExportTable::open(image).release_value();
    EXPECT_TRUE(fails_with(table.find_by_name("A"), status::InvalidImageFormat,
                           "export name ordinal outside export address table"));
}

TEST(PeExports, RejectsAddressTableOutsideImage) {
    PeBuilder builder;
    builder.add_section(".text", kCode, std::vector<u8>(16, 0xC3));
    usize const index = add_export_section(builder, "t.dll", 1, {{"A", 0, 0x1000, ""}});
    write_u32(builder.section(index).data, 20, 0x8000); // number_of_functions
    auto const file = builder.build();
    auto image = Image::parse(view(file)).release_value();
    EXPECT_TRUE(fails_with(ExportTable::open(image), status::InvalidImageFormat, "export address table outside image data"));
}

TEST(PeExports, NameEntriesNameTheirSlotAndTargetsResolveBySlot) {
    auto f = make({{"B", 0, kTarget, ""}, {"A", 0, 0, "X.Y"}, {"", 5, kTarget + 1, ""}});
    ASSERT_EQ(f->table.name_count(), 2u);
    // Names are sorted; "A" was the second export (slot 1), "B" the first (slot 0).
    auto a = f->table.name_entry(0);
    ASSERT_TRUE(succeeds(a));
    EXPECT_EQ(str(a.value().name), "A");
    EXPECT_EQ(a.value().function_index, 1u);
    EXPECT_EQ(f->table.name_entry(1).value().function_index, 0u);
    EXPECT_EQ(str(f->table.target_at(1).value().forwarder), "X.Y");
    EXPECT_EQ(f->table.target_at(4).value().rva, kTarget + 1);
    EXPECT_EQ(f->table.target_at(4).value().ordinal, 5u);
    // Slots 2 and 3 (ordinals 3 and 4) are empty.
    EXPECT_TRUE(f->table.is_empty_slot(2));
    EXPECT_FALSE(f->table.is_empty_slot(4));
    EXPECT_TRUE(fails_with(f->table.target_at(2), PeError::ExportOrdinalEmptySlot));
    EXPECT_TRUE(fails_with(f->table.target_at(5), PeError::ExportOrdinalNotFound));
}

TEST(PeExports, NameEntryRejectsOrdinalsOutsideTheTableAndEmptySlots) {
    PeBuilder builder;
    builder.add_section(".text", kCode, std::vector<u8>(16, 0xC3));
    usize const index = add_export_section(builder, "t.dll", 1, {{"A", 0, 0x1000, ""}, {"", 3, 0x1001, ""}});
    auto& data = builder.section(index).data;
    ExportDirectory directory;
    std::memcpy(&directory, data.data(), sizeof(directory));
    u32 const ordinals = directory.address_of_name_ordinals - builder.section(index).rva;
    auto const parse_and_open = [&](const std::vector<u8>& file) {
        auto image = Image::parse(view(file)).release_value();
        return ExportTable::open(image).release_value();
    };
    write_u16(data, ordinals, 7);
    auto file = builder.build();
    EXPECT_TRUE(fails_with(parse_and_open(file).name_entry(0), PeError::ExportNameOrdinalOutOfRange));
    write_u16(data, ordinals, 1); // Slot 1 (ordinal 2) is empty.
    file = builder.build();
    EXPECT_TRUE(fails_with(parse_and_open(file).name_entry(0), PeError::ExportOrdinalEmptySlot));
}
