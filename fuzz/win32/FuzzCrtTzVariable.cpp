// libFuzzer harness for the C runtime's TZ-variable parser (win32/crt/TzVariable.cpp). The input
// is the variable's value (cut at the first NUL).
//
// Invariants: a parsed value gives names of at most three characters, an offset within a day
// either side of UTC, and daylight time exactly when a daylight name was given.

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <string>

#include "win32/crt/TzVariable.h"

namespace {

void check(bool condition, const char* what) {
    if (!condition) {
        fprintf(stderr, "FuzzCrtTzVariable invariant failed: %s\n", what);
        abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string text(reinterpret_cast<const char*>(data), size);
    text = text.c_str(); // up to the first NUL, as the environment would hold it
    crt::TzVariable tz;
    if (!crt::parse_tz_variable(text.c_str(), tz))
        return 0;
    check(strlen(tz.standard_name) <= 3 && strlen(tz.daylight_name) <= 3, "names of at most three characters");
    check(tz.offset_seconds >= -(24 * 3600 + 59 * 60 + 59) && tz.offset_seconds <= 24 * 3600 + 59 * 60 + 59,
          "offset within a day");
    check(tz.has_daylight == (tz.daylight_name[0] != 0), "daylight time exactly with a daylight name");
    check(strncmp(text.c_str(), tz.standard_name, strlen(tz.standard_name)) == 0, "name taken from the start");
    return 0;
}
