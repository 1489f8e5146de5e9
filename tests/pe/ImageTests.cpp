#include <gtest/gtest.h>

#include <cstring>

#include "pe/Image.h"
#include "pe/Mapper.h"
#include "tests/pe/PeBuilder.h"
#include "tests/pe/TestHelpers.h"

using namespace halcyon;
using namespace halcyon::pe;
using namespace halcyon::pe::test;

namespace {

PeBuilder minimal_builder() {
    PeBuilder builder;
    usize const text = builder.add_section(".text", kCode, std::vector<u8>(0x20, 0xC3));
    builder.add_section(".data", kReadWriteData, std::vector<u8>{1, 2, 3, 4, 0, 'h', 'i', 0});
    builder.entry_rva = builder.section(text).rva;
    return builder;
}

ErrorOr<Image> parse(const std::vector<u8>& file) {
    return Image::parse(view(file));
}

} // namespace

TEST(PeImage, ParsesMinimalImageAndExposesHeaders) {
    PeBuilder builder = minimal_builder();
    auto const file = builder.build();
    auto result = parse(file);
    ASSERT_TRUE(succeeds(result));
    Image const& image = result.value();
    EXPECT_FALSE(image.is_mapped());
    EXPECT_EQ(image.machine(), machine::Amd64);
    EXPECT_EQ(image.image_base(), 0x140000000ull);
    EXPECT_EQ(image.entry_rva(), 0x1000u);
    EXPECT_EQ(image.section_alignment(), 0x1000u);
    EXPECT_EQ(image.file_alignment(), 0x200u);
    EXPECT_EQ(image.size_of_image(), 0x3000u);
    EXPECT_EQ(image.subsystem(), subsystem::WindowsCui);
    EXPECT_FALSE(image.is_dll());
    EXPECT_TRUE(image.dll_characteristics() & dll_characteristics::DynamicBase);
    ASSERT_EQ(image.sections().count(), 2u);
    EXPECT_EQ(str(image.sections()[0].name_view()), ".text");
    EXPECT_EQ(str(image.sections()[1].name_view()), ".data");
    u32 visited = 0;
    for (SectionHeader const section : image.sections()) {
        EXPECT_EQ(section.virtual_address, 0x1000u * (visited + 1));
        ++visited;
    }
    EXPECT_EQ(visited, 2u);
}

TEST(PeImage, RejectsEmptyInputAsNotMz) {
    std::vector<u8> empty;
    EXPECT_TRUE(fails_with(parse(empty), status::InvalidImageNotMz, "not a PE file (no MZ header)"));
}

TEST(PeImage, RejectsInputWithoutMzMagic) {
    std::vector<u8> elf = {0x7F, 'E', 'L', 'F', 2, 1, 1, 0};
    elf.resize(512);
    EXPECT_TRUE(fails_with(parse(elf), status::InvalidImageNotMz, "not a PE file (no MZ header)"));
}

TEST(PeImage, RejectsTruncatedDosHeader) {
    std::vector<u8> file = {'M', 'Z', 0x90, 0};
    EXPECT_TRUE(fails_with(parse(file), status::InvalidImageFormat, "DOS header truncated"));
}

TEST(PeImage, RejectsSignatureOffsetPastEndOfFile) {
    auto file = minimal_builder().build();
    write_u32(file, 0x3C, static_cast<u32>(file.size()) - 2);
    EXPECT_TRUE(
        fails_with(parse(file), status::InvalidImageFormat, "PE signature offset points past end of file"));
}

TEST(PeImage, RejectsMissingPeSignature) {
    auto file = minimal_builder().build();
    write_u32(file, 0x80, 0x12345678);
    EXPECT_TRUE(fails_with(parse(file), status::InvalidImageFormat, "missing PE signature"));
}

TEST(PeImage, RejectsSixteenBitNeImage) {
    auto file = minimal_builder().build();
    write_u32(file, 0x80, kNeSignature);
    EXPECT_TRUE(fails_with(parse(file), status::InvalidImageWin16, "16-bit images are not supported"));
}

