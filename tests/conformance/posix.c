/* The C runtime's POSIX layer (msvcrt): _stat64/_fstat64, _findfirst64, _access, _mkdir/_rmdir,
 * _unlink, _dup/_dup2, _isatty, _setmode, _get_osfhandle/_open_osfhandle; the time functions;
 * qsort/bsearch; wide-character string functions. */
#include "conformance.h"
#include <errno.h>
#include <fcntl.h>
#include <io.h>
#include <direct.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <stdlib.h>
#include <time.h>
#include <wchar.h>
#include <wctype.h>

static void write_text(const char *name, const char *text)
{
    FILE *f = fopen(name, "wb");
    fputs(text, f);
    fclose(f);
}

static void test_stat(void)
{
    struct _stat64 st;
    struct _stat64 fst;
    time_t now = _time64(NULL);
    int fd, ret;

    write_text("stat.txt", "twelve bytes");
    memset(&st, 0xcc, sizeof st);
    errno = 0;
    ret = _stat64("stat.txt", &st);
    ok(ret == 0, "_stat64 failed: errno %d\n", errno);
    ok((st.st_mode & _S_IFMT) == _S_IFREG, "mode %#x\n", st.st_mode);
    ok((st.st_mode & _S_IREAD) && (st.st_mode & _S_IWRITE), "permissions %#x\n", st.st_mode);
    ok(!(st.st_mode & _S_IEXEC), "a .txt file is executable: %#x\n", st.st_mode);
    ok(st.st_size == 12, "size %lld\n", (long long)st.st_size);
    ok(st.st_nlink == 1, "links %d\n", st.st_nlink);
    ok(st.st_mtime >= now - 600 && st.st_mtime <= now + 600, "mtime %lld, now %lld\n", (long long)st.st_mtime,
       (long long)now);
    ok(st.st_dev == st.st_rdev, "st_dev %u st_rdev %u\n", st.st_dev, st.st_rdev);

    /* The same through a descriptor. */
    fd = _open("stat.txt", _O_RDONLY | _O_BINARY);
    ok(fd >= 0, "_open failed: errno %d\n", errno);
    ret = _fstat64(fd, &fst);
    ok(ret == 0, "_fstat64 failed: errno %d\n", errno);
    ok((fst.st_mode & _S_IFMT) == _S_IFREG && fst.st_size == 12, "fstat mode %#x size %lld\n", fst.st_mode,
       (long long)fst.st_size);
    ok(fst.st_mtime == st.st_mtime, "fstat mtime %lld, stat %lld\n", (long long)fst.st_mtime, (long long)st.st_mtime);
    _close(fd);
    ok(_fstat64(fd, &fst) == -1, "_fstat64 on a closed descriptor succeeded\n");

    /* Directories, missing names, wildcards. */
    _mkdir("stat_dir");
    ok(_stat64("stat_dir", &st) == 0 && (st.st_mode & _S_IFMT) == _S_IFDIR, "directory mode %#x\n", st.st_mode);
    ok(_stat64(".", &st) == 0 && (st.st_mode & _S_IFDIR), "stat of .\n");
    errno = 0;
    ok(_stat64("missing.txt", &st) == -1 && errno == ENOENT, "missing file: errno %d\n", errno);
    errno = 0;
    ok(_stat64("missing_dir\\x.txt", &st) == -1 && errno == ENOENT, "missing directory: errno %d\n", errno);
    errno = 0;
    ok(_stat64("stat*.txt", &st) == -1 && errno == ENOENT, "wildcard: errno %d\n", errno);
    errno = 0;
    ok(_stat64("stat.txt\\", &st) == -1 && errno == ENOENT, "file with a trailing backslash: errno %d\n", errno);

    /* Read-only files lose their write permission. */
    ok(SetFileAttributesA("stat.txt", FILE_ATTRIBUTE_READONLY), "SetFileAttributes failed: %lu\n", GetLastError());
    ok(_stat64("stat.txt", &st) == 0 && !(st.st_mode & _S_IWRITE), "read-only mode %#x\n", st.st_mode);
    errno = 0;
    ok(_access("stat.txt", 2) == -1 && errno == EACCES, "_access(W) on a read-only file: errno %d\n", errno);
    ok(_access("stat.txt", 4) == 0, "_access(R) on a read-only file\n");
    SetFileAttributesA("stat.txt", FILE_ATTRIBUTE_NORMAL);
    ok(_access("stat.txt", 6) == 0, "_access(RW)\n");
    ok(_access("stat_dir", 2) == 0, "_access(W) on a directory\n");
    errno = 0;
    ok(_access("missing.txt", 0) == -1 && errno == ENOENT, "_access on a missing file: errno %d\n", errno);

    /* Executable extensions. */
    write_text("stat.exe", "MZ");
    ok(_stat64("stat.exe", &st) == 0 && (st.st_mode & _S_IEXEC), ".exe mode %#x\n", st.st_mode);
    write_text("stat.BAT", "@echo off");
    ok(_stat64("stat.BAT", &st) == 0 && (st.st_mode & _S_IEXEC), ".BAT mode %#x\n", st.st_mode);

    /* _wstat64 agrees. */
    {
        struct _stat64 wst;
        ok(_wstat64(L"stat.txt", &wst) == 0 && wst.st_size == 12, "_wstat64\n");
    }
    ok(_unlink("stat.exe") == 0 && _unlink("stat.BAT") == 0, "_unlink\n");
}

