/* Time zones (properties that hold for whatever zone the machine is in, and exact conversions
 * through zones given explicitly), GetDateFormat/GetTimeFormat pictures and flags, GetLocaleInfo. */
#include "conformance.h"

static ULONGLONG ft64(const FILETIME *ft) { return ((ULONGLONG)ft->dwHighDateTime << 32) | ft->dwLowDateTime; }

static SYSTEMTIME make_time(WORD year, WORD month, WORD day, WORD hour, WORD minute)
{
    SYSTEMTIME st;
    memset(&st, 0, sizeof st);
    st.wYear = year; st.wMonth = month; st.wDay = day; st.wHour = hour; st.wMinute = minute;
    return st;
}

static SYSTEMTIME make_rule(WORD month, WORD weekday, WORD week, WORD hour)
{
    SYSTEMTIME st;
    memset(&st, 0, sizeof st);
    st.wMonth = month; st.wDayOfWeek = weekday; st.wDay = week; st.wHour = hour;
    return st;
}

static TIME_ZONE_INFORMATION make_zone(LONG bias, LONG daylight_bias, SYSTEMTIME daylight, SYSTEMTIME standard)
{
    TIME_ZONE_INFORMATION zone;
    memset(&zone, 0, sizeof zone);
    zone.Bias = bias;
    zone.DaylightBias = daylight_bias;
    zone.DaylightDate = daylight;
    zone.StandardDate = standard;
    return zone;
}

#define check_to_local(zone, y, mo, d, h, mi, eh, emi, eday) do { \
    SYSTEMTIME utc_ = make_time(y, mo, d, h, mi), local_; \
    BOOL r_ = SystemTimeToTzSpecificLocalTime(zone, &utc_, &local_); \
    ok(r_ && local_.wHour == (eh) && local_.wMinute == (emi) && local_.wDay == (eday), \
       "%u-%u-%u %02u:%02u UTC -> %u %02u:%02u, expected %u %02u:%02u\n", y, mo, d, h, mi, \
       local_.wDay, local_.wHour, local_.wMinute, eday, eh, emi); \
} while (0)

#define check_to_utc(zone, y, mo, d, h, mi, eh, emi) do { \
    SYSTEMTIME local_ = make_time(y, mo, d, h, mi), utc_; \
    BOOL r_ = TzSpecificLocalTimeToSystemTime(zone, &local_, &utc_); \
    ok(r_ && utc_.wHour == (eh) && utc_.wMinute == (emi), "%u-%u-%u %02u:%02u local -> %02u:%02u UTC, expected %02u:%02u\n", \
       y, mo, d, h, mi, utc_.wHour, utc_.wMinute, eh, emi); \
} while (0)

