#pragma once

// struct tm with the Microsoft layout (nine ints), shared by Time.cpp and ThreadData.

namespace crt {

struct Tm {
    int tm_sec;
    int tm_min;
    int tm_hour;
    int tm_mday;
    int tm_mon;
    int tm_year;
    int tm_wday;
    int tm_yday;
    int tm_isdst;
};

} // namespace crt
