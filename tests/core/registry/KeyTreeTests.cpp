// The key tree's NT rules: case-insensitive names, enumeration order, deletion, limits, paths and
// the defaults.

#include "RegistryTestSupport.h"
#include "core/abi/UserAbi.h"
#include "core/registry/Registry.h"

#include <gtest/gtest.h>

using namespace halcyon;
using namespace halcyon::registry;
using namespace halcyon::registry::test;

namespace {

RefPtr<Key> make_root() {
    return Key::create({}, false, 1).release_value();
}

RefPtr<Key> add(Key& parent, const char* name, bool is_volatile = false) {
    auto name16 = w(name);
    RefPtr<Key> key = Key::create(span(name16), is_volatile, 2).release_value();
    EXPECT_FALSE(parent.add_subkey(key).is_error());
    return key;
}

std::vector<std::string> subkey_names(const Key& key) {
    std::vector<std::string> names;
    for (usize i = 0; i < key.subkey_count(); ++i)
        names.push_back(ascii(key.subkey_at(i).name()));
    return names;
}

} // namespace

TEST(RegistryKey, SubkeysEnumerateInUpperCasedNameOrderWhateverTheCreationOrder) {
    auto root = make_root();
    add(*root, "zeta");
    add(*root, "Alpha");
    add(*root, "beta");
    add(*root, "_under");
    EXPECT_EQ(subkey_names(*root), (std::vector<std::string>{"Alpha", "beta", "zeta", "_under"}));
}

TEST(RegistryKey, NamesCompareWithoutCaseButKeepTheirSpelling) {
    auto root = make_root();
    add(*root, "MixedCase");
    auto upper = w("MIXEDCASE");
    Key* found = root->find_subkey(span(upper));
    ASSERT_NE(found, nullptr);
    EXPECT_EQ(ascii(found->name()), "MixedCase");
    auto other = w("mixedcase");
    auto duplicate = Key::create(span(other), false, 3).release_value();
    auto added = root->add_subkey(duplicate);
    ASSERT_TRUE(added.is_error());
    EXPECT_EQ(added.error().status(), status::ObjectNameCollision);
}

TEST(RegistryKey, ValuesEnumerateInCreationOrderAndReplacingKeepsThePlace) {
    auto root = make_root();
    auto b = w("b"), a = w("A"), c = w("c"), upper_b = w("B");
    std::vector<u8> one{1}, two{2, 2};
    ASSERT_FALSE(root->set_value(span(b), value_type::Binary, bytes(one), 5).is_error());
    ASSERT_FALSE(root->set_value(span(a), value_type::Binary, bytes(one), 5).is_error());
    ASSERT_FALSE(root->set_value(span(c), value_type::Binary, bytes(one), 5).is_error());
    ASSERT_FALSE(root->set_value(span(upper_b), value_type::Dword, bytes(two), 6).is_error());
    ASSERT_EQ(root->value_count(), 3u);
    EXPECT_EQ(ascii(root->value_at(0).name.span()), "b");
    EXPECT_EQ(root->value_at(0).type, value_type::Dword);
    EXPECT_EQ(root->value_at(0).data.size(), 2u);
    EXPECT_EQ(ascii(root->value_at(1).name.span()), "A");
    EXPECT_EQ(root->last_write_time(), 6u);
}

TEST(RegistryKey, DeletingAKeyWithSubkeysFailsWithCannotDelete) {
    auto root = make_root();
    auto parent = add(*root, "parent");
    add(*parent, "child");
    auto removed = parent->remove(10);
    ASSERT_TRUE(removed.is_error());
    EXPECT_EQ(removed.error().status(), status::CannotDelete);
    EXPECT_FALSE(parent->is_deleted());
}

TEST(RegistryKey, ADeletedKeyStaysAliveForItsHolderButRefusesChanges) {
    auto root = make_root();
    auto leaf = add(*root, "leaf");
    ASSERT_FALSE(leaf->remove(10).is_error());
    EXPECT_TRUE(leaf->is_deleted());
    EXPECT_EQ(root->subkey_count(), 0u);
    auto name = w("v");
    std::vector<u8> data{1};
    auto set = leaf->set_value(span(name), value_type::Binary, bytes(data), 11);
    ASSERT_TRUE(set.is_error());
    EXPECT_EQ(set.error().status(), status::KeyDeleted);
    auto again = leaf->remove(12);
    ASSERT_TRUE(again.is_error());
    EXPECT_EQ(again.error().status(), status::KeyDeleted);
    auto child = Key::create(span(name), false, 1).release_value();
    EXPECT_EQ(leaf->add_subkey(child).error().status(), status::KeyDeleted);
}

TEST(RegistryKey, TheRootCannotBeDeleted) {
    auto root = make_root();
    EXPECT_EQ(root->remove(1).error().status(), status::AccessDenied);
}

TEST(RegistryKey, KeyNamesLongerThan256CharactersOrWithBackslashesAreRefused) {
    std::u16string ok(256, u'k'), too_long(257, u'k');
    EXPECT_FALSE(Key::create(span(ok), false, 0).is_error());
    EXPECT_EQ(Key::create(span(too_long), false, 0).error().status(), status::InvalidParameter);
    auto slash = w("a\\b");
    EXPECT_EQ(Key::create(span(slash), false, 0).error().status(), status::ObjectNameInvalid);
}