static void test_find(void)
{
    struct __finddata64_t data;
    intptr_t handle;
    int count = 0, found_a = 0, found_b = 0, found_dir = 0;

    _mkdir("find");
    write_text("find\\a.txt", "a");
    write_text("find\\b.txt", "bbb");
    write_text("find\\c.dat", "c");
    _mkdir("find\\sub");

    handle = _findfirst64("find\\*.txt", &data);
    ok(handle != -1, "_findfirst64 failed: errno %d\n", errno);
    if (handle != -1) {
        do {
            ++count;
            if (!strcmp(data.name, "a.txt"))
                found_a = data.size == 1 && !(data.attrib & _A_SUBDIR);
            if (!strcmp(data.name, "b.txt"))
                found_b = data.size == 3;
        } while (_findnext64(handle, &data) == 0);
        ok(errno == ENOENT, "end of search: errno %d\n", errno);
        ok(_findclose(handle) == 0, "_findclose failed\n");
    }
    ok(count == 2, "%d matches for *.txt\n", count);
    ok(found_a && found_b, "entries: a %d b %d\n", found_a, found_b);

    count = 0;
    handle = _findfirst64("find\\*", &data);
    if (handle != -1) {
        do {
            ++count;
            if (!strcmp(data.name, "sub"))
                found_dir = (data.attrib & _A_SUBDIR) != 0;
        } while (_findnext64(handle, &data) == 0);
        _findclose(handle);
    }
    ok(count == 6, "%d entries in find (with . and ..)\n", count);
    ok(found_dir, "sub is not a directory\n");

    errno = 0;
    ok(_findfirst64("find\\*.none", &data) == -1 && errno == ENOENT, "no match: errno %d\n", errno);
    errno = 0;
    ok(_findfirst64("nodir\\*", &data) == -1 && errno == ENOENT, "missing directory: errno %d\n", errno);
    ok(_findclose(-1) == -1, "_findclose(-1) succeeded\n");

    _unlink("find\\a.txt");
    _unlink("find\\b.txt");
    _unlink("find\\c.dat");
    ok(_rmdir("find\\sub") == 0, "_rmdir(sub) failed: errno %d\n", errno);
    errno = 0;
    ok(_rmdir("find\\missing") == -1 && errno == ENOENT, "_rmdir of a missing directory: errno %d\n", errno);
    ok(_rmdir("find") == 0, "_rmdir(find) failed: errno %d\n", errno);
}

