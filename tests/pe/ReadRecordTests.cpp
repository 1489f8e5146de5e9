// pe::ReadRecord: every path from an Image to its file's bytes notes what it reads, so that a
// caller loading a file piecemeal (pe-dump) can tell whether a walk saw only loaded bytes.

#include <gtest/gtest.h>

#include <algorithm>

#include "pe/Exports.h"
#include "pe/Image.h"
#include "tests/pe/PeBuilder.h"
#include "tests/pe/TestHelpers.h"

using namespace halcyon;
using namespace halcyon::pe;
using namespace halcyon::pe::test;

namespace {

bool has_range(const ReadRecord& record, u64 offset, u64 size) {
    for (u32 i = 0; i < record.range_count(); ++i) {
        if (record.range(i).offset == offset && record.range(i).size == size)
            return true;
    }
    return false;
}

} // namespace

TEST(PeReadRecord, ParseNotesEachHeaderItReadsInOrder) {
    PeBuilder builder;
    builder.entry_rva = builder.section(builder.add_section(".text", kCode, std::vector<u8>(0x20, 0xC3))).rva;
    auto const file = builder.build();
    ReadRecord record;
    ASSERT_TRUE(succeeds(Image::parse_for_inspection(view(file), record)));
    u64 const nt = builder.nt_headers_offset;
    u64 const table_end = builder.section_table_offset() + sizeof(SectionHeader);
    std::vector<u64> const expected = {sizeof(DosHeader), nt + 4, nt + 24,
                                       builder.optional_header_offset() + builder.optional_header_size(), table_end};
    ASSERT_EQ(record.prefix_step_count(), expected.size());
    for (u32 i = 0; i < expected.size(); ++i)
        EXPECT_EQ(record.prefix_step(i), expected[i]) << i;
    EXPECT_EQ(record.prefix_end(), table_end);
    // Parsing reads no section and not the whole file.
    EXPECT_EQ(record.range_count(), 0u);
    EXPECT_FALSE(record.whole_file());
}

TEST(PeReadRecord, FailedParseStillNotesWhatItReadBeforeFailing) {
    PeBuilder builder;
    builder.add_section(".text", kCode, std::vector<u8>(0x20, 0xC3));
    auto file = builder.build();
    file[builder.nt_headers_offset] = 'X'; // No "PE\0\0".
    ReadRecord record;
    EXPECT_TRUE(fails_with(Image::parse_for_inspection(view(file), record), PeError::MissingPeSignature));
    ASSERT_EQ(record.prefix_step_count(), 2u);
    EXPECT_EQ(record.prefix_step(1), builder.nt_headers_offset + 4u);
    EXPECT_EQ(record.prefix_end(), builder.nt_headers_offset + 4u);

    // A signature offset past the end is noted clamped to the file: nothing past it is read.
    std::vector<u8> truncated(file.begin(), file.begin() + 0x100);
    write_u32(truncated, 0x3C, 0x10000);
    record.clear();
    EXPECT_TRUE(fails_with(Image::parse_for_inspection(view(truncated), record), PeError::PeSignaturePastEnd));
    EXPECT_EQ(record.prefix_end(), truncated.size());
}

TEST(PeReadRecord, ReadsThroughRvasNoteTheWholeSectionOnceAndHeadersAsThePrefix) {
    PeBuilder builder;
    usize const text = builder.add_section(".text", kCode, std::vector<u8>(0x20, 0xC3));
    usize const data = builder.add_section(".data", kReadWriteData, std::vector<u8>{'a', 'b', 0, 'c', 'd', 0});
    builder.entry_rva = builder.section(text).rva;
    auto const file = builder.build();
    ReadRecord record;
    auto parsed = Image::parse_for_inspection(view(file), record);
    ASSERT_TRUE(succeeds(parsed));
    Image const& image = parsed.value();
    record.clear();
    u32 const rva = builder.section(data).rva;
    EXPECT_EQ(str(image.string_at_rva(rva).value()), "ab");
    EXPECT_EQ(str(image.string_at_rva(rva + 3).value()), "cd");
    EXPECT_TRUE(succeeds(image.bytes_at_rva(rva + 1, 2)));
    SectionHeader const header = image.sections()[1];
    ASSERT_EQ(record.range_count(), 1u);
    EXPECT_EQ(record.range(0).offset, header.pointer_to_raw_data);
    EXPECT_EQ(record.range(0).size, header.mapped_raw_size());
    EXPECT_EQ(record.prefix_end(), 0u);

    // An RVA in the headers hands out the headers: noted as the prefix up to SizeOfHeaders.
    EXPECT_TRUE(succeeds(image.bytes_at_rva(0, 2)));
    EXPECT_EQ(record.prefix_end(), image.size_of_headers());
    EXPECT_EQ(record.range_count(), 1u);

    // A failed lookup reads nothing.
    record.clear();
    EXPECT_TRUE(image.string_at_rva(image.size_of_image() + 5).is_error());
    EXPECT_EQ(record.range_count(), 0u);
    EXPECT_EQ(record.prefix_end(), 0u);
}

