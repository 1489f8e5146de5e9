#pragma once

// The phase-1 kernel's serial output (halcyon/Uart16550.h).

#include <stdint.h>

namespace serial {

void init();
void write(const char* text);
void write_hex(uint64_t value);
void write_decimal(uint64_t value);

} // namespace serial
