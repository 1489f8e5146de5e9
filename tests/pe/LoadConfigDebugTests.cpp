#include <gtest/gtest.h>

#include <cstring>

#include "pe/Debug.h"
#include "pe/Image.h"
#include "pe/LoadConfig.h"
#include "tests/pe/PeBuilder.h"
#include "tests/pe/TestHelpers.h"

using namespace halcyon;
using namespace halcyon::pe;
using namespace halcyon::pe::test;

namespace {

/// A .rdata section holding `data`, with directory `index` pointing at offset 0 of it.
std::vector<u8> image_with_directory(u32 index, const std::vector<u8>& data, u32 size,
                                     u32* base_out = nullptr) {
    PeBuilder builder;
    builder.add_section(".text", kCode, std::vector<u8>(0x20, 0xC3));
    u32 const base = builder.next_rva();
    builder.add_section(".rdata", kReadOnlyData, data);
    builder.set_directory(index, base, size);
    if (base_out)
        *base_out = base;
    return builder.build();
}

ErrorOr<LoadConfig> load_config_of(const std::vector<u8>& file) {
    Image const image = TRY(Image::parse(view(file)));
    LoadConfig config{};
    bool const present = TRY(read_load_config(image, config));
    if (!present)
        return Error(status::NotFound, "no load config");
    return config;
}

} // namespace

TEST(PeLoadConfig, ReadsSecurityCookieAndGuardFlags) {
    u32 const base = 0x2000; // Where image_with_directory puts .rdata.
    std::vector<u8> data(0x200, 0);
    write_u32(data, 0, 0x94 + 4); // Size: through GuardFlags.
    write_u64(data, load_config_offset64::SecurityCookie, 0x140000000ull + base + 0x180);
    write_u32(data, load_config_offset64::GuardFlags, guard_flags::CfInstrumented);
    auto const file = image_with_directory(directory::LoadConfig, data, 0x98);
    auto config = load_config_of(file);
    ASSERT_TRUE(succeeds(config));
    EXPECT_EQ(config.value().size, 0x98u);
    EXPECT_EQ(config.value().security_cookie_va, 0x140000000ull + base + 0x180);
    EXPECT_EQ(config.value().guard_flags, guard_flags::CfInstrumented);
}

TEST(PeLoadConfig, FieldsBeyondTheStructureSizeReadAsAbsent) {
    std::vector<u8> data(0x200, 0);
    write_u32(data, 0, 0x40);                                          // An old, short structure.
    write_u64(data, load_config_offset64::SecurityCookie, 0xDEADBEEF); // Beyond Size: ignored.
    auto config = load_config_of(image_with_directory(directory::LoadConfig, data, 0x40));
    ASSERT_TRUE(succeeds(config));
    EXPECT_FALSE(config.value().has_security_cookie());
    EXPECT_EQ(config.value().guard_flags, 0u);
}

TEST(PeLoadConfig, RejectsCookieOutsideImageAndBadSizes) {
    std::vector<u8> data(0x200, 0);
    write_u32(data, 0, 0x98);
    write_u64(data, load_config_offset64::SecurityCookie, 0x10);
    EXPECT_TRUE(fails_with(load_config_of(image_with_directory(directory::LoadConfig, data, 0x98)),
                           PeError::LoadConfigCookieOutsideImage));
    write_u32(data, 0, 2);
    EXPECT_TRUE(fails_with(load_config_of(image_with_directory(directory::LoadConfig, data, 0x98)),
                           PeError::LoadConfigSizeTooSmall));
    write_u32(data, 0, 0x100000);
    EXPECT_TRUE(fails_with(load_config_of(image_with_directory(directory::LoadConfig, data, 0x98)),
                           PeError::LoadConfigUnreadable));
    write_u32(data, 0, 0x98);
    write_u64(data, load_config_offset64::SecurityCookie, 0);
    write_u64(data, load_config_offset64::GuardCfFunctionTable, 0x140002000ull);
    write_u64(data, load_config_offset64::GuardCfFunctionCount, 0x100000);
    EXPECT_TRUE(fails_with(load_config_of(image_with_directory(directory::LoadConfig, data, 0x98)),
                           PeError::LoadConfigGuardTableOutsideImage));
}

TEST(PeDebug, ReadsTheCodeViewPdbPath) {
    u32 base = 0;
    std::vector<u8> data(0x100, 0);
    auto file = image_with_directory(directory::Debug, data, sizeof(DebugDirectoryEntry), &base);
    Image image0 = Image::parse(view(file)).release_value();
    u32 const section_offset = image0.rva_to_file_offset(base).value();
    DebugDirectoryEntry entry{};
    entry.type = debug_type::CodeView;
    char const record[] = "RSDS0123456789abcdef\x02\x00\x00\x00"
                          "C:\\build\\app.pdb";
    entry.size_of_data = sizeof(record);
    entry.address_of_raw_data = base + 0x40;
    entry.pointer_to_raw_data = section_offset + 0x40;
    std::memcpy(file.data() + section_offset, &entry, sizeof(entry));
    std::memcpy(file.data() + section_offset + 0x40, record, sizeof(record));

    auto image = Image::parse(view(file)).release_value();
    std::vector<std::string> paths;
    ASSERT_TRUE(succeeds(for_each_debug_entry(image, [&](const DebugDirectoryEntry& e) -> ErrorOr<void> {
        CodeViewRecord cv{};
        if (TRY(read_codeview(image, e, cv))) {
            paths.push_back(str(cv.pdb_path));
            EXPECT_EQ(cv.age, 2u);
        }
        return {};
    })));
    EXPECT_EQ(paths, (std::vector<std::string>{"C:\\build\\app.pdb"}));
}

TEST(PeDebug, RejectsMisSizedDirectoriesAndDataOutsideTheFile) {
    auto walk = [](const std::vector<u8>& file) -> ErrorOr<void> {
        Image const image = TRY(Image::parse(view(file)));
        return for_each_debug_entry(image, [](const DebugDirectoryEntry&) -> ErrorOr<void> { return {}; });
    };
    std::vector<u8> data(0x100, 0);
    EXPECT_TRUE(fails_with(walk(image_with_directory(directory::Debug, data, 30)),
                           PeError::DebugDirectorySizeMisaligned));
    write_u32(data, 16, 0x100);      // SizeOfData
    write_u32(data, 24, 0x7FFFFF00); // PointerToRawData
    EXPECT_TRUE(
        fails_with(walk(image_with_directory(directory::Debug, data, 28)), PeError::DebugDataOutsideFile));
}
