/* Threads and synchronisation: CreateThread, exit codes, waits with timeouts, events, semaphores,
 * mutexes (ownership, recursion, abandonment), critical sections, TLS. */
#include "conformance.h"

static volatile LONG counter;
static CRITICAL_SECTION section;
static DWORD tls_index;

static DWORD WINAPI return_argument(void *argument) { return (DWORD)(ULONG_PTR)argument; }

static DWORD WINAPI add_under_lock(void *argument)
{
    for (int i = 0; i < 1000; i++) {
        EnterCriticalSection(&section);
        counter++;
        LeaveCriticalSection(&section);
    }
    return 0;
}

static DWORD WINAPI check_tls(void *argument)
{
    /* A new thread starts with every slot NULL. */
    DWORD ok_value = TlsGetValue(tls_index) == NULL;
    TlsSetValue(tls_index, (void *)0x5678);
    return ok_value && TlsGetValue(tls_index) == (void *)0x5678;
}

static DWORD WINAPI take_mutex_and_exit(void *mutex)
{
    return WaitForSingleObject((HANDLE)mutex, 1000) == WAIT_OBJECT_0;
}

static DWORD WINAPI wait_for_event(void *event) { return WaitForSingleObject((HANDLE)event, 5000); }

int main(void)
{
    HANDLE threads[4], event, semaphore, mutex;
    DWORD code, ret;
    LONG previous;
    conf_init("sync");

    /* Threads and exit codes. */
    threads[0] = CreateThread(NULL, 0, return_argument, (void *)42, 0, NULL);
    ok(threads[0] != NULL, "CreateThread failed: %lu\n", GetLastError());
    ok(WaitForSingleObject(threads[0], 5000) == WAIT_OBJECT_0, "thread did not finish\n");
    ok(GetExitCodeThread(threads[0], &code) && code == 42, "exit code %lu\n", code);
    CloseHandle(threads[0]);
    {
        DWORD id = 0;
        threads[0] = CreateThread(NULL, 0, return_argument, (void *)7, CREATE_SUSPENDED, &id);
        ok(id != 0 && GetThreadId(threads[0]) == id, "thread id %lu\n", id);
        ok(GetExitCodeThread(threads[0], &code) && code == STILL_ACTIVE, "suspended exit code %lu\n", code);
        ok(WaitForSingleObject(threads[0], 50) == WAIT_TIMEOUT, "suspended thread ran\n");
        ok(ResumeThread(threads[0]) == 1, "ResumeThread\n");
        ok(WaitForSingleObject(threads[0], 5000) == WAIT_OBJECT_0, "resumed thread did not finish\n");
        ok(GetExitCodeThread(threads[0], &code) && code == 7, "exit code %lu\n", code);
        CloseHandle(threads[0]);
    }

    /* Critical sections under contention. */
    InitializeCriticalSection(&section);
    for (int i = 0; i < 4; i++)
        threads[i] = CreateThread(NULL, 0, add_under_lock, NULL, 0, NULL);
    ret = WaitForMultipleObjects(4, threads, TRUE, 10000);
    ok(ret == WAIT_OBJECT_0, "WaitForMultipleObjects(all) returned %lu\n", ret);
    ok(counter == 4000, "counter %ld\n", counter);
    for (int i = 0; i < 4; i++)
        CloseHandle(threads[i]);
    ok(TryEnterCriticalSection(&section), "TryEnterCriticalSection on a free section\n");
    ok(TryEnterCriticalSection(&section), "recursive TryEnterCriticalSection\n");
    ok(section.RecursionCount == 2, "recursion count %ld\n", section.RecursionCount);
    LeaveCriticalSection(&section);
    LeaveCriticalSection(&section);
    DeleteCriticalSection(&section);

    /* Events. */
    event = CreateEventA(NULL, FALSE, FALSE, NULL);
    ok(WaitForSingleObject(event, 0) == WAIT_TIMEOUT, "new event signalled\n");
    ok(SetEvent(event), "SetEvent\n");
    ok(WaitForSingleObject(event, 0) == WAIT_OBJECT_0, "auto-reset event not signalled\n");
    ok(WaitForSingleObject(event, 0) == WAIT_TIMEOUT, "auto-reset event did not reset\n");
    CloseHandle(event);
    event = CreateEventA(NULL, TRUE, TRUE, NULL);
    ok(WaitForSingleObject(event, 0) == WAIT_OBJECT_0, "initially signalled event\n");
    ok(WaitForSingleObject(event, 0) == WAIT_OBJECT_0, "manual-reset event reset itself\n");
    ok(ResetEvent(event), "ResetEvent\n");
    ok(WaitForSingleObject(event, 0) == WAIT_TIMEOUT, "manual event still signalled\n");
    ok(PulseEvent(event), "PulseEvent\n");
    ok(WaitForSingleObject(event, 0) == WAIT_TIMEOUT, "PulseEvent left the event signalled\n");
    {
        DWORD start = GetTickCount();
        ok(WaitForSingleObject(event, 100) == WAIT_TIMEOUT, "timed wait\n");
        ok(GetTickCount() - start >= 80, "timed wait returned after %lu ms\n", GetTickCount() - start);
    }
    threads[0] = CreateThread(NULL, 0, wait_for_event, event, 0, NULL);
    Sleep(20);
    SetEvent(event);
    ok(WaitForSingleObject(threads[0], 5000) == WAIT_OBJECT_0, "waiter did not finish\n");
    ok(GetExitCodeThread(threads[0], &code) && code == WAIT_OBJECT_0, "waiter got %lu\n", code);
    CloseHandle(threads[0]);
    expect_fail(SetEvent((HANDLE)(ULONG_PTR)0xdead0), ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ok(WaitForSingleObject((HANDLE)(ULONG_PTR)0xdead0, 0) == WAIT_FAILED, "wait on a bad handle\n");
    expect_error(ERROR_INVALID_HANDLE);

    /* Semaphores. */
    SetLastError(0xdeadbeef);
    ok(CreateSemaphoreA(NULL, 2, 1, NULL) == NULL, "initial count above maximum accepted\n");
    expect_error(ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    ok(CreateSemaphoreA(NULL, 0, 0, NULL) == NULL, "zero maximum accepted\n");
    expect_error(ERROR_INVALID_PARAMETER);
    semaphore = CreateSemaphoreA(NULL, 1, 3, NULL);
    ok(semaphore != NULL, "CreateSemaphore\n");
    ok(WaitForSingleObject(semaphore, 0) == WAIT_OBJECT_0, "semaphore with count 1\n");
    ok(WaitForSingleObject(semaphore, 0) == WAIT_TIMEOUT, "semaphore with count 0\n");
    previous = -1;
    ok(ReleaseSemaphore(semaphore, 2, &previous) && previous == 0, "ReleaseSemaphore previous %ld\n", previous);
    SetLastError(0xdeadbeef);
    ok(!ReleaseSemaphore(semaphore, 2, &previous), "release above the maximum\n");
    expect_error(ERROR_TOO_MANY_POSTS);
    ok(ReleaseSemaphore(semaphore, 1, &previous) && previous == 2, "previous %ld\n", previous);
    threads[0] = semaphore;
    threads[1] = semaphore;
    ok(WaitForSingleObject(semaphore, 0) == WAIT_OBJECT_0, "count 3 -> 2\n");
    CloseHandle(semaphore);

    /* Mutexes: recursive ownership, release by a non-owner, abandonment. */
    mutex = CreateMutexA(NULL, TRUE, NULL);
    ok(mutex != NULL, "CreateMutex\n");
    ok(WaitForSingleObject(mutex, 0) == WAIT_OBJECT_0, "owner cannot re-acquire\n");
    ok(ReleaseMutex(mutex), "ReleaseMutex 1\n");
    ok(ReleaseMutex(mutex), "ReleaseMutex 2\n");
    expect_fail(ReleaseMutex(mutex), ERROR_NOT_OWNER);
    threads[0] = CreateThread(NULL, 0, take_mutex_and_exit, mutex, 0, NULL);
    ok(WaitForSingleObject(threads[0], 5000) == WAIT_OBJECT_0, "mutex thread\n");
    ok(GetExitCodeThread(threads[0], &code) && code == 1, "thread could not take the mutex\n");
    CloseHandle(threads[0]);
    ret = WaitForSingleObject(mutex, 1000);
    ok(ret == WAIT_ABANDONED, "abandoned mutex wait returned %lu\n", ret);
    ok(ReleaseMutex(mutex), "release after abandonment\n");
    CloseHandle(mutex);

    /* WaitForMultipleObjects: any, all, errors. */
    {
        HANDLE events[3];
        for (int i = 0; i < 3; i++)
            events[i] = CreateEventA(NULL, TRUE, FALSE, NULL);
        ok(WaitForMultipleObjects(3, events, FALSE, 0) == WAIT_TIMEOUT, "nothing signalled\n");
        SetEvent(events[2]);
        ok(WaitForMultipleObjects(3, events, FALSE, 0) == WAIT_OBJECT_0 + 2, "any: third\n");
        SetEvent(events[1]);
        ok(WaitForMultipleObjects(3, events, FALSE, 0) == WAIT_OBJECT_0 + 1, "any: lowest index wins\n");
        ok(WaitForMultipleObjects(3, events, TRUE, 0) == WAIT_TIMEOUT, "all: one missing\n");
        SetEvent(events[0]);
        ok(WaitForMultipleObjects(3, events, TRUE, 0) == WAIT_OBJECT_0, "all signalled\n");
        SetLastError(0xdeadbeef);
        ok(WaitForMultipleObjects(0, events, FALSE, 0) == WAIT_FAILED, "zero handles\n");
        expect_error(ERROR_INVALID_PARAMETER);
        SetLastError(0xdeadbeef);
        ok(WaitForMultipleObjects(MAXIMUM_WAIT_OBJECTS + 1, events, FALSE, 0) == WAIT_FAILED, "too many handles\n");
        expect_error(ERROR_INVALID_PARAMETER);
        for (int i = 0; i < 3; i++)
            CloseHandle(events[i]);
    }

    /* Thread-local storage. */
    tls_index = TlsAlloc();
    ok(tls_index != TLS_OUT_OF_INDEXES, "TlsAlloc\n");
    SetLastError(0xdeadbeef);
    ok(TlsGetValue(tls_index) == NULL, "new slot not NULL\n");
    expect_error(ERROR_SUCCESS);
    ok(TlsSetValue(tls_index, (void *)0x1234), "TlsSetValue\n");
    threads[0] = CreateThread(NULL, 0, check_tls, NULL, 0, NULL);
    WaitForSingleObject(threads[0], 5000);
    ok(GetExitCodeThread(threads[0], &code) && code == 1, "TLS leaked between threads\n");
    CloseHandle(threads[0]);
    ok(TlsGetValue(tls_index) == (void *)0x1234, "other thread changed our slot\n");
    ok(TlsFree(tls_index), "TlsFree\n");
    expect_fail(TlsSetValue(1088, NULL), ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    ok(TlsGetValue(1088) == NULL, "out-of-range TlsGetValue\n");
    expect_error(ERROR_INVALID_PARAMETER);

    /* Sleep(0) and SwitchToThread return. */
    Sleep(0);
    SwitchToThread();
    ok(1, "yielding returned\n");
    return conf_summary();
}
