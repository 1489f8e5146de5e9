/* Standard handles, console modes on redirected handles, GetFileType, and code pages.
 *
 * The harness runs every program with standard output redirected to a file and standard input
 * from the null device, so neither is a console here; the checks rely on that. */
#include "conformance.h"

static HANDLE create_file(const char *name, DWORD access, DWORD disposition)
{
    return CreateFileA(name, access, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL, disposition,
                       FILE_ATTRIBUTE_NORMAL, NULL);
}

static void test_std_handles(void)
{
    HANDLE out = GetStdHandle(STD_OUTPUT_HANDLE);
    HANDLE err = GetStdHandle(STD_ERROR_HANDLE);
    HANDLE file, h;
    DWORD mode, written;

    ok(out != NULL && out != INVALID_HANDLE_VALUE, "stdout handle %p\n", out);
    ok(err != NULL && err != INVALID_HANDLE_VALUE, "stderr handle %p\n", err);
    SetLastError(0xdeadbeef);
    h = GetStdHandle(5);
    ok(h == INVALID_HANDLE_VALUE, "GetStdHandle(5) returned %p\n", h);
    expect_error(ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    h = GetStdHandle((DWORD)-13);
    ok(h == INVALID_HANDLE_VALUE, "GetStdHandle(-13) returned %p\n", h);
    expect_error(ERROR_INVALID_HANDLE);

    /* Standard output is a redirected file: a disk file, with no console mode. */
    ok(GetFileType(out) == FILE_TYPE_DISK, "stdout file type %lu\n", GetFileType(out));
    SetLastError(0xdeadbeef);
    mode = 0xdeadbeef;
    ok(!GetConsoleMode(out, &mode), "GetConsoleMode on a redirected stdout succeeded\n");
    expect_error(ERROR_INVALID_HANDLE);
    expect_fail(SetConsoleMode(out, ENABLE_PROCESSED_OUTPUT), ERROR_INVALID_HANDLE);

    /* SetStdHandle swaps what GetStdHandle returns, and writes follow it. */
    file = create_file("std.txt", GENERIC_READ | GENERIC_WRITE, CREATE_ALWAYS);
    ok(file != INVALID_HANDLE_VALUE, "CreateFile failed: %lu\n", GetLastError());
    ok(GetFileType(file) == FILE_TYPE_DISK, "disk file type %lu\n", GetFileType(file));
    SetLastError(0xdeadbeef);
    mode = 0xdeadbeef;
    ok(!GetConsoleMode(file, &mode), "GetConsoleMode on a file succeeded\n");
    expect_error(ERROR_INVALID_HANDLE);
    expect_success(SetStdHandle(STD_OUTPUT_HANDLE, file));
    ok(GetStdHandle(STD_OUTPUT_HANDLE) == file, "GetStdHandle did not follow SetStdHandle\n");
    ok(WriteFile(GetStdHandle(STD_OUTPUT_HANDLE), "redirected", 10, &written, NULL) && written == 10,
       "WriteFile to the new stdout\n");
    expect_success(SetStdHandle(STD_OUTPUT_HANDLE, out));
    ok(GetStdHandle(STD_OUTPUT_HANDLE) == out, "stdout not restored\n");
    ok(GetFileSize(file, NULL) == 10, "file size %lu\n", GetFileSize(file, NULL));
    expect_fail(SetStdHandle(7, file), ERROR_INVALID_HANDLE);
    /* Any value is accepted as a handle, even one that names nothing. */
    expect_success(SetStdHandle(STD_ERROR_HANDLE, INVALID_HANDLE_VALUE));
    ok(GetStdHandle(STD_ERROR_HANDLE) == INVALID_HANDLE_VALUE, "stderr not INVALID_HANDLE_VALUE\n");
    expect_success(SetStdHandle(STD_ERROR_HANDLE, err));
    CloseHandle(file);
    DeleteFileA("std.txt");
}

static void test_file_type(void)
{
    HANDLE h;

    SetLastError(0xdeadbeef);
    ok(GetFileType(INVALID_HANDLE_VALUE) == FILE_TYPE_UNKNOWN, "INVALID_HANDLE_VALUE file type\n");
    expect_error(ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ok(GetFileType((HANDLE)(ULONG_PTR)0xdead0) == FILE_TYPE_UNKNOWN, "bogus handle file type\n");
    expect_error(ERROR_INVALID_HANDLE);
    /* A handle to something that is not a file. */
    h = CreateEventA(NULL, FALSE, FALSE, NULL);
    SetLastError(0xdeadbeef);
    ok(GetFileType(h) == FILE_TYPE_UNKNOWN, "event file type %lu\n", GetFileType(h));
    CloseHandle(h);

    /* A directory opened with backup semantics is a disk file too. */
    h = CreateFileA(".", GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL, OPEN_EXISTING,
                    FILE_FLAG_BACKUP_SEMANTICS, NULL);
    ok(h != INVALID_HANDLE_VALUE, "opening . failed: %lu\n", GetLastError());
    ok(GetFileType(h) == FILE_TYPE_DISK, "directory file type %lu\n", GetFileType(h));
    CloseHandle(h);
}

static void test_code_pages(void)
{
    CPINFO info;
    CPINFOEXA info_ex;
    UINT acp = GetACP(), oemcp = GetOEMCP();

    ok(acp == 1252, "GetACP %u\n", acp);
    ok(oemcp == 437, "GetOEMCP %u\n", oemcp);
    ok(IsValidCodePage(acp), "ACP %u is not valid\n", acp);
    ok(IsValidCodePage(oemcp), "OEMCP %u is not valid\n", oemcp);
    ok(IsValidCodePage(CP_UTF8), "UTF-8 is not valid\n");
    ok(IsValidCodePage(28591), "28591 is not valid\n");
    ok(!IsValidCodePage(CP_ACP), "CP_ACP counts as a code page\n");
    ok(!IsValidCodePage(CP_OEMCP), "CP_OEMCP counts as a code page\n");
    ok(!IsValidCodePage(12345), "12345 counts as a code page\n");
    ok(!IsValidCodePage(0xffff), "0xffff counts as a code page\n");

    memset(&info, 0xcc, sizeof info);
    ok(GetCPInfo(1252, &info), "GetCPInfo(1252) failed: %lu\n", GetLastError());
    ok(info.MaxCharSize == 1, "1252 MaxCharSize %u\n", info.MaxCharSize);
    ok(info.DefaultChar[0] == '?' && info.DefaultChar[1] == 0, "1252 default char %#x\n", info.DefaultChar[0]);
    ok(info.LeadByte[0] == 0 && info.LeadByte[1] == 0, "1252 has lead bytes\n");
    ok(GetCPInfo(CP_ACP, &info) && info.MaxCharSize == 1, "GetCPInfo(CP_ACP)\n");
    ok(GetCPInfo(CP_OEMCP, &info) && info.MaxCharSize == 1, "GetCPInfo(CP_OEMCP)\n");
    ok(GetCPInfo(437, &info) && info.MaxCharSize == 1, "GetCPInfo(437)\n");
    ok(GetCPInfo(CP_UTF8, &info), "GetCPInfo(CP_UTF8) failed: %lu\n", GetLastError());
    ok(info.MaxCharSize == 4, "UTF-8 MaxCharSize %u\n", info.MaxCharSize);
    expect_fail(GetCPInfo(12345, &info), ERROR_INVALID_PARAMETER);
    expect_fail(GetCPInfo(1252, NULL), ERROR_INVALID_PARAMETER);

    ok(GetCPInfoExA(1252, 0, &info_ex), "GetCPInfoExA failed: %lu\n", GetLastError());
    ok(info_ex.CodePage == 1252, "CPINFOEX code page %u\n", info_ex.CodePage);
    ok(info_ex.UnicodeDefaultChar == '?', "CPINFOEX default %#x\n", info_ex.UnicodeDefaultChar);
    /* The name's wording differs between Windows ("1252  (ANSI - Latin I)") and Wine. */
    ok(info_ex.CodePageName[0] != 0, "CPINFOEX has no name\n");
    ok(GetCPInfoExA(CP_ACP, 0, &info_ex) && info_ex.CodePage == acp, "GetCPInfoExA(CP_ACP) resolves to %u\n",
       info_ex.CodePage);

    /* DBCS lead bytes: none in the single-byte pages. */
    ok(!IsDBCSLeadByteEx(1252, 0x81), "1252 has a lead byte\n");
    ok(!IsDBCSLeadByte(0x81) && !IsDBCSLeadByte('A'), "the ANSI page has lead bytes\n");
    ok(IsDBCSLeadByteEx(932, 0xE0) && !IsDBCSLeadByteEx(932, 0xA0), "932 lead byte ranges\n");

    /* Conversions through the ANSI page and UTF-8. */
    {
        WCHAR wide[8];
        char narrow[8];
        ok(MultiByteToWideChar(1252, 0, "\x80", 1, wide, 8) == 1 && wide[0] == 0x20ac, "1252 0x80 -> %#x\n", wide[0]);
        ok(WideCharToMultiByte(1252, 0, L"\x20ac", 1, narrow, 8, NULL, NULL) == 1 && (BYTE)narrow[0] == 0x80,
           "U+20AC -> 1252\n");
        ok(MultiByteToWideChar(437, 0, "\x82", 1, wide, 8) == 1 && wide[0] == 0xe9, "437 0x82 -> %#x\n", wide[0]);
        ok(MultiByteToWideChar(CP_UTF8, 0, "\xe2\x82\xac", 3, wide, 8) == 1 && wide[0] == 0x20ac, "UTF-8 euro\n");
        ok(WideCharToMultiByte(CP_UTF8, 0, L"\x20ac", 1, narrow, 8, NULL, NULL) == 3, "euro to UTF-8\n");
    }
}

int main(void)
{
    conf_init("console");
    test_std_handles();
    test_file_type();
    test_code_pages();
    return conf_summary();
}