static void test_current_zone(void)
{
    TIME_ZONE_INFORMATION zone;
    DYNAMIC_TIME_ZONE_INFORMATION dynamic;
    DWORD id, dynamic_id;
    LONG bias;
    SYSTEMTIME utc, local, local_now, back;
    FILETIME ft, local_ft, round_trip;
    ULONGLONG utc_ticks, local_ticks;

    memset(&zone, 0xcc, sizeof zone);
    id = GetTimeZoneInformation(&zone);
    ok(id == TIME_ZONE_ID_UNKNOWN || id == TIME_ZONE_ID_STANDARD || id == TIME_ZONE_ID_DAYLIGHT, "id %lu\n", id);
    ok((zone.StandardDate.wMonth == 0) == (id == TIME_ZONE_ID_UNKNOWN),
       "a zone without transitions reports TIME_ZONE_ID_UNKNOWN (month %u, id %lu)\n", zone.StandardDate.wMonth, id);
    ok(zone.Bias > -15 * 60 && zone.Bias < 15 * 60, "bias %ld\n", zone.Bias);
    ok(zone.StandardName[31] == 0 || lstrlenW(zone.StandardName) < 32, "standard name terminated\n");
    ok(zone.StandardDate.wMonth <= 12 && zone.DaylightDate.wMonth <= 12, "transition months\n");

    memset(&dynamic, 0xcc, sizeof dynamic);
    dynamic_id = GetDynamicTimeZoneInformation(&dynamic);
    ok(dynamic_id == id, "dynamic id %lu vs %lu\n", dynamic_id, id);
    ok(dynamic.Bias == zone.Bias && dynamic.StandardBias == zone.StandardBias &&
       dynamic.DaylightBias == zone.DaylightBias, "dynamic biases match\n");
    ok(!memcmp(dynamic.StandardName, zone.StandardName, sizeof zone.StandardName), "dynamic standard name\n");
    ok(!memcmp(&dynamic.DaylightDate, &zone.DaylightDate, sizeof(SYSTEMTIME)), "dynamic daylight date\n");
    ok(dynamic.TimeZoneKeyName[0] != 0, "key name present\n");

    bias = zone.Bias + (id == TIME_ZONE_ID_DAYLIGHT ? zone.DaylightBias : zone.StandardBias);

    /* FileTimeToLocalFileTime applies the current bias, and LocalFileTimeToFileTime undoes it. */
    GetSystemTimeAsFileTime(&ft);
    ok(FileTimeToLocalFileTime(&ft, &local_ft), "FileTimeToLocalFileTime\n");
    ok((LONGLONG)(ft64(&ft) - ft64(&local_ft)) == (LONGLONG)bias * 600000000LL,
       "local file time offset %lld vs bias %ld\n", (LONGLONG)(ft64(&ft) - ft64(&local_ft)), bias);
    ok(LocalFileTimeToFileTime(&local_ft, &round_trip) && ft64(&round_trip) == ft64(&ft), "file time round trip\n");

    /* GetLocalTime agrees with SystemTimeToTzSpecificLocalTime(NULL, now). */
    GetSystemTime(&utc);
    GetLocalTime(&local_now);
    ok(SystemTimeToTzSpecificLocalTime(NULL, &utc, &local), "SystemTimeToTzSpecificLocalTime(NULL)\n");
    SystemTimeToFileTime(&local, &ft);
    SystemTimeToFileTime(&local_now, &local_ft);
    local_ticks = ft64(&local_ft);
    utc_ticks = ft64(&ft);
    ok(local_ticks >= utc_ticks && local_ticks - utc_ticks < 50000000, "GetLocalTime vs converted now: %lld\n",
       (LONGLONG)(local_ticks - utc_ticks));
    ok(SystemTimeToTzSpecificLocalTime(&zone, &utc, &back) && !memcmp(&back, &local, sizeof back),
       "explicit current zone == NULL zone\n");
    ok(TzSpecificLocalTimeToSystemTime(NULL, &local, &back), "TzSpecificLocalTimeToSystemTime(NULL)\n");
    ok(back.wHour == utc.wHour && back.wMinute == utc.wMinute && back.wSecond == utc.wSecond,
       "local -> UTC round trip %02u:%02u vs %02u:%02u\n", back.wHour, back.wMinute, utc.wHour, utc.wMinute);
}

/* Halcyon takes the zone from the TZ environment variable (a POSIX string); Windows and Wine from
 * the registry or the host, so this part only runs on Halcyon. */
static void test_zone_from_tz_variable(void)
{
    TIME_ZONE_INFORMATION zone;
    DWORD id;
    FILETIME ft, local_ft;
    if (!running_on_halcyon())
        return;
    SetEnvironmentVariableA("TZ", "EST5EDT,M3.2.0,M11.1.0");
    id = GetTimeZoneInformation(&zone);
    ok(id == TIME_ZONE_ID_STANDARD || id == TIME_ZONE_ID_DAYLIGHT, "TZ zone id %lu\n", id);
    ok(zone.Bias == 300 && zone.StandardBias == 0 && zone.DaylightBias == -60, "TZ biases %ld %ld %ld\n",
       zone.Bias, zone.StandardBias, zone.DaylightBias);
    ok(!lstrcmpW(zone.StandardName, L"EST") && !lstrcmpW(zone.DaylightName, L"EDT"), "TZ names\n");
    ok(zone.DaylightDate.wMonth == 3 && zone.DaylightDate.wDay == 2 && zone.StandardDate.wMonth == 11,
       "TZ rules\n");
    GetSystemTimeAsFileTime(&ft);
    FileTimeToLocalFileTime(&ft, &local_ft);
    ok(ft64(&ft) - ft64(&local_ft) == (ULONGLONG)(id == TIME_ZONE_ID_DAYLIGHT ? 240 : 300) * 600000000ULL,
       "TZ local file time\n");
    SetEnvironmentVariableA("TZ", "not a zone");
    id = GetTimeZoneInformation(&zone);
    ok(id == TIME_ZONE_ID_UNKNOWN && zone.Bias == 0, "a bad TZ means UTC: %lu %ld\n", id, zone.Bias);
    SetEnvironmentVariableA("TZ", NULL);
    id = GetTimeZoneInformation(&zone);
    ok(id == TIME_ZONE_ID_UNKNOWN && zone.Bias == 0 && !lstrcmpW(zone.StandardName, L"Coordinated Universal Time"),
       "no TZ means UTC\n");
}

