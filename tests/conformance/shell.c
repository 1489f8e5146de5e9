/* user32 (characters, wsprintf, GetSystemMetrics, OEM conversions, MessageBox's console
 * fallback), shlwapi (paths, strings, wnsprintf) and shell32 (CommandLineToArgvW, folders). */
#include "conformance.h"
#include <shellapi.h>
#include <shlobj.h>
#include <shlwapi.h>

static void test_case_mapping(void)
{
    WCHAR wide[32];
    char ansi[32];
    LPWSTR ret;

    lstrcpyW(wide, L"abc d\x00e9" L"f 12");
    ret = CharUpperW(wide);
    ok(ret == wide && !lstrcmpW(wide, L"ABC D\x00c9" L"F 12"), "CharUpperW string\n");
    ret = CharLowerW(wide);
    ok(ret == wide && !lstrcmpW(wide, L"abc d\x00e9" L"f 12"), "CharLowerW string\n");
    ok(CharUpperW((LPWSTR)(ULONG_PTR)'a') == (LPWSTR)(ULONG_PTR)'A', "CharUpperW single\n");
    ok(CharLowerW((LPWSTR)(ULONG_PTR)'Q') == (LPWSTR)(ULONG_PTR)'q', "CharLowerW single\n");
    ok(CharUpperW((LPWSTR)(ULONG_PTR)0xe9) == (LPWSTR)(ULONG_PTR)0xc9, "CharUpperW single e-acute\n");
    ok(CharUpperW((LPWSTR)(ULONG_PTR)'1') == (LPWSTR)(ULONG_PTR)'1', "CharUpperW digit\n");

    strcpy(ansi, "Hello, World 42");
    ok(CharUpperA(ansi) == ansi && !strcmp(ansi, "HELLO, WORLD 42"), "CharUpperA: %s\n", ansi);
    ok(CharLowerA(ansi) == ansi && !strcmp(ansi, "hello, world 42"), "CharLowerA: %s\n", ansi);
    ok(CharUpperA((LPSTR)(ULONG_PTR)'z') == (LPSTR)(ULONG_PTR)'Z', "CharUpperA single\n");
    ok(CharLowerA((LPSTR)(ULONG_PTR)'Z') == (LPSTR)(ULONG_PTR)'z', "CharLowerA single\n");

    lstrcpyW(wide, L"abcdef");
    ok(CharUpperBuffW(wide, 3) == 3 && !lstrcmpW(wide, L"ABCdef"), "CharUpperBuffW\n");
    ok(CharLowerBuffW(wide, 2) == 2 && !lstrcmpW(wide, L"abCdef"), "CharLowerBuffW\n");
    strcpy(ansi, "abcdef");
    ok(CharUpperBuffA(ansi, 4) == 4 && !strcmp(ansi, "ABCDef"), "CharUpperBuffA: %s\n", ansi);
    ok(CharLowerBuffA(ansi, 6) == 6 && !strcmp(ansi, "abcdef"), "CharLowerBuffA: %s\n", ansi);
    ok(CharUpperBuffA(ansi, 0) == 0 && !strcmp(ansi, "abcdef"), "CharUpperBuffA 0\n");
}

