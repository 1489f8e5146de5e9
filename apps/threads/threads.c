// Threads and synchronisation as a Windows program uses them: critical sections under
// contention, a thread that busy-waits for another (which only finishes if the scheduler
// preempts it), events, semaphores, mutexes (recursion, ownership, abandonment), multi-object
// waits, timeouts, suspended creation, exit codes, ExitThread and TerminateThread.
// Every line is printed by the main thread after the threads it reports on have finished, so
// the output does not depend on scheduling.
#include <stdio.h>
#include <windows.h>

static CRITICAL_SECTION s_lock;
static long s_counter;

static DWORD WINAPI add_many(LPVOID parameter)
{
    int times = (int)(INT_PTR)parameter;
    for (int i = 0; i < times; ++i) {
        EnterCriticalSection(&s_lock);
        ++s_counter;
        LeaveCriticalSection(&s_lock);
    }
    return 0;
}

static volatile LONG s_flag;
static volatile LONG s_spins_done;

static DWORD WINAPI spin_until_flag(LPVOID unused)
{
    (void)unused;
    while (!s_flag) {
    }
    InterlockedExchange(&s_spins_done, 1);
    return 1;
}

static DWORD WINAPI set_flag_later(LPVOID unused)
{
    (void)unused;
    Sleep(20);
    InterlockedExchange(&s_flag, 1);
    return 2;
}

static HANDLE s_ping, s_pong;
static int s_pongs;

static DWORD WINAPI ponger(LPVOID unused)
{
    (void)unused;
    for (int i = 0; i < 5; ++i) {
        WaitForSingleObject(s_ping, INFINITE);
        ++s_pongs;
        SetEvent(s_pong);
    }
    return 0;
}

#define SLOTS 4
static HANDLE s_empty, s_full;
static int s_buffer[SLOTS];
static long s_consumed_sum;

static DWORD WINAPI producer(LPVOID unused)
{
    (void)unused;
    for (int i = 1; i <= 100; ++i) {
        WaitForSingleObject(s_empty, INFINITE);
        s_buffer[i % SLOTS] = i;
        ReleaseSemaphore(s_full, 1, NULL);
    }
    return 0;
}

static DWORD WINAPI consumer(LPVOID unused)
{
    (void)unused;
    for (int i = 1; i <= 100; ++i) {
        WaitForSingleObject(s_full, INFINITE);
        s_consumed_sum += s_buffer[i % SLOTS];
        ReleaseSemaphore(s_empty, 1, NULL);
    }
    return 0;
}

static HANDLE s_mutex;

static DWORD WINAPI take_mutex_and_leave(LPVOID unused)
{
    (void)unused;
    WaitForSingleObject(s_mutex, INFINITE);
    return 3; // ends without ReleaseMutex: the mutex is abandoned
}

static DWORD WINAPI try_release_foreign_mutex(LPVOID unused)
{
    (void)unused;
    SetLastError(0);
    BOOL ok = ReleaseMutex(s_mutex);
    return ok ? 0 : GetLastError();
}

static volatile LONG s_resumed_ran;

static DWORD WINAPI mark_ran(LPVOID unused)
{
    (void)unused;
    InterlockedExchange(&s_resumed_ran, 1);
    return 4;
}

static HANDLE s_never;

static DWORD WINAPI wait_forever(LPVOID unused)
{
    (void)unused;
    WaitForSingleObject(s_never, INFINITE);
    return 5;
}

static DWORD WINAPI exit_early(LPVOID unused)
{
    (void)unused;
    ExitThread(42);
    return 6;
}

static DWORD exit_code_of(HANDLE thread)
{
    DWORD code = 0xdeadbeef;
    GetExitCodeThread(thread, &code);
    return code;
}