static void test_explicit_zones(void)
{
    TIME_ZONE_INFORMATION eastern = make_zone(300, -60, make_rule(3, 0, 2, 2), make_rule(11, 0, 1, 2));
    TIME_ZONE_INFORMATION central_europe = make_zone(-60, -60, make_rule(3, 0, 5, 2), make_rule(10, 0, 5, 3));
    TIME_ZONE_INFORMATION sydney = make_zone(-600, -60, make_rule(10, 0, 1, 2), make_rule(4, 0, 1, 3));
    TIME_ZONE_INFORMATION india;
    SYSTEMTIME st, out;
    int hour, mismatches = 0;

    memset(&india, 0, sizeof india);
    india.Bias = -330;

    check_to_local(&eastern, 2024, 7, 1, 12, 0, 8, 0, 1);
    check_to_local(&eastern, 2024, 1, 15, 12, 0, 7, 0, 15);
    check_to_local(&eastern, 2024, 1, 15, 3, 30, 22, 30, 14);
    /* Around the March change (02:00 EST -> 03:00 EDT) and the November one (02:00 EDT -> 01:00 EST). */
    check_to_local(&eastern, 2024, 3, 10, 6, 59, 1, 59, 10);
    check_to_local(&eastern, 2024, 3, 10, 7, 0, 3, 0, 10);
    check_to_local(&eastern, 2024, 11, 3, 5, 59, 1, 59, 3);
    check_to_local(&eastern, 2024, 11, 3, 6, 0, 1, 0, 3);
    check_to_utc(&eastern, 2024, 7, 1, 8, 0, 12, 0);
    check_to_utc(&eastern, 2024, 1, 15, 7, 0, 12, 0);
    check_to_utc(&eastern, 2024, 12, 31, 22, 0, 3, 0);

    /* "Last Sunday" rules (wDay 5). */
    check_to_local(&central_europe, 2024, 3, 31, 0, 59, 1, 59, 31);
    check_to_local(&central_europe, 2024, 3, 31, 1, 0, 3, 0, 31);
    check_to_local(&central_europe, 2024, 10, 27, 0, 59, 2, 59, 27);
    check_to_local(&central_europe, 2024, 10, 27, 1, 0, 2, 0, 27);
    check_to_utc(&central_europe, 2024, 8, 1, 12, 0, 10, 0);

    /* The southern hemisphere: daylight time spans the new year. */
    check_to_local(&sydney, 2024, 1, 15, 0, 0, 11, 0, 15);
    check_to_local(&sydney, 2024, 7, 15, 0, 0, 10, 0, 15);
    check_to_utc(&sydney, 2024, 1, 15, 11, 0, 0, 0);

    /* No daylight saving, half-hour bias. */
    check_to_local(&india, 2024, 7, 1, 12, 0, 17, 30, 1);
    check_to_local(&india, 2024, 7, 1, 20, 0, 1, 30, 2);
    check_to_utc(&india, 2024, 7, 1, 17, 30, 12, 0);

    /* UTC -> local -> UTC over a year, every 7 hours, outside the repeated hour. */
    for (hour = 0; hour < 366 * 24; hour += 7) {
        FILETIME ft;
        ULONGLONG ticks;
        SYSTEMTIME utc = make_time(2023, 1, 1, 0, 0), local, back;
        SystemTimeToFileTime(&utc, &ft);
        ticks = ft64(&ft) + (ULONGLONG)hour * 36000000000ULL;
        ft.dwLowDateTime = (DWORD)ticks; ft.dwHighDateTime = (DWORD)(ticks >> 32);
        FileTimeToSystemTime(&ft, &utc);
        if (!SystemTimeToTzSpecificLocalTime(&central_europe, &utc, &local) ||
            !TzSpecificLocalTimeToSystemTime(&central_europe, &local, &back)) {
            mismatches++;
            continue;
        }
        if (local.wMonth == 10 && local.wDay >= 25 && local.wHour == 2)
            continue; /* 02:00-03:00 on the last Sunday of October happens twice. */
        if (back.wDay != utc.wDay || back.wHour != utc.wHour || back.wMinute != utc.wMinute)
            mismatches++;
    }
    ok(mismatches == 0, "%d round-trip mismatches over a year\n", mismatches);

    /* The day of the week of the result is computed. */
    st = make_time(2024, 7, 1, 12, 0);
    st.wDayOfWeek = 5;
    ok(SystemTimeToTzSpecificLocalTime(&eastern, &st, &out) && out.wDayOfWeek == 1, "day of week %u\n",
       out.wDayOfWeek);

    /* Invalid input. */
    st = make_time(2024, 13, 1, 0, 0);
    SetLastError(0xdeadbeef);
    ok(!SystemTimeToTzSpecificLocalTime(&eastern, &st, &out), "month 13 accepted\n");
    expect_error(ERROR_INVALID_PARAMETER);
    st = make_time(2024, 2, 30, 0, 0);
    SetLastError(0xdeadbeef);
    ok(!TzSpecificLocalTimeToSystemTime(&eastern, &st, &out), "February 30 accepted\n");
    expect_error(ERROR_INVALID_PARAMETER);
}

