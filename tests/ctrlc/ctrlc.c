/* Console control events for tests/ctrlc/run_ctrlc.py. Modes:
 *   handler    a handler takes Ctrl+C on a thread of its own; exit 7
 *   chain      two handlers: the last registered runs first and passes (FALSE), the first takes it
 *   default    no handler: the default one ends the process with STATUS_CONTROL_C_EXIT
 *   ignore     SetConsoleCtrlHandler(NULL, TRUE): Ctrl+C is ignored; exit 5 after a while
 *   generate   GenerateConsoleCtrlEvent(CTRL_C_EVENT, 0) from the program itself, no SIGINT
 *   break      Ctrl+C ignored, then GenerateConsoleCtrlEvent(CTRL_BREAK_EVENT, 0): Ctrl+Break still
 *              reaches the handler
 * Each mode prints "ready" once its handlers are installed; the driver then sends SIGINT. */
#include <windows.h>
#include <stdio.h>
#include <string.h>

static HANDLE handled;
static DWORD main_thread;
static volatile LONG calls;
static char order[8];

static void say(const char *text)
{
    DWORD written;
    WriteFile(GetStdHandle(STD_OUTPUT_HANDLE), text, (DWORD)strlen(text), &written, NULL);
}

static BOOL WINAPI take(DWORD event)
{
    char line[128];
    LONG n = InterlockedIncrement(&calls);
    if (n < 8)
        order[n - 1] = 't';
    snprintf(line, sizeof line, "handler: event %lu on %s thread\n", event,
             GetCurrentThreadId() == main_thread ? "the main" : "another");
    say(line);
    SetEvent(handled);
    return TRUE;
}

static BOOL WINAPI pass(DWORD event)
{
    LONG n = InterlockedIncrement(&calls);
    if (n < 8)
        order[n - 1] = 'p';
    say("pass: not mine\n");
    return FALSE;
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "handler";
    main_thread = GetCurrentThreadId();
    handled = CreateEventA(NULL, TRUE, FALSE, NULL);
    if (!strcmp(mode, "handler") || !strcmp(mode, "generate")) {
        SetConsoleCtrlHandler(take, TRUE);
    } else if (!strcmp(mode, "break")) {
        SetConsoleCtrlHandler(NULL, TRUE);
        SetConsoleCtrlHandler(take, TRUE);
    } else if (!strcmp(mode, "chain")) {
        SetConsoleCtrlHandler(take, TRUE);
        SetConsoleCtrlHandler(pass, TRUE);
    } else if (!strcmp(mode, "ignore")) {
        SetConsoleCtrlHandler(NULL, TRUE);
    } else if (strcmp(mode, "default")) {
        say("unknown mode\n");
        return 2;
    }
    if (!strcmp(mode, "generate") || !strcmp(mode, "break")) {
        if (!GenerateConsoleCtrlEvent(!strcmp(mode, "break") ? CTRL_BREAK_EVENT : CTRL_C_EVENT, 0)) {
            say("GenerateConsoleCtrlEvent failed\n");
            return 3;
        }
    } else {
        say("ready\n");
    }
    if (!strcmp(mode, "ignore")) {
        Sleep(1500);
        say("still here\n");
        return 5;
    }
    if (WaitForSingleObject(handled, 20000) != WAIT_OBJECT_0) {
        say("no control event arrived\n");
        return 4;
    }
    if (!strcmp(mode, "chain")) {
        say(order[0] == 'p' && order[1] == 't' ? "order: last registered first\n" : "order: wrong\n");
    }
    say("handled\n");
    return 7;
}
