/* Slim synchronisation: SRW locks, condition variables (with SRW locks and critical sections),
 * one-time initialisation, WaitOnAddress, the Interlocked family, Sleep(0)/SwitchToThread. */
#include "conformance.h"

static SRWLOCK lock = SRWLOCK_INIT;
static CRITICAL_SECTION section;
static CONDITION_VARIABLE variable = CONDITION_VARIABLE_INIT;
static volatile LONG counter, flag, woken;
static HANDLE go, done;

/* Milliseconds since `start` (a QueryPerformanceCounter value): finer than GetTickCount. */
static double elapsed_ms(LARGE_INTEGER start)
{
    LARGE_INTEGER now, frequency;
    QueryPerformanceCounter(&now);
    QueryPerformanceFrequency(&frequency);
    return (now.QuadPart - start.QuadPart) * 1000.0 / frequency.QuadPart;
}

static DWORD WINAPI add_exclusive(void *argument)
{
    for (int i = 0; i < 20000; i++) {
        AcquireSRWLockExclusive(&lock);
        counter++; /* not atomic on purpose: the lock must make it safe */
        ReleaseSRWLockExclusive(&lock);
    }
    return 0;
}

static DWORD WINAPI hold_shared(void *argument)
{
    AcquireSRWLockShared(&lock);
    SetEvent(go);
    WaitForSingleObject(done, 5000);
    ReleaseSRWLockShared(&lock);
    return 0;
}

static DWORD WINAPI take_exclusive(void *argument)
{
    AcquireSRWLockExclusive(&lock);
    InterlockedExchange(&flag, 1);
    ReleaseSRWLockExclusive(&lock);
    return 0;
}

static void test_srw(void)
{
    SRWLOCK local;
    HANDLE threads[4], thread;
    int i;

    InitializeSRWLock(&local);
    ok(TryAcquireSRWLockExclusive(&local), "TryAcquireSRWLockExclusive on a free lock failed\n");
    ok(!TryAcquireSRWLockExclusive(&local), "exclusive lock taken twice\n");
    ok(!TryAcquireSRWLockShared(&local), "shared acquire of an exclusively held lock succeeded\n");
    ReleaseSRWLockExclusive(&local);
    ok(TryAcquireSRWLockShared(&local), "TryAcquireSRWLockShared on a free lock failed\n");
    ok(TryAcquireSRWLockShared(&local), "second reader refused\n");
    ok(!TryAcquireSRWLockExclusive(&local), "exclusive acquire of a lock held shared succeeded\n");
    ReleaseSRWLockShared(&local);
    ok(!TryAcquireSRWLockExclusive(&local), "exclusive acquire with one reader left succeeded\n");
    ReleaseSRWLockShared(&local);
    ok(TryAcquireSRWLockExclusive(&local), "lock not free after both readers left\n");
    ReleaseSRWLockExclusive(&local);
    ok(local.Ptr == NULL, "a free lock is not zero: %p\n", local.Ptr);

    /* Mutual exclusion across threads. */
    counter = 0;
    for (i = 0; i < 4; i++)
        threads[i] = CreateThread(NULL, 0, add_exclusive, NULL, 0, NULL);
    ok(WaitForMultipleObjects(4, threads, TRUE, 30000) == WAIT_OBJECT_0, "writers did not finish\n");
    for (i = 0; i < 4; i++)
        CloseHandle(threads[i]);
    ok(counter == 80000, "counter %ld, expected 80000\n", counter);

    /* Readers share; a writer waits for them. */
    go = CreateEventA(NULL, FALSE, FALSE, NULL);
    done = CreateEventA(NULL, TRUE, FALSE, NULL);
    thread = CreateThread(NULL, 0, hold_shared, NULL, 0, NULL);
    ok(WaitForSingleObject(go, 5000) == WAIT_OBJECT_0, "reader did not start\n");
    ok(TryAcquireSRWLockShared(&lock), "second reader refused while another holds the lock\n");
    ReleaseSRWLockShared(&lock);
    ok(!TryAcquireSRWLockExclusive(&lock), "writer got the lock from a reader\n");
    flag = 0;
    {
        HANDLE writer = CreateThread(NULL, 0, take_exclusive, NULL, 0, NULL);
        Sleep(50);
        ok(flag == 0, "writer ran while a reader held the lock\n");
        SetEvent(done);
        ok(WaitForSingleObject(writer, 5000) == WAIT_OBJECT_0, "writer never got the lock\n");
        ok(flag == 1, "writer did not run\n");
        CloseHandle(writer);
    }
    WaitForSingleObject(thread, 5000);
    CloseHandle(thread);
    CloseHandle(go);
    CloseHandle(done);
}

