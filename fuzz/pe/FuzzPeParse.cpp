// libFuzzer harness for pe/: the input is a PE file. It is parsed as a file and, separately, as
// if it were already a mapped view; every directory is walked; a file that parses is mapped,
// rebased and rebased back, with invariants checked after each step (a violated invariant
// traps, so the fuzzer reports it like a crash).

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "pe/Exports.h"
#include "pe/Image.h"
#include "pe/Imports.h"
#include "pe/Mapper.h"
#include "pe/Relocations.h"
#include "pe/Resources.h"
#include "pe/Tls.h"

using namespace halcyon;
using namespace halcyon::pe;

namespace {

/// Keeps mapping cheap: larger SizeOfImage values are valid but say nothing new to the fuzzer.
constexpr u32 kMaxMappedSize = 16 * MiB;

#define FUZZ_CHECK(condition)                                                                          \
    do {                                                                                               \
        if (!(condition))                                                                              \
            __builtin_trap();                                                                          \
    } while (0)

template <typename T>
void check_error_is_described(const ErrorOr<T>& result) {
    if (result.is_error()) {
        FUZZ_CHECK(result.error().status().is_error());
        FUZZ_CHECK(result.error().has_message());
    }
}

void walk_directories(const Image& image) {
    auto visit_module = [&](const ImportModule& module) -> ErrorOr<void> {
        FUZZ_CHECK(!module.dll_name.is_empty());
        return for_each_imported_function(image, module, [&](const ImportedFunction& function) -> ErrorOr<void> {
            FUZZ_CHECK(function.by_ordinal || !function.name.is_empty());
            FUZZ_CHECK(static_cast<u64>(function.address_slot_rva) + 8 <= image.size_of_image());
            return {};
        });
    };
    check_error_is_described(for_each_import_module(image, visit_module));
    check_error_is_described(for_each_delay_import_module(image, visit_module));

    auto table = ExportTable::open(image);
    check_error_is_described(table);
    if (table.has_value()) {
        ExportTable const& exports = table.value();
        check_error_is_described(exports.for_each_export([&](const ExportTarget& target) -> ErrorOr<void> {
            FUZZ_CHECK(target.is_forwarder() || target.rva < image.size_of_image());
            auto again = exports.find_by_ordinal(target.ordinal);
            FUZZ_CHECK(again.has_value() && again.value().rva == target.rva);
            if (target.is_forwarder())
                check_error_is_described(parse_forwarder(target.forwarder));
            return {};
        }));
        check_error_is_described(exports.for_each_named_export([&](const NamedExport& entry) -> ErrorOr<void> {
            // With its own hint a name is always found, sorted table or not.
            auto found = exports.find_by_name(entry.name, entry.name_index);
            FUZZ_CHECK(found.has_value() && found.value().ordinal == entry.target.ordinal);
            check_error_is_described(exports.find_by_name(entry.name));
            return {};
        }));
    }

    // Resources: every leaf is found again by its own type, name and language, its data entry is
    // recognised as one, and its data lies inside the image (what FindResource/LoadResource rely on).
    auto resources = ResourceTable::open(image);
    check_error_is_described(resources);
    if (resources.has_value()) {
        ResourceTable const& tree = resources.value();
        u32 checked = 0;
        check_error_is_described(tree.for_each_leaf([&](const ResourceLeaf& leaf) -> ErrorOr<void> {
            FUZZ_CHECK(static_cast<u64>(leaf.data_rva) + leaf.size <= image.size_of_image());
            if (++checked > 16)
                return {}; // Re-finding is quadratic; a few leaves say enough.
            auto key = [](const ResourceName& name) {
                return name.is_id ? ResourceKey::from_id(name.id) : ResourceKey::from_utf16(name.utf16);
            };
            u32 const languages[] = {leaf.language.is_id ? leaf.language.id : kAnyLanguage, kAnyLanguage};
            ResourceMiss miss = ResourceMiss::Type;
            auto found = tree.find_first_of_languages(key(leaf.type), key(leaf.name), languages, miss);
            check_error_is_described(found);
            if (found.has_value())
                FUZZ_CHECK(miss == ResourceMiss::None);
            auto direct = tree.data_entry_at(leaf.data_entry_offset);
            FUZZ_CHECK(direct.has_value() && direct.value().data_rva == leaf.data_rva &&
                       direct.value().size == leaf.size);
            auto is_entry = tree.is_data_entry(leaf.data_entry_offset);
            check_error_is_described(is_entry);
            if (is_entry.has_value())
                FUZZ_CHECK(is_entry.value());
            check_error_is_described(tree.data(leaf));
            return {};
        }));
    }

    TlsInfo tls{};
    auto has_tls = read_tls(image, tls);
    check_error_is_described(has_tls);
    if (has_tls.has_value() && has_tls.value()) {
        FUZZ_CHECK(static_cast<u64>(tls.raw_data_start_rva) + tls.raw_data_size <= image.size_of_image());
        u32 callbacks = 0;
        check_error_is_described(for_each_tls_callback(image, tls, [&](u64 va) -> ErrorOr<void> {
            FUZZ_CHECK(va >= image.image_base() && va - image.image_base() < image.size_of_image());
            ++callbacks;
            return {};
        }));
        FUZZ_CHECK(callbacks == tls.callback_count);
    }

    for (u32 i = 0; i < directory::Count; ++i) {
        DataDirectory const entry = image.data_directory(i);
        if (entry.virtual_address != 0 && i != directory::Security)
            FUZZ_CHECK(static_cast<u64>(entry.virtual_address) + entry.size <= image.size_of_image());
    }
    check_error_is_described(for_each_relocation(image, [](const Relocation&) -> ErrorOr<void> { return {}; }));
}

/// True when rebasing there and back must restore every byte: relocation targets are disjoint
/// and touch neither the headers nor the relocation table (either would change what the
/// second pass reads).
bool relocation_round_trip_is_exact(const Image& image) {
    std::vector<std::pair<u64, u64>> ranges;
    auto collected = for_each_relocation(image, [&](const Relocation& relocation) -> ErrorOr<void> {
        u64 const width = relocation.type == relocation_type::Dir64     ? 8
                          : relocation.type == relocation_type::HighLow ? 4
                                                                        : 2;
        ranges.push_back({relocation.rva, relocation.rva + width});
        return {};
    });
    if (collected.is_error())
        return false;
    DataDirectory const table = image.data_directory(directory::BaseRelocation);
    ranges.push_back({0, image.size_of_headers()});
    ranges.push_back({table.virtual_address, static_cast<u64>(table.virtual_address) + table.size});
    std::sort(ranges.begin(), ranges.end());
    for (usize i = 1; i < ranges.size(); ++i)
        if (ranges[i].first < ranges[i - 1].second)
            return false;
    return true;
}

void map_and_relocate(const Image& image) {
    if (image.size_of_image() > kMaxMappedSize)
        return;
    std::vector<u8> memory(MappingPlan(image).mapped_size(), 0);
    MappingPlan const plan(image);
    for (u32 i = 0; i < plan.region_count(); ++i) {
        MapRegion const region = plan.region(i);
        FUZZ_CHECK(region.raw_size <= region.virtual_size);
        FUZZ_CHECK(static_cast<u64>(region.rva) + region.virtual_size <= memory.size());
    }
    auto mapped_result = map_into(image, {memory.data(), memory.size()});
    FUZZ_CHECK(!mapped_result.is_error()); // A validated image always maps.

    // A validated file image, once mapped, is a valid mapped view.
    auto mapped = Image::parse_mapped({memory.data(), memory.size()});
    FUZZ_CHECK(mapped.has_value());
    walk_directories(mapped.value());

    bool const exact = relocation_round_trip_is_exact(mapped.value());
    std::vector<u8> const original = memory;
    u64 const old_base = image.image_base();
    u64 const new_base = old_base >= 0x10000000ull ? old_base - 0x10000000ull : old_base + 0x10000000ull;
    auto relocated = apply_relocations({memory.data(), memory.size()}, new_base);
    check_error_is_described(relocated);
    if (relocated.is_error()) {
        if (exact)
            FUZZ_CHECK(memory == original); // Validation happens before any write.
        return;
    }
    if (auto again = Image::parse_mapped({memory.data(), memory.size()}); again.has_value()) {
        if (exact)
            FUZZ_CHECK(again.value().image_base() == new_base);
        walk_directories(again.value());
    }
    if (exact) {
        auto back = apply_relocations({memory.data(), memory.size()}, old_base);
        FUZZ_CHECK(!back.is_error());
        FUZZ_CHECK(memory == original);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    ReadonlyBytes const input(data, size);

    auto as_file = Image::parse(input);
    check_error_is_described(as_file);
    if (as_file.has_value()) {
        walk_directories(as_file.value());
        map_and_relocate(as_file.value());
    }

    // The same bytes as if the kernel had already mapped them: exercises the mapped-view paths
    // directly, including layouts no file would map to.
    auto as_mapped = Image::parse_mapped(input);
    check_error_is_described(as_mapped);
    if (as_mapped.has_value())
        walk_directories(as_mapped.value());
    return 0;
}
