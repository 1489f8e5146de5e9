/* The registry API (advapi32 Reg*): create, open, query, set, enumerate and delete keys and
 * values; type handling; buffer sizes; enumeration order; error codes. Everything is written
 * under HKCU\Software\HalcyonConformance, which is deleted at the end. */

#include "conformance.h"
#include <winternl.h>

#define TEST_KEY "Software\\HalcyonConformance"

/* Registry functions return their error and leave LastError alone. */
#define expect_ls(call, expected) \
    do { \
        SetLastError(0xdeadbeef); \
        LONG conf_ls_ = (call); \
        ok(conf_ls_ == (LONG)(expected), "%s: expected %ld, got %ld\n", #call, (long)(expected), (long)conf_ls_); \
        ok(GetLastError() == 0xdeadbeef, "%s changed LastError to %lu\n", #call, GetLastError()); \
    } while (0)

static HKEY root;

static void test_create_and_open(void)
{
    HKEY key, key2;
    DWORD disposition = 0;

    expect_ls(RegCreateKeyExA(HKEY_CURRENT_USER, TEST_KEY, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &root, &disposition),
              ERROR_SUCCESS);
    ok(disposition == REG_CREATED_NEW_KEY, "disposition %lu\n", disposition);
    expect_ls(RegCreateKeyExA(HKEY_CURRENT_USER, TEST_KEY, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &key, &disposition),
              ERROR_SUCCESS);
    ok(disposition == REG_OPENED_EXISTING_KEY, "disposition %lu\n", disposition);
    ok(key != root, "a second create returned the same handle\n");
    expect_ls(RegCloseKey(key), ERROR_SUCCESS);

    /* RegCreateKeyEx makes every missing level. */
    expect_ls(RegCreateKeyExA(root, "a\\b\\c", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &key, &disposition), ERROR_SUCCESS);
    ok(disposition == REG_CREATED_NEW_KEY, "disposition %lu\n", disposition);
    expect_ls(RegCloseKey(key), ERROR_SUCCESS);
    expect_ls(RegOpenKeyExA(root, "a\\b", 0, KEY_READ, &key), ERROR_SUCCESS);
    expect_ls(RegCloseKey(key), ERROR_SUCCESS);

    /* Names are case-insensitive. */
    expect_ls(RegOpenKeyExA(root, "A\\B\\C", 0, KEY_READ, &key), ERROR_SUCCESS);
    expect_ls(RegCloseKey(key), ERROR_SUCCESS);
    expect_ls(RegOpenKeyExA(HKEY_CURRENT_USER, "SOFTWARE\\halcyonconformance\\a", 0, KEY_READ, &key), ERROR_SUCCESS);
    expect_ls(RegCloseKey(key), ERROR_SUCCESS);

    /* A trailing backslash is accepted. */
    expect_ls(RegOpenKeyExA(root, "a\\b\\", 0, KEY_READ, &key), ERROR_SUCCESS);
    expect_ls(RegCloseKey(key), ERROR_SUCCESS);

    /* Missing keys, on any level. */
    key = (HKEY)0xdeadbeef;
    expect_ls(RegOpenKeyExA(root, "missing", 0, KEY_READ, &key), ERROR_FILE_NOT_FOUND);
    expect_ls(RegOpenKeyExA(root, "a\\missing\\c", 0, KEY_READ, &key), ERROR_FILE_NOT_FOUND);
    expect_ls(RegOpenKeyExW(root, L"a\\b\\nothere", 0, KEY_READ, &key), ERROR_FILE_NOT_FOUND);

    /* A subkey cannot start with a backslash. */
    expect_ls(RegCreateKeyExA(root, "\\lead", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &key, NULL), ERROR_BAD_PATHNAME);
    expect_ls(RegOpenKeyExA(root, "\\a", 0, KEY_READ, &key), ERROR_BAD_PATHNAME);

    /* Key names: 256 characters are accepted, 257 are not. */
    {
        char name[300];
        DWORD length = sizeof(name);
        memset(name, 'k', 257);
        name[257] = 0;
        expect_ls(RegCreateKeyExA(root, name, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &key, NULL), ERROR_INVALID_PARAMETER);
        expect_ls(RegOpenKeyExA(root, name, 0, KEY_READ, &key), ERROR_INVALID_PARAMETER);
        name[256] = 0;
        expect_ls(RegCreateKeyExA(root, name, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &key, NULL), ERROR_SUCCESS);
        expect_ls(RegCloseKey(key), ERROR_SUCCESS);
        expect_ls(RegCreateKeyExA(root, "long", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &key, NULL), ERROR_SUCCESS);
        expect_ls(RegCloseKey(key), ERROR_SUCCESS);
        /* "k...k" sorts after "a" and before "long". */
        expect_ls(RegEnumKeyExA(root, 1, name, &length, NULL, NULL, NULL, NULL), ERROR_SUCCESS);
        ok(length == 256 && name[0] == 'k' && name[255] == 'k', "length %lu\n", length);
        expect_ls(RegDeleteKeyA(root, name), ERROR_SUCCESS);
        expect_ls(RegDeleteKeyA(root, "long"), ERROR_SUCCESS);
    }

    /* Bad handles and parameters. */
    expect_ls(RegOpenKeyExA(NULL, "a", 0, KEY_READ, &key), ERROR_INVALID_HANDLE);
    expect_ls(RegCloseKey(NULL), ERROR_INVALID_HANDLE);

    /* An empty or null subkey opens the key itself again. */
    expect_ls(RegOpenKeyExA(root, "", 0, KEY_READ, &key), ERROR_SUCCESS);
    expect_ls(RegCloseKey(key), ERROR_SUCCESS);
    expect_ls(RegOpenKeyExA(root, NULL, 0, KEY_READ, &key), ERROR_SUCCESS);
    expect_ls(RegCloseKey(key), ERROR_SUCCESS);

    /* The old API: RegOpenKey/RegCreateKey with no subkey return the key itself. */
    expect_ls(RegOpenKeyA(root, NULL, &key), ERROR_SUCCESS);
    ok(key == root, "RegOpenKeyA(NULL) returned %p, not the key\n", key);
    key = NULL;
    expect_ls(RegCreateKeyA(root, "", &key), ERROR_SUCCESS);
    ok(key != NULL, "RegCreateKeyA(\"\") returned no key\n");
    if (key && key != root)
        expect_ls(RegCloseKey(key), ERROR_SUCCESS);
    expect_ls(RegCreateKeyA(root, "old", &key), ERROR_SUCCESS);
    expect_ls(RegOpenKeyA(root, "old", &key2), ERROR_SUCCESS);
    expect_ls(RegCloseKey(key2), ERROR_SUCCESS);
    expect_ls(RegCloseKey(key), ERROR_SUCCESS);
    expect_ls(RegCreateKeyW(root, L"oldW", &key), ERROR_SUCCESS);
    expect_ls(RegCloseKey(key), ERROR_SUCCESS);
    expect_ls(RegOpenKeyW(root, L"OLDW", &key), ERROR_SUCCESS);
    expect_ls(RegCloseKey(key), ERROR_SUCCESS);

    /* Predefined keys close successfully and stay usable. */
    expect_ls(RegCloseKey(HKEY_LOCAL_MACHINE), ERROR_SUCCESS);
    expect_ls(RegOpenKeyExA(HKEY_LOCAL_MACHINE, "Software", 0, KEY_READ, &key), ERROR_SUCCESS);
    expect_ls(RegCloseKey(key), ERROR_SUCCESS);
}

static void test_values(void)
{
    char buffer[64];
    WCHAR wide[32];
    DWORD type, size, dword;
    ULONGLONG qword;
    static const char text_with_tail[] = {'x', 'y', 'z', 'q'};
    static const BYTE binary[] = {1, 2, 3, 0, 5};
    static const char multi[] = "one\0two\0";

    /* REG_SZ through the ANSI functions. */
    expect_ls(RegSetValueExA(root, "sz", 0, REG_SZ, (const BYTE *)"hello", 6), ERROR_SUCCESS);
    size = 0;
    type = 0;
    expect_ls(RegQueryValueExA(root, "sz", NULL, &type, NULL, &size), ERROR_SUCCESS);
    ok(type == REG_SZ, "type %lu\n", type);
    ok(size == 6, "size %lu\n", size);
    size = sizeof(buffer);
    expect_ls(RegQueryValueExA(root, "sz", NULL, &type, (BYTE *)buffer, &size), ERROR_SUCCESS);
    ok(size == 6 && !strcmp(buffer, "hello"), "got %lu \"%s\"\n", size, buffer);

    /* Too small a buffer: ERROR_MORE_DATA and the size needed. */
    size = 3;
    strcpy(buffer, "unchanged");
    expect_ls(RegQueryValueExA(root, "sz", NULL, &type, (BYTE *)buffer, &size), ERROR_MORE_DATA);
    ok(size == 6, "size %lu\n", size);

    /* The same value seen through the Unicode functions. */
    size = sizeof(wide);
    expect_ls(RegQueryValueExW(root, L"SZ", NULL, &type, (BYTE *)wide, &size), ERROR_SUCCESS);
    ok(size == 12 && !lstrcmpW(wide, L"hello"), "size %lu\n", size);
    size = 4;
    expect_ls(RegQueryValueExW(root, L"sz", NULL, &type, (BYTE *)wide, &size), ERROR_MORE_DATA);
    ok(size == 12, "size %lu\n", size);

    /* A REG_SZ written without its terminator (the next byte in memory is not NUL) is kept as is. */
    expect_ls(RegSetValueExA(root, "noterm", 0, REG_SZ, (const BYTE *)text_with_tail, 3), ERROR_SUCCESS);
    size = 0;
    expect_ls(RegQueryValueExW(root, L"noterm", NULL, &type, NULL, &size), ERROR_SUCCESS);
    ok(size == 6, "size %lu\n", size);
    expect_ls(RegSetValueExW(root, L"notermW", 0, REG_SZ, (const BYTE *)L"abcd", 6), ERROR_SUCCESS);
    size = 0;
    expect_ls(RegQueryValueExW(root, L"notermW", NULL, &type, NULL, &size), ERROR_SUCCESS);
    ok(size == 6, "size %lu\n", size);
    /* ...but a terminator right after the counted characters is added to the count. */
    expect_ls(RegSetValueExW(root, L"forgot", 0, REG_SZ, (const BYTE *)L"abc", 6), ERROR_SUCCESS);
    size = 0;
    expect_ls(RegQueryValueExW(root, L"forgot", NULL, &type, NULL, &size), ERROR_SUCCESS);
    ok(size == 8, "size %lu\n", size);

    /* REG_DWORD and REG_QWORD, and a REG_DWORD of the wrong size (stored as given). */
    dword = 0x12345678;
    expect_ls(RegSetValueExA(root, "dword", 0, REG_DWORD, (const BYTE *)&dword, 4), ERROR_SUCCESS);
    dword = 0;
    size = sizeof(dword);
    expect_ls(RegQueryValueExA(root, "dword", NULL, &type, (BYTE *)&dword, &size), ERROR_SUCCESS);
    ok(type == REG_DWORD && size == 4 && dword == 0x12345678, "type %lu size %lu value %#lx\n", type, size, dword);
    expect_ls(RegSetValueExA(root, "shortdword", 0, REG_DWORD, (const BYTE *)&dword, 2), ERROR_SUCCESS);
    size = sizeof(buffer);
    expect_ls(RegQueryValueExA(root, "shortdword", NULL, &type, (BYTE *)buffer, &size), ERROR_SUCCESS);
    ok(type == REG_DWORD && size == 2, "type %lu size %lu\n", type, size);
    qword = 0x1122334455667788ull;
    expect_ls(RegSetValueExW(root, L"qword", 0, REG_QWORD, (const BYTE *)&qword, 8), ERROR_SUCCESS);
    qword = 0;
    size = sizeof(qword);
    expect_ls(RegQueryValueExW(root, L"qword", NULL, &type, (BYTE *)&qword, &size), ERROR_SUCCESS);
    ok(type == REG_QWORD && qword == 0x1122334455667788ull, "type %lu\n", type);

    /* REG_BINARY with an embedded NUL keeps every byte. */
    expect_ls(RegSetValueExA(root, "binary", 0, REG_BINARY, binary, sizeof(binary)), ERROR_SUCCESS);
    size = sizeof(buffer);
    expect_ls(RegQueryValueExA(root, "binary", NULL, &type, (BYTE *)buffer, &size), ERROR_SUCCESS);
    ok(type == REG_BINARY && size == 5 && !memcmp(buffer, binary, 5), "type %lu size %lu\n", type, size);

    /* REG_MULTI_SZ converts between ANSI and Unicode with both terminators. */
    expect_ls(RegSetValueExA(root, "multi", 0, REG_MULTI_SZ, (const BYTE *)multi, 9), ERROR_SUCCESS);
    size = sizeof(wide);
    expect_ls(RegQueryValueExW(root, L"multi", NULL, &type, (BYTE *)wide, &size), ERROR_SUCCESS);
    ok(type == REG_MULTI_SZ && size == 18, "type %lu size %lu\n", type, size);
    ok(!lstrcmpW(wide, L"one") && !lstrcmpW(wide + 4, L"two") && wide[8] == 0, "wrong multi-string\n");
    size = sizeof(buffer);
    expect_ls(RegQueryValueExA(root, "multi", NULL, &type, (BYTE *)buffer, &size), ERROR_SUCCESS);
    ok(size == 9 && !memcmp(buffer, multi, 9), "size %lu\n", size);

    /* An empty value and the default (unnamed) value. */
    expect_ls(RegSetValueExA(root, "empty", 0, REG_BINARY, NULL, 0), ERROR_SUCCESS);
    size = 1234;
    expect_ls(RegQueryValueExA(root, "empty", NULL, &type, NULL, &size), ERROR_SUCCESS);
    ok(size == 0, "size %lu\n", size);
    expect_ls(RegQueryValueExA(root, NULL, NULL, &type, NULL, &size), ERROR_FILE_NOT_FOUND);
    expect_ls(RegSetValueExA(root, NULL, 0, REG_SZ, (const BYTE *)"default", 8), ERROR_SUCCESS);
    size = sizeof(buffer);
    expect_ls(RegQueryValueExA(root, "", NULL, &type, (BYTE *)buffer, &size), ERROR_SUCCESS);
    ok(!strcmp(buffer, "default"), "got \"%s\"\n", buffer);

    /* Replacing a value changes its type and data. */
    dword = 7;
    expect_ls(RegSetValueExA(root, "sz", 0, REG_DWORD, (const BYTE *)&dword, 4), ERROR_SUCCESS);
    size = sizeof(buffer);
    expect_ls(RegQueryValueExA(root, "SZ", NULL, &type, (BYTE *)buffer, &size), ERROR_SUCCESS);
    ok(type == REG_DWORD && size == 4, "type %lu size %lu\n", type, size);
    expect_ls(RegSetValueExA(root, "sz", 0, REG_SZ, (const BYTE *)"hello", 6), ERROR_SUCCESS);

    /* Missing values, bad parameters, bad handles. */
    expect_ls(RegQueryValueExA(root, "nonexistent", NULL, &type, NULL, &size), ERROR_FILE_NOT_FOUND);
    expect_ls(RegQueryValueExA(root, "sz", NULL, &type, (BYTE *)buffer, NULL), ERROR_INVALID_PARAMETER);
    expect_ls(RegQueryValueExA(NULL, "sz", NULL, &type, NULL, &size), ERROR_INVALID_HANDLE);
    expect_ls(RegSetValueExA(NULL, "x", 0, REG_SZ, (const BYTE *)"x", 2), ERROR_INVALID_HANDLE);

    /* RegGetValue: type filters, termination, a subkey path. */
    size = sizeof(buffer);
    expect_ls(RegGetValueA(root, NULL, "sz", RRF_RT_REG_SZ, &type, buffer, &size), ERROR_SUCCESS);
    ok(size == 6 && !strcmp(buffer, "hello"), "size %lu\n", size);
    size = sizeof(buffer);
    expect_ls(RegGetValueA(root, NULL, "sz", RRF_RT_REG_DWORD, &type, buffer, &size), ERROR_UNSUPPORTED_TYPE);
    size = sizeof(dword);
    expect_ls(RegGetValueA(root, NULL, "dword", RRF_RT_DWORD, &type, &dword, &size), ERROR_SUCCESS);
    ok(dword == 0x12345678 && size == 4, "got %#lx\n", dword);
    /* RegGetValue terminates a string stored without its terminator. */
    memset(wide, 0xff, sizeof(wide));
    size = sizeof(wide);
    expect_ls(RegGetValueW(root, NULL, L"notermW", RRF_RT_REG_SZ, &type, wide, &size), ERROR_SUCCESS);
    ok(!lstrcmpW(wide, L"abc"), "not terminated\n");
    size = 2;
    expect_ls(RegGetValueW(root, NULL, L"sz", RRF_RT_ANY, &type, wide, &size), ERROR_MORE_DATA);
    ok(size == 12, "size %lu\n", size);
    expect_ls(RegGetValueA(root, NULL, "sz", 0, &type, NULL, &size), ERROR_UNSUPPORTED_TYPE);
    expect_ls(RegGetValueA(root, NULL, "sz", RRF_RT_ANY, &type, buffer, NULL), ERROR_INVALID_PARAMETER);
    expect_ls(RegGetValueA(root, "missing", "sz", RRF_RT_ANY, &type, NULL, &size), ERROR_FILE_NOT_FOUND);
    expect_ls(RegSetValueExA(root, "", 0, REG_SZ, (const BYTE *)"x", 2), ERROR_SUCCESS);
    /* A type beyond REG_QWORD passes no RegGetValue filter, not even RRF_RT_ANY. */
    expect_ls(RegSetValueExA(root, "oddtype", 0, 12345, (const BYTE *)"abc", 3), ERROR_SUCCESS);
    size = sizeof(buffer);
    expect_ls(RegQueryValueExA(root, "oddtype", NULL, &type, (BYTE *)buffer, &size), ERROR_SUCCESS);
    ok(type == 12345 && size == 3, "type %lu size %lu\n", type, size);
    expect_ls(RegGetValueA(root, NULL, "oddtype", RRF_RT_ANY, NULL, NULL, NULL), ERROR_UNSUPPORTED_TYPE);
    /* Too long a value name. */
    {
        static char long_name[16400];
        memset(long_name, 'v', 16383);
        expect_ls(RegSetValueExA(root, long_name, 0, REG_SZ, (const BYTE *)"x", 2), ERROR_SUCCESS);
        expect_ls(RegDeleteValueA(root, long_name), ERROR_SUCCESS);
        long_name[16383] = 'v';
        expect_ls(RegSetValueExA(root, long_name, 0, REG_SZ, (const BYTE *)"x", 2), ERROR_INVALID_PARAMETER);
    }
    /* NULL data with a size is refused. */
    expect_ls(RegSetValueExA(root, "nulldata", 0, REG_DWORD, NULL, 4), ERROR_NOACCESS);

    /* Deleting values. */
    expect_ls(RegDeleteValueA(root, "shortdword"), ERROR_SUCCESS);
    expect_ls(RegDeleteValueA(root, "shortdword"), ERROR_FILE_NOT_FOUND);
    expect_ls(RegDeleteValueW(root, L"QWORD"), ERROR_SUCCESS);
    expect_ls(RegQueryValueExW(root, L"qword", NULL, &type, NULL, &size), ERROR_FILE_NOT_FOUND);
    expect_ls(RegDeleteValueA(root, NULL), ERROR_SUCCESS);
}

static void test_enumeration(void)
{
    static const char *created[] = {"zeta", "Alpha", "beta", "Gamma"};
    static const char *sorted[] = {"Alpha", "beta", "Gamma", "zeta"};
    HKEY enum_key, key;
    char name[64], klass[64];
    WCHAR wname[64];
    BYTE data[64];
    DWORD i, length, type, size, subkeys, values, max_subkey, max_class, max_value_name, max_value;
    FILETIME time;

    expect_ls(RegCreateKeyExA(root, "enum", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &enum_key, NULL), ERROR_SUCCESS);
    for (i = 0; i < 4; i++) {
        expect_ls(RegCreateKeyExA(enum_key, created[i], 0, i == 1 ? "MyClass" : NULL, 0, KEY_ALL_ACCESS, NULL, &key,
                                  NULL),
                  ERROR_SUCCESS);
        RegCloseKey(key);
    }
    /* Subkeys enumerate in name order, whatever the creation order. */
    for (i = 0; i < 4; i++) {
        length = sizeof(name);
        expect_ls(RegEnumKeyExA(enum_key, i, name, &length, NULL, NULL, NULL, &time), ERROR_SUCCESS);
        ok(!strcmp(name, sorted[i]) && length == strlen(sorted[i]), "%lu: got \"%s\" (%lu)\n", i, name, length);
    }
    length = sizeof(name);
    expect_ls(RegEnumKeyExA(enum_key, 4, name, &length, NULL, NULL, NULL, NULL), ERROR_NO_MORE_ITEMS);

    /* A name buffer without room for the terminator is ERROR_MORE_DATA. */
    length = 5;
    expect_ls(RegEnumKeyExA(enum_key, 0, name, &length, NULL, NULL, NULL, NULL), ERROR_MORE_DATA);
    length = 6;
    expect_ls(RegEnumKeyExA(enum_key, 0, name, &length, NULL, NULL, NULL, NULL), ERROR_SUCCESS);
    ok(length == 5, "length %lu\n", length);

    /* Classes come back through RegEnumKeyEx and RegQueryInfoKey. */
    length = sizeof(name);
    i = sizeof(klass);
    expect_ls(RegEnumKeyExA(enum_key, 0, name, &length, NULL, klass, &i, NULL), ERROR_SUCCESS);
    ok(!strcmp(klass, "MyClass") && i == 7, "class \"%s\" (%lu)\n", klass, i);
    length = sizeof(wname) / sizeof(WCHAR);
    expect_ls(RegEnumKeyExW(enum_key, 3, wname, &length, NULL, NULL, NULL, NULL), ERROR_SUCCESS);
    ok(!lstrcmpW(wname, L"zeta") && length == 4, "length %lu\n", length);
    expect_ls(RegEnumKeyA(enum_key, 1, name, sizeof(name)), ERROR_SUCCESS);
    ok(!strcmp(name, "beta"), "got \"%s\"\n", name);
    expect_ls(RegEnumKeyW(enum_key, 9, wname, 64), ERROR_NO_MORE_ITEMS);

    /* Every value is enumerated once. (Windows returns values in creation order, Wine in name
     * order; the checks accept either.) */
    expect_ls(RegSetValueExA(enum_key, "second", 0, REG_SZ, (const BYTE *)"2", 2), ERROR_SUCCESS);
    expect_ls(RegSetValueExA(enum_key, "First", 0, REG_BINARY, (const BYTE *)"\x01\x02\x03", 3), ERROR_SUCCESS);
    expect_ls(RegSetValueExA(enum_key, "a_third", 0, REG_SZ, (const BYTE *)"three", 6), ERROR_SUCCESS);
    {
        int seen_second = 0, seen_first = 0, seen_third = 0;
        for (i = 0; i < 3; i++) {
            length = sizeof(name);
            size = sizeof(data);
            expect_ls(RegEnumValueA(enum_key, i, name, &length, NULL, &type, data, &size), ERROR_SUCCESS);
            ok(length == strlen(name), "%lu: length %lu for \"%s\"\n", i, length, name);
            if (!strcmp(name, "second"))
                seen_second += type == REG_SZ && size == 2 && !strcmp((char *)data, "2");
            else if (!strcmp(name, "First"))
                seen_first += type == REG_BINARY && size == 3 && !memcmp(data, "\x01\x02\x03", 3);
            else if (!strcmp(name, "a_third"))
                seen_third += type == REG_SZ && size == 6 && !strcmp((char *)data, "three");
        }
        ok(seen_second == 1 && seen_first == 1 && seen_third == 1, "seen %d %d %d\n", seen_second, seen_first,
           seen_third);
    }
    for (i = 0; i < 3; i++) {
        length = sizeof(wname) / sizeof(WCHAR);
        size = sizeof(data);
        expect_ls(RegEnumValueW(enum_key, i, wname, &length, NULL, &type, data, &size), ERROR_SUCCESS);
        if (!lstrcmpW(wname, L"a_third"))
            ok(length == 7 && size == 12 && type == REG_SZ, "length %lu size %lu\n", length, size);
    }
    length = sizeof(name);
    expect_ls(RegEnumValueA(enum_key, 3, name, &length, NULL, NULL, NULL, NULL), ERROR_NO_MORE_ITEMS);

    /* Small buffers: ERROR_MORE_DATA for the name (every name here has at least 5 characters) and
     * for the data, with the data size. */
    length = 3;
    expect_ls(RegEnumValueA(enum_key, 0, name, &length, NULL, NULL, NULL, NULL), ERROR_MORE_DATA);
    for (i = 0; i < 3; i++) {
        length = sizeof(name);
        size = 0;
        expect_ls(RegEnumValueA(enum_key, i, name, &length, NULL, &type, NULL, &size), ERROR_SUCCESS);
        if (!strcmp(name, "a_third")) {
            ok(size == 6, "size %lu\n", size);
            length = sizeof(name);
            size = 1;
            expect_ls(RegEnumValueA(enum_key, i, name, &length, NULL, &type, data, &size), ERROR_MORE_DATA);
            ok(size == 6, "size %lu\n", size);
        }
    }
    expect_ls(RegEnumValueA(enum_key, 0, name, NULL, NULL, NULL, NULL, NULL), ERROR_INVALID_PARAMETER);
    /* Which index holds "a_third" (the order differs between Windows and Wine). */
    {
        DWORD third = 99;
        for (i = 0; i < 3; i++) {
            length = sizeof(name);
            if (RegEnumValueA(enum_key, i, name, &length, NULL, NULL, NULL, NULL) == ERROR_SUCCESS &&
                !strcmp(name, "a_third"))
                third = i;
        }
        ok(third < 3, "a_third not found\n");
        /* A name that does not fit: truncated, with the type and the data size; the length stays. */
        length = 3;
        size = sizeof(data);
        type = 0;
        strcpy(name, "xxxxxxxxxx");
        expect_ls(RegEnumValueA(enum_key, third, name, &length, NULL, &type, data, &size), ERROR_MORE_DATA);
        ok(length == 3, "length %lu\n", length);
        ok(size == 6 && type == REG_SZ, "size %lu type %lu\n", size, type);
        ok(!strcmp(name, "a_"), "name \"%s\"\n", name);
        /* Data that does not fit: the name and its length are left alone. */
        length = sizeof(name);
        size = 2;
        strcpy(name, "xxxxxxxxxx");
        memcpy(data, "xxxxxxxxxx", 11);
        expect_ls(RegEnumValueA(enum_key, third, name, &length, NULL, &type, data, &size), ERROR_MORE_DATA);
        ok(length == sizeof(name) && size == 6, "length %lu size %lu\n", length, size);
        ok(!strcmp(name, "xxxxxxxxxx") && !memcmp(data, "xxxxxxxxxx", 11), "buffers changed\n");
        length = sizeof(wname) / sizeof(WCHAR);
        size = 2;
        expect_ls(RegEnumValueW(enum_key, third, wname, &length, NULL, &type, data, &size), ERROR_MORE_DATA);
        ok(size == 12, "size %lu\n", size);
    }
    /* A class that does not fit: ERROR_MORE_DATA, the name length untouched. */
    length = sizeof(name);
    i = 3;
    expect_ls(RegEnumKeyExA(enum_key, 0, name, &length, NULL, klass, &i, NULL), ERROR_MORE_DATA);
    ok(length == sizeof(name), "length %lu\n", length);

    /* RegQueryInfoKey counts and maxima. */
    expect_ls(RegQueryInfoKeyA(enum_key, NULL, NULL, NULL, &subkeys, &max_subkey, &max_class, &values, &max_value_name,
                               &max_value, NULL, &time),
              ERROR_SUCCESS);
    ok(subkeys == 4, "subkeys %lu\n", subkeys);
    ok(max_subkey == 5, "max subkey name %lu\n", max_subkey);
    ok(max_class == 7, "max class %lu\n", max_class);
    ok(values == 3, "values %lu\n", values);
    ok(max_value_name == 7, "max value name %lu\n", max_value_name);
    ok(max_value == 12, "max value data %lu\n", max_value);
    expect_ls(RegQueryInfoKeyW(enum_key, NULL, NULL, NULL, &subkeys, NULL, NULL, &values, NULL, NULL, NULL, NULL),
              ERROR_SUCCESS);
    ok(subkeys == 4 && values == 3, "subkeys %lu values %lu\n", subkeys, values);
    expect_ls(RegOpenKeyExA(enum_key, "Alpha", 0, KEY_READ, &key), ERROR_SUCCESS);
    i = sizeof(klass);
    expect_ls(RegQueryInfoKeyA(key, klass, &i, NULL, &subkeys, NULL, NULL, &values, NULL, NULL, NULL, NULL),
              ERROR_SUCCESS);
    ok(!strcmp(klass, "MyClass") && i == 7 && subkeys == 0 && values == 0, "class \"%s\" (%lu)\n", klass, i);
    RegCloseKey(key);
    expect_ls(RegQueryInfoKeyA(NULL, NULL, NULL, NULL, &subkeys, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
              ERROR_INVALID_HANDLE);

    /* Enumeration needs KEY_ENUMERATE_SUB_KEYS; values need KEY_QUERY_VALUE. */
    expect_ls(RegOpenKeyExA(root, "enum", 0, KEY_QUERY_VALUE, &key), ERROR_SUCCESS);
    length = sizeof(name);
    expect_ls(RegEnumKeyExA(key, 0, name, &length, NULL, NULL, NULL, NULL), ERROR_ACCESS_DENIED);
    RegCloseKey(key);
    expect_ls(RegOpenKeyExA(root, "enum", 0, KEY_ENUMERATE_SUB_KEYS, &key), ERROR_SUCCESS);
    expect_ls(RegQueryValueExA(key, "second", NULL, &type, NULL, &size), ERROR_ACCESS_DENIED);
    expect_ls(RegSetValueExA(key, "x", 0, REG_SZ, (const BYTE *)"x", 2), ERROR_ACCESS_DENIED);
    RegCloseKey(key);

    RegCloseKey(enum_key);
}

static void test_delete(void)
{
    HKEY key, deleted;
    DWORD type, size;
    char name[32];

    expect_ls(RegCreateKeyExA(root, "del\\child", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &key, NULL), ERROR_SUCCESS);
    RegCloseKey(key);
    /* A key with subkeys cannot be deleted. */
    expect_ls(RegDeleteKeyA(root, "del"), ERROR_ACCESS_DENIED);
    expect_ls(RegDeleteKeyA(root, "del\\child"), ERROR_SUCCESS);
    expect_ls(RegDeleteKeyA(root, "del\\child"), ERROR_FILE_NOT_FOUND);
    expect_ls(RegDeleteKeyA(root, NULL), ERROR_INVALID_PARAMETER);
    expect_ls(RegDeleteKeyW(root, L"DEL"), ERROR_SUCCESS);
    expect_ls(RegOpenKeyExA(root, "del", 0, KEY_READ, &key), ERROR_FILE_NOT_FOUND);
    expect_ls(RegDeleteKeyExA(root, "nothing", KEY_WOW64_64KEY, 0), ERROR_FILE_NOT_FOUND);

    /* A handle to a deleted key answers ERROR_KEY_DELETED. */
    expect_ls(RegCreateKeyExA(root, "doomed", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &deleted, NULL), ERROR_SUCCESS);
    expect_ls(RegSetValueExA(deleted, "v", 0, REG_SZ, (const BYTE *)"v", 2), ERROR_SUCCESS);
    expect_ls(RegDeleteKeyA(root, "doomed"), ERROR_SUCCESS);
    expect_ls(RegQueryValueExA(deleted, "v", NULL, &type, NULL, &size), ERROR_KEY_DELETED);
    expect_ls(RegSetValueExA(deleted, "w", 0, REG_SZ, (const BYTE *)"w", 2), ERROR_KEY_DELETED);
    size = sizeof(name);
    expect_ls(RegEnumKeyExA(deleted, 0, name, &size, NULL, NULL, NULL, NULL), ERROR_KEY_DELETED);
    expect_ls(RegCloseKey(deleted), ERROR_SUCCESS);

    /* RegDeleteTree removes a whole subtree. */
    expect_ls(RegCreateKeyExA(root, "tree\\x\\y\\z", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &key, NULL), ERROR_SUCCESS);
    expect_ls(RegSetValueExA(key, "leaf", 0, REG_SZ, (const BYTE *)"1", 2), ERROR_SUCCESS);
    RegCloseKey(key);
    expect_ls(RegCreateKeyExA(root, "tree\\x2", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &key, NULL), ERROR_SUCCESS);
    RegCloseKey(key);
    expect_ls(RegDeleteTreeA(root, "tree"), ERROR_SUCCESS);
    expect_ls(RegOpenKeyExA(root, "tree", 0, KEY_READ, &key), ERROR_FILE_NOT_FOUND);
    expect_ls(RegDeleteTreeA(root, "tree"), ERROR_FILE_NOT_FOUND);

    /* Closed and bogus handles. */
    expect_ls(RegCreateKeyExA(root, "closed", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &key, NULL), ERROR_SUCCESS);
    expect_ls(RegCloseKey(key), ERROR_SUCCESS);
    expect_ls(RegCloseKey(key), ERROR_INVALID_HANDLE);
    expect_ls(RegQueryValueExA(key, "x", NULL, &type, NULL, &size), ERROR_INVALID_HANDLE);
    expect_ls(RegDeleteKeyA(root, "closed"), ERROR_SUCCESS);
}

static void test_volatile(void)
{
    HKEY key, child;
    DWORD disposition;

    expect_ls(RegCreateKeyExA(root, "volatile", 0, NULL, REG_OPTION_VOLATILE, KEY_ALL_ACCESS, NULL, &key, &disposition),
              ERROR_SUCCESS);
    ok(disposition == REG_CREATED_NEW_KEY, "disposition %lu\n", disposition);
    /* A volatile key takes only volatile subkeys. */
    expect_ls(RegCreateKeyExA(key, "lasting", 0, NULL, REG_OPTION_NON_VOLATILE, KEY_ALL_ACCESS, NULL, &child, NULL),
              ERROR_CHILD_MUST_BE_VOLATILE);
    expect_ls(RegCreateKeyExA(key, "fleeting", 0, NULL, REG_OPTION_VOLATILE, KEY_ALL_ACCESS, NULL, &child, NULL),
              ERROR_SUCCESS);
    RegCloseKey(child);
    expect_ls(RegDeleteKeyA(key, "fleeting"), ERROR_SUCCESS);
    RegCloseKey(key);
    expect_ls(RegDeleteKeyA(root, "volatile"), ERROR_SUCCESS);
    expect_ls(RegFlushKey(root), ERROR_SUCCESS);
    expect_ls(RegFlushKey(NULL), ERROR_INVALID_HANDLE);
}

static void test_defaults(void)
{
    HKEY key;
    char text[64];
    DWORD size, type, major = 0, minor = 99;

    expect_ls(RegOpenKeyExA(HKEY_LOCAL_MACHINE, "Software\\Microsoft\\Windows NT\\CurrentVersion", 0, KEY_READ, &key),
              ERROR_SUCCESS);
    size = sizeof(text);
    expect_ls(RegQueryValueExA(key, "CurrentVersion", NULL, &type, (BYTE *)text, &size), ERROR_SUCCESS);
    /* "6.3" on Windows 8.1 and later (Halcyon), "6.1" in Wine's Windows 7 mode. */
    ok(type == REG_SZ && text[0] == '6' && text[1] == '.' && size == 4, "CurrentVersion \"%s\"\n", text);
    size = sizeof(text);
    expect_ls(RegQueryValueExA(key, "ProductName", NULL, &type, (BYTE *)text, &size), ERROR_SUCCESS);
    ok(type == REG_SZ && size > 1, "ProductName type %lu size %lu\n", type, size);
    size = sizeof(text);
    expect_ls(RegQueryValueExA(key, "CurrentBuildNumber", NULL, &type, (BYTE *)text, &size), ERROR_SUCCESS);
    ok(type == REG_SZ && atoi(text) > 0, "CurrentBuildNumber \"%s\"\n", text);
    RegCloseKey(key);
    /* The DWORD version numbers exist on Windows 10 and later. */
    size = sizeof(major);
    if (RegGetValueA(HKEY_LOCAL_MACHINE, "Software\\Microsoft\\Windows NT\\CurrentVersion", "CurrentMajorVersionNumber",
                     RRF_RT_REG_DWORD, &type, &major, &size) == ERROR_SUCCESS) {
        size = sizeof(minor);
        expect_ls(RegGetValueA(HKEY_LOCAL_MACHINE, "Software\\Microsoft\\Windows NT\\CurrentVersion",
                               "CurrentMinorVersionNumber", RRF_RT_REG_DWORD, &type, &minor, &size),
                  ERROR_SUCCESS);
        ok(major >= 10 && minor < 10, "version %lu.%lu\n", major, minor);
    }

    /* The code pages match what GetACP and GetOEMCP report. */
    size = sizeof(text);
    expect_ls(RegGetValueA(HKEY_LOCAL_MACHINE, "System\\CurrentControlSet\\Control\\Nls\\CodePage", "ACP",
                           RRF_RT_REG_SZ, &type, text, &size),
              ERROR_SUCCESS);
    ok((UINT)atoi(text) == GetACP(), "ACP \"%s\", GetACP %u\n", text, GetACP());
    size = sizeof(text);
    expect_ls(RegGetValueA(HKEY_LOCAL_MACHINE, "System\\CurrentControlSet\\Control\\Nls\\CodePage", "OEMCP",
                           RRF_RT_REG_SZ, &type, text, &size),
              ERROR_SUCCESS);
    ok((UINT)atoi(text) == GetOEMCP(), "OEMCP \"%s\", GetOEMCP %u\n", text, GetOEMCP());

    expect_ls(RegOpenKeyExA(HKEY_CURRENT_USER, "Environment", 0, KEY_READ, &key), ERROR_SUCCESS);
    RegCloseKey(key);
    expect_ls(RegOpenKeyExA(HKEY_CURRENT_USER, "Software", 0, KEY_READ, &key), ERROR_SUCCESS);
    RegCloseKey(key);
    expect_ls(RegOpenKeyExA(HKEY_USERS, ".DEFAULT", 0, KEY_READ, &key), ERROR_SUCCESS);
    RegCloseKey(key);
    expect_ls(RegOpenKeyExA(HKEY_LOCAL_MACHINE, "Software\\Classes", 0, KEY_READ, &key), ERROR_SUCCESS);
    RegCloseKey(key);
    /* HKEY_CLASSES_ROOT shows HKLM\Software\Classes. */
    expect_ls(RegOpenKeyExA(HKEY_CLASSES_ROOT, "", 0, KEY_READ, &key), ERROR_SUCCESS);
    RegCloseKey(key);
}

/* The native layer under advapi32: NT's information classes and their buffer-size rules. */
typedef NTSTATUS(WINAPI *NtOpenKey_fn)(PHANDLE, ACCESS_MASK, POBJECT_ATTRIBUTES);
typedef NTSTATUS(WINAPI *NtQueryValueKey_fn)(HANDLE, PUNICODE_STRING, int, PVOID, ULONG, PULONG);
typedef NTSTATUS(WINAPI *NtQueryKey_fn)(HANDLE, int, PVOID, ULONG, PULONG);
typedef NTSTATUS(WINAPI *NtEnumerateKey_fn)(HANDLE, ULONG, int, PVOID, ULONG, PULONG);
typedef NTSTATUS(WINAPI *NtDeleteKey_fn)(HANDLE);

#define expect_status(call, expected) \
    do { \
        NTSTATUS conf_st_ = (call); \
        ok(conf_st_ == (NTSTATUS)(expected), "%s: expected %#lx, got %#lx\n", #call, (unsigned long)(expected), \
           (unsigned long)conf_st_); \
    } while (0)

static void init_name(UNICODE_STRING *string, const WCHAR *text)
{
    string->Buffer = (WCHAR *)text;
    string->Length = (USHORT)(lstrlenW(text) * sizeof(WCHAR));
    string->MaximumLength = string->Length + sizeof(WCHAR);
}

static void test_native(void)
{
    HMODULE ntdll = GetModuleHandleA("ntdll.dll");
    NtOpenKey_fn pNtOpenKey = (NtOpenKey_fn)GetProcAddress(ntdll, "NtOpenKey");
    NtQueryValueKey_fn pNtQueryValueKey = (NtQueryValueKey_fn)GetProcAddress(ntdll, "NtQueryValueKey");
    NtQueryKey_fn pNtQueryKey = (NtQueryKey_fn)GetProcAddress(ntdll, "NtQueryKey");
    NtEnumerateKey_fn pNtEnumerateKey = (NtEnumerateKey_fn)GetProcAddress(ntdll, "NtEnumerateKey");
    NtDeleteKey_fn pNtDeleteKey = (NtDeleteKey_fn)GetProcAddress(ntdll, "NtDeleteKey");
    BYTE buffer[256];
    ULONG length, *fields = (ULONG *)buffer;
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES attributes;
    HANDLE handle;
    HKEY key, child;
    WCHAR *text;

    ok(pNtOpenKey && pNtQueryValueKey && pNtQueryKey && pNtEnumerateKey && pNtDeleteKey, "ntdll lacks registry calls\n");
    if (!pNtOpenKey || !pNtQueryValueKey || !pNtQueryKey || !pNtEnumerateKey || !pNtDeleteKey)
        return;
    expect_ls(RegCreateKeyExA(root, "nt", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &key, NULL), ERROR_SUCCESS);
    expect_ls(RegSetValueExW(key, L"v", 0, REG_SZ, (const BYTE *)L"abcdef", 14), ERROR_SUCCESS);

    /* KeyValuePartialInformation: 12 bytes of header, then the data. */
    init_name(&name, L"v");
    length = 0xdead;
    expect_status(pNtQueryValueKey(key, &name, 2, buffer, 4, &length), 0xC0000023); /* BUFFER_TOO_SMALL */
    ok(length == 26, "length %lu\n", length);
    length = 0xdead;
    memset(buffer, 0xcc, sizeof(buffer));
    expect_status(pNtQueryValueKey(key, &name, 2, buffer, 12, &length), 0x80000005); /* BUFFER_OVERFLOW */
    ok(length == 26, "length %lu\n", length);
    ok(fields[1] == REG_SZ && fields[2] == 14, "type %lu size %lu\n", fields[1], fields[2]);
    expect_status(pNtQueryValueKey(key, &name, 2, buffer, 26, &length), 0);
    ok(!memcmp(buffer + 12, L"abcdef", 14), "wrong data\n");
    /* KeyValueBasicInformation: 12 bytes, then the name. */
    expect_status(pNtQueryValueKey(key, &name, 0, buffer, sizeof(buffer), &length), 0);
    ok(length == 14 && fields[1] == REG_SZ && fields[2] == 2, "length %lu\n", length);
    /* KeyValueFullInformation: the data at DataOffset. */
    expect_status(pNtQueryValueKey(key, &name, 1, buffer, sizeof(buffer), &length), 0);
    ok(fields[3] == 14 && fields[4] == 2 && fields[2] >= 22 && fields[2] + 14 <= length, "offset %lu length %lu\n",
       fields[2], length);
    ok(fields[2] + 14 <= sizeof(buffer) && !memcmp(buffer + fields[2], L"abcdef", 14), "wrong data\n");
    init_name(&name, L"missing");
    expect_status(pNtQueryValueKey(key, &name, 2, buffer, sizeof(buffer), &length), 0xC0000034);

    /* KeyBasicInformation: 16 bytes, then the name ("nt"). */
    length = 0;
    expect_status(pNtQueryKey(key, 0, buffer, 0, &length), 0xC0000023);
    ok(length == 20, "length %lu\n", length);
    expect_status(pNtQueryKey(key, 0, buffer, 16, &length), 0x80000005);
    ok(length == 20, "length %lu\n", length);
    expect_status(pNtQueryKey(key, 0, buffer, sizeof(buffer), &length), 0);
    ok(!memcmp(buffer + 16, L"nt", 4), "wrong name\n");
    /* KeyNameInformation: the full object name. */
    expect_status(pNtQueryKey(key, 3, buffer, sizeof(buffer) - 2, &length), 0);
    text = (WCHAR *)(buffer + 4);
    text[fields[0] / 2] = 0;
    ok(!_wcsnicmp(text, L"\\REGISTRY\\USER\\", 15), "name %ls\n", text);
    ok(fields[0] > 40 && !_wcsicmp(text + fields[0] / 2 - 22, L"\\HalcyonConformance\\nt"), "name %ls\n", text);

    /* Enumeration past the end, and deleting a key with subkeys. */
    expect_status(pNtEnumerateKey(key, 0, 0, buffer, sizeof(buffer), &length), 0x8000001A); /* NO_MORE_ENTRIES */
    expect_ls(RegCreateKeyExA(key, "sub", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &child, NULL), ERROR_SUCCESS);
    expect_status(pNtEnumerateKey(key, 0, 0, buffer, sizeof(buffer), &length), 0);
    ok(length == 22 && fields[3] == 6, "length %lu\n", length);
    /* NT says STATUS_CANNOT_DELETE (advapi32 turns it into ERROR_ACCESS_DENIED); Wine answers
     * STATUS_ACCESS_DENIED directly. */
    {
        NTSTATUS status = pNtDeleteKey(key);
        ok(status == (NTSTATUS)0xC0000121 || (running_on_wine() && status == (NTSTATUS)0xC0000022),
           "NtDeleteKey of a key with subkeys: %#lx\n", (unsigned long)status);
    }
    expect_status(pNtDeleteKey(child), 0);
    /* A second delete through the same handle: STATUS_KEY_DELETED on NT, success on Wine. */
    {
        NTSTATUS status = pNtDeleteKey(child);
        ok(status == (NTSTATUS)0xC000017C || (running_on_wine() && status == 0), "second NtDeleteKey: %#lx\n",
           (unsigned long)status);
    }
    RegCloseKey(child);

    /* Absolute names under \Registry. */
    init_name(&name, L"\\Registry\\Machine\\Software");
    InitializeObjectAttributes(&attributes, &name, OBJ_CASE_INSENSITIVE, NULL, NULL);
    expect_status(pNtOpenKey(&handle, KEY_READ, &attributes), 0);
    if (handle)
        CloseHandle(handle);
    init_name(&name, L"\\Registry\\Machine\\NoSuchKeyAtAll");
    expect_status(pNtOpenKey(&handle, KEY_READ, &attributes), 0xC0000034);
    init_name(&name, L"Software");
    InitializeObjectAttributes(&attributes, &name, OBJ_CASE_INSENSITIVE, NULL, NULL);
    expect_status(pNtOpenKey(&handle, KEY_READ, &attributes), 0xC0000033 - 0x33 + 0x3B); /* PATH_SYNTAX_BAD */
    expect_status(pNtDeleteKey(key), 0);
    RegCloseKey(key);
}

static void test_legacy_and_convenience(void)
{
    HKEY key;
    char text[32];
    WCHAR wide[32];
    LONG length;
    DWORD size, type;

    /* RegSetKeyValue creates the subkey; RegDeleteKeyValue removes the value again. */
    expect_ls(RegSetKeyValueA(root, "conv\\deep", "v", REG_SZ, "abc", 4), ERROR_SUCCESS);
    size = sizeof(text);
    expect_ls(RegGetValueA(root, "conv\\deep", "v", RRF_RT_REG_SZ, &type, text, &size), ERROR_SUCCESS);
    ok(!strcmp(text, "abc") && size == 4, "got \"%s\" (%lu)\n", text, size);
    expect_ls(RegSetKeyValueW(root, L"conv", L"w", REG_DWORD, &size, 4), ERROR_SUCCESS);
    expect_ls(RegDeleteKeyValueA(root, "conv\\deep", "v"), ERROR_SUCCESS);
    expect_ls(RegDeleteKeyValueA(root, "conv\\deep", "v"), ERROR_FILE_NOT_FOUND);
    expect_ls(RegDeleteKeyValueW(root, L"conv", L"w"), ERROR_SUCCESS);
    expect_ls(RegDeleteKeyValueA(root, "conv\\missing", "v"), ERROR_FILE_NOT_FOUND);

    /* The 16-bit era API: a subkey's default value as a string. */
    expect_ls(RegSetValueA(root, "legacy", REG_SZ, "default text", 0), ERROR_SUCCESS);
    length = sizeof(text);
    expect_ls(RegQueryValueA(root, "legacy", text, &length), ERROR_SUCCESS);
    ok(!strcmp(text, "default text") && length == 13, "got \"%s\" (%ld)\n", text, length);
    length = 4;
    expect_ls(RegQueryValueA(root, "legacy", text, &length), ERROR_MORE_DATA);
    ok(length == 13, "length %ld\n", length);
    length = sizeof(wide);
    expect_ls(RegQueryValueW(root, L"LEGACY", wide, &length), ERROR_SUCCESS);
    ok(!lstrcmpW(wide, L"default text") && length == 26, "length %ld\n", length);
    expect_ls(RegSetValueA(root, "legacy", REG_DWORD, "x", 2), ERROR_INVALID_PARAMETER);
    /* A subkey without a default value reads as the empty string. */
    expect_ls(RegCreateKeyA(root, "nodefault", &key), ERROR_SUCCESS);
    RegCloseKey(key);
    length = sizeof(text);
    strcpy(text, "junk");
    expect_ls(RegQueryValueA(root, "nodefault", text, &length), ERROR_SUCCESS);
    ok(!text[0] && length == 1, "got \"%s\" (%ld)\n", text, length);
    expect_ls(RegQueryValueA(root, "missing", text, &length), ERROR_FILE_NOT_FOUND);

    /* (Wine's RegOpenCurrentUser sets LastError to ERROR_NO_TOKEN, so only the result is checked.) */
    ok(RegOpenCurrentUser(KEY_READ, &key) == ERROR_SUCCESS, "RegOpenCurrentUser failed\n");
    expect_ls(RegOpenKeyExA(key, TEST_KEY, 0, KEY_READ, &key), ERROR_SUCCESS);
    RegCloseKey(key);

    expect_ls(RegDeleteTreeA(root, "conv"), ERROR_SUCCESS);
    expect_ls(RegDeleteKeyA(root, "legacy"), ERROR_SUCCESS);
    expect_ls(RegDeleteKeyA(root, "nodefault"), ERROR_SUCCESS);
}

int main(void)
{
    conf_init("registry");
    RegDeleteTreeA(HKEY_CURRENT_USER, TEST_KEY); /* leftovers of an interrupted run */
    test_create_and_open();
    if (!root)
        return conf_summary();
    test_values();
    test_enumeration();
    test_delete();
    test_volatile();
    test_defaults();
    test_native();
    test_legacy_and_convenience();
    RegCloseKey(root);
    expect_ls(RegDeleteTreeA(HKEY_CURRENT_USER, TEST_KEY), ERROR_SUCCESS);
    expect_ls(RegOpenKeyExA(HKEY_CURRENT_USER, TEST_KEY, 0, KEY_READ, &root), ERROR_FILE_NOT_FOUND);
    return conf_summary();
}
