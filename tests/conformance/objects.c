/* Named kernel objects (CreateEvent/CreateMutex/CreateSemaphore/CreateFileMapping/
 * CreateWaitableTimer with a name, the Open* functions, names shared with a child process),
 * user APCs (QueueUserAPC, alertable waits, SleepEx) and waitable timers. */
#include "conformance.h"

#ifndef CREATE_WAITABLE_TIMER_MANUAL_RESET
#define CREATE_WAITABLE_TIMER_MANUAL_RESET 0x1
#endif

static char names_prefix[64];

/* A name unique to this run, so parallel runs and leftovers never collide. */
static const char *unique_name(const char *base, char *buffer, size_t size)
{
    snprintf(buffer, size, "%s_%s", names_prefix, base);
    return buffer;
}

/* ---- APC helpers ---- */

static volatile LONG apc_calls;
static volatile ULONG_PTR apc_order[8];
static volatile DWORD apc_thread_id;

static void CALLBACK record_apc(ULONG_PTR data)
{
    LONG index = InterlockedIncrement(&apc_calls) - 1;
    if (index < 8)
        apc_order[index] = data;
    apc_thread_id = GetCurrentThreadId();
}

static DWORD WINAPI sleep_alertable(void *argument)
{
    return SleepEx(INFINITE, TRUE);
}

static DWORD WINAPI wait_not_alertable(void *event)
{
    return WaitForSingleObject((HANDLE)event, 5000);
}

static volatile LONG timer_apc_calls;
static volatile ULONG_PTR timer_apc_argument;
static volatile DWORD timer_apc_high;

static void CALLBACK timer_routine(void *argument, DWORD low, DWORD high)
{
    InterlockedIncrement(&timer_apc_calls);
    timer_apc_argument = (ULONG_PTR)argument;
    timer_apc_high = high;
}

static LARGE_INTEGER relative_ms(LONGLONG milliseconds)
{
    LARGE_INTEGER due;
    due.QuadPart = -milliseconds * 10000;
    return due;
}

/* ---- The child process: opens the parent's named objects. ---- */

static int run_child(const char *event_name, const char *mapping_name)
{
    HANDLE event = OpenEventA(EVENT_MODIFY_STATE, FALSE, event_name);
    HANDLE mapping = OpenFileMappingA(FILE_MAP_WRITE, FALSE, mapping_name);
    char *view;
    if (!event)
        return 10;
    if (!mapping)
        return 11;
    view = MapViewOfFile(mapping, FILE_MAP_WRITE, 0, 0, 0);
    if (!view)
        return 12;
    strcpy(view, "written by the child");
    UnmapViewOfFile(view);
    CloseHandle(mapping);
    if (!SetEvent(event))
        return 13;
    CloseHandle(event);
    return 42;
}

