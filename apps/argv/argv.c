// Prints argc and every argument in brackets, so that the tests can check how the command line is
// built from the host's arguments and split again by the CRT (spaces, quotes, backslashes, empty
// arguments). argv[0] is the program path as the launcher spelled it, which differs between
// launchers, so only its file name is printed.
#include <stdio.h>
#include <string.h>

static const char* file_name(const char* path)
{
    const char* name = path;
    for (const char* p = path; *p; ++p) {
        if (*p == '\\' || *p == '/' || *p == ':')
            name = p + 1;
    }
    return name;
}

int main(int argc, char** argv)
{
    printf("argc=%d\n", argc);
    printf("argv[0] file name=[%s]\n", argc > 0 ? file_name(argv[0]) : "(none)");
    for (int i = 1; i < argc; ++i)
        printf("argv[%d]=[%s] (%u bytes)\n", i, argv[i], (unsigned)strlen(argv[i]));
    printf("argv[argc] is %s\n", argv[argc] == NULL ? "NULL" : "not NULL");
    return 0;
}
