#pragma once

// The kernel's serial output (halcyon/Uart16550.h).

#include <stdint.h>

namespace serial {

void init();
void write(const char* text);
/// "0x" and 16 hex digits.
void write_hex(uint64_t value);
/// "0x" and the hex digits without leading zeros.
void write_hex_short(uint64_t value);
void write_decimal(uint64_t value);

} // namespace serial
