/* More of the C runtime (msvcrt): _splitpath/_makepath and their _s forms, _fullpath, _getdrive/
 * _chdrive/_getdcwd, _searchenv, _mktemp/tmpnam/_tempnam, _ecvt/_fcvt/_gcvt, _utime/_futime,
 * _chmod, _pipe, _locking, _beginthread(ex)/_endthread(ex), _exec's failure path, conio's
 * pushback (_ungetch/_getch/_kbhit) and _matherr.
 *
 * Conio input itself is not checked: the test runs with redirected standard handles and, under
 * Wine, without a console, so only the pushback path is deterministic. */
#include "conformance.h"
#include <conio.h>
#include <direct.h>
#include <errno.h>
#include <fcntl.h>
#include <io.h>
#include <math.h>
#include <time.h>
#include <ctype.h>
#include <process.h>
#include <stdlib.h>
#include <sys/locking.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/utime.h>
#include <wchar.h>

typedef void (__cdecl *invalid_handler)(const wchar_t *, const wchar_t *, const wchar_t *, unsigned, uintptr_t);
static invalid_handler (__cdecl *p_set_invalid_parameter_handler)(invalid_handler);
static int (__cdecl *p_splitpath_s)(const char *, char *, size_t, char *, size_t, char *, size_t, char *, size_t);
static int (__cdecl *p_wsplitpath_s)(const wchar_t *, wchar_t *, size_t, wchar_t *, size_t, wchar_t *, size_t,
                                     wchar_t *, size_t);
static int (__cdecl *p_makepath_s)(char *, size_t, const char *, const char *, const char *, const char *);
static int (__cdecl *p_mktemp_s)(char *, size_t);
static int (__cdecl *p_tmpnam_s)(char *, size_t);
static int (__cdecl *p_searchenv_s)(const char *, const char *, char *, size_t);
static int (__cdecl *p_ecvt_s)(char *, size_t, double, int, int *, int *);
static int (__cdecl *p_fcvt_s)(char *, size_t, double, int, int *, int *);
static int invalid_calls;

static void __cdecl count_invalid(const wchar_t *expression, const wchar_t *function, const wchar_t *file,
                                  unsigned line, uintptr_t reserved)
{
    invalid_calls++;
}

static void load_functions(void)
{
    HMODULE crt = GetModuleHandleA("msvcrt.dll");
    p_set_invalid_parameter_handler = (void *)GetProcAddress(crt, "_set_invalid_parameter_handler");
    p_splitpath_s = (void *)GetProcAddress(crt, "_splitpath_s");
    p_wsplitpath_s = (void *)GetProcAddress(crt, "_wsplitpath_s");
    p_makepath_s = (void *)GetProcAddress(crt, "_makepath_s");
    p_mktemp_s = (void *)GetProcAddress(crt, "_mktemp_s");
    p_tmpnam_s = (void *)GetProcAddress(crt, "tmpnam_s");
    p_searchenv_s = (void *)GetProcAddress(crt, "_searchenv_s");
    p_ecvt_s = (void *)GetProcAddress(crt, "_ecvt_s");
    p_fcvt_s = (void *)GetProcAddress(crt, "_fcvt_s");
    if (p_set_invalid_parameter_handler)
        p_set_invalid_parameter_handler(count_invalid);
}

static void write_text(const char *name, const char *text)
{
    FILE *f = fopen(name, "wb");
    fputs(text, f);
    fclose(f);
}

/* ---- _splitpath / _makepath ---- */

static void check_split(int line, const char *path, const char *drive, const char *dir, const char *fname,
                        const char *ext)
{
    char d[_MAX_DRIVE], p[_MAX_DIR], f[_MAX_FNAME], e[_MAX_EXT];
    memset(d, 'x', sizeof d), memset(p, 'x', sizeof p), memset(f, 'x', sizeof f), memset(e, 'x', sizeof e);
    _splitpath(path, d, p, f, e);
    conf_ok(__FILE__, line, !strcmp(d, drive) && !strcmp(p, dir) && !strcmp(f, fname) && !strcmp(e, ext),
            "_splitpath(\"%s\") gave \"%s\" \"%s\" \"%s\" \"%s\"\n", path, d, p, f, e);
}