TEST(PeImage, RejectsTruncatedFileHeader) {
    auto file = minimal_builder().build();
    file.resize(0x80 + 4 + 10);
    EXPECT_TRUE(fails_with(parse(file), status::InvalidImageFormat, "COFF file header truncated"));
}

TEST(PeImage, RejectsI386MachineAsThirtyTwoBit) {
    PeBuilder builder = minimal_builder();
    builder.machine = machine::I386;
    EXPECT_TRUE(
        fails_with(parse(builder.build()), status::InvalidImageWin64, "32-bit images are not supported"));
}

TEST(PeImage, RejectsPe32OptionalHeaderMagicAsThirtyTwoBit) {
    PeBuilder builder = minimal_builder();
    builder.optional_magic = kOptionalHeaderMagicPe32;
    EXPECT_TRUE(
        fails_with(parse(builder.build()), status::InvalidImageWin64, "32-bit images are not supported"));
}

TEST(PeImage, RejectsOtherMachines) {
    PeBuilder builder = minimal_builder();
    builder.machine = machine::Arm64;
    EXPECT_TRUE(fails_with(parse(builder.build()), status::InvalidImageFormat,
                           "unsupported machine type (only x86_64 images are supported)"));
}

TEST(PeImage, RejectsObjectFilesWithoutExecutableFlag) {
    PeBuilder builder = minimal_builder();
    builder.characteristics = file_characteristics::LargeAddressAware;
    EXPECT_TRUE(fails_with(parse(builder.build()), status::InvalidImageFormat,
                           "file is not an executable image (object file?)"));
}

TEST(PeImage, RejectsUnknownOptionalHeaderMagic) {
    PeBuilder builder = minimal_builder();
    builder.optional_magic = 0x0107;
    EXPECT_TRUE(
        fails_with(parse(builder.build()), status::InvalidImageFormat, "unknown optional header magic"));
}

TEST(PeImage, RejectsTruncatedOptionalHeader) {
    PeBuilder builder = minimal_builder();
    auto file = builder.build();
    file.resize(builder.optional_header_offset() + 100);
    EXPECT_TRUE(fails_with(parse(file), status::InvalidImageFormat, "optional header truncated"));
}

TEST(PeImage, RejectsOptionalHeaderTooSmallForPe32Plus) {
    PeBuilder builder = minimal_builder();
    auto file = builder.build();
    write_u16(file, builder.file_header_offset() + 16, 96);
    EXPECT_TRUE(fails_with(parse(file), PeError::OptionalHeaderTooSmall));
}

TEST(PeImage, RejectsDirectoryCountBeyondOptionalHeader) {
    PeBuilder builder = minimal_builder();
    builder.number_of_rva_and_sizes = 17;
    EXPECT_TRUE(fails_with(parse(builder.build()), status::InvalidImageFormat,
                           "data directory table extends past optional header"));
}

TEST(PeImage, IgnoresDirectoriesBeyondDeclaredCount) {
    PeBuilder builder = minimal_builder();
    builder.number_of_rva_and_sizes = 2;
    builder.set_directory(directory::Tls, 0xFFFFF000, 8); // Garbage, but not declared.
    auto result = parse(builder.build());
    ASSERT_TRUE(succeeds(result));
    EXPECT_FALSE(result.value().has_data_directory(directory::Tls));
}

TEST(PeImage, RejectsClrImage) {
    PeBuilder builder = minimal_builder();
    builder.set_directory(directory::ClrRuntime, 0x2000, 0x48);
    EXPECT_TRUE(fails_with(parse(builder.build()), status::InvalidImageFormat,
                           ".NET (CLR) images are not supported"));
}

TEST(PeImage, RejectsSectionAlignmentThatIsNotAPowerOfTwo) {
    PeBuilder builder = minimal_builder();
    auto file = builder.build();
    write_u32(file, builder.optional_header_offset() + 32, 0x1800);
    EXPECT_TRUE(
        fails_with(parse(file), status::InvalidImageFormat, "section alignment is not a power of two"));
}