#define check_date(lcid, flags, st, format, expected) do { \
    WCHAR buf_[128]; \
    int r_ = GetDateFormatW(lcid, flags, st, format, buf_, 128); \
    ok(r_ == lstrlenW(expected) + 1 && !lstrcmpW(buf_, expected), "date %s: ret %d '%ls' expected '%ls'\n", \
       #format, r_, r_ ? buf_ : L"", expected); \
} while (0)

#define check_time(lcid, flags, st, format, expected) do { \
    WCHAR buf_[128]; \
    int r_ = GetTimeFormatW(lcid, flags, st, format, buf_, 128); \
    ok(r_ == lstrlenW(expected) + 1 && !lstrcmpW(buf_, expected), "time %s flags %#x: ret %d '%ls' expected '%ls'\n", \
       #format, (unsigned)(flags), r_, r_ ? buf_ : L"", expected); \
} while (0)

static void test_date_format(void)
{
    const LCID en_us = MAKELCID(MAKELANGID(LANG_ENGLISH, SUBLANG_ENGLISH_US), SORT_DEFAULT);
    SYSTEMTIME st, now;
    WCHAR buf[128], expected[128];
    char ansi[128];
    int ret;

    memset(&st, 0, sizeof st);
    st.wYear = 2002; st.wMonth = 5; st.wDay = 4; st.wDayOfWeek = 3; /* wrong on purpose: a Saturday */
    st.wHour = 13; st.wMinute = 56; st.wSecond = 7;

    check_date(en_us, 0, &st, L"ddd',' MMM dd yy", L"Sat, May 04 02");
    check_date(en_us, 0, &st, L"dddd, MMMM d, yyyy", L"Saturday, May 4, 2002");
    check_date(en_us, 0, &st, L"d/M", L"4/5");
    check_date(en_us, 0, &st, L"dd/MM/yy", L"04/05/02");
    check_date(en_us, 0, &st, L"yyyy", L"2002");
    check_date(en_us, 0, &st, L"'Day' d", L"Day 4");
    check_date(en_us, 0, &st, L"'It''s' d", L"It's 4");
    check_date(en_us, 0, &st, L"d h:m", L"4 h:m");
    check_date(en_us, 0, &st, L"MMMM", L"May");
    check_date(en_us, DATE_SHORTDATE, &st, NULL, L"5/4/2002");
    check_date(en_us, DATE_LONGDATE, &st, NULL, L"Saturday, May 4, 2002");
    check_date(en_us, DATE_YEARMONTH, &st, NULL, L"May 2002");
    check_date(en_us, 0, &st, NULL, L"5/4/2002");
    check_date(LOCALE_INVARIANT, DATE_SHORTDATE, &st, NULL, L"05/04/2002");
    check_date(LOCALE_INVARIANT, DATE_LONGDATE, &st, NULL, L"Saturday, 04 May 2002");
    st.wMonth = 12; st.wDay = 31;
    check_date(en_us, 0, &st, L"ddd MMM d", L"Tue Dec 31");
    st.wYear = 2000; st.wMonth = 2; st.wDay = 29;
    check_date(en_us, 0, &st, L"dddd M/d/yy", L"Tuesday 2/29/00");
    st.wYear = 2002; st.wMonth = 5; st.wDay = 4;

    /* Buffer sizing: 0 asks for the size (with the terminator). */
    ret = GetDateFormatW(en_us, 0, &st, L"ddd',' MMM dd yy", NULL, 0);
    ok(ret == 15, "size query %d\n", ret);
    SetLastError(0xdeadbeef);
    ret = GetDateFormatW(en_us, 0, &st, L"ddd',' MMM dd yy", buf, 14);
    ok(ret == 0, "short buffer %d\n", ret);
    expect_error(ERROR_INSUFFICIENT_BUFFER);
    ret = GetDateFormatW(en_us, 0, &st, L"ddd',' MMM dd yy", buf, 15);
    ok(ret == 15, "exact buffer %d\n", ret);

    /* Flags. */
    SetLastError(0xdeadbeef);
    ok(!GetDateFormatW(en_us, DATE_SHORTDATE, &st, L"yyyy", buf, 128), "format with DATE_SHORTDATE\n");
    expect_error(ERROR_INVALID_FLAGS);
    SetLastError(0xdeadbeef);
    ok(!GetDateFormatW(en_us, DATE_SHORTDATE | DATE_LONGDATE, &st, NULL, buf, 128), "short | long\n");
    expect_error(ERROR_INVALID_FLAGS);
    SetLastError(0xdeadbeef);
    ok(!GetDateFormatW(en_us, DATE_YEARMONTH | DATE_LONGDATE, &st, NULL, buf, 128), "year-month | long\n");
    expect_error(ERROR_INVALID_FLAGS);

    /* Invalid dates. */
    st.wMonth = 13;
    SetLastError(0xdeadbeef);
    ok(!GetDateFormatW(en_us, 0, &st, L"yyyy", buf, 128), "month 13\n");
    expect_error(ERROR_INVALID_PARAMETER);
    st.wMonth = 2; st.wDay = 30;
    SetLastError(0xdeadbeef);
    ok(!GetDateFormatW(en_us, 0, &st, L"yyyy", buf, 128), "February 30\n");
    expect_error(ERROR_INVALID_PARAMETER);
    st.wMonth = 5; st.wDay = 4;
    SetLastError(0xdeadbeef);
    ok(!GetDateFormatW(en_us, 0, &st, L"yyyy", NULL, 10), "NULL buffer with a size\n");
    expect_error(ERROR_INVALID_PARAMETER);

    /* A NULL date is today (local time). */
    GetLocalTime(&now);
    ret = GetDateFormatW(en_us, 0, NULL, L"yyyy-MM-dd", buf, 128);
    GetDateFormatW(en_us, 0, &now, L"yyyy-MM-dd", expected, 128);
    ok(ret == 11 && !lstrcmpW(buf, expected), "NULL date: '%ls' vs '%ls'\n", buf, expected);

    /* The ANSI and Ex variants. */
    ret = GetDateFormatA(en_us, 0, &st, "ddd',' MMM dd yy", ansi, sizeof ansi);
    ok(ret == 15 && !strcmp(ansi, "Sat, May 04 02"), "GetDateFormatA: %d '%s'\n", ret, ansi);
    ret = GetDateFormatA(en_us, DATE_LONGDATE, &st, NULL, ansi, sizeof ansi);
    ok(ret == 22 && !strcmp(ansi, "Saturday, May 4, 2002"), "GetDateFormatA long: %d '%s'\n", ret, ansi);
    ret = GetDateFormatA(en_us, DATE_LONGDATE, &st, NULL, NULL, 0);
    ok(ret == 22, "GetDateFormatA size %d\n", ret);
    SetLastError(0xdeadbeef);
    ret = GetDateFormatA(en_us, DATE_LONGDATE, &st, NULL, ansi, 5);
    ok(ret == 0, "GetDateFormatA short buffer %d\n", ret);
    expect_error(ERROR_INSUFFICIENT_BUFFER);
    ret = GetDateFormatEx(L"en-US", DATE_SHORTDATE, &st, NULL, buf, 128, NULL);
    ok(ret == 9 && !lstrcmpW(buf, L"5/4/2002"), "GetDateFormatEx: %d '%ls'\n", ret, buf);
    ret = GetDateFormatEx(LOCALE_NAME_INVARIANT, DATE_SHORTDATE, &st, NULL, buf, 128, NULL);
    ok(ret == 11 && !lstrcmpW(buf, L"05/04/2002"), "GetDateFormatEx invariant: %d '%ls'\n", ret, buf);
}

