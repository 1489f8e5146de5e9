/* Resources: FindResource(Ex), LoadResource/LockResource/SizeofResource, EnumResource*,
 * LoadString and FormatMessage(FORMAT_MESSAGE_FROM_HMODULE) over this program's own resources
 * (resources.rc, resources_messages.mc). */
#include "conformance.h"
#include <winver.h>

static const char *resource_bytes(HMODULE module, HRSRC resource, DWORD *size)
{
    HGLOBAL loaded = LoadResource(module, resource);
    *size = SizeofResource(module, resource);
    return loaded ? (const char *)LockResource(loaded) : NULL;
}

static int type_count, rcdata_seen, string_seen, mytype_seen, version_seen, message_seen;
static BOOL CALLBACK on_type(HMODULE module, LPWSTR type, LONG_PTR param)
{
    type_count++;
    if (type == (LPWSTR)RT_RCDATA) rcdata_seen++;
    if (type == (LPWSTR)RT_STRING) string_seen++;
    if (type == (LPWSTR)RT_VERSION) version_seen++;
    if (type == (LPWSTR)RT_MESSAGETABLE) message_seen++;
    if (!IS_INTRESOURCE(type) && !lstrcmpW(type, L"MYTYPE")) mytype_seen++;
    return param == 1;
}

static int name_count, hellodata_seen, id42_seen;
static BOOL CALLBACK on_name(HMODULE module, LPCWSTR type, LPWSTR name, LONG_PTR param)
{
    name_count++;
    if (!IS_INTRESOURCE(name) && !lstrcmpW(name, L"HELLODATA")) hellodata_seen++;
    if (name == MAKEINTRESOURCEW(42)) id42_seen++;
    return TRUE;
}

static int name_count_a, hellodata_seen_a;
static BOOL CALLBACK on_name_a(HMODULE module, LPCSTR type, LPSTR name, LONG_PTR param)
{
    name_count_a++;
    if (!IS_INTRESOURCE(name) && !strcmp(name, "HELLODATA")) hellodata_seen_a++;
    return TRUE;
}

static int language_count, german_seen, english_seen;
static BOOL CALLBACK on_language(HMODULE module, LPCWSTR type, LPCWSTR name, WORD language, LONG_PTR param)
{
    language_count++;
    if (language == MAKELANGID(LANG_GERMAN, SUBLANG_GERMAN)) german_seen++;
    if (language == MAKELANGID(LANG_ENGLISH, SUBLANG_ENGLISH_US)) english_seen++;
    return TRUE;
}

