#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "pe/Exports.h"
#include "pe/Image.h"
#include "pe/Imports.h"
#include "pe/Mapper.h"
#include "pe/Relocations.h"
#include "pe/Tls.h"
#include "tests/pe/TestHelpers.h"

// Real PE32+ files produced by a real toolchain (the mingw-w64 runtime DLLs from package
// gcc-mingw-w64-x86-64), when the machine has them.

using namespace halcyon;
using namespace halcyon::pe;
using namespace halcyon::pe::test;

namespace {

std::vector<std::filesystem::path> mingw_dlls() {
    std::vector<std::filesystem::path> result;
    for (char const* directory : {"/usr/lib/gcc/x86_64-w64-mingw32/12-win32", "/usr/x86_64-w64-mingw32/lib"}) {
        std::error_code error;
        for (auto const& entry : std::filesystem::directory_iterator(directory, error))
            if (entry.path().extension() == ".dll")
                result.push_back(entry.path());
    }
    return result;
}

std::vector<u8> read_file(const std::filesystem::path& path) {
    std::ifstream stream(path, std::ios::binary);
    return std::vector<u8>(std::istreambuf_iterator<char>(stream), {});
}

struct Summary {
    usize modules = 0;
    usize functions = 0;
    usize delay_functions = 0;
    usize exports = 0;
    usize named_exports = 0;
};

Summary walk(const Image& image) {
    Summary summary;
    auto count_functions = [&](usize& counter) {
        return [&image, &counter](const ImportModule& module) -> ErrorOr<void> {
            EXPECT_FALSE(module.dll_name.is_empty());
            return for_each_imported_function(image, module, [&](const ImportedFunction& function) -> ErrorOr<void> {
                EXPECT_TRUE(function.by_ordinal || !function.name.is_empty());
                ++counter;
                return {};
            });
        };
    };
    EXPECT_TRUE(succeeds(for_each_import_module(image, [&](const ImportModule& module) -> ErrorOr<void> {
        ++summary.modules;
        return count_functions(summary.functions)(module);
    })));
    EXPECT_TRUE(succeeds(for_each_delay_import_module(image, count_functions(summary.delay_functions))));

    auto table = ExportTable::open(image);
    EXPECT_TRUE(succeeds(table));
    if (table.is_error())
        return summary;
    ExportTable const& exports = table.value();
    EXPECT_TRUE(succeeds(exports.for_each_export([&](const ExportTarget& target) -> ErrorOr<void> {
        ++summary.exports;
        if (target.is_forwarder())
            EXPECT_TRUE(succeeds(parse_forwarder(target.forwarder)));
        return {};
    })));
    EXPECT_TRUE(succeeds(exports.for_each_named_export([&](const NamedExport& entry) -> ErrorOr<void> {
        ++summary.named_exports;
        // Every name must be found again, with and without its hint (i.e. the table is sorted).
        auto with_hint = exports.find_by_name(entry.name, entry.name_index);
        auto without_hint = exports.find_by_name(entry.name);
        EXPECT_TRUE(succeeds(with_hint)) << str(entry.name);
        EXPECT_TRUE(succeeds(without_hint)) << str(entry.name);
        if (without_hint.has_value())
            EXPECT_EQ(without_hint.value().ordinal, entry.target.ordinal);
        auto by_ordinal = exports.find_by_ordinal(entry.target.ordinal);
        EXPECT_TRUE(succeeds(by_ordinal));
        return {};
    })));
    TlsInfo tls{};
    EXPECT_TRUE(succeeds(read_tls(image, tls)));
    return summary;
}

} // namespace

TEST(PeRealFiles, MingwRuntimeDllsParseWalkMapAndRelocate) {
    auto const dlls = mingw_dlls();
    if (dlls.empty())
        GTEST_SKIP() << "no mingw-w64 DLLs installed (package gcc-mingw-w64-x86-64)";
    usize relocated_images = 0;
    for (auto const& path : dlls) {
        SCOPED_TRACE(path.string());
        auto const file = read_file(path);
        auto parsed = Image::parse(view(file));
        ASSERT_TRUE(succeeds(parsed));
        Image const& image = parsed.value();
        EXPECT_TRUE(image.is_dll());
        Summary const from_file = walk(image);
        EXPECT_GT(from_file.modules, 0u);
        EXPECT_GT(from_file.functions, 0u);
        EXPECT_GT(from_file.named_exports, 0u);

        std::vector<u8> memory(MappingPlan(image).mapped_size(), 0);
        ASSERT_TRUE(succeeds(map_into(image, mutable_view(memory))));
        auto mapped = Image::parse_mapped(view(memory));
        ASSERT_TRUE(succeeds(mapped));
        Summary const from_memory = walk(mapped.value());
        EXPECT_EQ(from_memory.functions, from_file.functions);
        EXPECT_EQ(from_memory.exports, from_file.exports);

        if (image.relocations_stripped())
            continue;
        u32 dir64 = 0;
        ASSERT_TRUE(succeeds(for_each_relocation(image, [&](const Relocation& relocation) -> ErrorOr<void> {
            dir64 += relocation.type == relocation_type::Dir64;
            return {};
        })));
        auto const original = memory;
        u64 const new_base = image.image_base() + 0x10000000ull;
        ASSERT_TRUE(succeeds(apply_relocations(mutable_view(memory), new_base)));
        EXPECT_EQ(Image::parse_mapped(view(memory)).release_value().image_base(), new_base);
        if (dir64 > 0)
            EXPECT_NE(memory, original);
        Summary const relocated = walk(Image::parse_mapped(view(memory)).release_value());
        EXPECT_EQ(relocated.functions, from_file.functions);
        ASSERT_TRUE(succeeds(apply_relocations(mutable_view(memory), image.image_base())));
        EXPECT_EQ(memory, original);
        ++relocated_images;
    }
    EXPECT_GT(relocated_images, 0u);
}
