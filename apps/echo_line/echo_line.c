/* Reads lines from standard input and echoes them: the first through ReadFile on the standard
 * input handle (which blocks until a line arrives on a console), the second through the CRT's
 * fgets. Exits 0 when both lines arrived, 1 otherwise. */
#include <stdio.h>
#include <string.h>
#include <windows.h>

static void trim(char* text) { text[strcspn(text, "\r\n")] = 0; }

int main(void) {
    char first[128];
    DWORD got = 0, total = 0;
    HANDLE input = GetStdHandle(STD_INPUT_HANDLE);
    /* ReadFile may return part of a line (a pipe, a serial line): read up to the newline. */
    while (total < sizeof first - 1) {
        if (!ReadFile(input, first + total, 1, &got, NULL) || got == 0)
            break;
        total += got;
        if (first[total - 1] == '\n')
            break;
    }
    first[total] = 0;
    trim(first);
    printf("ReadFile: [%s]\n", first);

    char second[128];
    if (!fgets(second, sizeof second, stdin)) {
        printf("fgets: end of input\n");
        return 1;
    }
    trim(second);
    printf("fgets: [%s]\n", second);
    return total ? 0 : 1;
}
