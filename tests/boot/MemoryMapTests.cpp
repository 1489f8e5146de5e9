#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include <halcyon/BootInfo.h>

#include "MemoryMap.h"

using namespace halcyon::baremetal;
using halcyon::boot::MemoryDescriptor;

namespace {

constexpr uint32_t kConventional = 7, kBootServicesCode = 3, kBootServicesData = 4, kLoaderData = 2,
                   kReserved = 0, kMmio = 11;
constexpr uint64_t MiB = 1ull << 20;

struct Entry {
    uint32_t type;
    uint64_t base;
    uint64_t pages;
};

// A firmware-style map with the given stride (OVMF uses 48 bytes, larger than the struct).
std::vector<uint8_t> make_map(const std::vector<Entry>& entries, size_t stride = 48) {
    std::vector<uint8_t> bytes(entries.size() * stride, 0xcc);
    for (size_t i = 0; i < entries.size(); ++i) {
        MemoryDescriptor descriptor{entries[i].type, 0, entries[i].base, 0, entries[i].pages, 0xf};
        std::memcpy(&bytes[i * stride], &descriptor, sizeof descriptor);
    }
    return bytes;
}

std::vector<PhysicalRange> ranges_of(const std::vector<uint8_t>& map, size_t stride = 48,
                                     std::vector<PhysicalRange> reserved = {}, uint64_t minimum = MiB,
                                     size_t capacity = 16, UsableRanges* info = nullptr) {
    std::vector<PhysicalRange> out(capacity);
    UsableRanges result = usable_ranges(map.data(), map.size(), stride, reserved.data(), reserved.size(), minimum,
                                        out.data(), capacity);
    if (info)
        *info = result;
    out.resize(result.count);
    return out;
}

void expect_ranges(const std::vector<PhysicalRange>& actual, const std::vector<PhysicalRange>& expected) {
    ASSERT_EQ(actual.size(), expected.size());
    for (size_t i = 0; i < actual.size(); ++i) {
        EXPECT_EQ(actual[i].base, expected[i].base) << "range " << i;
        EXPECT_EQ(actual[i].size, expected[i].size) << "range " << i;
    }
}

TEST(MemoryMap, ConventionalAndBootServicesMemoryIsUsableOtherTypesAreNot) {
    auto map = make_map({{kConventional, 16 * MiB, 256},
                         {kBootServicesCode, 32 * MiB, 16},
                         {kBootServicesData, 40 * MiB, 16},
                         {kLoaderData, 48 * MiB, 16},
                         {kReserved, 56 * MiB, 16},
                         {kMmio, 0xfec00000, 1}});
    expect_ranges(ranges_of(map), {{16 * MiB, 1 * MiB}, {32 * MiB, 64 * 1024}, {40 * MiB, 64 * 1024}});
}

TEST(MemoryMap, UnsortedTouchingRangesAreSortedAndMerged) {
    auto map = make_map({{kConventional, 20 * MiB, 256}, {kBootServicesData, 16 * MiB, 1024}, {kConventional, 64 * MiB, 1}});
    expect_ranges(ranges_of(map), {{16 * MiB, 5 * MiB}, {64 * MiB, 4096}});
}

TEST(MemoryMap, MemoryBelowTheMinimumAddressIsDropped) {
    auto map = make_map({{kConventional, 0, 160}, {kConventional, 0x80000, 256}});
    // [0x80000, 0x180000) is cut at 1 MiB; [0, 0xa0000) vanishes.
    expect_ranges(ranges_of(map), {{MiB, 0x80000}});
}

TEST(MemoryMap, AReservedRangeInTheMiddleSplitsAUsableRange) {
    auto map = make_map({{kConventional, 16 * MiB, 1024}});
    expect_ranges(ranges_of(map, 48, {{17 * MiB + 100, 10}}), {{16 * MiB, MiB}, {17 * MiB + 4096, 3 * MiB - 4096}});
}

TEST(MemoryMap, AReservedRangeCoveringAUsableRangeRemovesIt) {
    auto map = make_map({{kConventional, 16 * MiB, 256}, {kConventional, 32 * MiB, 256}});
    expect_ranges(ranges_of(map, 48, {{15 * MiB, 2 * MiB}}), {{32 * MiB, MiB}});
}

TEST(MemoryMap, TheDescriptorStrideIsHonoured) {
    auto map = make_map({{kConventional, 16 * MiB, 1}, {kConventional, 64 * MiB, 2}}, 64);
    expect_ranges(ranges_of(map, 64), {{16 * MiB, 4096}, {64 * MiB, 8192}});
}

TEST(MemoryMap, AStrideSmallerThanADescriptorYieldsNothing) {
    auto map = make_map({{kConventional, 16 * MiB, 1}}, 48);
    EXPECT_TRUE(ranges_of(map, 16).empty());
}

TEST(MemoryMap, WrappingAndEmptyDescriptorsAreSkippedAndCounted) {
    auto map = make_map({{kConventional, 0xfffffffffffff000ull, 2}, {kConventional, 16 * MiB, 0}, {kConventional, 32 * MiB, 1}});
    UsableRanges info{};
    expect_ranges(ranges_of(map, 48, {}, MiB, 16, &info), {{32 * MiB, 4096}});
    EXPECT_EQ(info.malformed, 2u);
}

TEST(MemoryMap, MoreRangesThanCapacityKeepsTheLargestAndSaysSo) {
    auto map = make_map({{kConventional, 16 * MiB, 1}, {kConventional, 32 * MiB, 8}, {kConventional, 48 * MiB, 4}});
    UsableRanges info{};
    auto ranges = ranges_of(map, 48, {}, MiB, 2, &info);
    EXPECT_TRUE(info.truncated);
    expect_ranges(ranges, {{32 * MiB, 8 * 4096}, {48 * MiB, 4 * 4096}});
}

TEST(MemoryMap, HighestPhysicalAddressCoversEveryType) {
    auto map = make_map({{kConventional, 16 * MiB, 1}, {kMmio, 0xffc00000, 1024}});
    EXPECT_EQ(highest_physical_address(map.data(), map.size(), 48), 0x100000000ull);
}

} // namespace
