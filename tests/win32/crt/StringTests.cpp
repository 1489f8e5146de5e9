// String, sorting and ctype functions (exported under CRT_FN names in host builds).

#include <gtest/gtest.h>

#include <stdlib.h>

#include <vector>

#include "win32/crt/CrtTypes.h"
#include "win32/crt/Ctype.h"

extern "C" {
size_t halcyon_crt_strlen(const char*);
int halcyon_crt_strcmp(const char*, const char*);
int halcyon_crt__stricmp(const char*, const char*);
int halcyon_crt__strnicmp(const char*, const char*, size_t);
char* halcyon_crt_strstr(const char*, const char*);
char* halcyon_crt_strtok(char*, const char*);
size_t halcyon_crt_strspn(const char*, const char*);
size_t halcyon_crt_strcspn(const char*, const char*);
char* halcyon_crt_strrchr(const char*, int);
int halcyon_crt_strncpy_s(char*, size_t, const char*, size_t);
int halcyon_crt_strcpy_s(char*, size_t, const char*);
int halcyon_crt__wcsicmp(const crt::WideChar*, const crt::WideChar*);
size_t halcyon_crt_wcslen(const crt::WideChar*);
void halcyon_crt_qsort(void*, size_t, size_t, int (*)(const void*, const void*));
void* halcyon_crt_bsearch(const void*, const void*, size_t, size_t, int (*)(const void*, const void*));
}

TEST(CrtString, ComparisonsAndSearches) {
    EXPECT_EQ(halcyon_crt_strlen("hello"), 5u);
    EXPECT_LT(halcyon_crt_strcmp("a", "b"), 0);
    EXPECT_GT(halcyon_crt_strcmp("\xff", "a"), 0); // unsigned comparison
    EXPECT_EQ(halcyon_crt__stricmp("HeLLo", "hello"), 0);
    EXPECT_LT(halcyon_crt__stricmp("_", "a"), 0);     // '_' < 'a' after folding to lower case
    EXPECT_EQ(halcyon_crt__strnicmp("abcX", "ABCy", 3), 0);
    EXPECT_STREQ(halcyon_crt_strstr("haystack", "st"), "stack");
    EXPECT_EQ(halcyon_crt_strspn("aabbc", "ab"), 4u);
    EXPECT_EQ(halcyon_crt_strcspn("abc,d", ",;"), 3u);
    EXPECT_STREQ(halcyon_crt_strrchr("a/b/c", '/'), "/c");
    EXPECT_EQ(halcyon_crt__wcsicmp(u"ABC\u00c9", u"abc\u00e9"), 0);
    EXPECT_EQ(halcyon_crt_wcslen(u"wide"), 4u);
}

TEST(CrtString, StrtokSplitsOnAnyDelimiter) {
    char text[] = ",a,,b;c";
    EXPECT_STREQ(halcyon_crt_strtok(text, ",;"), "a");
    EXPECT_STREQ(halcyon_crt_strtok(nullptr, ",;"), "b");
    EXPECT_STREQ(halcyon_crt_strtok(nullptr, ",;"), "c");
    EXPECT_EQ(halcyon_crt_strtok(nullptr, ",;"), nullptr);
}

TEST(CrtString, SecureCopiesReportTruncation) {
    char buffer[4];
    EXPECT_EQ(halcyon_crt_strcpy_s(buffer, sizeof buffer, "abcd"), 34); // ERANGE
    EXPECT_STREQ(buffer, "");
    EXPECT_EQ(halcyon_crt_strncpy_s(buffer, sizeof buffer, "abcd", ~size_t(0)), 80); // STRUNCATE
    EXPECT_STREQ(buffer, "abc");
}

TEST(CrtSort, QsortAndBsearch) {
    std::vector<int> values(1000);
    for (size_t i = 0; i < values.size(); ++i)
        values[i] = static_cast<int>((i * 7919) % 1000);
    auto compare = [](const void* a, const void* b) {
        return *static_cast<const int*>(a) - *static_cast<const int*>(b);
    };
    halcyon_crt_qsort(values.data(), values.size(), sizeof(int), compare);
    for (size_t i = 0; i < values.size(); ++i)
        ASSERT_EQ(values[i], static_cast<int>(i));
    int key = 617;
    EXPECT_EQ(halcyon_crt_bsearch(&key, values.data(), values.size(), sizeof(int), compare), &values[617]);
}

TEST(CrtCtype, ClassicTable) {
    EXPECT_EQ(crt::ctype_bits('\t'), 0x28);
    EXPECT_EQ(crt::ctype_bits(' '), 0x48);
    EXPECT_EQ(crt::ctype_bits('A'), 0x181);
    EXPECT_EQ(crt::ctype_bits('z'), 0x102);
    EXPECT_EQ(crt::ctype_bits('5'), 0x84);
    EXPECT_EQ(crt::ctype_bits(0xe9), 0); // "C" locale: bytes >= 0x80 have no class
    EXPECT_EQ(crt::ctype_bits(-1), 0);
}
