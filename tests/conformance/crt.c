/* The C runtime (msvcrt): formatting, parsing, strings, sorting, stdio on files, errno, time. */
#include "conformance.h"
#include <errno.h>
#include <stdlib.h>
#include <time.h>
#include <ctype.h>

static int compare_ints(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }

int main(void)
{
    char buffer[128];
    char *end;
    FILE *f;
    conf_init("crt");

    /* Formatting. */
    snprintf(buffer, sizeof buffer, "%d|%5s|%-4d|%x|%05.1f", -12, "ab", 7, 255, 3.14159);
    ok(!strcmp(buffer, "-12|   ab|7   |ff|003.1"), "snprintf: %s\n", buffer);
    ok(snprintf(buffer, 4, "abcdef") == 6 && !strcmp(buffer, "abc"), "snprintf truncation: %s\n", buffer);
    sprintf(buffer, "%lld %llu %c %%", -9000000000LL, 18000000000ULL, 'z');
    ok(!strcmp(buffer, "-9000000000 18000000000 z %"), "sprintf: %s\n", buffer);
    sprintf(buffer, "%.3e|%g|%g", 12345.678, 0.0001, 1e20);
    ok(!strcmp(buffer, "1.235e+04|0.0001|1e+20"), "floating formats: %s\n", buffer);

    /* Parsing. */
    {
        int i = 0;
        char word[16] = "";
        double d = 0;
        ok(sscanf("42 word 2.5", "%d %15s %lf", &i, word, &d) == 3 && i == 42 && !strcmp(word, "word") && d == 2.5,
           "sscanf\n");
        ok(sscanf("", "%d", &i) == EOF, "sscanf on empty input\n");
        ok(sscanf("x", "%d", &i) == 0, "sscanf mismatch\n");
    }
    ok(strtol("  -123abc", &end, 10) == -123 && !strcmp(end, "abc"), "strtol\n");
    ok(strtol("0x1F", NULL, 16) == 31 && strtol("0x1F", NULL, 0) == 31 && strtol("017", NULL, 0) == 15, "strtol bases\n");
    errno = 0;
    ok(strtol("99999999999999999999", NULL, 10) == LONG_MAX && errno == ERANGE, "strtol overflow\n");
    ok(strtoul("4294967295", NULL, 10) == 4294967295UL, "strtoul\n");
    ok(strtod("1.5e3xyz", &end) == 1500.0 && !strcmp(end, "xyz"), "strtod\n");
    ok(atoi("  77") == 77 && atoi("abc") == 0 && atol("-5") == -5, "atoi/atol\n");
    ok(atof("0.25") == 0.25, "atof\n");

    /* Strings. */
    ok(strlen("hello") == 5 && strcmp("a", "b") < 0 && strncmp("abcx", "abcy", 3) == 0, "strlen/strcmp\n");
    ok(_stricmp("HeLLo", "hello") == 0 && _strnicmp("ABx", "aby", 2) == 0, "_stricmp\n");
    strcpy(buffer, "abc");
    strcat(buffer, "def");
    ok(!strcmp(buffer, "abcdef"), "strcpy/strcat\n");
    ok(strchr(buffer, 'd') == buffer + 3 && strrchr("abca", 'a') != NULL && strstr(buffer, "cde") == buffer + 2,
       "strchr/strstr\n");
    ok(strspn("aabbc", "ab") == 4 && strcspn("abc;d", ";") == 3, "strspn/strcspn\n");
    ok(memcmp("abc", "abd", 3) < 0 && memchr("abc", 'c', 3) != NULL, "memcmp/memchr\n");
    {
        char copy[16] = "0123456789";
        memmove(copy + 2, copy, 5);
        ok(!memcmp(copy, "0101234789", 10), "memmove overlap: %s\n", copy);
    }
    {
        char text[] = "a,b,,c";
        char *token = strtok(text, ",");
        int count = 0;
        while (token) {
            count++;
            token = strtok(NULL, ",");
        }
        ok(count == 3, "strtok tokens %d\n", count);
    }
    ok(toupper('a') == 'A' && tolower('Q') == 'q' && isdigit('7') && isalpha('x') && isspace('\t') && !isalpha('1'),
       "ctype\n");
    {
        char *dup = _strdup("duplicate");
        ok(dup && !strcmp(dup, "duplicate"), "_strdup\n");
        free(dup);
    }
    ok(wcslen(L"wide") == 4 && wcscmp(L"a", L"b") < 0, "wcslen/wcscmp\n");

    /* Sorting and searching. */
    {
        int values[] = {5, 3, 9, 1, 7, 2};
        int key = 7;
        int *found;
        qsort(values, 6, sizeof(int), compare_ints);
        ok(values[0] == 1 && values[1] == 2 && values[5] == 9, "qsort\n");
        found = bsearch(&key, values, 6, sizeof(int), compare_ints);
        ok(found && *found == 7, "bsearch\n");
        key = 4;
        ok(bsearch(&key, values, 6, sizeof(int), compare_ints) == NULL, "bsearch miss\n");
    }

    /* Memory. */
    {
        char *p = malloc(10);
        ok(p != NULL, "malloc\n");
        p = realloc(p, 100000);
        ok(p != NULL, "realloc grow\n");
        free(p);
        p = calloc(10, 10);
        ok(p && p[0] == 0 && p[99] == 0, "calloc\n");
        free(p);
        free(NULL);
    }

    /* Files through stdio: text mode translates newlines, binary mode does not. */
    f = fopen("crt_test.txt", "w");
    ok(f != NULL, "fopen(w)\n");
    ok(fputs("line1\nline2\n", f) >= 0, "fputs\n");
    ok(fprintf(f, "%d\n", 3) == 2, "fprintf\n");
    ok(fclose(f) == 0, "fclose\n");
    f = fopen("crt_test.txt", "rb");
    ok(f != NULL, "fopen(rb)\n");
    fseek(f, 0, SEEK_END);
    ok(ftell(f) == 17, "text file size with CRLF: %ld\n", ftell(f));
    rewind(f);
    ok(fread(buffer, 1, 7, f) == 7 && !memcmp(buffer, "line1\r\n", 7), "CRLF on disk\n");
    fclose(f);
    f = fopen("crt_test.txt", "r");
    ok(fgets(buffer, sizeof buffer, f) && !strcmp(buffer, "line1\n"), "fgets translates CRLF: %s\n", buffer);
    ok(fgetc(f) == 'l' && ungetc('L', f) == 'L' && fgetc(f) == 'L', "fgetc/ungetc\n");
    ok(fgets(buffer, sizeof buffer, f) && !strcmp(buffer, "ine2\n"), "rest of line 2: %s\n", buffer);
    ok(fgets(buffer, sizeof buffer, f) && !strcmp(buffer, "3\n"), "line 3\n");
    ok(fgets(buffer, sizeof buffer, f) == NULL && feof(f), "EOF\n");
    fclose(f);
    f = fopen("crt_test.txt", "ab");
    fwrite("xyz", 1, 3, f);
    fclose(f);
    f = fopen("crt_test.txt", "rb");
    fseek(f, -3, SEEK_END);
    ok(fread(buffer, 1, 3, f) == 3 && !memcmp(buffer, "xyz", 3), "append\n");
    fclose(f);
    errno = 0;
    ok(fopen("missing_dir\\x.txt", "r") == NULL && errno == ENOENT, "fopen missing errno %d\n", errno);
    ok(rename("crt_test.txt", "crt_renamed.txt") == 0, "rename\n");
    ok(remove("crt_renamed.txt") == 0, "remove\n");
    errno = 0;
    ok(remove("crt_renamed.txt") == -1 && errno == ENOENT, "remove missing errno %d\n", errno);

    /* Time. */
    {
        time_t now = time(NULL);
        time_t t = 86400 * 365;
        struct tm *tm = gmtime(&t);
        ok(now > 1600000000, "time %lld\n", (long long)now);
        ok(tm && tm->tm_year == 71 && tm->tm_mon == 0 && tm->tm_mday == 1 && tm->tm_wday == 5, "gmtime\n");
        ok(strftime(buffer, sizeof buffer, "%Y-%m-%d %H:%M:%S", tm) == 19 && !strcmp(buffer, "1971-01-01 00:00:00"),
           "strftime: %s\n", buffer);
        ok(clock() >= 0, "clock\n");
    }
    return conf_summary();
}
