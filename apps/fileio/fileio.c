// File I/O in the current directory, through the Win32 API and through the C runtime's streams.
// Prints what each call returns; the data read back is printed too, so a wrong offset shows.
#include <stdio.h>
#include <string.h>
#include <windows.h>

static void win32_file(void)
{
    const wchar_t* name = L"halcyon_fileio_win32.bin";
    HANDLE file = CreateFileW(name, GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS,
        FILE_ATTRIBUTE_NORMAL, NULL);
    printf("CreateFileW(CREATE_ALWAYS): %s, GetLastError() = %lu\n",
        file == INVALID_HANDLE_VALUE ? "failed" : "ok", GetLastError());
    if (file == INVALID_HANDLE_VALUE)
        return;

    const char alphabet[] = "abcdefghijklmnopqrstuvwxyz";
    DWORD written = 0;
    BOOL ok = WriteFile(file, alphabet, 26, &written, NULL);
    printf("WriteFile: %d, %lu bytes written\n", ok, written);

    LARGE_INTEGER size;
    ok = GetFileSizeEx(file, &size);
    printf("GetFileSizeEx: %d, size = %lld\n", ok, size.QuadPart);
    DWORD high = 0xdeadbeef;
    DWORD low = GetFileSize(file, &high);
    printf("GetFileSize: %lu, high = %lu\n", low, high);

    LARGE_INTEGER distance = {.QuadPart = 10};
    LARGE_INTEGER position;
    ok = SetFilePointerEx(file, distance, &position, FILE_BEGIN);
    printf("SetFilePointerEx(10, FILE_BEGIN): %d, position = %lld\n", ok, position.QuadPart);

    char buffer[32] = {0};
    DWORD read = 0;
    ok = ReadFile(file, buffer, 5, &read, NULL);
    printf("ReadFile(5): %d, %lu bytes [%.*s]\n", ok, read, (int)read, buffer);

    distance.QuadPart = -3;
    ok = SetFilePointerEx(file, distance, &position, FILE_CURRENT);
    printf("SetFilePointerEx(-3, FILE_CURRENT): %d, position = %lld\n", ok, position.QuadPart);
    memset(buffer, 0, sizeof buffer);
    ok = ReadFile(file, buffer, 4, &read, NULL);
    printf("ReadFile(4): %d, %lu bytes [%.*s]\n", ok, read, (int)read, buffer);

    distance.QuadPart = 0;
    ok = SetFilePointerEx(file, distance, &position, FILE_END);
    printf("SetFilePointerEx(0, FILE_END): %d, position = %lld\n", ok, position.QuadPart);
    read = 12345;
    ok = ReadFile(file, buffer, sizeof buffer, &read, NULL);
    printf("ReadFile at end of file: %d, %lu bytes\n", ok, read);

    // Writing past the end extends the file; the gap reads as zeros.
    distance.QuadPart = 30;
    SetFilePointerEx(file, distance, &position, FILE_BEGIN);
    ok = WriteFile(file, "XY", 2, &written, NULL);
    GetFileSizeEx(file, &size);
    printf("write at 30: %d, size = %lld\n", ok, size.QuadPart);
    distance.QuadPart = 24;
    SetFilePointerEx(file, distance, NULL, FILE_BEGIN);
    memset(buffer, 0x55, sizeof buffer);
    ok = ReadFile(file, buffer, sizeof buffer, &read, NULL);
    printf("ReadFile from 24: %d, %lu bytes:", ok, read);
    for (DWORD i = 0; i < read; ++i)
        printf(" %02x", (unsigned char)buffer[i]);
    printf("\n");

    distance.QuadPart = -1;
    SetLastError(0xdeadbeef);
    ok = SetFilePointerEx(file, distance, &position, FILE_BEGIN);
    printf("SetFilePointerEx(-1, FILE_BEGIN): %d, GetLastError() = %lu\n", ok, GetLastError());

    printf("CloseHandle: %d\n", CloseHandle(file));

    SetLastError(0xdeadbeef);
    file = CreateFileW(name, GENERIC_WRITE, 0, NULL, CREATE_NEW, FILE_ATTRIBUTE_NORMAL, NULL);
    printf("CreateFileW(CREATE_NEW) on an existing file: %s, GetLastError() = %lu\n",
        file == INVALID_HANDLE_VALUE ? "failed" : "ok", GetLastError());
    if (file != INVALID_HANDLE_VALUE)
        CloseHandle(file);

    // OPEN_ALWAYS on an existing file succeeds with ERROR_ALREADY_EXISTS (183).
    SetLastError(0xdeadbeef);
    file = CreateFileW(name, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_ALWAYS, 0, NULL);
    printf("CreateFileW(OPEN_ALWAYS) on an existing file: %s, GetLastError() = %lu\n",
        file == INVALID_HANDLE_VALUE ? "failed" : "ok", GetLastError());
    if (file != INVALID_HANDLE_VALUE) {
        GetFileSizeEx(file, &size);
        printf("size after reopening: %lld\n", size.QuadPart);
        CloseHandle(file);
    }

    printf("DeleteFileW: %d\n", DeleteFileW(name));
    SetLastError(0xdeadbeef);
    ok = DeleteFileW(name);
    printf("DeleteFileW again: %d, GetLastError() = %lu\n", ok, GetLastError());
}

