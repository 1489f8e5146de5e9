// Environment variables through both layers: the CRT's copy (getenv/_putenv, filled at start-up)
// and the process environment block (GetEnvironmentVariableA/SetEnvironmentVariableA). On Windows
// SetEnvironmentVariableA does not update the CRT's copy, while _putenv updates both.
// The test sets HALCYON_TEST_VAR=hello from halcyon before starting the program.
#include <stdio.h>
#include <stdlib.h>
#include <windows.h>

static void show_getenv(const char* name)
{
    const char* value = getenv(name);
    printf("getenv(%s) = %s%s%s\n", name, value ? "[" : "", value ? value : "NULL", value ? "]" : "");
}

static void show_get(const char* name)
{
    char buffer[64];
    SetLastError(0xdeadbeef);
    DWORD length = GetEnvironmentVariableA(name, buffer, sizeof buffer);
    DWORD error = GetLastError();
    if (length == 0)
        printf("GetEnvironmentVariableA(%s) = 0, GetLastError() = %lu\n", name, error);
    else
        printf("GetEnvironmentVariableA(%s) = %lu [%s]\n", name, length, buffer);
}

int main(void)
{
    show_getenv("HALCYON_TEST_VAR");
    show_get("HALCYON_TEST_VAR");
    // Names are case-insensitive on Windows, in both layers.
    show_getenv("halcyon_test_var");
    show_get("Halcyon_Test_Var");

    // A buffer that is too small: the result is the size needed, including the terminator.
    char small[3] = "xx";
    SetLastError(0xdeadbeef);
    DWORD needed = GetEnvironmentVariableA("HALCYON_TEST_VAR", small, sizeof small);
    printf("too small buffer: returned %lu\n", needed);

    show_get("HALCYON_NOT_SET_ANYWHERE");
    show_getenv("HALCYON_NOT_SET_ANYWHERE");

    // SetEnvironmentVariableA changes the process environment but not the CRT's copy.
    BOOL ok = SetEnvironmentVariableA("HALCYON_SET_BY_API", "set by SetEnvironmentVariableA");
    printf("SetEnvironmentVariableA = %d\n", ok);
    show_get("HALCYON_SET_BY_API");
    show_getenv("HALCYON_SET_BY_API");

    // _putenv changes both.
    int put = _putenv("HALCYON_SET_BY_PUTENV=set by _putenv");
    printf("_putenv = %d\n", put);
    show_getenv("HALCYON_SET_BY_PUTENV");
    show_get("HALCYON_SET_BY_PUTENV");

    // Overwrite, then delete with a NULL value.
    SetEnvironmentVariableA("HALCYON_TEST_VAR", "changed");
    show_get("HALCYON_TEST_VAR");
    show_getenv("HALCYON_TEST_VAR");
    ok = SetEnvironmentVariableA("HALCYON_TEST_VAR", NULL);
    printf("SetEnvironmentVariableA(NULL) = %d\n", ok);
    show_get("HALCYON_TEST_VAR");

    // The empty value is a value, not a deletion: the result is 0 (no characters) and the buffer
    // holds the empty string. (LastError is not printed: it is not specified for this case.)
    SetEnvironmentVariableA("HALCYON_EMPTY", "");
    char buffer[8] = "xxxxxxx";
    DWORD length = GetEnvironmentVariableA("HALCYON_EMPTY", buffer, sizeof buffer);
    printf("empty value: returned %lu, buffer [%s]\n", length, buffer);
    return 0;
}