static void test_splitpath(void)
{
    char d[_MAX_DRIVE], p[_MAX_DIR], f[_MAX_FNAME], e[_MAX_EXT];
    wchar_t wd[_MAX_DRIVE], wp[_MAX_DIR], wf[_MAX_FNAME], we[_MAX_EXT];
    int ret;

    check_split(__LINE__, "C:\\dir\\sub\\file.txt", "C:", "\\dir\\sub\\", "file", ".txt");
    check_split(__LINE__, "C:file.txt", "C:", "", "file", ".txt");
    check_split(__LINE__, "\\\\server\\share\\f.c", "", "\\\\server\\share\\", "f", ".c");
    check_split(__LINE__, "dir/sub/name", "", "dir/sub/", "name", "");
    check_split(__LINE__, "name.tar.gz", "", "", "name.tar", ".gz");
    check_split(__LINE__, "dir.d\\name", "", "dir.d\\", "name", "");
    check_split(__LINE__, ".profile", "", "", "", ".profile");
    check_split(__LINE__, "", "", "", "", "");
    check_split(__LINE__, "C:", "C:", "", "", "");
    check_split(__LINE__, "dir\\", "", "dir\\", "", "");
    check_split(__LINE__, "a.b/c", "", "a.b/", "c", "");
    check_split(__LINE__, "file.", "", "", "file", ".");

    /* Components can be skipped with null pointers. */
    memset(f, 'x', sizeof f);
    _splitpath("D:\\x\\only.name", NULL, NULL, f, NULL);
    ok(!strcmp(f, "only"), "fname alone: %s\n", f);

    _wsplitpath(L"E:\\w\\wide.ext", wd, wp, wf, we);
    ok(!wcscmp(wd, L"E:") && !wcscmp(wp, L"\\w\\") && !wcscmp(wf, L"wide") && !wcscmp(we, L".ext"),
       "_wsplitpath: %ls %ls %ls %ls\n", wd, wp, wf, we);

    if (!p_splitpath_s) {
        printf("crt_more: _splitpath_s not exported; skipped\n");
        return;
    }
    ret = p_splitpath_s("C:\\a\\b.c", d, sizeof d, p, sizeof p, f, sizeof f, e, sizeof e);
    ok(ret == 0 && !strcmp(d, "C:") && !strcmp(p, "\\a\\") && !strcmp(f, "b") && !strcmp(e, ".c"),
       "_splitpath_s: %d %s %s %s %s\n", ret, d, p, f, e);
    errno = 0;
    ret = p_splitpath_s(NULL, d, sizeof d, p, sizeof p, f, sizeof f, e, sizeof e);
    ok(ret == EINVAL && errno == EINVAL, "null path: %d errno %d\n", ret, errno);
    errno = 0;
    ret = p_splitpath_s("C:\\a\\b.c", NULL, 3, p, sizeof p, f, sizeof f, e, sizeof e);
    ok(ret == EINVAL && errno == EINVAL, "null drive with size: %d errno %d\n", ret, errno);
    errno = 0;
    ret = p_splitpath_s("C:\\a\\b.c", d, 0, p, sizeof p, f, sizeof f, e, sizeof e);
    ok(ret == EINVAL && errno == EINVAL, "drive without size: %d errno %d\n", ret, errno);
    errno = 0;
    strcpy(p, "junk");
    strcpy(f, "junk");
    ret = p_splitpath_s("C:\\a\\b.c", d, 1, p, sizeof p, f, sizeof f, e, sizeof e);
    ok(ret == ERANGE && errno == ERANGE, "small drive buffer: %d errno %d\n", ret, errno);
    ok(d[0] == 0 && p[0] == 0 && f[0] == 0 && e[0] == 0, "outputs not cleared: %s %s %s %s\n", d, p, f, e);
    errno = 0;
    ret = p_splitpath_s("C:\\a\\longname.c", d, sizeof d, p, sizeof p, f, 5, e, sizeof e);
    ok(ret == ERANGE && errno == ERANGE && f[0] == 0, "small fname buffer: %d errno %d\n", ret, errno);
    ret = p_splitpath_s("C:\\a\\b.c", NULL, 0, NULL, 0, f, sizeof f, NULL, 0);
    ok(ret == 0 && !strcmp(f, "b"), "_splitpath_s fname only: %d %s\n", ret, f);
    if (p_wsplitpath_s) {
        ret = p_wsplitpath_s(L"x:\\y\\z.w", wd, _MAX_DRIVE, wp, _MAX_DIR, wf, _MAX_FNAME, we, _MAX_EXT);
        ok(ret == 0 && !wcscmp(wd, L"x:") && !wcscmp(wp, L"\\y\\") && !wcscmp(wf, L"z") && !wcscmp(we, L".w"),
           "_wsplitpath_s: %d\n", ret);
    }
}

static void test_makepath(void)
{
    char path[_MAX_PATH];
    wchar_t wpath[_MAX_PATH];
    int ret;

    _makepath(path, "C", "\\dir", "file", "txt");
    ok(!strcmp(path, "C:\\dir\\file.txt"), "got %s\n", path);
    _makepath(path, "C:", "\\dir\\", "file", ".txt");
    ok(!strcmp(path, "C:\\dir\\file.txt"), "got %s\n", path);
    _makepath(path, NULL, "dir/", "file", NULL);
    ok(!strcmp(path, "dir/file"), "got %s\n", path);
    _makepath(path, "", "", "name", "");
    ok(!strcmp(path, "name"), "got %s\n", path);
    _makepath(path, NULL, NULL, NULL, "ext");
    ok(!strcmp(path, ".ext"), "got %s\n", path);
    _makepath(path, "D", NULL, NULL, NULL);
    ok(!strcmp(path, "D:"), "got %s\n", path);
    _makepath(path, NULL, "a\\b", NULL, NULL);
    ok(!strcmp(path, "a\\b\\"), "got %s\n", path);
    _wmakepath(wpath, L"Q", L"\\w", L"n", L"e");
    ok(!wcscmp(wpath, L"Q:\\w\\n.e"), "got %ls\n", wpath);

    if (!p_makepath_s) {
        printf("crt_more: _makepath_s not exported; skipped\n");
        return;
    }
    ret = p_makepath_s(path, sizeof path, "C", "dir", "f", "e");
    ok(ret == 0 && !strcmp(path, "C:dir\\f.e"), "_makepath_s: %d %s\n", ret, path);
    errno = 0;
    ret = p_makepath_s(NULL, 10, "C", "dir", "f", "e");
    ok(ret == EINVAL && errno == EINVAL, "null buffer: %d errno %d\n", ret, errno);
    errno = 0;
    ret = p_makepath_s(path, 0, "C", "dir", "f", "e");
    ok(ret == EINVAL && errno == EINVAL, "zero size: %d errno %d\n", ret, errno);
    errno = 0;
    strcpy(path, "junk");
    ret = p_makepath_s(path, 5, "C", "dir", "f", "e");
    ok(ret == ERANGE && errno == ERANGE && path[0] == 0, "too small: %d errno %d \"%s\"\n", ret, errno, path);
    ret = p_makepath_s(path, 10, "C", "dir", "f", "e");
    ok(ret == 0 && !strcmp(path, "C:dir\\f.e"), "exact fit: %d %s\n", ret, path);
}

/* ---- _fullpath, drives, _searchenv ---- */