/* A bounded queue of ints guarded by a critical section, with two condition variables. */
static int queue[8], queue_head, queue_count;
static CONDITION_VARIABLE not_empty = CONDITION_VARIABLE_INIT, not_full = CONDITION_VARIABLE_INIT;
static LONGLONG consumed_sum;
static LONG consumed_count;

static DWORD WINAPI consume(void *argument)
{
    for (;;) {
        int value;
        EnterCriticalSection(&section);
        while (queue_count == 0)
            SleepConditionVariableCS(&not_empty, &section, INFINITE);
        value = queue[queue_head];
        queue_head = (queue_head + 1) % 8;
        queue_count--;
        WakeConditionVariable(&not_full);
        LeaveCriticalSection(&section);
        if (value < 0)
            return 0;
        InterlockedExchangeAdd64(&consumed_sum, value);
        InterlockedIncrement(&consumed_count);
    }
}

static void produce(int value)
{
    EnterCriticalSection(&section);
    while (queue_count == 8)
        SleepConditionVariableCS(&not_full, &section, INFINITE);
    queue[(queue_head + queue_count) % 8] = value;
    queue_count++;
    WakeConditionVariable(&not_empty);
    LeaveCriticalSection(&section);
}

static DWORD WINAPI wait_for_flag(void *argument)
{
    AcquireSRWLockExclusive(&lock);
    while (!flag)
        SleepConditionVariableSRW(&variable, &lock, INFINITE, 0);
    ReleaseSRWLockExclusive(&lock);
    InterlockedIncrement(&woken);
    return 0;
}

static DWORD WINAPI wait_for_flag_shared(void *argument)
{
    AcquireSRWLockShared(&lock);
    while (!flag)
        SleepConditionVariableSRW(&variable, &lock, INFINITE, CONDITION_VARIABLE_LOCKMODE_SHARED);
    ReleaseSRWLockShared(&lock);
    InterlockedIncrement(&woken);
    return 0;
}

static void test_condition_variables(void)
{
    CONDITION_VARIABLE local;
    HANDLE threads[4];
    LARGE_INTEGER start;
    double elapsed;
    BOOL ret;
    int i;

    InitializeConditionVariable(&local);
    ok(local.Ptr == NULL, "initialised variable is not zero\n");

    /* Timeouts, with the lock held again afterwards. */
    AcquireSRWLockExclusive(&lock);
    QueryPerformanceCounter(&start);
    SetLastError(0xdeadbeef);
    ret = SleepConditionVariableSRW(&local, &lock, 60, 0);
    elapsed = elapsed_ms(start);
    ok(!ret, "SleepConditionVariableSRW without a wake succeeded\n");
    expect_error(ERROR_TIMEOUT);
    ok(elapsed >= 30 && elapsed < 5000, "timeout after %.1f ms\n", elapsed);
    ok(!TryAcquireSRWLockShared(&lock), "the lock is not held again after the timeout\n");
    ReleaseSRWLockExclusive(&lock);

    AcquireSRWLockShared(&lock);
    SetLastError(0xdeadbeef);
    ret = SleepConditionVariableSRW(&local, &lock, 10, CONDITION_VARIABLE_LOCKMODE_SHARED);
    ok(!ret, "shared sleep without a wake succeeded\n");
    expect_error(ERROR_TIMEOUT);
    ok(TryAcquireSRWLockShared(&lock), "shared sleep did not take the lock shared again\n");
    ReleaseSRWLockShared(&lock);
    ok(!TryAcquireSRWLockExclusive(&lock), "the shared lock is not held after the sleep\n");
    ReleaseSRWLockShared(&lock);

    EnterCriticalSection(&section);
    SetLastError(0xdeadbeef);
    ret = SleepConditionVariableCS(&local, &section, 10);
    ok(!ret, "SleepConditionVariableCS without a wake succeeded\n");
    expect_error(ERROR_TIMEOUT);
    ok(section.OwningThread == (HANDLE)(ULONG_PTR)GetCurrentThreadId(), "section not owned after the sleep\n");
    LeaveCriticalSection(&section);

    /* Waking nobody is harmless. */
    WakeConditionVariable(&local);
    WakeAllConditionVariable(&local);
    ok(1, "waking an idle variable\n");

    /* Producer and consumers through a critical section. */
    queue_head = queue_count = 0;
    consumed_sum = 0;
    consumed_count = 0;
    threads[0] = CreateThread(NULL, 0, consume, NULL, 0, NULL);
    threads[1] = CreateThread(NULL, 0, consume, NULL, 0, NULL);
    for (i = 1; i <= 2000; i++)
        produce(i);
    produce(-1);
    produce(-1);
    ok(WaitForMultipleObjects(2, threads, TRUE, 30000) == WAIT_OBJECT_0, "consumers did not finish\n");
    CloseHandle(threads[0]);
    CloseHandle(threads[1]);
    ok(consumed_count == 2000, "consumed %ld items\n", consumed_count);
    ok(consumed_sum == 2001000, "consumed sum %lld\n", consumed_sum);

    /* WakeAllConditionVariable releases every sleeper, exclusive and shared. */
    flag = 0;
    woken = 0;
    threads[0] = CreateThread(NULL, 0, wait_for_flag, NULL, 0, NULL);
    threads[1] = CreateThread(NULL, 0, wait_for_flag, NULL, 0, NULL);
    threads[2] = CreateThread(NULL, 0, wait_for_flag_shared, NULL, 0, NULL);
    threads[3] = CreateThread(NULL, 0, wait_for_flag_shared, NULL, 0, NULL);
    Sleep(50);
    ok(woken == 0, "%ld threads passed an unset flag\n", woken);
    AcquireSRWLockExclusive(&lock);
    flag = 1;
    ReleaseSRWLockExclusive(&lock);
    WakeAllConditionVariable(&variable);
    ok(WaitForMultipleObjects(4, threads, TRUE, 10000) == WAIT_OBJECT_0, "sleepers were not all woken\n");
    ok(woken == 4, "%ld threads woken\n", woken);
    for (i = 0; i < 4; i++)
        CloseHandle(threads[i]);
}

