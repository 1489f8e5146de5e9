/* CreateProcess with redirected standard handles through anonymous pipes, and the process and
 * pipe APIs around it: GetExitCodeProcess (STILL_ACTIVE while running), WaitForSingleObject on a
 * process, TerminateProcess, GetProcessId, CREATE_SUSPENDED, lpEnvironment, lpCurrentDirectory,
 * PeekNamedPipe, GetFileType, and the errors of a broken pipe and of a missing program. Runs
 * child.exe, which must sit beside it. */
#include <stdio.h>
#include <string.h>
#include <windows.h>

/* Starts child.exe with `arguments`, its standard input and output connected to pipes; the
 * parent's ends are not inheritable. */
static BOOL start_child(const char* arguments, DWORD flags, void* environment, const char* directory,
                        PROCESS_INFORMATION* info, HANDLE* to_child, HANDLE* from_child) {
    SECURITY_ATTRIBUTES inheritable = {sizeof inheritable, NULL, TRUE};
    HANDLE child_in, child_out;
    if (!CreatePipe(&child_in, to_child, &inheritable, 0) || !CreatePipe(from_child, &child_out, &inheritable, 0))
        return FALSE;
    SetHandleInformation(*to_child, HANDLE_FLAG_INHERIT, 0);
    SetHandleInformation(*from_child, HANDLE_FLAG_INHERIT, 0);
    STARTUPINFOA startup;
    memset(&startup, 0, sizeof startup);
    startup.cb = sizeof startup;
    startup.dwFlags = STARTF_USESTDHANDLES;
    startup.hStdInput = child_in;
    startup.hStdOutput = child_out;
    startup.hStdError = child_out;
    char line[256];
    snprintf(line, sizeof line, "child.exe %s", arguments);
    BOOL ok = CreateProcessA(NULL, line, NULL, NULL, TRUE, flags, environment, directory, &startup, info);
    CloseHandle(child_in);
    CloseHandle(child_out);
    return ok;
}

/* Reads a pipe to its end and prints what came, line by line with a prefix. */
static void print_output(const char* label, HANDLE pipe) {
    char buffer[4096];
    DWORD total = 0, n;
    while (total < sizeof buffer - 1 && ReadFile(pipe, buffer + total, sizeof buffer - 1 - total, &n, NULL) && n)
        total += n;
    DWORD error = GetLastError();
    buffer[total] = 0;
    char* line = buffer;
    while (*line) {
        char* end = strchr(line, '\n');
        if (end)
            *end = 0;
        size_t length = strlen(line);
        if (length && line[length - 1] == '\r')
            line[length - 1] = 0;
        printf("%s: %s\n", label, line);
        if (!end)
            break;
        line = end + 1;
    }
    printf("%s: end of output, error %lu\n", label, error);
}

static DWORD finish(PROCESS_INFORMATION* info) {
    DWORD code = 0;
    DWORD wait = WaitForSingleObject(info->hProcess, INFINITE);
    GetExitCodeProcess(info->hProcess, &code);
    if (wait != WAIT_OBJECT_0)
        printf("wait returned %lu\n", wait);
    CloseHandle(info->hProcess);
    CloseHandle(info->hThread);
    return code;
}

