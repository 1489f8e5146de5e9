// GetLastError after failing calls, each preceded by a sentinel SetLastError(0xdeadbeef) so that a
// call that forgets to set the error shows as 3735928559. Runs in a directory it controls.
#include <errno.h>
#include <stdio.h>
#include <windows.h>

static void report(const char* what, BOOL succeeded)
{
    DWORD error = GetLastError();
    printf("%-52s %s, GetLastError() = %lu\n", what, succeeded ? "succeeded" : "failed", error);
}

static void try_open(const char* what, const char* path, DWORD access, DWORD disposition)
{
    SetLastError(0xdeadbeef);
    HANDLE file = CreateFileA(path, access, FILE_SHARE_READ, NULL, disposition, FILE_ATTRIBUTE_NORMAL, NULL);
    report(what, file != INVALID_HANDLE_VALUE);
    if (file != INVALID_HANDLE_VALUE)
        CloseHandle(file);
}

int main(void)
{
    SetLastError(1234);
    printf("SetLastError(1234) -> GetLastError() = %lu\n", GetLastError());
    SetLastError(0);
    printf("SetLastError(0) -> GetLastError() = %lu\n", GetLastError());

    try_open("CreateFileA missing file:", "halcyon_no_such_file.txt", GENERIC_READ, OPEN_EXISTING);
    try_open("CreateFileA file in missing directory:", "halcyon_no_such_dir\\file.txt", GENERIC_READ,
        OPEN_EXISTING);
    try_open("CreateFileA create in missing directory:", "halcyon_no_such_dir\\file.txt", GENERIC_WRITE,
        CREATE_ALWAYS);
    try_open("CreateFileA empty path:", "", GENERIC_READ, OPEN_EXISTING);

    SetLastError(0xdeadbeef);
    report("DeleteFileA missing file:", DeleteFileA("halcyon_no_such_file.txt"));
    SetLastError(0xdeadbeef);
    report("DeleteFileA file in missing directory:", DeleteFileA("halcyon_no_such_dir\\x.txt"));

    SetLastError(0xdeadbeef);
    DWORD attributes = GetFileAttributesA("halcyon_no_such_file.txt");
    report("GetFileAttributesA missing file:", attributes != INVALID_FILE_ATTRIBUTES);

    // A file that exists, opened again with CREATE_NEW: ERROR_FILE_EXISTS (80).
    HANDLE file = CreateFileA("halcyon_lasterror.tmp", GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    try_open("CreateFileA CREATE_NEW on an existing file:", "halcyon_lasterror.tmp", GENERIC_WRITE,
        CREATE_NEW);
    // Still open without sharing: ERROR_SHARING_VIOLATION (32).
    try_open("CreateFileA on a file open without sharing:", "halcyon_lasterror.tmp", GENERIC_READ,
        OPEN_EXISTING);
    CloseHandle(file);

    // A successful call need not clear LastError; a successful CreateFileA with CREATE_ALWAYS on an
    // existing file sets ERROR_ALREADY_EXISTS (183).
    try_open("CreateFileA CREATE_ALWAYS on an existing file:", "halcyon_lasterror.tmp", GENERIC_WRITE,
        CREATE_ALWAYS);
    DeleteFileA("halcyon_lasterror.tmp");

    // Bad handles: ERROR_INVALID_HANDLE (6).
    char buffer[4];
    DWORD count = 0;
    SetLastError(0xdeadbeef);
    report("ReadFile on INVALID_HANDLE_VALUE:", ReadFile(INVALID_HANDLE_VALUE, buffer, 4, &count, NULL));
    SetLastError(0xdeadbeef);
    report("WriteFile on a handle never opened:", WriteFile((HANDLE)(ULONG_PTR)0x1230, "x", 1, &count, NULL));

    // The C runtime maps the same failure to errno ENOENT (2).
    errno = 0;
    FILE* stream = fopen("halcyon_no_such_file.txt", "r");
    printf("fopen missing file: %s, errno = %d\n", stream ? "succeeded" : "NULL", errno);
    if (stream)
        fclose(stream);
    return 0;
}
