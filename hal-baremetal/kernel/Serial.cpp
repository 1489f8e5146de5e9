#include "Serial.h"

namespace serial {

namespace {

// [PC16550D] register offsets from COM1.
constexpr uint16_t kCom1 = 0x3f8;
constexpr uint16_t kLineStatus = 5;
constexpr uint8_t kTransmitEmpty = 0x20;

void outb(uint16_t port, uint8_t value) {
    asm volatile("outb %0, %1" : : "a"(value), "Nd"(port));
}

uint8_t inb(uint16_t port) {
    uint8_t value;
    asm volatile("inb %1, %0" : "=a"(value) : "Nd"(port));
    return value;
}

void put(char c) {
    for (int i = 0; i < 100000 && !(inb(kCom1 + kLineStatus) & kTransmitEmpty); ++i)
        asm volatile("pause");
    outb(kCom1, static_cast<uint8_t>(c));
}

} // namespace

void init() {
    // The loader programmed the UART (115200 8N1); keep its settings.
}

void write(const char* text) {
    for (; *text; ++text) {
        if (*text == '\n')
            put('\r');
        put(*text);
    }
}

void write_hex(uint64_t value) {
    char digits[19] = "0x";
    for (int i = 0; i < 16; ++i)
        digits[2 + i] = "0123456789abcdef"[(value >> (60 - 4 * i)) & 0xf];
    digits[18] = 0;
    write(digits);
}

void write_decimal(uint64_t value) {
    char digits[21];
    int at = 20;
    digits[at] = 0;
    do {
        digits[--at] = static_cast<char>('0' + value % 10);
        value /= 10;
    } while (value);
    write(digits + at);
}

} // namespace serial
