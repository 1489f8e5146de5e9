#pragma once

// Calendar arithmetic for the wall clock (HalClock.cpp): pure and constexpr, unit-tested on the
// host (tests/boot/CalendarTests.cpp).

#include <stdint.h>

namespace halcyon::baremetal {

/// Days since 1601-01-01 (the FILETIME epoch) for a proleptic Gregorian date: the days-from-civil
/// count from 0000-03-01, shifted by that count for 1601-01-01.
constexpr int64_t days_since_1601(int year, unsigned month, unsigned day) {
    int y = year - (month <= 2 ? 1 : 0);
    int era = (y >= 0 ? y : y - 399) / 400;
    unsigned year_of_era = static_cast<unsigned>(y - era * 400);
    unsigned day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    unsigned day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    constexpr int64_t k1601 = 584694;
    return static_cast<int64_t>(era) * 146097 + day_of_era - k1601;
}

/// A FILETIME (100 ns units since 1601-01-01 UTC) for a date and time of day.
constexpr uint64_t filetime_of(int year, unsigned month, unsigned day, unsigned hour, unsigned minute,
                               unsigned second) {
    int64_t days = days_since_1601(year, month, day);
    return static_cast<uint64_t>(((days * 24 + hour) * 60 + minute) * 60 + second) * 10000000ull;
}

static_assert(days_since_1601(1601, 1, 1) == 0);
static_assert(days_since_1601(1970, 1, 1) == 134774);

} // namespace halcyon::baremetal