static LONG init_calls;

static BOOL WINAPI init_function(INIT_ONCE *once, void *parameter, void **context)
{
    InterlockedIncrement(&init_calls);
    Sleep(20);
    *context = parameter;
    return TRUE;
}

static BOOL WINAPI failing_init(INIT_ONCE *once, void *parameter, void **context)
{
    InterlockedIncrement(&init_calls);
    SetLastError(0x4321);
    return FALSE;
}

static INIT_ONCE shared_once = INIT_ONCE_STATIC_INIT;
static void *contexts[4];

static DWORD WINAPI execute_once(void *argument)
{
    InitOnceExecuteOnce(&shared_once, init_function, (void *)0x1230, &contexts[(ULONG_PTR)argument]);
    return 0;
}

static void test_init_once(void)
{
    INIT_ONCE once;
    void *context;
    BOOL pending, ret;
    HANDLE threads[4];
    int i;

    InitOnceInitialize(&once);
    ok(once.Ptr == NULL, "InitOnceInitialize did not zero\n");
    init_calls = 0;
    context = NULL;
    ok(InitOnceExecuteOnce(&once, init_function, (void *)0x5550, &context), "InitOnceExecuteOnce failed\n");
    ok(init_calls == 1 && context == (void *)0x5550, "calls %ld context %p\n", init_calls, context);
    context = NULL;
    ok(InitOnceExecuteOnce(&once, init_function, (void *)0x7770, &context), "second InitOnceExecuteOnce failed\n");
    ok(init_calls == 1 && context == (void *)0x5550, "second call: calls %ld context %p\n", init_calls, context);
    ok(InitOnceExecuteOnce(&once, init_function, NULL, NULL), "InitOnceExecuteOnce without a context failed\n");

    /* A failed initialisation can be retried. */
    InitOnceInitialize(&once);
    init_calls = 0;
    SetLastError(0xdeadbeef);
    ok(!InitOnceExecuteOnce(&once, failing_init, NULL, &context), "failing initialisation succeeded\n");
    expect_error(0x4321);
    ok(!InitOnceExecuteOnce(&once, failing_init, NULL, &context), "failing initialisation succeeded\n");
    ok(init_calls == 2, "failed initialisation not retried: %ld calls\n", init_calls);
    ok(InitOnceExecuteOnce(&once, init_function, (void *)0x10, &context) && context == (void *)0x10,
       "initialisation after failures\n");

    /* The begin/complete protocol. */
    InitOnceInitialize(&once);
    SetLastError(0xdeadbeef);
    ret = InitOnceBeginInitialize(&once, INIT_ONCE_CHECK_ONLY, &pending, &context);
    ok(!ret, "CHECK_ONLY on an uninitialised once succeeded\n");
    expect_error(ERROR_GEN_FAILURE);
    pending = FALSE;
    ok(InitOnceBeginInitialize(&once, 0, &pending, &context), "InitOnceBeginInitialize failed\n");
    ok(pending, "initialisation not pending\n");
    SetLastError(0xdeadbeef);
    ret = InitOnceBeginInitialize(&once, INIT_ONCE_CHECK_ONLY, &pending, &context);
    ok(!ret, "CHECK_ONLY during initialisation succeeded\n");
    expect_error(ERROR_GEN_FAILURE);
    expect_fail(InitOnceComplete(&once, 0, (void *)0x1001), ERROR_INVALID_PARAMETER);
    expect_success(InitOnceComplete(&once, 0, (void *)0x2000));
    expect_fail(InitOnceComplete(&once, 0, (void *)0x2000), ERROR_GEN_FAILURE);
    pending = TRUE;
    context = NULL;
    ok(InitOnceBeginInitialize(&once, 0, &pending, &context) && !pending && context == (void *)0x2000,
       "after completion: pending %d context %p\n", pending, context);
    pending = TRUE;
    ok(InitOnceBeginInitialize(&once, INIT_ONCE_CHECK_ONLY, &pending, &context) && !pending,
       "CHECK_ONLY after completion\n");

    /* A failed attempt returns the once to its initial state. */
    InitOnceInitialize(&once);
    ok(InitOnceBeginInitialize(&once, 0, &pending, &context) && pending, "begin\n");
    expect_success(InitOnceComplete(&once, INIT_ONCE_INIT_FAILED, NULL));
    ok(InitOnceBeginInitialize(&once, 0, &pending, &context) && pending, "not pending again after a failure\n");
    expect_success(InitOnceComplete(&once, 0, NULL));

    /* Concurrent callers: one initialisation, everyone sees its context. */
    init_calls = 0;
    for (i = 0; i < 4; i++)
        threads[i] = CreateThread(NULL, 0, execute_once, (void *)(ULONG_PTR)i, 0, NULL);
    WaitForMultipleObjects(4, threads, TRUE, 10000);
    for (i = 0; i < 4; i++)
        CloseHandle(threads[i]);
    ok(init_calls == 1, "%ld initialisations\n", init_calls);
    ok(contexts[0] == (void *)0x1230 && contexts[1] == (void *)0x1230 && contexts[2] == (void *)0x1230 &&
           contexts[3] == (void *)0x1230,
       "contexts %p %p %p %p\n", contexts[0], contexts[1], contexts[2], contexts[3]);
}

