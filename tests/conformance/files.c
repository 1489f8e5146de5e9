/* Files: CreateFile dispositions and errors, reading and writing, file pointers, sizes,
 * SetEndOfFile, GetFileType, GetFileInformationByHandle, file times, attributes, sharing,
 * DeleteFile, CopyFile, MoveFile(Ex), GetTempFileName. Runs in a scratch current directory. */
#include "conformance.h"

static HANDLE create(const char *name, DWORD access, DWORD share, DWORD disposition)
{
    return CreateFileA(name, access, share, NULL, disposition, FILE_ATTRIBUTE_NORMAL, NULL);
}

static void write_file(const char *name, const char *data)
{
    HANDLE h = create(name, GENERIC_WRITE, 0, CREATE_ALWAYS);
    DWORD written = 0;
    ok(h != INVALID_HANDLE_VALUE, "creating %s failed: %lu\n", name, GetLastError());
    ok(WriteFile(h, data, (DWORD)strlen(data), &written, NULL), "WriteFile to %s failed\n", name);
    ok(written == strlen(data), "wrote %lu bytes\n", written);
    CloseHandle(h);
}

static int file_contains(const char *name, const char *data)
{
    char buffer[256] = {0};
    DWORD read = 0;
    HANDLE h = create(name, GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING);
    if (h == INVALID_HANDLE_VALUE)
        return 0;
    ReadFile(h, buffer, sizeof buffer - 1, &read, NULL);
    CloseHandle(h);
    return read == strlen(data) && !memcmp(buffer, data, read);
}

static int exists(const char *name) { return GetFileAttributesA(name) != INVALID_FILE_ATTRIBUTES; }

