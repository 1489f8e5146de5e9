#include <gtest/gtest.h>

#include "pe/Image.h"
#include "pe/Unwind.h"
#include "tests/pe/PeBuilder.h"
#include "tests/pe/TestHelpers.h"

using namespace halcyon;
using namespace halcyon::pe;
using namespace halcyon::pe::test;

namespace {

constexpr u16 code(u8 prolog_offset, u8 op, u8 info) {
    return static_cast<u16>(prolog_offset | (op << 8) | (info << 12));
}

/// Appends an UNWIND_INFO (header, codes padded to even, then `trailer` u32s) to `data`.
u32 add_unwind_info(std::vector<u8>& data, u8 flags, u8 prolog, const std::vector<u16>& codes,
                    const std::vector<u32>& trailer, u8 frame = 0) {
    u32 const at = static_cast<u32>(data.size());
    data.push_back(static_cast<u8>(1 | (flags << 3)));
    data.push_back(prolog);
    data.push_back(static_cast<u8>(codes.size()));
    data.push_back(frame);
    for (u16 c : codes) {
        data.push_back(static_cast<u8>(c));
        data.push_back(static_cast<u8>(c >> 8));
    }
    if (codes.size() % 2)
        data.insert(data.end(), {0, 0});
    for (u32 value : trailer)
        for (int shift = 0; shift < 32; shift += 8)
            data.push_back(static_cast<u8>(value >> shift));
    return at;
}

struct Layout {
    std::vector<u8> file;
    u32 xdata_rva;
};

/// .text at 0x1000; .xdata holds `xdata`; .pdata holds `functions` (unwind RVAs relative to .xdata).
Layout build(const std::vector<u8>& xdata, const std::vector<RuntimeFunction>& functions,
             bool relative = true) {
    PeBuilder builder;
    builder.add_section(".text", kCode, std::vector<u8>(0x400, 0xC3));
    u32 const xdata_rva = builder.next_rva();
    builder.add_section(".xdata", kReadOnlyData, xdata.empty() ? std::vector<u8>(4, 0) : xdata);
    std::vector<u8> pdata;
    for (RuntimeFunction f : functions) {
        if (relative)
            f.unwind_info_rva += xdata_rva;
        for (u32 value : {f.begin_rva, f.end_rva, f.unwind_info_rva})
            for (int shift = 0; shift < 32; shift += 8)
                pdata.push_back(static_cast<u8>(value >> shift));
    }
    u32 const pdata_rva = builder.next_rva();
    builder.add_section(".pdata", kReadOnlyData, pdata);
    builder.set_directory(directory::Exception, pdata_rva, static_cast<u32>(pdata.size()));
    return {builder.build(), xdata_rva};
}

} // namespace

TEST(PeUnwind, LooksUpTheFunctionEntryContainingAnAddress) {
    std::vector<u8> xdata;
    u32 const info = add_unwind_info(xdata, 0, 0, {}, {});
    Layout const layout =
        build(xdata, {{0x1000, 0x1010, info}, {0x1010, 0x1010, info}, {0x1020, 0x1080, info}});
    auto image = Image::parse(view(layout.file)).release_value();
    auto table = ExceptionTable::open(image);
    ASSERT_TRUE(succeeds(table));
    EXPECT_EQ(table.value().count(), 3u);
    EXPECT_EQ(table.value().lookup_function_entry(0x1000).value().begin_rva, 0x1000u);
    EXPECT_EQ(table.value().lookup_function_entry(0x107F).value().begin_rva, 0x1020u);
    EXPECT_TRUE(
        fails_with(table.value().lookup_function_entry(0x1010), PeError::FunctionEntryNotFound)); // Gap.
    EXPECT_TRUE(fails_with(table.value().lookup_function_entry(0x1080), PeError::FunctionEntryNotFound));
}