static void test_fullpath_and_drives(void)
{
    char cwd[MAX_PATH], expected[MAX_PATH * 2], buffer[MAX_PATH], *p;
    wchar_t wbuffer[MAX_PATH], wcwd[MAX_PATH];
    int drive, ret;

    ok(_getcwd(cwd, sizeof cwd) != NULL, "_getcwd failed\n");
    _wgetcwd(wcwd, MAX_PATH);

    p = _fullpath(buffer, "a\\b\\..\\c.txt", sizeof buffer);
    sprintf(expected, "%s%sa\\c.txt", cwd, cwd[strlen(cwd) - 1] == '\\' ? "" : "\\");
    ok(p == buffer && !_stricmp(buffer, expected), "_fullpath: %s, expected %s\n", p, expected);
    p = _fullpath(NULL, "x.txt", 0);
    ok(p != NULL && strlen(p) > 6 && !strcmp(p + strlen(p) - 6, "\\x.txt"), "_fullpath(NULL): %s\n", p);
    free(p);
    p = _fullpath(buffer, NULL, sizeof buffer);
    ok(p == buffer && !_stricmp(buffer, cwd), "_fullpath of NULL is the cwd: %s\n", p);
    p = _fullpath(buffer, "\\rooted\\f", sizeof buffer);
    ok(p && buffer[1] == ':' && !strcmp(buffer + 2, "\\rooted\\f"), "_fullpath rooted: %s\n", p);
    p = _fullpath(buffer, "long_enough_name.txt", 4);
    ok(p == NULL, "_fullpath small buffer: %p\n", p);
    ok(_wfullpath(wbuffer, L"w.txt", MAX_PATH) == wbuffer && wcsstr(wbuffer, L"\\w.txt"), "_wfullpath: %ls\n",
       wbuffer);

    drive = _getdrive();
    ok(drive >= 1 && drive <= 26, "_getdrive: %d\n", drive);
    ok(toupper((unsigned char)cwd[0]) - 'A' + 1 == drive, "_getdrive %d for %s\n", drive, cwd);
    ok(_chdrive(drive) == 0, "_chdrive to the current drive failed: errno %d\n", errno);
    ok(_getcwd(buffer, sizeof buffer) && !_stricmp(buffer, cwd), "cwd after _chdrive: %s\n", buffer);
    errno = 0;
    ret = _chdrive(0);
    ok(ret == -1 && errno == EACCES, "_chdrive(0): %d errno %d\n", ret, errno);

    p = _getdcwd(0, buffer, sizeof buffer);
    ok(p == buffer && !_stricmp(buffer, cwd), "_getdcwd(0): %s\n", p);
    p = _getdcwd(drive, buffer, sizeof buffer);
    ok(p == buffer && !_stricmp(buffer, cwd), "_getdcwd(current): %s\n", p);
    p = _getdcwd(drive, NULL, 0);
    ok(p && !_stricmp(p, cwd), "_getdcwd allocating: %s\n", p);
    free(p);
    errno = 0;
    p = _getdcwd(0, buffer, 2);
    ok(p == NULL && errno == ERANGE, "_getdcwd small buffer: %p errno %d\n", p, errno);
    ok(_wgetdcwd(0, wbuffer, MAX_PATH) == wbuffer && !_wcsicmp(wbuffer, wcwd), "_wgetdcwd: %ls\n", wbuffer);
}

static void test_searchenv(void)
{
    char found[MAX_PATH], cwd[MAX_PATH], expected[MAX_PATH * 2];
    int ret;

    _getcwd(cwd, sizeof cwd);
    _mkdir("search_a");
    _mkdir("search_b");
    write_text("search_b\\needle.txt", "x");
    write_text("here.txt", "x");
    /* The directories are used as written: absolute ones give absolute results. */
    if (cwd[strlen(cwd) - 1] == '\\')
        cwd[strlen(cwd) - 1] = 0;
    sprintf(expected, "CRT_MORE_SEARCH=%s\\search_a;%s\\search_b", cwd, cwd);
    ok(_putenv(expected) == 0, "_putenv\n");

    found[0] = 'x';
    _searchenv("needle.txt", "CRT_MORE_SEARCH", found);
    sprintf(expected, "%s%ssearch_b\\needle.txt", cwd, cwd[strlen(cwd) - 1] == '\\' ? "" : "\\");
    ok(!_stricmp(found, expected), "_searchenv: %s expected %s\n", found, expected);
    _searchenv("here.txt", "CRT_MORE_SEARCH", found);
    sprintf(expected, "%s%shere.txt", cwd, cwd[strlen(cwd) - 1] == '\\' ? "" : "\\");
    ok(!_stricmp(found, expected), "current directory first: %s\n", found);
    errno = 0;
    strcpy(found, "junk");
    _searchenv("missing.txt", "CRT_MORE_SEARCH", found);
    ok(found[0] == 0 && errno == ENOENT, "missing: \"%s\" errno %d\n", found, errno);
    errno = 0;
    strcpy(found, "junk");
    _searchenv("needle.txt", "CRT_MORE_UNSET_VARIABLE", found);
    ok(found[0] == 0 && errno == ENOENT, "unset variable: \"%s\" errno %d\n", found, errno);

    if (p_searchenv_s) {
        ret = p_searchenv_s("needle.txt", "CRT_MORE_SEARCH", found, sizeof found);
        ok(ret == 0 && strstr(found, "search_b\\needle.txt"), "_searchenv_s: %d %s\n", ret, found);
        errno = 0;
        ret = p_searchenv_s("needle.txt", "CRT_MORE_SEARCH", found, 4);
        ok(ret == ERANGE && errno == ERANGE && found[0] == 0, "_searchenv_s small: %d errno %d\n", ret, errno);
        errno = 0;
        ret = p_searchenv_s("missing.txt", "CRT_MORE_SEARCH", found, sizeof found);
        ok(ret == ENOENT && errno == ENOENT, "_searchenv_s missing: %d errno %d\n", ret, errno);
        errno = 0;
        ret = p_searchenv_s("needle.txt", "CRT_MORE_SEARCH", NULL, 10);
        ok(ret == EINVAL && errno == EINVAL, "_searchenv_s null buffer: %d errno %d\n", ret, errno);
    }
}

/* ---- temporary names ---- */

