// RT_MESSAGETABLE lookup (FormatMessage with FORMAT_MESSAGE_FROM_HMODULE).

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "win32/kernelbase/MessageTable.h"

using namespace halcyon::win32;

namespace {

void put32(std::vector<uint8_t>& out, uint32_t value) {
    for (int i = 0; i < 4; ++i)
        out.push_back(static_cast<uint8_t>(value >> (8 * i)));
}

void put_entry(std::vector<uint8_t>& out, const std::string& text, bool unicode) {
    size_t const bytes = unicode ? (text.size() + 1) * 2 : text.size() + 1;
    size_t const padded = (bytes + 3) & ~size_t{3};
    uint16_t const length = static_cast<uint16_t>(4 + padded);
    out.push_back(static_cast<uint8_t>(length));
    out.push_back(static_cast<uint8_t>(length >> 8));
    out.push_back(unicode ? 1 : 0);
    out.push_back(0);
    size_t const start = out.size();
    for (char c : text) {
        out.push_back(static_cast<uint8_t>(c));
        if (unicode)
            out.push_back(0);
    }
    out.resize(start + padded, 0);
}

/// Two blocks: 0x10..0x11 (ANSI) and 0x20 (UTF-16).
std::vector<uint8_t> sample_table() {
    std::vector<uint8_t> table;
    put32(table, 2);
    put32(table, 0x10);
    put32(table, 0x11);
    put32(table, 4 + 24);
    put32(table, 0x20);
    put32(table, 0x20);
    put32(table, 0); // patched below
    put_entry(table, "first", false);
    put_entry(table, "second", false);
    uint32_t const unicode_offset = static_cast<uint32_t>(table.size());
    for (int i = 0; i < 4; ++i)
        table[24 + i] = static_cast<uint8_t>(unicode_offset >> (8 * i));
    put_entry(table, "wide", true);
    return table;
}

std::string text_of(const MessageText& text) {
    std::string out;
    for (size_t i = 0; i < text.size; i += text.unicode ? 2 : 1)
        out.push_back(static_cast<char>(text.bytes[i]));
    return out;
}

} // namespace

TEST(MessageTable, FindsAnsiAndUnicodeEntriesInEveryBlock) {
    auto const table = sample_table();
    MessageText text{};
    ASSERT_TRUE(find_message(table.data(), table.size(), 0x10, text));
    EXPECT_EQ(text_of(text), "first");
    EXPECT_FALSE(text.unicode);
    ASSERT_TRUE(find_message(table.data(), table.size(), 0x11, text));
    EXPECT_EQ(text_of(text), "second");
    ASSERT_TRUE(find_message(table.data(), table.size(), 0x20, text));
    EXPECT_TRUE(text.unicode);
    EXPECT_EQ(text_of(text), "wide");
}

TEST(MessageTable, MissingIdsAreNotFound) {
    auto const table = sample_table();
    MessageText text{};
    EXPECT_FALSE(find_message(table.data(), table.size(), 0x12, text));
    EXPECT_FALSE(find_message(table.data(), table.size(), 0x0F, text));
    EXPECT_FALSE(find_message(table.data(), table.size(), 0x21, text));
}

TEST(MessageTable, RejectsTruncatedAndOversizedTables) {
    auto table = sample_table();
    MessageText text{};
    // Every truncation either finds a text inside the bytes it has or fails.
    for (size_t size = 0; size < table.size(); ++size) {
        if (find_message(table.data(), size, 0x20, text))
            EXPECT_LE(text.bytes + text.size, table.data() + size);
    }
    // A block count larger than the table can hold.
    table[0] = 0xFF;
    table[1] = 0xFF;
    EXPECT_FALSE(find_message(table.data(), table.size(), 0x10, text));
    EXPECT_FALSE(find_message(nullptr, 0, 0x10, text));
}