int main(void)
{
    // Contention on a critical section.
    InitializeCriticalSection(&s_lock);
    HANDLE adders[4];
    for (int i = 0; i < 4; ++i)
        adders[i] = CreateThread(NULL, 0, add_many, (LPVOID)(INT_PTR)20000, 0, NULL);
    DWORD result = WaitForMultipleObjects(4, adders, TRUE, INFINITE);
    printf("critical section: wait-all = %lu, counter = %ld\n", result, s_counter);
    for (int i = 0; i < 4; ++i)
        CloseHandle(adders[i]);
    DeleteCriticalSection(&s_lock);

    // A busy-waiting thread only ends if the other thread gets the CPU.
    HANDLE spinner = CreateThread(NULL, 0, spin_until_flag, NULL, 0, NULL);
    HANDLE setter = CreateThread(NULL, 0, set_flag_later, NULL, 0, NULL);
    HANDLE pair[2] = {spinner, setter};
    result = WaitForMultipleObjects(2, pair, TRUE, 10000);
    printf("preemption: wait-all = %lu, spinner saw the flag = %ld, exit codes %lu %lu\n", result, s_spins_done,
        exit_code_of(spinner), exit_code_of(setter));
    CloseHandle(spinner);
    CloseHandle(setter);

    // Auto-reset events, ping-pong.
    s_ping = CreateEventA(NULL, FALSE, FALSE, NULL);
    s_pong = CreateEventA(NULL, FALSE, FALSE, NULL);
    HANDLE pong_thread = CreateThread(NULL, 0, ponger, NULL, 0, NULL);
    int round_trips = 0;
    for (int i = 0; i < 5; ++i) {
        SetEvent(s_ping);
        if (WaitForSingleObject(s_pong, 5000) == WAIT_OBJECT_0)
            ++round_trips;
    }
    WaitForSingleObject(pong_thread, INFINITE);
    printf("events: %d round trips, %d pongs\n", round_trips, s_pongs);
    CloseHandle(pong_thread);

    // A bounded buffer with two semaphores.
    s_empty = CreateSemaphoreA(NULL, SLOTS, SLOTS, NULL);
    s_full = CreateSemaphoreA(NULL, 0, SLOTS, NULL);
    HANDLE workers[2] = {CreateThread(NULL, 0, producer, NULL, 0, NULL), CreateThread(NULL, 0, consumer, NULL, 0, NULL)};
    WaitForMultipleObjects(2, workers, TRUE, INFINITE);
    printf("semaphores: consumed sum = %ld (expected 5050)\n", s_consumed_sum);
    LONG previous = -1;
    SetLastError(0);
    BOOL ok = ReleaseSemaphore(s_empty, 1, &previous);
    printf("semaphores: release past the maximum = %d, GetLastError() = %lu\n", ok, GetLastError());
    CloseHandle(workers[0]);
    CloseHandle(workers[1]);

    // Mutexes: recursion, ownership, abandonment.
    s_mutex = CreateMutexA(NULL, TRUE, NULL);
    result = WaitForSingleObject(s_mutex, 0);
    printf("mutex: recursive wait by the owner = %lu\n", result);
    HANDLE foreign = CreateThread(NULL, 0, try_release_foreign_mutex, NULL, 0, NULL);
    WaitForSingleObject(foreign, INFINITE);
    printf("mutex: release by another thread fails with %lu\n", exit_code_of(foreign));
    CloseHandle(foreign);
    BOOL first = ReleaseMutex(s_mutex);
    BOOL second = ReleaseMutex(s_mutex);
    SetLastError(0);
    BOOL third = ReleaseMutex(s_mutex);
    printf("mutex: release = %d, release = %d, third release = %d (GetLastError() = %lu)\n", first, second, third,
        GetLastError());
    HANDLE abandoner = CreateThread(NULL, 0, take_mutex_and_leave, NULL, 0, NULL);
    WaitForSingleObject(abandoner, INFINITE);
    result = WaitForSingleObject(s_mutex, 1000);
    printf("mutex: wait after the owner died = %#lx (WAIT_ABANDONED is 0x80)\n", result);
    printf("mutex: release after taking it = %d\n", ReleaseMutex(s_mutex));
    CloseHandle(abandoner);
    CloseHandle(s_mutex);

    // Wait-any reports the lowest signalled index; timeouts.
    HANDLE events[3];
    for (int i = 0; i < 3; ++i)
        events[i] = CreateEventA(NULL, TRUE, FALSE, NULL);
    SetEvent(events[2]);
    SetEvent(events[1]);
    printf("wait-any: %lu\n", WaitForMultipleObjects(3, events, FALSE, 0));
    printf("wait-all, one unsignalled, no wait: %lu\n", WaitForMultipleObjects(3, events, TRUE, 0));
    DWORD start = GetTickCount();
    result = WaitForSingleObject(events[0], 50);
    DWORD elapsed = GetTickCount() - start;
    printf("timeout: %lu after at least 40 ms: %s\n", result, elapsed >= 40 ? "yes" : "no");
    for (int i = 0; i < 3; ++i)
        CloseHandle(events[i]);

    // Suspended creation.
    DWORD id = 0;
    HANDLE suspended = CreateThread(NULL, 0, mark_ran, NULL, CREATE_SUSPENDED, &id);
    Sleep(20);
    printf("suspended: ran before resume = %ld, same id = %d, exit code %lu\n", s_resumed_ran,
        id == GetThreadId(suspended), exit_code_of(suspended));
    printf("suspended: ResumeThread = %lu\n", ResumeThread(suspended));
    WaitForSingleObject(suspended, INFINITE);
    DWORD code = exit_code_of(suspended);
    DWORD again = ResumeThread(suspended);
    printf("suspended: ran after resume = %ld, exit code %lu, ResumeThread again = %lu\n", s_resumed_ran, code, again);
    CloseHandle(suspended);

    // ExitThread and TerminateThread.
    HANDLE early = CreateThread(NULL, 0, exit_early, NULL, 0, NULL);
    WaitForSingleObject(early, INFINITE);
    printf("ExitThread: exit code %lu\n", exit_code_of(early));
    CloseHandle(early);
    s_never = CreateEventA(NULL, TRUE, FALSE, NULL);
    HANDLE victim = CreateThread(NULL, 0, wait_forever, NULL, 0, NULL);
    Sleep(10);
    printf("TerminateThread: still active = %d\n", exit_code_of(victim) == STILL_ACTIVE);
    printf("TerminateThread: = %d\n", TerminateThread(victim, 99));
    result = WaitForSingleObject(victim, 5000);
    printf("TerminateThread: wait = %lu, exit code %lu\n", result, exit_code_of(victim));
    CloseHandle(victim);
    CloseHandle(s_never);
    printf("main thread id differs from the others: %s\n", GetCurrentThreadId() != id ? "yes" : "no");
    return 0;
}
