// printf conversions. Each line shows the format on the left and the result in brackets, so a
// difference points at one conversion. Built twice from this source:
//   printf_formats.exe  as mingw-w64 builds C99 programs by default (__USE_MINGW_ANSI_STDIO=1):
//                       mingw's own printf from libmingwex, writing through msvcrt's streams
//   printf_msvcrt.exe   with -D__USE_MINGW_ANSI_STDIO=0: msvcrt.dll's printf family itself
// Microsoft behaviours the msvcrt build shows: three-digit exponents in %e/%g, %I64d/%I64u/%Iu, %p
// as 16 upper-case hex digits, %ls and %S for wide strings, rounding of exact ties away from zero.
// FIXME: where Windows' msvcrt.dll and Wine 8 (the oracle) may disagree — %.20f of 0.1 and %f of
// DBL_MAX (msvcrt.dll is believed to print only 17 significant digits, then zeros) and %zu (not
// known to legacy msvcrt.dll) — the expectation follows Wine; check on Windows.
#include <float.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#define SHOW(fmt, ...) printf("%-14s [" fmt "]\n", #fmt, __VA_ARGS__)

int main(void)
{
    // Integers.
    SHOW("%d", 0);
    SHOW("%d", -12345);
    SHOW("%i", 2147483647);
    SHOW("%d", INT_MIN);
    SHOW("%u", 4294967295u);
    SHOW("%x", 0xdeadbeefu);
    SHOW("%X", 0xdeadbeefu);
    SHOW("%o", 511u);
    SHOW("%#x", 255u);
    SHOW("%#X", 255u);
    SHOW("%#o", 8u);
    SHOW("%#x", 0u);
    SHOW("%+d", 42);
    SHOW("%+d", -42);
    SHOW("% d", 42);
    SHOW("%5d", 42);
    SHOW("%-5d", 42);
    SHOW("%05d", -42);
    SHOW("%.3d", 7);
    SHOW("%*d", 6, 99);
    SHOW("%-*d", 6, 99);
    SHOW("%hd", (short)-2);
    SHOW("%hu", (unsigned short)65535);
    SHOW("%hhd", (signed char)-1);
    SHOW("%ld", 2147483647L);
    SHOW("%lu", 4294967295UL);
    SHOW("%lld", -9223372036854775807LL - 1);
    SHOW("%llu", 18446744073709551615ULL);
    SHOW("%llx", 0x123456789abcdefULL);
    SHOW("%I64d", -1234567890123456789LL);
    SHOW("%I64u", 18446744073709551615ULL);
    SHOW("%I64X", 0xfedcba9876543210ULL);
    SHOW("%Iu", (size_t)123456789);
    SHOW("%Id", (ptrdiff_t)-5);
    SHOW("%I32d", -7);

    // Characters and strings.
    SHOW("%c", 'A');
    SHOW("%3c", 'B');
    SHOW("%-3c", 'C');
    SHOW("%s", "hello");
    SHOW("%-8s", "left");
    SHOW("%8s", "right");
    SHOW("%.3s", "truncate");
    SHOW("%s", "");
    SHOW("%ls", L"wide string");
    SHOW("%5.2ls", L"wide");
    SHOW("%S", L"capital S is wide in printf");
    SHOW("%hs", "narrow with h");
    SHOW("%%%s", "");

    // Pointers.
    SHOW("%p", (void*)0x1234);
    SHOW("%p", (void*)0);
    SHOW("%p", (void*)0x7ffe12345678ULL);

    // Floating point.
    SHOW("%f", 3.14159265358979);
    SHOW("%.0f", 2.5);
    SHOW("%.0f", 3.5);
    SHOW("%5.2f", 3.14159);
    SHOW("%08.3f", -3.14159);
    SHOW("%+.1f", 2.25);
    SHOW("%.20f", 0.1);
    SHOW("%.17g", 0.1);
    SHOW("%e", 12345.678);
    SHOW("%E", 0.000123);
    SHOW("%.2e", 0.0);
    SHOW("%e", 1e300);
    SHOW("%e", 1e-300);
    SHOW("%g", 100000.0);
    SHOW("%g", 1000000.0);
    SHOW("%g", 0.0001);
    SHOW("%g", 0.00001);
    SHOW("%G", 1.5e-10);
    SHOW("%#g", 1.0);
    SHOW("%#.0f", 1.0);
    SHOW("%f", 1e20);
    SHOW("%.3f", 1e-20);
    SHOW("%f", DBL_MAX);
    SHOW("%g", DBL_MIN);
    SHOW("%e", 4.9406564584124654e-324);
    SHOW("%f", -0.0);
    SHOW("%10.4f|", 2.0 / 3.0);
    SHOW("%-10.4f|", 2.0 / 3.0);
    SHOW("%.15g", 123456789.123456789);
    SHOW("%.1f", 0.05);
    SHOW("%.2f", 1.005);

    // Return values: the number of characters written, and snprintf-style truncation.
    int written = printf("0123456789");
    printf(" <- printf returned %d\n", written);
    char buffer[8];
    memset(buffer, 'x', sizeof buffer);
    int result = _snprintf(buffer, 4, "%d", 123456);
    printf("_snprintf(4, 123456) returned %d, buffer starts [%.4s]\n", result, buffer);
    result = sprintf(buffer, "%d", -77);
    printf("sprintf returned %d, buffer [%s]\n", result, buffer);

    // Sizes, after the formatting itself.
    printf("%%zu -> [%zu]\n", sizeof(long long));
    return 0;
}