TEST(PeImage, RejectsFileAlignmentBelow512InPageAlignedImage) {
    PeBuilder builder = minimal_builder();
    auto file = builder.build();
    write_u32(file, builder.optional_header_offset() + 36, 0x100);
    EXPECT_TRUE(
        fails_with(parse(file), status::InvalidImageFormat, "file alignment outside 512 bytes..64 KiB"));
}

TEST(PeImage, RejectsSizeOfImageNotMultipleOfSectionAlignment) {
    PeBuilder builder = minimal_builder();
    builder.size_of_image_override = 0x3001;
    EXPECT_TRUE(fails_with(parse(builder.build()), status::InvalidImageFormat,
                           "SizeOfImage is not a multiple of SectionAlignment"));
}

TEST(PeImage, RejectsImageBaseNotAlignedTo64KiB) {
    PeBuilder builder = minimal_builder();
    builder.image_base = 0x140001000ull;
    EXPECT_TRUE(
        fails_with(parse(builder.build()), status::InvalidImageFormat, "image base is not 64 KiB aligned"));
}

TEST(PeImage, RejectsImageThatDoesNotFitInUserSpace) {
    PeBuilder builder = minimal_builder();
    builder.image_base = 0xFFFF800000000000ull; // Kernel half.
    EXPECT_TRUE(fails_with(parse(builder.build()), status::InvalidImageFormat,
                           "image does not fit below the user address limit at its base"));
}

TEST(PeImage, RejectsTooManySections) {
    PeBuilder builder = minimal_builder();
    auto file = builder.build();
    write_u16(file, builder.file_header_offset() + 2, 97);
    EXPECT_TRUE(fails_with(parse(file), status::InvalidImageFormat, "too many sections (the limit is 96)"));
}

TEST(PeImage, RejectsSectionTableBeyondEndOfFile) {
    PeBuilder builder = minimal_builder();
    auto file = builder.build();
    file.resize(builder.section_table_offset() + sizeof(SectionHeader) + 8);
    EXPECT_TRUE(
        fails_with(parse(file), status::InvalidImageFormat, "section table extends past end of file"));
}

TEST(PeImage, RejectsSizeOfHeadersSmallerThanSectionTable) {
    PeBuilder builder = minimal_builder();
    builder.size_of_headers_override = builder.section_table_offset();
    EXPECT_TRUE(fails_with(parse(builder.build()), status::InvalidImageFormat,
                           "SizeOfHeaders is smaller than the headers and section table"));
}

TEST(PeImage, RejectsSectionRawDataBeyondEndOfFile) {
    PeBuilder builder = minimal_builder();
    auto file = builder.build();
    // .data's 8 bytes of raw data start at 0x800; cut the file in the middle of them.
    ASSERT_EQ(file.size(), 0xA00u);
    file.resize(0x804);
    EXPECT_TRUE(
        fails_with(parse(file), status::InvalidImageFormat, "section raw data extends past end of file"));
}

TEST(PeImage, RejectsOverlappingSections) {
    PeBuilder builder = minimal_builder();
    builder.section(1).rva = builder.section(0).rva; // Both at 0x1000.
    EXPECT_TRUE(fails_with(parse(builder.build()), status::InvalidImageFormat,
                           "section virtual ranges overlap, overlap the headers, or are out of order"));
}

TEST(PeImage, RejectsSectionOverlappingHeaders) {
    PeBuilder builder;
    builder.section_alignment = 0x200;
    builder.file_alignment = 0x200;
    builder.add_section(".text", kCode, std::vector<u8>(0x20, 0xC3));
    builder.section(0).rva = 0x200; // Headers occupy 0..0x600.
    EXPECT_TRUE(fails_with(parse(builder.build()), status::InvalidImageFormat,
                           "section virtual ranges overlap, overlap the headers, or are out of order"));
}

TEST(PeImage, RejectsMisalignedSectionAddress) {
    PeBuilder builder = minimal_builder();
    builder.section(1).rva += 0x10;
    EXPECT_TRUE(fails_with(parse(builder.build()), status::InvalidImageFormat,
                           "section virtual address is not a multiple of SectionAlignment"));
}