static void test_find_and_load(HMODULE self)
{
    HRSRC resource;
    const char *bytes;
    DWORD size;

    resource = FindResourceW(NULL, MAKEINTRESOURCEW(42), (LPCWSTR)RT_RCDATA);
    ok(resource != NULL, "RCDATA 42 not found: %lu\n", GetLastError());
    bytes = resource_bytes(NULL, resource, &size);
    ok(size == 3, "RCDATA 42 size %lu\n", size);
    ok(bytes && !memcmp(bytes, "xyz", 3), "RCDATA 42 bytes\n");
    ok(LoadResource(self, resource) == LoadResource(NULL, resource), "NULL module is the executable\n");
    ok(FreeResource(LoadResource(self, resource)) == FALSE, "FreeResource returns FALSE\n");

    resource = FindResourceA(self, "#42", (LPCSTR)RT_RCDATA);
    ok(resource != NULL, "\"#42\" names id 42\n");
    resource = FindResourceW(self, L"#42", L"#10");
    ok(resource != NULL, "\"#42\"/\"#10\" names id 42 of RT_RCDATA\n");

    resource = FindResourceA(self, "HELLODATA", (LPCSTR)RT_RCDATA);
    ok(resource != NULL, "named RCDATA not found\n");
    bytes = resource_bytes(self, resource, &size);
    ok(size == 10 && bytes && !memcmp(bytes, "named data", 10), "named RCDATA %lu\n", size);
    ok(FindResourceA(self, "hellodata", (LPCSTR)RT_RCDATA) == resource, "names are case-insensitive\n");
    ok(FindResourceW(self, L"HelloData", (LPCWSTR)RT_RCDATA) == resource, "names are case-insensitive (W)\n");

    resource = FindResourceA(self, MAKEINTRESOURCEA(7), "MYTYPE");
    ok(resource != NULL, "custom type by name\n");
    bytes = resource_bytes(self, resource, &size);
    ok(size == 6 && bytes && !memcmp(bytes, "custom", 6), "custom type data\n");
    ok(FindResourceW(self, MAKEINTRESOURCEW(7), L"mytype") == resource, "type names are case-insensitive\n");

    SetLastError(0xdeadbeef);
    ok(FindResourceA(self, MAKEINTRESOURCEA(4242), (LPCSTR)RT_RCDATA) == NULL, "missing name found\n");
    expect_error(ERROR_RESOURCE_NAME_NOT_FOUND);
    SetLastError(0xdeadbeef);
    ok(FindResourceA(self, "NOSUCHNAME", (LPCSTR)RT_RCDATA) == NULL, "missing string name found\n");
    expect_error(ERROR_RESOURCE_NAME_NOT_FOUND);
    SetLastError(0xdeadbeef);
    ok(FindResourceA(self, MAKEINTRESOURCEA(1), (LPCSTR)RT_BITMAP) == NULL, "missing type found\n");
    expect_error(ERROR_RESOURCE_TYPE_NOT_FOUND);
    SetLastError(0xdeadbeef);
    ok(FindResourceA(self, MAKEINTRESOURCEA(1), "NOSUCHTYPE") == NULL, "missing string type found\n");
    expect_error(ERROR_RESOURCE_TYPE_NOT_FOUND);

    /* Languages: the exact one when present. */
    resource = FindResourceExW(self, (LPCWSTR)RT_RCDATA, MAKEINTRESOURCEW(43), MAKELANGID(LANG_GERMAN, SUBLANG_GERMAN));
    bytes = resource ? resource_bytes(self, resource, &size) : NULL;
    ok(bytes && size == 2 && !memcmp(bytes, "de", 2), "German 43\n");
    resource = FindResourceExA(self, (LPCSTR)RT_RCDATA, MAKEINTRESOURCEA(43), MAKELANGID(LANG_ENGLISH, SUBLANG_ENGLISH_US));
    bytes = resource ? resource_bytes(self, resource, &size) : NULL;
    ok(bytes && size == 2 && !memcmp(bytes, "en", 2), "English 43\n");
    resource = FindResourceExW(self, (LPCWSTR)RT_RCDATA, MAKEINTRESOURCEW(44), MAKELANGID(LANG_NEUTRAL, SUBLANG_NEUTRAL));
    bytes = resource ? resource_bytes(self, resource, &size) : NULL;
    ok(bytes && size == 7 && !memcmp(bytes, "neutral", 7), "neutral 44\n");
    /* A neutral request for a resource that exists only in English finds the English one. */
    resource = FindResourceExW(self, (LPCWSTR)RT_RCDATA, MAKEINTRESOURCEW(42), MAKELANGID(LANG_NEUTRAL, SUBLANG_NEUTRAL));
    ok(resource != NULL, "neutral request for English-only resource\n");
    /* A German request for a neutral-only resource finds the neutral one. */
    resource = FindResourceExW(self, (LPCWSTR)RT_RCDATA, MAKEINTRESOURCEW(44), MAKELANGID(LANG_GERMAN, SUBLANG_GERMAN));
    bytes = resource ? resource_bytes(self, resource, &size) : NULL;
    ok(bytes && size == 7 && !memcmp(bytes, "neutral", 7), "German request falls back to neutral\n");

    /* Version info is an ordinary resource here (VS_VERSIONINFO starts with its own length). */
    resource = FindResourceW(self, MAKEINTRESOURCEW(1), (LPCWSTR)RT_VERSION);
    ok(resource != NULL, "RT_VERSION not found\n");
    bytes = resource_bytes(self, resource, &size);
    ok(bytes && size > 0x5c && *(const WORD *)bytes == size, "VS_VERSIONINFO length %u vs size %lu\n",
       bytes ? *(const WORD *)bytes : 0, size);
    ok(bytes && !memcmp(bytes + 6, L"VS_VERSION_INFO", 30), "VS_VERSION_INFO key\n");

    /* Halcyon checks the resource handles it is given (Windows reads through them). */
    if (running_on_halcyon()) {
        resource = FindResourceW(self, MAKEINTRESOURCEW(42), (LPCWSTR)RT_RCDATA);
        SetLastError(0xdeadbeef);
        ok(LoadResource(self, (HRSRC)((char *)resource + 2)) == NULL, "misaligned resource handle\n");
        expect_error(ERROR_RESOURCE_DATA_NOT_FOUND);
        ok(LoadResource(self, (HRSRC)((char *)self + 0x100000)) == NULL, "resource handle outside the tree\n");
        ok(SizeofResource(self, NULL) == 0, "NULL resource handle\n");
    }

    /* A handle that is no module fails cleanly. */
    SetLastError(0xdeadbeef);
    ok(FindResourceA((HMODULE)(ULONG_PTR)0x12340000, MAKEINTRESOURCEA(42), (LPCSTR)RT_RCDATA) == NULL,
       "bogus module\n");
    expect_error(ERROR_RESOURCE_DATA_NOT_FOUND);

        /* Another module's resources: kernel32 has none of ours. */
    SetLastError(0xdeadbeef);
    ok(FindResourceA(GetModuleHandleA("kernel32.dll"), "HELLODATA", (LPCSTR)RT_RCDATA) == NULL,
       "kernel32 has HELLODATA\n");
    ok(GetLastError() == ERROR_RESOURCE_TYPE_NOT_FOUND || GetLastError() == ERROR_RESOURCE_NAME_NOT_FOUND,
       "kernel32 lookup error %lu\n", GetLastError());
}

