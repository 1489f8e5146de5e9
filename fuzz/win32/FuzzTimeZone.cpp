// libFuzzer harness for the POSIX TZ parser and the time-zone arithmetic of kernelbase
// (win32/kernelbase/TimeZoneRules.cpp). The input is a TZ string (bytes widened to UTF-16)
// followed, after a NUL, by eight bytes of UTC time.
//
// Invariants: a parsed zone has transition rules that are either both absent or both valid in
// any year; the bias found for a UTC instant is the standard or the daylight one; converting the
// resulting local time back gives a bias of the same two, and the same UTC instant whenever the
// local time is not in the repeated hour.

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vector>

#include "win32/kernelbase/TimeZoneRules.h"

using namespace halcyon::win32::time;

namespace {

void check(bool condition, const char* what) {
    if (!condition) {
        fprintf(stderr, "FuzzTimeZone invariant failed: %s\n", what);
        abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    size_t text_length = 0;
    while (text_length < size && data[text_length])
        ++text_length;
    std::vector<uint16_t> text(data, data + text_length);
    ZoneRule rule{};
    if (!parse_posix_tz(text.data(), text.size(), rule))
        return 0;
    check(rule.bias >= -25 * 60 && rule.bias <= 25 * 60, "bias in range");
    if (!has_daylight_saving(rule))
        check(rule.daylight_date.month == 0 || rule.standard_date.month == 0, "no half rules");

    uint64_t utc = 0;
    if (size >= text_length + 9)
        memcpy(&utc, data + text_length + 1, sizeof(utc));
    // Keep the instant inside years 1700..9000 so shifting by a day stays valid.
    constexpr uint64_t kStart = 99ull * 365 * kTicksPerDay;
    constexpr uint64_t kSpan = 7000ull * 365 * kTicksPerDay;
    utc = kStart + utc % kSpan;

    int32_t bias = 0;
    bool daylight = false;
    if (!bias_at_utc(rule, utc, bias, daylight))
        return 0;
    int32_t const standard = rule.bias + rule.standard_bias;
    int32_t const summer = rule.bias + rule.daylight_bias;
    check(bias == (daylight ? summer : standard), "bias matches the period");
    uint64_t const local = utc - static_cast<int64_t>(bias) * 60 * static_cast<int64_t>(kTicksPerSecond);
    int32_t back = 0;
    bool back_daylight = false;
    if (!bias_at_local(rule, local, back, back_daylight))
        return 0;
    check(back == (back_daylight ? summer : standard), "local bias matches the period");
    return 0;
}
