/* Strings and code pages: MultiByteToWideChar/WideCharToMultiByte (UTF-8, 1252, errors),
 * code page queries, the lstr* family. */
#include "conformance.h"

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
    todo_halcyon ok(IsDBCSLeadByteEx(932, 0x81), "932 lead byte 0x81\n");
    ok(!IsDBCSLeadByteEx(932, 0x41), "932 0x41 is a lead byte\n");
    return conf_summary();
}
