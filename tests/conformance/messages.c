/* FormatMessageA/W: system messages, messages from strings with inserts and escapes,
 * FORMAT_MESSAGE_ALLOCATE_BUFFER, and the errors of each.
 *
 * The system texts are Windows' (Wine's own message table words them differently, e.g. "File not
 * found." for ERROR_FILE_NOT_FOUND), so under Wine those checks look at the shape of the text only.
 */
#include "conformance.h"

static DWORD format_a(DWORD flags, const void *source, DWORD id, char *buffer, DWORD size, ...)
{
    va_list args;
    DWORD ret;
    va_start(args, size);
    ret = FormatMessageA(flags, source, id, 0, buffer, size, &args);
    va_end(args);
    return ret;
}

static DWORD format_w(DWORD flags, const void *source, DWORD id, WCHAR *buffer, DWORD size, ...)
{
    va_list args;
    DWORD ret;
    va_start(args, size);
    ret = FormatMessageW(flags, source, id, 0, buffer, size, &args);
    va_end(args);
    return ret;
}

/* The system text for `id`: Windows' exact words, or under Wine a one-line sentence with CRLF. */
static void check_system_message(DWORD id, const char *windows_text)
{
    char buffer[512];
    DWORD ret;
    memset(buffer, 'x', sizeof buffer);
    SetLastError(0xdeadbeef);
    ret = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, id, 0, buffer,
                         sizeof buffer, NULL);
    ok(ret > 2 && ret == strlen(buffer), "message %lu: returned %lu for \"%s\"\n", id, ret, buffer);
    ok(ret > 2 && buffer[ret - 2] == '\r' && buffer[ret - 1] == '\n', "message %lu does not end in CRLF\n", id);
    if (!running_on_wine())
        ok(!strcmp(buffer, windows_text), "message %lu: got \"%s\"\n", id, buffer);
}