static int is_digits(const char *s, int n)
{
    for (int i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

static void test_temp_names(void)
{
    char pattern[32], first[32], name[MAX_PATH], name2[MAX_PATH], *p;
    wchar_t wpattern[32];
    int ret;

    strcpy(pattern, "tmpXXXXXX");
    p = _mktemp(pattern);
    ok(p == pattern && !strncmp(pattern, "tmp", 3) && pattern[3] == 'a' && is_digits(pattern + 4, 5) &&
           strlen(pattern) == 9,
       "_mktemp: %s\n", p);
    strcpy(first, pattern);
    write_text(first, "taken");
    strcpy(pattern, "tmpXXXXXX");
    p = _mktemp(pattern);
    ok(p == pattern && pattern[3] == 'b' && !strcmp(pattern + 4, first + 4), "_mktemp skips taken names: %s\n",
       p);
    strcpy(pattern, "tmpXXXXX");
    ok(_mktemp(pattern) == NULL, "five X's accepted\n");
    strcpy(pattern, "XXXXXXtmp");
    ok(_mktemp(pattern) == NULL, "leading X's accepted\n");
    ok(_mktemp(NULL) == NULL, "_mktemp(NULL)\n");
    wcscpy(wpattern, L"wXXXXXX");
    ok(_wmktemp(wpattern) == wpattern && wcslen(wpattern) == 7 && wcscmp(wpattern, L"wXXXXXX"), "_wmktemp: %ls\n",
       wpattern);
    DeleteFileA(first);

    if (p_mktemp_s) {
        strcpy(pattern, "sXXXXXX");
        ret = p_mktemp_s(pattern, sizeof pattern);
        ok(ret == 0 && pattern[1] == 'a' && is_digits(pattern + 2, 5), "_mktemp_s: %d %s\n", ret, pattern);
        errno = 0;
        strcpy(pattern, "sXXXXX");
        ret = p_mktemp_s(pattern, sizeof pattern);
        ok(ret == EINVAL && errno == EINVAL, "_mktemp_s bad template: %d errno %d\n", ret, errno);
        errno = 0;
        ret = p_mktemp_s(NULL, 10);
        ok(ret == EINVAL && errno == EINVAL, "_mktemp_s(NULL): %d errno %d\n", ret, errno);
        errno = 0;
        strcpy(pattern, "sXXXXXX");
        ret = p_mktemp_s(pattern, 3);
        ok(ret == EINVAL && errno == EINVAL, "_mktemp_s size below length: %d errno %d\n", ret, errno);
    }

    p = tmpnam(name);
    ok(p == name && name[0] == '\\' && name[1] == 's' && strchr(name, '.') && GetFileAttributesA(name) ==
           INVALID_FILE_ATTRIBUTES, "tmpnam: %s\n", p);
    p = tmpnam(name2);
    ok(p == name2 && strcmp(name, name2) != 0, "tmpnam twice: %s %s\n", name, name2);
    p = tmpnam(NULL);
    ok(p != NULL && p[0] == '\\' && tmpnam(NULL) == p, "tmpnam(NULL) uses one static buffer\n");
    if (p_tmpnam_s) {
        ret = p_tmpnam_s(name, sizeof name);
        ok(ret == 0 && name[0] == '\\', "tmpnam_s: %d %s\n", ret, name);
        errno = 0;
        ret = p_tmpnam_s(NULL, 10);
        ok(ret == EINVAL && errno == EINVAL, "tmpnam_s(NULL): %d errno %d\n", ret, errno);
        errno = 0;
        ret = p_tmpnam_s(name, 2);
        ok(ret == ERANGE && errno == ERANGE, "tmpnam_s small: %d errno %d\n", ret, errno);
    }

    _mkdir("tempdir");
    _putenv("TMP=");
    SetEnvironmentVariableA("TMP", NULL);
    p = _tempnam("tempdir", "crt");
    ok(p != NULL, "_tempnam failed\n");
    if (p) {
        const char *base = strrchr(p, '\\');
        ok(base && !strncmp(base + 1, "crt", 3), "_tempnam prefix: %s\n", p);
        ok(strstr(p, "tempdir") != NULL, "_tempnam directory: %s\n", p);
        ok(GetFileAttributesA(p) == INVALID_FILE_ATTRIBUTES, "_tempnam name exists: %s\n", p);
        free(p);
    }
}

/* ---- _ecvt / _fcvt / _gcvt ---- */

static const struct {
    double value;
    int digits;
    const char *e_text;
    const char *f_text;
    int e_point;
    int f_point;
    int sign;
} cvt_cases[] = {
    {45.0, 2, "45", "4500", 2, 2, 0},
    {0.0001, 1, "1", "", -3, -3, 0},
    {0.0001, -10, "", "", -3, -3, 0},
    {0.0001, 10, "1000000000", "1000000", -3, -3, 0},
    {-111.0001, 5, "11100", "11100010", 3, 3, 1},
    {111.0001, 5, "11100", "11100010", 3, 3, 0},
    {3333.3, 2, "33", "333330", 4, 4, 0},
    {999999999999.9, 3, "100", "999999999999900", 13, 12, 0},
    {0.0, 5, "00000", "00000", 0, 0, 0},
    {0.0, 0, "", "", 0, 0, 0},
    {-123.0001, 0, "", "123", 3, 3, 1},
    {-123.0001, -1, "", "12", 3, 3, 1},
    {-123.0001, -2, "", "1", 3, 3, 1},
    {-123.0001, -3, "", "", 3, 3, 1},
    {99.99, 1, "1", "1000", 3, 3, 0},
    {0.0063, 2, "63", "1", -2, -1, 0},
    {0.0063, 3, "630", "6", -2, -2, 0},
    {0.09999999996, 2, "10", "10", 0, 0, 0},
    {0.6, 1, "6", "6", 0, 0, 0},
    {0.6, 2, "60", "60", 0, 0, 0},
    {0.4, 0, "", "", 0, 0, 0},
    {0.49, 0, "", "", 0, 0, 0},
    {0.51, 0, "", "1", 1, 1, 0},
    {1.0, 30, "100000000000000000000000000000", "1000000000000000000000000000000", 1, 1, 0},
    {123456789012345678901.0, 30, "123456789012345680000000000000",
     "123456789012345680000000000000000000000000000000000", 21, 21, 0},
};

static void test_cvt(void)
{
    char buffer[_CVTBUFSIZE], *p;
    int point, sign;
    size_t i;

    for (i = 0; i < sizeof cvt_cases / sizeof cvt_cases[0]; i++) {
        /* Windows rounds to 17 significant digits and pads with zeros; Wine prints every digit. */
        if (cvt_cases[i].value > 1e20 && running_on_wine())
            continue;
        point = sign = 0x55;
        p = _ecvt(cvt_cases[i].value, cvt_cases[i].digits, &point, &sign);
        ok(p && !strcmp(p, cvt_cases[i].e_text) && point == cvt_cases[i].e_point && sign == cvt_cases[i].sign,
           "_ecvt(%.17g, %d): \"%s\" point %d sign %d\n", cvt_cases[i].value, cvt_cases[i].digits, p, point, sign);
        point = sign = 0x55;
        p = _fcvt(cvt_cases[i].value, cvt_cases[i].digits, &point, &sign);
        ok(p && !strcmp(p, cvt_cases[i].f_text) && point == cvt_cases[i].f_point && sign == cvt_cases[i].sign,
           "_fcvt(%.17g, %d): \"%s\" point %d sign %d\n", cvt_cases[i].value, cvt_cases[i].digits, p, point, sign);
        /* The _s forms give the same digits, in the caller's buffer. */
        if (p_ecvt_s && p_fcvt_s) {
            int ret;
            point = sign = 0x55;
            ret = p_ecvt_s(buffer, sizeof buffer, cvt_cases[i].value, cvt_cases[i].digits, &point, &sign);
            ok(ret == 0 && !strcmp(buffer, cvt_cases[i].e_text) && point == cvt_cases[i].e_point &&
                   sign == cvt_cases[i].sign,
               "_ecvt_s(%.17g, %d): %d \"%s\" point %d sign %d\n", cvt_cases[i].value, cvt_cases[i].digits, ret,
               buffer, point, sign);
            point = sign = 0x55;
            ret = p_fcvt_s(buffer, sizeof buffer, cvt_cases[i].value, cvt_cases[i].digits, &point, &sign);
            ok(ret == 0 && !strcmp(buffer, cvt_cases[i].f_text) && point == cvt_cases[i].f_point &&
                   sign == cvt_cases[i].sign,
               "_fcvt_s(%.17g, %d): %d \"%s\" point %d sign %d\n", cvt_cases[i].value, cvt_cases[i].digits, ret,
               buffer, point, sign);
        }
    }
    if (p_ecvt_s && p_fcvt_s) {
        int ret;
        errno = 0;
        ret = p_ecvt_s(NULL, 10, 1.5, 3, &point, &sign);
        ok(ret == EINVAL && errno == EINVAL, "_ecvt_s(NULL): %d errno %d\n", ret, errno);
        errno = 0;
        ret = p_fcvt_s(buffer, sizeof buffer, 1.5, 3, NULL, &sign);
        ok(ret == EINVAL && errno == EINVAL, "_fcvt_s(no decimal point): %d errno %d\n", ret, errno);
        errno = 0;
        ret = p_ecvt_s(buffer, 3, 12345.0, 5, &point, &sign);
        ok(ret == ERANGE && errno == ERANGE, "_ecvt_s(small buffer): %d errno %d\n", ret, errno);
    }
    /* _ecvt and _fcvt share one buffer. */
    p = _ecvt(1.5, 3, &point, &sign);
    ok(_fcvt(2.5, 1, &point, &sign) == p && !strcmp(p, "25"), "shared buffer: %s\n", p);

    ok(_gcvt(1.5, 5, buffer) == buffer && !strcmp(buffer, "1.5"), "_gcvt(1.5): %s\n", buffer);
    _gcvt(-1234567890.123, 12, buffer);
    ok(!strcmp(buffer, "-1234567890.12"), "_gcvt: %s\n", buffer);
    _gcvt(-12345678901.23, 12, buffer);
    ok(!strcmp(buffer, "-12345678901.2"), "_gcvt: %s\n", buffer);
    _gcvt(-1234567890123.0, 12, buffer);
    ok(!strcmp(buffer, "-1.23456789012e+012"), "_gcvt exponential: %s\n", buffer);
    _gcvt(-0.123456789012, 12, buffer);
    ok(!strcmp(buffer, "-0.123456789012"), "_gcvt: %s\n", buffer);
    _gcvt(3.25, 2, buffer);
    ok(!strcmp(buffer, "3.3"), "_gcvt rounds half away: %s\n", buffer);
    _gcvt(12345.0, 3, buffer);
    ok(!strcmp(buffer, "1.23e+004"), "_gcvt exponential when digits run out: %s\n", buffer);
}

/* ---- _utime / _futime / _chmod ---- */

static void test_utime_chmod(void)
{
    struct _utimbuf times;
    struct _stat64 st;
    time_t before;
    int fd, ret;

    write_text("utime.txt", "data");
    times.actime = 1000000000;
    times.modtime = 1100000000;
    ret = _utime("utime.txt", &times);
    ok(ret == 0, "_utime failed: errno %d\n", errno);
    ok(_stat64("utime.txt", &st) == 0 && st.st_mtime == 1100000000, "mtime %lld\n", (long long)st.st_mtime);
    ok(st.st_atime == 1000000000, "atime %lld\n", (long long)st.st_atime);
    before = time(NULL);
    ret = _utime("utime.txt", NULL);
    ok(ret == 0, "_utime(NULL times) failed: errno %d\n", errno);
    ok(_stat64("utime.txt", &st) == 0 && st.st_mtime >= before - 2 && st.st_mtime <= before + 60,
       "mtime now %lld, before %lld\n", (long long)st.st_mtime, (long long)before);
    errno = 0;
    ret = _utime("missing_utime.txt", &times);
    ok(ret == -1 && errno == ENOENT, "missing file: %d errno %d\n", ret, errno);

    fd = _open("utime.txt", _O_RDWR | _O_BINARY);
    ok(fd >= 0, "_open: errno %d\n", errno);
    times.actime = times.modtime = 1234567890;
    ok(_futime(fd, &times) == 0, "_futime: errno %d\n", errno);
    _close(fd);
    ok(_stat64("utime.txt", &st) == 0 && st.st_mtime == 1234567890, "_futime mtime %lld\n", (long long)st.st_mtime);
    errno = 0;
    ret = _futime(fd, &times);
    ok(ret == -1 && errno == EBADF, "_futime on a closed descriptor: %d errno %d\n", ret, errno);
    times.actime = times.modtime = 1300000000;
    ok(_wutime(L"utime.txt", &times) == 0, "_wutime: errno %d\n", errno);
    ok(_stat64("utime.txt", &st) == 0 && st.st_mtime == 1300000000, "_wutime mtime %lld\n", (long long)st.st_mtime);

    ok(_chmod("utime.txt", _S_IREAD) == 0, "_chmod read-only: errno %d\n", errno);
    ok(GetFileAttributesA("utime.txt") & FILE_ATTRIBUTE_READONLY, "not read-only\n");
    errno = 0;
    ok(_access("utime.txt", 2) == -1 && errno == EACCES, "_access W on read-only: errno %d\n", errno);
    ok(_stat64("utime.txt", &st) == 0 && !(st.st_mode & _S_IWRITE), "mode %#x\n", st.st_mode);
    ok(_wchmod(L"utime.txt", _S_IREAD | _S_IWRITE) == 0, "_wchmod: errno %d\n", errno);
    ok(!(GetFileAttributesA("utime.txt") & FILE_ATTRIBUTE_READONLY), "still read-only\n");
    errno = 0;
    ret = _chmod("missing_chmod.txt", _S_IREAD);
    ok(ret == -1 && errno == ENOENT, "_chmod missing: %d errno %d\n", ret, errno);
    DeleteFileA("utime.txt");
}

/* ---- _pipe ---- */

static void test_pipe(void)
{
    int fds[2] = {-1, -1};
    char buffer[32];
    int n;

    ok(_pipe(fds, 256, _O_BINARY) == 0, "_pipe binary: errno %d\n", errno);
    ok(fds[0] >= 0 && fds[1] >= 0 && fds[0] != fds[1], "descriptors %d %d\n", fds[0], fds[1]);
    ok(_write(fds[1], "a\nb", 3) == 3, "_write\n");
    memset(buffer, 0, sizeof buffer);
    n = _read(fds[0], buffer, sizeof buffer);
    ok(n == 3 && !memcmp(buffer, "a\nb", 3), "binary read %d\n", n);
    _close(fds[1]);
    ok(_read(fds[0], buffer, sizeof buffer) == 0, "end of pipe after the writer closed\n");
    _close(fds[0]);

    ok(_pipe(fds, 0, _O_TEXT) == 0, "_pipe text: errno %d\n", errno);
    ok(_write(fds[1], "x\n", 2) == 2, "text _write\n");
    _close(fds[1]);
    memset(buffer, 0, sizeof buffer);
    n = _read(fds[0], buffer, sizeof buffer);
    ok(n == 2 && !memcmp(buffer, "x\n", 2), "text read %d \"%s\"\n", n, buffer);
    _close(fds[0]);

    ok(_pipe(fds, 64, _O_BINARY | _O_NOINHERIT) == 0, "_pipe noinherit\n");
    {
        DWORD flags = 0xdead;
        GetHandleInformation((HANDLE)_get_osfhandle(fds[0]), &flags);
        ok(!(flags & HANDLE_FLAG_INHERIT), "noinherit pipe inheritable: %#lx\n", flags);
    }
    _close(fds[0]);
    _close(fds[1]);
    ok(_pipe(fds, 64, _O_BINARY) == 0, "_pipe\n");
    {
        DWORD flags = 0;
        GetHandleInformation((HANDLE)_get_osfhandle(fds[1]), &flags);
        ok(flags & HANDLE_FLAG_INHERIT, "pipe not inheritable: %#lx\n", flags);
    }
    _close(fds[0]);
    _close(fds[1]);
    errno = 0;
    ok(_pipe(NULL, 64, _O_BINARY) == -1 && errno == EINVAL, "_pipe(NULL): errno %d\n", errno);
}

/* ---- _locking ----
 * Wine's _locking fails without setting errno; its errno checks are made on Windows and Halcyon. */

static void test_locking(void)
{
    int a, b, ret;

    write_text("lock.txt", "0123456789abcdef");
    a = _open("lock.txt", _O_RDWR | _O_BINARY);
    b = _open("lock.txt", _O_RDWR | _O_BINARY);
    ok(a >= 0 && b >= 0, "_open: %d %d\n", a, b);
    _lseek(a, 4, SEEK_SET);
    ok(_locking(a, _LK_NBLCK, 4) == 0, "_LK_NBLCK: errno %d\n", errno);
    ok(_tell(a) == 4, "_locking moved the file pointer: %ld\n", _tell(a));
    _lseek(b, 6, SEEK_SET);
    errno = 0;
    ret = _locking(b, _LK_NBLCK, 1);
    ok(ret == -1 && (errno == EACCES || running_on_wine()), "overlapping lock: %d errno %d\n", ret, errno);
    errno = 0;
    ret = _locking(b, _LK_NBRLCK, 1);
    ok(ret == -1 && (errno == EACCES || running_on_wine()), "overlapping _LK_NBRLCK: %d errno %d\n", ret, errno);
    _lseek(b, 8, SEEK_SET);
    ok(_locking(b, _LK_LOCK, 2) == 0, "adjacent _LK_LOCK: errno %d\n", errno);
    ok(_locking(b, _LK_UNLCK, 2) == 0, "_LK_UNLCK: errno %d\n", errno);
    errno = 0;
    ret = _locking(b, _LK_UNLCK, 2);
    ok(ret == -1 && (errno == EACCES || running_on_wine()), "unlocking an unlocked range: %d errno %d\n", ret, errno);
    _lseek(a, 4, SEEK_SET);
    ok(_locking(a, _LK_UNLCK, 4) == 0, "unlock: errno %d\n", errno);
    _lseek(b, 6, SEEK_SET);
    ok(_locking(b, _LK_NBLCK, 1) == 0, "lock after unlock: errno %d\n", errno);
    ok(_locking(b, _LK_UNLCK, 1) == 0, "unlock b\n");
    errno = 0;
    ret = _locking(a, 7, 1);
    ok(ret == -1 && errno == EINVAL, "bad mode: %d errno %d\n", ret, errno);
    errno = 0;
    ret = _locking(2000, _LK_NBLCK, 1);
    ok(ret == -1 && (errno == EBADF || running_on_wine()), "bad descriptor: %d errno %d\n", ret, errno);
    _close(a);
    _close(b);
    DeleteFileA("lock.txt");
}

/* ---- threads ---- */

static volatile LONG plain_ran;
static int thread_errno;

static unsigned __stdcall return_42(void *arg)
{
    return 42;
}

static unsigned __stdcall end_with_7(void *arg)
{
    _endthreadex(7);
    return 99;
}

static unsigned __stdcall errno_thread(void *arg)
{
    errno = 0;
    thread_errno = errno;
    errno = ERANGE;
    return (unsigned)(uintptr_t)arg;
}

static void __cdecl plain_thread(void *arg)
{
    InterlockedExchange(&plain_ran, (LONG)(uintptr_t)arg);
}

static void __cdecl plain_end_thread(void *arg)
{
    InterlockedExchange(&plain_ran, 77);
    _endthread();
    InterlockedExchange(&plain_ran, -1);
}

static volatile LONG suspended_ran;
static unsigned __stdcall mark_ran(void *arg)
{
    InterlockedExchange(&suspended_ran, 1);
    return 5;
}

static void wait_for(volatile LONG *flag, LONG value)
{
    for (int i = 0; i < 500 && *flag != value; i++)
        Sleep(10);
}

static void test_threads(void)
{
    HANDLE thread;
    DWORD code = 0;
    unsigned id = 0;
    uintptr_t ret;

    thread = (HANDLE)_beginthreadex(NULL, 0, return_42, NULL, 0, &id);
    ok(thread != NULL && id != 0, "_beginthreadex: %p id %u\n", thread, id);
    ok(WaitForSingleObject(thread, 5000) == WAIT_OBJECT_0, "wait\n");
    ok(GetExitCodeThread(thread, &code) && code == 42, "exit code %lu\n", code);
    ok(CloseHandle(thread), "the _beginthreadex handle is the caller's to close\n");

    thread = (HANDLE)_beginthreadex(NULL, 0, end_with_7, NULL, 0, NULL);
    ok(thread != NULL, "_beginthreadex\n");
    WaitForSingleObject(thread, 5000);
    ok(GetExitCodeThread(thread, &code) && code == 7, "_endthreadex code %lu\n", code);
    CloseHandle(thread);

    errno = EDOM;
    thread = (HANDLE)_beginthreadex(NULL, 0, errno_thread, (void *)3, 0, NULL);
    WaitForSingleObject(thread, 5000);
    ok(GetExitCodeThread(thread, &code) && code == 3, "exit code %lu\n", code);
    ok(errno == EDOM, "errno is per thread: %d\n", errno);
    ok(thread_errno == 0, "thread errno %d\n", thread_errno);
    CloseHandle(thread);

    thread = (HANDLE)_beginthreadex(NULL, 0, mark_ran, NULL, CREATE_SUSPENDED, NULL);
    ok(thread != NULL, "suspended _beginthreadex\n");
    Sleep(50);
    ok(suspended_ran == 0, "a CREATE_SUSPENDED thread ran\n");
    ok(ResumeThread(thread) == 1, "ResumeThread\n");
    ok(WaitForSingleObject(thread, 5000) == WAIT_OBJECT_0 && suspended_ran == 1, "resumed thread did not run\n");
    CloseHandle(thread);

    errno = 0;
    ret = _beginthreadex(NULL, 0, NULL, NULL, 0, NULL);
    ok(ret == 0 && errno == EINVAL, "_beginthreadex(NULL routine): %p errno %d\n", (void *)ret, errno);

    ret = _beginthread(plain_thread, 0, (void *)5);
    ok(ret != (uintptr_t)-1 && ret != 0, "_beginthread: %p\n", (void *)ret);
    wait_for(&plain_ran, 5);
    ok(plain_ran == 5, "_beginthread routine did not run: %ld\n", plain_ran);
    ret = _beginthread(plain_end_thread, 65536, NULL);
    ok(ret != (uintptr_t)-1, "_beginthread with a stack size\n");
    wait_for(&plain_ran, 77);
    Sleep(20);
    ok(plain_ran == 77, "_endthread did not end the thread: %ld\n", plain_ran);
    errno = 0;
    ret = _beginthread(NULL, 0, NULL);
    ok(ret == (uintptr_t)-1 && errno == EINVAL, "_beginthread(NULL): %p errno %d\n", (void *)ret, errno);
}

/* ---- _exec failure, conio pushback, _matherr ---- */

static void test_exec_conio_misc(void)
{
    intptr_t ret;
    int c;

    errno = 0;
    ret = _execl("no_such_program_here.exe", "no_such_program_here.exe", "x", NULL);
    ok(ret == -1 && errno == ENOENT, "_execl of a missing program: %d errno %d\n", (int)ret, errno);
    errno = 0;
    {
        const char *const argv[] = {"nothing", NULL};
        ret = _execv("no_such_program_here.exe", argv);
        ok(ret == -1 && errno == ENOENT, "_execv of a missing program: %d errno %d\n", (int)ret, errno);
        errno = 0;
        ret = _execvp("no_such_program_here", argv);
        ok(ret == -1 && errno == ENOENT, "_execvp of a missing program: %d errno %d\n", (int)ret, errno);
    }

    ok(_ungetch('q') == 'q', "_ungetch\n");
    ok(_ungetch('r') == EOF, "a second _ungetch succeeded\n");
    ok(_kbhit() != 0, "_kbhit does not see the pushed-back character\n");
    c = _getch();
    ok(c == 'q', "_getch returned %d\n", c);
    ok(_ungetch(EOF) == EOF, "_ungetch(EOF)\n");
    ok(_ungetch('z') == 'z', "_ungetch after _getch\n");
    c = _getch();
    ok(c == 'z', "_getch after a second _ungetch returned %d\n", c);

    {
        /* msvcrt's own _matherr (mingw links a static one into programs). */
        int (__cdecl *p_matherr)(struct _exception *) = (void *)GetProcAddress(GetModuleHandleA("msvcrt.dll"), "_matherr");
        struct _exception e = {_DOMAIN, "sqrt", -1.0, 0.0, 0.0};
        if (p_matherr)
            ok(p_matherr(&e) == 0, "_matherr default\n");
    }
}

/* ---- time zone: TZ in the CRT's syntax, else the system's ----
 * The expected values are the ones Microsoft documents for _tzset ("PST8PDT": 28800, daylight 1,
 * names PST and PDT, United States daylight rules). Wine's msvcrt keeps two letters of each name
 * and never applies daylight time for TZ, so those checks (marked WINE_TZ) hold only elsewhere. */
#define WINE_TZ(condition) (running_on_wine() || (condition))

static int tm_is(const struct tm *tm, int year, int mon, int mday, int hour, int min, int sec, int isdst)
{
    return tm && tm->tm_year == year - 1900 && tm->tm_mon == mon - 1 && tm->tm_mday == mday && tm->tm_hour == hour &&
           tm->tm_min == min && tm->tm_sec == sec && tm->tm_isdst == isdst;
}

static void test_time_zone(void)
{
    long *(__cdecl *p_dstbias)(void) = (void *)GetProcAddress(GetModuleHandleA("msvcrt.dll"), "__dstbias");
    TIME_ZONE_INFORMATION zone;
    struct tm fields, *tm;
    __time64_t t;

    ok(_putenv("TZ=PST8PDT") == 0, "_putenv TZ\n");
    _tzset();
    ok(_timezone == 28800, "_timezone %ld\n", _timezone);
    ok(WINE_TZ(_daylight == 1), "_daylight %d\n", _daylight);
    ok(WINE_TZ(!strcmp(_tzname[0], "PST") && !strcmp(_tzname[1], "PDT")), "_tzname %s %s\n", _tzname[0], _tzname[1]);
    if (p_dstbias)
        ok(WINE_TZ(*p_dstbias() == -3600), "_dstbias %ld\n", *p_dstbias());

    t = 1000000000; /* 2001-09-09 01:46:40 UTC */
    tm = _localtime64(&t);
    ok(WINE_TZ(tm_is(tm, 2001, 9, 8, 18, 46, 40, 1)), "PDT: %d-%d-%d %d:%d:%d dst %d\n", tm->tm_year, tm->tm_mon, tm->tm_mday,
       tm->tm_hour, tm->tm_min, tm->tm_sec, tm->tm_isdst);
    ok(tm->tm_wday == 6 && tm->tm_yday == 250, "wday %d yday %d\n", tm->tm_wday, tm->tm_yday);
    t = 1200000000; /* 2008-01-10 21:20:00 UTC */
    tm = _localtime64(&t);
    ok(tm_is(tm, 2008, 1, 10, 13, 20, 0, 0), "PST: %d %d:%d dst %d\n", tm->tm_mday, tm->tm_hour, tm->tm_min,
       tm->tm_isdst);
    t = 1173607199; /* 2007-03-11 09:59:59 UTC: 01:59:59 PST, just before the change */
    tm = _localtime64(&t);
    ok(tm_is(tm, 2007, 3, 11, 1, 59, 59, 0), "before the change: %d:%d:%d dst %d\n", tm->tm_hour, tm->tm_min,
       tm->tm_sec, tm->tm_isdst);
    t = 1173607200; /* 03:00:00 PDT */
    tm = _localtime64(&t);
    ok(WINE_TZ(tm_is(tm, 2007, 3, 11, 3, 0, 0, 1)), "after the change: %d:%d:%d dst %d\n", tm->tm_hour, tm->tm_min,
       tm->tm_sec, tm->tm_isdst);
    t = 1162717200; /* 2006-11-05 09:00:00 UTC: 01:00 PST (the 2006 rules ended DST on Oct 29) */
    tm = _localtime64(&t);
    ok(tm_is(tm, 2006, 11, 5, 1, 0, 0, 0), "2006 rules: %d-%d %d:%d dst %d\n", tm->tm_mon, tm->tm_mday, tm->tm_hour,
       tm->tm_min, tm->tm_isdst);

    memset(&fields, 0, sizeof fields);
    fields.tm_year = 101, fields.tm_mon = 8, fields.tm_mday = 8, fields.tm_hour = 18, fields.tm_min = 46;
    fields.tm_sec = 40, fields.tm_isdst = -1;
    t = _mktime64(&fields);
    ok(WINE_TZ(t == 1000000000 && fields.tm_isdst == 1), "mktime in daylight time: %lld dst %d\n", (long long)t,
       fields.tm_isdst);
    memset(&fields, 0, sizeof fields);
    fields.tm_year = 108, fields.tm_mon = 0, fields.tm_mday = 10, fields.tm_hour = 13, fields.tm_min = 20;
    t = _mktime64(&fields);
    ok(t == 1200000000 && fields.tm_isdst == 0, "mktime in standard time: %lld\n", (long long)t);
    memset(&fields, 0, sizeof fields);
    fields.tm_year = 108, fields.tm_mon = 0, fields.tm_mday = 41, fields.tm_hour = 12, fields.tm_isdst = 0;
    t = _mktime64(&fields);
    ok(fields.tm_mon == 1 && fields.tm_mday == 10 && fields.tm_yday == 40 && t == 1202673600,
       "mktime normalizes: %d/%d yday %d t %lld\n", fields.tm_mon, fields.tm_mday, fields.tm_yday, (long long)t);
    memset(&fields, 0, sizeof fields);
    fields.tm_year = 101, fields.tm_mon = 6, fields.tm_mday = 1, fields.tm_hour = 12, fields.tm_isdst = 1;
    t = _mktime64(&fields);
    ok(WINE_TZ(t == 994014000), "mktime with tm_isdst 1: %lld\n", (long long)t);

    ok(_putenv("TZ=EST5") == 0, "_putenv\n");
    _tzset();
    ok(_timezone == 18000 && _daylight == 0, "EST5: %ld %d\n", _timezone, _daylight);
    ok(WINE_TZ(!strcmp(_tzname[0], "EST")), "EST5 name %s\n", _tzname[0]);
    t = 1000000000;
    tm = _localtime64(&t);
    ok(tm_is(tm, 2001, 9, 8, 20, 46, 40, 0), "EST5 has no daylight time: %d:%d dst %d\n", tm->tm_hour, tm->tm_min,
       tm->tm_isdst);
    ok(_putenv("TZ=XYZ-2:30") == 0, "_putenv\n");
    _tzset();
    ok(_timezone == -9000 && _daylight == 0, "XYZ-2:30: %ld %d\n", _timezone, _daylight);
    tm = _localtime64(&t);
    ok(tm_is(tm, 2001, 9, 9, 4, 16, 40, 0), "east of UTC: %d %d:%d\n", tm->tm_mday, tm->tm_hour, tm->tm_min);

    /* Without TZ the zone is the system's. */
    ok(_putenv("TZ=") == 0, "_putenv\n");
    SetEnvironmentVariableA("TZ", NULL);
    _tzset();
    ok(GetTimeZoneInformation(&zone) != TIME_ZONE_ID_INVALID, "GetTimeZoneInformation\n");
    ok(_timezone == (zone.Bias + zone.StandardBias) * 60, "system _timezone %ld, bias %ld\n", _timezone, zone.Bias);
    ok(_daylight == (zone.DaylightDate.wMonth != 0), "system _daylight %d\n", _daylight);
}

int main(void)
{
    conf_init("crt_more");
    load_functions();
    test_splitpath();
    test_makepath();
    test_fullpath_and_drives();
    test_searchenv();
    test_temp_names();
    test_cvt();
    test_utime_chmod();
    test_pipe();
    test_locking();
    test_threads();
    test_exec_conio_misc();
    test_time_zone();
    return conf_summary();
}
