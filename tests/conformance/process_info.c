/* Process and thread information (issue 6): fiber-local storage and its callbacks, thread
 * priorities and priority boost, priority classes, affinity masks and processor counts,
 * SearchPath, pointer encoding, computer and user names, process heaps, and the ntdll run-time
 * helpers under them (time fields, integer text, image headers, CRC-32, stack back-traces,
 * dynamic function tables, breakpoints).
 *
 * What is left out, and why: REALTIME_PRIORITY_CLASS (Windows quietly gives HIGH to callers
 * without SeIncreaseBasePriorityPrivilege), exact processor counts and names (they are the
 * machine's), FLS slot numbering (the CRT takes slots first), and running code through a dynamic
 * function table (only the lookup is checked, which is what the table is for). */

#include "conformance.h"
#include <winternl.h>

#ifndef STATUS_BUFFER_OVERFLOW
#define STATUS_BUFFER_OVERFLOW ((NTSTATUS)0x80000005)
#endif

/* ntdll exports reached through GetProcAddress: mingw's import library lacks several. */
typedef struct {
    SHORT Year, Month, Day, Hour, Minute, Second, Milliseconds, Weekday;
} TIME_FIELDS_;
static void (WINAPI *pRtlTimeToTimeFields)(const LARGE_INTEGER *, TIME_FIELDS_ *);
static BOOLEAN (WINAPI *pRtlTimeFieldsToTime)(TIME_FIELDS_ *, LARGE_INTEGER *);
static BOOLEAN (WINAPI *pRtlTimeToSecondsSince1970)(const LARGE_INTEGER *, ULONG *);
static void (WINAPI *pRtlSecondsSince1970ToTime)(ULONG, LARGE_INTEGER *);
static BOOLEAN (WINAPI *pRtlQueryPerformanceCounter)(LARGE_INTEGER *);
static BOOLEAN (WINAPI *pRtlQueryPerformanceFrequency)(LARGE_INTEGER *);
static NTSTATUS (WINAPI *pRtlIntegerToChar)(ULONG, ULONG, ULONG, PCHAR);
static NTSTATUS (WINAPI *pRtlIntegerToUnicodeString)(ULONG, ULONG, UNICODE_STRING *);
static NTSTATUS (WINAPI *pRtlCharToInteger)(const char *, ULONG, ULONG *);
static NTSTATUS (WINAPI *pRtlUnicodeStringToInteger)(const UNICODE_STRING *, ULONG, ULONG *);
static PVOID (WINAPI *pRtlImageNtHeader)(PVOID);
static PVOID (WINAPI *pRtlImageDirectoryEntryToData)(PVOID, BOOLEAN, USHORT, ULONG *);
static PVOID (WINAPI *pRtlImageRvaToVa)(PVOID, PVOID, ULONG, PVOID *);
static ULONG (WINAPI *pRtlComputeCrc32)(ULONG, const void *, ULONG);
static BOOLEAN (WINAPI *pRtlGetNtProductType)(ULONG *);
static BOOLEAN (WINAPI *pRtlDoesFileExists_U)(const WCHAR *);
static ULONG (WINAPI *pRtlDosSearchPath_U)(const WCHAR *, const WCHAR *, const WCHAR *, ULONG, WCHAR *, WCHAR **);
static ULONG (__cdecl *pDbgPrint)(const char *, ...);
static void (WINAPI *pDbgBreakPoint)(void);

static void load_ntdll(void)
{
    HMODULE ntdll = GetModuleHandleA("ntdll.dll");
#define LOAD(name) p##name = (void *)GetProcAddress(ntdll, #name); ok(p##name != NULL, "ntdll lacks %s\n", #name)
    LOAD(RtlTimeToTimeFields);
    LOAD(RtlTimeFieldsToTime);
    LOAD(RtlTimeToSecondsSince1970);
    LOAD(RtlSecondsSince1970ToTime);
    LOAD(RtlQueryPerformanceCounter);
    LOAD(RtlQueryPerformanceFrequency);
    LOAD(RtlIntegerToChar);
    LOAD(RtlIntegerToUnicodeString);
    LOAD(RtlCharToInteger);
    LOAD(RtlUnicodeStringToInteger);
    LOAD(RtlImageNtHeader);
    LOAD(RtlImageDirectoryEntryToData);
    LOAD(RtlImageRvaToVa);
    LOAD(RtlComputeCrc32);
    LOAD(RtlGetNtProductType);
    LOAD(RtlDoesFileExists_U);
    LOAD(RtlDosSearchPath_U);
    LOAD(DbgPrint);
    LOAD(DbgBreakPoint);
#undef LOAD
}

/* ---- Fiber-local storage ---------------------------------------------------------------- */

static LONG fls_calls;
static void *fls_last_value;
static DWORD fls_last_thread;

static void WINAPI fls_callback(void *value)
{
    InterlockedIncrement(&fls_calls);
    fls_last_value = value;
    fls_last_thread = GetCurrentThreadId();
}

static DWORD fls_index;
static HANDLE fls_set_event, fls_go_event;

static DWORD WINAPI fls_return_thread(void *arg)
{
    FlsSetValue(fls_index, arg);
    return 0; /* the callback runs as the thread routine returns */
}

static DWORD WINAPI fls_exit_thread(void *arg)
{
    FlsSetValue(fls_index, arg);
    ExitThread(0); /* ... and in ExitThread */
}

static DWORD WINAPI fls_null_thread(void *arg)
{
    (void)arg;
    FlsSetValue(fls_index, NULL); /* a NULL value gets no callback */
    return 0;
}

static DWORD WINAPI fls_waiting_thread(void *arg)
{
    FlsSetValue(fls_index, arg);
    SetEvent(fls_set_event);
    WaitForSingleObject(fls_go_event, INFINITE);
    return 0;
}

static void run_thread(LPTHREAD_START_ROUTINE routine, void *arg)
{
    HANDLE thread = CreateThread(NULL, 0, routine, arg, 0, NULL);
    ok(thread != NULL, "CreateThread failed, error %lu\n", GetLastError());
    ok(WaitForSingleObject(thread, 10000) == WAIT_OBJECT_0, "thread did not end\n");
    CloseHandle(thread);
}