static void test_system_messages(void)
{
    char buffer[256];
    WCHAR wbuffer[256];
    char *allocated;
    WCHAR *wallocated;
    DWORD ret;

    check_system_message(ERROR_SUCCESS, "The operation completed successfully.\r\n");
    check_system_message(ERROR_INVALID_FUNCTION, "Incorrect function.\r\n");
    check_system_message(ERROR_FILE_NOT_FOUND, "The system cannot find the file specified.\r\n");
    check_system_message(ERROR_PATH_NOT_FOUND, "The system cannot find the path specified.\r\n");
    check_system_message(ERROR_ACCESS_DENIED, "Access is denied.\r\n");
    check_system_message(ERROR_INVALID_HANDLE, "The handle is invalid.\r\n");
    check_system_message(ERROR_NOT_ENOUGH_MEMORY, "Not enough memory resources are available to process this command.\r\n");
    check_system_message(ERROR_NO_MORE_FILES, "There are no more files.\r\n");
    check_system_message(ERROR_SHARING_VIOLATION,
                         "The process cannot access the file because it is being used by another process.\r\n");
    check_system_message(ERROR_FILE_EXISTS, "The file exists.\r\n");
    check_system_message(ERROR_INVALID_PARAMETER, "The parameter is incorrect.\r\n");
    check_system_message(ERROR_BROKEN_PIPE, "The pipe has been ended.\r\n");
    check_system_message(ERROR_INSUFFICIENT_BUFFER, "The data area passed to a system call is too small.\r\n");
    check_system_message(ERROR_INVALID_NAME, "The filename, directory name, or volume label syntax is incorrect.\r\n");
    check_system_message(ERROR_MOD_NOT_FOUND, "The specified module could not be found.\r\n");
    check_system_message(ERROR_PROC_NOT_FOUND, "The specified procedure could not be found.\r\n");
    check_system_message(ERROR_DIR_NOT_EMPTY, "The directory is not empty.\r\n");
    check_system_message(ERROR_ALREADY_EXISTS, "Cannot create a file when that file already exists.\r\n");
    check_system_message(ERROR_MORE_DATA, "More data is available.\r\n");
    check_system_message(ERROR_NO_MORE_ITEMS, "No more data is available.\r\n");
    check_system_message(ERROR_DIRECTORY, "The directory name is invalid.\r\n");
    check_system_message(ERROR_NOACCESS, "Invalid access to memory location.\r\n");

    /* The wide variant gives the same text. */
    ret = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, ERROR_ACCESS_DENIED, 0,
                         buffer, sizeof buffer, NULL);
    SetLastError(0xdeadbeef);
    ok(FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, ERROR_ACCESS_DENIED, 0,
                      wbuffer, 256, NULL) == ret,
       "FormatMessageW length differs\n");
    {
        char narrow[256];
        WideCharToMultiByte(CP_ACP, 0, wbuffer, -1, narrow, sizeof narrow, NULL, NULL);
        ok(!strcmp(narrow, buffer), "FormatMessageW text differs: %s\n", narrow);
    }

    /* An English or neutral language is accepted. */
    ok(FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, ERROR_FILE_NOT_FOUND,
                      MAKELANGID(LANG_NEUTRAL, SUBLANG_NEUTRAL), buffer, sizeof buffer, NULL) > 0,
       "LANG_NEUTRAL failed: %lu\n", GetLastError());
    ok(FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, ERROR_FILE_NOT_FOUND,
                      MAKELANGID(LANG_ENGLISH, SUBLANG_ENGLISH_US), buffer, sizeof buffer, NULL) > 0,
       "LANG_ENGLISH failed: %lu\n", GetLastError());

    /* A message number nobody defines. */
    SetLastError(0xdeadbeef);
    ret = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, 0x2fffabcd, 0, buffer,
                         sizeof buffer, NULL);
    ok(ret == 0, "unknown message returned %lu\n", ret);
    expect_error(ERROR_MR_MID_NOT_FOUND);

    /* Too small a buffer. */
    SetLastError(0xdeadbeef);
    ret = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, ERROR_FILE_NOT_FOUND, 0,
                         buffer, 5, NULL);
    ok(ret == 0, "small buffer returned %lu\n", ret);
    expect_error(ERROR_INSUFFICIENT_BUFFER);

    /* FORMAT_MESSAGE_ALLOCATE_BUFFER: the buffer argument receives a LocalAlloc'd string. */
    allocated = NULL;
    ret = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS | FORMAT_MESSAGE_ALLOCATE_BUFFER,
                         NULL, ERROR_PATH_NOT_FOUND, 0, (char *)&allocated, 0, NULL);
    ok(ret > 0 && allocated != NULL && strlen(allocated) == ret, "ALLOCATE_BUFFER returned %lu\n", ret);
    if (allocated) {
        ok(allocated[ret - 1] == '\n', "allocated text does not end in a newline\n");
        ok(LocalFree(allocated) == NULL, "LocalFree of the message failed\n");
    }
    wallocated = NULL;
    ret = FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS | FORMAT_MESSAGE_ALLOCATE_BUFFER,
                         NULL, ERROR_PATH_NOT_FOUND, 0, (WCHAR *)&wallocated, 0, NULL);
    ok(ret > 0 && wallocated != NULL && lstrlenW(wallocated) == (int)ret, "ALLOCATE_BUFFER (W) returned %lu\n", ret);
    if (wallocated)
        LocalFree(wallocated);
    SetLastError(0xdeadbeef);
    allocated = (char *)0xdeadbeef;
    ret = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS | FORMAT_MESSAGE_ALLOCATE_BUFFER,
                         NULL, 0x2fffabcd, 0, (char *)&allocated, 0, NULL);
    ok(ret == 0, "ALLOCATE_BUFFER of an unknown message returned %lu\n", ret);
    expect_error(ERROR_MR_MID_NOT_FOUND);
}

