/* Time: FILETIME/SYSTEMTIME conversions, CompareFileTime, clocks and counters. */
#include "conformance.h"

static ULONGLONG ft64(const FILETIME *ft) { return ((ULONGLONG)ft->dwHighDateTime << 32) | ft->dwLowDateTime; }

int main(void)
{
    SYSTEMTIME st, st2;
    FILETIME ft, ft2;
    LARGE_INTEGER frequency, a, b;
    conf_init("time");

    /* 1601-01-01 is FILETIME zero; the Unix epoch is 116444736000000000. */
    memset(&st, 0, sizeof st);
    st.wYear = 1601; st.wMonth = 1; st.wDay = 1;
    ok(SystemTimeToFileTime(&st, &ft) && ft64(&ft) == 0, "1601 -> %llu\n", ft64(&ft));
    st.wYear = 1970;
    ok(SystemTimeToFileTime(&st, &ft) && ft64(&ft) == 116444736000000000ull, "1970 -> %llu\n", ft64(&ft));
    st.wYear = 2000; st.wMonth = 2; st.wDay = 29; st.wHour = 23; st.wMinute = 59; st.wSecond = 58;
    st.wMilliseconds = 999;
    ok(SystemTimeToFileTime(&st, &ft), "leap day\n");
    ok(FileTimeToSystemTime(&ft, &st2), "FileTimeToSystemTime\n");
    ok(st2.wYear == 2000 && st2.wMonth == 2 && st2.wDay == 29 && st2.wHour == 23 && st2.wMinute == 59 &&
       st2.wSecond == 58 && st2.wMilliseconds == 999, "round trip %u-%u-%u\n", st2.wYear, st2.wMonth, st2.wDay);
    ok(st2.wDayOfWeek == 2, "2000-02-29 was a Tuesday: %u\n", st2.wDayOfWeek);
    st.wDayOfWeek = 6; /* ignored on input */
    ok(SystemTimeToFileTime(&st, &ft2) && ft64(&ft2) == ft64(&ft), "day of week is ignored\n");

    st.wYear = 2001; st.wMonth = 13; st.wDay = 1;
    SetLastError(0xdeadbeef);
    ok(!SystemTimeToFileTime(&st, &ft), "month 13 accepted\n");
    expect_error(ERROR_INVALID_PARAMETER);
    st.wMonth = 1; st.wHour = 24;
    ok(!SystemTimeToFileTime(&st, &ft), "hour 24 accepted\n");
    st.wHour = 0; st.wMilliseconds = 1000;
    ok(!SystemTimeToFileTime(&st, &ft), "1000 ms accepted\n");
    st.wMilliseconds = 0; st.wYear = 1600;
    ok(!SystemTimeToFileTime(&st, &ft), "year 1600 accepted\n");

    ft.dwHighDateTime = 0x80000000; ft.dwLowDateTime = 0;
    SetLastError(0xdeadbeef);
    ok(!FileTimeToSystemTime(&ft, &st2), "negative FILETIME accepted\n");
    expect_error(ERROR_INVALID_PARAMETER);
    ft.dwHighDateTime = 0; ft.dwLowDateTime = 10000000 * 61 + 5;
    ok(FileTimeToSystemTime(&ft, &st2) && st2.wYear == 1601 && st2.wMinute == 1 && st2.wSecond == 1 &&
       st2.wMilliseconds == 0, "61 s after 1601\n");
    ok(st2.wDayOfWeek == 1, "1601-01-01 was a Monday: %u\n", st2.wDayOfWeek);
    {
        /* The last day of 30827. */
        ULONGLONG max = 0x7fffffffffffffffull;
        ft.dwHighDateTime = (DWORD)(max >> 32); ft.dwLowDateTime = (DWORD)max;
        ok(FileTimeToSystemTime(&ft, &st2) && st2.wYear == 30828, "largest FILETIME year %u\n", st2.wYear);
    }

    /* CompareFileTime. */
    ft.dwHighDateTime = 1; ft.dwLowDateTime = 0;
    ft2.dwHighDateTime = 0; ft2.dwLowDateTime = 0xffffffff;
    ok(CompareFileTime(&ft, &ft2) == 1 && CompareFileTime(&ft2, &ft) == -1 && CompareFileTime(&ft, &ft) == 0,
       "CompareFileTime\n");

    /* The clocks agree with each other. */
    GetSystemTime(&st);
    GetSystemTimeAsFileTime(&ft);
    ok(SystemTimeToFileTime(&st, &ft2), "GetSystemTime is valid\n");
    ok(ft64(&ft) >= ft64(&ft2) && ft64(&ft) - ft64(&ft2) < 20000000, "GetSystemTime and AsFileTime differ\n");
    ok(st.wYear >= 2020, "year %u\n", st.wYear);
    GetLocalTime(&st2);
    ok(st2.wYear >= 2020 && st2.wMonth >= 1 && st2.wMonth <= 12, "GetLocalTime\n");
    ok(FileTimeToLocalFileTime(&ft, &ft2) && LocalFileTimeToFileTime(&ft2, &ft2) && ft64(&ft2) == ft64(&ft),
       "local time round trip\n");
    GetSystemTimePreciseAsFileTime(&ft2);
    ok(ft64(&ft2) >= ft64(&ft), "precise time went backwards\n");

    ok(QueryPerformanceFrequency(&frequency) && frequency.QuadPart > 0, "frequency\n");
    ok(QueryPerformanceCounter(&a), "counter\n");
    Sleep(50);
    ok(QueryPerformanceCounter(&b) && b.QuadPart > a.QuadPart, "counter does not advance\n");
    ok((b.QuadPart - a.QuadPart) * 1000 / frequency.QuadPart >= 40, "Sleep(50) took %lld ms\n",
       (b.QuadPart - a.QuadPart) * 1000 / frequency.QuadPart);
    {
        DWORD t = GetTickCount();
        ULONGLONG t64 = GetTickCount64();
        ok(t64 >= t && t64 - t < 1000, "tick counts disagree\n");
    }
    return conf_summary();
}
