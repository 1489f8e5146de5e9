#include "Serial.h"

#include "halcyon/Uart16550.h"

namespace serial {

void init() {
    // The loader programmed the UART (115200 8N1); keep its settings.
}

void write(const char* text) { halcyon::uart::write(text); }

void write_hex(uint64_t value) { write(halcyon::uart::hex_text(value).digits); }

void write_decimal(uint64_t value) {
    halcyon::uart::DecimalText text;
    halcyon::uart::decimal_text(value, text);
    write(text.begin);
}

} // namespace serial
