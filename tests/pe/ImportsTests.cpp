#include <gtest/gtest.h>

#include "pe/Image.h"
#include "pe/Imports.h"
#include "pe/Mapper.h"
#include "tests/pe/PeBuilder.h"
#include "tests/pe/TestHelpers.h"

using namespace halcyon;
using namespace halcyon::pe;
using namespace halcyon::pe::test;

namespace {

struct Seen {
    std::string dll;
    std::string name;
    bool by_ordinal;
    u16 ordinal;
    u16 hint;
    u32 slot;
};

std::vector<Seen> collect(const Image& image, bool delay = false) {
    std::vector<Seen> seen;
    auto visit_module = [&](const ImportModule& module) -> ErrorOr<void> {
        EXPECT_EQ(module.is_delay_load, delay);
        return for_each_imported_function(image, module, [&](const ImportedFunction& function) -> ErrorOr<void> {
            seen.push_back({str(module.dll_name), str(function.name), function.by_ordinal, function.ordinal,
                            function.hint, function.address_slot_rva});
            return {};
        });
    };
    auto result = delay ? for_each_delay_import_module(image, visit_module) : for_each_import_module(image, visit_module);
    EXPECT_TRUE(succeeds(result));
    return seen;
}

std::vector<u8> map(const std::vector<u8>& file) {
    auto image = Image::parse(view(file)).release_value();
    std::vector<u8> memory(image.size_of_image(), 0);
    EXPECT_TRUE(succeeds(map_into(image, mutable_view(memory))));
    return memory;
}

} // namespace

TEST(PeImports, EnumeratesByNameAndByOrdinalWithIatSlots) {
    PeBuilder builder;
    builder.add_section(".text", kCode, std::vector<u8>(16, 0xC3));
    ImportLayout const layout = add_import_section(
        builder, {{"KERNEL32.dll", {{"GetLastError", 5}, {"", 0, 42}}}, {"msvcrt.dll", {{"printf", 0}}}});
    auto const file = builder.build();
    auto image = Image::parse(view(file)).release_value();
    auto const seen = collect(image);
    ASSERT_EQ(seen.size(), 3u);
    EXPECT_EQ(seen[0].dll, "KERNEL32.dll");
    EXPECT_EQ(seen[0].name, "GetLastError");
    EXPECT_EQ(seen[0].hint, 5);
    EXPECT_FALSE(seen[0].by_ordinal);
    EXPECT_EQ(seen[0].slot, layout.address_table_rvas[0]);
    EXPECT_TRUE(seen[1].by_ordinal);
    EXPECT_EQ(seen[1].ordinal, 42);
    EXPECT_EQ(seen[1].slot, layout.address_table_rvas[0] + 8);
    EXPECT_EQ(seen[2].dll, "msvcrt.dll");
    EXPECT_EQ(seen[2].name, "printf");
    EXPECT_EQ(seen[2].slot, layout.address_table_rvas[1]);
}

TEST(PeImports, GivesTheSameResultOnFileAndMappedView) {
    auto const file = build_sample_image();
    auto const memory = map(file);
    auto file_image = Image::parse(view(file)).release_value();
    auto mapped_image = Image::parse_mapped(view(memory)).release_value();
    auto const from_file = collect(file_image);
    auto const from_memory = collect(mapped_image);
    ASSERT_EQ(from_file.size(), 4u);
    ASSERT_EQ(from_memory.size(), from_file.size());
    for (usize i = 0; i < from_file.size(); ++i) {
        EXPECT_EQ(from_file[i].name, from_memory[i].name);
        EXPECT_EQ(from_file[i].slot, from_memory[i].slot);
    }
}

TEST(PeImports, ReadsNamesFromTheIatWhenThereIsNoLookupTable) {
    PeBuilder builder;
    add_import_section(builder, {{"old.dll", {{"Legacy", 1}}}}, false, false);
    auto const file = builder.build();
    auto image = Image::parse(view(file)).release_value();
    auto const seen = collect(image);
    ASSERT_EQ(seen.size(), 1u);
    EXPECT_EQ(seen[0].name, "Legacy");
}