static void test_create_dispositions(void)
{
    HANDLE h;
    DeleteFileA("disp.txt");

    SetLastError(0xdeadbeef);
    h = create("disp.txt", GENERIC_READ, 0, OPEN_EXISTING);
    ok(h == INVALID_HANDLE_VALUE, "OPEN_EXISTING on a missing file succeeded\n");
    expect_error(ERROR_FILE_NOT_FOUND);

    SetLastError(0xdeadbeef);
    h = create("no_such_dir\\disp.txt", GENERIC_READ, 0, OPEN_EXISTING);
    ok(h == INVALID_HANDLE_VALUE, "open in a missing directory succeeded\n");
    expect_error(ERROR_PATH_NOT_FOUND);

    SetLastError(0xdeadbeef);
    h = create("no_such_dir\\disp.txt", GENERIC_WRITE, 0, CREATE_ALWAYS);
    ok(h == INVALID_HANDLE_VALUE, "create in a missing directory succeeded\n");
    expect_error(ERROR_PATH_NOT_FOUND);

    SetLastError(0xdeadbeef);
    h = create("disp.txt", GENERIC_READ, 0, TRUNCATE_EXISTING);
    ok(h == INVALID_HANDLE_VALUE, "TRUNCATE_EXISTING on a missing file succeeded\n");
    expect_error(ERROR_FILE_NOT_FOUND);

    SetLastError(0xdeadbeef);
    h = create("disp.txt", GENERIC_WRITE, 0, CREATE_NEW);
    ok(h != INVALID_HANDLE_VALUE, "CREATE_NEW failed: %lu\n", GetLastError());
    expect_error(ERROR_SUCCESS);
    CloseHandle(h);

    SetLastError(0xdeadbeef);
    h = create("disp.txt", GENERIC_WRITE, 0, CREATE_NEW);
    ok(h == INVALID_HANDLE_VALUE, "CREATE_NEW on an existing file succeeded\n");
    expect_error(ERROR_FILE_EXISTS);

    SetLastError(0xdeadbeef);
    h = create("disp.txt", GENERIC_WRITE, 0, CREATE_ALWAYS);
    ok(h != INVALID_HANDLE_VALUE, "CREATE_ALWAYS failed: %lu\n", GetLastError());
    expect_error(ERROR_ALREADY_EXISTS);
    CloseHandle(h);

    SetLastError(0xdeadbeef);
    h = create("disp.txt", GENERIC_READ, 0, OPEN_ALWAYS);
    ok(h != INVALID_HANDLE_VALUE, "OPEN_ALWAYS failed: %lu\n", GetLastError());
    expect_error(ERROR_ALREADY_EXISTS);
    CloseHandle(h);

    SetLastError(0xdeadbeef);
    h = create("disp.txt", GENERIC_READ, 0, OPEN_EXISTING);
    ok(h != INVALID_HANDLE_VALUE, "OPEN_EXISTING failed: %lu\n", GetLastError());
    expect_error(ERROR_SUCCESS);
    CloseHandle(h);

    ok(DeleteFileA("disp.txt"), "DeleteFile failed: %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    h = create("disp.txt", GENERIC_READ, 0, OPEN_ALWAYS);
    ok(h != INVALID_HANDLE_VALUE, "OPEN_ALWAYS on a missing file failed: %lu\n", GetLastError());
    expect_error(ERROR_SUCCESS);
    CloseHandle(h);

    SetLastError(0xdeadbeef);
    h = create("disp.txt", GENERIC_READ, 0, 0);
    ok(h == INVALID_HANDLE_VALUE, "disposition 0 succeeded\n");
    expect_error(ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    h = create("disp.txt", GENERIC_READ, 0, 6);
    ok(h == INVALID_HANDLE_VALUE, "disposition 6 succeeded\n");
    expect_error(ERROR_INVALID_PARAMETER);

    SetLastError(0xdeadbeef);
    h = create("", GENERIC_READ, 0, OPEN_EXISTING);
    ok(h == INVALID_HANDLE_VALUE, "empty name succeeded\n");
    expect_error(ERROR_PATH_NOT_FOUND);

    /* TRUNCATE_EXISTING empties the file. */
    write_file("disp.txt", "some data");
    h = create("disp.txt", GENERIC_WRITE, 0, TRUNCATE_EXISTING);
    ok(h != INVALID_HANDLE_VALUE, "TRUNCATE_EXISTING failed: %lu\n", GetLastError());
    ok(GetFileSize(h, NULL) == 0, "size after truncate %lu\n", GetFileSize(h, NULL));
    CloseHandle(h);

    /* CREATE_ALWAYS truncates too. */
    write_file("disp.txt", "some data");
    h = create("disp.txt", GENERIC_WRITE, 0, CREATE_ALWAYS);
    ok(GetFileSize(h, NULL) == 0, "size after CREATE_ALWAYS %lu\n", GetFileSize(h, NULL));
    CloseHandle(h);

    /* A directory is not opened as a file without FILE_FLAG_BACKUP_SEMANTICS. */
    CreateDirectoryA("disp_dir", NULL);
    SetLastError(0xdeadbeef);
    h = create("disp_dir", GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING);
    ok(h == INVALID_HANDLE_VALUE, "opening a directory succeeded\n");
    expect_error(ERROR_ACCESS_DENIED);
    SetLastError(0xdeadbeef);
    h = CreateFileA("disp_dir", GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, NULL);
    ok(h != INVALID_HANDLE_VALUE, "opening a directory with backup semantics failed: %lu\n", GetLastError());
    CloseHandle(h);
    SetLastError(0xdeadbeef);
    h = create("disp_dir", GENERIC_WRITE, 0, CREATE_NEW);
    ok(h == INVALID_HANDLE_VALUE, "CREATE_NEW over a directory succeeded\n");
    expect_error(ERROR_FILE_EXISTS);
    RemoveDirectoryA("disp_dir");
    DeleteFileA("disp.txt");
}

static void test_read_write(void)
{
    char buffer[64];
    DWORD count;
    BOOL ret;
    HANDLE h = create("rw.bin", GENERIC_READ | GENERIC_WRITE, 0, CREATE_ALWAYS);
    ok(h != INVALID_HANDLE_VALUE, "create failed\n");

    ret = WriteFile(h, "0123456789", 10, &count, NULL);
    ok(ret && count == 10, "WriteFile: %d %lu\n", ret, count);
    ret = WriteFile(h, "", 0, &count, NULL);
    ok(ret && count == 0, "empty WriteFile: %d %lu\n", ret, count);
    ok(GetFileSize(h, NULL) == 10, "size %lu\n", GetFileSize(h, NULL));

    /* At the end of the file, a read succeeds with zero bytes. */
    count = 123;
    ret = ReadFile(h, buffer, sizeof buffer, &count, NULL);
    ok(ret && count == 0, "ReadFile at EOF: %d %lu\n", ret, count);

    ok(SetFilePointer(h, 0, NULL, FILE_BEGIN) == 0, "SetFilePointer\n");
    ret = ReadFile(h, buffer, 4, &count, NULL);
    ok(ret && count == 4 && !memcmp(buffer, "0123", 4), "ReadFile: %d %lu\n", ret, count);
    ok(SetFilePointer(h, 0, NULL, FILE_CURRENT) == 4, "position after read\n");
    ret = ReadFile(h, buffer, sizeof buffer, &count, NULL);
    ok(ret && count == 6 && !memcmp(buffer, "456789", 6), "short ReadFile: %d %lu\n", ret, count);

    /* SetFilePointer variants and errors. */
    SetLastError(0xdeadbeef);
    ok(SetFilePointer(h, -2, NULL, FILE_END) == 8, "FILE_END -2\n");
    ok(SetFilePointer(h, -3, NULL, FILE_CURRENT) == 5, "FILE_CURRENT -3\n");
    SetLastError(0xdeadbeef);
    ok(SetFilePointer(h, -20, NULL, FILE_CURRENT) == INVALID_SET_FILE_POINTER, "negative seek\n");
    expect_error(ERROR_NEGATIVE_SEEK);
    ok(SetFilePointer(h, 0, NULL, FILE_CURRENT) == 5, "failed seek moved the pointer\n");
    SetLastError(0xdeadbeef);
    ok(SetFilePointer(h, 0, NULL, 3) == INVALID_SET_FILE_POINTER, "bad move method\n");
    expect_error(ERROR_INVALID_PARAMETER);
    {
        LONG high = 0;
        ok(SetFilePointer(h, 7, &high, FILE_BEGIN) == 7 && high == 0, "with high part\n");
    }
    {
        LARGE_INTEGER distance, position;
        distance.QuadPart = 3;
        ok(SetFilePointerEx(h, distance, &position, FILE_BEGIN) && position.QuadPart == 3, "SetFilePointerEx\n");
        distance.QuadPart = 0;
        ok(SetFilePointerEx(h, distance, &position, FILE_END) && position.QuadPart == 10, "SetFilePointerEx end\n");
        ok(SetFilePointerEx(h, distance, NULL, FILE_CURRENT), "SetFilePointerEx without a result\n");
        distance.QuadPart = -11;
        SetLastError(0xdeadbeef);
        ok(!SetFilePointerEx(h, distance, &position, FILE_END), "SetFilePointerEx before the start\n");
        expect_error(ERROR_NEGATIVE_SEEK);
    }

    /* Seeking past the end does not grow the file; writing there does, with zeros between. */
    ok(SetFilePointer(h, 20, NULL, FILE_BEGIN) == 20, "seek past end\n");
    ok(GetFileSize(h, NULL) == 10, "seek changed the size\n");
    ret = WriteFile(h, "X", 1, &count, NULL);
    ok(ret && count == 1, "write past end\n");
    ok(GetFileSize(h, NULL) == 21, "size after sparse write %lu\n", GetFileSize(h, NULL));
    SetFilePointer(h, 10, NULL, FILE_BEGIN);
    memset(buffer, 0x55, sizeof buffer);
    ret = ReadFile(h, buffer, 11, &count, NULL);
    ok(ret && count == 11, "read gap %lu\n", count);
    ok(buffer[0] == 0 && buffer[9] == 0 && buffer[10] == 'X', "gap not zero-filled\n");

    /* SetEndOfFile truncates and extends at the file pointer. */
    SetFilePointer(h, 5, NULL, FILE_BEGIN);
    ok(SetEndOfFile(h), "SetEndOfFile failed: %lu\n", GetLastError());
    ok(GetFileSize(h, NULL) == 5, "size after truncation %lu\n", GetFileSize(h, NULL));
    ok(SetFilePointer(h, 0, NULL, FILE_CURRENT) == 5, "pointer moved by SetEndOfFile\n");
    SetFilePointer(h, 100, NULL, FILE_BEGIN);
    ok(SetEndOfFile(h), "SetEndOfFile (extend) failed: %lu\n", GetLastError());
    {
        LARGE_INTEGER size;
        DWORD high = 0xdeadbeef;
        ok(GetFileSizeEx(h, &size) && size.QuadPart == 100, "GetFileSizeEx %lld\n", size.QuadPart);
        ok(GetFileSize(h, &high) == 100 && high == 0, "GetFileSize high %lu\n", high);
    }
    CloseHandle(h);

    /* Access checks. */
    h = create("rw.bin", GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, OPEN_EXISTING);
    SetLastError(0xdeadbeef);
    ret = WriteFile(h, "x", 1, &count, NULL);
    ok(!ret, "write on a read-only handle succeeded\n");
    expect_error(ERROR_ACCESS_DENIED);
    SetLastError(0xdeadbeef);
    ok(!SetEndOfFile(h), "SetEndOfFile on a read-only handle succeeded\n");
    CloseHandle(h);
    h = create("rw.bin", GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, OPEN_EXISTING);
    SetLastError(0xdeadbeef);
    ret = ReadFile(h, buffer, 1, &count, NULL);
    ok(!ret, "read on a write-only handle succeeded\n");
    expect_error(ERROR_ACCESS_DENIED);
    CloseHandle(h);

    /* FILE_APPEND_DATA alone appends every write. */
    h = CreateFileA("rw.bin", FILE_APPEND_DATA, 0, NULL, CREATE_ALWAYS, 0, NULL);
    ok(h != INVALID_HANDLE_VALUE, "append open failed: %lu\n", GetLastError());
    WriteFile(h, "abc", 3, &count, NULL);
    SetFilePointer(h, 0, NULL, FILE_BEGIN);
    WriteFile(h, "def", 3, &count, NULL);
    CloseHandle(h);
    ok(file_contains("rw.bin", "abcdef"), "append did not append\n");

    /* Overlapped-style offsets on a synchronous handle. */
    h = create("rw.bin", GENERIC_READ | GENERIC_WRITE, 0, OPEN_EXISTING);
    {
        OVERLAPPED ov;
        memset(&ov, 0, sizeof ov);
        ov.Offset = 2;
        ret = ReadFile(h, buffer, 3, &count, &ov);
        ok(ret && count == 3 && !memcmp(buffer, "cde", 3), "ReadFile at an offset: %d %lu\n", ret, count);
        ov.Offset = 1;
        ret = WriteFile(h, "ZZ", 2, &count, &ov);
        ok(ret && count == 2, "WriteFile at an offset\n");
    }
    CloseHandle(h);
    ok(file_contains("rw.bin", "aZZdef"), "offset write landed wrong\n");

    ok(FlushFileBuffers(GetStdHandle(STD_OUTPUT_HANDLE)) || 1, "flush stdout\n");
    h = create("rw.bin", GENERIC_WRITE, 0, OPEN_EXISTING);
    ok(FlushFileBuffers(h), "FlushFileBuffers failed: %lu\n", GetLastError());
    CloseHandle(h);
    h = create("rw.bin", GENERIC_READ, 0, OPEN_EXISTING);
    SetLastError(0xdeadbeef);
    ok(!FlushFileBuffers(h), "FlushFileBuffers on a read-only handle succeeded\n");
    expect_error(ERROR_ACCESS_DENIED);
    CloseHandle(h);
    DeleteFileA("rw.bin");
}

static void test_handle_queries(void)
{
    BY_HANDLE_FILE_INFORMATION info;
    FILETIME creation, access, write, now;
    ULARGE_INTEGER t_write, t_now;
    DWORD count;
    HANDLE h = create("info.txt", GENERIC_READ | GENERIC_WRITE, 0, CREATE_ALWAYS);
    WriteFile(h, "hello", 5, &count, NULL);

    SetLastError(0xdeadbeef);
    ok(GetFileType(h) == FILE_TYPE_DISK, "GetFileType %lu\n", GetFileType(h));
    SetLastError(0xdeadbeef);
    ok(GetFileType((HANDLE)(ULONG_PTR)0xdead0) == FILE_TYPE_UNKNOWN, "GetFileType on a bad handle\n");
    expect_error(ERROR_INVALID_HANDLE);

    memset(&info, 0xcc, sizeof info);
    ok(GetFileInformationByHandle(h, &info), "GetFileInformationByHandle failed: %lu\n", GetLastError());
    ok(info.nFileSizeLow == 5 && info.nFileSizeHigh == 0, "size %lu\n", info.nFileSizeLow);
    ok(info.nNumberOfLinks == 1, "links %lu\n", info.nNumberOfLinks);
    ok(info.dwFileAttributes & FILE_ATTRIBUTE_ARCHIVE, "attributes %#lx\n", info.dwFileAttributes);
    ok(!(info.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY), "file is a directory\n");
    ok(info.ftLastWriteTime.dwHighDateTime != 0, "no write time\n");

    ok(GetFileTime(h, &creation, &access, &write), "GetFileTime failed\n");
    ok(GetFileTime(h, NULL, NULL, NULL), "GetFileTime with no outputs failed\n");
    ok(!CompareFileTime(&write, &info.ftLastWriteTime), "times differ between the APIs\n");
    GetSystemTimeAsFileTime(&now);
    t_write.LowPart = write.dwLowDateTime;
    t_write.HighPart = write.dwHighDateTime;
    t_now.LowPart = now.dwLowDateTime;
    t_now.HighPart = now.dwHighDateTime;
    ok(t_write.QuadPart <= t_now.QuadPart + 20000000ull && t_now.QuadPart - t_write.QuadPart < 600 * 10000000ull,
       "write time is not recent\n");

    /* Setting the write time, then reading it back. */
    {
        FILETIME set;
        set.dwLowDateTime = 0;
        set.dwHighDateTime = 0x01d00000; /* 2014 */
        ok(SetFileTime(h, NULL, NULL, &set), "SetFileTime failed: %lu\n", GetLastError());
        ok(GetFileTime(h, NULL, NULL, &write), "GetFileTime\n");
        ok(!CompareFileTime(&write, &set), "write time %08lx%08lx\n", write.dwHighDateTime,
           write.dwLowDateTime);
    }

    SetLastError(0xdeadbeef);
    ok(!GetFileInformationByHandle((HANDLE)(ULONG_PTR)0xdead0, &info), "bad handle succeeded\n");
    expect_error(ERROR_INVALID_HANDLE);
    CloseHandle(h);

    /* Directories through a backup-semantics handle. */
    CreateDirectoryA("info_dir", NULL);
    h = CreateFileA("info_dir", GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, NULL);
    ok(GetFileInformationByHandle(h, &info), "directory info failed\n");
    ok(info.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY, "directory attributes %#lx\n", info.dwFileAttributes);
    ok(GetFileType(h) == FILE_TYPE_DISK, "directory file type\n");
    {
        LARGE_INTEGER size;
        DWORD sz;
        SetLastError(0xdeadbeef);
        sz = GetFileSize(h, NULL);
        ok(sz == 0 || sz == INVALID_FILE_SIZE, "directory GetFileSize %lu\n", sz);
        (void)size;
    }
    CloseHandle(h);
    RemoveDirectoryA("info_dir");
    DeleteFileA("info.txt");
}

static void test_attributes(void)
{
    WIN32_FILE_ATTRIBUTE_DATA data;
    DWORD attributes;
    HANDLE h;

    write_file("attr.txt", "12345678");
    SetLastError(0xdeadbeef);
    attributes = GetFileAttributesA("attr.txt");
    ok(attributes != INVALID_FILE_ATTRIBUTES && (attributes & FILE_ATTRIBUTE_ARCHIVE), "attributes %#lx\n", attributes);
    ok(GetFileAttributesW(L"attr.txt") == attributes, "W and A disagree\n");
    ok(GetFileAttributesA("ATTR.TXT") == attributes, "names are not case-insensitive\n");

    SetLastError(0xdeadbeef);
    ok(GetFileAttributesA("missing.txt") == INVALID_FILE_ATTRIBUTES, "missing file has attributes\n");
    expect_error(ERROR_FILE_NOT_FOUND);
    SetLastError(0xdeadbeef);
    ok(GetFileAttributesA("missing_dir\\x.txt") == INVALID_FILE_ATTRIBUTES, "missing dir\n");
    expect_error(ERROR_PATH_NOT_FOUND);
    SetLastError(0xdeadbeef);
    ok(GetFileAttributesA("attr.txt\\x") == INVALID_FILE_ATTRIBUTES, "file as a directory\n");
    ok(GetLastError() == ERROR_PATH_NOT_FOUND || GetLastError() == ERROR_DIRECTORY, "file as a directory: %lu\n",
       GetLastError());
    SetLastError(0xdeadbeef);
    ok(GetFileAttributesA("") == INVALID_FILE_ATTRIBUTES, "empty name\n");
    ok(GetLastError() == ERROR_FILE_NOT_FOUND || GetLastError() == ERROR_PATH_NOT_FOUND, "empty name: %lu\n",
       GetLastError());

    attributes = GetFileAttributesA(".");
    ok(attributes != INVALID_FILE_ATTRIBUTES && (attributes & FILE_ATTRIBUTE_DIRECTORY), ". attributes %#lx\n",
       attributes);

    memset(&data, 0xcc, sizeof data);
    ok(GetFileAttributesExA("attr.txt", GetFileExInfoStandard, &data), "GetFileAttributesEx failed\n");
    ok(data.nFileSizeLow == 8 && data.nFileSizeHigh == 0, "size %lu\n", data.nFileSizeLow);
    ok(data.dwFileAttributes & FILE_ATTRIBUTE_ARCHIVE, "attributes %#lx\n", data.dwFileAttributes);
    ok(data.ftLastWriteTime.dwHighDateTime != 0, "write time\n");
    ok(GetFileAttributesExW(L"attr.txt", GetFileExInfoStandard, &data), "GetFileAttributesExW failed\n");
    SetLastError(0xdeadbeef);
    ok(!GetFileAttributesExA("missing.txt", GetFileExInfoStandard, &data), "missing\n");
    expect_error(ERROR_FILE_NOT_FOUND);
    SetLastError(0xdeadbeef);
    ok(!GetFileAttributesExA("attr.txt", GetFileExMaxInfoLevel, &data), "bad level\n");
    expect_error(ERROR_INVALID_PARAMETER);

    /* Read-only: reading works, writing and deleting are denied. */
    ok(SetFileAttributesA("attr.txt", FILE_ATTRIBUTE_ARCHIVE), "SetFileAttributes(ARCHIVE) failed: %lu\n",
       GetLastError());
    ok(SetFileAttributesA("attr.txt", FILE_ATTRIBUTE_READONLY), "SetFileAttributes(READONLY) failed: %lu\n",
       GetLastError());
    attributes = GetFileAttributesA("attr.txt");
    ok(attributes != INVALID_FILE_ATTRIBUTES && (attributes & FILE_ATTRIBUTE_READONLY),
       "attributes %#lx\n", attributes);
    /* Wine running as root ignores the read-only bit it stores as permissions; Windows does not. */
    if (attributes != INVALID_FILE_ATTRIBUTES && (attributes & FILE_ATTRIBUTE_READONLY) && !running_on_wine()) {
        SetLastError(0xdeadbeef);
        h = create("attr.txt", GENERIC_WRITE, 0, OPEN_EXISTING);
        ok(h == INVALID_HANDLE_VALUE, "opened a read-only file for writing\n");
        expect_error(ERROR_ACCESS_DENIED);
        if (h != INVALID_HANDLE_VALUE)
            CloseHandle(h);
        h = create("attr.txt", GENERIC_READ, 0, OPEN_EXISTING);
        ok(h != INVALID_HANDLE_VALUE, "read-only file cannot be read\n");
        CloseHandle(h);
        expect_fail(DeleteFileA("attr.txt"), ERROR_ACCESS_DENIED);
    }
    if (attributes != INVALID_FILE_ATTRIBUTES && (attributes & FILE_ATTRIBUTE_READONLY))
        ok(SetFileAttributesA("attr.txt", FILE_ATTRIBUTE_NORMAL), "clearing READONLY failed\n");
    ok(!(GetFileAttributesA("attr.txt") & FILE_ATTRIBUTE_READONLY), "still read-only\n");
    expect_fail(SetFileAttributesA("missing.txt", FILE_ATTRIBUTE_NORMAL), ERROR_FILE_NOT_FOUND);
    expect_success(DeleteFileA("attr.txt"));
}

static void test_sharing(void)
{
    HANDLE a, b;
    write_file("share.txt", "data");

    a = create("share.txt", GENERIC_READ, 0, OPEN_EXISTING);
    SetLastError(0xdeadbeef);
    b = create("share.txt", GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING);
    ok(b == INVALID_HANDLE_VALUE, "second open of an unshared file succeeded\n");
    expect_error(ERROR_SHARING_VIOLATION);
    CloseHandle(a);

    a = create("share.txt", GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING);
    b = create("share.txt", GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING);
    ok(b != INVALID_HANDLE_VALUE, "two shared readers failed: %lu\n", GetLastError());
    CloseHandle(b);
    SetLastError(0xdeadbeef);
    b = create("share.txt", GENERIC_WRITE, FILE_SHARE_READ, OPEN_EXISTING);
    ok(b == INVALID_HANDLE_VALUE, "writer against FILE_SHARE_READ succeeded\n");
    expect_error(ERROR_SHARING_VIOLATION);
    b = create("share.txt", GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, OPEN_EXISTING);
    ok(b != INVALID_HANDLE_VALUE, "reader sharing more than the first open failed: %lu\n", GetLastError());
    CloseHandle(b);
    SetLastError(0xdeadbeef);
    b = create("share.txt", GENERIC_READ, 0, OPEN_EXISTING);
    ok(b == INVALID_HANDLE_VALUE, "reader refusing the first open's access succeeded\n");
    expect_error(ERROR_SHARING_VIOLATION);
    expect_fail(DeleteFileA("share.txt"), ERROR_SHARING_VIOLATION);
    CloseHandle(a);

    /* Sharing delete lets DeleteFile succeed; the name goes when the last handle closes. */
    a = create("share.txt", GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_DELETE, OPEN_EXISTING);
    expect_success(DeleteFileA("share.txt"));
    CloseHandle(a);
    ok(!exists("share.txt"), "file survived its deletion\n");

    /* FILE_FLAG_DELETE_ON_CLOSE. */
    a = CreateFileA("doc.txt", GENERIC_WRITE, FILE_SHARE_DELETE, NULL, CREATE_ALWAYS, FILE_FLAG_DELETE_ON_CLOSE, NULL);
    ok(a != INVALID_HANDLE_VALUE, "delete-on-close create failed: %lu\n", GetLastError());
    ok(exists("doc.txt"), "delete-on-close file missing while open\n");
    CloseHandle(a);
    ok(!exists("doc.txt"), "delete-on-close file survived\n");
}

static void test_delete(void)
{
    expect_fail(DeleteFileA("missing.txt"), ERROR_FILE_NOT_FOUND);
    expect_fail(DeleteFileA("missing_dir\\missing.txt"), ERROR_PATH_NOT_FOUND);
    expect_fail(DeleteFileW(L"missing.txt"), ERROR_FILE_NOT_FOUND);
    CreateDirectoryA("del_dir", NULL);
    expect_fail(DeleteFileA("del_dir"), ERROR_ACCESS_DENIED);
    RemoveDirectoryA("del_dir");
    write_file("del.txt", "x");
    expect_success(DeleteFileA("DEL.TXT"));
    ok(!exists("del.txt"), "deleted file still exists\n");
    expect_fail(DeleteFileA("del.txt"), ERROR_FILE_NOT_FOUND);
}

static void test_copy_move(void)
{
    DeleteFileA("copy_src.txt");
    DeleteFileA("copy_dst.txt");
    expect_fail(CopyFileA("copy_src.txt", "copy_dst.txt", FALSE), ERROR_FILE_NOT_FOUND);
    write_file("copy_src.txt", "copied contents");
    expect_success(CopyFileA("copy_src.txt", "copy_dst.txt", TRUE));
    ok(file_contains("copy_dst.txt", "copied contents"), "copy has different contents\n");
    ok(file_contains("copy_src.txt", "copied contents"), "copy changed the source\n");
    expect_fail(CopyFileA("copy_src.txt", "copy_dst.txt", TRUE), ERROR_FILE_EXISTS);
    write_file("copy_src.txt", "new");
    expect_success(CopyFileA("copy_src.txt", "copy_dst.txt", FALSE));
    ok(file_contains("copy_dst.txt", "new"), "overwriting copy has different contents\n");
    expect_success(CopyFileW(L"copy_src.txt", L"copy_dst2.txt", FALSE));
    ok(file_contains("copy_dst2.txt", "new"), "CopyFileW contents\n");
    expect_fail(CopyFileA("copy_src.txt", "missing_dir\\x.txt", FALSE), ERROR_PATH_NOT_FOUND);
    {
        /* A copy keeps the source's last write time. */
        WIN32_FILE_ATTRIBUTE_DATA a, b;
        GetFileAttributesExA("copy_src.txt", GetFileExInfoStandard, &a);
        GetFileAttributesExA("copy_dst.txt", GetFileExInfoStandard, &b);
        ok(!CompareFileTime(&a.ftLastWriteTime, &b.ftLastWriteTime), "copy has a new write time\n");
        ok(a.nFileSizeLow == b.nFileSizeLow, "copy has another size\n");
    }
    DeleteFileA("copy_dst2.txt");

    /* MoveFile never replaces; MoveFileEx does with MOVEFILE_REPLACE_EXISTING. */
    DeleteFileA("moved.txt");
    expect_fail(MoveFileA("copy_src.txt", "copy_dst.txt"), ERROR_ALREADY_EXISTS);
    expect_fail(MoveFileExA("copy_src.txt", "copy_dst.txt", 0), ERROR_ALREADY_EXISTS);
    expect_success(MoveFileA("copy_src.txt", "moved.txt"));
    ok(!exists("copy_src.txt"), "source survived the move\n");
    ok(file_contains("moved.txt", "new"), "moved file contents\n");
    expect_fail(MoveFileA("copy_src.txt", "moved2.txt"), ERROR_FILE_NOT_FOUND);
    expect_fail(MoveFileA("missing_dir\\a.txt", "moved2.txt"), ERROR_PATH_NOT_FOUND);
    expect_fail(MoveFileA("moved.txt", "missing_dir\\a.txt"), ERROR_PATH_NOT_FOUND);
    write_file("copy_dst.txt", "old target");
    expect_success(MoveFileExA("moved.txt", "copy_dst.txt", MOVEFILE_REPLACE_EXISTING));
    ok(file_contains("copy_dst.txt", "new"), "replaced target contents\n");
    ok(!exists("moved.txt"), "source survived MoveFileEx\n");
    expect_success(MoveFileW(L"copy_dst.txt", L"MovedW.txt"));
    ok(exists("movedw.txt"), "MoveFileW target missing\n");

    /* Renaming a file to another case of its own name. */
    expect_success(MoveFileA("MovedW.txt", "movedw.TXT"));
    ok(exists("movedw.txt"), "case rename lost the file\n");

    /* Moving into and out of a directory, and moving a directory. */
    CreateDirectoryA("move_dir", NULL);
    expect_success(MoveFileA("movedw.txt", "move_dir\\inner.txt"));
    ok(file_contains("move_dir\\inner.txt", "new"), "moved into a directory\n");
    expect_success(MoveFileA("move_dir", "move_dir2"));
    ok(file_contains("move_dir2\\inner.txt", "new"), "file did not move with its directory\n");
    ok(!exists("move_dir"), "old directory name remains\n");

    /* A file open without FILE_SHARE_DELETE cannot be renamed. */
    {
        HANDLE h = create("move_dir2\\inner.txt", GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING);
        expect_fail(MoveFileA("move_dir2\\inner.txt", "move_dir2\\other.txt"), ERROR_SHARING_VIOLATION);
        CloseHandle(h);
    }
    expect_success(DeleteFileA("move_dir2\\inner.txt"));
    expect_success(RemoveDirectoryA("move_dir2"));
}

static void test_temp_file_name(void)
{
    char path[MAX_PATH], name[MAX_PATH];
    WCHAR wname[MAX_PATH];
    UINT ret;
    HANDLE h;

    ok(GetCurrentDirectoryA(MAX_PATH, path) > 0, "GetCurrentDirectory\n");
    ret = GetTempFileNameA(".", "tst", 0x1234, name);
    ok(ret == 0x1234, "GetTempFileName returned %#x\n", ret);
    ok(!strcmp(name, ".\\tst1234.tmp"), "name %s\n", name);
    ok(!exists(name), "GetTempFileName with a number created the file\n");
    ret = GetTempFileNameA(".", "longprefix", 0xabc, name);
    ok(ret == 0xabc && !lstrcmpiA(name, ".\\lonABC.tmp"), "long prefix: %#x %s\n", ret, name);
    ret = GetTempFileNameA(".\\", "", 0x12345, name);
    ok(ret == 0x2345 && !strcmp(name, ".\\2345.tmp"), "number beyond 16 bits: %#x %s\n", ret, name);

    ret = GetTempFileNameA(".", "tmp", 0, name);
    ok(ret != 0, "GetTempFileName failed: %lu\n", GetLastError());
    ok(exists(name), "GetTempFileName did not create %s\n", name);
    ok(!strncmp(name, ".\\tmp", 5) && strlen(name) > 9 && !strcmp(name + strlen(name) - 4, ".tmp"), "name %s\n", name);
    h = create(name, GENERIC_READ, 0, OPEN_EXISTING);
    ok(h != INVALID_HANDLE_VALUE && GetFileSize(h, NULL) == 0, "temporary file not empty\n");
    CloseHandle(h);
    {
        char second[MAX_PATH];
        UINT ret2 = GetTempFileNameA(".", "tmp", 0, second);
        ok(ret2 != 0 && strcmp(second, name), "second temp file has the same name %s\n", second);
        DeleteFileA(second);
    }
    DeleteFileA(name);

    ret = GetTempFileNameW(L".", L"wid", 0x10, wname);
    ok(ret == 0x10 && !lstrcmpW(wname, L".\\wid10.tmp"), "GetTempFileNameW %#x\n", ret);
    SetLastError(0xdeadbeef);
    ret = GetTempFileNameA("missing_dir", "tmp", 0, name);
    ok(ret == 0, "GetTempFileName in a missing directory succeeded\n");
    expect_error(ERROR_DIRECTORY);
}

static DWORD WINAPI hold_lock(void *event)
{
    HANDLE h = create("lock.txt", GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, OPEN_EXISTING);
    LockFile(h, 0, 0, 4, 0);
    SetEvent(event);
    Sleep(150);
    CloseHandle(h); /* closing releases the lock */
    return 0;
}

static void seek_to(HANDLE h, LONG offset) { SetFilePointer(h, offset, NULL, FILE_BEGIN); }

static void test_locks(void)
{
    HANDLE a, b, thread, event;
    DWORD n, start;
    char buffer[16];
    OVERLAPPED ov;

    write_file("lock.txt", "0123456789abcdef");
    a = create("lock.txt", GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, OPEN_EXISTING);
    b = create("lock.txt", GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, OPEN_EXISTING);
    ok(a != INVALID_HANDLE_VALUE && b != INVALID_HANDLE_VALUE, "opening lock.txt failed\n");

    /* Exclusive locks exclude every other lock that overlaps, even through the same handle. */
    expect_success(LockFile(a, 4, 0, 4, 0));
    expect_fail(LockFile(a, 4, 0, 4, 0), ERROR_LOCK_VIOLATION);
    expect_fail(LockFile(b, 6, 0, 4, 0), ERROR_LOCK_VIOLATION);
    expect_fail(LockFile(b, 0, 0, 5, 0), ERROR_LOCK_VIOLATION);
    expect_success(LockFile(b, 8, 0, 4, 0));
    expect_success(LockFile(b, 0, 0, 4, 0));

    /* ... and I/O through other handles. Wine keeps the locks advisory for I/O (its host's fcntl
     * locks); Windows enforces them. */
    if (!running_on_wine()) {
        seek_to(b, 4);
        expect_fail(ReadFile(b, buffer, 2, &n, NULL), ERROR_LOCK_VIOLATION);
        seek_to(b, 5);
        expect_fail(WriteFile(b, "x", 1, &n, NULL), ERROR_LOCK_VIOLATION);
        seek_to(a, 2);
        expect_fail(ReadFile(a, buffer, 4, &n, NULL), ERROR_LOCK_VIOLATION);
    }
    seek_to(a, 4);
    ok(ReadFile(a, buffer, 4, &n, NULL) && n == 4 && !memcmp(buffer, "4567", 4), "owner cannot read its range\n");
    seek_to(a, 4);
    ok(WriteFile(a, "X", 1, &n, NULL) && n == 1, "owner cannot write its range: %lu\n", GetLastError());
    seek_to(b, 12);
    ok(ReadFile(b, buffer, 4, &n, NULL) && n == 4, "read outside the locks failed\n");

    /* Unlocking needs the owner and the exact range (Windows says ERROR_NOT_LOCKED; Wine's codes
     * differ, so only the failure is checked). */
    ok(!UnlockFile(b, 4, 0, 4, 0), "unlocked another handle's lock\n");
    ok(!UnlockFile(a, 4, 0, 2, 0), "unlocked part of a lock\n");
    ok(!UnlockFile(a, 0, 0, 16, 0), "unlocked a range that is not a lock\n");
    expect_success(UnlockFile(a, 4, 0, 4, 0));
    ok(!UnlockFile(a, 4, 0, 4, 0), "unlocked a lock twice\n");
    seek_to(b, 4);
    ok(ReadFile(b, buffer, 4, &n, NULL) && n == 4 && !memcmp(buffer, "X567", 4), "range still locked after unlock\n");
    expect_success(UnlockFile(b, 8, 0, 4, 0));
    expect_success(UnlockFile(b, 0, 0, 4, 0));

    /* Shared locks: any number of them; no exclusive lock over them; nobody writes. */
    memset(&ov, 0, sizeof ov);
    expect_success(LockFileEx(a, LOCKFILE_FAIL_IMMEDIATELY, 0, 8, 0, &ov));
    expect_success(LockFileEx(b, LOCKFILE_FAIL_IMMEDIATELY, 0, 8, 0, &ov));
    expect_success(LockFileEx(a, LOCKFILE_FAIL_IMMEDIATELY, 0, 4, 0, &ov));
    expect_fail(LockFileEx(b, LOCKFILE_FAIL_IMMEDIATELY | LOCKFILE_EXCLUSIVE_LOCK, 0, 8, 0, &ov), ERROR_LOCK_VIOLATION);
    expect_fail(LockFileEx(a, LOCKFILE_FAIL_IMMEDIATELY | LOCKFILE_EXCLUSIVE_LOCK, 0, 1, 0, &ov), ERROR_LOCK_VIOLATION);
    seek_to(b, 0);
    ok(ReadFile(b, buffer, 8, &n, NULL) && n == 8, "reading a shared-locked range failed\n");
    if (!running_on_wine()) {
        seek_to(a, 1);
        expect_fail(WriteFile(a, "y", 1, &n, NULL), ERROR_LOCK_VIOLATION);
    }
    expect_success(UnlockFileEx(a, 0, 8, 0, &ov));
    expect_success(UnlockFileEx(a, 0, 4, 0, &ov));
    expect_success(UnlockFileEx(b, 0, 8, 0, &ov));
    seek_to(a, 1);
    ok(WriteFile(a, "y", 1, &n, NULL) && n == 1, "write after the shared locks went: %lu\n", GetLastError());

    /* Reserved must be zero; ranges may lie past the end of the file. */
    expect_fail(LockFileEx(a, LOCKFILE_FAIL_IMMEDIATELY, 1, 8, 0, &ov), ERROR_INVALID_PARAMETER);
    expect_fail(UnlockFileEx(a, 1, 8, 0, &ov), ERROR_INVALID_PARAMETER);
    expect_success(LockFile(a, 1000, 0, 10, 0));
    expect_success(LockFile(a, 0, 1, 10, 0)); /* at 4 GiB */
    expect_success(UnlockFile(a, 1000, 0, 10, 0));
    expect_success(UnlockFile(a, 0, 1, 10, 0));

    /* Closing a handle releases its locks. */
    expect_success(LockFile(a, 0, 0, 16, 0));
    CloseHandle(a);
    seek_to(b, 0);
    ok(ReadFile(b, buffer, 16, &n, NULL) && n == 16, "locks outlived their handle: %lu\n", GetLastError());

    /* Without LOCKFILE_FAIL_IMMEDIATELY a lock waits for the conflicting one to go. */
    event = CreateEventA(NULL, FALSE, FALSE, NULL);
    thread = CreateThread(NULL, 0, hold_lock, event, 0, NULL);
    ok(WaitForSingleObject(event, 5000) == WAIT_OBJECT_0, "locking thread did not start\n");
    expect_fail(LockFileEx(b, LOCKFILE_FAIL_IMMEDIATELY | LOCKFILE_EXCLUSIVE_LOCK, 0, 4, 0, &ov), ERROR_LOCK_VIOLATION);
    start = GetTickCount();
    expect_success(LockFileEx(b, LOCKFILE_EXCLUSIVE_LOCK, 0, 4, 0, &ov));
    ok(GetTickCount() - start >= 50, "waiting lock returned after %lu ms\n", GetTickCount() - start);
    expect_success(UnlockFileEx(b, 0, 4, 0, &ov));
    WaitForSingleObject(thread, 5000);
    CloseHandle(thread);
    CloseHandle(event);
    CloseHandle(b);
    DeleteFileA("lock.txt");
}

int main(void)
{
    conf_init("files");
    test_create_dispositions();
    test_read_write();
    test_handle_queries();
    test_attributes();
    test_sharing();
    test_delete();
    test_copy_move();
    test_temp_file_name();
    test_locks();
    return conf_summary();
}
