// Exits with atoi(argv[1]), or 42 without an argument: checks that the exit code of main reaches
// the parent unchanged.
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char** argv)
{
    int code = argc > 1 ? atoi(argv[1]) : 42;
    printf("exiting with %d\n", code);
    return code;
}