static void crt_streams(void)
{
    const char* name = "halcyon_fileio_crt.txt";
    FILE* file = fopen(name, "w");
    printf("fopen(w): %s\n", file ? "ok" : "failed");
    if (!file)
        return;
    int count = fprintf(file, "first line\nsecond line\n");
    // Text mode turns each \n into \r\n on disk, and ftell counts the bytes on disk.
    printf("fprintf: %d, ftell = %ld\n", count, ftell(file));
    size_t items = fwrite("third\n", 1, 6, file);
    printf("fwrite: %u items, ftell = %ld\n", (unsigned)items, ftell(file));
    printf("fclose: %d\n", fclose(file));

    file = fopen(name, "rb");
    char buffer[64] = {0};
    size_t got = fread(buffer, 1, sizeof buffer, file);
    int carriage_returns = 0;
    for (size_t i = 0; i < got; ++i)
        carriage_returns += buffer[i] == '\r';
    printf("fread(rb): %u bytes, %d CR characters, feof = %d\n", (unsigned)got, carriage_returns,
        feof(file) != 0);
    int seek_result = fseek(file, 6, SEEK_SET);
    printf("fseek(6, SEEK_SET): %d, ftell = %ld\n", seek_result, ftell(file));
    memset(buffer, 0, sizeof buffer);
    got = fread(buffer, 1, 4, file);
    printf("fread(4): %u bytes [%s]\n", (unsigned)got, buffer);
    seek_result = fseek(file, -7, SEEK_END);
    printf("fseek(-7, SEEK_END): %d, ftell = %ld\n", seek_result, ftell(file));
    memset(buffer, 0, sizeof buffer);
    got = fread(buffer, 1, 5, file);
    printf("fread(5): %u bytes [%s]\n", (unsigned)got, buffer);
    fclose(file);

    // Text mode reading turns \r\n back into \n.
    file = fopen(name, "r");
    int lines = 0;
    while (fgets(buffer, sizeof buffer, file)) {
        size_t length = strlen(buffer);
        printf("fgets line %d: %u chars, ends with %s\n", ++lines, (unsigned)length,
            length && buffer[length - 1] == '\n' ? (length > 1 && buffer[length - 2] == '\r' ? "CR LF" : "LF")
                                                  : "no newline");
    }
    printf("feof after fgets loop: %d\n", feof(file) != 0);
    fclose(file);

    // Appending writes at the end whatever the position; the size shows where the data went.
    file = fopen(name, "a");
    fputs("appended\n", file);
    fclose(file);
    file = fopen(name, "rb");
    fseek(file, 0, SEEK_END);
    printf("size after append: %ld\n", ftell(file));
    fclose(file);

    printf("remove: %d\n", remove(name));
    file = fopen(name, "r");
    printf("fopen(r) after remove: %s\n", file ? "ok" : "NULL");
    if (file)
        fclose(file);
}

int main(void)
{
    win32_file();
    crt_streams();
    return 0;
}