TEST(RegistryKey, ValueNamesUpTo16383CharactersAreAccepted) {
    auto root = make_root();
    std::u16string ok(16383, u'v'), too_long(16384, u'v');
    std::vector<u8> data;
    EXPECT_FALSE(root->set_value(span(ok), value_type::None, bytes(data), 1).is_error());
    EXPECT_EQ(root->set_value(span(too_long), value_type::None, bytes(data), 1).error().status(),
              status::InvalidParameter);
}

TEST(RegistryKey, AVolatileKeyOnlyTakesVolatileSubkeys) {
    auto root = make_root();
    auto fleeting = add(*root, "fleeting", true);
    auto name = w("lasting");
    auto lasting = Key::create(span(name), false, 1).release_value();
    EXPECT_EQ(fleeting->add_subkey(lasting).error().status(), status::ChildMustBeVolatile);
    add(*fleeting, "also-fleeting", true);
    EXPECT_EQ(fleeting->subkey_count(), 1u);
}

TEST(RegistryKey, NestingStopsAt512Levels) {
    auto root = make_root();
    RefPtr<Key> key = root;
    for (usize level = 1; level <= kMaxDepth; ++level)
        key = add(*key, "n");
    auto name = w("n");
    auto deeper = Key::create(span(name), false, 1).release_value();
    EXPECT_EQ(key->add_subkey(deeper).error().status(), status::InvalidParameter);
}

TEST(RegistryKey, FullInformationMaximaAreInBytes) {
    auto root = make_root();
    add(*root, "abc");
    add(*root, "abcdef");
    auto name = w("value");
    std::vector<u8> data(7);
    ASSERT_FALSE(root->set_value(span(name), value_type::Binary, bytes(data), 1).is_error());
    EXPECT_EQ(root->max_subkey_name_bytes(), 12u);
    EXPECT_EQ(root->max_value_name_bytes(), 10u);
    EXPECT_EQ(root->max_value_data_bytes(), 7u);
}

TEST(RegistryPaths, OpenWalksComponentsAndReportsMissingKeys) {
    auto root = make_root();
    auto a = add(*root, "A");
    auto b = add(*a, "B");
    auto path = w("a\\b");
    auto opened = open_path(*root, span(path));
    ASSERT_FALSE(opened.is_error());
    EXPECT_EQ(opened.value().get(), b.get());
    auto trailing = w("a\\b\\");
    EXPECT_EQ(open_path(*root, span(trailing)).value().get(), b.get());
    auto missing = w("a\\x\\b");
    EXPECT_EQ(open_path(*root, span(missing)).error().status(), status::ObjectNameNotFound);
    auto empty_component = w("a\\\\b");
    EXPECT_EQ(open_path(*root, span(empty_component)).error().status(), status::ObjectNameInvalid);
}

TEST(RegistryPaths, CreateMakesOnlyTheLastComponent) {
    auto root = make_root();
    auto two_levels = w("new\\deeper");
    EXPECT_EQ(create_path(*root, span(two_levels), false, {}, 5).error().status(),
              status::ObjectNameNotFound);
    auto one = w("new");
    auto created = create_path(*root, span(one), false, {}, 5);
    ASSERT_FALSE(created.is_error());
    EXPECT_TRUE(created.value().created);
    auto again = create_path(*root, span(one), false, {}, 6);
    ASSERT_FALSE(again.is_error());
    EXPECT_FALSE(again.value().created);
    EXPECT_EQ(again.value().key.get(), created.value().key.get());
}

TEST(RegistryDefaults, VersionValuesMatchWhatRtlGetVersionReports) {
    auto root = make_root();
    ASSERT_FALSE(apply_defaults(*root, 1).is_error());
    auto path = w("MACHINE\\Software\\Microsoft\\Windows NT\\CurrentVersion");
    auto key = open_path(*root, span(path));
    ASSERT_FALSE(key.is_error());
    auto major = w("CurrentMajorVersionNumber");
    const Value* value = key.value()->find_value(span(major));
    ASSERT_NE(value, nullptr);
    ASSERT_EQ(value->type, value_type::Dword);
    u32 number = value->data[0] | value->data[1] << 8 | value->data[2] << 16 | value->data[3] << 24;
    EXPECT_EQ(number, halcyon::abi::kOsMajorVersion);
    auto build = w("CurrentBuildNumber");
    value = key.value()->find_value(span(build));
    ASSERT_NE(value, nullptr);
    std::string text;
    for (usize i = 0; i + 1 < value->data.size(); i += 2)
        text.push_back(static_cast<char>(value->data[i]));
    EXPECT_EQ(text, std::string(std::to_string(halcyon::abi::kOsBuildNumber)) + '\0');
}

TEST(RegistryDefaults, ApplyingTwiceKeepsChangedValues) {
    auto root = make_root();
    ASSERT_FALSE(apply_defaults(*root, 1).is_error());
    auto path = w("MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Nls\\CodePage");
    auto key = open_path(*root, span(path)).release_value();
    auto acp = w("ACP");
    std::vector<u8> changed{'9', 0, 0, 0};
    ASSERT_FALSE(key->set_value(span(acp), value_type::Sz, bytes(changed), 2).is_error());
    ASSERT_FALSE(apply_defaults(*root, 3).is_error());
    EXPECT_EQ(key->find_value(span(acp))->data.size(), 4u);
}