static void test_time_format(void)
{
    const LCID en_us = MAKELCID(MAKELANGID(LANG_ENGLISH, SUBLANG_ENGLISH_US), SORT_DEFAULT);
    SYSTEMTIME st;
    WCHAR buf[128];
    char ansi[128];
    int ret;

    memset(&st, 0, sizeof st);
    st.wYear = 2002; st.wMonth = 5; st.wDay = 4;
    st.wHour = 13; st.wMinute = 56; st.wSecond = 7;

    check_time(en_us, 0, &st, NULL, L"1:56:07 PM");
    check_time(en_us, TIME_NOSECONDS, &st, NULL, L"1:56 PM");
    check_time(en_us, TIME_NOMINUTESORSECONDS, &st, NULL, L"1 PM");
    check_time(en_us, TIME_NOTIMEMARKER, &st, NULL, L"1:56:07");
    check_time(en_us, TIME_FORCE24HOURFORMAT | TIME_NOTIMEMARKER, &st, NULL, L"13:56:07");
    check_time(LOCALE_INVARIANT, 0, &st, NULL, L"13:56:07");
    check_time(en_us, 0, &st, L"HH:mm:ss", L"13:56:07");
    check_time(en_us, 0, &st, L"h:m:s t", L"1:56:7 P");
    check_time(en_us, 0, &st, L"hh 'o''clock' tt", L"01 o'clock PM");
    check_time(en_us, 0, &st, L"d H", L"d 13");
    check_time(en_us, TIME_NOSECONDS, &st, L"h:m:s tt", L"1:56 PM");
    check_time(en_us, TIME_FORCE24HOURFORMAT, &st, L"h:mm", L"13:56");
    st.wHour = 0; st.wMinute = 5;
    check_time(en_us, 0, &st, L"h:mm tt", L"12:05 AM");
    check_time(en_us, 0, &st, L"HH:mm", L"00:05");
    st.wHour = 12;
    check_time(en_us, 0, &st, L"h tt", L"12 PM");
    st.wHour = 9;
    check_time(en_us, 0, &st, L"hh:mm tt", L"09:05 AM");
    st.wHour = 13; st.wMinute = 56;

    ret = GetTimeFormatW(en_us, 0, &st, NULL, NULL, 0);
    ok(ret == 11, "size query %d\n", ret);
    SetLastError(0xdeadbeef);
    ret = GetTimeFormatW(en_us, 0, &st, NULL, buf, 10);
    ok(ret == 0, "short buffer %d\n", ret);
    expect_error(ERROR_INSUFFICIENT_BUFFER);

    st.wHour = 24;
    SetLastError(0xdeadbeef);
    ok(!GetTimeFormatW(en_us, 0, &st, NULL, buf, 128), "hour 24\n");
    expect_error(ERROR_INVALID_PARAMETER);
    st.wHour = 13; st.wMinute = 60;
    SetLastError(0xdeadbeef);
    ok(!GetTimeFormatW(en_us, 0, &st, NULL, buf, 128), "minute 60\n");
    expect_error(ERROR_INVALID_PARAMETER);
    st.wMinute = 56;

    ret = GetTimeFormatA(en_us, 0, &st, "hh:mm:ss tt", ansi, sizeof ansi);
    ok(ret == 12 && !strcmp(ansi, "01:56:07 PM"), "GetTimeFormatA: %d '%s'\n", ret, ansi);
    ret = GetTimeFormatA(en_us, TIME_NOSECONDS, &st, NULL, ansi, sizeof ansi);
    ok(ret == 8 && !strcmp(ansi, "1:56 PM"), "GetTimeFormatA no seconds: %d '%s'\n", ret, ansi);
    ret = GetTimeFormatEx(L"en-US", 0, &st, NULL, buf, 128);
    ok(ret == 11 && !lstrcmpW(buf, L"1:56:07 PM"), "GetTimeFormatEx: %d '%ls'\n", ret, buf);
    ret = GetTimeFormatEx(LOCALE_NAME_INVARIANT, 0, &st, NULL, buf, 128);
    ok(ret == 9 && !lstrcmpW(buf, L"13:56:07"), "GetTimeFormatEx invariant: %d '%ls'\n", ret, buf);
}