static void test_directories_and_unlink(void)
{
    errno = 0;
    ok(_mkdir("mk") == 0, "_mkdir failed: errno %d\n", errno);
    errno = 0;
    ok(_mkdir("mk") == -1 && errno == EEXIST, "_mkdir of an existing directory: errno %d\n", errno);
    errno = 0;
    ok(_mkdir("no\\such\\parent") == -1 && errno == ENOENT, "_mkdir without a parent: errno %d\n", errno);
    write_text("mk\\f.txt", "x");
    errno = 0;
    ok(_rmdir("mk") == -1 && errno == ENOTEMPTY, "_rmdir of a non-empty directory: errno %d\n", errno);
    errno = 0;
    ok(_unlink("mk") == -1 && errno == EACCES, "_unlink of a directory: errno %d\n", errno);
    ok(_unlink("mk\\f.txt") == 0, "_unlink failed: errno %d\n", errno);
    errno = 0;
    ok(_unlink("mk\\f.txt") == -1 && errno == ENOENT, "_unlink of a missing file: errno %d\n", errno);
    ok(_rmdir("mk") == 0, "_rmdir failed: errno %d\n", errno);
}

static void test_descriptors(void)
{
    int fd, copy, ret;
    char buffer[32];
    HANDLE handle;
    intptr_t os_handle;

    fd = _open("fd.txt", _O_CREAT | _O_TRUNC | _O_RDWR | _O_BINARY, _S_IREAD | _S_IWRITE);
    ok(fd >= 3, "_open returned %d\n", fd);
    ok(_write(fd, "abcdef", 6) == 6, "_write\n");

    /* _dup shares the file position. */
    copy = _dup(fd);
    ok(copy >= 0 && copy != fd, "_dup returned %d\n", copy);
    ok(_lseek(copy, 0, SEEK_CUR) == 6, "dup position %ld\n", _lseek(copy, 0, SEEK_CUR));
    _lseek(fd, 1, SEEK_SET);
    ok(_lseek(copy, 0, SEEK_CUR) == 1, "position not shared\n");
    ret = _read(copy, buffer, 3);
    ok(ret == 3 && !memcmp(buffer, "bcd", 3), "read through the copy: %d\n", ret);
    ok(_close(copy) == 0, "closing the copy\n");
    ok(_write(fd, "Z", 1) == 1, "the original still works after closing the copy\n");
    errno = 0;
    ok(_dup(1234) == -1 && errno == EBADF, "_dup of a bad descriptor: errno %d\n", errno);

    /* _dup2 onto a chosen descriptor. */
    ret = _dup2(fd, 40);
    ok(ret == 0, "_dup2 returned %d\n", ret);
    ok(_lseek(40, 0, SEEK_END) == 6, "_dup2 target size\n");
    ok(_close(40) == 0, "closing the _dup2 target\n");
    errno = 0;
    ok(_close(40) == -1 && errno == EBADF, "second close: errno %d\n", errno);

    /* The Win32 handle underneath. */
    os_handle = _get_osfhandle(fd);
    ok(os_handle != -1 && GetFileType((HANDLE)os_handle) == FILE_TYPE_DISK, "_get_osfhandle %p\n", (void *)os_handle);
    errno = 0;
    ok(_get_osfhandle(1234) == -1 && errno == EBADF, "_get_osfhandle of a bad descriptor: errno %d\n", errno);
    ok(!_isatty(fd), "a file is a tty\n");
    ok(!_isatty(1), "redirected stdout is a tty\n");
    ok(!_isatty(1234), "bad descriptor is a tty\n");

    /* _setmode returns the previous mode. */
    ret = _setmode(fd, _O_TEXT);
    ok(ret == _O_BINARY, "_setmode returned %#x\n", ret);
    ret = _setmode(fd, _O_BINARY);
    ok(ret == _O_TEXT, "_setmode returned %#x\n", ret);
    errno = 0;
    ok(_setmode(fd, 0x12345) == -1 && errno == EINVAL, "_setmode with a bad mode: errno %d\n", errno);
    errno = 0;
    ok(_setmode(1234, _O_BINARY) == -1 && errno == EBADF, "_setmode of a bad descriptor: errno %d\n", errno);
    _close(fd);

    /* _open_osfhandle wraps a Win32 handle; closing the descriptor closes the handle. */
    handle = CreateFileA("fd.txt", GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING, 0, NULL);
    fd = _open_osfhandle((intptr_t)handle, _O_RDONLY);
    ok(fd >= 0, "_open_osfhandle returned %d\n", fd);
    ok(_get_osfhandle(fd) == (intptr_t)handle, "_get_osfhandle does not give the wrapped handle back\n");
    memset(buffer, 0, sizeof buffer);
    ret = _read(fd, buffer, sizeof buffer);
    ok(ret == 6 && !memcmp(buffer, "abcdZf", 6), "read through _open_osfhandle: %d \"%s\"\n", ret, buffer);
    ok(_close(fd) == 0, "_close\n");
    SetLastError(0xdeadbeef);
    ok(!CloseHandle(handle), "the handle survived _close\n");
    expect_error(ERROR_INVALID_HANDLE);
    _unlink("fd.txt");
}