static void test_enumeration(HMODULE self)
{
    BOOL ret;

    ret = EnumResourceTypesW(self, on_type, 1);
    ok(ret, "EnumResourceTypesW failed: %lu\n", GetLastError());
    ok(type_count >= 5, "%d types\n", type_count);
    ok(rcdata_seen == 1 && string_seen == 1 && version_seen == 1 && message_seen == 1 && mytype_seen == 1,
       "types seen: rcdata %d string %d version %d message %d mytype %d\n", rcdata_seen, string_seen,
       version_seen, message_seen, mytype_seen);
    type_count = 0;
    ret = EnumResourceTypesW(self, on_type, 0);
    ok(!ret && type_count == 1, "a FALSE callback stops the enumeration: ret %d, %d calls\n", ret, type_count);

    ret = EnumResourceNamesW(self, (LPCWSTR)RT_RCDATA, on_name, 0);
    ok(ret, "EnumResourceNamesW failed: %lu\n", GetLastError());
    ok(name_count == 4, "RT_RCDATA has %d names (42, 43, 44, HELLODATA)\n", name_count);
    ok(hellodata_seen == 1 && id42_seen == 1, "names seen: HELLODATA %d, 42 %d\n", hellodata_seen, id42_seen);
    ret = EnumResourceNamesA(self, (LPCSTR)RT_RCDATA, on_name_a, 0);
    ok(ret && name_count_a == 4 && hellodata_seen_a == 1, "EnumResourceNamesA: %d names\n", name_count_a);
    SetLastError(0xdeadbeef);
    ret = EnumResourceNamesW(self, (LPCWSTR)RT_BITMAP, on_name, 0);
    ok(!ret, "names of a missing type\n");
    expect_error(ERROR_RESOURCE_TYPE_NOT_FOUND);

    ret = EnumResourceLanguagesW(self, (LPCWSTR)RT_RCDATA, MAKEINTRESOURCEW(43), on_language, 0);
    ok(ret, "EnumResourceLanguagesW failed: %lu\n", GetLastError());
    ok(language_count == 2 && german_seen == 1 && english_seen == 1, "languages of 43: %d (de %d, en %d)\n",
       language_count, german_seen, english_seen);
}

