/* Strings and code pages: MultiByteToWideChar/WideCharToMultiByte (UTF-8, 1252, errors),
 * code page queries, the lstr* family. */
#include "conformance.h"

static void test_collation(void)
{
    const LCID lcid = LOCALE_USER_DEFAULT;
    WCHAR buffer[32];
    char narrow[32];
    int ret;

    /* Linguistic order: primary letters first, then accents, then case (lower first). */
    ok(CompareStringA(lcid, 0, "abc", -1, "abc", -1) == CSTR_EQUAL, "equal strings\n");
    ok(CompareStringA(lcid, 0, "abc", -1, "abd", -1) == CSTR_LESS_THAN, "abc < abd\n");
    ok(CompareStringA(lcid, 0, "b", -1, "a", -1) == CSTR_GREATER_THAN, "b > a\n");
    ok(CompareStringA(lcid, 0, "a", -1, "A", -1) == CSTR_LESS_THAN, "a < A\n");
    ok(CompareStringA(lcid, NORM_IGNORECASE, "a", -1, "A", -1) == CSTR_EQUAL, "a == A ignoring case\n");
    ok(CompareStringA(lcid, 0, "abc", -1, "ABD", -1) == CSTR_LESS_THAN, "letters decide before case\n");
    ok(CompareStringA(lcid, 0, "a", -1, "B", -1) == CSTR_LESS_THAN, "a < B (not ordinal)\n");
    ok(CompareStringA(lcid, 0, "Z", -1, "a", -1) == CSTR_GREATER_THAN, "Z > a (not ordinal)\n");
    ok(CompareStringA(lcid, 0, "1", -1, "a", -1) == CSTR_LESS_THAN, "digits before letters\n");
    ok(CompareStringA(lcid, 0, "9", -1, "10", -1) == CSTR_GREATER_THAN, "digits compare as characters\n");
    ok(CompareStringA(lcid, 0, "!", -1, "1", -1) == CSTR_LESS_THAN, "symbols before digits\n");
    ok(CompareStringA(lcid, 0, "", -1, "", -1) == CSTR_EQUAL, "empty strings\n");
    ok(CompareStringA(lcid, 0, "", -1, "a", -1) == CSTR_LESS_THAN, "empty < a\n");
    ok(CompareStringA(lcid, 0, "ab", -1, "abc", -1) == CSTR_LESS_THAN, "prefix sorts first\n");
    ok(CompareStringA(lcid, 0, "abcdef", 3, "abc", -1) == CSTR_EQUAL, "explicit length\n");
    ok(CompareStringA(lcid, 0, "abc", 0, "", -1) == CSTR_EQUAL, "zero length\n");

    /* Word sort: hyphen and apostrophe weigh least; SORT_STRINGSORT makes them symbols. */
    ok(CompareStringA(lcid, 0, "co-op", -1, "coop", -1) == CSTR_GREATER_THAN, "co-op vs coop\n");
    ok(CompareStringA(lcid, 0, "co-op", -1, "cop", -1) == CSTR_LESS_THAN, "co-op vs cop\n");
    ok(CompareStringA(lcid, SORT_STRINGSORT, "co-op", -1, "coop", -1) == CSTR_LESS_THAN, "string sort co-op\n");
    ok(CompareStringA(lcid, 0, "can't", -1, "cant", -1) == CSTR_GREATER_THAN, "can't vs cant\n");
    ok(CompareStringA(lcid, NORM_IGNORESYMBOLS, "a.b", -1, "ab", -1) == CSTR_EQUAL, "NORM_IGNORESYMBOLS\n");

    /* Accents: after the letters, before case. */
    ok(CompareStringW(lcid, 0, L"e", -1, L"\x00e9", -1) == CSTR_LESS_THAN, "e < e-acute\n");
    ok(CompareStringW(lcid, NORM_IGNORENONSPACE, L"e", -1, L"\x00e9", -1) == CSTR_EQUAL, "NORM_IGNORENONSPACE\n");
    ok(CompareStringW(lcid, 0, L"\x00e9", -1, L"f", -1) == CSTR_LESS_THAN, "e-acute < f\n");
    ok(CompareStringW(lcid, 0, L"r\x00e9sum\x00e9", -1, L"resume", -1) == CSTR_GREATER_THAN, "resume with accents\n");
    ok(CompareStringW(lcid, 0, L"\x00e9", -1, L"E", -1) == CSTR_GREATER_THAN, "accent decides before case\n");
    ok(CompareStringA(lcid, NORM_IGNORECASE | NORM_IGNORENONSPACE, "\xc9t\xc9", -1, "ete", -1) == CSTR_EQUAL,
       "ANSI accents ignoring case and accents\n");

    /* Errors. */
    SetLastError(0xdeadbeef);
    ok(CompareStringA(lcid, 0, NULL, -1, "a", -1) == 0, "NULL string\n");
    expect_error(ERROR_INVALID_PARAMETER);

    ok(CompareStringEx(LOCALE_NAME_USER_DEFAULT, 0, L"apple", -1, L"Banana", -1, NULL, NULL, 0) == CSTR_LESS_THAN,
       "CompareStringEx\n");
    ok(CompareStringOrdinal(L"a", -1, L"B", -1, FALSE) == CSTR_GREATER_THAN, "ordinal a > B\n");
    ok(CompareStringOrdinal(L"a", -1, L"B", -1, TRUE) == CSTR_LESS_THAN, "ordinal ignoring case a < B\n");
    ok(CompareStringOrdinal(L"abc", -1, L"ABC", -1, TRUE) == CSTR_EQUAL, "ordinal ignoring case equal\n");
    ok(CompareStringOrdinal(L"abc", 2, L"ab", -1, FALSE) == CSTR_EQUAL, "ordinal with a length\n");
    ok(CompareStringOrdinal(L"co-op", -1, L"coop", -1, FALSE) == CSTR_LESS_THAN, "ordinal hyphen\n");

    /* Case mapping. */
    ret = LCMapStringW(lcid, LCMAP_UPPERCASE, L"Hello World", -1, buffer, 32);
    ok(ret == 12 && !lstrcmpW(buffer, L"HELLO WORLD"), "LCMAP_UPPERCASE: %d\n", ret);
    ret = LCMapStringW(lcid, LCMAP_LOWERCASE, L"MiXeD", -1, buffer, 32);
    ok(ret == 6 && !lstrcmpW(buffer, L"mixed"), "LCMAP_LOWERCASE: %d\n", ret);
    memset(buffer, 0xff, sizeof buffer);
    ret = LCMapStringW(lcid, LCMAP_UPPERCASE, L"abcdef", 3, buffer, 32);
    ok(ret == 3 && buffer[0] == 'A' && buffer[2] == 'C' && buffer[3] == 0xffff, "explicit length: %d\n", ret);
    ret = LCMapStringW(lcid, LCMAP_UPPERCASE, L"\x00e9t\x00e9 \x03b1", -1, buffer, 32);
    ok(ret == 6 && buffer[0] == 0xc9 && buffer[1] == 'T' && buffer[2] == 0xc9 && buffer[4] == 0x391,
       "non-ASCII upper case\n");
    ok(LCMapStringW(lcid, LCMAP_LOWERCASE, L"ABC", -1, NULL, 0) == 4, "size query\n");
    SetLastError(0xdeadbeef);
    ok(LCMapStringW(lcid, LCMAP_LOWERCASE, L"ABCDEF", -1, buffer, 3) == 0, "small buffer\n");
    expect_error(ERROR_INSUFFICIENT_BUFFER);
    SetLastError(0xdeadbeef);
    ok(LCMapStringW(lcid, LCMAP_LOWERCASE | LCMAP_UPPERCASE, L"a", -1, buffer, 32) == 0, "both cases\n");
    expect_error(ERROR_INVALID_FLAGS);
    SetLastError(0xdeadbeef);
    ok(LCMapStringW(lcid, LCMAP_LOWERCASE, L"a", 0, buffer, 32) == 0, "empty source\n");
    expect_error(ERROR_INVALID_PARAMETER);
    lstrcpyW(buffer, L"InPlace");
    ret = LCMapStringW(lcid, LCMAP_UPPERCASE, buffer, -1, buffer, 32);
    ok(ret == 8 && !lstrcmpW(buffer, L"INPLACE"), "in-place mapping\n");
    ret = LCMapStringA(lcid, LCMAP_UPPERCASE, "abc\xe9", -1, narrow, sizeof narrow);
    ok(ret == 5 && !strcmp(narrow, "ABC\xc9"), "LCMapStringA: %d \"%s\"\n", ret, narrow);
    ok(LCMapStringEx(LOCALE_NAME_USER_DEFAULT, LCMAP_LOWERCASE, L"Q", -1, buffer, 32, NULL, NULL, 0) == 2 &&
           buffer[0] == 'q',
       "LCMapStringEx\n");
}

