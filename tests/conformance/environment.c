/* Environment variables and the command line. */
#include "conformance.h"

int main(void)
{
    char buffer[256];
    WCHAR wbuffer[256];
    DWORD len;
    conf_init("environment");

    SetEnvironmentVariableA("CONF_MISSING", NULL);
    SetLastError(0xdeadbeef);
    len = GetEnvironmentVariableA("CONF_MISSING", buffer, sizeof buffer);
    ok(len == 0, "missing variable length %lu\n", len);
    expect_error(ERROR_ENVVAR_NOT_FOUND);
    SetLastError(0xdeadbeef);
    ok(GetEnvironmentVariableW(L"CONF_MISSING", wbuffer, 256) == 0, "missing W\n");
    expect_error(ERROR_ENVVAR_NOT_FOUND);

    expect_success(SetEnvironmentVariableA("CONF_VAR", "value1"));
    len = GetEnvironmentVariableA("CONF_VAR", buffer, sizeof buffer);
    ok(len == 6 && !strcmp(buffer, "value1"), "GetEnvironmentVariable %lu %s\n", len, buffer);
    len = GetEnvironmentVariableA("conf_var", buffer, sizeof buffer);
    ok(len == 6 && !strcmp(buffer, "value1"), "names are not case-insensitive\n");
    ok(GetEnvironmentVariableA("CONF_VAR", NULL, 0) == 7, "size query %lu\n", GetEnvironmentVariableA("CONF_VAR", NULL, 0));
    memset(buffer, 'x', sizeof buffer);
    ok(GetEnvironmentVariableA("CONF_VAR", buffer, 6) == 7, "buffer one too small\n");
    ok(GetEnvironmentVariableA("CONF_VAR", buffer, 7) == 6 && !strcmp(buffer, "value1"), "exact buffer\n");
    len = GetEnvironmentVariableW(L"CONF_VAR", wbuffer, 256);
    ok(len == 6 && !lstrcmpW(wbuffer, L"value1"), "GetEnvironmentVariableW\n");

    expect_success(SetEnvironmentVariableW(L"conf_var", L"second"));
    len = GetEnvironmentVariableA("CONF_VAR", buffer, sizeof buffer);
    ok(len == 6 && !strcmp(buffer, "second"), "replaced value %s\n", buffer);
    expect_success(SetEnvironmentVariableA("CONF_EMPTY", ""));
    SetLastError(0xdeadbeef);
    len = GetEnvironmentVariableA("CONF_EMPTY", buffer, sizeof buffer);
    ok(len == 0 && buffer[0] == 0, "empty value %lu\n", len);
    expect_success(SetEnvironmentVariableA("CONF_VAR", NULL));
    ok(GetEnvironmentVariableA("CONF_VAR", buffer, sizeof buffer) == 0, "deleted variable\n");
    expect_success(SetEnvironmentVariableA("CONF_NEVER_SET", NULL));
    expect_fail(SetEnvironmentVariableA("", "x"), ERROR_INVALID_PARAMETER);
    expect_fail(SetEnvironmentVariableA("A=B", "x"), ERROR_INVALID_PARAMETER);
    expect_fail(SetEnvironmentVariableA(NULL, "x"), ERROR_ENVVAR_NOT_FOUND);

    /* Expansion. */
    SetEnvironmentVariableA("CONF_X", "ex");
    len = ExpandEnvironmentStringsA("a%CONF_X%b", buffer, sizeof buffer);
    ok(len == 5 && !strcmp(buffer, "aexb"), "expand %lu %s\n", len, buffer);
    len = ExpandEnvironmentStringsA("%CONF_MISSING%", buffer, sizeof buffer);
    ok(len == 15 && !strcmp(buffer, "%CONF_MISSING%"), "unknown variables stay %lu %s\n", len, buffer);
    len = ExpandEnvironmentStringsA("100%", buffer, sizeof buffer);
    ok(len == 5 && !strcmp(buffer, "100%"), "lone percent %s\n", buffer);
    len = ExpandEnvironmentStringsA("%conf_x%%CONF_X%", buffer, sizeof buffer);
    ok(len == 5 && !strcmp(buffer, "exex"), "adjacent %s\n", buffer);
    len = ExpandEnvironmentStringsA("a%CONF_X%b", buffer, 3);
    ok(len == 5, "small buffer returns the size needed: %lu\n", len);
    len = ExpandEnvironmentStringsW(L"%CONF_X%!", wbuffer, 256);
    ok(len == 4 && !lstrcmpW(wbuffer, L"ex!"), "ExpandEnvironmentStringsW %lu\n", len);
    len = ExpandEnvironmentStringsA("", buffer, sizeof buffer);
    ok(len == 1 && buffer[0] == 0, "empty source %lu\n", len);

    /* The environment block holds what was set. */
    {
        char *block = GetEnvironmentStringsA();
        int found = 0;
        ok(block != NULL, "GetEnvironmentStrings\n");
        for (char *p = block; *p; p += strlen(p) + 1)
            found |= !strcmp(p, "CONF_X=ex");
        ok(found, "CONF_X=ex missing from the block\n");
        ok(FreeEnvironmentStringsA(block), "FreeEnvironmentStrings\n");
    }
    {
        WCHAR *block = GetEnvironmentStringsW();
        int found = 0;
        for (WCHAR *p = block; *p; p += lstrlenW(p) + 1)
            found |= !lstrcmpW(p, L"CONF_X=ex");
        ok(found, "CONF_X=ex missing from the W block\n");
        ok(FreeEnvironmentStringsW(block), "FreeEnvironmentStringsW\n");
    }

    /* The command line names the program. */
    {
        const char *line = GetCommandLineA();
        const WCHAR *wline = GetCommandLineW();
        ok(line != NULL && strstr(line, "environment") != NULL, "command line %s\n", line);
        ok(wline != NULL && lstrlenW(wline) == (int)strlen(line), "W command line length\n");
        ok(GetCommandLineA() == line, "GetCommandLineA returns a new pointer each time\n");
    }
    {
        char module[MAX_PATH];
        len = GetModuleFileNameA(NULL, module, sizeof module);
        ok(len > 0 && len == strlen(module), "GetModuleFileName %lu\n", len);
        ok(len > 4 && !lstrcmpiA(module + len - 4, ".exe"), "module %s\n", module);
        ok(module[1] == ':' && module[2] == '\\', "module path %s\n", module);
        SetLastError(0xdeadbeef);
        len = GetModuleFileNameA(NULL, module, 4);
        ok(len == 4, "truncated GetModuleFileName %lu\n", len);
        expect_error(ERROR_INSUFFICIENT_BUFFER);
    }
    return conf_summary();
}
