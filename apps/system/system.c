/* system(), _popen/_pclose and _spawnl, through the command processor (cmd.exe). Runs child.exe,
 * which must sit beside it. Output is flushed before each child runs so the order is fixed. */
#include <process.h>
#include <stdio.h>
#include <stdlib.h>

static void show(const char* what, int result) {
    printf("%s -> %d\n", what, result);
    fflush(stdout);
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    show("system(NULL) != 0", system(NULL) != 0);
    show("echo and exit /b", system("echo hello & exit /b 3"));
    show("child with arguments", system("child.exe echo a b \"c d\""));
    show("|| after failure", system("child.exe exit 5 || echo after failure"));
    show("& runs both", system("echo first & child.exe exit 2"));
    show("&& after success", system("child.exe exit 0 && echo after success"));
    show("pipeline", system("echo piped text| child.exe upper"));
    show("redirection", system("echo into a file>out.txt&& type out.txt"));
    show("append and input", system("echo second line>>out.txt&& child.exe upper < out.txt"));
    show("set and echo", system("set HALCYON_SYSTEM_TEST=value&& child.exe env HALCYON_SYSTEM_TEST"));
    remove("out.txt");

    FILE* pipe = _popen("child.exe echo from popen", "r");
    if (pipe) {
        char line[256];
        while (fgets(line, sizeof line, pipe))
            printf("popen read: %s", line);
        show("_pclose (r)", _pclose(pipe));
    }
    pipe = _popen("child.exe upper", "w");
    if (pipe) {
        fputs("written through popen\n", pipe);
        show("_pclose (w)", _pclose(pipe));
    }
    show("_spawnl _P_WAIT", (int)_spawnl(_P_WAIT, "child.exe", "child.exe", "exit", "9", NULL));
    intptr_t process = _spawnl(_P_NOWAIT, "child.exe", "child.exe", "exit", "4", NULL);
    int status = -1;
    _cwait(&status, process, 0);
    show("_spawnl _P_NOWAIT + _cwait", status);
    return 0;
}