static void test_load_string(HMODULE self)
{
    WCHAR wide[64];
    char ansi[64];
    const WCHAR *pointer = NULL;
    int ret;

    ret = LoadStringW(self, 1, wide, 64);
    ok(ret == 5 && !lstrcmpW(wide, L"Hello"), "string 1: %d\n", ret);
    ret = LoadStringW(NULL, 2, wide, 64);
    ok(ret == 14 && !lstrcmpW(wide, L"World wide web"), "string 2 (NULL module): %d\n", ret);
    ret = LoadStringW(self, 17, wide, 64);
    ok(ret == 9 && !lstrcmpW(wide, L"Block two"), "string 17 (second block): %d\n", ret);
    ret = LoadStringW(self, 100, wide, 64);
    ok(ret == 7 && !lstrcmpW(wide, L"Hundred"), "string 100: %d\n", ret);

    /* Truncation keeps buffer_max - 1 characters and the terminator. */
    memset(wide, 0x55, sizeof wide);
    ret = LoadStringW(self, 2, wide, 6);
    ok(ret == 5 && !lstrcmpW(wide, L"World"), "truncated: %d\n", ret);
    ret = LoadStringW(self, 2, wide, 1);
    ok(ret == 0, "one-character buffer: %d\n", ret);

    /* buffer_max 0: a read-only pointer to the unterminated string in the image. */
    ret = LoadStringW(self, 2, (LPWSTR)&pointer, 0);
    ok(ret == 14, "pointer form length %d\n", ret);
    ok(pointer && !memcmp(pointer, L"World wide web", 14 * sizeof(WCHAR)), "pointer form text\n");

    /* A missing string in an existing block, and a missing block. */
    wide[0] = 'x';
    ret = LoadStringW(self, 3, wide, 64);
    ok(ret == 0 && wide[0] == 0, "string 3 (empty slot): %d\n", ret);
    wide[0] = 'x';
    ret = LoadStringW(self, 5000, wide, 64);
    ok(ret == 0, "string 5000 (no block): %d\n", ret);

    ret = LoadStringA(self, 1, ansi, sizeof ansi);
    ok(ret == 5 && !strcmp(ansi, "Hello"), "LoadStringA: %d %s\n", ret, ansi);
    ret = LoadStringA(self, 2, ansi, 6);
    ok(ret == 5 && !strcmp(ansi, "World"), "LoadStringA truncated: %d %s\n", ret, ansi);
    ret = LoadStringA(self, 17, ansi, sizeof ansi);
    ok(ret == 9 && !strcmp(ansi, "Block two"), "LoadStringA block two: %d\n", ret);
}