TEST(PeUnwind, DecodesEveryKindOfUnwindCode) {
    std::vector<u8> xdata;
    // As a compiler emits them: last prolog instruction first.
    u32 const info = add_unwind_info(
        xdata, 0, 0x20,
        {code(0x20, unwind_op::SaveXmm128, 6), 0x0003,                 // xmm6 at rsp+0x30
         code(0x1A, unwind_op::SaveNonvolatileFar, 3), 0x0000, 0x0001, // rbx at +0x10000
         code(0x14, unwind_op::SetFramePointer, 0), code(0x10, unwind_op::AllocLarge, 1), 0x0000,
         0x0002,                                            // 0x20000 bytes
         code(0x0A, unwind_op::AllocLarge, 0), 0x0040,      // 0x200 bytes
         code(0x06, unwind_op::AllocSmall, 3),              // 32 bytes
         code(0x04, unwind_op::SaveNonvolatile, 7), 0x0002, // rdi at +16
         code(0x01, unwind_op::PushNonvolatile, 5), code(0x00, unwind_op::PushMachineFrame, 1)},
        {}, 0x35);
    Layout const layout = build(xdata, {{0x1000, 0x1100, info}});
    auto image = Image::parse(view(layout.file)).release_value();
    auto unwind = read_unwind_info(image, layout.xdata_rva + info);
    ASSERT_TRUE(succeeds(unwind));
    EXPECT_EQ(unwind.value().version, 1u);
    EXPECT_EQ(unwind.value().prolog_size, 0x20u);
    EXPECT_EQ(unwind.value().frame_register, 5u);
    EXPECT_EQ(unwind.value().frame_offset, 0x30u);
    std::vector<std::pair<u8, u32>> decoded;
    ASSERT_TRUE(succeeds(for_each_unwind_code(unwind.value(), [&](const UnwindCode& c) -> ErrorOr<void> {
        decoded.push_back({c.op, c.operand});
        return {};
    })));
    EXPECT_EQ(decoded, (std::vector<std::pair<u8, u32>>{{unwind_op::SaveXmm128, 0x30},
                                                        {unwind_op::SaveNonvolatileFar, 0x10000},
                                                        {unwind_op::SetFramePointer, 0},
                                                        {unwind_op::AllocLarge, 0x20000},
                                                        {unwind_op::AllocLarge, 0x200},
                                                        {unwind_op::AllocSmall, 32},
                                                        {unwind_op::SaveNonvolatile, 16},
                                                        {unwind_op::PushNonvolatile, 0},
                                                        {unwind_op::PushMachineFrame, 0}}));
}

TEST(PeUnwind, ReadsTheExceptionHandlerAndItsData) {
    std::vector<u8> xdata;
    u32 const info = add_unwind_info(xdata, unwind_flags::ExceptionHandler | unwind_flags::TerminationHandler,
                                     4, {code(4, unwind_op::AllocSmall, 1)}, {0x1200, 0xABCD});
    Layout const layout = build(xdata, {{0x1000, 0x1100, info}});
    auto image = Image::parse(view(layout.file)).release_value();
    auto unwind = read_unwind_info(image, layout.xdata_rva + info);
    ASSERT_TRUE(succeeds(unwind));
    EXPECT_TRUE(unwind.value().has_handler());
    EXPECT_EQ(unwind.value().handler_rva, 0x1200u);
    EXPECT_EQ(unwind.value().handler_data_rva,
              layout.xdata_rva + info + 4 + 4 + 4); // header, 2 slots, handler
}

TEST(PeUnwind, FollowsChainedUnwindInfoToThePrimary) {
    std::vector<u8> xdata;
    u32 const primary = add_unwind_info(xdata, 0, 4, {code(4, unwind_op::PushNonvolatile, 3)}, {});
    // The chained entry names the primary's RUNTIME_FUNCTION (RVAs are absolute: fixed below).
    std::vector<u8> probe = xdata;
    u32 const chained = add_unwind_info(probe, unwind_flags::ChainInfo, 0, {}, {0x1000, 0x1040, 0});
    Layout layout = build(probe, {{0x1000, 0x1040, primary}, {0x1080, 0x10C0, chained}});
    // Patch the chained RUNTIME_FUNCTION's unwind RVA now that the .xdata RVA is known.
    auto image0 = Image::parse(view(layout.file)).release_value();
    u32 const field_rva = layout.xdata_rva + chained + 4 + 8;
    u32 const field_offset = image0.rva_to_file_offset(field_rva).value();
    write_u32(layout.file, field_offset, layout.xdata_rva + primary);

    auto image = Image::parse(view(layout.file)).release_value();
    ExceptionTable const table = ExceptionTable::open(image).release_value();
    std::vector<u32> visited;
    ASSERT_TRUE(succeeds(for_each_unwind_info_in_chain(image, table.lookup_function_entry(0x1090).value(),
                                                       [&](const UnwindInfo& info) -> ErrorOr<void> {
                                                           visited.push_back(info.rva);
                                                           return {};
                                                       })));
    EXPECT_EQ(visited, (std::vector<u32>{layout.xdata_rva + chained, layout.xdata_rva + primary}));
}