TEST(PeImports, EnumeratesDelayLoadImports) {
    auto const file = build_sample_image();
    auto image = Image::parse(view(file)).release_value();
    auto const seen = collect(image, true);
    ASSERT_EQ(seen.size(), 1u);
    EXPECT_EQ(seen[0].dll, "USER32.dll");
    EXPECT_EQ(seen[0].name, "MessageBoxA");
}

TEST(PeImports, RejectsDelayLoadDescriptorUsingVas) {
    PeBuilder builder;
    ImportLayout const layout = add_import_section(builder, {{"USER32.dll", {{"MessageBoxA", 0}}}}, true);
    builder.section(layout.section_index).data[0] = 0; // attributes: clear the RVA bit.
    auto const file = builder.build();
    auto image = Image::parse(view(file)).release_value();
    EXPECT_TRUE(fails_with(for_each_delay_import_module(image, [](const ImportModule&) -> ErrorOr<void> { return {}; }),
                           status::InvalidImageFormat, "delay-load descriptor uses VAs instead of RVAs"));
}

TEST(PeImports, RejectsNameRvaOutsideImage) {
    PeBuilder builder;
    ImportLayout const layout = add_import_section(builder, {{"A.dll", {{"F", 0}}}});
    write_u32(builder.section(layout.section_index).data, 12, 0x7FFFFFF0); // descriptor.name_rva
    auto const file = builder.build();
    auto image = Image::parse(view(file)).release_value();
    EXPECT_TRUE(fails_with(for_each_import_module(image, [](const ImportModule&) -> ErrorOr<void> { return {}; }),
                           status::InvalidImageFormat, "import DLL name outside image data"));
}

TEST(PeImports, RejectsOrdinalThunkWithReservedBits) {
    PeBuilder builder;
    ImportLayout const layout = add_import_section(builder, {{"A.dll", {{"", 0, 3}}}});
    auto& data = builder.section(layout.section_index).data;
    u32 const lookup_offset = 2 * sizeof(ImportDescriptor); // One descriptor + terminator, then the ILT.
    write_u64(data, lookup_offset, kImportByOrdinalFlag64 | 0x10003);
    auto const file = builder.build();
    auto image = Image::parse(view(file)).release_value();
    auto result = for_each_import_module(image, [&](const ImportModule& module) -> ErrorOr<void> {
        return for_each_imported_function(image, module, [](const ImportedFunction&) -> ErrorOr<void> { return {}; });
    });
    EXPECT_TRUE(fails_with(result, status::InvalidImageFormat, "import by ordinal has reserved bits set"));
}

TEST(PeImports, RejectsUnterminatedDescriptorTable) {
    PeBuilder builder;
    // A descriptor-shaped pattern filling the section to its end, with no null terminator.
    std::vector<u8> data(0x200, 0);
    for (u32 offset = 0; offset + 20 <= data.size(); offset += 20) {
        write_u32(data, offset + 12, 0x1000 + 0x1F0); // name: "" near the end -> never reached
        write_u32(data, offset + 16, 0x1000);
    }
    data[0x1F0] = 'x';
    data[0x1F1] = 0;
    builder.add_section(".idata", kReadWriteData, data, 0x200);
    builder.set_directory(directory::Import, 0x1000, 40);
    auto const file = builder.build();
    auto image = Image::parse(view(file)).release_value();
    EXPECT_TRUE(fails_with(for_each_import_module(image, [](const ImportModule&) -> ErrorOr<void> { return {}; }),
                           status::InvalidImageFormat, "import descriptor table not terminated within image data"));
}

TEST(PeImports, PropagatesCallbackErrors) {
    auto const file = build_sample_image();
    auto image = Image::parse(view(file)).release_value();
    u32 calls = 0;
    auto result = for_each_import_module(image, [&](const ImportModule&) -> ErrorOr<void> {
        ++calls;
        return Error(status::DllNotFound, "stop");
    });
    EXPECT_TRUE(fails_with(result, status::DllNotFound, "stop"));
    EXPECT_EQ(calls, 1u);
}
