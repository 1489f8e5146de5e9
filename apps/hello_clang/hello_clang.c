// Built with clang against Halcyon's own import libraries (msvcrt.lib, kernel32.lib) and start-up
// object (win32/crt0), not with mingw-w64: checks that the system DLLs' exports and our CRT headers
// are enough for an ordinary C program.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char** argv)
{
    printf("Hello from clang, argc=%d\n", argc);
    for (int i = 1; i < argc; ++i)
        printf("argv[%d]=[%s]\n", i, argv[i]);
    char* copy = malloc(32);
    strcpy(copy, "the heap works");
    puts(copy);
    free(copy);
    printf("%s %d %5.2f %I64d %e\n", "formats", 42, 3.14159, -1234567890123LL, 12345.678);
    return 3;
}
