// libFuzzer harness for ntdll's integer text parsers and formatters (win32/ntdll/IntegerText.cpp:
// RtlCharToInteger, RtlUnicodeStringToInteger, RtlIntegerToChar, RtlIntegerToUnicodeString).
// The input is a base selector byte, four bytes of a value, then text.
//
// Invariants: parsing never reads past the text; the ANSI and the counted UTF-16 parsers agree
// on the same characters; a base outside {0, 2, 8, 10, 16} is refused by both; any value written
// in any base parses back to itself.

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vector>

#include "halcyon/ntrtlutil.h"

namespace {

void check(bool condition, const char* what) {
    if (!condition) {
        fprintf(stderr, "FuzzIntegerText invariant failed: %s\n", what);
        abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 5)
        return 0;
    static const ULONG kBases[] = {0, 2, 8, 10, 16, 1, 3, 36};
    ULONG base = kBases[data[0] % 8];
    ULONG value;
    memcpy(&value, data + 1, 4);
    data += 5;
    size -= 5;

    // The text, exactly `size` bytes (NULs end the ANSI form early; the counted form too, as
    // a NUL is not a digit).
    std::vector<char> ansi(data, data + size);
    ansi.push_back(0);
    std::vector<WCHAR> wide(data, data + size); // bytes widened: Latin-1 into UTF-16
    UNICODE_STRING counted{static_cast<USHORT>(wide.size() * sizeof(WCHAR)),
                           static_cast<USHORT>(wide.size() * sizeof(WCHAR)), wide.data()};
    if (wide.size() > 0x7FFF)
        return 0;
    ULONG from_ansi = 1, from_wide = 2;
    NTSTATUS ansi_status = RtlCharToInteger(ansi.data(), base, &from_ansi);
    NTSTATUS wide_status = RtlUnicodeStringToInteger(&counted, base, &from_wide);
    bool valid_base = base == 0 || base == 2 || base == 8 || base == 10 || base == 16;
    check(ansi_status == (valid_base ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER), "ANSI status");
    check(wide_status == ansi_status, "both parsers give the same status");
    if (valid_base)
        check(from_ansi == from_wide, "both parsers give the same value");

    ULONG format_base = base == 0 ? 10 : base;
    char text[40];
    NTSTATUS status = RtlIntegerToChar(value, format_base, sizeof(text), text);
    check(status == (valid_base ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER), "format status");
    if (!valid_base)
        return 0;
    ULONG parsed = ~value;
    check(RtlCharToInteger(text, format_base, &parsed) == STATUS_SUCCESS && parsed == value, "ANSI round trip");
    WCHAR buffer[40];
    UNICODE_STRING string{0, sizeof(buffer), buffer};
    check(RtlIntegerToUnicodeString(value, format_base, &string) == STATUS_SUCCESS, "UTF-16 format");
    check(string.Length == strlen(text) * sizeof(WCHAR), "both formats have the same length");
    parsed = ~value;
    check(RtlUnicodeStringToInteger(&string, format_base, &parsed) == STATUS_SUCCESS && parsed == value,
          "UTF-16 round trip");
    return 0;
}
