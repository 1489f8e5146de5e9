// The hive file format: round trips, and every kind of damage reported as RegistryCorrupt.

#include "KernelHeapForTests.h"
#include "RegistryTestSupport.h"
#include "core/registry/HiveFile.h"
#include "core/registry/Registry.h"

#include <gtest/gtest.h>

#include <cstring>

using namespace halcyon;
using namespace halcyon::registry;
using namespace halcyon::registry::test;

namespace {

RefPtr<Key> sample_tree() {
    RefPtr<Key> root = Key::create({}, false, 100).release_value();
    EXPECT_FALSE(apply_defaults(*root, 100).is_error());
    auto name = w("Software");
    auto path = w("USER\\.DEFAULT\\Software");
    RefPtr<Key> software = open_path(*root, span(path)).release_value();
    auto test_name = w("Test");
    auto created = create_path(*software, span(test_name), false, span(w("MyClass")), 200).release_value();
    std::vector<u8> binary{0, 1, 2, 255};
    EXPECT_FALSE(created.key->set_value(span(w("bin")), value_type::Binary, bytes(binary), 201).is_error());
    EXPECT_FALSE(created.key->set_value({}, value_type::Sz, bytes({'d', 0, 0, 0}), 202).is_error());
    auto fleeting = create_path(*software, span(w("Fleeting")), true, {}, 203).release_value();
    (void)name;
    (void)fleeting;
    return root;
}

std::vector<u8> to_vector(const Vector<u8>& bytes) {
    return std::vector<u8>(bytes.begin(), bytes.end());
}

/// Recomputes the payload checksum so a test can damage the structure behind a valid checksum.
void fix_checksum(std::vector<u8>& file) {
    u32 crc = crc32(Span<const u8>(file.data() + kHeaderSize, file.size() - kHeaderSize));
    std::memcpy(&file[24], &crc, 4);
}

Error parse_error(const std::vector<u8>& file) {
    auto parsed = parse_hive(bytes(file));
    EXPECT_TRUE(parsed.is_error());
    return parsed.is_error() ? parsed.error() : Error(status::Success);
}

} // namespace

TEST(HiveFile, Crc32MatchesTheIeeeCheckValue) {
    const char* text = "123456789";
    EXPECT_EQ(crc32(Span<const u8>(reinterpret_cast<const u8*>(text), 9)), 0xCBF43926u);
}

TEST(HiveFile, RoundTripKeepsKeysValuesClassesAndTimesButNotVolatileKeys) {
    auto root = sample_tree();
    auto file = serialize_hive(*root).release_value();
    auto parsed = parse_hive(file.span());
    ASSERT_FALSE(parsed.is_error()) << parsed.error().message();
    auto path = w("USER\\.DEFAULT\\Software\\Test");
    auto test = open_path(*parsed.value(), span(path));
    ASSERT_FALSE(test.is_error());
    EXPECT_EQ(ascii(test.value()->class_name()), "MyClass");
    EXPECT_EQ(test.value()->last_write_time(), 202u);
    ASSERT_EQ(test.value()->value_count(), 2u);
    EXPECT_EQ(ascii(test.value()->value_at(0).name.span()), "bin");
    EXPECT_EQ(test.value()->value_at(0).data.size(), 4u);
    EXPECT_EQ(test.value()->value_at(0).data[3], 255);
    EXPECT_EQ(test.value()->value_at(1).name.size(), 0u);
    auto fleeting = w("USER\\.DEFAULT\\Software\\Fleeting");
    EXPECT_EQ(open_path(*parsed.value(), span(fleeting)).error().status(), status::ObjectNameNotFound);
    // Serialising the parsed tree gives the same bytes: the format has one spelling per tree.
    auto again = serialize_hive(*parsed.value()).release_value();
    EXPECT_EQ(to_vector(again), to_vector(file));
}

TEST(HiveFile, EveryTruncationIsReportedAsCorrupt) {
    auto file = to_vector(serialize_hive(*sample_tree()).release_value());
    for (usize length = 0; length < file.size(); length += 7) {
        std::vector<u8> cut(file.begin(), file.begin() + length);
        EXPECT_EQ(parse_error(cut).status(), status::RegistryCorrupt) << length;
    }
}

TEST(HiveFile, AFlippedPayloadBitFailsTheChecksum) {
    auto file = to_vector(serialize_hive(*sample_tree()).release_value());
    file[kHeaderSize + 40] ^= 0x10;
    Error error = parse_error(file);
    EXPECT_EQ(error.status(), status::RegistryCorrupt);
    EXPECT_NE(std::strstr(error.message(), "checksum"), nullptr);
}

TEST(HiveFile, WrongMagicVersionAndTrailingBytesAreNamed) {
    auto good = to_vector(serialize_hive(*sample_tree()).release_value());
    auto magic = good;
    magic[0] = 'X';
    EXPECT_NE(std::strstr(parse_error(magic).message(), "HALCYREG"), nullptr);
    auto version = good;
    version[8] = 2;
    EXPECT_NE(std::strstr(parse_error(version).message(), "version"), nullptr);
    auto trailing = good;
    trailing.push_back(0);
    u64 payload = trailing.size() - kHeaderSize;
    std::memcpy(&trailing[16], &payload, 8);
    fix_checksum(trailing);
    EXPECT_EQ(parse_error(trailing).status(), status::RegistryCorrupt);
}

TEST(HiveFile, DuplicateSubkeyNamesBehindAValidChecksumAreCorrupt) {
    // A root with two subkeys both named "a" (different case), written by hand.
    std::vector<u8> file(kHeaderSize);
    auto key = [&](const char* name, u32 subkeys) {
        u16 length = static_cast<u16>(std::strlen(name));
        u8 fixed[24] = {};
        std::memcpy(&fixed[0], &length, 2);
        std::memcpy(&fixed[20], &subkeys, 4);
        file.insert(file.end(), fixed, fixed + 24);
        for (const char* c = name; *c; ++c) {
            file.push_back(static_cast<u8>(*c));
            file.push_back(0);
        }
    };
    key("", 2);
    key("a", 0);
    key("A", 0);
    std::memcpy(&file[0], "HALCYREG", 8);
    u32 version = kFormatVersion, header = kHeaderSize, keys = 3;
    u64 payload = file.size() - kHeaderSize;
    std::memcpy(&file[8], &version, 4);
    std::memcpy(&file[12], &header, 4);
    std::memcpy(&file[16], &payload, 8);
    std::memcpy(&file[28], &keys, 4);
    fix_checksum(file);
    Error error = parse_error(file);
    EXPECT_NE(std::strstr(error.message(), "two subkeys"), nullptr) << error.message();

    // The same file with distinct names parses.
    file[kHeaderSize + 24 + 24 + 2 + 24] = 'b';
    fix_checksum(file);
    auto parsed = parse_hive(bytes(file));
    ASSERT_FALSE(parsed.is_error()) << parsed.error().message();
    EXPECT_EQ(parsed.value()->subkey_count(), 2u);
}

TEST(HiveFile, RunningOutOfMemoryWhileParsingIsAnErrorNotACrash) {
    auto file = to_vector(serialize_hive(*sample_tree()).release_value());
    for (long budget = 0; budget < 400; budget += 13) {
        test_support::ScopedAllocationFailure failure(budget);
        auto parsed = parse_hive(bytes(file));
        if (parsed.is_error())
            EXPECT_TRUE(parsed.error().status() == status::NoMemory ||
                        parsed.error().status() == status::RegistryCorrupt);
    }
}