static void test_character_walk_and_classes(void)
{
    const WCHAR *wide = L"ab";
    const char *ansi = "xy";

    ok(CharNextW(wide) == wide + 1, "CharNextW\n");
    ok(CharNextW(wide + 2) == wide + 2, "CharNextW at the end stays\n");
    ok(CharPrevW(wide, wide + 2) == wide + 1, "CharPrevW\n");
    ok(CharPrevW(wide, wide) == wide, "CharPrevW at the start stays\n");
    ok(CharNextA(ansi) == ansi + 1, "CharNextA\n");
    ok(CharNextA(ansi + 2) == ansi + 2, "CharNextA at the end\n");
    ok(CharPrevA(ansi, ansi + 2) == ansi + 1, "CharPrevA\n");
    ok(CharPrevA(ansi, ansi) == ansi, "CharPrevA at the start\n");
    ok(CharNextExA(CP_ACP, ansi, 0) == ansi + 1, "CharNextExA\n");

    ok(IsCharAlphaW('a') && IsCharAlphaW('Z') && IsCharAlphaW(0xe9), "IsCharAlphaW letters\n");
    ok(!IsCharAlphaW('1') && !IsCharAlphaW(' ') && !IsCharAlphaW('#'), "IsCharAlphaW non-letters\n");
    ok(IsCharAlphaNumericW('5') && IsCharAlphaNumericW('q') && !IsCharAlphaNumericW('-'), "IsCharAlphaNumericW\n");
    ok(IsCharUpperW('A') && IsCharUpperW(0xc9) && !IsCharUpperW('a') && !IsCharUpperW('1'), "IsCharUpperW\n");
    ok(IsCharLowerW('a') && IsCharLowerW(0xe9) && !IsCharLowerW('A') && !IsCharLowerW('1'), "IsCharLowerW\n");
    ok(IsCharAlphaA('Z') && !IsCharAlphaA('#') && !IsCharAlphaA('7'), "IsCharAlphaA\n");
    ok(IsCharAlphaNumericA('0') && IsCharAlphaNumericA('k') && !IsCharAlphaNumericA('.'), "IsCharAlphaNumericA\n");
    ok(IsCharUpperA('Q') && !IsCharUpperA('q'), "IsCharUpperA\n");
    ok(IsCharLowerA('q') && !IsCharLowerA('Q'), "IsCharLowerA\n");
}

static int call_wvsprintfA(char *buffer, const char *format, ...)
{
    va_list args;
    int ret;
    va_start(args, format);
    ret = wvsprintfA(buffer, format, args);
    va_end(args);
    return ret;
}

static int call_wvsprintfW(WCHAR *buffer, const WCHAR *format, ...)
{
    va_list args;
    int ret;
    va_start(args, format);
    ret = wvsprintfW(buffer, format, args);
    va_end(args);
    return ret;
}

#define check_wsprintfA(expected, ...) do { \
    char buf_[1100]; \
    int r_ = wsprintfA(buf_, __VA_ARGS__); \
    ok(r_ == (int)strlen(expected) && !strcmp(buf_, expected), "wsprintfA(%s): %d '%s', expected '%s'\n", \
       #__VA_ARGS__, r_, buf_, expected); \
} while (0)

static void test_wsprintf(void)
{
    char ansi[1100], big[2000];
    WCHAR wide[1100];
    int ret;

    check_wsprintfA("42 7 ff FF x c %", "%d %u %x %X %s %c %%", 42, 7u, 255, 255, "x", 'c');
    check_wsprintfA("-17", "%d", -17);
    check_wsprintfA("-17", "%i", -17);
    check_wsprintfA("4294967279", "%u", -17);
    check_wsprintfA("   42|42   |00042", "%5d|%-5d|%05d", 42, 42, 42);
    check_wsprintfA("0x1f 0X1F", "%#x %#X", 31, 31);
    check_wsprintfA("abc", "%.3s", "abcdef");
    check_wsprintfA("  abc", "%5s", "abc");
    check_wsprintfA("abc  |", "%-5s|", "abc");
    check_wsprintfA("007", "%.3d", 7);
    check_wsprintfA("wide", "%ls", L"wide");
    check_wsprintfA("wide", "%S", L"wide");
    check_wsprintfA("narrow", "%hs", "narrow");
    check_wsprintfA("W", "%C", (WCHAR)'W');
    check_wsprintfA("12345678901", "%I64d", (LONGLONG)12345678901LL);
    check_wsprintfA("-9000000000", "%I64d", (LONGLONG)-9000000000LL);
    check_wsprintfA("123456789abc", "%I64x", (ULONGLONG)0x123456789abcULL);
    check_wsprintfA("2147483647", "%ld", 2147483647L);
    check_wsprintfA("(null)", "%s", (char *)NULL);
    check_wsprintfA("plain text", "plain text");

    ret = wsprintfW(wide, L"%s-%S-%hs-%d-%c", L"w", "n", "h", 9, (WCHAR)'z');
    ok(ret == 9 && !lstrcmpW(wide, L"w-n-h-9-z"), "wsprintfW: %d '%ls'\n", ret, wide);
    ret = wsprintfW(wide, L"%ls|%5s|%x", L"a", L"b", 0xbeef);
    ok(ret == 12 && !lstrcmpW(wide, L"a|    b|beef"), "wsprintfW widths: %d '%ls'\n", ret, wide);
    ret = call_wvsprintfA(ansi, "%s=%d", "answer", 42);
    ok(ret == 9 && !strcmp(ansi, "answer=42"), "wvsprintfA: %d '%s'\n", ret, ansi);
    ret = call_wvsprintfW(wide, L"%s=%u", L"x", 3u);
    ok(ret == 3 && !lstrcmpW(wide, L"x=3"), "wvsprintfW: %d\n", ret);

    /* Output is cut at 1024 characters, terminator included. */
    memset(big, 'a', 1500);
    big[1500] = 0;
    ret = wsprintfA(ansi, "%s", big);
    ok(strlen(ansi) == 1023 && !memcmp(ansi, big, 1023), "wsprintfA long output: %d %u\n", ret, (unsigned)strlen(ansi));
}

