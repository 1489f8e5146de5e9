/* Handles: CloseHandle, DuplicateHandle, Get/SetHandleInformation, pseudo-handles, std handles. */
#include "conformance.h"

#define BAD_HANDLE ((HANDLE)(ULONG_PTR)0xdead0)

int main(void)
{
    HANDLE event, dup, file;
    DWORD flags;
    conf_init("handles");

    ok(GetCurrentProcess() == (HANDLE)(LONG_PTR)-1, "GetCurrentProcess %p\n", GetCurrentProcess());
    ok(GetCurrentThread() == (HANDLE)(LONG_PTR)-2, "GetCurrentThread %p\n", GetCurrentThread());
    ok(GetCurrentProcessId() != 0 && GetCurrentThreadId() != 0, "ids\n");
    ok(GetCurrentProcessId() % 4 == 0 && GetCurrentThreadId() % 4 == 0, "ids are multiples of 4\n");

    expect_fail(CloseHandle(BAD_HANDLE), ERROR_INVALID_HANDLE);
    expect_fail(CloseHandle(NULL), ERROR_INVALID_HANDLE);
    expect_success(CloseHandle(GetCurrentProcess()));

    event = CreateEventA(NULL, TRUE, FALSE, NULL);
    ok(event != NULL, "CreateEvent failed\n");
    ok(((ULONG_PTR)event & 3) == 0, "handle %p not a multiple of 4\n", event);

    /* Handle information. */
    flags = 0xdeadbeef;
    expect_success(GetHandleInformation(event, &flags));
    ok(flags == 0, "flags %#lx\n", flags);
    expect_success(SetHandleInformation(event, HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT));
    expect_success(GetHandleInformation(event, &flags));
    ok(flags == HANDLE_FLAG_INHERIT, "flags %#lx\n", flags);
    expect_success(SetHandleInformation(event, HANDLE_FLAG_PROTECT_FROM_CLOSE, HANDLE_FLAG_PROTECT_FROM_CLOSE));
    expect_success(GetHandleInformation(event, &flags));
    ok(flags == (HANDLE_FLAG_INHERIT | HANDLE_FLAG_PROTECT_FROM_CLOSE), "flags %#lx\n", flags);
    /* A protected handle survives CloseHandle. */
    SetLastError(0xdeadbeef);
    ok(!CloseHandle(event) || running_on_wine(), "CloseHandle closed a protected handle\n");
    ok(WaitForSingleObject(event, 0) == WAIT_TIMEOUT, "protected handle is gone\n");
    expect_success(SetHandleInformation(event, HANDLE_FLAG_INHERIT, 0));
    expect_success(GetHandleInformation(event, &flags));
    ok(flags == HANDLE_FLAG_PROTECT_FROM_CLOSE, "flags %#lx\n", flags);
    expect_success(SetHandleInformation(event, HANDLE_FLAG_PROTECT_FROM_CLOSE, 0));
    expect_fail(GetHandleInformation(BAD_HANDLE, &flags), ERROR_INVALID_HANDLE);
    expect_fail(SetHandleInformation(BAD_HANDLE, HANDLE_FLAG_INHERIT, 0), ERROR_INVALID_HANDLE);

    /* Duplicates name the same object and close independently. */
    dup = NULL;
    expect_success(DuplicateHandle(GetCurrentProcess(), event, GetCurrentProcess(), &dup, 0, FALSE,
                                   DUPLICATE_SAME_ACCESS));
    ok(dup != NULL && dup != event, "duplicate %p\n", dup);
    SetEvent(dup);
    ok(WaitForSingleObject(event, 0) == WAIT_OBJECT_0, "duplicate is another event\n");
    ResetEvent(event);
    ok(WaitForSingleObject(dup, 0) == WAIT_TIMEOUT, "reset through the original not seen\n");
    expect_success(CloseHandle(dup));
    ok(WaitForSingleObject(event, 0) == WAIT_TIMEOUT, "original closed with its duplicate\n");
    expect_fail(CloseHandle(dup), ERROR_INVALID_HANDLE);

    expect_success(DuplicateHandle(GetCurrentProcess(), event, GetCurrentProcess(), &dup, 0, TRUE,
                                   DUPLICATE_SAME_ACCESS));
    expect_success(GetHandleInformation(dup, &flags));
    ok(flags == HANDLE_FLAG_INHERIT, "inheritable duplicate flags %#lx\n", flags);
    CloseHandle(dup);

    /* DUPLICATE_CLOSE_SOURCE closes the source even though the duplicate exists. */
    {
        HANDLE second = CreateEventA(NULL, FALSE, FALSE, NULL);
        expect_success(DuplicateHandle(GetCurrentProcess(), second, GetCurrentProcess(), &dup, 0, FALSE,
                                       DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE));
        /* The duplicate may reuse the source's value; if it does not, the source is gone. */
        if (dup != second)
            expect_fail(CloseHandle(second), ERROR_INVALID_HANDLE);
        expect_success(CloseHandle(dup));
        expect_fail(CloseHandle(dup), ERROR_INVALID_HANDLE);
    }
    {
        HANDLE out = (HANDLE)0x1234;
        SetLastError(0xdeadbeef);
        ok(!DuplicateHandle(GetCurrentProcess(), BAD_HANDLE, GetCurrentProcess(), &out, 0, FALSE,
                            DUPLICATE_SAME_ACCESS), "duplicating a bad handle succeeded\n");
        expect_error(ERROR_INVALID_HANDLE);
    }

    /* Pseudo-handles duplicate into real handles. */
    dup = NULL;
    expect_success(DuplicateHandle(GetCurrentProcess(), GetCurrentProcess(), GetCurrentProcess(), &dup, 0, FALSE,
                                   DUPLICATE_SAME_ACCESS));
    ok(dup != NULL && dup != GetCurrentProcess(), "process duplicate %p\n", dup);
    CloseHandle(dup);
    expect_success(DuplicateHandle(GetCurrentProcess(), GetCurrentThread(), GetCurrentProcess(), &dup, 0, FALSE,
                                   DUPLICATE_SAME_ACCESS));
    ok(dup != NULL && dup != GetCurrentThread(), "thread duplicate %p\n", dup);
    ok(GetThreadId(dup) == GetCurrentThreadId(), "thread duplicate names thread %lu\n", GetThreadId(dup));
    CloseHandle(dup);

    /* Files: a duplicate shares the file pointer. */
    file = CreateFileA("handles.tmp", GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS,
                       FILE_FLAG_DELETE_ON_CLOSE, NULL);
    ok(file != INVALID_HANDLE_VALUE, "create failed: %lu\n", GetLastError());
    expect_success(DuplicateHandle(GetCurrentProcess(), file, GetCurrentProcess(), &dup, 0, FALSE,
                                   DUPLICATE_SAME_ACCESS));
    {
        DWORD written;
        WriteFile(file, "12345", 5, &written, NULL);
        ok(SetFilePointer(dup, 0, NULL, FILE_CURRENT) == 5, "duplicate has its own file pointer\n");
        ok(GetFileType(dup) == FILE_TYPE_DISK, "duplicate file type\n");
    }
    CloseHandle(dup);
    CloseHandle(file);
    ok(GetFileAttributesA("handles.tmp") == INVALID_FILE_ATTRIBUTES, "delete-on-close waited for nothing\n");

    /* Standard handles. */
    {
        HANDLE out = GetStdHandle(STD_OUTPUT_HANDLE);
        HANDLE saved_err = GetStdHandle(STD_ERROR_HANDLE);
        ok(out != NULL && out != INVALID_HANDLE_VALUE, "no stdout\n");
        SetLastError(0xdeadbeef);
        ok(GetStdHandle(42) == INVALID_HANDLE_VALUE, "bad std handle id\n");
        expect_error(ERROR_INVALID_HANDLE);
        expect_success(SetStdHandle(STD_ERROR_HANDLE, event));
        ok(GetStdHandle(STD_ERROR_HANDLE) == event, "SetStdHandle did not stick\n");
        expect_success(SetStdHandle(STD_ERROR_HANDLE, saved_err));
        expect_fail(SetStdHandle(42, event), ERROR_INVALID_HANDLE);
    }

    expect_success(CloseHandle(event));
    expect_fail(CloseHandle(event), ERROR_INVALID_HANDLE);
    return conf_summary();
}
