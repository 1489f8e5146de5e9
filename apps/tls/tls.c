// Thread-local storage: a __thread variable (gcc on Windows implements it with emulated TLS over
// TlsAlloc/TlsGetValue) and a TLS callback placed in the .CRT$XLB section, which the loader calls
// through the image's TLS directory on process and thread attach and detach. A second thread
// shows that each thread has its own copy and that the callback runs for it too.
#include <stdio.h>
#include <windows.h>

static __thread int t_counter = 5;
static int s_process_attach_seen;

static const char* reason_name(DWORD reason)
{
    switch (reason) {
    case DLL_PROCESS_ATTACH: return "DLL_PROCESS_ATTACH";
    case DLL_THREAD_ATTACH: return "DLL_THREAD_ATTACH";
    case DLL_THREAD_DETACH: return "DLL_THREAD_DETACH";
    case DLL_PROCESS_DETACH: return "DLL_PROCESS_DETACH";
    default: return "unknown";
    }
}

static void NTAPI tls_callback(PVOID module, DWORD reason, PVOID reserved)
{
    if (reason == DLL_PROCESS_ATTACH)
        s_process_attach_seen = module == GetModuleHandleA(NULL);
    // FIXME: Windows also calls the callback with DLL_PROCESS_DETACH from ExitProcess, but Wine 8
    // (the oracle of the differential test) does not for the main executable, so it prints nothing.
    if (reason == DLL_PROCESS_DETACH)
        return;
    if (reason != DLL_PROCESS_ATTACH) {
        printf("tls_callback: %s\n", reason_name(reason));
        fflush(stdout);
    }
}

// The linker collects .CRT$XL* sections between the CRT's __xl_a and __xl_z markers; the TLS
// directory's AddressOfCallBacks points there.
__attribute__((section(".CRT$XLB"), used)) PIMAGE_TLS_CALLBACK p_tls_callback = tls_callback;

static DWORD WINAPI thread_main(LPVOID parameter)
{
    printf("thread: t_counter starts at %d\n", t_counter);
    t_counter += 100;
    printf("thread: t_counter is now %d\n", t_counter);
    fflush(stdout);
    return 7;
}

int main(void)
{
    printf("main: the callback saw DLL_PROCESS_ATTACH with the image base: %s\n",
        s_process_attach_seen ? "yes" : "no");
    printf("main: t_counter starts at %d\n", t_counter);
    t_counter = 6;
    fflush(stdout);

    HANDLE thread = CreateThread(NULL, 0, thread_main, NULL, 0, NULL);
    if (!thread) {
        printf("CreateThread failed: %lu\n", GetLastError());
        return 1;
    }
    WaitForSingleObject(thread, INFINITE);
    DWORD code = 0;
    GetExitCodeThread(thread, &code);
    CloseHandle(thread);
    printf("main: thread exit code %lu\n", code);
    printf("main: t_counter is still %d\n", t_counter);
    return 0;
}