static BOOL(WINAPI *pWaitOnAddress)(volatile void *, void *, SIZE_T, DWORD);
static void(WINAPI *pWakeByAddressSingle)(void *);
static void(WINAPI *pWakeByAddressAll)(void *);
static volatile LONG address_value;

static DWORD WINAPI wait_on_address(void *argument)
{
    LONG expected = 0;
    while (address_value == 0)
        pWaitOnAddress(&address_value, &expected, sizeof expected, INFINITE);
    InterlockedIncrement(&woken);
    return 0;
}

static void test_wait_on_address(void)
{
    HMODULE kernelbase = GetModuleHandleA("kernelbase.dll");
    LONG compare;
    short small = 5, small_compare = 5;
    HANDLE threads[2];
    LARGE_INTEGER start;

    pWaitOnAddress = (void *)GetProcAddress(kernelbase, "WaitOnAddress");
    pWakeByAddressSingle = (void *)GetProcAddress(kernelbase, "WakeByAddressSingle");
    pWakeByAddressAll = (void *)GetProcAddress(kernelbase, "WakeByAddressAll");
    ok(pWaitOnAddress && pWakeByAddressSingle && pWakeByAddressAll, "kernelbase lacks WaitOnAddress\n");
    if (!pWaitOnAddress)
        return;

    address_value = 1;
    compare = 0;
    ok(pWaitOnAddress(&address_value, &compare, sizeof compare, INFINITE), "a differing value blocks\n");
    compare = 1;
    QueryPerformanceCounter(&start);
    SetLastError(0xdeadbeef);
    ok(!pWaitOnAddress(&address_value, &compare, sizeof compare, 60), "an unchanged value did not time out\n");
    expect_error(ERROR_TIMEOUT);
    ok(elapsed_ms(start) >= 30, "returned after %.1f ms\n", elapsed_ms(start));
    SetLastError(0xdeadbeef);
    ok(!pWaitOnAddress(&small, &small_compare, sizeof small, 0), "2-byte wait with timeout 0 succeeded\n");
    expect_error(ERROR_TIMEOUT);

    address_value = 0;
    woken = 0;
    threads[0] = CreateThread(NULL, 0, wait_on_address, NULL, 0, NULL);
    threads[1] = CreateThread(NULL, 0, wait_on_address, NULL, 0, NULL);
    Sleep(50);
    ok(woken == 0, "waiters passed an unchanged value\n");
    InterlockedExchange(&address_value, 1);
    pWakeByAddressAll((void *)&address_value);
    ok(WaitForMultipleObjects(2, threads, TRUE, 10000) == WAIT_OBJECT_0, "waiters were not woken\n");
    ok(woken == 2, "%ld waiters woken\n", woken);
    CloseHandle(threads[0]);
    CloseHandle(threads[1]);
    /* A wake with nobody waiting does nothing. */
    pWakeByAddressSingle((void *)&address_value);
    ok(1, "wake without waiters\n");
}

