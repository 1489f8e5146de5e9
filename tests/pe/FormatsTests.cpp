// PE32 headers (inspection only), long section names, and .NET images.

#include <gtest/gtest.h>

#include <cstring>

#include "pe/Image.h"
#include "pe/Imports.h"
#include "pe/Tls.h"
#include "tests/pe/PeBuilder.h"
#include "tests/pe/TestHelpers.h"

using namespace halcyon;
using namespace halcyon::pe;
using namespace halcyon::pe::test;

namespace {

PeBuilder pe32_builder() {
    PeBuilder builder;
    builder.pe32 = true;
    builder.machine = machine::I386;
    builder.image_base = 0x400000;
    builder.characteristics = file_characteristics::ExecutableImage | file_characteristics::Machine32Bit;
    usize const text = builder.add_section(".text", kCode, std::vector<u8>(0x20, 0xC3));
    builder.entry_rva = builder.section(text).rva;
    return builder;
}

/// An .idata section with PE32 (4-byte) thunks: one import by name, one by ordinal.
void add_pe32_imports(PeBuilder& builder) {
    u32 const base = builder.next_rva();
    std::vector<u8> data(0x100, 0);
    // Descriptor at 0, null descriptor at 20; ILT at 0x40, IAT at 0x50; hint/name at 0x60; DLL name at 0x80.
    write_u32(data, 0, base + 0x40);
    write_u32(data, 12, base + 0x80);
    write_u32(data, 16, base + 0x50);
    for (u32 table : {0x40u, 0x50u}) {
        write_u32(data, table, base + 0x60);
        write_u32(data, table + 4, kImportByOrdinalFlag32 | 9);
    }
    write_u16(data, 0x60, 5);
    std::memcpy(data.data() + 0x62, "GetTickCount", 13);
    std::memcpy(data.data() + 0x80, "KERNEL32.dll", 13);
    builder.add_section(".idata", kReadWriteData, data);
    builder.set_directory(directory::Import, base, 40);
}

} // namespace

TEST(PeFormats, LoaderRefusesPe32ButInspectionParsesIt) {
    PeBuilder builder = pe32_builder();
    auto const file = builder.build();
    EXPECT_TRUE(fails_with(Image::parse(view(file)), PeError::Pe32NotSupported));
    auto image = Image::parse_for_inspection(view(file));
    ASSERT_TRUE(succeeds(image));
    EXPECT_EQ(image.value().format(), ImageFormat::Pe32);
    EXPECT_EQ(image.value().pointer_size(), 4u);
    EXPECT_EQ(image.value().machine(), machine::I386);
    EXPECT_EQ(image.value().image_base(), 0x400000u);
    EXPECT_EQ(image.value().entry_rva(), builder.section(0).rva);
    EXPECT_EQ(image.value().optional_header().number_of_rva_and_sizes, directory::Count);
}

TEST(PeFormats, WalksPe32ImportsWithFourByteThunks) {
    PeBuilder builder = pe32_builder();
    add_pe32_imports(builder);
    auto const file = builder.build();
    auto image = Image::parse_for_inspection(view(file)).release_value();
    std::vector<std::string> seen;
    std::vector<u32> slots;
    ASSERT_TRUE(succeeds(for_each_import(
        image, ImportKind::Regular,
        [&](const ImportModule& module) -> ErrorOr<void> {
            seen.push_back(str(module.dll_name));
            return {};
        },
        [&](const ImportModule&, const ImportedFunction& function) -> ErrorOr<void> {
            seen.push_back(function.by_ordinal ? "#" + std::to_string(function.ordinal) : str(function.name));
            slots.push_back(function.address_slot_rva);
            return {};
        })));
    EXPECT_EQ(seen, (std::vector<std::string>{"KERNEL32.dll", "GetTickCount", "#9"}));
    ASSERT_EQ(slots.size(), 2u);
    EXPECT_EQ(slots[1] - slots[0], 4u);
}