static void test_string_messages(void)
{
    char buffer[256];
    WCHAR wbuffer[256];
    DWORD ret;
    DWORD_PTR array[4];

    /* Plain text is copied. */
    ret = format_a(FORMAT_MESSAGE_FROM_STRING, "plain text", 0, buffer, sizeof buffer);
    ok(ret == 10 && !strcmp(buffer, "plain text"), "plain: %lu \"%s\"\n", ret, buffer);
    ret = format_a(FORMAT_MESSAGE_FROM_STRING, "", 0, buffer, sizeof buffer);
    ok(ret == 0, "empty: %lu\n", ret);

    /* Inserts, with and without formats, in any order and repeated. */
    ret = format_a(FORMAT_MESSAGE_FROM_STRING, "%1 and %2", 0, buffer, sizeof buffer, "one", "two");
    ok(ret == 11 && !strcmp(buffer, "one and two"), "inserts: \"%s\"\n", buffer);
    ret = format_a(FORMAT_MESSAGE_FROM_STRING, "%2-%1-%2", 0, buffer, sizeof buffer, "a", "b");
    ok(!strcmp(buffer, "b-a-b"), "reordered inserts: \"%s\"\n", buffer);
    ret = format_a(FORMAT_MESSAGE_FROM_STRING, "%1!d! %2!u! %3!x! %4!X!", 0, buffer, sizeof buffer, -5, 7u, 255u, 255u);
    ok(!strcmp(buffer, "-5 7 ff FF"), "numeric inserts: \"%s\"\n", buffer);
    ret = format_a(FORMAT_MESSAGE_FROM_STRING, "[%1!5d!] [%2!-4s!] [%3!04x!]", 0, buffer, sizeof buffer, 42, "ab", 10);
    ok(!strcmp(buffer, "[   42] [ab  ] [000a]"), "widths: \"%s\"\n", buffer);
    ret = format_a(FORMAT_MESSAGE_FROM_STRING, "%1!c!%2!s!", 0, buffer, sizeof buffer, 'Z', "ed");
    ok(!strcmp(buffer, "Zed"), "char insert: \"%s\"\n", buffer);
    ret = format_a(FORMAT_MESSAGE_FROM_STRING, "%1!.2s!", 0, buffer, sizeof buffer, "abcdef");
    ok(!strcmp(buffer, "ab"), "precision: \"%s\"\n", buffer);
    ret = format_a(FORMAT_MESSAGE_FROM_STRING, "%1!ls!", 0, buffer, sizeof buffer, L"wide");
    ok(!strcmp(buffer, "wide"), "wide string in the ANSI call: \"%s\"\n", buffer);
    ret = format_a(FORMAT_MESSAGE_FROM_STRING, "%10", 0, buffer, sizeof buffer, "1", "2", "3", "4", "5", "6", "7",
                   "8", "9", "ten");
    ok(!strcmp(buffer, "ten"), "two-digit insert: \"%s\"\n", buffer);

    /* Escapes. */
    ret = format_a(FORMAT_MESSAGE_FROM_STRING, "100%% done%.", 0, buffer, sizeof buffer);
    ok(!strcmp(buffer, "100% done."), "%%%% and %%.: \"%s\"\n", buffer);
    ret = format_a(FORMAT_MESSAGE_FROM_STRING, "a%nb", 0, buffer, sizeof buffer);
    ok(ret == 4 && !strcmp(buffer, "a\r\nb"), "%%n: \"%s\"\n", buffer);
    ret = format_a(FORMAT_MESSAGE_FROM_STRING, "x%!y", 0, buffer, sizeof buffer);
    ok(!strcmp(buffer, "x!y"), "%%!: \"%s\"\n", buffer);
    ret = format_a(FORMAT_MESSAGE_FROM_STRING, "keep%0this is dropped", 0, buffer, sizeof buffer);
    ok(ret == 4 && !strcmp(buffer, "keep"), "%%0: %lu \"%s\"\n", ret, buffer);
    ret = format_a(FORMAT_MESSAGE_FROM_STRING, "line\r\nnext", 0, buffer, sizeof buffer);
    ok(!strcmp(buffer, "line\r\nnext"), "literal line break: \"%s\"\n", buffer);

    /* IGNORE_INSERTS keeps inserts as written. */
    ret = format_a(FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_IGNORE_INSERTS, "%1 and %2!d!", 0, buffer, sizeof buffer);
    ok(!strcmp(buffer, "%1 and %2!d!"), "ignored inserts: \"%s\"\n", buffer);
    ret = format_a(FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_IGNORE_INSERTS, "a%%b%nc%.d", 0, buffer, sizeof buffer);
    ok(ret == 10 && !strcmp(buffer, "a%%b\r\nc%.d"), "escapes without inserts: \"%s\"\n", buffer);

    /* Inserts without arguments. */
    SetLastError(0xdeadbeef);
    ret = FormatMessageA(FORMAT_MESSAGE_FROM_STRING, "a%1b", 0, 0, buffer, sizeof buffer, NULL);
    ok(ret == 0, "insert without arguments returned %lu\n", ret);
    expect_error(ERROR_INVALID_PARAMETER);
    /* Neither a string nor a table. */
    SetLastError(0xdeadbeef);
    ret = FormatMessageA(0, "x", 0, 0, buffer, sizeof buffer, NULL);
    ok(ret == 0, "no source flag returned %lu\n", ret);
    expect_error(ERROR_INVALID_PARAMETER);

    /* More escapes: tab, bare carriage return, hard space. */
    ret = format_a(FORMAT_MESSAGE_FROM_STRING, "a%tb%rc% d", 0, buffer, sizeof buffer);
    ok(ret == 7 && !strcmp(buffer, "a\tb\rc d"), "%%t %%r %%space: \"%s\"\n", buffer);

    /* FORMAT_MESSAGE_MAX_WIDTH_MASK: the text's own line breaks become spaces. */
    ret = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS | FORMAT_MESSAGE_MAX_WIDTH_MASK,
                         NULL, ERROR_FILE_NOT_FOUND, 0, buffer, sizeof buffer, NULL);
    ok(ret > 2 && buffer[ret - 1] == ' ' && !strchr(buffer, '\n'), "MAX_WIDTH_MASK: \"%s\"\n", buffer);
    ret = format_a(FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_MAX_WIDTH_MASK, "a\r\nb%nc", 0, buffer, sizeof buffer);
    ok(!strcmp(buffer, "a b\r\nc"), "MAX_WIDTH_MASK keeps %%n: \"%s\"\n", buffer);

    /* An argument array instead of a va_list. */
    array[0] = (DWORD_PTR) "first";
    array[1] = 12;
    ret = FormatMessageA(FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_ARGUMENT_ARRAY, "%1/%2!d!", 0, 0, buffer,
                         sizeof buffer, (va_list *)array);
    ok(!strcmp(buffer, "first/12"), "argument array: \"%s\"\n", buffer);

    /* The system message 193 has an insert. */
    array[0] = (DWORD_PTR) "prog.exe";
    ret = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_ARGUMENT_ARRAY, NULL, ERROR_BAD_EXE_FORMAT, 0,
                         buffer, sizeof buffer, (va_list *)array);
    ok(ret > 0 && strstr(buffer, "prog.exe") != NULL, "ERROR_BAD_EXE_FORMAT with its insert: \"%s\"\n", buffer);
    ret = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, ERROR_BAD_EXE_FORMAT, 0,
                         buffer, sizeof buffer, NULL);
    ok(ret > 0 && strstr(buffer, "%1") != NULL, "ERROR_BAD_EXE_FORMAT keeps %%1: \"%s\"\n", buffer);

    /* Wide variant. */
    ret = format_w(FORMAT_MESSAGE_FROM_STRING, L"%1 = %2!d!%n", 0, wbuffer, 256, L"x", 3);
    ok(ret == 7 && !lstrcmpW(wbuffer, L"x = 3\r\n"), "FormatMessageW inserts: %lu\n", ret);
    ret = format_w(FORMAT_MESSAGE_FROM_STRING, L"%1!hs!", 0, wbuffer, 256, "narrow");
    ok(!lstrcmpW(wbuffer, L"narrow"), "narrow string in the wide call\n");
    SetLastError(0xdeadbeef);
    ret = format_w(FORMAT_MESSAGE_FROM_STRING, L"too long for it", 0, wbuffer, 4);
    ok(ret == 0, "small wide buffer returned %lu\n", ret);
    expect_error(ERROR_INSUFFICIENT_BUFFER);

    /* The buffer must hold the terminator too. */
    SetLastError(0xdeadbeef);
    ret = format_a(FORMAT_MESSAGE_FROM_STRING, "abcd", 0, buffer, 4);
    ok(ret == 0, "exact-size buffer returned %lu\n", ret);
    expect_error(ERROR_INSUFFICIENT_BUFFER);
    ret = format_a(FORMAT_MESSAGE_FROM_STRING, "abcd", 0, buffer, 5);
    ok(ret == 4 && !strcmp(buffer, "abcd"), "buffer of length + 1: %lu\n", ret);
}

int main(void)
{
    conf_init("messages");
    test_system_messages();
    test_string_messages();
    return conf_summary();
}
