#pragma once

// Polled 16550 on COM1 for the phase-1 kernel. FIXME: becomes the drivers/ 16550 driver over hal/io.h.

#include <stdint.h>

namespace serial {

void init();
void write(const char* text);
void write_hex(uint64_t value);
void write_decimal(uint64_t value);

} // namespace serial
