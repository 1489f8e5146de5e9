/* Threads through the C runtime (_beginthreadex/_endthreadex, _beginthread/_endthread, errno per
 * thread) and _execl: the program re-runs itself in three roles.
 *
 *   (no arguments)  thread checks, then runs itself as "exec-parent" with _spawnl(_P_WAIT) and
 *                   waits for the file the exec'd program writes
 *   exec-parent     calls _execl(self, "exec-child", ...): as on Windows, it ends at once with
 *                   exit code 0 while the new program keeps running
 *   exec-child      writes its arguments to exec_result.txt and exits 3
 *
 * Everything printed comes from the first process, so the output does not depend on when the
 * exec'd program runs. */
#include <errno.h>
#include <process.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

static volatile LONG counter;

static unsigned __stdcall add_and_return(void *arg)
{
    int n = (int)(intptr_t)arg;
    for (int i = 0; i < 1000; i++)
        InterlockedIncrement(&counter);
    errno = 100 + n; /* per-thread errno: must not leak into other threads */
    return (unsigned)n * 10;
}

static unsigned __stdcall end_early(void *arg)
{
    _endthreadex(1234);
    return 1; /* not reached */
}

static volatile LONG plain_done;
static void __cdecl plain(void *arg)
{
    InterlockedIncrement(&plain_done);
    if (arg)
        _endthread();
    InterlockedIncrement(&plain_done); /* only without _endthread */
}

static int run_threads(void)
{
    HANDLE threads[4];
    DWORD code;
    int i;

    errno = 7;
    for (i = 0; i < 4; i++)
        threads[i] = (HANDLE)_beginthreadex(NULL, 0, add_and_return, (void *)(intptr_t)(i + 1), 0, NULL);
    WaitForMultipleObjects(4, threads, TRUE, 10000);
    for (i = 0; i < 4; i++) {
        GetExitCodeThread(threads[i], &code);
        printf("thread %d exit code %lu\n", i + 1, code);
        CloseHandle(threads[i]);
    }
    printf("counter %ld, main errno still %d\n", counter, errno);

    threads[0] = (HANDLE)_beginthreadex(NULL, 0, end_early, NULL, 0, NULL);
    WaitForSingleObject(threads[0], 10000);
    GetExitCodeThread(threads[0], &code);
    printf("_endthreadex exit code %lu\n", code);
    CloseHandle(threads[0]);

    _beginthread(plain, 0, NULL);
    _beginthread(plain, 0, (void *)1);
    for (i = 0; i < 1000 && plain_done < 3; i++)
        Sleep(5);
    Sleep(50);
    printf("_beginthread routines counted %ld\n", plain_done);
    return 0;
}

static int exec_parent(const char *self)
{
    printf("exec-parent: starting the new program\n");
    fflush(stdout);
    _execl(self, "crt_threads_exec", "exec-child", "alpha", "beta", NULL);
    printf("_execl failed: errno %d\n", errno);
    return 1;
}

static int exec_child(int argc, char **argv)
{
    FILE *f = fopen("exec_partial.txt", "w");
    if (!f)
        return 2;
    fprintf(f, "exec'd program: %d arguments:", argc);
    for (int i = 1; i < argc; i++)
        fprintf(f, " %s", argv[i]);
    fprintf(f, "\n");
    fclose(f);
    MoveFileA("exec_partial.txt", "exec_result.txt");
    return 3;
}

int main(int argc, char **argv)
{
    char self[MAX_PATH];
    GetModuleFileNameA(NULL, self, MAX_PATH);
    if (argc > 1 && !strcmp(argv[1], "exec-parent"))
        return exec_parent(self);
    if (argc > 1 && !strcmp(argv[1], "exec-child"))
        return exec_child(argc, argv);

    run_threads();

    DeleteFileA("exec_result.txt");
    fflush(stdout);
    intptr_t status = _spawnl(_P_WAIT, self, "crt_threads_exec", "exec-parent", NULL);
    printf("exec-parent ended with %d\n", (int)status);
    for (int i = 0; i < 1000 && GetFileAttributesA("exec_result.txt") == INVALID_FILE_ATTRIBUTES; i++)
        Sleep(10);
    FILE *f = fopen("exec_result.txt", "r");
    char line[256] = "no result file";
    if (f) {
        fgets(line, sizeof line, f);
        fclose(f);
    }
    printf("%s", line);
    return 0;
}