static void test_oem_and_metrics(void)
{
    char out[32];
    WCHAR wide[32];

    ok(OemToCharA("Hello", out) && !strcmp(out, "Hello"), "OemToCharA ASCII\n");
    ok(CharToOemA("Hello", out) && !strcmp(out, "Hello"), "CharToOemA ASCII\n");
    ok(OemToCharBuffA("abcdef", out, 3) && !memcmp(out, "abc", 3), "OemToCharBuffA\n");
    ok(OemToCharW("Hi", wide) && !lstrcmpW(wide, L"Hi"), "OemToCharW\n");
    ok(CharToOemW(L"Yo", out) && !strcmp(out, "Yo"), "CharToOemW\n");
    if (GetACP() == 1252 && GetOEMCP() == 437) {
        /* e-acute is 0x82 in code page 437 and 0xe9 in 1252. */
        ok(OemToCharA("\x82", out) && (unsigned char)out[0] == 0xe9 && !out[1], "OemToCharA e-acute: %#x\n",
           (unsigned char)out[0]);
        ok(CharToOemA("\xe9", out) && (unsigned char)out[0] == 0x82, "CharToOemA e-acute: %#x\n",
           (unsigned char)out[0]);
        strcpy(out, "\x82x");
        ok(OemToCharA(out, out) && (unsigned char)out[0] == 0xe9 && out[1] == 'x', "OemToCharA in place\n");
    }

    ok(GetSystemMetrics(99999) == 0, "unknown metric\n");
    if (running_on_halcyon()) {
        /* No display: no screen, no monitors, no mouse. */
        ok(GetSystemMetrics(SM_CXSCREEN) == 0 && GetSystemMetrics(SM_CMONITORS) == 0 &&
           GetSystemMetrics(SM_MOUSEPRESENT) == 0, "metrics of a system without a display\n");
        ok(MessageBoxA(NULL, "conformance test text", "shell.c", MB_OK) == IDOK, "MessageBoxA MB_OK\n");
        ok(MessageBoxW(NULL, L"question", L"shell.c", MB_YESNO) == IDYES, "MessageBoxW MB_YESNO\n");
        ok(MessageBoxW(NULL, L"question", L"shell.c", MB_YESNO | MB_DEFBUTTON2) == IDNO,
           "MessageBoxW MB_YESNO | MB_DEFBUTTON2\n");
    }
}

