#include <gtest/gtest.h>

#include <algorithm>

#include "NtdllHarness.h"

using namespace ntdll_test;

class Environment : public ::testing::Test {
protected:
    void SetUp() override { reset_process(); }

    static std::u16string get(const char16_t* name, PWSTR block = nullptr) {
        UNICODE_STRING n;
        RtlInitUnicodeString(&n, w(name));
        WCHAR buffer[128];
        UNICODE_STRING value{0, sizeof(buffer), buffer};
        NTSTATUS status = RtlQueryEnvironmentVariable_U(block, &n, &value);
        if (status == STATUS_VARIABLE_NOT_FOUND)
            return u"<unset>";
        EXPECT_EQ(status, STATUS_SUCCESS);
        return to_u16(value);
    }
    static NTSTATUS set(const char16_t* name, const char16_t* value, PWSTR* block = nullptr) {
        UNICODE_STRING n, v;
        RtlInitUnicodeString(&n, w(name));
        RtlInitUnicodeString(&v, w(value));
        return RtlSetEnvironmentVariable(block, &n, value ? &v : nullptr);
    }
    static std::u16string block_text() {
        auto* p = reinterpret_cast<const char16_t*>(parameters().environment);
        std::u16string all(p, parameters().environment_size / 2);
        return all;
    }
};

TEST_F(Environment, QueriesAreCaseInsensitive) {
    EXPECT_EQ(get(u"path"), u"C:\\Windows");
    EXPECT_EQ(get(u"TEMP"), u"C:\\temp");
    EXPECT_EQ(get(u"TEM"), u"<unset>");
}

TEST_F(Environment, QueryReportsTheSizeItNeeds) {
    UNICODE_STRING name;
    RtlInitUnicodeString(&name, w(u"PATH"));
    WCHAR small[4];
    UNICODE_STRING value{0, sizeof(small), small};
    EXPECT_EQ(RtlQueryEnvironmentVariable_U(nullptr, &name, &value), STATUS_BUFFER_TOO_SMALL);
    EXPECT_EQ(value.Length, 10 * 2);
}

TEST_F(Environment, SetInsertsSortedReplacesAndDeletes) {
    ASSERT_EQ(set(u"Beta", u"2"), STATUS_SUCCESS);
    ASSERT_EQ(set(u"alpha", u"1"), STATUS_SUCCESS);
    ASSERT_EQ(set(u"ZED", u"z"), STATUS_SUCCESS);
    std::u16string expected =
        std::u16string(u"alpha=1\0Beta=2\0PATH=C:\\Windows\0TEMP=C:\\temp\0ZED=z\0\0", 51);
    EXPECT_EQ(block_text(), expected);
    ASSERT_EQ(set(u"beta", u"two"), STATUS_SUCCESS);
    EXPECT_EQ(get(u"BETA"), u"two");
    ASSERT_EQ(set(u"PATH", nullptr), STATUS_SUCCESS);
    EXPECT_EQ(get(u"PATH"), u"<unset>");
    EXPECT_EQ(parameters().environment_size, block_text().size() * 2);
    EXPECT_GT(parameters().environment_version, 0u);
    EXPECT_EQ(set(u"A=B", u"x"), STATUS_INVALID_PARAMETER);
    ASSERT_EQ(set(u"=C:", u"C:\\apps"), STATUS_SUCCESS) << "per-drive directories start with '='";
    EXPECT_EQ(get(u"=c:"), u"C:\\apps");
    ASSERT_EQ(set(u"EMPTY", u""), STATUS_SUCCESS);
    EXPECT_EQ(get(u"EMPTY"), u"");
}

TEST_F(Environment, PrivateBlocksAreIndependentOfTheProcessBlock) {
    PWSTR block = nullptr;
    ASSERT_EQ(RtlCreateEnvironment(TRUE, &block), STATUS_SUCCESS);
    ASSERT_EQ(set(u"ONLY", u"here", &block), STATUS_SUCCESS);
    EXPECT_EQ(get(u"ONLY", block), u"here");
    EXPECT_EQ(get(u"PATH", block), u"C:\\Windows");
    EXPECT_EQ(get(u"ONLY"), u"<unset>");
    EXPECT_EQ(RtlDestroyEnvironment(block), STATUS_SUCCESS);
}

TEST_F(Environment, ReplacingInAnUnsortedBlockWritesTheVariableOnce) {
    // Blocks handed over by a parent need not be sorted: a variable that sorts before an
    // earlier entry must still be replaced where it stands, not inserted a second time.
    PWSTR block = nullptr;
    ASSERT_EQ(RtlCreateEnvironment(FALSE, &block), STATUS_SUCCESS);
    ASSERT_EQ(set(u"ZED", u"z", &block), STATUS_SUCCESS);
    ASSERT_EQ(set(u"MIDDLE", u"m", &block), STATUS_SUCCESS);
    // Make the block unsorted by hand: "ZED=z\0MIDDLE=m\0\0" -> "ZED=z\0ALPHA=a\0\0".
    std::u16string unsorted(u"ZED=z\0ALPHA=a\0\0", 16);
    auto* copy = static_cast<char16_t*>(RtlAllocateHeap(reinterpret_cast<PVOID>(peb().process_heap), 0, unsorted.size() * 2));
    std::copy(unsorted.begin(), unsorted.end(), copy);
    RtlDestroyEnvironment(block);
    block = reinterpret_cast<PWSTR>(copy);

    ASSERT_EQ(set(u"ALPHA", u"changed", &block), STATUS_SUCCESS);
    EXPECT_EQ(get(u"ALPHA", block), u"changed");
    ASSERT_EQ(set(u"ALPHA", nullptr, &block), STATUS_SUCCESS);
    EXPECT_EQ(get(u"ALPHA", block), u"<unset>");
    EXPECT_EQ(std::u16string(reinterpret_cast<const char16_t*>(block), 7), std::u16string(u"ZED=z\0\0", 7));
    EXPECT_EQ(RtlDestroyEnvironment(block), STATUS_SUCCESS);
}

TEST_F(Environment, ExpandReplacesKnownVariables) {
    UNICODE_STRING source;
    RtlInitUnicodeString(&source, w(u"%TEMP%\\x;%NOPE%;100%"));
    WCHAR buffer[64];
    UNICODE_STRING destination{0, sizeof(buffer), buffer};
    ULONG length = 0;
    ASSERT_EQ(RtlExpandEnvironmentStrings_U(nullptr, &source, &destination, &length), STATUS_SUCCESS);
    EXPECT_EQ(to_u16(destination), u"C:\\temp\\x;%NOPE%;100%");
    EXPECT_EQ(length, (to_u16(destination).size() + 1) * 2);
    UNICODE_STRING tiny{0, 4, buffer};
    EXPECT_EQ(RtlExpandEnvironmentStrings_U(nullptr, &source, &tiny, &length), STATUS_BUFFER_TOO_SMALL);
}