TEST(PeImage, RejectsSectionBeyondSizeOfImage) {
    PeBuilder builder = minimal_builder();
    builder.size_of_image_override = 0x2000;
    EXPECT_TRUE(
        fails_with(parse(builder.build()), status::InvalidImageFormat, "section extends past SizeOfImage"));
}

TEST(PeImage, RejectsDataDirectoryOutsideImage) {
    PeBuilder builder = minimal_builder();
    builder.set_directory(directory::Import, 0x5000, 40);
    EXPECT_TRUE(
        fails_with(parse(builder.build()), status::InvalidImageFormat, "import directory RVA outside image"));
}

TEST(PeImage, RejectsDataDirectoryExtendingPastImage) {
    PeBuilder builder = minimal_builder();
    builder.set_directory(directory::Export, 0x2FF0, 0x40);
    EXPECT_TRUE(fails_with(parse(builder.build()), status::InvalidImageFormat,
                           "export directory extends past end of image"));
}

TEST(PeImage, RejectsCertificateTablePastEndOfFile) {
    PeBuilder builder = minimal_builder();
    builder.set_directory(directory::Security, 0x10000, 0x100);
    EXPECT_TRUE(fails_with(parse(builder.build()), status::InvalidImageFormat,
                           "certificate table extends past end of file"));
}

TEST(PeImage, RejectsEntryPointOutsideImage) {
    PeBuilder builder = minimal_builder();
    builder.entry_rva = 0x3000;
    EXPECT_TRUE(fails_with(parse(builder.build()), status::InvalidImageFormat, "entry point outside image"));
}

TEST(PeImage, TranslatesRvasToFileOffsets) {
    PeBuilder builder = minimal_builder();
    auto const file = builder.build();
    auto result = parse(file);
    ASSERT_TRUE(succeeds(result));
    Image const& image = result.value();
    SectionHeader const data = image.sections()[1];
    EXPECT_EQ(image.rva_to_file_offset(0x40).value(), 0x40u); // Headers map one-to-one.
    EXPECT_EQ(image.rva_to_file_offset(data.virtual_address + 5).value(), data.pointer_to_raw_data + 5);
    // .data has 8 bytes of file data; the rest of its page is zero-fill.
    EXPECT_TRUE(fails_with(image.rva_to_file_offset(data.virtual_address + 0x100), status::InvalidImageFormat,
                           "RVA is not backed by file data"));
    EXPECT_TRUE(
        fails_with(image.rva_to_file_offset(0x3000), status::InvalidImageFormat, "RVA outside image"));
    EXPECT_EQ(image.section_index_for_rva(data.virtual_address + 0x100), 1);
    EXPECT_EQ(image.section_index_for_rva(0x10), -1);
}

TEST(PeImage, ReadsStringsAtRvaOnlyWhenTerminatedInsideTheSection) {
    PeBuilder builder = minimal_builder();
    builder.section(1).data = {'h', 'i', 0, 'x', 'y', 'z'}; // "xyz" runs into the section's end.
    builder.section(1).virtual_size = 6;
    auto const file = builder.build();
    auto result = parse(file);
    ASSERT_TRUE(succeeds(result));
    Image const& image = result.value();
    u32 const rva = image.sections()[1].virtual_address;
    EXPECT_EQ(str(image.string_at_rva(rva).value()), "hi");
    EXPECT_TRUE(fails_with(image.string_at_rva(rva + 3), status::InvalidImageFormat,
                           "string at RVA is not NUL-terminated within image data"));
    EXPECT_TRUE(fails_with(image.string_at_rva(0x3000, PeError::ExportNameUnreadable),
                           PeError::ExportNameUnreadable));
}

TEST(PeImage, LimitsStringLength) {
    PeBuilder builder = minimal_builder();
    builder.section(1).data = std::vector<u8>(100, 'a');
    builder.section(1).data.push_back(0);
    builder.section(1).virtual_size = 101;
    auto const file = builder.build();
    auto result = parse(file);
    ASSERT_TRUE(succeeds(result));
    u32 const rva = result.value().sections()[1].virtual_address;
    EXPECT_TRUE(fails_with(result.value().string_at_rva(rva, PeError::StringRvaOutsideImageData, 10),
                           status::InvalidImageFormat, "string at RVA is too long"));
    EXPECT_EQ(result.value().string_at_rva(rva, PeError::StringRvaOutsideImageData, 101).value().length(),
              100u);
}

