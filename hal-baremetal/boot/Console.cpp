#include "Console.h"

#include <efilib.h>

namespace halcyon::boot {

namespace {

// [PC16550D] registers relative to the base port.
constexpr uint16_t kCom1 = 0x3f8;
constexpr uint16_t kData = 0, kInterruptEnable = 1, kFifoControl = 2, kLineControl = 3, kModemControl = 4,
                   kLineStatus = 5;
constexpr uint8_t kLineControlDlab = 0x80, kLineControl8N1 = 0x03;
constexpr uint8_t kLineStatusTransmitEmpty = 0x20;
constexpr uint16_t kDivisor115200 = 1;

EFI_SIMPLE_TEXT_OUT_PROTOCOL* g_con_out = nullptr;
/// True while the firmware mirrors ConOut to a serial port itself (OVMF does): then we write
/// only to ConOut, or every line would reach COM1 twice.
bool g_con_out_on_serial = false;

void outb(uint16_t port, uint8_t value) {
    asm volatile("outb %0, %1" : : "a"(value), "Nd"(port));
}

uint8_t inb(uint16_t port) {
    uint8_t value;
    asm volatile("inb %1, %0" : "=a"(value) : "Nd"(port));
    return value;
}

void serial_init() {
    outb(kCom1 + kInterruptEnable, 0);
    outb(kCom1 + kLineControl, kLineControlDlab);
    outb(kCom1 + kData, kDivisor115200 & 0xff);
    outb(kCom1 + kInterruptEnable, kDivisor115200 >> 8);
    outb(kCom1 + kLineControl, kLineControl8N1);
    outb(kCom1 + kFifoControl, 0xc7);  // Enable and clear both FIFOs, 14-byte threshold.
    outb(kCom1 + kModemControl, 0x03); // DTR + RTS.
}

void serial_put(char c) {
    // Bounded: with no UART present the status port floats and we must not spin forever.
    for (int i = 0; i < 100000 && !(inb(kCom1 + kLineStatus) & kLineStatusTransmitEmpty); ++i)
        asm volatile("pause");
    outb(kCom1 + kData, static_cast<uint8_t>(c));
}

void con_out_put(const char* text) {
    if (!g_con_out)
        return;
    CHAR16 buffer[128];
    size_t used = 0;
    auto flush = [&] {
        buffer[used] = 0;
        g_con_out->OutputString(g_con_out, buffer);
        used = 0;
    };
    for (; *text; ++text) {
        if (*text == '\n')
            buffer[used++] = '\r';
        buffer[used++] = static_cast<CHAR16>(static_cast<unsigned char>(*text));
        if (used >= 125)
            flush();
    }
    if (used)
        flush();
}

// Whether the ConOut variable's device paths contain a UART node ([UEFI 2.10] 3.3.1 ConOut,
// 10.3.4.12 UART device path: type 3, subtype 14), i.e. the firmware's console includes a
// serial terminal.
bool con_out_includes_serial(EFI_RUNTIME_SERVICES* runtime_services) {
    alignas(8) uint8_t paths[1024];
    UINTN size = sizeof(paths);
    CHAR16 name[] = {'C', 'o', 'n', 'O', 'u', 't', 0};
    if (EFI_ERROR(runtime_services->GetVariable(name, &gEfiGlobalVariableGuid, nullptr, &size, paths)))
        return false;
    for (UINTN at = 0; at + 4 <= size;) {
        uint8_t type = paths[at], subtype = paths[at + 1];
        uint16_t length = static_cast<uint16_t>(paths[at + 2] | paths[at + 3] << 8);
        if (type == MESSAGING_DEVICE_PATH && subtype == MSG_UART_DP)
            return true;
        if (type == END_DEVICE_PATH_TYPE && subtype == END_ENTIRE_DEVICE_PATH_SUBTYPE)
            break;
        if (length < 4)
            break; // Malformed: stop rather than loop.
        at += length;
    }
    return false;
}

} // namespace

void console_init(EFI_SYSTEM_TABLE* system_table) {
    serial_init();
    g_con_out = system_table->ConOut;
    g_con_out_on_serial = con_out_includes_serial(system_table->RuntimeServices);
}

void console_detach_firmware() {
    g_con_out = nullptr;
    g_con_out_on_serial = false;
}

void print(const char* text) {
    con_out_put(text);
    if (g_con_out && g_con_out_on_serial)
        return;
    for (const char* p = text; *p; ++p) {
        if (*p == '\n')
            serial_put('\r');
        serial_put(*p);
    }
}

void print_hex(uint64_t value) {
    char digits[19] = "0x";
    for (int i = 0; i < 16; ++i)
        digits[2 + i] = "0123456789abcdef"[(value >> (60 - 4 * i)) & 0xf];
    digits[18] = 0;
    print(digits);
}

void print_decimal(uint64_t value) {
    char digits[21];
    int at = 20;
    digits[at] = 0;
    do {
        digits[--at] = static_cast<char>('0' + value % 10);
        value /= 10;
    } while (value);
    print(digits + at);
}

void print_wide(const CHAR16* text) {
    char buffer[2] = {0, 0};
    for (; *text; ++text) {
        buffer[0] = *text < 0x80 ? static_cast<char>(*text) : '?';
        print(buffer);
    }
}

} // namespace halcyon::boot