TEST(PeUnwind, RejectsAChainThatLoopsForever) {
    std::vector<u8> xdata;
    u32 const self = add_unwind_info(xdata, unwind_flags::ChainInfo, 0, {}, {0x1000, 0x1040, 0});
    Layout layout = build(xdata, {{0x1000, 0x1040, self}});
    auto image0 = Image::parse(view(layout.file)).release_value();
    write_u32(layout.file, image0.rva_to_file_offset(layout.xdata_rva + self + 4 + 8).value(),
              layout.xdata_rva + self);
    auto image = Image::parse(view(layout.file)).release_value();
    ExceptionTable const table = ExceptionTable::open(image).release_value();
    EXPECT_TRUE(fails_with(for_each_unwind_info_in_chain(
                               image, table.entry(0), [](const UnwindInfo&) -> ErrorOr<void> { return {}; }),
                           PeError::UnwindChainTooDeep));
}

TEST(PeUnwind, RejectsMalformedUnwindInfo) {
    std::vector<u8> xdata;
    u32 const unknown_op = add_unwind_info(xdata, 0, 0, {code(0, 11, 0)}, {});
    u32 const truncated = add_unwind_info(xdata, 0, 0, {code(0, unwind_op::SaveNonvolatileFar, 3), 0}, {});
    u32 const bad_large = add_unwind_info(xdata, 0, 0, {code(0, unwind_op::AllocLarge, 2), 0, 0}, {});
    u32 const chain_and_handler =
        add_unwind_info(xdata, unwind_flags::ChainInfo | unwind_flags::ExceptionHandler, 0, {}, {0, 0, 0});
    u32 const version = static_cast<u32>(xdata.size());
    xdata.insert(xdata.end(), {3, 0, 0, 0});
    u32 const handler_outside = add_unwind_info(xdata, unwind_flags::ExceptionHandler, 0, {}, {0x7FFFFFF0});
    Layout const layout = build(xdata, {{0x1000, 0x1010, unknown_op}});
    auto image = Image::parse(view(layout.file)).release_value();
    u32 const base = layout.xdata_rva;
    EXPECT_TRUE(fails_with(read_unwind_info(image, base + unknown_op), PeError::UnwindCodeUnknown));
    EXPECT_TRUE(fails_with(read_unwind_info(image, base + truncated), PeError::UnwindCodeTruncated));
    EXPECT_TRUE(fails_with(read_unwind_info(image, base + bad_large), PeError::UnwindCodeUnknown));
    EXPECT_TRUE(
        fails_with(read_unwind_info(image, base + chain_and_handler), PeError::UnwindInfoChainWithHandler));
    EXPECT_TRUE(fails_with(read_unwind_info(image, base + version), PeError::UnwindInfoVersionUnknown));
    EXPECT_TRUE(
        fails_with(read_unwind_info(image, base + handler_outside), PeError::UnwindHandlerOutsideImage));
    EXPECT_TRUE(fails_with(read_unwind_info(image, 0x7FFFFFF0), PeError::UnwindInfoUnreadable));
}

TEST(PeUnwind, RejectsUnsortedReversedAndMisSizedTables) {
    std::vector<u8> xdata;
    u32 const info = add_unwind_info(xdata, 0, 0, {}, {});
    auto open = [](const Layout& layout) -> ErrorOr<u32> {
        Image const image = TRY(Image::parse(view(layout.file)));
        ExceptionTable const table = TRY(ExceptionTable::open(image));
        return table.count();
    };
    EXPECT_TRUE(fails_with(open(build(xdata, {{0x1020, 0x1030, info}, {0x1000, 0x1010, info}})),
                           PeError::ExceptionTableNotSorted));
    EXPECT_TRUE(fails_with(open(build(xdata, {{0x1000, 0x1030, info}, {0x1020, 0x1040, info}})),
                           PeError::ExceptionTableNotSorted));
    EXPECT_TRUE(fails_with(open(build(xdata, {{0x1010, 0x1000, info}})), PeError::ExceptionEntryReversed));
    EXPECT_TRUE(
        fails_with(open(build(xdata, {{0x1000, 0x7FFFFFFF, info}})), PeError::ExceptionEntryOutsideImage));

    Layout odd = build(xdata, {{0x1000, 0x1010, info}});
    auto image = Image::parse(view(odd.file)).release_value();
    PeBuilder probe;
    u32 const directory_offset = probe.optional_header_offset() + 112 + directory::Exception * 8;
    write_u32(odd.file, directory_offset + 4, 13);
    EXPECT_TRUE(fails_with(open(odd), PeError::ExceptionTableSizeMisaligned));
    (void)image;
}
