#include "Serial.h"

#include "halcyon/Uart16550.h"

#include "FramebufferConsole.h"

namespace serial {

void init() {
    // The loader programmed the UART (115200 8N1); keep its settings.
}

void write(const char* text) {
    halcyon::uart::write(text);
    halcyon::baremetal::fbcon::write(text);
}

void write_hex(uint64_t value) { write(halcyon::uart::hex_text(value).digits); }

void write_hex_short(uint64_t value) {
    auto text = halcyon::uart::hex_text(value);
    int first = 2;
    while (first < 17 && text.digits[first] == '0')
        ++first;
    write("0x");
    write(text.digits + first);
}

void write_decimal(uint64_t value) {
    halcyon::uart::DecimalText text;
    halcyon::uart::decimal_text(value, text);
    write(text.begin);
}

} // namespace serial