TEST(PeFormats, ReadsPe32TlsDirectory) {
    PeBuilder builder = pe32_builder();
    u32 const base = builder.next_rva();
    std::vector<u8> data(0x40, 0);
    TlsDirectory32 tls{};
    tls.start_address_of_raw_data = 0x400000 + base + 0x30;
    tls.end_address_of_raw_data = tls.start_address_of_raw_data + 4;
    tls.address_of_index = 0x400000 + base + 0x18;
    tls.address_of_callbacks = 0x400000 + base + 0x20;
    tls.size_of_zero_fill = 8;
    std::memcpy(data.data(), &tls, sizeof(tls));
    write_u32(data, 0x20, 0x400000 + builder.section(0).rva); // One callback, then the null.
    builder.add_section(".tls", kReadWriteData, data);
    builder.set_directory(directory::Tls, base, sizeof(TlsDirectory32));
    auto const file = builder.build();
    auto image = Image::parse_for_inspection(view(file)).release_value();
    TlsInfo info{};
    ASSERT_TRUE(succeeds(read_tls(image, info)));
    EXPECT_EQ(info.callback_count, 1u);
    EXPECT_EQ(info.raw_data_size, 4u);
    EXPECT_EQ(info.zero_fill_size, 8u);
    EXPECT_EQ(info.index_rva, base + 0x18);
}

TEST(PeFormats, ResolvesLongSectionNamesThroughTheStringTable) {
    PeBuilder builder;
    usize const text = builder.add_section(".text", kCode, std::vector<u8>(0x20, 0xC3));
    builder.add_section(".debug_info", kReadOnlyData | section_characteristics::MemDiscardable,
                        std::vector<u8>(8, 1));
    builder.add_section(".debug_abbrev", kReadOnlyData | section_characteristics::MemDiscardable,
                        std::vector<u8>(8, 2));
    builder.entry_rva = builder.section(text).rva;
    auto const file = builder.build();
    auto image = Image::parse(view(file)).release_value();
    EXPECT_EQ(str(image.sections()[1].name_view()), "/4");
    EXPECT_EQ(str(image.section_name(0).value()), ".text");
    EXPECT_EQ(str(image.section_name(1).value()), ".debug_info");
    EXPECT_EQ(str(image.section_name(2).value()), ".debug_abbrev");
}

TEST(PeFormats, RejectsLongSectionNamesThatDoNotResolve) {
    PeBuilder builder;
    builder.add_section(".text", kCode, std::vector<u8>(0x20, 0xC3));
    builder.add_section(".a_long_name", kReadOnlyData, std::vector<u8>(8, 1));
    auto file = builder.build();
    u32 const name_field = builder.section_table_offset() + sizeof(SectionHeader);

    auto with_name = [&](const char* name) {
        std::vector<u8> copy = file;
        std::memset(copy.data() + name_field, 0, 8);
        std::memcpy(copy.data() + name_field, name, std::strlen(name));
        return copy;
    };
    auto const past = with_name("/999999");
    EXPECT_TRUE(fails_with(Image::parse(view(past)).value().section_name(1),
                           PeError::SectionLongNameOutsideStringTable));
    auto const malformed = with_name("/12x");
    EXPECT_TRUE(
        fails_with(Image::parse(view(malformed)).value().section_name(1), PeError::SectionLongNameMalformed));
    auto without_table = with_name("/4");
    write_u32(without_table, builder.file_header_offset() + 8, 0); // PointerToSymbolTable = 0
    EXPECT_TRUE(fails_with(Image::parse(view(without_table)).value().section_name(1),
                           PeError::SectionLongNameWithoutStringTable));
}

TEST(PeFormats, LoaderRefusesDotNetImagesByNameButInspectionAcceptsThem) {
    PeBuilder builder;
    usize const text = builder.add_section(".text", kCode, std::vector<u8>(0x80, 0));
    builder.entry_rva = builder.section(text).rva;
    builder.set_directory(directory::ClrRuntime, builder.section(text).rva, 0x48);
    auto const file = builder.build();
    EXPECT_TRUE(fails_with(Image::parse(view(file)), PeError::ClrImageNotSupported));
    auto image = Image::parse_for_inspection(view(file));
    ASSERT_TRUE(succeeds(image));
    EXPECT_TRUE(image.value().is_clr());
}

TEST(PeFormats, InspectionAcceptsFirmwareStyleLayoutsTheLoaderRefuses) {
    // SizeOfImage not a multiple of SectionAlignment, as objcopy-built EFI applications have.
    PeBuilder builder;
    usize const text = builder.add_section(".text", kCode, std::vector<u8>(0x20, 0xC3));
    builder.entry_rva = builder.section(text).rva;
    builder.size_of_image_override = builder.next_rva() - 0x800;
    auto const file = builder.build();
    EXPECT_TRUE(fails_with(Image::parse(view(file)), PeError::SizeOfImageMisaligned));
    EXPECT_TRUE(succeeds(Image::parse_for_inspection(view(file))));
}
