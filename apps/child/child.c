/* The child the process tests start. What it does depends on its first argument:
 *   upper         copy standard input to standard output in upper case; exit 7
 *   echo ARGS...  print its arguments; exit with their count
 *   exit N        exit with N
 *   env NAME      print the variable's value (or "(unset)")
 *   cwd           print the last component of the current directory
 *   types         print the file types of its standard handles
 *   sleep         sleep for a minute (the parent terminates it)
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

int main(int argc, char** argv) {
    if (argc < 2) {
        printf("child: no mode\n");
        return 1;
    }
    const char* mode = argv[1];
    if (!strcmp(mode, "upper")) {
        char line[256];
        while (fgets(line, sizeof line, stdin)) {
            for (char* p = line; *p; ++p)
                *p = (char)toupper((unsigned char)*p);
            fputs(line, stdout);
        }
        return 7;
    }
    if (!strcmp(mode, "echo")) {
        printf("child argc=%d", argc - 2);
        for (int i = 2; i < argc; ++i)
            printf(" [%s]", argv[i]);
        printf("\n");
        return argc - 2;
    }
    if (!strcmp(mode, "exit") && argc > 2)
        return atoi(argv[2]);
    if (!strcmp(mode, "env") && argc > 2) {
        const char* value = getenv(argv[2]);
        printf("%s=%s\n", argv[2], value ? value : "(unset)");
        return 0;
    }
    if (!strcmp(mode, "cwd")) {
        char directory[MAX_PATH];
        DWORD n = GetCurrentDirectoryA(sizeof directory, directory);
        const char* last = directory;
        for (DWORD i = 0; i < n; ++i)
            if (directory[i] == '\\' && i + 1 < n)
                last = directory + i + 1;
        printf("cwd=%s\n", last);
        return 0;
    }
    if (!strcmp(mode, "types")) {
        printf("stdin=%lu stdout=%lu\n", GetFileType(GetStdHandle(STD_INPUT_HANDLE)),
               GetFileType(GetStdHandle(STD_OUTPUT_HANDLE)));
        return 0;
    }
    if (!strcmp(mode, "sleep")) {
        Sleep(60000);
        return 0;
    }
    printf("child: unknown mode %s\n", mode);
    return 1;
}