int main(void) {
    PROCESS_INFORMATION info;
    HANDLE to_child, from_child;
    DWORD code, written;

    /* The main case: write to the child, read back what it made of it. */
    if (!start_child("upper", 0, NULL, NULL, &info, &to_child, &from_child)) {
        printf("CreateProcess failed: %lu\n", GetLastError());
        return 1;
    }
    printf("pipe type: %lu\n", GetFileType(to_child));
    GetExitCodeProcess(info.hProcess, &code);
    printf("while running: %lu\n", code);
    printf("pid matches: %d\n", GetProcessId(info.hProcess) == info.dwProcessId);
    const char* input = "hello pipe\nsecond line\n";
    if (!WriteFile(to_child, input, (DWORD)strlen(input), &written, NULL))
        printf("WriteFile failed: %lu\n", GetLastError());
    printf("wrote %lu bytes\n", written);
    CloseHandle(to_child);
    print_output("upper", from_child);
    CloseHandle(from_child);
    printf("upper exit code: %lu\n", finish(&info));

    /* The environment and the current directory the parent chooses. */
    static char environment[] = "HALCYON_CHILD_VAR=from the parent\0OTHER=1\0";
    if (start_child("env HALCYON_CHILD_VAR", 0, environment, NULL, &info, &to_child, &from_child)) {
        CloseHandle(to_child);
        print_output("env", from_child);
        CloseHandle(from_child);
        printf("env exit code: %lu\n", finish(&info));
    }
    CreateDirectoryA("subdir", NULL);
    if (start_child("cwd", 0, NULL, "subdir", &info, &to_child, &from_child)) {
        CloseHandle(to_child);
        print_output("cwd", from_child);
        CloseHandle(from_child);
        printf("cwd exit code: %lu\n", finish(&info));
    }
    RemoveDirectoryA("subdir");
    if (start_child("types", 0, NULL, NULL, &info, &to_child, &from_child)) {
        CloseHandle(to_child);
        print_output("types", from_child);
        CloseHandle(from_child);
        printf("types exit code: %lu\n", finish(&info));
    }

    /* CREATE_SUSPENDED: nothing runs before ResumeThread. */
    if (start_child("exit 5", CREATE_SUSPENDED, NULL, NULL, &info, &to_child, &from_child)) {
        Sleep(50);
        GetExitCodeProcess(info.hProcess, &code);
        printf("suspended: %lu\n", code);
        printf("resume: %lu\n", ResumeThread(info.hThread));
        CloseHandle(to_child);
        CloseHandle(from_child);
        printf("suspended child exit code: %lu\n", finish(&info));
    }

    /* TerminateProcess on another process. */
    if (start_child("sleep", 0, NULL, NULL, &info, &to_child, &from_child)) {
        printf("terminate: %d\n", TerminateProcess(info.hProcess, 42));
        CloseHandle(to_child);
        CloseHandle(from_child);
        printf("terminated exit code: %lu\n", finish(&info));
    }

    /* A program that does not exist. */
    STARTUPINFOA startup;
    memset(&startup, 0, sizeof startup);
    startup.cb = sizeof startup;
    char missing[] = "halcyon_no_such_program.exe argument";
    SetLastError(0xdeadbeef);
    BOOL ok = CreateProcessA(NULL, missing, NULL, NULL, FALSE, 0, NULL, NULL, &startup, &info);
    printf("missing program: %d, error %lu\n", ok, GetLastError());

    /* PeekNamedPipe sees what is queued without taking it. */
    HANDLE r, w;
    CreatePipe(&r, &w, NULL, 0);
    WriteFile(w, "abcde", 5, &written, NULL);
    char peeked[8] = {0};
    DWORD read_count = 0, available = 0;
    ok = PeekNamedPipe(r, peeked, 3, &read_count, &available, NULL);
    printf("peek: %d read %lu available %lu data %s\n", ok, read_count, available, peeked);
    char got[8] = {0};
    ReadFile(r, got, sizeof got - 1, &read_count, NULL);
    printf("read: %lu %s\n", read_count, got);
    CloseHandle(w);
    SetLastError(0xdeadbeef);
    ok = ReadFile(r, got, sizeof got, &read_count, NULL);
    printf("read after writer closed: %d error %lu\n", ok, GetLastError());
    CloseHandle(r);

    /* Writing when no one can read. */
    CreatePipe(&r, &w, NULL, 0);
    CloseHandle(r);
    SetLastError(0xdeadbeef);
    ok = WriteFile(w, "x", 1, &written, NULL);
    printf("write without reader: %d error %lu\n", ok, GetLastError());
    CloseHandle(w);
    return 0;
}
