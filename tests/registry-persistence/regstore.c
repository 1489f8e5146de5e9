/* The guest half of the registry persistence test (run_persistence.py):
 *   regstore write TOKEN    stores TOKEN under HKCU\Software\HalcyonPersistence (and flushes)
 *   regstore read TOKEN     exits 0 when the stored value equals TOKEN
 *   regstore absent         exits 0 when the key does not exist and the defaults do
 * Exit codes: 0 success, 1 a registry call failed, 2 a value differs, 3 usage. */

#include <windows.h>
#include <stdio.h>
#include <string.h>

#define KEY "Software\\HalcyonPersistence"

int main(int argc, char **argv)
{
    HKEY key;
    char value[256];
    DWORD size = sizeof(value), type = 0;
    LONG ret;

    if (argc == 3 && !strcmp(argv[1], "write")) {
        ret = RegCreateKeyExA(HKEY_CURRENT_USER, KEY, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &key, NULL);
        if (ret) {
            printf("RegCreateKeyExA: %ld\n", ret);
            return 1;
        }
        ret = RegSetValueExA(key, "token", 0, REG_SZ, (const BYTE *)argv[2], (DWORD)strlen(argv[2]) + 1);
        if (!ret)
            ret = RegFlushKey(key);
        RegCloseKey(key);
        printf("write: %ld\n", ret);
        return ret ? 1 : 0;
    }
    if (argc == 3 && !strcmp(argv[1], "read")) {
        ret = RegGetValueA(HKEY_CURRENT_USER, KEY, "token", RRF_RT_REG_SZ, &type, value, &size);
        if (ret) {
            printf("RegGetValueA: %ld\n", ret);
            return 1;
        }
        printf("read: \"%s\"\n", value);
        return strcmp(value, argv[2]) ? 2 : 0;
    }
    if (argc == 2 && !strcmp(argv[1], "absent")) {
        ret = RegOpenKeyExA(HKEY_CURRENT_USER, KEY, 0, KEY_READ, &key);
        if (ret != ERROR_FILE_NOT_FOUND) {
            printf("RegOpenKeyExA: %ld, expected ERROR_FILE_NOT_FOUND\n", ret);
            return 2;
        }
        ret = RegGetValueA(HKEY_LOCAL_MACHINE, "Software\\Microsoft\\Windows NT\\CurrentVersion", "CurrentVersion",
                           RRF_RT_REG_SZ, &type, value, &size);
        printf("defaults: %ld \"%s\"\n", ret, ret ? "" : value);
        return ret ? 1 : 0;
    }
    printf("usage: regstore write TOKEN | read TOKEN | absent\n");
    return 3;
}