static void test_named_events(void)
{
    char name[128], other[128];
    HANDLE first, second, opened, mutex;
    DWORD ret;

    unique_name("event", name, sizeof name);
    SetLastError(0xdeadbeef);
    first = CreateEventA(NULL, TRUE, FALSE, name);
    ok(first != NULL, "CreateEventA failed, error %lu\n", GetLastError());
    expect_error(ERROR_SUCCESS);

    SetLastError(0xdeadbeef);
    second = CreateEventA(NULL, FALSE, TRUE, name);
    ok(second != NULL && second != first, "second CreateEventA gave %p (first %p)\n", second, first);
    expect_error(ERROR_ALREADY_EXISTS);
    /* The existing event keeps its own type and state: manual-reset, not signalled. */
    ok(WaitForSingleObject(second, 0) == WAIT_TIMEOUT, "the existing event's state changed\n");
    expect_success(SetEvent(first));
    ok(WaitForSingleObject(second, 0) == WAIT_OBJECT_0, "the two handles name different events\n");
    ok(WaitForSingleObject(second, 0) == WAIT_OBJECT_0, "the event is not manual-reset any more\n");

    SetLastError(0xdeadbeef);
    opened = OpenEventA(EVENT_ALL_ACCESS, FALSE, name);
    ok(opened != NULL, "OpenEventA failed, error %lu\n", GetLastError());
    expect_success(ResetEvent(opened));
    ok(WaitForSingleObject(first, 0) == WAIT_TIMEOUT, "ResetEvent through the opened handle did nothing\n");

    /* The Unicode variants name the same object. */
    {
        WCHAR wide[128];
        MultiByteToWideChar(CP_ACP, 0, name, -1, wide, 128);
        HANDLE w = OpenEventW(SYNCHRONIZE, FALSE, wide);
        ok(w != NULL, "OpenEventW failed, error %lu\n", GetLastError());
        SetLastError(0xdeadbeef);
        HANDLE created = CreateEventW(NULL, TRUE, FALSE, wide);
        ok(created != NULL, "CreateEventW failed\n");
        expect_error(ERROR_ALREADY_EXISTS);
        CloseHandle(created);
        CloseHandle(w);
    }

    /* "Local\" is the session's namespace, where unprefixed names live too. */
    snprintf(other, sizeof other, "Local\\%s", name);
    SetLastError(0xdeadbeef);
    HANDLE local = OpenEventA(SYNCHRONIZE, FALSE, other);
    ok(local != NULL, "Local\\ does not reach the unprefixed name, error %lu\n", GetLastError());
    if (local)
        CloseHandle(local);

    /* Missing names, bad arguments, another type's name. */
    SetLastError(0xdeadbeef);
    ok(OpenEventA(EVENT_ALL_ACCESS, FALSE, unique_name("no_such_event", other, sizeof other)) == NULL,
       "opened a missing event\n");
    expect_error(ERROR_FILE_NOT_FOUND);
    SetLastError(0xdeadbeef);
    ok(OpenEventA(EVENT_ALL_ACCESS, FALSE, NULL) == NULL, "opened a NULL name\n");
    expect_error(ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    ok(CreateEventA(NULL, TRUE, FALSE, "halcyon_no_such_directory\\event") == NULL, "created under a missing directory\n");
    expect_error(ERROR_PATH_NOT_FOUND);
    SetLastError(0xdeadbeef);
    mutex = CreateMutexA(NULL, FALSE, name);
    ok(mutex == NULL, "CreateMutexA took an event's name\n");
    expect_error(ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ok(OpenMutexA(SYNCHRONIZE, FALSE, name) == NULL, "OpenMutexA opened an event\n");
    expect_error(ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ok(OpenSemaphoreA(SYNCHRONIZE, FALSE, name) == NULL, "OpenSemaphoreA opened an event\n");
    expect_error(ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ok(OpenWaitableTimerA(SYNCHRONIZE, FALSE, name) == NULL, "OpenWaitableTimerA opened an event\n");
    expect_error(ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ok(OpenFileMappingA(FILE_MAP_READ, FALSE, name) == NULL, "OpenFileMappingA opened an event\n");
    expect_error(ERROR_INVALID_HANDLE);

    /* An unnamed event and an empty name are both anonymous. */
    SetLastError(0xdeadbeef);
    HANDLE anonymous = CreateEventA(NULL, TRUE, FALSE, "");
    ok(anonymous != NULL, "CreateEventA(\"\") failed\n");
    expect_error(ERROR_SUCCESS);
    CloseHandle(anonymous);

    /* The name lives as long as a handle does. */
    CloseHandle(first);
    CloseHandle(second);
    ret = WaitForSingleObject(opened, 0);
    ok(ret == WAIT_TIMEOUT, "got %lu\n", ret);
    HANDLE still = OpenEventA(SYNCHRONIZE, FALSE, name);
    ok(still != NULL, "the name went while a handle was open\n");
    CloseHandle(still);
    CloseHandle(opened);
    SetLastError(0xdeadbeef);
    ok(OpenEventA(SYNCHRONIZE, FALSE, name) == NULL, "the name outlived its last handle\n");
    expect_error(ERROR_FILE_NOT_FOUND);

    /* CreateEventEx: flags instead of BOOLs. */
    SetLastError(0xdeadbeef);
    first = CreateEventExA(NULL, name, CREATE_EVENT_MANUAL_RESET | CREATE_EVENT_INITIAL_SET, EVENT_ALL_ACCESS);
    ok(first != NULL, "CreateEventExA failed, error %lu\n", GetLastError());
    expect_error(ERROR_SUCCESS);
    ok(WaitForSingleObject(first, 0) == WAIT_OBJECT_0, "CREATE_EVENT_INITIAL_SET ignored\n");
    ok(WaitForSingleObject(first, 0) == WAIT_OBJECT_0, "CREATE_EVENT_MANUAL_RESET ignored\n");
    SetLastError(0xdeadbeef);
    second = CreateEventExA(NULL, name, 0, EVENT_ALL_ACCESS);
    ok(second != NULL, "CreateEventExA (existing) failed\n");
    expect_error(ERROR_ALREADY_EXISTS);
    CloseHandle(second);
    CloseHandle(first);
}

static void test_named_mutexes_and_semaphores(void)
{
    char name[128];
    HANDLE first, second, opened;
    LONG previous = -1;

    unique_name("mutex", name, sizeof name);
    SetLastError(0xdeadbeef);
    first = CreateMutexA(NULL, TRUE, name);
    ok(first != NULL, "CreateMutexA failed, error %lu\n", GetLastError());
    expect_error(ERROR_SUCCESS);
    /* Opening an existing mutex does not take it again, even with bInitialOwner. */
    SetLastError(0xdeadbeef);
    second = CreateMutexA(NULL, TRUE, name);
    ok(second != NULL, "second CreateMutexA failed\n");
    expect_error(ERROR_ALREADY_EXISTS);
    expect_success(ReleaseMutex(second));
    expect_fail(ReleaseMutex(first), ERROR_NOT_OWNER);
    SetLastError(0xdeadbeef);
    opened = OpenMutexA(SYNCHRONIZE | MUTEX_MODIFY_STATE, FALSE, name);
    ok(opened != NULL, "OpenMutexA failed, error %lu\n", GetLastError());
    ok(WaitForSingleObject(opened, 0) == WAIT_OBJECT_0, "the free mutex could not be taken\n");
    expect_success(ReleaseMutex(first));
    SetLastError(0xdeadbeef);
    ok(CreateEventA(NULL, FALSE, FALSE, name) == NULL, "CreateEventA took a mutex's name\n");
    expect_error(ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ok(CreateSemaphoreA(NULL, 0, 1, name) == NULL, "CreateSemaphoreA took a mutex's name\n");
    expect_error(ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ok(CreateWaitableTimerA(NULL, FALSE, name) == NULL, "CreateWaitableTimerA took a mutex's name\n");
    expect_error(ERROR_INVALID_HANDLE);
    CloseHandle(opened);
    CloseHandle(second);
    CloseHandle(first);
    SetLastError(0xdeadbeef);
    ok(OpenMutexA(SYNCHRONIZE, FALSE, name) == NULL, "the mutex outlived its handles\n");
    expect_error(ERROR_FILE_NOT_FOUND);
    /* CreateMutexEx with a name. */
    SetLastError(0xdeadbeef);
    first = CreateMutexExA(NULL, name, CREATE_MUTEX_INITIAL_OWNER, MUTEX_ALL_ACCESS);
    ok(first != NULL, "CreateMutexExA failed\n");
    expect_error(ERROR_SUCCESS);
    expect_success(ReleaseMutex(first));
    CloseHandle(first);

    unique_name("semaphore", name, sizeof name);
    SetLastError(0xdeadbeef);
    first = CreateSemaphoreA(NULL, 1, 5, name);
    ok(first != NULL, "CreateSemaphoreA failed, error %lu\n", GetLastError());
    expect_error(ERROR_SUCCESS);
    SetLastError(0xdeadbeef);
    second = CreateSemaphoreA(NULL, 0, 10, name);
    ok(second != NULL, "second CreateSemaphoreA failed\n");
    expect_error(ERROR_ALREADY_EXISTS);
    /* The existing semaphore keeps its count and maximum. */
    expect_success(ReleaseSemaphore(second, 1, &previous));
    ok(previous == 1, "previous count %ld\n", previous);
    expect_fail(ReleaseSemaphore(second, 4, NULL), ERROR_TOO_MANY_POSTS);
    SetLastError(0xdeadbeef);
    opened = OpenSemaphoreA(SEMAPHORE_ALL_ACCESS, FALSE, name);
    ok(opened != NULL, "OpenSemaphoreA failed, error %lu\n", GetLastError());
    ok(WaitForSingleObject(opened, 0) == WAIT_OBJECT_0, "count 2 did not satisfy a wait\n");
    ok(WaitForSingleObject(first, 0) == WAIT_OBJECT_0, "count 1 did not satisfy a wait\n");
    ok(WaitForSingleObject(second, 0) == WAIT_TIMEOUT, "count 0 satisfied a wait\n");
    SetLastError(0xdeadbeef);
    HANDLE ex = CreateSemaphoreExA(NULL, 0, 1, name, 0, SEMAPHORE_ALL_ACCESS);
    ok(ex != NULL, "CreateSemaphoreExA failed\n");
    expect_error(ERROR_ALREADY_EXISTS);
    CloseHandle(ex);
    CloseHandle(opened);
    CloseHandle(second);
    CloseHandle(first);
    SetLastError(0xdeadbeef);
    ok(OpenSemaphoreA(SYNCHRONIZE, FALSE, name) == NULL, "the semaphore outlived its handles\n");
    expect_error(ERROR_FILE_NOT_FOUND);
}

static void test_named_mappings(void)
{
    char name[128];
    HANDLE first, second, opened;
    char *view, *other;

    unique_name("mapping", name, sizeof name);
    SetLastError(0xdeadbeef);
    first = CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 65536, name);
    ok(first != NULL, "CreateFileMappingA failed, error %lu\n", GetLastError());
    expect_error(ERROR_SUCCESS);
    view = MapViewOfFile(first, FILE_MAP_WRITE, 0, 0, 0);
    ok(view != NULL, "MapViewOfFile failed\n");
    if (view)
        strcpy(view, "shared by name");
    SetLastError(0xdeadbeef);
    second = CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 4096, name);
    ok(second != NULL, "second CreateFileMappingA failed\n");
    expect_error(ERROR_ALREADY_EXISTS);
    SetLastError(0xdeadbeef);
    opened = OpenFileMappingA(FILE_MAP_READ, FALSE, name);
    ok(opened != NULL, "OpenFileMappingA failed, error %lu\n", GetLastError());
    other = opened ? MapViewOfFile(opened, FILE_MAP_READ, 0, 0, 0) : NULL;
    ok(other != NULL && other != view, "second view %p\n", other);
    ok(other && !strcmp(other, "shared by name"), "the views do not share memory\n");
    if (other)
        UnmapViewOfFile(other);
    if (view)
        UnmapViewOfFile(view);
    SetLastError(0xdeadbeef);
    ok(CreateEventA(NULL, FALSE, FALSE, name) == NULL, "CreateEventA took a mapping's name\n");
    expect_error(ERROR_INVALID_HANDLE);
    CloseHandle(opened);
    CloseHandle(second);
    CloseHandle(first);
    SetLastError(0xdeadbeef);
    ok(OpenFileMappingA(FILE_MAP_READ, FALSE, name) == NULL, "the mapping outlived its handles\n");
    expect_error(ERROR_FILE_NOT_FOUND);
}

static void test_child_process(const char *self)
{
    char event_name[128], mapping_name[128], command[MAX_PATH + 300];
    STARTUPINFOA startup = {sizeof startup};
    PROCESS_INFORMATION info;
    HANDLE event, mapping;
    DWORD code = 0;
    char *view;

    unique_name("child_event", event_name, sizeof event_name);
    unique_name("child_mapping", mapping_name, sizeof mapping_name);
    event = CreateEventA(NULL, TRUE, FALSE, event_name);
    mapping = CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 4096, mapping_name);
    ok(event && mapping, "cannot create the objects for the child\n");
    snprintf(command, sizeof command, "\"%s\" child %s %s", self, event_name, mapping_name);
    SetLastError(0xdeadbeef);
    BOOL started = CreateProcessA(self, command, NULL, NULL, FALSE, 0, NULL, NULL, &startup, &info);
    ok(started, "CreateProcessA failed, error %lu\n", GetLastError());
    if (!started)
        return;
    ok(WaitForSingleObject(event, 10000) == WAIT_OBJECT_0, "the child did not set the named event\n");
    ok(WaitForSingleObject(info.hProcess, 10000) == WAIT_OBJECT_0, "the child did not end\n");
    ok(GetExitCodeProcess(info.hProcess, &code) && code == 42, "child exit code %lu\n", code);
    view = MapViewOfFile(mapping, FILE_MAP_READ, 0, 0, 0);
    ok(view && !strcmp(view, "written by the child"), "the child's write through the named mapping is missing\n");
    if (view)
        UnmapViewOfFile(view);
    CloseHandle(info.hThread);
    CloseHandle(info.hProcess);
    CloseHandle(mapping);
    CloseHandle(event);
}

static void test_apcs(void)
{
    HANDLE event, thread;
    DWORD ret, id;

    /* Queued APCs wait for an alertable wait; other waits leave them queued. */
    apc_calls = 0;
    SetLastError(0xdeadbeef);
    ret = QueueUserAPC(record_apc, GetCurrentThread(), 1);
    ok(ret != 0, "QueueUserAPC failed, error %lu\n", GetLastError());
    ret = QueueUserAPC(record_apc, GetCurrentThread(), 2);
    ok(ret != 0, "QueueUserAPC failed\n");
    ret = QueueUserAPC(record_apc, GetCurrentThread(), 3);
    ok(ret != 0, "QueueUserAPC failed\n");
    Sleep(10);
    event = CreateEventA(NULL, TRUE, FALSE, NULL);
    ok(WaitForSingleObject(event, 10) == WAIT_TIMEOUT, "non-alertable wait\n");
    ok(apc_calls == 0, "%ld APCs ran outside an alertable wait\n", apc_calls);
    ret = SleepEx(0, TRUE);
    ok(ret == WAIT_IO_COMPLETION, "SleepEx returned %lu\n", ret);
    ok(apc_calls == 3, "%ld APCs ran, expected all 3\n", apc_calls);
    ok(apc_order[0] == 1 && apc_order[1] == 2 && apc_order[2] == 3, "APC order %lu %lu %lu\n",
       (unsigned long)apc_order[0], (unsigned long)apc_order[1], (unsigned long)apc_order[2]);
    ok(apc_thread_id == GetCurrentThreadId(), "the APC ran on thread %lu\n", apc_thread_id);
    ret = SleepEx(0, TRUE);
    ok(ret == 0, "SleepEx with nothing queued returned %lu\n", ret);

    /* Alertable waits end with WAIT_IO_COMPLETION. */
    apc_calls = 0;
    QueueUserAPC(record_apc, GetCurrentThread(), 7);
    ret = WaitForSingleObjectEx(event, INFINITE, TRUE);
    ok(ret == WAIT_IO_COMPLETION, "WaitForSingleObjectEx returned %lu\n", ret);
    ok(apc_calls == 1 && apc_order[0] == 7, "APC calls %ld arg %lu\n", apc_calls, (unsigned long)apc_order[0]);
    QueueUserAPC(record_apc, GetCurrentThread(), 8);
    ret = WaitForMultipleObjectsEx(1, &event, FALSE, 5000, TRUE);
    ok(ret == WAIT_IO_COMPLETION, "WaitForMultipleObjectsEx returned %lu\n", ret);
    ok(apc_calls == 2 && apc_order[1] == 8, "APC calls %ld\n", apc_calls);
    /* A signalled object wins over the queued APC, which stays queued. */
    SetEvent(event);
    QueueUserAPC(record_apc, GetCurrentThread(), 9);
    ret = WaitForSingleObjectEx(event, 0, TRUE);
    ok(ret == WAIT_OBJECT_0, "WaitForSingleObjectEx on a signalled event returned %lu\n", ret);
    ok(apc_calls == 2, "the APC ran although the object was signalled\n");
    ret = SleepEx(10, TRUE);
    ok(ret == WAIT_IO_COMPLETION && apc_calls == 3, "SleepEx returned %lu, %ld calls\n", ret, apc_calls);
    ResetEvent(event);

    /* An APC queued to a thread already waiting alertably wakes it and runs there. */
    apc_calls = 0;
    apc_thread_id = 0;
    thread = CreateThread(NULL, 0, sleep_alertable, NULL, 0, &id);
    ok(thread != NULL, "CreateThread failed\n");
    Sleep(50);
    ok(WaitForSingleObject(thread, 0) == WAIT_TIMEOUT, "the sleeping thread ended early\n");
    ret = QueueUserAPC(record_apc, thread, 11);
    ok(ret != 0, "QueueUserAPC to another thread failed\n");
    ok(WaitForSingleObject(thread, 5000) == WAIT_OBJECT_0, "the APC did not wake the thread\n");
    ok(GetExitCodeThread(thread, &ret) && ret == WAIT_IO_COMPLETION, "SleepEx in the thread returned %lu\n", ret);
    ok(apc_calls == 1 && apc_thread_id == id, "APC ran %ld times on thread %lu (expected %lu)\n", apc_calls,
       apc_thread_id, id);
    CloseHandle(thread);

    /* A thread in a non-alertable wait is not disturbed; its APCs die with it. */
    apc_calls = 0;
    thread = CreateThread(NULL, 0, wait_not_alertable, event, 0, &id);
    Sleep(20);
    QueueUserAPC(record_apc, thread, 12);
    Sleep(50);
    ok(WaitForSingleObject(thread, 0) == WAIT_TIMEOUT, "the APC ended a non-alertable wait\n");
    SetEvent(event);
    ok(WaitForSingleObject(thread, 5000) == WAIT_OBJECT_0, "the thread did not end\n");
    ok(GetExitCodeThread(thread, &ret) && ret == WAIT_OBJECT_0, "the wait returned %lu\n", ret);
    ok(apc_calls == 0, "an APC ran in a thread that never waited alertably\n");
    CloseHandle(thread);
    CloseHandle(event);

    /* Bad handles. */
    SetLastError(0xdeadbeef);
    ok(QueueUserAPC(record_apc, (HANDLE)0xdead0, 1) == 0, "QueueUserAPC on a bad handle succeeded\n");
    expect_error(ERROR_INVALID_HANDLE);

    /* ntdll's NtTestAlert runs the queue too. */
    {
        typedef LONG(NTAPI * test_alert_fn)(void);
        test_alert_fn test_alert = (test_alert_fn)GetProcAddress(GetModuleHandleA("ntdll.dll"), "NtTestAlert");
        ok(test_alert != NULL, "no NtTestAlert\n");
        if (test_alert) {
            apc_calls = 0;
            QueueUserAPC(record_apc, GetCurrentThread(), 13);
            LONG status = test_alert();
            ok(status == 0, "NtTestAlert returned %#lx\n", status);
            ok(apc_calls == 1 && apc_order[0] == 13, "NtTestAlert ran %ld APCs\n", apc_calls);
        }
    }
}

static void test_timers(void)
{
    char name[128];
    HANDLE timer, second, opened;
    LARGE_INTEGER due;
    DWORD ret, start;

    /* A manual-reset (notification) timer. */
    SetLastError(0xdeadbeef);
    timer = CreateWaitableTimerA(NULL, TRUE, NULL);
    ok(timer != NULL, "CreateWaitableTimerA failed, error %lu\n", GetLastError());
    ok(WaitForSingleObject(timer, 0) == WAIT_TIMEOUT, "a new timer is signalled\n");
    due = relative_ms(50);
    start = GetTickCount();
    expect_success(SetWaitableTimer(timer, &due, 0, NULL, NULL, FALSE));
    ok(WaitForSingleObject(timer, 0) == WAIT_TIMEOUT, "the timer fired at once\n");
    ret = WaitForSingleObject(timer, 5000);
    ok(ret == WAIT_OBJECT_0, "wait returned %lu\n", ret);
    ok(GetTickCount() - start >= 40, "the timer fired after %lu ms\n", GetTickCount() - start);
    ok(WaitForSingleObject(timer, 0) == WAIT_OBJECT_0, "a notification timer reset itself\n");
    /* Setting it again resets it. */
    due = relative_ms(10000);
    expect_success(SetWaitableTimer(timer, &due, 0, NULL, NULL, FALSE));
    ok(WaitForSingleObject(timer, 0) == WAIT_TIMEOUT, "SetWaitableTimer did not reset the timer\n");
    expect_success(CancelWaitableTimer(timer));
    ok(WaitForSingleObject(timer, 100) == WAIT_TIMEOUT, "a cancelled timer fired\n");
    CloseHandle(timer);

    /* A synchronization timer releases one wait. */
    timer = CreateWaitableTimerA(NULL, FALSE, NULL);
    due = relative_ms(20);
    expect_success(SetWaitableTimer(timer, &due, 0, NULL, NULL, FALSE));
    ok(WaitForSingleObject(timer, 5000) == WAIT_OBJECT_0, "the synchronization timer did not fire\n");
    ok(WaitForSingleObject(timer, 50) == WAIT_TIMEOUT, "a synchronization timer stayed signalled\n");
    /* A period re-arms it. */
    due = relative_ms(10);
    expect_success(SetWaitableTimer(timer, &due, 20, NULL, NULL, FALSE));
    for (int i = 0; i < 3; i++)
        ok(WaitForSingleObject(timer, 5000) == WAIT_OBJECT_0, "periodic expiry %d missing\n", i);
    expect_success(CancelWaitableTimer(timer));
    ok(WaitForSingleObject(timer, 100) == WAIT_TIMEOUT, "the cancelled periodic timer fired\n");
    /* An absolute due time. */
    {
        FILETIME now;
        GetSystemTimeAsFileTime(&now);
        due.LowPart = now.dwLowDateTime;
        due.HighPart = (LONG)now.dwHighDateTime;
        due.QuadPart += 30 * 10000;
        expect_success(SetWaitableTimer(timer, &due, 0, NULL, NULL, FALSE));
        ok(WaitForSingleObject(timer, 5000) == WAIT_OBJECT_0, "the absolute due time never came\n");
    }
    /* A due time in the past expires at once. */
    due.QuadPart = 0;
    expect_success(SetWaitableTimer(timer, &due, 0, NULL, NULL, FALSE));
    ok(WaitForSingleObject(timer, 1000) == WAIT_OBJECT_0, "a past due time did not expire\n");
    CloseHandle(timer);

    /* Completion routines are APCs: they run in an alertable wait of the thread that set the timer. */
    timer = CreateWaitableTimerExA(NULL, NULL, CREATE_WAITABLE_TIMER_MANUAL_RESET, TIMER_ALL_ACCESS);
    ok(timer != NULL, "CreateWaitableTimerExA failed, error %lu\n", GetLastError());
    timer_apc_calls = 0;
    due = relative_ms(10);
    expect_success(SetWaitableTimer(timer, &due, 0, timer_routine, (void *)0x1234, FALSE));
    Sleep(100);
    ok(timer_apc_calls == 0, "the completion routine ran outside an alertable wait\n");
    ok(WaitForSingleObject(timer, 0) == WAIT_OBJECT_0, "the timer is not signalled\n");
    ret = SleepEx(1000, TRUE);
    ok(ret == WAIT_IO_COMPLETION, "SleepEx returned %lu\n", ret);
    ok(timer_apc_calls == 1, "the completion routine ran %ld times\n", timer_apc_calls);
    ok(timer_apc_argument == 0x1234, "argument %#lx\n", (unsigned long)timer_apc_argument);
    ok(timer_apc_high != 0, "the routine got no expiry time\n");
    /* Cancelling stops the routine. */
    due = relative_ms(20);
    expect_success(SetWaitableTimer(timer, &due, 0, timer_routine, NULL, FALSE));
    expect_success(CancelWaitableTimer(timer));
    timer_apc_calls = 0;
    ok(SleepEx(100, TRUE) == 0 && timer_apc_calls == 0, "a cancelled timer queued its routine\n");
    CloseHandle(timer);

    /* Named timers. */
    unique_name("timer", name, sizeof name);
    SetLastError(0xdeadbeef);
    timer = CreateWaitableTimerA(NULL, TRUE, name);
    ok(timer != NULL, "named CreateWaitableTimerA failed\n");
    expect_error(ERROR_SUCCESS);
    SetLastError(0xdeadbeef);
    second = CreateWaitableTimerA(NULL, FALSE, name);
    ok(second != NULL, "second CreateWaitableTimerA failed\n");
    expect_error(ERROR_ALREADY_EXISTS);
    SetLastError(0xdeadbeef);
    opened = OpenWaitableTimerA(TIMER_ALL_ACCESS, FALSE, name);
    ok(opened != NULL, "OpenWaitableTimerA failed, error %lu\n", GetLastError());
    due = relative_ms(10);
    expect_success(SetWaitableTimer(opened, &due, 0, NULL, NULL, FALSE));
    ok(WaitForSingleObject(timer, 5000) == WAIT_OBJECT_0, "the timer set through another handle did not fire\n");
    ok(WaitForSingleObject(second, 0) == WAIT_OBJECT_0, "the existing timer is not manual-reset\n");
    SetLastError(0xdeadbeef);
    ok(OpenEventA(SYNCHRONIZE, FALSE, name) == NULL, "OpenEventA opened a timer\n");
    expect_error(ERROR_INVALID_HANDLE);
    CloseHandle(opened);
    CloseHandle(second);
    CloseHandle(timer);
    SetLastError(0xdeadbeef);
    ok(OpenWaitableTimerA(SYNCHRONIZE, FALSE, name) == NULL, "the timer outlived its handles\n");
    expect_error(ERROR_FILE_NOT_FOUND);

    /* Timer functions on other objects. */
    {
        HANDLE event = CreateEventA(NULL, TRUE, FALSE, NULL);
        due = relative_ms(10);
        expect_fail(SetWaitableTimer(event, &due, 0, NULL, NULL, FALSE), ERROR_INVALID_HANDLE);
        expect_fail(CancelWaitableTimer(event), ERROR_INVALID_HANDLE);
        expect_fail(CancelWaitableTimer(NULL), ERROR_INVALID_HANDLE);
        CloseHandle(event);
    }
}

/* ntdll: object directories and names relative to them (OBJECT_ATTRIBUTES.RootDirectory). */
typedef struct {
    USHORT Length, MaximumLength;
    WCHAR *Buffer;
} conf_unicode_string;
typedef struct {
    ULONG Length;
    HANDLE RootDirectory;
    conf_unicode_string *ObjectName;
    ULONG Attributes;
    void *SecurityDescriptor, *SecurityQualityOfService;
} conf_object_attributes;
typedef LONG(NTAPI *open_fn)(HANDLE *, ACCESS_MASK, conf_object_attributes *);
typedef LONG(NTAPI *create_event_fn)(HANDLE *, ACCESS_MASK, conf_object_attributes *, int, BOOLEAN);

static void init_attributes(conf_object_attributes *attributes, conf_unicode_string *name, WCHAR *text, HANDLE root)
{
    name->Buffer = text;
    name->Length = (USHORT)(wcslen(text) * sizeof(WCHAR));
    name->MaximumLength = name->Length + sizeof(WCHAR);
    memset(attributes, 0, sizeof *attributes);
    attributes->Length = sizeof *attributes;
    attributes->RootDirectory = root;
    attributes->ObjectName = name;
}

static void test_directories(void)
{
    HMODULE ntdll = GetModuleHandleA("ntdll.dll");
    open_fn open_directory = (open_fn)GetProcAddress(ntdll, "NtOpenDirectoryObject");
    open_fn open_event = (open_fn)GetProcAddress(ntdll, "NtOpenEvent");
    create_event_fn create_event = (create_event_fn)GetProcAddress(ntdll, "NtCreateEvent");
    conf_object_attributes attributes;
    conf_unicode_string name;
    WCHAR text[160], relative[128];
    HANDLE directory = NULL, event = NULL, other = NULL;
    LONG status;

    ok(open_directory && open_event && create_event, "ntdll lacks the object services\n");
    if (!open_directory || !open_event || !create_event)
        return;
    wcscpy(text, L"\\BaseNamedObjects");
    init_attributes(&attributes, &name, text, NULL);
    status = open_directory(&directory, 0x3 /* DIRECTORY_QUERY | DIRECTORY_TRAVERSE */, &attributes);
    ok(status == 0 && directory, "NtOpenDirectoryObject(\\BaseNamedObjects) returned %#lx\n", status);
    wcscpy(text, L"\\halcyon_no_such_directory");
    HANDLE missing = NULL;
    status = open_directory(&missing, 0x3, &attributes);
    ok(status == (LONG)0xC0000034, "a missing directory gave %#lx\n", status); /* STATUS_OBJECT_NAME_NOT_FOUND */
    if (!directory)
        return;

    /* An event created relative to the directory has the joined name. */
    swprintf(relative, 128, L"halcyon_objects_%lu_relative", GetCurrentProcessId());
    init_attributes(&attributes, &name, relative, directory);
    status = create_event(&event, EVENT_ALL_ACCESS, &attributes, 0 /* NotificationEvent */, FALSE);
    ok(status == 0 && event, "NtCreateEvent relative to the directory returned %#lx\n", status);
    init_attributes(&attributes, &name, relative, directory);
    status = open_event(&other, EVENT_ALL_ACCESS, &attributes);
    ok(status == 0 && other, "NtOpenEvent relative to the directory returned %#lx\n", status);
    if (event && other) {
        SetEvent(event);
        ok(WaitForSingleObject(other, 0) == WAIT_OBJECT_0, "the two handles name different events\n");
    }
    /* "Global\" is \BaseNamedObjects for every session. */
    {
        char global[160];
        snprintf(global, sizeof global, "Global\\halcyon_objects_%lu_relative", GetCurrentProcessId());
        SetLastError(0xdeadbeef);
        HANDLE by_win32 = OpenEventA(SYNCHRONIZE, FALSE, global);
        ok(by_win32 != NULL, "OpenEventA(%s) failed, error %lu\n", global, GetLastError());
        if (by_win32)
            CloseHandle(by_win32);
    }
    /* The same relative name again: OBJ_OPENIF opens it, without it the name collides. */
    HANDLE again = NULL;
    init_attributes(&attributes, &name, relative, directory);
    status = create_event(&again, EVENT_ALL_ACCESS, &attributes, 0, FALSE);
    ok(status == (LONG)0xC0000035, "a second create without OBJ_OPENIF returned %#lx\n", status);
    attributes.Attributes = 0x80; /* OBJ_OPENIF */
    status = create_event(&again, EVENT_ALL_ACCESS, &attributes, 0, FALSE);
    ok(status == (LONG)0x40000000 && again, "a second create with OBJ_OPENIF returned %#lx\n", status);
    if (again)
        CloseHandle(again);
    /* A root that is not a directory. */
    if (event) {
        HANDLE below = NULL;
        init_attributes(&attributes, &name, relative, event);
        status = create_event(&below, EVENT_ALL_ACCESS, &attributes, 0, FALSE);
        ok(status == (LONG)0xC0000024, "an event as RootDirectory gave %#lx\n", status); /* OBJECT_TYPE_MISMATCH */
    }
    if (other)
        CloseHandle(other);
    if (event)
        CloseHandle(event);
    CloseHandle(directory);
}

int main(int argc, char **argv)
{
    char self[MAX_PATH];

    if (argc == 4 && !strcmp(argv[1], "child"))
        return run_child(argv[2], argv[3]);
    conf_init("objects");
    snprintf(names_prefix, sizeof names_prefix, "halcyon_objects_%lu", GetCurrentProcessId());
    GetModuleFileNameA(NULL, self, sizeof self);

    test_named_events();
    test_named_mutexes_and_semaphores();
    test_named_mappings();
    test_child_process(self);
    test_apcs();
    test_timers();
    test_directories();
    return conf_summary();
}
