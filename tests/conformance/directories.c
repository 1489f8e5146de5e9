/* Directories and paths: CreateDirectory/RemoveDirectory, the current directory,
 * GetFullPathName, FindFirstFile/FindNextFile(Ex) with wildcards, GetTempPath, volume queries. */
#include "conformance.h"

static char base[MAX_PATH]; /* the starting current directory, without a trailing backslash */

static void touch(const char *name, DWORD size)
{
    static const char zeros[64];
    DWORD written;
    HANDLE h = CreateFileA(name, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    ok(h != INVALID_HANDLE_VALUE, "cannot create %s: %lu\n", name, GetLastError());
    if (size)
        WriteFile(h, zeros, size, &written, NULL);
    CloseHandle(h);
}

static void test_create_remove(void)
{
    RemoveDirectoryA("dir_a\\inner");
    RemoveDirectoryA("dir_a");
    expect_success(CreateDirectoryA("dir_a", NULL));
    ok(GetFileAttributesA("dir_a") & FILE_ATTRIBUTE_DIRECTORY, "not a directory\n");
    expect_fail(CreateDirectoryA("dir_a", NULL), ERROR_ALREADY_EXISTS);
    expect_fail(CreateDirectoryA("DIR_A", NULL), ERROR_ALREADY_EXISTS);
    expect_fail(CreateDirectoryA("missing\\dir_b", NULL), ERROR_PATH_NOT_FOUND);
    expect_fail(CreateDirectoryA("", NULL), ERROR_PATH_NOT_FOUND);
    expect_success(CreateDirectoryW(L"dir_a\\inner", NULL));
    touch("dir_a\\file.txt", 0);
    expect_fail(CreateDirectoryA("dir_a\\file.txt", NULL), ERROR_ALREADY_EXISTS);

    expect_fail(RemoveDirectoryA("dir_a"), ERROR_DIR_NOT_EMPTY);
    expect_fail(RemoveDirectoryA("dir_a\\file.txt"), ERROR_DIRECTORY);
    expect_fail(RemoveDirectoryA("dir_a\\missing"), ERROR_FILE_NOT_FOUND);
    expect_fail(RemoveDirectoryA("missing\\missing"), ERROR_PATH_NOT_FOUND);
    expect_success(DeleteFileA("dir_a\\file.txt"));
    expect_success(RemoveDirectoryW(L"dir_a\\inner"));
    expect_success(RemoveDirectoryA("dir_a\\"));
    ok(GetFileAttributesA("dir_a") == INVALID_FILE_ATTRIBUTES, "directory survived\n");

    /* A directory open without FILE_SHARE_DELETE cannot be removed. */
    CreateDirectoryA("dir_busy", NULL);
    {
        HANDLE h = CreateFileA("dir_busy", GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING,
                               FILE_FLAG_BACKUP_SEMANTICS, NULL);
        ok(h != INVALID_HANDLE_VALUE, "open directory failed: %lu\n", GetLastError());
        expect_fail(RemoveDirectoryA("dir_busy"), ERROR_SHARING_VIOLATION);
        CloseHandle(h);
    }
    expect_success(RemoveDirectoryA("dir_busy"));
}

static void test_current_directory(void)
{
    char buffer[MAX_PATH], small[4];
    WCHAR wbuffer[MAX_PATH];
    DWORD len = GetCurrentDirectoryA(MAX_PATH, buffer);
    ok(len == strlen(buffer) && len > 2, "GetCurrentDirectory returned %lu\n", len);
    ok(buffer[1] == ':' && buffer[2] == '\\', "not a drive path: %s\n", buffer);
    ok(GetCurrentDirectoryA(0, NULL) == len + 1, "size query %lu\n", GetCurrentDirectoryA(0, NULL));
    memset(small, 'x', sizeof small);
    ok(GetCurrentDirectoryA(sizeof small, small) == len + 1, "small buffer\n");
    ok(GetCurrentDirectoryW(MAX_PATH, wbuffer) == len, "GetCurrentDirectoryW length\n");
    ok(wbuffer[1] == ':' && wbuffer[len] == 0, "GetCurrentDirectoryW contents\n");

    expect_fail(SetCurrentDirectoryA("missing_dir"), ERROR_FILE_NOT_FOUND);
    expect_fail(SetCurrentDirectoryA("missing_dir\\x"), ERROR_PATH_NOT_FOUND);
    touch("cwd_file.txt", 0);
    expect_fail(SetCurrentDirectoryA("cwd_file.txt"), ERROR_DIRECTORY);
    DeleteFileA("cwd_file.txt");

    CreateDirectoryA("cwd_sub", NULL);
    expect_success(SetCurrentDirectoryA("cwd_sub"));
    len = GetCurrentDirectoryA(MAX_PATH, buffer);
    ok(len == strlen(base) + 8 && !strncmp(buffer, base, strlen(base)) && !strcmp(buffer + strlen(base), "\\cwd_sub"),
       "after chdir: %s\n", buffer);
    touch("inside.txt", 3);
    expect_success(SetCurrentDirectoryA(".."));
    GetCurrentDirectoryA(MAX_PATH, buffer);
    ok(!strcmp(buffer, base), "after chdir ..: %s\n", buffer);
    ok(GetFileAttributesA("cwd_sub\\inside.txt") != INVALID_FILE_ATTRIBUTES, "file created in the wrong place\n");
    expect_success(SetCurrentDirectoryA("CWD_SUB\\"));
    GetCurrentDirectoryA(MAX_PATH, buffer);
    ok(!strcmp(buffer + strlen(base), "\\cwd_sub") || !strcmp(buffer + strlen(base), "\\CWD_SUB"),
       "trailing backslash kept: %s\n", buffer);
    expect_success(SetCurrentDirectoryW(L".."));
    expect_success(DeleteFileA("cwd_sub\\inside.txt"));
    expect_success(RemoveDirectoryA("cwd_sub"));
    expect_success(SetCurrentDirectoryA(base));
}

static void check_full_path(const char *input, const char *expected, const char *expected_part, int line)
{
    char buffer[MAX_PATH];
    char *part = (char *)0x1;
    DWORD len;
    SetLastError(0xdeadbeef);
    len = GetFullPathNameA(input, MAX_PATH, buffer, &part);
    conf_ok(__FILE__, line, len == strlen(expected) && !strcmp(buffer, expected),
            "GetFullPathName(%s) = %lu \"%s\", expected \"%s\"\n", input, len, len ? buffer : "", expected);
    if (expected_part)
        conf_ok(__FILE__, line, part && part != (char *)0x1 && !strcmp(part, expected_part),
                "GetFullPathName(%s) file part \"%s\"\n", input, part && part != (char *)0x1 ? part : "(null)");
    else
        conf_ok(__FILE__, line, part == NULL, "GetFullPathName(%s) has a file part\n", input);
}

static void test_full_path_name(void)
{
    char expected[MAX_PATH], buffer[MAX_PATH];
    WCHAR wbuffer[MAX_PATH];
    WCHAR *wpart;
    char drive[3] = {base[0], ':', 0};
    DWORD len;

    snprintf(expected, sizeof expected, "%s\\name.txt", base);
    check_full_path("name.txt", expected, "name.txt", __LINE__);
    check_full_path(".\\name.txt", expected, "name.txt", __LINE__);
    check_full_path("sub\\..\\name.txt", expected, "name.txt", __LINE__);
    check_full_path("sub/../name.txt", expected, "name.txt", __LINE__);
    snprintf(expected, sizeof expected, "%s\\sub\\", base);
    check_full_path("sub\\", expected, NULL, __LINE__);
    check_full_path("C:\\a\\b\\..\\c", "C:\\a\\c", "c", __LINE__);
    check_full_path("C:\\a\\.\\b", "C:\\a\\b", "b", __LINE__);
    check_full_path("C:\\a/b\\\\c", "C:\\a\\b\\c", "c", __LINE__);
    check_full_path("C:\\a\\b.", "C:\\a\\b", "b", __LINE__);
    check_full_path("C:\\a\\..\\..\\..\\b", "C:\\b", "b", __LINE__);
    check_full_path("C:\\", "C:\\", NULL, __LINE__);
    check_full_path("c:\\Mixed\\Case.TXT", "c:\\Mixed\\Case.TXT", "Case.TXT", __LINE__);
    check_full_path("\\\\server\\share\\dir\\f", "\\\\server\\share\\dir\\f", "f", __LINE__);
    snprintf(expected, sizeof expected, "%s\\rooted", drive);
    check_full_path("\\rooted", expected, "rooted", __LINE__);
    snprintf(expected, sizeof expected, "%s", base);
    check_full_path(".", expected, strrchr(base, '\\') + 1, __LINE__);

    /* Buffer too small: the size needed, including the NUL. */
    len = GetFullPathNameA("C:\\abc\\def", 5, buffer, NULL);
    ok(len == 11, "small buffer returned %lu\n", len);
    len = GetFullPathNameA("C:\\abc\\def", 0, NULL, NULL);
    ok(len == 11, "size query returned %lu\n", len);
    len = GetFullPathNameA("C:\\abc\\def", 11, buffer, NULL);
    ok(len == 10 && !strcmp(buffer, "C:\\abc\\def"), "exact buffer returned %lu\n", len);

    len = GetFullPathNameW(L"C:\\x\\y.z", MAX_PATH, wbuffer, &wpart);
    ok(len == 8 && !lstrcmpW(wbuffer, L"C:\\x\\y.z") && wpart == wbuffer + 5, "GetFullPathNameW %lu\n", len);

    SetLastError(0xdeadbeef);
    len = GetFullPathNameA("", MAX_PATH, buffer, NULL);
    ok(len == 0, "empty name returned %lu\n", len);
}

struct found {
    char names[32][MAX_PATH];
    DWORD attributes[32];
    DWORD sizes[32];
    int count;
};

static int find_all(const char *pattern, struct found *found)
{
    WIN32_FIND_DATAA data;
    HANDLE h;
    found->count = 0;
    SetLastError(0xdeadbeef);
    h = FindFirstFileA(pattern, &data);
    if (h == INVALID_HANDLE_VALUE)
        return -(int)GetLastError();
    do {
        if (found->count < 32) {
            strcpy(found->names[found->count], data.cFileName);
            found->attributes[found->count] = data.dwFileAttributes;
            found->sizes[found->count] = data.nFileSizeLow;
            found->count++;
        }
        SetLastError(0xdeadbeef);
    } while (FindNextFileA(h, &data));
    ok(GetLastError() == ERROR_NO_MORE_FILES, "FindNextFile ended with %lu\n", GetLastError());
    ok(FindClose(h), "FindClose failed\n");
    return found->count;
}

static int found_index(const struct found *found, const char *name)
{
    for (int i = 0; i < found->count; i++)
        if (!strcmp(found->names[i], name))
            return i;
    return -1;
}

static void test_find(void)
{
    struct found found;
    WIN32_FIND_DATAA data;
    WIN32_FIND_DATAW wdata;
    HANDLE h;
    int n, i;

    CreateDirectoryA("find", NULL);
    touch("find\\file1.txt", 1);
    touch("find\\file2.txt", 2);
    touch("find\\file10.txt", 10);
    touch("find\\other.dat", 5);
    touch("find\\noext", 7);
    CreateDirectoryA("find\\subdir", NULL);

    n = find_all("find\\*", &found);
    ok(n == 8, "find\\* found %d entries\n", n);
    ok(found_index(&found, ".") >= 0 && found_index(&found, "..") >= 0, "no . and .. entries\n");
    i = found_index(&found, ".");
    ok(i >= 0 && (found.attributes[i] & FILE_ATTRIBUTE_DIRECTORY), ". is not a directory\n");
    i = found_index(&found, "subdir");
    ok(i >= 0 && (found.attributes[i] & FILE_ATTRIBUTE_DIRECTORY), "subdir attributes\n");
    i = found_index(&found, "file10.txt");
    ok(i >= 0 && found.sizes[i] == 10 && !(found.attributes[i] & FILE_ATTRIBUTE_DIRECTORY), "file10.txt entry\n");
    i = found_index(&found, "noext");
    ok(i >= 0 && found.sizes[i] == 7, "noext entry\n");

    ok(find_all("find\\*.*", &found) == 8, "*.* matches names without a dot too: %d\n", found.count);
    ok(find_all("find\\*.txt", &found) == 3, "*.txt found %d\n", found.count);
    ok(found_index(&found, "file1.txt") >= 0 && found_index(&found, "file10.txt") >= 0, "*.txt names\n");
    ok(find_all("find\\file?.txt", &found) == 2, "file?.txt found %d\n", found.count);
    ok(found_index(&found, "file10.txt") < 0, "? matched two characters\n");
    ok(find_all("find\\FILE*.TXT", &found) == 3, "matching is not case-insensitive: %d\n", found.count);
    ok(find_all("find\\*1*", &found) == 2, "*1* found %d\n", found.count);
    ok(find_all("find\\o*.d?t", &found) == 1 && !strcmp(found.names[0], "other.dat"), "o*.d?t\n");
    ok(find_all("find\\file1.txt", &found) == 1 && !strcmp(found.names[0], "file1.txt"), "exact name\n");
    ok(find_all("find\\FILE2.TXT", &found) == 1 && !strcasecmp(found.names[0], "file2.txt"), "exact name, other case\n");
    ok(find_all("find\\sub*", &found) == 1 && (found.attributes[0] & FILE_ATTRIBUTE_DIRECTORY), "directory by pattern\n");
    ok(find_all("find\\subdir\\*", &found) == 2, "empty directory lists . and ..: %d\n", found.count);

    n = find_all("find\\*.xyz", &found);
    ok(n == -ERROR_FILE_NOT_FOUND, "no match: %d\n", n);
    n = find_all("find\\nothing", &found);
    ok(n == -ERROR_FILE_NOT_FOUND, "missing file: %d\n", n);
    n = find_all("missing_dir\\*", &found);
    ok(n == -ERROR_PATH_NOT_FOUND, "missing directory: %d\n", n);
    n = find_all("find\\file1.txt\\*", &found);
    ok(n < 0, "file as directory: %d\n", n);

    /* The entry for a single match carries its metadata. */
    memset(&data, 0xcc, sizeof data);
    h = FindFirstFileA("find\\other.dat", &data);
    ok(h != INVALID_HANDLE_VALUE, "FindFirstFile failed: %lu\n", GetLastError());
    ok(data.nFileSizeLow == 5 && data.nFileSizeHigh == 0, "size %lu\n", data.nFileSizeLow);
    ok(data.dwFileAttributes & FILE_ATTRIBUTE_ARCHIVE, "attributes %#lx\n", data.dwFileAttributes);
    ok(data.ftLastWriteTime.dwHighDateTime != 0, "no write time\n");
    SetLastError(0xdeadbeef);
    ok(!FindNextFileA(h, &data), "second match for an exact name\n");
    expect_error(ERROR_NO_MORE_FILES);
    SetLastError(0xdeadbeef);
    ok(!FindNextFileA(h, &data), "FindNextFile after the end\n");
    expect_error(ERROR_NO_MORE_FILES);
    ok(FindClose(h), "FindClose\n");

    h = FindFirstFileW(L"find\\file2.*", &wdata);
    ok(h != INVALID_HANDLE_VALUE && !lstrcmpW(wdata.cFileName, L"file2.txt"), "FindFirstFileW\n");
    ok(wdata.nFileSizeLow == 2, "FindFirstFileW size\n");
    FindClose(h);

    h = FindFirstFileExA("find\\*.dat", FindExInfoBasic, &data, FindExSearchNameMatch, NULL, 0);
    ok(h != INVALID_HANDLE_VALUE && !strcmp(data.cFileName, "other.dat"), "FindFirstFileEx basic\n");
    ok(data.cAlternateFileName[0] == 0, "FindExInfoBasic has a short name\n");
    FindClose(h);
    h = FindFirstFileExW(L"find\\*", FindExInfoStandard, &wdata, FindExSearchLimitToDirectories, NULL, 0);
    ok(h != INVALID_HANDLE_VALUE, "FindFirstFileExW failed: %lu\n", GetLastError());
    FindClose(h);
    SetLastError(0xdeadbeef);
    h = FindFirstFileExA("find\\*", FindExInfoMaxInfoLevel, &data, FindExSearchNameMatch, NULL, 0);
    ok(h == INVALID_HANDLE_VALUE, "bad info level accepted\n");
    expect_error(ERROR_INVALID_PARAMETER);

    SetLastError(0xdeadbeef);
    h = FindFirstFileA("", &data);
    ok(h == INVALID_HANDLE_VALUE, "empty pattern\n");
    ok(GetLastError() == ERROR_PATH_NOT_FOUND || GetLastError() == ERROR_FILE_NOT_FOUND, "empty pattern: %lu\n",
       GetLastError());
    expect_fail(FindClose(INVALID_HANDLE_VALUE), ERROR_INVALID_HANDLE);

    /* Entries created during an enumeration are not required; deletion after the first call is safe. */
    h = FindFirstFileA("find\\file*", &data);
    ok(h != INVALID_HANDLE_VALUE, "FindFirstFile\n");
    DeleteFileA("find\\file1.txt");
    DeleteFileA("find\\file2.txt");
    DeleteFileA("find\\file10.txt");
    while (FindNextFileA(h, &data))
        ;
    FindClose(h);

    DeleteFileA("find\\other.dat");
    DeleteFileA("find\\noext");
    RemoveDirectoryA("find\\subdir");
    expect_success(RemoveDirectoryA("find"));
}

static void test_temp_path(void)
{
    char buffer[MAX_PATH], expected[MAX_PATH], saved[MAX_PATH], saved_temp[MAX_PATH];
    DWORD len, saved_len, saved_temp_len;

    len = GetTempPathA(MAX_PATH, buffer);
    ok(len > 0 && len == strlen(buffer), "GetTempPath returned %lu\n", len);
    ok(len > 0 && buffer[len - 1] == '\\', "no trailing backslash: %s\n", buffer);
    ok(GetTempPathA(0, NULL) == len + 1, "size query\n");

    saved_len = GetEnvironmentVariableA("TMP", saved, MAX_PATH);
    saved_temp_len = GetEnvironmentVariableA("TEMP", saved_temp, MAX_PATH);
    CreateDirectoryA("tmpdir", NULL);
    SetEnvironmentVariableA("TMP", "tmpdir");
    snprintf(expected, sizeof expected, "%s\\tmpdir\\", base);
    len = GetTempPathA(MAX_PATH, buffer);
    ok(len == strlen(expected) && !strcmp(buffer, expected), "TMP=tmpdir gives %s\n", buffer);
    SetEnvironmentVariableA("TMP", NULL);
    SetEnvironmentVariableA("TEMP", "tmpdir\\");
    len = GetTempPathA(MAX_PATH, buffer);
    ok(!strcmp(buffer, expected), "TEMP=tmpdir\\ gives %s\n", buffer);
    {
        WCHAR wbuffer[MAX_PATH];
        ok(GetTempPathW(MAX_PATH, wbuffer) == len, "GetTempPathW length\n");
    }
    SetEnvironmentVariableA("TMP", saved_len ? saved : NULL);
    SetEnvironmentVariableA("TEMP", saved_temp_len ? saved_temp : NULL);
    RemoveDirectoryA("tmpdir");
}

static void test_volume(void)
{
    char root[4] = {base[0], ':', '\\', 0};
    char name[MAX_PATH], fs_name[MAX_PATH];
    DWORD serial = 0, max_component = 0, flags = 0;
    ULARGE_INTEGER available, total, free_bytes;
    DWORD sectors, bytes_per_sector, free_clusters, clusters;

    ok(GetDriveTypeA(root) == DRIVE_FIXED, "GetDriveType(%s) = %u\n", root, GetDriveTypeA(root));
    ok(GetDriveTypeA(NULL) == DRIVE_FIXED, "GetDriveType(NULL) = %u\n", GetDriveTypeA(NULL));
    ok(GetDriveTypeA("no_such_thing") == DRIVE_NO_ROOT_DIR, "GetDriveType(bad) = %u\n",
       GetDriveTypeA("no_such_thing"));

    ok(GetVolumeInformationA(root, name, sizeof name, &serial, &max_component, &flags, fs_name, sizeof fs_name),
       "GetVolumeInformation failed: %lu\n", GetLastError());
    ok(max_component == 255, "max component length %lu\n", max_component);
    ok(fs_name[0] != 0, "no file system name\n");
    ok(flags & FILE_CASE_PRESERVED_NAMES, "flags %#lx\n", flags);
    ok(GetVolumeInformationA(NULL, NULL, 0, NULL, NULL, NULL, NULL, 0), "GetVolumeInformation(NULL) failed: %lu\n",
       GetLastError());
    {
        WCHAR wroot[4] = {(WCHAR)base[0], ':', '\\', 0};
        WCHAR wfs[MAX_PATH];
        DWORD wserial = 0;
        ok(GetVolumeInformationW(wroot, NULL, 0, &wserial, NULL, NULL, wfs, MAX_PATH), "GetVolumeInformationW failed\n");
        ok(wserial == serial, "serial numbers differ\n");
    }

    {
        BOOL ret = GetDiskFreeSpaceExA(NULL, &available, &total, &free_bytes);
        ok(ret, "GetDiskFreeSpaceEx failed: %lu\n", GetLastError());
        if (ret)
            ok(total.QuadPart > 0 && free_bytes.QuadPart <= total.QuadPart && available.QuadPart <= free_bytes.QuadPart,
               "sizes\n");
        ret = GetDiskFreeSpaceA(root, &sectors, &bytes_per_sector, &free_clusters, &clusters);
        ok(ret, "GetDiskFreeSpace failed: %lu\n", GetLastError());
        if (ret)
            ok(bytes_per_sector >= 512 && sectors > 0 && clusters >= free_clusters, "geometry\n");
    }
}

int main(void)
{
    conf_init("directories");
    /* Work in a subdirectory, so that the current directory is never a drive's root. */
    CreateDirectoryA("dirtest", NULL);
    expect_success(SetCurrentDirectoryA("dirtest"));
    GetCurrentDirectoryA(MAX_PATH, base);
    test_create_remove();
    test_current_directory();
    test_full_path_name();
    test_find();
    test_temp_path();
    test_volume();
    expect_success(SetCurrentDirectoryA(".."));
    expect_success(RemoveDirectoryA("dirtest"));
    return conf_summary();
}