static DWORD WINAPI increment_many(void *argument)
{
    for (int i = 0; i < 50000; i++)
        InterlockedIncrement(&counter);
    return 0;
}

static void test_interlocked(void)
{
    LONG value = 5;
    LONGLONG wide = 1LL << 40;
    void *pointer = NULL;
    HANDLE threads[4];
    int i;

    ok(InterlockedIncrement(&value) == 6 && value == 6, "InterlockedIncrement\n");
    ok(InterlockedDecrement(&value) == 5, "InterlockedDecrement\n");
    ok(InterlockedExchange(&value, 9) == 5 && value == 9, "InterlockedExchange\n");
    ok(InterlockedExchangeAdd(&value, 3) == 9 && value == 12, "InterlockedExchangeAdd\n");
    ok(InterlockedCompareExchange(&value, 20, 12) == 12 && value == 20, "InterlockedCompareExchange (match)\n");
    ok(InterlockedCompareExchange(&value, 30, 12) == 20 && value == 20, "InterlockedCompareExchange (mismatch)\n");
    ok(InterlockedCompareExchange64(&wide, 7, 1LL << 40) == 1LL << 40 && wide == 7, "InterlockedCompareExchange64\n");
    ok(InterlockedCompareExchangePointer(&pointer, &value, NULL) == NULL && pointer == &value,
       "InterlockedCompareExchangePointer\n");
    ok(InterlockedExchangePointer(&pointer, NULL) == &value && pointer == NULL, "InterlockedExchangePointer\n");
    value = 0x0f;
    ok(InterlockedAnd(&value, 0x3c) == 0x0f && value == 0x0c, "InterlockedAnd\n");
    ok(InterlockedOr(&value, 0x30) == 0x0c && value == 0x3c, "InterlockedOr\n");
    ok(InterlockedXor(&value, 0xff) == 0x3c && value == 0xc3, "InterlockedXor\n");

    counter = 0;
    for (i = 0; i < 4; i++)
        threads[i] = CreateThread(NULL, 0, increment_many, NULL, 0, NULL);
    WaitForMultipleObjects(4, threads, TRUE, 30000);
    for (i = 0; i < 4; i++)
        CloseHandle(threads[i]);
    ok(counter == 200000, "counter %ld, expected 200000\n", counter);

    /* Yielding. */
    Sleep(0);
    SwitchToThread();
    ok(SleepEx(0, FALSE) == 0, "SleepEx(0)\n");
    ok(SleepEx(1, TRUE) == 0, "alertable SleepEx without APCs\n");
}

int main(void)
{
    conf_init("slimsync");
    InitializeCriticalSection(&section);
    test_srw();
    test_condition_variables();
    test_init_once();
    test_wait_on_address();
    test_interlocked();
    DeleteCriticalSection(&section);
    return conf_summary();
}