TEST(PeImage, ParsesMappedViewWhereRvaEqualsOffset) {
    PeBuilder builder = minimal_builder();
    auto const file = builder.build();
    auto image = parse(file).release_value();
    std::vector<u8> mapped(image.size_of_image() + 0x1000, 0xEE); // Longer than SizeOfImage.
    std::fill(mapped.begin(), mapped.begin() + image.size_of_image(), 0);
    ASSERT_TRUE(succeeds(map_into(image, mutable_view(mapped))));
    auto mapped_image = Image::parse_mapped(view(mapped));
    ASSERT_TRUE(succeeds(mapped_image));
    EXPECT_TRUE(mapped_image.value().is_mapped());
    EXPECT_EQ(mapped_image.value().bytes().size(), image.size_of_image()); // Clamped.
    u32 const rva = image.sections()[1].virtual_address;
    EXPECT_EQ(mapped_image.value().rva_to_file_offset(rva + 0x100).value(), rva + 0x100);
    EXPECT_EQ(str(mapped_image.value().string_at_rva(rva + 5).value()), "hi");
}

TEST(PeImage, RejectsMappedViewSmallerThanSizeOfImage) {
    PeBuilder builder = minimal_builder();
    auto file = builder.build();
    file.resize(0x2800);
    EXPECT_TRUE(fails_with(Image::parse_mapped(view(file)), status::InvalidImageFormat,
                           "mapped view smaller than SizeOfImage"));
}

TEST(PeImage, AcceptsLowAlignmentImageWithMatchingFileLayout) {
    PeBuilder builder;
    builder.section_alignment = 0x200;
    builder.file_alignment = 0x200;
    builder.add_section(".text", kCode, std::vector<u8>(0x20, 0xC3));
    builder.add_section(".data", kReadWriteData, std::vector<u8>(0x30, 1));
    auto const file = builder.build();
    auto result = parse(file);
    ASSERT_TRUE(succeeds(result));
    EXPECT_TRUE(result.value().is_low_alignment());
}

TEST(PeImage, RejectsLowAlignmentImageWithMismatchedFileAlignment) {
    PeBuilder builder;
    builder.section_alignment = 0x200;
    builder.file_alignment = 0x200;
    builder.add_section(".text", kCode, std::vector<u8>(0x20, 0xC3));
    auto file = builder.build();
    write_u32(file, builder.optional_header_offset() + 36, 0x100);
    EXPECT_TRUE(fails_with(parse(file), status::InvalidImageFormat,
                           "file alignment must equal section alignment when it is below the page size"));
}

TEST(PeImage, SectionNamesAreViewsIntoTheImageThatOutliveTheCall) {
    PeBuilder builder = minimal_builder();
    auto const file = builder.build();
    auto result = parse(file);
    ASSERT_TRUE(succeeds(result));
    Image const& image = result.value();
    // Tools keep the view after section_name() returns (pe-dump prints it later), so it must
    // point into the section table, not into a copy of the header that died with the call.
    StringView const name = image.section_name(1).value();
    StringView const short_name = image.sections().short_name(1);
    EXPECT_EQ(str(name), ".data");
    EXPECT_EQ(name.data(), short_name.data());
    auto const* begin = reinterpret_cast<const char*>(file.data());
    EXPECT_GE(name.data(), begin + builder.section_table_offset());
    EXPECT_LT(name.data(), begin + builder.section_table_offset() + 2 * sizeof(SectionHeader));
    EXPECT_EQ(image.sections().virtual_address(1), image.sections()[1].virtual_address);
}