static void test_time(void)
{
    __time64_t t = 0, now;
    struct tm *tm, copy;
    char buffer[128];

    now = _time64(&t);
    ok(now == t && now > 1600000000, "_time64 %lld\n", (long long)now);

    t = 0;
    tm = _gmtime64(&t);
    ok(tm && tm->tm_year == 70 && tm->tm_mon == 0 && tm->tm_mday == 1 && tm->tm_hour == 0 && tm->tm_wday == 4 &&
           tm->tm_yday == 0,
       "_gmtime64(0)\n");
    t = 951782400; /* 2000-02-29 00:00:00 UTC, a leap day */
    tm = _gmtime64(&t);
    ok(tm && tm->tm_year == 100 && tm->tm_mon == 1 && tm->tm_mday == 29 && tm->tm_wday == 2 && tm->tm_yday == 59,
       "_gmtime64(leap day)\n");
    t = 4102444799LL; /* 2099-12-31 23:59:59 */
    tm = _gmtime64(&t);
    ok(tm && tm->tm_year == 199 && tm->tm_mon == 11 && tm->tm_mday == 31 && tm->tm_hour == 23 && tm->tm_min == 59 &&
           tm->tm_sec == 59,
       "_gmtime64 past 2038\n");
    t = -1;
    ok(_gmtime64(&t) == NULL, "_gmtime64(-1) succeeded\n");

    /* strftime on a fixed date. */
    memset(&copy, 0, sizeof copy);
    copy.tm_year = 124;
    copy.tm_mon = 2;
    copy.tm_mday = 5;
    copy.tm_hour = 14;
    copy.tm_min = 7;
    copy.tm_sec = 9;
    copy.tm_wday = 2;
    copy.tm_yday = 64;
    ok(strftime(buffer, sizeof buffer, "%Y-%m-%d %H:%M:%S", &copy) == 19 && !strcmp(buffer, "2024-03-05 14:07:09"),
       "strftime ISO: %s\n", buffer);
    strftime(buffer, sizeof buffer, "%a %A %b %B %j %y %p %I", &copy);
    ok(!strcmp(buffer, "Tue Tuesday Mar March 065 24 PM 02"), "strftime names: %s\n", buffer);
    strftime(buffer, sizeof buffer, "%%|%w|%d", &copy);
    ok(!strcmp(buffer, "%|2|05"), "strftime %%%% %%w: %s\n", buffer);
    ok(strftime(buffer, 5, "%Y-%m-%d", &copy) == 0, "strftime into a small buffer\n");

    /* _mktime64 normalises and agrees with _localtime64. */
    memset(&copy, 0, sizeof copy);
    copy.tm_year = 120;
    copy.tm_mon = 0;
    copy.tm_mday = 32; /* February 1st */
    copy.tm_hour = 12;
    copy.tm_isdst = -1;
    t = _mktime64(&copy);
    ok(t != -1, "_mktime64 failed\n");
    ok(copy.tm_mon == 1 && copy.tm_mday == 1 && copy.tm_yday == 31 && copy.tm_wday == 6, "normalised to %d/%d wday %d\n",
       copy.tm_mon + 1, copy.tm_mday, copy.tm_wday);
    tm = _localtime64(&t);
    ok(tm && tm->tm_year == 120 && tm->tm_mon == 1 && tm->tm_mday == 1 && tm->tm_hour == 12,
       "_localtime64 round trip\n");
    copy.tm_year = 60; /* before 1970 */
    copy.tm_mon = 0;
    copy.tm_mday = 1;
    ok(_mktime64(&copy) == -1, "_mktime64 before 1970 succeeded\n");
    ok(_difftime64(100, 40) == 60.0, "_difftime64\n");
}