static void test_fls(void)
{
    DWORD index, index2, tls;
    void *value;
    HANDLE thread;

    SetLastError(0xdeadbeef);
    index = FlsAlloc(NULL);
    ok(index != FLS_OUT_OF_INDEXES, "FlsAlloc failed, error %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    value = FlsGetValue(index);
    ok(value == NULL, "a new slot holds %p\n", value);
    expect_error(ERROR_SUCCESS);
    expect_success(FlsSetValue(index, (void *)0x1234));
    ok(FlsGetValue(index) == (void *)0x1234, "FlsGetValue returned %p\n", FlsGetValue(index));
    index2 = FlsAlloc(NULL);
    ok(index2 != FLS_OUT_OF_INDEXES && index2 != index, "second index %lu\n", index2);
    ok(FlsGetValue(index2) == NULL, "the second slot is not empty\n");
    ok(FlsGetValue(index) == (void *)0x1234, "setting one slot changed another\n");

    /* FLS and TLS are separate. */
    tls = TlsAlloc();
    ok(tls != TLS_OUT_OF_INDEXES, "TlsAlloc failed\n");
    TlsSetValue(tls, (void *)0x99);
    ok(FlsGetValue(index) == (void *)0x1234, "TlsSetValue changed an FLS slot\n");
    TlsFree(tls);

    expect_success(FlsFree(index2));
    expect_success(FlsFree(index));

    /* Freeing twice, index 0 and FLS_OUT_OF_INDEXES are invalid. (FlsGetValue/FlsSetValue on a
     * freed index are not checked: Wine accepts them, and Microsoft documents nothing.) */
    expect_fail(FlsFree(index), ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    ok(FlsGetValue(0) == NULL, "FlsGetValue(0) returned a value\n");
    expect_error(ERROR_INVALID_PARAMETER);
    expect_fail(FlsSetValue(0, (void *)1), ERROR_INVALID_PARAMETER);
    expect_fail(FlsFree(0), ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    ok(FlsGetValue(FLS_OUT_OF_INDEXES) == NULL, "FlsGetValue(FLS_OUT_OF_INDEXES) returned a value\n");
    expect_error(ERROR_INVALID_PARAMETER);
    expect_fail(FlsFree(FLS_OUT_OF_INDEXES), ERROR_INVALID_PARAMETER);

    /* FlsFree hands the calling thread's non-null value to the callback. */
    fls_index = FlsAlloc(fls_callback);
    ok(fls_index != FLS_OUT_OF_INDEXES, "FlsAlloc with a callback failed\n");
    fls_calls = 0;
    FlsSetValue(fls_index, (void *)0xabc);
    expect_success(FlsFree(fls_index));
    ok(fls_calls == 1, "callback ran %ld times at FlsFree\n", fls_calls);
    ok(fls_last_value == (void *)0xabc, "callback got %p\n", fls_last_value);

    /* No callback for a slot holding NULL. */
    fls_index = FlsAlloc(fls_callback);
    fls_calls = 0;
    expect_success(FlsFree(fls_index));
    ok(fls_calls == 0, "callback ran for an empty slot\n");

    /* Callbacks run as a thread ends, returning or through ExitThread, on that thread. */
    fls_index = FlsAlloc(fls_callback);
    fls_calls = 0;
    run_thread(fls_return_thread, (void *)0x111);
    ok(fls_calls == 1, "callback ran %ld times when the thread returned\n", fls_calls);
    ok(fls_last_value == (void *)0x111, "callback got %p\n", fls_last_value);
    ok(fls_last_thread != GetCurrentThreadId(), "the callback ran on the main thread\n");
    run_thread(fls_exit_thread, (void *)0x222);
    ok(fls_calls == 2, "callback ran %ld times after ExitThread\n", fls_calls);
    ok(fls_last_value == (void *)0x222, "callback got %p\n", fls_last_value);
    run_thread(fls_null_thread, NULL);
    ok(fls_calls == 2, "callback ran for a thread's NULL value\n");
    /* The other threads' values never reach this thread. */
    ok(FlsGetValue(fls_index) == NULL, "the main thread sees another thread's value\n");

    /* FlsFree runs the callback for another live thread's value, once. */
    fls_set_event = CreateEventA(NULL, TRUE, FALSE, NULL);
    fls_go_event = CreateEventA(NULL, TRUE, FALSE, NULL);
    thread = CreateThread(NULL, 0, fls_waiting_thread, (void *)0x333, 0, NULL);
    ok(WaitForSingleObject(fls_set_event, 10000) == WAIT_OBJECT_0, "thread did not set its value\n");
    fls_calls = 0;
    expect_success(FlsFree(fls_index));
    ok(fls_calls == 1, "callback ran %ld times for the other thread's value\n", fls_calls);
    ok(fls_last_value == (void *)0x333, "callback got %p\n", fls_last_value);
    SetEvent(fls_go_event);
    ok(WaitForSingleObject(thread, 10000) == WAIT_OBJECT_0, "thread did not end\n");
    ok(fls_calls == 1, "the callback ran again at thread exit after FlsFree\n");
    CloseHandle(thread);
    CloseHandle(fls_set_event);
    CloseHandle(fls_go_event);

    /* Slots run out with FLS_OUT_OF_INDEXES. */
    {
        static DWORD taken[8192];
        int count = 0, i;
        while (count < 8192) {
            DWORD got = FlsAlloc(NULL);
            if (got == FLS_OUT_OF_INDEXES)
                break;
            taken[count++] = got;
        }
        ok(count > 100 && count < 8192, "FlsAlloc gave %d slots before running out\n", count);
        for (i = 0; i < count; ++i)
            FlsFree(taken[i]);
        index = FlsAlloc(NULL);
        ok(index != FLS_OUT_OF_INDEXES, "no slot after freeing them all\n");
        FlsFree(index);
    }
}

/* At process exit the exiting thread's FLS callbacks run too: a child process proves it with
 * a file its callback creates. */
static void WINAPI fls_exit_callback(void *value)
{
    HANDLE file = CreateFileA((const char *)value, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    CloseHandle(file);
}

static int fls_child(void)
{
    static char marker[] = "fls_exit_marker";
    DWORD index = FlsAlloc(fls_exit_callback);
    if (index == FLS_OUT_OF_INDEXES || !FlsSetValue(index, marker))
        return 2;
    return 0; /* exit() -> ExitProcess runs the callback */
}

static void test_fls_at_process_exit(void)
{
    char command[MAX_PATH + 32], self[MAX_PATH];
    STARTUPINFOA startup = {sizeof(startup)};
    PROCESS_INFORMATION child;
    DWORD code = 0xdead;

    DeleteFileA("fls_exit_marker");
    GetModuleFileNameA(NULL, self, MAX_PATH);
    snprintf(command, sizeof(command), "\"%s\" fls-child", self);
    ok(CreateProcessA(NULL, command, NULL, NULL, FALSE, 0, NULL, NULL, &startup, &child),
       "CreateProcess failed, error %lu\n", GetLastError());
    ok(WaitForSingleObject(child.hProcess, 20000) == WAIT_OBJECT_0, "child did not end\n");
    GetExitCodeProcess(child.hProcess, &code);
    ok(code == 0, "child exit code %lu\n", code);
    CloseHandle(child.hProcess);
    CloseHandle(child.hThread);
    ok(GetFileAttributesA("fls_exit_marker") != INVALID_FILE_ATTRIBUTES, "no FLS callback at process exit\n");
    DeleteFileA("fls_exit_marker");
}

/* ---- Thread priorities ------------------------------------------------------------------ */

static DWORD WINAPI idle_thread(void *arg)
{
    (void)arg;
    return 0;
}

static void test_thread_priority(void)
{
    static const int valid[] = {THREAD_PRIORITY_LOWEST, THREAD_PRIORITY_BELOW_NORMAL, THREAD_PRIORITY_NORMAL,
                                THREAD_PRIORITY_ABOVE_NORMAL, THREAD_PRIORITY_HIGHEST,
                                THREAD_PRIORITY_TIME_CRITICAL, THREAD_PRIORITY_IDLE};
    static const int invalid[] = {3, -3, 14, -14, 16, -16, 100};
    HANDLE self = GetCurrentThread(), thread;
    BOOL boost;
    int i, got;

    ok(GetThreadPriority(self) == THREAD_PRIORITY_NORMAL, "initial priority %d\n", GetThreadPriority(self));
    for (i = 0; i < (int)(sizeof(valid) / sizeof(valid[0])); ++i) {
        expect_success(SetThreadPriority(self, valid[i]));
        got = GetThreadPriority(self);
        ok(got == valid[i], "set %d, read %d\n", valid[i], got);
    }
    SetThreadPriority(self, THREAD_PRIORITY_ABOVE_NORMAL);
    for (i = 0; i < (int)(sizeof(invalid) / sizeof(invalid[0])); ++i) {
        expect_fail(SetThreadPriority(self, invalid[i]), ERROR_INVALID_PARAMETER);
        ok(GetThreadPriority(self) == THREAD_PRIORITY_ABOVE_NORMAL, "a refused %d changed the priority\n", invalid[i]);
    }
    SetThreadPriority(self, THREAD_PRIORITY_NORMAL);

    /* Bad handles. */
    SetLastError(0xdeadbeef);
    ok(GetThreadPriority((HANDLE)0xbad0) == THREAD_PRIORITY_ERROR_RETURN, "bad handle gave a priority\n");
    expect_error(ERROR_INVALID_HANDLE);
    expect_fail(SetThreadPriority((HANDLE)0xbad0, THREAD_PRIORITY_NORMAL), ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ok(GetThreadPriority(NULL) == THREAD_PRIORITY_ERROR_RETURN, "NULL handle gave a priority\n");
    expect_error(ERROR_INVALID_HANDLE);

    /* Another thread's priority, through its handle. */
    thread = CreateThread(NULL, 0, idle_thread, NULL, CREATE_SUSPENDED, NULL);
    ok(thread != NULL, "CreateThread failed\n");
    ok(GetThreadPriority(thread) == THREAD_PRIORITY_NORMAL, "new thread priority %d\n", GetThreadPriority(thread));
    expect_success(SetThreadPriority(thread, THREAD_PRIORITY_LOWEST));
    ok(GetThreadPriority(thread) == THREAD_PRIORITY_LOWEST, "other thread priority %d\n", GetThreadPriority(thread));
    ok(GetThreadPriority(self) == THREAD_PRIORITY_NORMAL, "setting another thread changed this one\n");
    ResumeThread(thread);
    WaitForSingleObject(thread, 10000);
    CloseHandle(thread);

    /* Priority boost: on by default (disabled == FALSE), and switchable. Wine accepts the switch
     * but does not keep it (nor check handles), so what Windows documents is checked elsewhere. */
    boost = 0xdead;
    expect_success(GetThreadPriorityBoost(self, &boost));
    ok(boost == FALSE, "boost disabled %d by default\n", boost);
    expect_success(SetThreadPriorityBoost(self, TRUE));
    if (running_on_wine()) {
        SetThreadPriorityBoost(self, FALSE);
        return;
    }
    expect_success(GetThreadPriorityBoost(self, &boost));
    ok(boost == TRUE, "boost disabled %d after disabling\n", boost);
    expect_success(SetThreadPriorityBoost(self, FALSE));
    expect_success(GetThreadPriorityBoost(self, &boost));
    ok(boost == FALSE, "boost disabled %d after enabling\n", boost);
    expect_fail(GetThreadPriorityBoost((HANDLE)0xbad0, &boost), ERROR_INVALID_HANDLE);
}

/* ---- Priority classes ------------------------------------------------------------------- */

static void test_priority_class(void)
{
    static const DWORD classes[] = {BELOW_NORMAL_PRIORITY_CLASS, ABOVE_NORMAL_PRIORITY_CLASS, IDLE_PRIORITY_CLASS,
                                    HIGH_PRIORITY_CLASS, NORMAL_PRIORITY_CLASS};
    HANDLE self = GetCurrentProcess();
    BOOL boost;
    int i;

    ok(GetPriorityClass(self) == NORMAL_PRIORITY_CLASS, "initial class %#lx\n", GetPriorityClass(self));
    for (i = 0; i < (int)(sizeof(classes) / sizeof(classes[0])); ++i) {
        expect_success(SetPriorityClass(self, classes[i]));
        ok(GetPriorityClass(self) == classes[i], "set %#lx, read %#lx\n", classes[i], GetPriorityClass(self));
    }
    /* A thread's priority is relative to its class: changing the class keeps it. */
    SetThreadPriority(GetCurrentThread(), THREAD_PRIORITY_BELOW_NORMAL);
    SetPriorityClass(self, ABOVE_NORMAL_PRIORITY_CLASS);
    ok(GetThreadPriority(GetCurrentThread()) == THREAD_PRIORITY_BELOW_NORMAL, "class change moved the thread to %d\n",
       GetThreadPriority(GetCurrentThread()));
    SetThreadPriority(GetCurrentThread(), THREAD_PRIORITY_NORMAL);
    SetPriorityClass(self, NORMAL_PRIORITY_CLASS);

    expect_fail(SetPriorityClass(self, 0), ERROR_INVALID_PARAMETER);
    expect_fail(SetPriorityClass(self, 0x12345), ERROR_INVALID_PARAMETER);
    expect_fail(SetPriorityClass(self, NORMAL_PRIORITY_CLASS | HIGH_PRIORITY_CLASS), ERROR_INVALID_PARAMETER);
    ok(GetPriorityClass(self) == NORMAL_PRIORITY_CLASS, "a refused class changed it to %#lx\n", GetPriorityClass(self));
    SetLastError(0xdeadbeef);
    ok(GetPriorityClass((HANDLE)0xbad0) == 0, "bad handle gave a class\n");
    expect_error(ERROR_INVALID_HANDLE);
    expect_fail(SetPriorityClass((HANDLE)0xbad0, NORMAL_PRIORITY_CLASS), ERROR_INVALID_HANDLE);

    boost = 0xdead;
    expect_success(GetProcessPriorityBoost(self, &boost));
    ok(boost == FALSE, "process boost disabled %d by default\n", boost);
    expect_success(SetProcessPriorityBoost(self, TRUE));
    if (!running_on_wine()) { /* see test_thread_priority */
        expect_success(GetProcessPriorityBoost(self, &boost));
        ok(boost == TRUE, "process boost disabled %d after disabling\n", boost);
    }
    expect_success(SetProcessPriorityBoost(self, FALSE));
}

/* ---- Affinity and processors -------------------------------------------------------------- */

static int bit_count(DWORD_PTR mask)
{
    int count = 0;
    for (; mask; mask &= mask - 1)
        ++count;
    return count;
}

static void test_affinity(void)
{
    DWORD_PTR process_mask = 0, system_mask = 0, previous, lowest;
    SYSTEM_INFO info;
    PROCESSOR_NUMBER number;
    DWORD count;

    expect_success(GetProcessAffinityMask(GetCurrentProcess(), &process_mask, &system_mask));
    ok(system_mask != 0, "empty system mask\n");
    ok(process_mask != 0 && (process_mask & ~system_mask) == 0, "process mask %#llx, system %#llx\n",
       (unsigned long long)process_mask, (unsigned long long)system_mask);
    GetSystemInfo(&info);
    ok(info.dwActiveProcessorMask == system_mask, "GetSystemInfo mask %#llx, system %#llx\n",
       (unsigned long long)info.dwActiveProcessorMask, (unsigned long long)system_mask);
    ok((DWORD)bit_count(system_mask) == info.dwNumberOfProcessors, "%d bits for %lu processors\n",
       bit_count(system_mask), info.dwNumberOfProcessors);
    count = GetActiveProcessorCount(ALL_PROCESSOR_GROUPS);
    ok(count == info.dwNumberOfProcessors, "GetActiveProcessorCount %lu, GetSystemInfo %lu\n", count,
       info.dwNumberOfProcessors);
    ok(GetActiveProcessorCount(0) == count, "group 0 has %lu processors\n", GetActiveProcessorCount(0));
    ok(GetMaximumProcessorCount(ALL_PROCESSOR_GROUPS) >= count, "fewer possible than active processors\n");
    ok(GetActiveProcessorGroupCount() == 1, "%u groups\n", GetActiveProcessorGroupCount());
    ok(GetCurrentProcessorNumber() < count, "running on processor %lu of %lu\n", GetCurrentProcessorNumber(), count);
    memset(&number, 0xcc, sizeof(number));
    GetCurrentProcessorNumberEx(&number);
    ok(number.Group == 0 && number.Number < count, "processor group %u number %u\n", number.Group, number.Number);

    /* SetThreadAffinityMask returns the previous mask. */
    lowest = system_mask & (0 - system_mask);
    SetLastError(0xdeadbeef);
    previous = SetThreadAffinityMask(GetCurrentThread(), lowest);
    ok(previous == process_mask, "previous thread mask %#llx, process %#llx\n", (unsigned long long)previous,
       (unsigned long long)process_mask);
    previous = SetThreadAffinityMask(GetCurrentThread(), process_mask);
    ok(previous == lowest, "previous thread mask %#llx, expected %#llx\n", (unsigned long long)previous,
       (unsigned long long)lowest);
    SetLastError(0xdeadbeef);
    ok(SetThreadAffinityMask(GetCurrentThread(), 0) == 0, "an empty mask was accepted\n");
    expect_error(ERROR_INVALID_PARAMETER);
    if (system_mask != ~(DWORD_PTR)0) {
        DWORD_PTR outside = ~system_mask & (0 - ~system_mask);
        SetLastError(0xdeadbeef);
        ok(SetThreadAffinityMask(GetCurrentThread(), outside) == 0, "a mask outside the system's was accepted\n");
        expect_error(ERROR_INVALID_PARAMETER);
        expect_fail(SetProcessAffinityMask(GetCurrentProcess(), outside), ERROR_INVALID_PARAMETER);
        expect_fail(SetProcessAffinityMask(GetCurrentProcess(), outside | system_mask), ERROR_INVALID_PARAMETER);
    }
    SetLastError(0xdeadbeef);
    ok(SetThreadAffinityMask((HANDLE)0xbad0, lowest) == 0, "bad thread handle accepted\n");
    expect_error(ERROR_INVALID_HANDLE);
    expect_fail(SetProcessAffinityMask(GetCurrentProcess(), 0), ERROR_INVALID_PARAMETER);
    expect_success(SetProcessAffinityMask(GetCurrentProcess(), system_mask));
    expect_success(GetProcessAffinityMask(GetCurrentProcess(), &process_mask, &system_mask));
    ok(process_mask == system_mask, "process mask %#llx after setting %#llx\n", (unsigned long long)process_mask,
       (unsigned long long)system_mask);
    expect_fail(GetProcessAffinityMask((HANDLE)0xbad0, &process_mask, &system_mask), ERROR_INVALID_HANDLE);
}

/* ---- SearchPath ------------------------------------------------------------------------- */

static void create_file(const char *name)
{
    HANDLE file = CreateFileA(name, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    ok(file != INVALID_HANDLE_VALUE, "cannot create %s, error %lu\n", name, GetLastError());
    CloseHandle(file);
}

static void test_search_path(void)
{
    char buffer[MAX_PATH], full[MAX_PATH], sub_full[MAX_PATH], *part = NULL;
    WCHAR wbuffer[MAX_PATH], *wpart = NULL;
    DWORD length, full_length;

    create_file("sp_test.txt");
    CreateDirectoryA("sp_dir", NULL);
    create_file("sp_dir\\inner.dat");
    full_length = GetFullPathNameA("sp_test.txt", MAX_PATH, full, NULL);
    GetFullPathNameA("sp_dir\\inner.dat", MAX_PATH, sub_full, NULL);

    SetLastError(0xdeadbeef);
    length = SearchPathA(".", "sp_test.txt", NULL, MAX_PATH, buffer, &part);
    ok(length == full_length, "length %lu, expected %lu\n", length, full_length);
    ok(!lstrcmpiA(buffer, full), "found %s, expected %s\n", buffer, full);
    ok(part && !strcmp(part, "sp_test.txt"), "file part %s\n", part ? part : "(null)");
    ok(length == strlen(buffer), "length %lu for %s\n", length, buffer);

    /* The extension is added only to a name without one. */
    length = SearchPathA(".", "sp_test", ".txt", MAX_PATH, buffer, NULL);
    ok(length == full_length && !lstrcmpiA(buffer, full), "with extension: %lu %s\n", length, buffer);
    length = SearchPathA(".", "sp_test.txt", ".dat", MAX_PATH, buffer, NULL);
    ok(length == full_length && !lstrcmpiA(buffer, full), "extension ignored: %lu %s\n", length, buffer);
    length = SearchPathA("sp_dir", "inner", ".dat", MAX_PATH, buffer, &part);
    ok(length && !lstrcmpiA(buffer, sub_full), "in a subdirectory: %lu %s\n", length, buffer);
    ok(part && !strcmp(part, "inner.dat"), "file part %s\n", part ? part : "(null)");

    /* Every entry of the list is tried in order. */
    length = SearchPathA("missing_dir;sp_dir;.", "inner.dat", NULL, MAX_PATH, buffer, NULL);
    ok(length && !lstrcmpiA(buffer, sub_full), "list search: %lu %s\n", length, buffer);
    length = SearchPathA("missing_dir;.", "sp_test.txt", NULL, MAX_PATH, buffer, NULL);
    ok(length == full_length && !lstrcmpiA(buffer, full), "list search: %lu %s\n", length, buffer);

    /* The default search order includes the current directory. */
    length = SearchPathA(NULL, "sp_test.txt", NULL, MAX_PATH, buffer, NULL);
    ok(length == full_length && !lstrcmpiA(buffer, full), "default order: %lu %s\n", length, buffer);

    /* A name with a path of its own is not searched for. */
    length = SearchPathA("missing_dir", full, NULL, MAX_PATH, buffer, NULL);
    ok(length == full_length && !lstrcmpiA(buffer, full), "absolute name: %lu %s\n", length, buffer);

    /* Too small: the size needed, NUL included, and nothing written. */
    memset(buffer, 'x', sizeof(buffer));
    length = SearchPathA(".", "sp_test.txt", NULL, 4, buffer, &part);
    ok(length == full_length + 1, "too small: %lu, expected %lu\n", length, full_length + 1);
    length = SearchPathA(".", "sp_test.txt", NULL, full_length, buffer, NULL);
    ok(length == full_length + 1, "one short: %lu, expected %lu\n", length, full_length + 1);
    length = SearchPathA(".", "sp_test.txt", NULL, full_length + 1, buffer, NULL);
    ok(length == full_length, "exact fit: %lu, expected %lu\n", length, full_length);

    SetLastError(0xdeadbeef);
    ok(SearchPathA(".", "sp_missing.txt", NULL, MAX_PATH, buffer, NULL) == 0, "found a missing file\n");
    expect_error(ERROR_FILE_NOT_FOUND);
    SetLastError(0xdeadbeef);
    ok(SearchPathA("missing_dir", "sp_test.txt", NULL, MAX_PATH, buffer, NULL) == 0, "found outside the path\n");
    expect_error(ERROR_FILE_NOT_FOUND);
    SetLastError(0xdeadbeef);
    ok(SearchPathA(".", "", NULL, MAX_PATH, buffer, NULL) == 0, "empty name found\n");
    expect_error(ERROR_INVALID_PARAMETER);

    /* The Unicode variant. */
    length = SearchPathW(L".", L"sp_test.txt", NULL, MAX_PATH, wbuffer, &wpart);
    ok(length == full_length, "SearchPathW length %lu\n", length);
    ok(wpart && !lstrcmpW(wpart, L"sp_test.txt"), "SearchPathW file part wrong\n");
    SetLastError(0xdeadbeef);
    ok(SearchPathW(L".", L"sp_missing.txt", NULL, MAX_PATH, wbuffer, NULL) == 0, "SearchPathW found a missing file\n");
    expect_error(ERROR_FILE_NOT_FOUND);
    SetLastError(0xdeadbeef);
    ok(SearchPathW(L".", L"", NULL, MAX_PATH, wbuffer, NULL) == 0, "SearchPathW: empty name found\n");
    expect_error(ERROR_INVALID_PARAMETER);
    length = SearchPathW(L".", L"sp_test.txt", NULL, 2, wbuffer, NULL);
    ok(length == full_length + 1, "SearchPathW too small: %lu\n", length);

    /* ntdll's pieces. */
    ok(pRtlDoesFileExists_U(L"sp_test.txt"), "RtlDoesFileExists_U misses a file\n");
    ok(pRtlDoesFileExists_U(L"sp_dir\\inner.dat"), "RtlDoesFileExists_U misses a file in a directory\n");
    ok(!pRtlDoesFileExists_U(L"sp_missing.txt"), "RtlDoesFileExists_U finds a missing file\n");
    length = pRtlDosSearchPath_U(L"missing_dir;sp_dir", L"inner.dat", NULL, sizeof(wbuffer), wbuffer, &wpart);
    ok(length == lstrlenW(wbuffer) * sizeof(WCHAR) && length > 0, "RtlDosSearchPath_U returned %lu\n", length);
    ok(wpart && !lstrcmpW(wpart, L"inner.dat"), "RtlDosSearchPath_U file part wrong\n");
    ok(pRtlDosSearchPath_U(L".", L"sp_missing.txt", NULL, sizeof(wbuffer), wbuffer, NULL) == 0,
       "RtlDosSearchPath_U found a missing file\n");

    DeleteFileA("sp_dir\\inner.dat");
    RemoveDirectoryA("sp_dir");
    DeleteFileA("sp_test.txt");
}

/* ---- Pointer encoding ------------------------------------------------------------------- */

static void test_pointer_encoding(void)
{
    static void *values[] = {NULL, (void *)1, (void *)0x12345678, (void *)test_pointer_encoding, (void *)~(ULONG_PTR)0};
    int i, changed = 0;

    for (i = 0; i < (int)(sizeof(values) / sizeof(values[0])); ++i) {
        void *encoded = EncodePointer(values[i]);
        ok(DecodePointer(encoded) == values[i], "EncodePointer round trip of %p gave %p\n", values[i],
           DecodePointer(encoded));
        ok(EncodePointer(values[i]) == encoded, "EncodePointer is not stable for %p\n", values[i]);
        ok(DecodeSystemPointer(EncodeSystemPointer(values[i])) == values[i], "EncodeSystemPointer round trip of %p\n",
           values[i]);
        if (encoded != values[i])
            ++changed;
    }
    ok(changed >= 4, "EncodePointer left %d of 5 pointers unchanged\n", 5 - changed);
}

/* ---- Computer and user names ------------------------------------------------------------ */

static void test_computer_name(void)
{
    char name[256], upper_dns[256];
    WCHAR wname[256];
    DWORD size, length;
    HKEY key;

    size = sizeof(name);
    expect_success(GetComputerNameA(name, &size));
    length = strlen(name);
    ok(size == length, "size %lu for %s\n", size, name);
    ok(length > 0 && length <= MAX_COMPUTERNAME_LENGTH, "computer name length %lu\n", length);

    /* Too small: ERROR_BUFFER_OVERFLOW and the size needed, NUL included. */
    size = 0;
    expect_fail(GetComputerNameA(name, &size), ERROR_BUFFER_OVERFLOW);
    ok(size == length + 1, "size %lu, expected %lu\n", size, length + 1);
    size = length;
    expect_fail(GetComputerNameA(name, &size), ERROR_BUFFER_OVERFLOW);
    ok(size == length + 1, "size %lu, expected %lu\n", size, length + 1);
    size = length + 1;
    expect_success(GetComputerNameA(name, &size));
    ok(size == length, "exact fit: size %lu\n", size);

    size = 256;
    expect_success(GetComputerNameW(wname, &size));
    ok(size == length && size == (DWORD)lstrlenW(wname), "GetComputerNameW size %lu\n", size);
    size = 1;
    expect_fail(GetComputerNameW(wname, &size), ERROR_BUFFER_OVERFLOW);
    ok(size == length + 1, "GetComputerNameW size %lu\n", size);

    /* GetComputerNameEx: the NetBIOS name is GetComputerName's; the DNS host name matches it. */
    size = 256;
    expect_success(GetComputerNameExW(ComputerNameNetBIOS, wname, &size));
    ok(size == length, "NetBIOS name length %lu, expected %lu\n", size, length);
    size = sizeof(upper_dns);
    expect_success(GetComputerNameExA(ComputerNameDnsHostname, upper_dns, &size));
    ok(size == strlen(upper_dns) && size > 0, "DNS host name size %lu\n", size);
    ok(!_strnicmp(upper_dns, name, length), "DNS host name %s, NetBIOS name %s\n", upper_dns, name);
    size = 0;
    expect_fail(GetComputerNameExA(ComputerNameDnsHostname, NULL, &size), ERROR_MORE_DATA);
    ok(size == strlen(upper_dns) + 1, "DNS host name needs %lu\n", size);
    size = 0;
    expect_fail(GetComputerNameExW(ComputerNameNetBIOS, NULL, &size), ERROR_MORE_DATA);
    ok(size == length + 1, "NetBIOS name needs %lu\n", size);
    size = 256;
    expect_fail(GetComputerNameExW(ComputerNameMax, wname, &size), ERROR_INVALID_PARAMETER);

    /* The name in effect lives in the registry. */
    ok(RegOpenKeyExA(HKEY_LOCAL_MACHINE, "System\\CurrentControlSet\\Control\\ComputerName\\ActiveComputerName", 0,
                     KEY_READ, &key) == ERROR_SUCCESS, "no ActiveComputerName key\n");
    {
        char value[256];
        DWORD type = 0, bytes = sizeof(value);
        ok(RegQueryValueExA(key, "ComputerName", NULL, &type, (BYTE *)value, &bytes) == ERROR_SUCCESS,
           "no ComputerName value\n");
        ok(type == REG_SZ && !strcmp(value, name), "registry has %s (type %lu), API %s\n", value, type, name);
        RegCloseKey(key);
    }
}

static void test_user_name(void)
{
    char name[256];
    WCHAR wname[256];
    DWORD size, length;

    size = sizeof(name);
    expect_success(GetUserNameA(name, &size));
    length = strlen(name);
    ok(length > 0, "empty user name\n");
    /* GetUserName counts the NUL, unlike GetComputerName. */
    ok(size == length + 1, "size %lu for %s\n", size, name);

    size = 0;
    expect_fail(GetUserNameA(name, &size), ERROR_INSUFFICIENT_BUFFER);
    ok(size == length + 1, "size %lu, expected %lu\n", size, length + 1);
    size = length;
    expect_fail(GetUserNameA(name, &size), ERROR_INSUFFICIENT_BUFFER);
    ok(size == length + 1, "size %lu, expected %lu\n", size, length + 1);
    size = length + 1;
    expect_success(GetUserNameA(name, &size));
    ok(size == length + 1, "exact fit: size %lu\n", size);

    size = 256;
    expect_success(GetUserNameW(wname, &size));
    ok(size == length + 1 && (DWORD)lstrlenW(wname) == length, "GetUserNameW size %lu\n", size);
    size = 1;
    expect_fail(GetUserNameW(wname, &size), ERROR_INSUFFICIENT_BUFFER);
    ok(size == length + 1, "GetUserNameW size %lu\n", size);
}

/* ---- Heaps ------------------------------------------------------------------------------ */

static void test_heaps(void)
{
    HANDLE heaps[64], heap;
    DWORD count, count2, i;
    BOOL found = FALSE;
    void *block;

    count = GetProcessHeaps(0, NULL);
    ok(count >= 1 && count <= 64, "%lu heaps\n", count);
    ok(GetProcessHeaps(64, heaps) == count, "count changed\n");
    for (i = 0; i < count && i < 64; ++i)
        found |= heaps[i] == GetProcessHeap();
    ok(found, "the process heap is not listed\n");

    heap = HeapCreate(0, 0, 0);
    ok(heap != NULL, "HeapCreate failed\n");
    count2 = GetProcessHeaps(64, heaps);
    ok(count2 == count + 1, "%lu heaps after HeapCreate, %lu before\n", count2, count);
    found = FALSE;
    for (i = 0; i < count2 && i < 64; ++i)
        found |= heaps[i] == heap;
    ok(found, "the new heap is not listed\n");

    block = HeapAlloc(heap, 0, 100);
    ok(HeapValidate(heap, 0, NULL), "HeapValidate of a fresh heap failed\n");
    ok(HeapValidate(heap, 0, block), "HeapValidate of a live block failed\n");
    ok(HeapValidate(GetProcessHeap(), 0, NULL), "HeapValidate of the process heap failed\n");
    HeapFree(heap, 0, block);
    HeapDestroy(heap);
    ok(GetProcessHeaps(0, NULL) == count, "HeapDestroy left %lu heaps\n", GetProcessHeaps(0, NULL));
}

/* ---- ntdll helpers ---------------------------------------------------------------------- */

static void test_time_fields(void)
{
    TIME_FIELDS_ fields;
    LARGE_INTEGER time, back;
    ULONG seconds;

    time.QuadPart = 0;
    pRtlTimeToTimeFields(&time, &fields);
    ok(fields.Year == 1601 && fields.Month == 1 && fields.Day == 1 && fields.Hour == 0 && fields.Weekday == 1,
       "epoch %d-%d-%d %d weekday %d\n", fields.Year, fields.Month, fields.Day, fields.Hour, fields.Weekday);

    /* 2000-02-29 12:34:56.789, a Tuesday. */
    fields.Year = 2000, fields.Month = 2, fields.Day = 29, fields.Hour = 12, fields.Minute = 34, fields.Second = 56;
    fields.Milliseconds = 789, fields.Weekday = 6; /* ignored */
    ok(pRtlTimeFieldsToTime(&fields, &time), "RtlTimeFieldsToTime refused a leap day\n");
    ok(time.QuadPart == 125963012967890000LL, "time %lld\n", time.QuadPart);
    memset(&fields, 0, sizeof(fields));
    pRtlTimeToTimeFields(&time, &fields);
    ok(fields.Year == 2000 && fields.Month == 2 && fields.Day == 29 && fields.Hour == 12 && fields.Minute == 34 &&
           fields.Second == 56 && fields.Milliseconds == 789 && fields.Weekday == 2,
       "got %d-%d-%d %d:%d:%d.%d weekday %d\n", fields.Year, fields.Month, fields.Day, fields.Hour, fields.Minute,
       fields.Second, fields.Milliseconds, fields.Weekday);

    /* The last day of a year and the first of the next. */
    fields.Year = 2023, fields.Month = 12, fields.Day = 31, fields.Hour = 23, fields.Minute = 59, fields.Second = 59;
    fields.Milliseconds = 999;
    ok(pRtlTimeFieldsToTime(&fields, &time), "RtlTimeFieldsToTime refused 2023-12-31\n");
    time.QuadPart += 10000; /* one millisecond */
    pRtlTimeToTimeFields(&time, &fields);
    ok(fields.Year == 2024 && fields.Month == 1 && fields.Day == 1 && fields.Hour == 0 && fields.Weekday == 1,
       "new year %d-%d-%d %d weekday %d\n", fields.Year, fields.Month, fields.Day, fields.Hour, fields.Weekday);
    fields.Year = 2100, fields.Month = 3, fields.Day = 1, fields.Hour = 0, fields.Minute = 0, fields.Second = 0;
    fields.Milliseconds = 0;
    ok(pRtlTimeFieldsToTime(&fields, &time), "RtlTimeFieldsToTime refused 2100-03-01\n");
    time.QuadPart -= 10000000LL * 86400;
    pRtlTimeToTimeFields(&time, &fields);
    ok(fields.Year == 2100 && fields.Month == 2 && fields.Day == 28, "day before 2100-03-01 is %d-%d-%d\n",
       fields.Year, fields.Month, fields.Day);

    /* Out-of-range fields are refused. (A day past the month's end, such as 2001-02-29, is not
     * checked: Wine accepts it.) */
    fields.Year = 2001, fields.Month = 13, fields.Day = 1, fields.Hour = 0, fields.Minute = 0, fields.Second = 0;
    fields.Milliseconds = 0;
    ok(!pRtlTimeFieldsToTime(&fields, &time), "month 13 accepted\n");
    fields.Month = 1, fields.Hour = 24;
    ok(!pRtlTimeFieldsToTime(&fields, &time), "hour 24 accepted\n");
    fields.Hour = 0, fields.Milliseconds = 1000;
    ok(!pRtlTimeFieldsToTime(&fields, &time), "1000 ms accepted\n");

    /* Seconds since 1970. */
    pRtlSecondsSince1970ToTime(0, &time);
    ok(time.QuadPart == 116444736000000000LL, "1970 is %lld\n", time.QuadPart);
    pRtlSecondsSince1970ToTime(86400, &back);
    ok(back.QuadPart - time.QuadPart == 864000000000LL, "one day is %lld\n", back.QuadPart - time.QuadPart);
    seconds = 0xdead;
    ok(pRtlTimeToSecondsSince1970(&back, &seconds) && seconds == 86400, "seconds %lu\n", seconds);
    time.QuadPart = 116444736000000000LL - 10000000;
    ok(!pRtlTimeToSecondsSince1970(&time, &seconds), "a time before 1970 converted\n");
    time.QuadPart = 116444736000000000LL + 0x100000000LL * 10000000;
    ok(!pRtlTimeToSecondsSince1970(&time, &seconds), "a time after 2106 converted\n");

    {
        LARGE_INTEGER frequency, counter, qpf;
        ok(pRtlQueryPerformanceFrequency(&frequency), "RtlQueryPerformanceFrequency failed\n");
        QueryPerformanceFrequency(&qpf);
        ok(frequency.QuadPart == qpf.QuadPart, "frequency %lld, QueryPerformanceFrequency %lld\n",
           frequency.QuadPart, qpf.QuadPart);
        ok(pRtlQueryPerformanceCounter(&counter) && counter.QuadPart > 0, "RtlQueryPerformanceCounter failed\n");
    }
}

static void test_integer_text(void)
{
    char text[40];
    WCHAR wtext[40];
    UNICODE_STRING string;
    ULONG value;

    memset(text, 'x', sizeof(text));
    ok(pRtlIntegerToChar(1234, 10, sizeof(text), text) == 0 && !strcmp(text, "1234"), "base 10 gave %s\n", text);
    ok(pRtlIntegerToChar(0xbeef, 16, sizeof(text), text) == 0 && !strcmp(text, "BEEF"), "base 16 gave %s\n", text);
    ok(pRtlIntegerToChar(5, 2, sizeof(text), text) == 0 && !strcmp(text, "101"), "base 2 gave %s\n", text);
    ok(pRtlIntegerToChar(8, 8, sizeof(text), text) == 0 && !strcmp(text, "10"), "base 8 gave %s\n", text);
    ok(pRtlIntegerToChar(0xffffffff, 0, sizeof(text), text) == 0 && !strcmp(text, "4294967295"),
       "base 0 gave %s\n", text);
    ok(pRtlIntegerToChar(12, 3, sizeof(text), text) == STATUS_INVALID_PARAMETER, "base 3 accepted\n");
    ok(pRtlIntegerToChar(12345, 10, 4, text) == STATUS_BUFFER_OVERFLOW, "too small accepted\n");
    memset(text, 'x', sizeof(text));
    ok(pRtlIntegerToChar(12345, 10, 5, text) == 0 && !memcmp(text, "12345x", 6), "exact length gave %.6s\n", text);

    ok(pRtlCharToInteger("1234", 10, &value) == 0 && value == 1234, "got %lu\n", value);
    ok(pRtlCharToInteger("  -10", 0, &value) == 0 && value == (ULONG)-10, "got %ld\n", (long)value);
    ok(pRtlCharToInteger("+7", 10, &value) == 0 && value == 7, "got %lu\n", value);
    ok(pRtlCharToInteger("0x1A", 0, &value) == 0 && value == 26, "hex prefix gave %lu\n", value);
    ok(pRtlCharToInteger("0b101", 0, &value) == 0 && value == 5, "binary prefix gave %lu\n", value);
    ok(pRtlCharToInteger("0o17", 0, &value) == 0 && value == 15, "octal prefix gave %lu\n", value);
    ok(pRtlCharToInteger("1a", 16, &value) == 0 && value == 26, "base 16 gave %lu\n", value);
    ok(pRtlCharToInteger("12z", 10, &value) == 0 && value == 12, "trailing text gave %lu\n", value);
    ok(pRtlCharToInteger("129", 8, &value) == 0 && value == 10, "octal stops at 9: %lu\n", value);
    ok(pRtlCharToInteger("12", 7, &value) == STATUS_INVALID_PARAMETER, "base 7 accepted\n");

    string.Buffer = wtext;
    string.MaximumLength = sizeof(wtext);
    ok(pRtlIntegerToUnicodeString(4096, 16, &string) == 0 && string.Length == 8 && !lstrcmpW(wtext, L"1000"),
       "RtlIntegerToUnicodeString gave length %u\n", string.Length);
    string.MaximumLength = 8;
    ok(pRtlIntegerToUnicodeString(4096, 16, &string) == STATUS_BUFFER_OVERFLOW, "no room for the NUL accepted\n");
    string.MaximumLength = sizeof(wtext);
    ok(pRtlIntegerToUnicodeString(1, 5, &string) == STATUS_INVALID_PARAMETER, "base 5 accepted\n");

    lstrcpyW(wtext, L" 0x7fffffff tail");
    string.Length = lstrlenW(wtext) * sizeof(WCHAR);
    ok(pRtlUnicodeStringToInteger(&string, 0, &value) == 0 && value == 0x7fffffff, "got %#lx\n", value);
    lstrcpyW(wtext, L"123456");
    string.Length = 3 * sizeof(WCHAR); /* only "123" */
    ok(pRtlUnicodeStringToInteger(&string, 10, &value) == 0 && value == 123, "counted string gave %lu\n", value);
    ok(pRtlUnicodeStringToInteger(&string, 9, &value) == STATUS_INVALID_PARAMETER, "base 9 accepted\n");
}

static void test_image_helpers(void)
{
    BYTE *exe = (BYTE *)GetModuleHandleA(NULL);
    BYTE *kernel32 = (BYTE *)GetModuleHandleA("kernel32.dll");
    IMAGE_NT_HEADERS64 *nt = (IMAGE_NT_HEADERS64 *)(exe + ((IMAGE_DOS_HEADER *)exe)->e_lfanew);
    IMAGE_NT_HEADERS64 *knt = (IMAGE_NT_HEADERS64 *)(kernel32 + ((IMAGE_DOS_HEADER *)kernel32)->e_lfanew);
    IMAGE_SECTION_HEADER *section;
    ULONG size = 0;
    void *data, *last = NULL;
    BYTE not_an_image[512];

    ok(pRtlImageNtHeader(exe) == nt, "RtlImageNtHeader(exe) %p, expected %p\n", pRtlImageNtHeader(exe), nt);
    ok(pRtlImageNtHeader(kernel32) == knt, "RtlImageNtHeader(kernel32) wrong\n");
    memset(not_an_image, 0, sizeof(not_an_image));
    ok(pRtlImageNtHeader(not_an_image) == NULL, "zeroes taken for an image\n");

    data = pRtlImageDirectoryEntryToData(kernel32, TRUE, IMAGE_DIRECTORY_ENTRY_EXPORT, &size);
    ok(data == kernel32 + knt->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_EXPORT].VirtualAddress,
       "export directory at %p\n", data);
    ok(size == knt->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_EXPORT].Size, "export size %lu\n", size);
    ok(((IMAGE_EXPORT_DIRECTORY *)data)->NumberOfNames > 100, "kernel32 exports too few names\n");
    data = pRtlImageDirectoryEntryToData(exe, TRUE, IMAGE_DIRECTORY_ENTRY_IMPORT, &size);
    ok(data == exe + nt->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_IMPORT].VirtualAddress,
       "import directory at %p\n", data);
    ok(pRtlImageDirectoryEntryToData(exe, TRUE, 16, &size) == NULL, "directory 16 exists\n");

    /* RtlImageRvaToVa maps an RVA to its place in the file. */
    section = IMAGE_FIRST_SECTION(nt);
    data = pRtlImageRvaToVa(nt, exe, section->VirtualAddress + 0x10, &last);
    ok(data == exe + section->PointerToRawData + 0x10, "RtlImageRvaToVa gave %p\n", data);
    ok(last == section, "last section %p, expected %p\n", last, section);
    ok(pRtlImageRvaToVa(nt, exe, 0xfffffff0, NULL) == NULL, "an RVA outside every section mapped\n");
}

static void test_misc_ntdll(void)
{
    ULONG product = 0;
    DWORD_PTR process_mask, system_mask;

    ok(pRtlComputeCrc32(0, "123456789", 9) == 0xCBF43926, "CRC-32 %#lx\n", pRtlComputeCrc32(0, "123456789", 9));
    ok(pRtlComputeCrc32(0, "", 0) == 0, "CRC-32 of nothing %#lx\n", pRtlComputeCrc32(0, "", 0));
    ok(pRtlComputeCrc32(pRtlComputeCrc32(0, "12345", 5), "6789", 4) == 0xCBF43926, "CRC-32 does not chain\n");
    ok(pRtlGetNtProductType(&product) && product >= 1 && product <= 3, "product type %lu\n", product);
    GetProcessAffinityMask(GetCurrentProcess(), &process_mask, &system_mask);
    ok(GetCurrentProcessorNumber() < (ULONG)bit_count(system_mask), "processor %lu\n", GetCurrentProcessorNumber());
    ok(pDbgPrint("halcyon conformance: DbgPrint %d %s\n", 42, "works") == 0, "DbgPrint failed\n");
}

/* ---- Stack back-traces and dynamic function tables ------------------------------------------ */

static void *__attribute__((noinline)) return_address_here(void)
{
    return __builtin_return_address(0);
}

static USHORT __attribute__((noinline)) capture(ULONG skip, void **frames, ULONG *hash)
{
    USHORT n = RtlCaptureStackBackTrace(skip, 16, frames, hash);
    __asm__ volatile("" ::: "memory"); /* not a tail call */
    return n;
}

static void test_back_trace(void)
{
    void *frames[16], *frames2[16];
    ULONG hash = 0, hash2 = 0;
    USHORT n, n2;
    HMODULE module = NULL;
    void *here = return_address_here();

    n = capture(0, frames, &hash);
    ok(n >= 2, "captured %u frames\n", n);
    ok(GetModuleHandleExA(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                          (const char *)frames[0], &module) &&
           module == GetModuleHandleA(NULL),
       "frame 0 %p is not in the program\n", frames[0]);
    /* Frame 1 is this function, a little after the call to capture(). */
    ok((BYTE *)frames[1] > (BYTE *)test_back_trace && (BYTE *)frames[1] < (BYTE *)here + 0x400,
       "frame 1 %p, this function at %p\n", frames[1], (void *)test_back_trace);
    ok(hash != 0, "no hash\n");
    n2 = capture(1, frames2, &hash2);
    ok(n2 == n - 1, "skipping one frame captured %u of %u\n", n2, n);
    /* Both traces share the frames above this function. */
    ok(n < 3 || frames2[1] == frames[2], "skipped trace has %p, expected %p\n", frames2[1], frames[2]);
    ok((BYTE *)frames2[0] > (BYTE *)test_back_trace && (BYTE *)frames2[0] < (BYTE *)here + 0x400,
       "skipped trace starts at %p, this function at %p\n", frames2[0], (void *)test_back_trace);
    ok(RtlCaptureStackBackTrace(0, 0, frames, NULL) == 0, "captured frames into no room\n");
}

static RUNTIME_FUNCTION callback_entry;
static int callback_calls;

static PRUNTIME_FUNCTION WINAPI function_callback(DWORD64 pc, PVOID context)
{
    (void)pc;
    ++callback_calls;
    return context;
}

static void test_function_tables(void)
{
    BYTE *code = VirtualAlloc(NULL, 0x10000, MEM_COMMIT | MEM_RESERVE, PAGE_EXECUTE_READWRITE);
    static RUNTIME_FUNCTION table[2];
    UNWIND_HISTORY_TABLE history;
    DWORD64 base = 0;
    PRUNTIME_FUNCTION found;

    ok(code != NULL, "VirtualAlloc failed\n");
    /* Minimal unwind information (version 1, no prologue) at 0x800. */
    code[0x800] = 1;
    table[0].BeginAddress = 0x100, table[0].EndAddress = 0x200, table[0].UnwindData = 0x800;
    table[1].BeginAddress = 0x300, table[1].EndAddress = 0x340, table[1].UnwindData = 0x800;

    ok(RtlLookupFunctionEntry((DWORD64)code + 0x150, &base, NULL) == NULL, "found an entry before adding the table\n");
    ok(RtlAddFunctionTable(table, 2, (DWORD64)code), "RtlAddFunctionTable failed\n");
    memset(&history, 0, sizeof(history));
    found = RtlLookupFunctionEntry((DWORD64)code + 0x150, &base, &history);
    ok(found == &table[0], "found %p, expected %p\n", found, &table[0]);
    ok(base == (DWORD64)code, "image base %#llx, expected %p\n", (unsigned long long)base, code);
    found = RtlLookupFunctionEntry((DWORD64)code + 0x300, &base, NULL);
    ok(found == &table[1], "second entry: found %p\n", found);
    ok(RtlLookupFunctionEntry((DWORD64)code + 0x250, &base, NULL) == NULL, "found an entry in a gap\n");
    ok(RtlDeleteFunctionTable(table), "RtlDeleteFunctionTable failed\n");
    ok(RtlLookupFunctionEntry((DWORD64)code + 0x150, &base, NULL) == NULL, "found an entry after deleting the table\n");
    ok(!RtlDeleteFunctionTable(table), "deleted a table twice\n");

    /* A callback table answers for its whole range. */
    callback_entry.BeginAddress = 0x1000, callback_entry.EndAddress = 0x1100, callback_entry.UnwindData = 0x800;
    ok(!RtlInstallFunctionTableCallback((DWORD64)code, (DWORD64)code, 0x2000, function_callback, &callback_entry,
                                        NULL),
       "an identifier without its two low bits set was accepted\n");
    ok(RtlInstallFunctionTableCallback((DWORD64)code | 3, (DWORD64)code, 0x2000, function_callback, &callback_entry,
                                       NULL),
       "RtlInstallFunctionTableCallback failed\n");
    callback_calls = 0;
    found = RtlLookupFunctionEntry((DWORD64)code + 0x1050, &base, NULL);
    ok(found == &callback_entry && callback_calls == 1, "callback lookup found %p after %d calls\n", found,
       callback_calls);
    ok(base == (DWORD64)code, "callback image base %#llx\n", (unsigned long long)base);
    ok(RtlDeleteFunctionTable((PRUNTIME_FUNCTION)((DWORD64)code | 3)), "deleting the callback table failed\n");
    callback_calls = 0;
    ok(RtlLookupFunctionEntry((DWORD64)code + 0x1050, &base, NULL) == NULL && callback_calls == 0,
       "the callback table is still consulted\n");
    VirtualFree(code, 0, MEM_RELEASE);
}

static void *breakpoint_address;
static LONG WINAPI breakpoint_handler(EXCEPTION_POINTERS *pointers)
{
    if (pointers->ExceptionRecord->ExceptionCode != EXCEPTION_BREAKPOINT)
        return EXCEPTION_CONTINUE_SEARCH;
    breakpoint_address = pointers->ExceptionRecord->ExceptionAddress;
    pointers->ContextRecord->Rip = (DWORD64)breakpoint_address + 1; /* past the int3 */
    return EXCEPTION_CONTINUE_EXECUTION;
}

static void test_breakpoint(void)
{
    void *handler = AddVectoredExceptionHandler(1, breakpoint_handler);
    breakpoint_address = NULL;
    pDbgBreakPoint();
    ok(breakpoint_address != NULL, "DbgBreakPoint raised nothing\n");
    ok((BYTE *)breakpoint_address >= (BYTE *)pDbgBreakPoint && (BYTE *)breakpoint_address < (BYTE *)pDbgBreakPoint + 16,
       "breakpoint at %p, DbgBreakPoint at %p\n", breakpoint_address, (void *)pDbgBreakPoint);
    breakpoint_address = NULL;
    DebugBreak();
    ok(breakpoint_address != NULL, "DebugBreak raised nothing\n");
    RemoveVectoredExceptionHandler(handler);
}

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "fls-child"))
        return fls_child();
    conf_init("process_info");
    load_ntdll();
    test_fls();
    test_fls_at_process_exit();
    test_thread_priority();
    test_priority_class();
    test_affinity();
    test_search_path();
    test_pointer_encoding();
    test_computer_name();
    test_user_name();
    test_heaps();
    test_time_fields();
    test_integer_text();
    test_image_helpers();
    test_misc_ntdll();
    test_back_trace();
    test_function_tables();
    test_breakpoint();
    return conf_summary();
}