#define check_info(lcid, type, expected) do { \
    WCHAR buf_[128]; \
    int r_ = GetLocaleInfoW(lcid, type, buf_, 128); \
    ok(r_ == lstrlenW(expected) + 1 && !lstrcmpW(buf_, expected), "GetLocaleInfoW(%#lx, %s): %d '%ls'\n", \
       (unsigned long)(lcid), #type, r_, r_ ? buf_ : L""); \
} while (0)

static void test_locale_info(void)
{
    const LCID en_us = MAKELCID(MAKELANGID(LANG_ENGLISH, SUBLANG_ENGLISH_US), SORT_DEFAULT);
    WCHAR buf[128];
    char ansi[128];
    DWORD number = 0;
    int ret;

    check_info(en_us, LOCALE_SSHORTDATE, L"M/d/yyyy");
    check_info(en_us, LOCALE_SLONGDATE, L"dddd, MMMM d, yyyy");
    check_info(en_us, LOCALE_STIMEFORMAT, L"h:mm:ss tt");
    check_info(en_us, LOCALE_S1159, L"AM");
    check_info(en_us, LOCALE_S2359, L"PM");
    check_info(en_us, LOCALE_SDAYNAME1, L"Monday");
    check_info(en_us, LOCALE_SDAYNAME7, L"Sunday");
    check_info(en_us, LOCALE_SABBREVDAYNAME3, L"Wed");
    check_info(en_us, LOCALE_SMONTHNAME12, L"December");
    check_info(en_us, LOCALE_SABBREVMONTHNAME1, L"Jan");
    check_info(en_us, LOCALE_SDECIMAL, L".");
    check_info(en_us, LOCALE_STHOUSAND, L",");
    check_info(en_us, LOCALE_SISO639LANGNAME, L"en");
    check_info(en_us, LOCALE_SISO3166CTRYNAME, L"US");
    check_info(en_us, LOCALE_SNAME, L"en-US");
    check_info(en_us, LOCALE_ILANGUAGE, L"0409");
    check_info(en_us, LOCALE_IDEFAULTANSICODEPAGE, L"1252");
    check_info(en_us, LOCALE_IDEFAULTCODEPAGE, L"437");
    check_info(en_us, LOCALE_SCURRENCY, L"$");
    check_info(en_us, LOCALE_SENGLANGUAGE, L"English");
    check_info(en_us, LOCALE_NOUSEROVERRIDE | LOCALE_SSHORTDATE, L"M/d/yyyy");
    check_info(LOCALE_INVARIANT, LOCALE_SSHORTDATE, L"MM/dd/yyyy");
    check_info(LOCALE_INVARIANT, LOCALE_STIMEFORMAT, L"HH:mm:ss");
    check_info(LOCALE_INVARIANT, LOCALE_SMONTHNAME5, L"May");

    ret = GetLocaleInfoW(en_us, LOCALE_RETURN_NUMBER | LOCALE_IDEFAULTANSICODEPAGE, (LPWSTR)&number,
                         sizeof(number) / sizeof(WCHAR));
    ok(ret == 2 && number == 1252, "LOCALE_RETURN_NUMBER: %d %lu\n", ret, number);
    ret = GetLocaleInfoW(en_us, LOCALE_RETURN_NUMBER | LOCALE_ILANGUAGE, (LPWSTR)&number, 2);
    ok(ret == 2 && number == 0x409, "LOCALE_ILANGUAGE as a number: %#lx\n", number);

    ret = GetLocaleInfoW(en_us, LOCALE_SLONGDATE, NULL, 0);
    ok(ret == 19, "size query %d\n", ret);
    SetLastError(0xdeadbeef);
    ret = GetLocaleInfoW(en_us, LOCALE_SLONGDATE, buf, 5);
    ok(ret == 0, "short buffer %d\n", ret);
    expect_error(ERROR_INSUFFICIENT_BUFFER);
    SetLastError(0xdeadbeef);
    ret = GetLocaleInfoW(en_us, 0xffff, buf, 128);
    ok(ret == 0, "unknown LCTYPE %d\n", ret);
    expect_error(ERROR_INVALID_FLAGS);

    ret = GetLocaleInfoA(en_us, LOCALE_SSHORTDATE, ansi, sizeof ansi);
    ok(ret == 9 && !strcmp(ansi, "M/d/yyyy"), "GetLocaleInfoA: %d '%s'\n", ret, ansi);
    ret = GetLocaleInfoEx(L"en-US", LOCALE_SNAME, buf, 128);
    ok(ret == 6 && !lstrcmpW(buf, L"en-US"), "GetLocaleInfoEx: %d\n", ret);
    ret = GetLocaleInfoEx(LOCALE_NAME_INVARIANT, LOCALE_SSHORTDATE, buf, 128);
    ok(ret == 11 && !lstrcmpW(buf, L"MM/dd/yyyy"), "GetLocaleInfoEx invariant: %d\n", ret);
}

