/* LastError: per-thread storage, what succeeding and failing calls leave in it, and ntdll's
 * NTSTATUS -> Win32 error translation. */
#include "conformance.h"

static DWORD WINAPI thread_error(void *argument)
{
    DWORD initial = GetLastError();
    SetLastError(0x1234);
    return initial == 0 && GetLastError() == 0x1234;
}

int main(void)
{
    HANDLE thread;
    DWORD code;
    ULONG(WINAPI * status_to_error)(LONG);
    conf_init("errors");

    SetLastError(0);
    ok(GetLastError() == 0, "SetLastError(0)\n");
    SetLastError(0xdeadbeef);
    ok(GetLastError() == 0xdeadbeef, "round trip\n");
    SetLastError(ERROR_FILE_NOT_FOUND);
    ok(GetLastError() == ERROR_FILE_NOT_FOUND, "ERROR_FILE_NOT_FOUND\n");

    /* Each thread has its own value, starting at zero. */
    SetLastError(0x5555);
    thread = CreateThread(NULL, 0, thread_error, NULL, 0, NULL);
    WaitForSingleObject(thread, 5000);
    ok(GetExitCodeThread(thread, &code) && code == 1, "thread LastError not independent\n");
    CloseHandle(thread);
    ok(GetLastError() == 0x5555, "another thread changed our LastError: %lu\n", GetLastError());

    /* The TEB slot is what GetLastError reads (offset 0x68 on x64). */
    SetLastError(0x4321);
    ok(*(DWORD *)((char *)NtCurrentTeb() + 0x68) == 0x4321, "TEB LastErrorValue\n");

    /* Failing calls set their error; many succeeding calls leave LastError alone. */
    SetLastError(0xdeadbeef);
    ok(GetFileAttributesA("no_such_file.xyz") == INVALID_FILE_ATTRIBUTES, "missing file\n");
    expect_error(ERROR_FILE_NOT_FOUND);
    SetLastError(0xdeadbeef);
    ok(GetCurrentProcessId() != 0, "GetCurrentProcessId\n");
    expect_error(0xdeadbeef);
    SetLastError(0xdeadbeef);
    ok(CloseHandle(CreateEventA(NULL, FALSE, FALSE, NULL)), "event\n");
    expect_error(ERROR_SUCCESS); /* CreateEvent reports "not already existing" */

    status_to_error = (void *)GetProcAddress(GetModuleHandleA("ntdll.dll"), "RtlNtStatusToDosError");
    ok(status_to_error != NULL, "RtlNtStatusToDosError missing\n");
    if (status_to_error) {
        ok(status_to_error(0) == ERROR_SUCCESS, "STATUS_SUCCESS\n");
        ok(status_to_error(0xC0000034) == ERROR_FILE_NOT_FOUND, "OBJECT_NAME_NOT_FOUND\n");
        ok(status_to_error(0xC000003A) == ERROR_PATH_NOT_FOUND, "OBJECT_PATH_NOT_FOUND\n");
        ok(status_to_error(0xC0000022) == ERROR_ACCESS_DENIED, "ACCESS_DENIED\n");
        ok(status_to_error(0xC0000043) == ERROR_SHARING_VIOLATION, "SHARING_VIOLATION\n");
        ok(status_to_error(0xC0000008) == ERROR_INVALID_HANDLE, "INVALID_HANDLE\n");
        ok(status_to_error(0xC000000D) == ERROR_INVALID_PARAMETER, "INVALID_PARAMETER\n");
        ok(status_to_error(0xC0000035) == ERROR_ALREADY_EXISTS, "OBJECT_NAME_COLLISION\n");
        ok(status_to_error(0xC0000101) == ERROR_DIR_NOT_EMPTY, "DIRECTORY_NOT_EMPTY\n");
        ok(status_to_error(0xC0000103) == ERROR_DIRECTORY, "NOT_A_DIRECTORY\n");
        ok(status_to_error(0xC00000BA) == ERROR_ACCESS_DENIED, "FILE_IS_A_DIRECTORY\n");
        ok(status_to_error(0xC0000056) == ERROR_ACCESS_DENIED, "DELETE_PENDING\n");
        ok(status_to_error(0x80000006) == ERROR_NO_MORE_FILES, "NO_MORE_FILES\n");
        ok(status_to_error(0xC000000F) == ERROR_FILE_NOT_FOUND, "NO_SUCH_FILE\n");
        ok(status_to_error(0xC00000D4) == ERROR_NOT_SAME_DEVICE, "NOT_SAME_DEVICE\n");
        ok(status_to_error(0xC0000017) == ERROR_NOT_ENOUGH_MEMORY, "NO_MEMORY\n");
        ok(status_to_error(0xC0000002) == ERROR_INVALID_FUNCTION, "NOT_IMPLEMENTED\n");
        ok(status_to_error(0x00000102) == ERROR_TIMEOUT, "TIMEOUT\n");
        ok(status_to_error(0xC0000011) == ERROR_HANDLE_EOF, "END_OF_FILE\n");
        ok(status_to_error(0xC0000033) == ERROR_INVALID_NAME, "OBJECT_NAME_INVALID\n");
        ok(status_to_error(0xC0000023) == ERROR_INSUFFICIENT_BUFFER, "BUFFER_TOO_SMALL\n");
        ok(status_to_error(0x80000005) == ERROR_MORE_DATA, "BUFFER_OVERFLOW\n");
        ok(status_to_error(0xC000009F) == ERROR_INVALID_ADDRESS, "FREE_VM_NOT_AT_BASE\n");
        ok(status_to_error(0xC0000046) == ERROR_NOT_OWNER, "MUTANT_NOT_OWNED\n");
        ok(status_to_error(0xC000004B) == ERROR_TOO_MANY_POSTS || status_to_error(0xC0000047) == ERROR_TOO_MANY_POSTS,
           "SEMAPHORE_LIMIT_EXCEEDED\n");
        ok(status_to_error(0xDEADBEEF) == ERROR_MR_MID_NOT_FOUND, "unknown status\n");
        ok(status_to_error(0xC0010005) == 5, "Win32-facility status passes its code through\n");
    }
    return conf_summary();
}
