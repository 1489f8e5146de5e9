/* Memory: VirtualAlloc/VirtualFree/VirtualProtect/VirtualQuery, heaps, Local/Global memory. */
#include "conformance.h"

static void test_pagefile_mapping(void)
{
    HANDLE mapping;
    char *view, *view2, *offset_view;
    MEMORY_BASIC_INFORMATION mbi;

    SetLastError(0xdeadbeef);
    mapping = CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 0x20000, NULL);
    ok(mapping != NULL, "CreateFileMapping failed: %lu\n", GetLastError());
    expect_error(ERROR_SUCCESS);
    view = MapViewOfFile(mapping, FILE_MAP_WRITE, 0, 0, 0);
    view2 = MapViewOfFile(mapping, FILE_MAP_READ, 0, 0, 0);
    ok(view && view2 && view != view2, "views %p %p\n", view, view2);
    if (!view || !view2)
        return;
    ok(((ULONG_PTR)view & 0xffff) == 0, "view %p is not 64 KiB aligned\n", view);
    ok(view[0] == 0 && view[0x1ffff] == 0, "a new mapping is not zero-filled\n");
    strcpy(view, "shared");
    ok(!strcmp(view2, "shared"), "views do not share memory: \"%.8s\"\n", view2);
    view[0x10000] = 'x';

    ok(VirtualQuery(view, &mbi, sizeof mbi) == sizeof mbi, "VirtualQuery\n");
    ok(mbi.Type == MEM_MAPPED && mbi.State == MEM_COMMIT, "type %#lx state %#lx\n", mbi.Type, mbi.State);
    ok(mbi.Protect == PAGE_READWRITE && mbi.AllocationBase == view && mbi.RegionSize == 0x20000,
       "protect %#lx base %p size %#zx\n", mbi.Protect, mbi.AllocationBase, mbi.RegionSize);
    ok(VirtualQuery(view2, &mbi, sizeof mbi) == sizeof mbi && mbi.Protect == PAGE_READONLY,
       "read-only view protect %#lx\n", mbi.Protect);

    /* A view at an offset (a multiple of the allocation granularity) of a part. */
    offset_view = MapViewOfFile(mapping, FILE_MAP_READ, 0, 0x10000, 0x1000);
    ok(offset_view && offset_view[0] == 'x', "offset view %p\n", offset_view);
    if (offset_view) {
        ok(VirtualQuery(offset_view, &mbi, sizeof mbi) && mbi.RegionSize == 0x1000, "offset view size %#zx\n",
           mbi.RegionSize);
        ok(UnmapViewOfFile(offset_view), "unmapping the offset view failed\n");
    }
    SetLastError(0xdeadbeef);
    ok(!MapViewOfFile(mapping, FILE_MAP_READ, 0, 0x1000, 0), "unaligned offset accepted\n");
    expect_error(ERROR_MAPPED_ALIGNMENT);
    SetLastError(0xdeadbeef);
    ok(!MapViewOfFile(mapping, FILE_MAP_READ, 0, 0, 0x30000), "view larger than the mapping accepted\n");
    expect_error(ERROR_ACCESS_DENIED);

    /* Views outlive the mapping handle. */
    ok(CloseHandle(mapping), "CloseHandle(mapping)\n");
    ok(!strcmp(view2, "shared"), "view lost its data when the handle closed\n");
    expect_success(UnmapViewOfFile(view));
    ok(!strcmp(view2, "shared"), "view lost its data when the other view went\n");
    expect_success(UnmapViewOfFile(view2));
    expect_fail(UnmapViewOfFile(view2), ERROR_INVALID_ADDRESS);
    ok(VirtualQuery(view, &mbi, sizeof mbi) == sizeof mbi && mbi.State == MEM_FREE, "unmapped view state %#lx\n",
       mbi.State);

    /* Errors. */
    SetLastError(0xdeadbeef);
    ok(!CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 0, NULL), "zero-sized mapping\n");
    expect_error(ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    ok(!CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_NOACCESS, 0, 0x1000, NULL), "PAGE_NOACCESS mapping\n");
    expect_error(ERROR_INVALID_PARAMETER);
    mapping = CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READONLY, 0, 0x1000, NULL);
    ok(mapping != NULL, "read-only mapping failed: %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    ok(!MapViewOfFile(mapping, FILE_MAP_WRITE, 0, 0, 0), "writable view of a read-only mapping\n");
    expect_error(ERROR_ACCESS_DENIED);
    view = MapViewOfFile(mapping, FILE_MAP_READ, 0, 0, 0);
    ok(view && view[0] == 0, "read view of a read-only mapping\n");
    UnmapViewOfFile(view);
    CloseHandle(mapping);
}