#define check_number(lcid, value, format, expected) do { \
    WCHAR buf_[128]; \
    int r_ = GetNumberFormatW(lcid, 0, value, format, buf_, 128); \
    ok(r_ == lstrlenW(expected) + 1 && !lstrcmpW(buf_, expected), "GetNumberFormatW(%ls): %d '%ls', expected '%ls'\n", \
       value, r_, r_ ? buf_ : L"", expected); \
} while (0)

#define check_currency(lcid, value, format, expected) do { \
    WCHAR buf_[128]; \
    int r_ = GetCurrencyFormatW(lcid, 0, value, format, buf_, 128); \
    ok(r_ == lstrlenW(expected) + 1 && !lstrcmpW(buf_, expected), "GetCurrencyFormatW(%ls): %d '%ls', expected '%ls'\n", \
       value, r_, r_ ? buf_ : L"", expected); \
} while (0)

static void test_number_format(void)
{
    const LCID en_us = MAKELCID(MAKELANGID(LANG_ENGLISH, SUBLANG_ENGLISH_US), SORT_DEFAULT);
    NUMBERFMTW spaced = {0, 0, 3, (LPWSTR)L".", (LPWSTR)L" ", 0};
    NUMBERFMTW indian = {3, 0, 32, (LPWSTR)L",", (LPWSTR)L".", 3};
    NUMBERFMTW ungrouped = {1, 1, 0, (LPWSTR)L".", (LPWSTR)L",", 1};
    CURRENCYFMTW euro = {2, 1, 3, (LPWSTR)L".", (LPWSTR)L",", 1, 3, (LPWSTR)L"EUR"};
    CURRENCYFMTW parenthesised = {2, 1, 3, (LPWSTR)L".", (LPWSTR)L",", 0, 0, (LPWSTR)L"$"};
    NUMBERFMTA spaced_a = {0, 0, 3, (LPSTR)".", (LPSTR)" ", 0};
    char ansi[64];
    WCHAR buf[64];
    int ret;

    check_number(en_us, L"4567.891", NULL, L"4,567.89");
    check_number(en_us, L"-1234.5", NULL, L"-1,234.50");
    check_number(en_us, L"0.5", NULL, L"0.50");
    check_number(en_us, L"9999.999", NULL, L"10,000.00");
    check_number(en_us, L"12", NULL, L"12.00");
    check_number(en_us, L"123", NULL, L"123.00");
    check_number(LOCALE_INVARIANT, L"1234.5", NULL, L"1,234.50");
    check_number(en_us, L"-1234567.6", &spaced, L"(1 234 568)");
    check_number(en_us, L"1234567.25", &indian, L"12.34.567,250");
    check_number(en_us, L"0.5", &indian, L",500");
    check_number(en_us, L"-0.25", &indian, L",250-");
    check_number(en_us, L"1234567", &ungrouped, L"1234567.0");
    check_number(en_us, L"-.05", &ungrouped, L"-0.1");

    ret = GetNumberFormatW(en_us, 0, L"1234.5", NULL, NULL, 0);
    ok(ret == 9, "size query %d\n", ret);
    SetLastError(0xdeadbeef);
    ret = GetNumberFormatW(en_us, 0, L"1234.5", NULL, buf, 5);
    ok(ret == 0, "short buffer %d\n", ret);
    expect_error(ERROR_INSUFFICIENT_BUFFER);
    SetLastError(0xdeadbeef);
    ok(!GetNumberFormatW(en_us, 0, L"12a", NULL, buf, 64), "12a accepted\n");
    expect_error(ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    ok(!GetNumberFormatW(en_us, 0, L"1.2.3", NULL, buf, 64), "two points accepted\n");
    expect_error(ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    ok(!GetNumberFormatW(en_us, LOCALE_NOUSEROVERRIDE, L"1", &spaced, buf, 64), "flags with a format\n");
    expect_error(ERROR_INVALID_FLAGS);

    check_currency(en_us, L"1234.5", NULL, L"$1,234.50");
    check_currency(en_us, L"0.125", NULL, L"$0.13");
    check_currency(en_us, L"5", &euro, L"5.00 EUR");
    check_currency(en_us, L"-5", &euro, L"-EUR5.00");
    check_currency(en_us, L"-1234", &parenthesised, L"($1,234.00)");
    ret = GetCurrencyFormatW(en_us, 0, L"1", NULL, NULL, 0);
    ok(ret == 6, "currency size query %d\n", ret);
    ret = GetNumberFormatA(en_us, 0, "-1234.567", NULL, ansi, sizeof ansi);
    ok(ret == 10 && !strcmp(ansi, "-1,234.57"), "GetNumberFormatA: %d '%s'\n", ret, ansi);
    ret = GetNumberFormatA(en_us, 0, "1", &spaced_a, ansi, sizeof ansi);
    ok(ret == 2 && !strcmp(ansi, "1"), "GetNumberFormatA with a format: %d '%s'\n", ret, ansi);
    ret = GetCurrencyFormatA(en_us, 0, "7.5", NULL, ansi, sizeof ansi);
    ok(ret == 6 && !strcmp(ansi, "$7.50"), "GetCurrencyFormatA: %d '%s'\n", ret, ansi);
    ret = GetNumberFormatEx(L"en-US", 0, L"1000", NULL, buf, 64);
    ok(ret == 9 && !lstrcmpW(buf, L"1,000.00"), "GetNumberFormatEx: %d '%ls'\n", ret, buf);
    ret = GetCurrencyFormatEx(L"en-US", 0, L"1000", NULL, buf, 64);
    ok(ret == 10 && !lstrcmpW(buf, L"$1,000.00"), "GetCurrencyFormatEx: %d '%ls'\n", ret, buf);
}

int main(void)
{
    conf_init("locale_time");
    test_current_zone();
    test_explicit_zones();
    test_zone_from_tz_variable();
    test_date_format();
    test_time_format();
    test_locale_info();
    test_number_format();
    return conf_summary();
}
