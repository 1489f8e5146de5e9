#include <gtest/gtest.h>

#include "pe/Image.h"
#include "pe/Mapper.h"
#include "pe/Relocations.h"
#include "pe/Tls.h"
#include "tests/pe/PeBuilder.h"
#include "tests/pe/TestHelpers.h"

using namespace halcyon;
using namespace halcyon::pe;
using namespace halcyon::pe::test;

TEST(PeTls, ReadsTemplateIndexZeroFillAndCallbacks) {
    PeBuilder builder;
    builder.add_section(".text", kCode, std::vector<u8>(0x40, 0xC3));
    TlsLayout const layout = add_tls_section(builder, {1, 2, 3, 4, 5}, 0x20, {0x1000, 0x1010});
    auto const file = builder.build();
    auto image = Image::parse(view(file)).release_value();
    TlsInfo tls{};
    auto has = read_tls(image, tls);
    ASSERT_TRUE(succeeds(has));
    ASSERT_TRUE(has.value());
    EXPECT_EQ(tls.raw_data_start_rva, layout.template_rva);
    EXPECT_EQ(tls.raw_data_size, 5u);
    EXPECT_EQ(tls.zero_fill_size, 0x20u);
    EXPECT_EQ(tls.index_rva, layout.index_rva);
    EXPECT_EQ(tls.callbacks_rva, layout.callbacks_rva);
    EXPECT_EQ(tls.callback_count, 2u);
    std::vector<u64> callbacks;
    ASSERT_TRUE(succeeds(for_each_tls_callback(image, tls, [&](u64 va) -> ErrorOr<void> {
        callbacks.push_back(va);
        return {};
    })));
    EXPECT_EQ(callbacks, (std::vector<u64>{builder.image_base + 0x1000, builder.image_base + 0x1010}));
}

TEST(PeTls, ReportsNoTlsWhenTheDirectoryIsAbsent) {
    PeBuilder builder;
    builder.add_section(".text", kCode, std::vector<u8>(16, 0xC3));
    auto const file = builder.build();
    auto image = Image::parse(view(file)).release_value();
    TlsInfo tls{};
    auto has = read_tls(image, tls);
    ASSERT_TRUE(succeeds(has));
    EXPECT_FALSE(has.value());
}

TEST(PeTls, RejectsCallbackOutsideImage) {
    PeBuilder builder;
    builder.add_section(".text", kCode, std::vector<u8>(16, 0xC3));
    add_tls_section(builder, {1}, 0, {0x100000});
    auto const file = builder.build();
    auto image = Image::parse(view(file)).release_value();
    TlsInfo tls{};
    EXPECT_TRUE(fails_with(read_tls(image, tls), status::InvalidImageFormat, "TLS callback outside image"));
}

TEST(PeTls, RejectsTemplateEndBeforeStart) {
    PeBuilder builder;
    builder.add_section(".text", kCode, std::vector<u8>(16, 0xC3));
    TlsLayout const layout = add_tls_section(builder, {1, 2}, 0, {});
    auto& data = builder.section(layout.section_index).data;
    write_u64(data, 8, read_u64(data, 0) - 1);
    auto const file = builder.build();
    auto image = Image::parse(view(file)).release_value();
    TlsInfo tls{};
    EXPECT_TRUE(fails_with(read_tls(image, tls), status::InvalidImageFormat, "TLS template end precedes its start"));
}

TEST(PeTls, FollowsTheImageAfterRelocation) {
    auto const file = build_sample_image();
    auto image = Image::parse(view(file)).release_value();
    std::vector<u8> memory(image.size_of_image(), 0);
    ASSERT_TRUE(succeeds(map_into(image, mutable_view(memory))));
    TlsInfo before{};
    ASSERT_TRUE(read_tls(Image::parse_mapped(view(memory)).release_value(), before).value());

    u64 const new_base = 0x10000000ull;
    ASSERT_TRUE(succeeds(apply_relocations(mutable_view(memory), new_base)));
    auto relocated = Image::parse_mapped(view(memory)).release_value();
    TlsInfo after{};
    ASSERT_TRUE(read_tls(relocated, after).value());
    EXPECT_EQ(after.raw_data_start_rva, before.raw_data_start_rva);
    EXPECT_EQ(after.index_rva, before.index_rva);
    EXPECT_EQ(after.raw.address_of_index, new_base + before.index_rva);
    ASSERT_EQ(after.callback_count, 1u);
    ASSERT_TRUE(succeeds(for_each_tls_callback(relocated, after, [&](u64 va) -> ErrorOr<void> {
        EXPECT_EQ(va, new_base + image.entry_rva() + 0x30);
        return {};
    })));
}