static void write_bytes(const char *name, const char *data, DWORD size)
{
    HANDLE h = CreateFileA(name, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    DWORD n;
    WriteFile(h, data, size, &n, NULL);
    CloseHandle(h);
}

static void test_file_mapping(void)
{
    HANDLE file, mapping;
    char *view, buffer[32];
    DWORD n;

    write_bytes("map.txt", "hello mapping", 13);
    file = CreateFileA("map.txt", GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
                       OPEN_EXISTING, 0, NULL);
    mapping = CreateFileMappingA(file, NULL, PAGE_READWRITE, 0, 0, NULL);
    ok(mapping != NULL, "CreateFileMapping of a file failed: %lu\n", GetLastError());
    view = MapViewOfFile(mapping, FILE_MAP_ALL_ACCESS, 0, 0, 0);
    ok(view != NULL, "MapViewOfFile failed: %lu\n", GetLastError());
    if (!view)
        return;
    ok(!memcmp(view, "hello mapping", 13) && view[13] == 0 && view[4095] == 0, "view contents \"%.13s\"\n", view);
    memcpy(view, "HELLO", 5);
    expect_success(FlushViewOfFile(view, 0));
    SetFilePointer(file, 0, NULL, FILE_BEGIN);
    memset(buffer, 0, sizeof buffer);
    ok(ReadFile(file, buffer, sizeof buffer, &n, NULL) && n == 13 && !memcmp(buffer, "HELLO mapping", 13),
       "file after FlushViewOfFile: %lu \"%s\"\n", n, buffer);
    ok(GetFileSize(file, NULL) == 13, "mapping changed the file size to %lu\n", GetFileSize(file, NULL));
    /* Unmapping writes back too. */
    memcpy(view + 6, "MAPPING", 7);
    expect_success(UnmapViewOfFile(view));
    CloseHandle(mapping);
    SetFilePointer(file, 0, NULL, FILE_BEGIN);
    memset(buffer, 0, sizeof buffer);
    ok(ReadFile(file, buffer, sizeof buffer, &n, NULL) && n == 13 && !memcmp(buffer, "HELLO MAPPING", 13),
       "file after unmapping: \"%s\"\n", buffer);

    /* A mapping larger than the file grows it. */
    mapping = CreateFileMappingA(file, NULL, PAGE_READWRITE, 0, 8192, NULL);
    ok(mapping != NULL, "larger mapping failed: %lu\n", GetLastError());
    ok(GetFileSize(file, NULL) == 8192, "file size %lu after a larger mapping\n", GetFileSize(file, NULL));
    view = MapViewOfFile(mapping, FILE_MAP_READ, 0, 0, 0);
    ok(view && !memcmp(view, "HELLO MAPPING", 13) && view[8191] == 0, "larger view contents\n");
    UnmapViewOfFile(view);
    CloseHandle(mapping);
    CloseHandle(file);

    /* Protections must fit the file handle; an empty file cannot be mapped. */
    file = CreateFileA("map.txt", GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING, 0, NULL);
    SetLastError(0xdeadbeef);
    ok(!CreateFileMappingA(file, NULL, PAGE_READWRITE, 0, 0, NULL), "writable mapping of a read-only handle\n");
    expect_error(ERROR_ACCESS_DENIED);
    mapping = CreateFileMappingA(file, NULL, PAGE_READONLY, 0, 0, NULL);
    ok(mapping != NULL, "read-only mapping of a read-only handle failed: %lu\n", GetLastError());
    view = MapViewOfFile(mapping, FILE_MAP_READ, 0, 0, 0);
    ok(view && view[0] == 'H', "read-only file view\n");
    SetLastError(0xdeadbeef);
    ok(!MapViewOfFile(mapping, FILE_MAP_WRITE, 0, 0, 0), "writable view of a read-only file mapping\n");
    expect_error(ERROR_ACCESS_DENIED);
    UnmapViewOfFile(view);
    CloseHandle(mapping);
    CloseHandle(file);

    write_bytes("empty.txt", "", 0);
    file = CreateFileA("empty.txt", GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    SetLastError(0xdeadbeef);
    ok(!CreateFileMappingA(file, NULL, PAGE_READWRITE, 0, 0, NULL), "mapping of an empty file\n");
    expect_error(ERROR_FILE_INVALID);
    CloseHandle(file);
    DeleteFileA("empty.txt");
    ok(DeleteFileA("map.txt"), "DeleteFile after the mapping went: %lu\n", GetLastError());
}

int main(void)
{
    SYSTEM_INFO si;
    MEMORY_BASIC_INFORMATION mbi;
    DWORD old;
    char *p, *q;
    HANDLE heap;
    conf_init("memory");

    GetSystemInfo(&si);
    ok(si.dwPageSize == 4096, "page size %lu\n", si.dwPageSize);
    ok(si.dwAllocationGranularity == 65536, "granularity %lu\n", si.dwAllocationGranularity);
    ok(si.dwNumberOfProcessors >= 1, "processors %lu\n", si.dwNumberOfProcessors);
    ok(si.lpMinimumApplicationAddress == (void *)0x10000, "minimum address %p\n", si.lpMinimumApplicationAddress);

    /* Reserve, then commit a part. */
    p = VirtualAlloc(NULL, 0x20000, MEM_RESERVE, PAGE_NOACCESS);
    ok(p != NULL && ((ULONG_PTR)p & 0xffff) == 0, "reserve %p\n", p);
    ok(VirtualQuery(p, &mbi, sizeof mbi) == sizeof mbi, "VirtualQuery\n");
    ok(mbi.BaseAddress == p && mbi.AllocationBase == p, "bases %p %p\n", mbi.BaseAddress, mbi.AllocationBase);
    ok(mbi.State == MEM_RESERVE && mbi.RegionSize == 0x20000, "reserved state %#lx size %#zx\n", mbi.State,
       (size_t)mbi.RegionSize);
    ok(mbi.Type == MEM_PRIVATE, "type %#lx\n", mbi.Type);
    ok(mbi.AllocationProtect == PAGE_NOACCESS, "allocation protect %#lx\n", mbi.AllocationProtect);
    q = VirtualAlloc(p + 0x1000, 0x1000, MEM_COMMIT, PAGE_READWRITE);
    ok(q == p + 0x1000, "commit returned %p\n", q);
    q[0] = 1;
    q[0xfff] = 2;
    ok(VirtualQuery(p + 0x1000, &mbi, sizeof mbi) && mbi.State == MEM_COMMIT && mbi.Protect == PAGE_READWRITE &&
       mbi.RegionSize == 0x1000, "committed page state %#lx protect %#lx size %#zx\n", mbi.State, mbi.Protect,
       (size_t)mbi.RegionSize);
    ok(VirtualQuery(p, &mbi, sizeof mbi) && mbi.State == MEM_RESERVE && mbi.RegionSize == 0x1000,
       "page before the commit\n");
    ok(VirtualQuery(p + 0x2000, &mbi, sizeof mbi) && mbi.State == MEM_RESERVE && mbi.RegionSize == 0x1e000,
       "pages after the commit: size %#zx\n", (size_t)mbi.RegionSize);

    /* Protection changes report the old protection. */
    ok(VirtualProtect(q, 0x1000, PAGE_READONLY, &old) && old == PAGE_READWRITE, "VirtualProtect old %#lx\n", old);
    ok(VirtualQuery(q, &mbi, sizeof mbi) && mbi.Protect == PAGE_READONLY, "protect after change %#lx\n", mbi.Protect);
    ok(q[0] == 1 && q[0xfff] == 2, "contents lost\n");
    ok(VirtualProtect(q, 1, PAGE_READWRITE, &old) && old == PAGE_READONLY, "VirtualProtect back\n");
    SetLastError(0xdeadbeef);
    ok(!VirtualProtect(p, 0x1000, PAGE_READWRITE, &old), "protecting reserved memory succeeded\n");
    expect_error(ERROR_INVALID_ADDRESS);

    /* Decommit and release. */
    expect_success(VirtualFree(q, 0x1000, MEM_DECOMMIT));
    ok(VirtualQuery(q, &mbi, sizeof mbi) && mbi.State == MEM_RESERVE, "decommitted state %#lx\n", mbi.State);
    expect_fail(VirtualFree(p, 0x1000, MEM_RELEASE), ERROR_INVALID_PARAMETER);
    expect_fail(VirtualFree(p + 0x1000, 0, MEM_RELEASE), ERROR_INVALID_ADDRESS);
    expect_success(VirtualFree(p, 0, MEM_RELEASE));
    ok(VirtualQuery(p, &mbi, sizeof mbi) && mbi.State == MEM_FREE, "released state %#lx\n", mbi.State);
    ok(!VirtualFree(p, 0, MEM_RELEASE), "releasing free memory succeeded\n");

    /* Commit without reserve, zero-filled; bad arguments. */
    p = VirtualAlloc(NULL, 100, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
    ok(p != NULL, "commit+reserve failed\n");
    {
        int zero = 1;
        for (int i = 0; i < 4096; i++)
            zero &= p[i] == 0;
        ok(zero, "new memory is not zero-filled\n");
    }
    ok(VirtualQuery(p, &mbi, sizeof mbi) && mbi.RegionSize == 0x1000, "size rounded to a page: %#zx\n",
       (size_t)mbi.RegionSize);
    VirtualFree(p, 0, MEM_RELEASE);
    SetLastError(0xdeadbeef);
    ok(VirtualAlloc(NULL, 0, MEM_COMMIT, PAGE_READWRITE) == NULL, "zero size\n");
    expect_error(ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    ok(VirtualAlloc(NULL, 0x1000, MEM_COMMIT, 0) == NULL, "zero protection\n");
    expect_error(ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    ok(VirtualAlloc(NULL, 0x1000, 0x12345678, PAGE_READWRITE) == NULL, "bad allocation type\n");
    expect_error(ERROR_INVALID_PARAMETER);
    ok(VirtualQuery((void *)0x1000, &mbi, sizeof mbi) && mbi.State == MEM_FREE, "page 1 is free\n");

    /* The process heap. */
    heap = GetProcessHeap();
    ok(heap != NULL, "GetProcessHeap\n");
    p = HeapAlloc(heap, HEAP_ZERO_MEMORY, 100);
    ok(p != NULL && ((ULONG_PTR)p & 15) == 0, "HeapAlloc alignment %p\n", p);
    ok(p[0] == 0 && p[99] == 0, "HEAP_ZERO_MEMORY\n");
    ok(HeapSize(heap, 0, p) == 100, "HeapSize %zu\n", HeapSize(heap, 0, p));
    memset(p, 'x', 100);
    q = HeapReAlloc(heap, 0, p, 5000);
    ok(q != NULL && HeapSize(heap, 0, q) == 5000, "HeapReAlloc grow\n");
    ok(q[0] == 'x' && q[99] == 'x', "HeapReAlloc lost the contents\n");
    p = HeapReAlloc(heap, HEAP_ZERO_MEMORY, q, 6000);
    ok(p != NULL && p[5999] == 0 && p[5000] == 0, "HeapReAlloc zeroes the growth\n");
    p = HeapReAlloc(heap, 0, p, 10);
    ok(p != NULL && HeapSize(heap, 0, p) == 10 && p[0] == 'x', "HeapReAlloc shrink\n");
    ok(HeapFree(heap, 0, p), "HeapFree\n");
    ok(HeapFree(heap, 0, NULL), "HeapFree(NULL)\n");
    p = HeapAlloc(heap, 0, 0);
    ok(p != NULL && HeapSize(heap, 0, p) == 0, "zero-byte allocation\n");
    HeapFree(heap, 0, p);

    /* A private heap. */
    heap = HeapCreate(0, 0, 0);
    ok(heap != NULL, "HeapCreate\n");
    {
        void *blocks[64];
        int distinct = 1;
        for (int i = 0; i < 64; i++) {
            blocks[i] = HeapAlloc(heap, 0, 16 * (i + 1));
            memset(blocks[i], i, 16 * (i + 1));
        }
        for (int i = 0; i < 64; i++)
            distinct &= ((unsigned char *)blocks[i])[16 * (i + 1) - 1] == i;
        ok(distinct, "heap blocks overlap\n");
        for (int i = 0; i < 64; i += 2)
            ok(HeapFree(heap, 0, blocks[i]), "HeapFree %d\n", i);
    }
    ok(HeapDestroy(heap), "HeapDestroy\n");
    heap = HeapCreate(0, 0x10000, 0x10000);
    ok(heap != NULL, "fixed-size heap\n");
    SetLastError(0xdeadbeef);
    ok(HeapAlloc(heap, 0, 0x100000) == NULL, "fixed heap grew\n");
    HeapDestroy(heap);

    /* Local and global memory. */
    p = LocalAlloc(LMEM_FIXED | LMEM_ZEROINIT, 64);
    ok(p != NULL && p[63] == 0, "LocalAlloc\n");
    ok(LocalFree(p) == NULL, "LocalFree\n");
    p = GlobalAlloc(GMEM_FIXED, 64);
    ok(p != NULL, "GlobalAlloc\n");
    ok(GlobalFree(p) == NULL, "GlobalFree\n");
    ok(LocalFree(NULL) == NULL, "LocalFree(NULL)\n");
    test_pagefile_mapping();
    test_file_mapping();
    return conf_summary();
}