static int compare_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return x < y ? -1 : x > y;
}

static int compare_string(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

struct record {
    int key;
    int order;
};

static int compare_record(const void *a, const void *b)
{
    return ((const struct record *)a)->key - ((const struct record *)b)->key;
}

static void test_sort(void)
{
    int values[100], i, sorted = 1, key;
    const char *words[] = {"pear", "apple", "fig", "banana", "cherry"};
    struct record records[64];
    int *found;

    for (i = 0; i < 100; i++)
        values[i] = (i * 37 + 11) % 100;
    qsort(values, 100, sizeof values[0], compare_int);
    for (i = 0; i < 100; i++)
        sorted &= values[i] == i;
    ok(sorted, "qsort of 100 ints\n");
    qsort(words, 5, sizeof words[0], compare_string);
    ok(!strcmp(words[0], "apple") && !strcmp(words[2], "cherry") && !strcmp(words[4], "pear"), "qsort of strings\n");
    qsort(values, 0, sizeof values[0], compare_int);
    qsort(values, 1, sizeof values[0], compare_int);
    ok(values[0] == 0, "qsort of 0 and 1 elements\n");
    for (i = 0; i < 64; i++) {
        records[i].key = i % 4;
        records[i].order = i;
    }
    qsort(records, 64, sizeof records[0], compare_record);
    sorted = 1;
    for (i = 1; i < 64; i++)
        sorted &= records[i - 1].key <= records[i].key;
    ok(sorted, "qsort of records with equal keys\n");

    key = 42;
    found = bsearch(&key, values, 100, sizeof values[0], compare_int);
    ok(found == &values[42], "bsearch found %p\n", (void *)found);
    key = 0;
    ok(bsearch(&key, values, 100, sizeof values[0], compare_int) == &values[0], "bsearch first\n");
    key = 99;
    ok(bsearch(&key, values, 100, sizeof values[0], compare_int) == &values[99], "bsearch last\n");
    key = 100;
    ok(bsearch(&key, values, 100, sizeof values[0], compare_int) == NULL, "bsearch of a missing key\n");
    ok(bsearch(&key, values, 0, sizeof values[0], compare_int) == NULL, "bsearch of nothing\n");
}

static void test_wide(void)
{
    wchar_t buffer[64];
    wchar_t *end, *token, *context;
    char narrow[32];

    ok(wcslen(L"hello") == 5 && wcslen(L"") == 0, "wcslen\n");
    wcscpy(buffer, L"abc");
    wcscat(buffer, L"def");
    ok(!wcscmp(buffer, L"abcdef"), "wcscpy/wcscat\n");
    ok(wcscmp(L"a", L"b") < 0 && wcscmp(L"b", L"a") > 0 && wcsncmp(L"abcx", L"abcy", 3) == 0, "wcscmp/wcsncmp\n");
    ok(_wcsicmp(L"HeLLo", L"hello") == 0 && _wcsnicmp(L"ABx", L"aby", 2) == 0 && _wcsicmp(L"a", L"B") < 0,
       "_wcsicmp/_wcsnicmp\n");
    ok(wcschr(buffer, 'd') == buffer + 3 && wcsrchr(L"abca", 'a') != NULL && wcsstr(buffer, L"cde") == buffer + 2,
       "wcschr/wcsrchr/wcsstr\n");
    ok(wcschr(buffer, 'z') == NULL && wcsstr(buffer, L"xyz") == NULL, "wcschr/wcsstr misses\n");
    ok(wcsspn(L"aabbc", L"ab") == 4 && wcscspn(L"abc;d", L";") == 3 && wcspbrk(L"abc;d", L";d") != NULL,
       "wcsspn/wcscspn/wcspbrk\n");
    wcsncpy(buffer, L"xy", 5);
    ok(buffer[0] == 'x' && buffer[1] == 'y' && buffer[2] == 0 && buffer[4] == 0, "wcsncpy pads with zeros\n");
    ok(wcstol(L"  -123abc", &end, 10) == -123 && !wcscmp(end, L"abc"), "wcstol\n");
    ok(wcstoul(L"ff", NULL, 16) == 255 && wcstol(L"0x10", NULL, 0) == 16, "wcstoul/wcstol bases\n");
    ok(wcstod(L"2.5e2", &end) == 250.0 && *end == 0, "wcstod\n");
    ok(_wtoi(L"77") == 77 && _wtol(L"-5") == -5, "_wtoi/_wtol\n");
    ok(towupper('a') == 'A' && towlower('Q') == 'q' && towupper('1') == '1', "towupper/towlower\n");
    ok(iswalpha('x') && !iswalpha('1') && iswdigit('7') && iswspace(' ') && iswupper('Q') && iswlower('q'),
       "iswalpha family\n");
    wcscpy(buffer, L"MiXeD");
    ok(!wcscmp(_wcslwr(buffer), L"mixed") && !wcscmp(_wcsupr(buffer), L"MIXED"), "_wcslwr/_wcsupr\n");
    {
        wchar_t *dup = _wcsdup(L"copy");
        ok(dup && !wcscmp(dup, L"copy"), "_wcsdup\n");
        free(dup);
    }
    wcscpy(buffer, L"a,b,,c");
    token = wcstok(buffer, L",");
    ok(token && !wcscmp(token, L"a"), "wcstok first\n");
    token = wcstok(NULL, L",");
    ok(token && !wcscmp(token, L"b"), "wcstok second\n");
    token = wcstok(NULL, L",");
    ok(token && !wcscmp(token, L"c") && wcstok(NULL, L",") == NULL, "wcstok skips empty fields\n");
    (void)context;
    ok(swprintf(buffer, 64, L"%d-%ls-%c", 5, L"w", 'c') == 5 && !wcscmp(buffer, L"5-w-c"), "swprintf: %ls\n", buffer);
    ok(_snwprintf(buffer, 3, L"%s", L"abcdef") == -1, "_snwprintf truncation\n");
    ok(wcstombs(narrow, L"narrow", sizeof narrow) == 6 && !strcmp(narrow, "narrow"), "wcstombs\n");
    ok(mbstowcs(buffer, "wide", 64) == 4 && !wcscmp(buffer, L"wide"), "mbstowcs\n");
    ok(wcstombs(NULL, L"count", 0) == 5, "wcstombs length\n");
    ok(_wcsnicmp(L"Prefix-rest", L"PREFIX", 6) == 0 && wcsncat(wcscpy(buffer, L"ab"), L"cdef", 2) == buffer &&
           !wcscmp(buffer, L"abcd"),
       "wcsncat\n");
}

int main(void)
{
    conf_init("posix");
    test_stat();
    test_find();
    test_directories_and_unlink();
    test_descriptors();
    test_time();
    test_sort();
    test_wide();
    return conf_summary();
}