static void test_message_table(HMODULE self)
{
    char ansi[128];
    WCHAR wide[128];
    DWORD_PTR args[] = {(DWORD_PTR) "Ada", 3};
    DWORD_PTR wide_args[] = {(DWORD_PTR)L"Bob", 12};
    DWORD ret;
    char *allocated = NULL;

    ret = FormatMessageA(FORMAT_MESSAGE_FROM_HMODULE | FORMAT_MESSAGE_ARGUMENT_ARRAY, self, 0x100, 0, ansi,
                         sizeof ansi, (va_list *)args);
    ok(ret > 0 && !strncmp(ansi, "Hello Ada, you have 3 items.", 28), "greeting: %lu '%s'\n", ret, ansi);
    ok(ret == strlen(ansi), "length %lu vs %u\n", ret, (unsigned)strlen(ansi));
    ret = FormatMessageW(FORMAT_MESSAGE_FROM_HMODULE | FORMAT_MESSAGE_ARGUMENT_ARRAY, NULL, 0x100, 0, wide,
                         128, (va_list *)wide_args);
    ok(ret > 0 && !wcsncmp(wide, L"Hello Bob, you have 12 items.", 29), "greeting W from NULL module: %lu\n", ret);
    ret = FormatMessageA(FORMAT_MESSAGE_FROM_HMODULE | FORMAT_MESSAGE_IGNORE_INSERTS, self, 0x100, 0, ansi,
                         sizeof ansi, NULL);
    ok(ret > 0 && !strncmp(ansi, "Hello %1, you have %2!d! items.", 31), "ignore inserts: '%s'\n", ansi);
    ret = FormatMessageA(FORMAT_MESSAGE_FROM_HMODULE, self, 0x101, 0, ansi, sizeof ansi, NULL);
    ok(ret > 0 && !strncmp(ansi, "Plain message.", 14), "plain: '%s'\n", ansi);
    ret = FormatMessageA(FORMAT_MESSAGE_FROM_HMODULE | FORMAT_MESSAGE_ARGUMENT_ARRAY, self, 0x200,
                         MAKELANGID(LANG_ENGLISH, SUBLANG_ENGLISH_US), ansi, sizeof ansi, (va_list *)args);
    ok(ret > 0 && !strncmp(ansi, "Second block Ada.", 17), "second block: '%s'\n", ansi);
    ret = FormatMessageA(FORMAT_MESSAGE_FROM_HMODULE | FORMAT_MESSAGE_ALLOCATE_BUFFER, self, 0x101, 0,
                         (char *)&allocated, 0, NULL);
    ok(ret > 0 && allocated && !strncmp(allocated, "Plain message.", 14), "allocated: %lu\n", ret);
    LocalFree(allocated);

    SetLastError(0xdeadbeef);
    ret = FormatMessageA(FORMAT_MESSAGE_FROM_HMODULE, self, 0x150, 0, ansi, sizeof ansi, NULL);
    ok(ret == 0, "missing id between blocks: %lu\n", ret);
    expect_error(ERROR_MR_MID_NOT_FOUND);
    SetLastError(0xdeadbeef);
    ret = FormatMessageA(FORMAT_MESSAGE_FROM_HMODULE, self, 0x102, 0, ansi, sizeof ansi, NULL);
    ok(ret == 0, "missing id past a block: %lu\n", ret);
    expect_error(ERROR_MR_MID_NOT_FOUND);
    /* FROM_HMODULE | FROM_SYSTEM falls back to the system table. */
    ret = FormatMessageA(FORMAT_MESSAGE_FROM_HMODULE | FORMAT_MESSAGE_FROM_SYSTEM, self, ERROR_FILE_NOT_FOUND,
                         MAKELANGID(LANG_ENGLISH, SUBLANG_ENGLISH_US), ansi, sizeof ansi, NULL);
    ok(ret > 0 && ret == strlen(ansi) && strncmp(ansi, "Hello", 5), "system fallback: '%s'\n", ansi);
    ret = FormatMessageA(FORMAT_MESSAGE_FROM_HMODULE | FORMAT_MESSAGE_FROM_SYSTEM, self, 0x101, 0, ansi,
                         sizeof ansi, NULL);
    ok(ret > 0 && !strncmp(ansi, "Plain message.", 14), "module before system: '%s'\n", ansi);
    /* A language asked for by name must be there; 0 means any, by the fallback order. */
    SetLastError(0xdeadbeef);
    ret = FormatMessageA(FORMAT_MESSAGE_FROM_HMODULE, self, 0x101, MAKELANGID(LANG_GERMAN, SUBLANG_GERMAN), ansi,
                         sizeof ansi, NULL);
    ok(ret == 0, "German message: %lu '%s'\n", ret, ansi);
    expect_error(ERROR_RESOURCE_LANG_NOT_FOUND);
    /* A module without a message table. */
    SetLastError(0xdeadbeef);
    ret = FormatMessageA(FORMAT_MESSAGE_FROM_HMODULE, GetModuleHandleA("kernel32.dll"), 0x100,
                         MAKELANGID(LANG_ENGLISH, SUBLANG_ENGLISH_US), ansi, sizeof ansi, NULL);
    ok(ret == 0, "kernel32 message 0x100: %lu\n", ret);
}

