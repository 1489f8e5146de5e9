// libFuzzer harness for the RT_MESSAGETABLE walker of kernelbase
// (win32/kernelbase/MessageTable.cpp). The input is the table; message ids from the table's own
// block headers (and a few beyond them) are looked up.
//
// Invariants: a found text lies inside the table, and a UTF-16 text has an even size.

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "win32/kernelbase/MessageTable.h"

using namespace halcyon::win32;

namespace {

void check(bool condition, const char* what) {
    if (!condition) {
        fprintf(stderr, "FuzzMessageTable invariant failed: %s\n", what);
        abort();
    }
}

void look_up(const uint8_t* data, size_t size, uint32_t id) {
    MessageText text{};
    if (!find_message(data, size, id, text))
        return;
    check(text.bytes >= data && text.bytes + text.size <= data + size, "text inside the table");
    if (text.unicode)
        check(text.size % 2 == 0, "UTF-16 text has whole units");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    look_up(data, size, 0);
    for (size_t at = 4; at + 8 <= size && at < 4 + 12 * 16; at += 12) {
        uint32_t low, high;
        memcpy(&low, data + at, 4);
        memcpy(&high, data + at + 4, 4);
        look_up(data, size, low);
        look_up(data, size, high);
        look_up(data, size, low + (high - low) / 2);
    }
    return 0;
}