TEST(PeImage, FindsStringTerminatorsAtEveryPositionAroundWordBoundaries) {
    // string_at_rva scans eight bytes at a time and then byte by byte up to the bound: every
    // terminator position and every bound around the word size must give the same answers as a
    // byte-by-byte scan.
    for (u32 length = 0; length < 40; ++length) {
        PeBuilder builder = minimal_builder();
        std::vector<u8> data(64, 'a');
        data[length] = 0;
        data[length + 1] = 0x80; // A byte with the high bit set right after the terminator.
        if (length > 0)
            data[length - 1] = 0xFF;
        builder.section(1).data = data;
        builder.section(1).virtual_size = static_cast<u32>(data.size());
        auto const file = builder.build();
        auto result = parse(file);
        ASSERT_TRUE(succeeds(result));
        Image const& image = result.value();
        u32 const rva = image.sections()[1].virtual_address;
        for (u32 bound = 0; bound < 48; ++bound) {
            auto text = image.string_at_rva(rva, PeError::StringRvaOutsideImageData, bound);
            if (length < bound) {
                ASSERT_TRUE(succeeds(text)) << "length " << length << " bound " << bound;
                EXPECT_EQ(text.value().length(), length) << "bound " << bound;
            } else {
                EXPECT_TRUE(fails_with(text, status::InvalidImageFormat, "string at RVA is too long"))
                    << "length " << length << " bound " << bound;
            }
        }
        // Unterminated up to the end of the section's data: the bound is the data, not max_length.
        u32 const tail = rva + length + 1;
        auto unterminated = image.string_at_rva(tail + 1, PeError::StringRvaOutsideImageData, 4096);
        EXPECT_TRUE(fails_with(unterminated, status::InvalidImageFormat,
                               "string at RVA is not NUL-terminated within image data"))
            << "length " << length;
    }
}

TEST(PeImage, TranslatesRvasInEverySectionOfAnImageWithManySections) {
    // RVA lookup is a binary search over the (validated, ascending) section table; check every
    // section's first and last file-backed byte, its zero-fill tail, and the gaps, against the
    // section headers themselves.
    PeBuilder builder;
    for (int index = 0; index < 23; ++index) {
        // Some sections have less file data than virtual size, one has none at all.
        std::vector<u8> data(index == 7 ? 0 : 0x100 + 0x40 * index, static_cast<u8>(index));
        builder.add_section(".s" + std::to_string(index), kReadOnlyData, data,
                            static_cast<u32>(data.size() + (index % 3) * 0x200 + (index == 7 ? 0x100 : 0)));
    }
    builder.entry_rva = builder.section(0).rva;
    auto const file = builder.build();
    auto result = parse(file);
    ASSERT_TRUE(succeeds(result));
    Image const& image = result.value();
    ASSERT_EQ(image.sections().count(), 23u);
    for (u32 index = 0; index < image.sections().count(); ++index) {
        SectionHeader const section = image.sections()[index];
        u32 const backed = section.mapped_raw_size();
        if (backed == 0) {
            EXPECT_TRUE(fails_with(image.rva_to_file_offset(section.virtual_address),
                                   status::InvalidImageFormat, "RVA is not backed by file data"))
                << index;
            continue;
        }
        EXPECT_EQ(image.rva_to_file_offset(section.virtual_address).value(), section.pointer_to_raw_data)
            << index;
        EXPECT_EQ(image.rva_to_file_offset(section.virtual_address + backed - 1).value(),
                  section.pointer_to_raw_data + backed - 1)
            << index;
        auto bytes = image.bytes_at_rva(section.virtual_address + backed - 4, 4);
        ASSERT_TRUE(succeeds(bytes)) << index;
        EXPECT_EQ(bytes.value().data(), file.data() + section.pointer_to_raw_data + backed - 4) << index;
        EXPECT_EQ(image.bytes_at_rva(section.virtual_address, 1).value()[0], static_cast<u8>(index)) << index;
        EXPECT_TRUE(image.bytes_at_rva(section.virtual_address + backed - 4, 5).is_error()) << index;
        EXPECT_TRUE(fails_with(image.rva_to_file_offset(section.virtual_address + backed),
                               status::InvalidImageFormat, "RVA is not backed by file data"))
            << index;
    }
    EXPECT_EQ(image.rva_to_file_offset(0).value(), 0u);
    EXPECT_TRUE(fails_with(image.rva_to_file_offset(image.size_of_image()), status::InvalidImageFormat,
                           "RVA outside image"));
}