static void test_version_info(void)
{
    WCHAR path[MAX_PATH];
    char path_a[MAX_PATH];
    DWORD handle = 0xdeadbeef, size, size_a;
    BYTE *block;
    VS_FIXEDFILEINFO *fixed = NULL;
    WORD *translation = NULL;
    WCHAR *text = NULL;
    char *ansi = NULL;
    UINT length = 0;
    HANDLE file;
    DWORD written;

    GetModuleFileNameW(NULL, path, MAX_PATH);
    GetModuleFileNameA(NULL, path_a, MAX_PATH);
    size = GetFileVersionInfoSizeW(path, &handle);
    ok(size > 0x5c, "GetFileVersionInfoSizeW: %lu (%lu)\n", size, GetLastError());
    ok(handle == 0, "handle %lu\n", handle);
    size_a = GetFileVersionInfoSizeA(path_a, NULL);
    ok(size_a == size, "GetFileVersionInfoSizeA: %lu vs %lu\n", size_a, size);
    block = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, size);
    ok(GetFileVersionInfoW(path, 0, size, block), "GetFileVersionInfoW: %lu\n", GetLastError());

    ok(VerQueryValueW(block, L"\\", (void **)&fixed, &length), "VerQueryValueW(\\)\n");
    ok(length == sizeof(VS_FIXEDFILEINFO), "fixed info length %u\n", length);
    ok(fixed && fixed->dwSignature == 0xfeef04bd, "signature %#lx\n", fixed ? fixed->dwSignature : 0);
    ok(fixed && fixed->dwFileVersionMS == 0x00010002 && fixed->dwFileVersionLS == 0x00030004,
       "file version %#lx.%#lx\n", fixed ? fixed->dwFileVersionMS : 0, fixed ? fixed->dwFileVersionLS : 0);
    ok(fixed && fixed->dwProductVersionMS == 0x00010002, "product version\n");

    ok(VerQueryValueW(block, L"\\VarFileInfo\\Translation", (void **)&translation, &length), "Translation\n");
    ok(length == 4 && translation && translation[0] == 0x0409 && translation[1] == 1200,
       "translation %u: %#x %u\n", length, translation ? translation[0] : 0, translation ? translation[1] : 0);
    ok(VerQueryValueW(block, L"\\StringFileInfo\\040904b0\\ProductName", (void **)&text, &length),
       "ProductName\n");
    ok(text && !lstrcmpW(text, L"Halcyon"), "ProductName '%ls'\n", text ? text : L"");
    ok(length == 7 || length == 8, "ProductName length %u\n", length);
    ok(VerQueryValueW(block, L"\\stringfileinfo\\040904B0\\productname", (void **)&text, &length),
       "keys are case-insensitive\n");
    ok(!VerQueryValueW(block, L"\\StringFileInfo\\040904b0\\NoSuchValue", (void **)&text, &length),
       "missing value found\n");
    ok(VerQueryValueA(block, "\\StringFileInfo\\040904b0\\FileDescription", (void **)&ansi, &length),
       "VerQueryValueA\n");
    ok(ansi && !strcmp(ansi, "Halcyon resource conformance test"), "FileDescription '%s'\n", ansi ? ansi : "");
    ok(VerQueryValueA(block, "\\", (void **)&fixed, &length) && length == sizeof(VS_FIXEDFILEINFO) &&
       fixed->dwSignature == 0xfeef04bd, "VerQueryValueA(\\)\n");
    HeapFree(GetProcessHeap(), 0, block);

    SetLastError(0xdeadbeef);
    ok(GetFileVersionInfoSizeW(L"no-such-file.exe", NULL) == 0, "missing file\n");
    expect_error(ERROR_FILE_NOT_FOUND);
    file = CreateFileA("not-an-image.txt", GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    WriteFile(file, "plain text, not a PE image", 26, &written, NULL);
    CloseHandle(file);
    ok(GetFileVersionInfoSizeA("not-an-image.txt", NULL) == 0, "a text file has version info\n");
    DeleteFileA("not-an-image.txt");
}

int main(void)
{
    HMODULE self;
    conf_init("resources");
    self = GetModuleHandleA(NULL);
    test_find_and_load(self);
    test_enumeration(self);
    test_load_string(self);
    test_message_table(self);
    test_version_info();
    return conf_summary();
}