int main(void)
{
    WCHAR w[64];
    char a[64];
    int n;
    BOOL used;
    CPINFO info;
    conf_init("strings");

    ok(GetACP() == 1252, "GetACP %u\n", GetACP());
    ok(GetOEMCP() == 437, "GetOEMCP %u\n", GetOEMCP());
    ok(IsValidCodePage(1252) && IsValidCodePage(65001) && IsValidCodePage(437), "valid code pages\n");
    ok(!IsValidCodePage(12345), "12345 is valid\n");
    ok(GetCPInfo(1252, &info) && info.MaxCharSize == 1 && info.DefaultChar[0] == '?', "GetCPInfo(1252)\n");
    ok(GetCPInfo(CP_UTF8, &info) && info.MaxCharSize == 4, "GetCPInfo(UTF-8) max %u\n", info.MaxCharSize);
    SetLastError(0xdeadbeef);
    ok(!GetCPInfo(12345, &info), "GetCPInfo(12345)\n");
    expect_error(ERROR_INVALID_PARAMETER);

    /* UTF-8 to UTF-16. */
    n = MultiByteToWideChar(CP_UTF8, 0, "h\xc3\xa9llo \xe2\x82\xac \xf0\x9f\x98\x80", -1, w, 64);
    ok(n == 11, "UTF-8 length %d\n", n);
    ok(w[1] == 0xe9 && w[6] == 0x20ac && w[8] == 0xd83d && w[9] == 0xde00 && w[10] == 0, "UTF-8 decoding\n");
    ok(MultiByteToWideChar(CP_UTF8, 0, "abc", -1, NULL, 0) == 4, "size query with NUL\n");
    ok(MultiByteToWideChar(CP_UTF8, 0, "abc", 3, NULL, 0) == 3, "size query without NUL\n");
    ok(MultiByteToWideChar(CP_UTF8, 0, "abc", 0, w, 64) == 0, "zero length\n");
    SetLastError(0xdeadbeef);
    ok(MultiByteToWideChar(CP_UTF8, 0, "abcdef", -1, w, 3) == 0, "buffer too small\n");
    expect_error(ERROR_INSUFFICIENT_BUFFER);
    SetLastError(0xdeadbeef);
    ok(MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, "a\xff" "b", -1, w, 64) == 0, "invalid UTF-8 accepted\n");
    expect_error(ERROR_NO_UNICODE_TRANSLATION);
    n = MultiByteToWideChar(CP_UTF8, 0, "a\xff" "b", -1, w, 64);
    ok(n == 4 && w[1] == 0xfffd, "invalid UTF-8 replaced: %d %04x\n", n, w[1]);
    SetLastError(0xdeadbeef);
    ok(MultiByteToWideChar(CP_UTF8, 0, NULL, -1, w, 64) == 0, "NULL source\n");
    expect_error(ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    ok(MultiByteToWideChar(12345, 0, "a", -1, w, 64) == 0, "bad code page\n");
    expect_error(ERROR_INVALID_PARAMETER);

    /* 1252 (the ANSI code page here). */
    n = MultiByteToWideChar(1252, 0, "\x80\xe9\x9f", 3, w, 64);
    ok(n == 3 && w[0] == 0x20ac && w[1] == 0xe9 && w[2] == 0x178, "1252 decoding %04x %04x %04x\n", w[0], w[1], w[2]);
    n = MultiByteToWideChar(CP_ACP, 0, "x\xe9", -1, w, 64);
    ok(n == 3 && w[1] == 0xe9, "CP_ACP\n");

    /* UTF-16 to UTF-8 and 1252. */
    n = WideCharToMultiByte(CP_UTF8, 0, L"h\x00e9\x20ac\xd83d\xde00", -1, a, 64, NULL, NULL);
    ok(n == 11 && !strcmp(a, "h\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"), "UTF-8 encoding %d\n", n);
    ok(WideCharToMultiByte(CP_UTF8, 0, L"\x20ac", 1, NULL, 0, NULL, NULL) == 3, "UTF-8 size query\n");
    SetLastError(0xdeadbeef);
    ok(WideCharToMultiByte(CP_UTF8, 0, L"\x20ac\x20ac", -1, a, 4, NULL, NULL) == 0, "UTF-8 buffer too small\n");
    expect_error(ERROR_INSUFFICIENT_BUFFER);
    used = -1;
    n = WideCharToMultiByte(1252, 0, L"a\x20ac\x4e00", -1, a, 64, NULL, &used);
    ok(n == 4 && a[1] == (char)0x80 && a[2] == '?' && used == TRUE, "1252 encoding %d used %d\n", n, used);
    used = -1;
    n = WideCharToMultiByte(1252, 0, L"plain", -1, a, 64, NULL, &used);
    ok(n == 6 && used == FALSE, "no default used: %d\n", used);
    n = WideCharToMultiByte(1252, 0, L"\x4e00", 1, a, 64, "#", NULL);
    ok(n == 1 && a[0] == '#', "custom default char\n");
    n = WideCharToMultiByte(CP_UTF8, 0, L"\xd800x", 2, a, 64, NULL, NULL);
    ok(n == 4 && (unsigned char)a[0] == 0xef && a[3] == 'x', "lone surrogate becomes U+FFFD: %d\n", n);

    /* lstr*. */
    ok(lstrlenA("hello") == 5 && lstrlenA("") == 0 && lstrlenA(NULL) == 0, "lstrlenA\n");
    ok(lstrlenW(L"hello") == 5 && lstrlenW(NULL) == 0, "lstrlenW\n");
    ok(lstrcmpA("abc", "abc") == 0, "lstrcmpA equal\n");
    ok(lstrcmpA("abc", "abd") < 0 && lstrcmpA("abd", "abc") > 0, "lstrcmpA order\n");
    ok(lstrcmpA("abc", "ABC") < 0, "lower case sorts first\n");
    ok(lstrcmpA("ABC", "abd") < 0, "case is secondary to letters\n");
    ok(lstrcmpA("ab", "abc") < 0, "prefix first\n");
    ok(lstrcmpA(NULL, "a") < 0 && lstrcmpA("a", NULL) > 0 && lstrcmpA(NULL, NULL) == 0, "NULL ordering\n");
    ok(lstrcmpiA("HeLLo", "hello") == 0, "lstrcmpiA\n");
    ok(lstrcmpiA("a", "B") < 0 && lstrcmpiA("B", "a") > 0, "lstrcmpiA order\n");
    ok(lstrcmpiW(L"\x00c9T\x00c9", L"\x00e9t\x00e9") == 0, "lstrcmpiW Latin-1\n");
    ok(lstrcmpW(L"x", L"y") < 0, "lstrcmpW\n");
    {
        char buffer[16];
        WCHAR wb[16];
        ok(lstrcpyA(buffer, "copy") == buffer && !strcmp(buffer, "copy"), "lstrcpyA\n");
        ok(lstrcatA(buffer, "cat") == buffer && !strcmp(buffer, "copycat"), "lstrcatA\n");
        ok(lstrcpynA(buffer, "truncate", 5) == buffer && !strcmp(buffer, "trun"), "lstrcpynA\n");
        ok(lstrcpynW(wb, L"wide", 16) == wb && !lstrcmpW(wb, L"wide"), "lstrcpynW\n");
        ok(lstrcpyW(wb, L"w") == wb && lstrcatW(wb, L"x") == wb && !lstrcmpW(wb, L"wx"), "lstrcpyW/lstrcatW\n");
    }

    /* DBCS queries on a single-byte code page. */
    ok(!IsDBCSLeadByte(0x81) && !IsDBCSLeadByteEx(1252, 0xe9), "1252 has no lead bytes\n");
    ok(IsDBCSLeadByteEx(932, 0x81), "932 lead byte 0x81\n");
    ok(!IsDBCSLeadByteEx(932, 0x41), "932 0x41 is a lead byte\n");
    test_collation();
    return conf_summary();
}
