#pragma once

// The polled 16550 UART on COM1 and the number-to-text helpers the loader and the phase-1
// kernel both print with (no C library on either side). Header-only: each side compiles it with
// its own flags. FIXME: becomes the drivers/ 16550 driver over hal/io.h.

#include <stdint.h>

namespace halcyon::uart {

// [PC16550D] registers relative to the base port.
constexpr uint16_t kCom1 = 0x3f8;
constexpr uint16_t kData = 0, kInterruptEnable = 1, kFifoControl = 2, kLineControl = 3, kModemControl = 4,
                   kLineStatus = 5;
constexpr uint8_t kLineControlDlab = 0x80, kLineControl8N1 = 0x03;
constexpr uint8_t kLineStatusTransmitEmpty = 0x20;
constexpr uint16_t kDivisor115200 = 1;

inline void outb(uint16_t port, uint8_t value) { asm volatile("outb %0, %1" : : "a"(value), "Nd"(port)); }

inline uint8_t inb(uint16_t port) {
    uint8_t value;
    asm volatile("inb %1, %0" : "=a"(value) : "Nd"(port));
    return value;
}

/// 115200 8N1, FIFOs on, DTR + RTS.
inline void init() {
    outb(kCom1 + kInterruptEnable, 0);
    outb(kCom1 + kLineControl, kLineControlDlab);
    outb(kCom1 + kData, kDivisor115200 & 0xff);
    outb(kCom1 + kInterruptEnable, kDivisor115200 >> 8);
    outb(kCom1 + kLineControl, kLineControl8N1);
    outb(kCom1 + kFifoControl, 0xc7); // enable and clear both FIFOs, 14-byte threshold
    outb(kCom1 + kModemControl, 0x03);
}

/// One byte, waiting (boundedly: a missing UART must not hang the boot) for the transmitter.
inline void put(char c) {
    for (int i = 0; i < 100000 && !(inb(kCom1 + kLineStatus) & kLineStatusTransmitEmpty); ++i)
        asm volatile("pause");
    outb(kCom1 + kData, static_cast<uint8_t>(c));
}

/// Text with "\n" sent as "\r\n".
inline void write(const char* text) {
    for (; *text; ++text) {
        if (*text == '\n')
            put('\r');
        put(*text);
    }
}

/// "0x" and 16 hex digits.
struct HexText {
    char digits[19];
};
inline HexText hex_text(uint64_t value) {
    HexText text{"0x"};
    for (int i = 0; i < 16; ++i)
        text.digits[2 + i] = "0123456789abcdef"[(value >> (60 - 4 * i)) & 0xf];
    text.digits[18] = 0;
    return text;
}

struct DecimalText {
    char digits[21];
    const char* begin;
};
inline void decimal_text(uint64_t value, DecimalText& text) {
    int at = 20;
    text.digits[at] = 0;
    do {
        text.digits[--at] = static_cast<char>('0' + value % 10);
        value /= 10;
    } while (value);
    text.begin = text.digits + at;
}

} // namespace halcyon::uart