TEST(PeReadRecord, CopiesOfTheImageNoteIntoTheSameRecord) {
    auto const file = build_sample_image();
    ReadRecord record;
    auto parsed = Image::parse_for_inspection(view(file), record);
    ASSERT_TRUE(succeeds(parsed));
    record.clear();
    // The export table keeps its own copy of the Image.
    auto table = ExportTable::open(parsed.value());
    ASSERT_TRUE(succeeds(table));
    ASSERT_TRUE(succeeds(table.value().name_at(0)));
    ASSERT_GE(record.range_count(), 1u);
    i32 const edata = parsed.value().section_index_for_rva(parsed.value().data_directory(directory::Export).virtual_address);
    ASSERT_GE(edata, 0);
    SectionHeader const header = parsed.value().sections()[static_cast<u32>(edata)];
    EXPECT_TRUE(has_range(record, header.pointer_to_raw_data, header.mapped_raw_size()));
}

TEST(PeReadRecord, FileOffsetReadsNoteTheirRangeAndBytesNotesTheWholeFile) {
    auto const file = build_sample_image();
    ReadRecord record;
    auto parsed = Image::parse_for_inspection(view(file), record);
    ASSERT_TRUE(succeeds(parsed));
    Image const& image = parsed.value();
    record.clear();
    ReadonlyBytes bytes;
    ASSERT_TRUE(image.file_bytes(0x10, 8, bytes));
    EXPECT_EQ(bytes.data(), file.data() + 0x10);
    EXPECT_TRUE(has_range(record, 0x10, 8));
    EXPECT_FALSE(image.file_bytes(file.size() - 4, 8, bytes));
    EXPECT_EQ(record.range_count(), 1u);
    EXPECT_FALSE(record.whole_file());
    (void)image.bytes();
    EXPECT_TRUE(record.whole_file());

    // Past kMaxExtraRanges distinct ranges, the record gives up and names the whole file.
    record.clear();
    for (u32 i = 0; i <= ReadRecord::kMaxExtraRanges; ++i)
        ASSERT_TRUE(image.file_bytes(i, 1, bytes));
    EXPECT_TRUE(record.whole_file());
}

TEST(PeReadRecord, LongSectionNamesNoteTheStringTable) {
    PeBuilder builder;
    usize const text = builder.add_section(".text", kCode, std::vector<u8>(0x20, 0xC3));
    builder.add_section(".debug_abbrev_long", kReadOnlyData, std::vector<u8>(0x10, 1));
    builder.entry_rva = builder.section(text).rva;
    auto const file = builder.build();
    ReadRecord record;
    auto parsed = Image::parse_for_inspection(view(file), record);
    ASSERT_TRUE(succeeds(parsed));
    record.clear();
    EXPECT_EQ(str(parsed.value().section_name(1).value()), ".debug_abbrev_long");
    ASSERT_GE(record.range_count(), 1u);
    FileHeader header;
    ASSERT_TRUE(read_object(view(file), builder.file_header_offset(), header));
    u64 const table = header.pointer_to_symbol_table + u64{header.number_of_symbols} * 18;
    u32 table_size = 0;
    ASSERT_TRUE(read_object(view(file), table, table_size));
    EXPECT_TRUE(has_range(record, table, sizeof(u32)));
    EXPECT_TRUE(has_range(record, table, std::min<u64>(table_size, file.size() - table)));
    EXPECT_FALSE(record.whole_file());
}