#define check_path_result(got, expected) \
    ok(!lstrcmpW(got, expected), "%s: '%ls', expected '%ls'\n", #got, got, expected)

static void test_paths(void)
{
    WCHAR path[MAX_PATH], combined[MAX_PATH], module[MAX_PATH];
    const WCHAR *file = L"C:\\dir\\file.txt";
    char ansi[MAX_PATH];
    LPWSTR end;

    ok(PathFindFileNameW(file) == file + 7, "PathFindFileNameW\n");
    ok(!lstrcmpW(PathFindFileNameW(L"file"), L"file"), "PathFindFileNameW bare\n");
    ok(!lstrcmpW(PathFindFileNameW(L"C:\\dir\\"), L"dir\\"), "PathFindFileNameW trailing backslash: %ls\n",
       PathFindFileNameW(L"C:\\dir\\"));
    ok(!lstrcmpW(PathFindFileNameW(L"C:file"), L"file"), "PathFindFileNameW drive-relative\n");
    ok(!lstrcmpW(PathFindFileNameW(L"a/b"), L"b"), "PathFindFileNameW forward slash\n");
    ok(!strcmp(PathFindFileNameA("C:\\x\\y.z"), "y.z"), "PathFindFileNameA\n");

    ok(PathFindExtensionW(file) == file + 11, "PathFindExtensionW\n");
    end = PathFindExtensionW(L"C:\\dir.d\\file");
    ok(end && *end == 0, "no extension gives the terminator\n");
    ok(!lstrcmpW(PathFindExtensionW(L"a.b.c"), L".c"), "last dot\n");
    ok(!lstrcmpW(PathFindExtensionW(L".bashrc"), L".bashrc"), "leading dot\n");
    ok(!strcmp(PathFindExtensionA("x.tar.gz"), ".gz"), "PathFindExtensionA\n");

    lstrcpyW(path, L"C:\\dir\\file.txt");
    ok(PathRemoveFileSpecW(path) && !lstrcmpW(path, L"C:\\dir"), "PathRemoveFileSpecW: %ls\n", path);
    ok(PathRemoveFileSpecW(path) && !lstrcmpW(path, L"C:\\"), "PathRemoveFileSpecW to root: %ls\n", path);
    ok(!PathRemoveFileSpecW(path) && !lstrcmpW(path, L"C:\\"), "PathRemoveFileSpecW at root: %ls\n", path);
    lstrcpyW(path, L"file");
    ok(PathRemoveFileSpecW(path) && !path[0], "PathRemoveFileSpecW bare name\n");
    lstrcpyW(path, L"\\file");
    ok(PathRemoveFileSpecW(path) && !lstrcmpW(path, L"\\"), "PathRemoveFileSpecW rooted: %ls\n", path);
    strcpy(ansi, "C:\\a\\b");
    ok(PathRemoveFileSpecA(ansi) && !strcmp(ansi, "C:\\a"), "PathRemoveFileSpecA: %s\n", ansi);

    lstrcpyW(path, L"C:\\dir");
    ok(PathAppendW(path, L"file") && !lstrcmpW(path, L"C:\\dir\\file"), "PathAppendW: %ls\n", path);
    lstrcpyW(path, L"C:\\dir\\");
    ok(PathAppendW(path, L"\\file") && !lstrcmpW(path, L"C:\\dir\\file"), "PathAppendW leading backslash: %ls\n", path);
    lstrcpyW(path, L"C:\\dir");
    ok(PathAppendW(path, L"..\\up") && !lstrcmpW(path, L"C:\\up"), "PathAppendW ..: %ls\n", path);
    strcpy(ansi, "C:\\a");
    ok(PathAppendA(ansi, "b") && !strcmp(ansi, "C:\\a\\b"), "PathAppendA: %s\n", ansi);

    ok(PathCombineW(combined, L"C:\\dir", L"file.txt") == combined, "PathCombineW returns the buffer\n");
    check_path_result(combined, L"C:\\dir\\file.txt");
    PathCombineW(combined, L"C:\\dir\\", L"file");
    check_path_result(combined, L"C:\\dir\\file");
    PathCombineW(combined, L"C:\\dir\\sub", L"..\\x");
    check_path_result(combined, L"C:\\dir\\x");
    PathCombineW(combined, L"C:\\dir", L"\\x");
    check_path_result(combined, L"C:\\x");
    PathCombineW(combined, L"C:\\dir", L"D:\\y");
    check_path_result(combined, L"D:\\y");
    PathCombineW(combined, L"C:\\a", L".\\b");
    check_path_result(combined, L"C:\\a\\b");
    PathCombineW(combined, L"C:\\", L"..");
    check_path_result(combined, L"C:\\");
    PathCombineW(combined, L"C:\\dir", NULL);
    check_path_result(combined, L"C:\\dir");
    ok(PathCombineW(combined, NULL, NULL) == NULL, "PathCombineW(NULL, NULL)\n");
    ok(PathCombineA(ansi, "C:\\q", "r") == ansi && !strcmp(ansi, "C:\\q\\r"), "PathCombineA: %s\n", ansi);

    ok(PathIsRelativeW(L"file") && PathIsRelativeW(L"..\\x") && PathIsRelativeW(L"dir\\file"), "relative paths\n");
    ok(!PathIsRelativeW(L"C:\\x") && !PathIsRelativeW(L"\\x") && !PathIsRelativeW(L"\\\\server\\share"),
       "absolute paths\n");
    ok(PathIsRelativeA("a") && !PathIsRelativeA("C:\\a"), "PathIsRelativeA\n");

    lstrcpyW(path, L"C:\\dir");
    end = PathAddBackslashW(path);
    ok(end == path + 7 && !lstrcmpW(path, L"C:\\dir\\"), "PathAddBackslashW: %ls\n", path);
    end = PathAddBackslashW(path);
    ok(end == path + 7 && !lstrcmpW(path, L"C:\\dir\\"), "PathAddBackslashW twice: %ls\n", path);
    strcpy(ansi, "x");
    ok(PathAddBackslashA(ansi) == ansi + 2 && !strcmp(ansi, "x\\"), "PathAddBackslashA\n");

    lstrcpyW(path, L"C:\\dir\\file.txt");
    PathRemoveExtensionW(path);
    check_path_result(path, L"C:\\dir\\file");
    PathRemoveExtensionW(path);
    check_path_result(path, L"C:\\dir\\file");
    ok(PathRenameExtensionW(path, L".bak"), "PathRenameExtensionW\n");
    check_path_result(path, L"C:\\dir\\file.bak");
    ok(PathRenameExtensionW(path, L".c"), "PathRenameExtensionW again\n");
    check_path_result(path, L"C:\\dir\\file.c");
    strcpy(ansi, "a.b");
    PathRemoveExtensionA(ansi);
    ok(!strcmp(ansi, "a"), "PathRemoveExtensionA\n");

    lstrcpyW(path, L"C:\\dir\\file.txt");
    PathStripPathW(path);
    check_path_result(path, L"file.txt");
    strcpy(ansi, "C:\\x\\y");
    PathStripPathA(ansi);
    ok(!strcmp(ansi, "y"), "PathStripPathA: %s\n", ansi);

    GetModuleFileNameW(NULL, module, MAX_PATH);
    ok(PathFileExistsW(module), "PathFileExistsW(own executable)\n");
    ok(!PathFileExistsW(L"no-such-file-here.xyz"), "PathFileExistsW(missing)\n");
    ok(PathFileExistsA("."), "PathFileExistsA(.)\n");
    ok(PathIsDirectoryW(L".") != FALSE, "PathIsDirectoryW(.)\n");
    ok(!PathIsDirectoryW(module), "PathIsDirectoryW(file)\n");
    ok(!PathIsDirectoryA("no-such-dir-here"), "PathIsDirectoryA(missing)\n");
}

static void test_strings(void)
{
    const WCHAR *hello = L"Hello World";
    WCHAR buf[64];
    char ansi[64];
    LPWSTR dup;
    int ret;

    ok(StrCmpIW(L"abc", L"ABC") == 0, "StrCmpIW equal\n");
    ok(StrCmpIW(L"abc", L"ABD") < 0, "StrCmpIW less\n");
    ok(StrCmpIW(L"b", L"A") > 0, "StrCmpIW greater\n");
    ok(StrCmpIW(L"abc", L"abcd") < 0, "StrCmpIW prefix\n");
    ok(StrCmpNIW(L"abcdef", L"ABCxyz", 3) == 0, "StrCmpNIW 3\n");
    ok(StrCmpNIW(L"abcdef", L"ABCxyz", 4) != 0, "StrCmpNIW 4\n");
    ok(StrCmpNIW(L"abc", L"xyz", 0) == 0, "StrCmpNIW 0\n");
    ok(StrStrIW(hello, L"WORLD") == hello + 6, "StrStrIW\n");
    ok(StrStrIW(hello, L"lo w") == hello + 3, "StrStrIW middle\n");
    ok(StrStrIW(hello, L"planet") == NULL, "StrStrIW missing\n");
    ok(StrChrW(hello, 'o') == hello + 4, "StrChrW\n");
    ok(StrChrW(hello, 'z') == NULL, "StrChrW missing\n");
    ok(StrRChrW(hello, NULL, 'o') == hello + 7, "StrRChrW\n");
    ok(StrRChrW(hello, hello + 5, 'o') == hello + 4, "StrRChrW with an end\n");
    ok(StrRChrW(hello, NULL, 'z') == NULL, "StrRChrW missing\n");
    dup = StrDupW(hello);
    ok(dup && dup != hello && !lstrcmpW(dup, hello), "StrDupW\n");
    LocalFree(dup);
    ok(StrToIntW(L"123") == 123, "StrToIntW\n");
    ok(StrToIntW(L"-45") == -45, "StrToIntW negative\n");
    ok(StrToIntW(L"12abc") == 12, "StrToIntW stops at a letter\n");
    ok(StrToIntW(L"abc") == 0, "StrToIntW no digits\n");
    ok(StrToIntA("77") == 77, "StrToIntA\n");

    ret = wnsprintfW(buf, 64, L"%d-%s", 5, L"x");
    ok(ret == 3 && !lstrcmpW(buf, L"5-x"), "wnsprintfW: %d '%ls'\n", ret, buf);
    ret = wnsprintfA(ansi, 64, "%s:%04x", "id", 0xab);
    ok(ret == 7 && !strcmp(ansi, "id:00ab"), "wnsprintfA: %d '%s'\n", ret, ansi);
    memset(buf, 0x55, sizeof buf);
    wnsprintfW(buf, 4, L"%s", L"abcdef");
    ok(!lstrcmpW(buf, L"abc"), "wnsprintfW cuts and terminates: '%ls'\n", buf);
}

static void check_argv(const WCHAR *line, int expected_count, const WCHAR **expected)
{
    int count = -1, i;
    LPWSTR *argv = CommandLineToArgvW(line, &count);
    ok(argv != NULL, "CommandLineToArgvW(%ls) failed\n", line);
    if (!argv)
        return;
    ok(count == expected_count, "CommandLineToArgvW(%ls): %d arguments, expected %d\n", line, count, expected_count);
    for (i = 0; i < count && i < expected_count; i++)
        ok(!lstrcmpW(argv[i], expected[i]), "CommandLineToArgvW(%ls)[%d] = '%ls', expected '%ls'\n", line, i,
           argv[i], expected[i]);
    ok(argv[count] == NULL, "argv[argc] is NULL\n");
    LocalFree(argv);
}

static void test_command_line(void)
{
    static const WCHAR *simple[] = {L"prog", L"a", L"b"};
    static const WCHAR *quoted_program[] = {L"C:\\Program Files\\p.exe", L"x"};
    static const WCHAR *quoted_argument[] = {L"p", L"a b", L"c"};
    static const WCHAR *backslashes[] = {L"p", L"a\\\\b"};
    static const WCHAR *escaped_quote[] = {L"p", L"a\"b"};
    static const WCHAR *even_backslashes[] = {L"p", L"a\\b c"};
    static const WCHAR *odd_backslashes[] = {L"p", L"a\\\"b"};
    static const WCHAR *doubled_quote[] = {L"p", L"a\"b"};
    static const WCHAR *empty_argument[] = {L"p", L""};
    static const WCHAR *blanks[] = {L"p", L"a", L"b"};
    static const WCHAR *program_backslashes[] = {L"C:\\dir\\p.exe", L"x"};
    static const WCHAR *program_quote_backslash[] = {L"p\\", L"x"};
    static const WCHAR *trailing_backslash[] = {L"p", L"dir\\"};
    WCHAR module[MAX_PATH];
    LPWSTR *argv;
    int count = -1;

    check_argv(L"prog a b", 3, simple);
    check_argv(L"\"C:\\Program Files\\p.exe\" x", 2, quoted_program);
    check_argv(L"p \"a b\" c", 3, quoted_argument);
    check_argv(L"p a\\\\b", 2, backslashes);
    check_argv(L"p a\\\"b", 2, escaped_quote);
    check_argv(L"p a\\\\\"b c\"", 2, even_backslashes);
    check_argv(L"p a\\\\\\\"b", 2, odd_backslashes);
    check_argv(L"p \"a\"\"b\"", 2, doubled_quote);
    check_argv(L"p \"\"", 2, empty_argument);
    check_argv(L"p   a\t b  ", 3, blanks);
    check_argv(L"C:\\dir\\p.exe x", 2, program_backslashes);
    check_argv(L"\"p\\\" x", 2, program_quote_backslash);
    check_argv(L"p dir\\", 2, trailing_backslash);

    /* An empty command line names the program itself. */
    GetModuleFileNameW(NULL, module, MAX_PATH);
    argv = CommandLineToArgvW(L"", &count);
    ok(argv && count == 1 && !lstrcmpiW(argv[0], module), "empty command line: %d '%ls'\n", count,
       argv ? argv[0] : L"");
    LocalFree(argv);

    SetLastError(0xdeadbeef);
    ok(CommandLineToArgvW(L"p", NULL) == NULL, "NULL count accepted\n");
    expect_error(ERROR_INVALID_PARAMETER);
}

static void test_folders(void)
{
    WCHAR path[MAX_PATH], expected[MAX_PATH], variable[MAX_PATH];
    char ansi[MAX_PATH], ansi_expected[MAX_PATH];
    HRESULT hr;

    hr = SHGetFolderPathW(NULL, CSIDL_WINDOWS, NULL, SHGFP_TYPE_CURRENT, path);
    GetWindowsDirectoryW(expected, MAX_PATH);
    ok(hr == S_OK && !lstrcmpiW(path, expected), "CSIDL_WINDOWS: %#lx '%ls' vs '%ls'\n", hr, path, expected);
    hr = SHGetFolderPathW(NULL, CSIDL_SYSTEM, NULL, SHGFP_TYPE_CURRENT, path);
    GetSystemDirectoryW(expected, MAX_PATH);
    ok(hr == S_OK && !lstrcmpiW(path, expected), "CSIDL_SYSTEM: %#lx '%ls' vs '%ls'\n", hr, path, expected);
    hr = SHGetFolderPathA(NULL, CSIDL_SYSTEM, NULL, SHGFP_TYPE_CURRENT, ansi);
    GetSystemDirectoryA(ansi_expected, MAX_PATH);
    ok(hr == S_OK && !lstrcmpiA(ansi, ansi_expected), "CSIDL_SYSTEM (A): '%s'\n", ansi);
    ok(SHGetSpecialFolderPathW(NULL, path, CSIDL_WINDOWS, FALSE), "SHGetSpecialFolderPathW\n");
    GetWindowsDirectoryW(expected, MAX_PATH);
    ok(!lstrcmpiW(path, expected), "SHGetSpecialFolderPathW: '%ls'\n", path);

    /* Profile folders follow the environment where it names them, and fail where nothing does. */
    hr = SHGetFolderPathW(NULL, CSIDL_APPDATA, NULL, SHGFP_TYPE_CURRENT, path);
    if (GetEnvironmentVariableW(L"APPDATA", variable, MAX_PATH))
        ok(hr == S_OK && !lstrcmpiW(path, variable), "CSIDL_APPDATA: %#lx '%ls' vs '%ls'\n", hr, path, variable);
    else
        ok(FAILED(hr), "CSIDL_APPDATA without APPDATA: %#lx\n", hr);
    hr = SHGetFolderPathW(NULL, CSIDL_LOCAL_APPDATA, NULL, SHGFP_TYPE_CURRENT, path);
    if (GetEnvironmentVariableW(L"LOCALAPPDATA", variable, MAX_PATH))
        ok(hr == S_OK && !lstrcmpiW(path, variable), "CSIDL_LOCAL_APPDATA: %#lx '%ls'\n", hr, path);
    else
        ok(FAILED(hr), "CSIDL_LOCAL_APPDATA without LOCALAPPDATA: %#lx\n", hr);
    hr = SHGetFolderPathW(NULL, CSIDL_PROFILE, NULL, SHGFP_TYPE_CURRENT, path);
    if (GetEnvironmentVariableW(L"USERPROFILE", variable, MAX_PATH))
        ok(hr == S_OK && !lstrcmpiW(path, variable), "CSIDL_PROFILE: %#lx '%ls'\n", hr, path);
    else
        ok(FAILED(hr), "CSIDL_PROFILE without USERPROFILE: %#lx\n", hr);

    hr = SHGetFolderPathW(NULL, 0xff, NULL, SHGFP_TYPE_CURRENT, path);
    ok(FAILED(hr), "CSIDL 0xff: %#lx\n", hr);
}

int main(void)
{
    conf_init("shell");
    test_case_mapping();
    test_character_walk_and_classes();
    test_wsprintf();
    test_oem_and_metrics();
    test_paths();
    test_strings();
    test_command_line();
    test_folders();
    return conf_summary();
}
