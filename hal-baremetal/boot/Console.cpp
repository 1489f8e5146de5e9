#include "Console.h"

#include <efilib.h>

#include "halcyon/Uart16550.h"

namespace halcyon::boot {

namespace {

EFI_SIMPLE_TEXT_OUT_PROTOCOL* g_con_out = nullptr;
/// True while the firmware mirrors ConOut to a serial port itself (OVMF does): then we write
/// only to ConOut, or every line would reach COM1 twice.
bool g_con_out_on_serial = false;

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
    uart::init();
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
    uart::write(text);
}

void print_hex(uint64_t value) { print(uart::hex_text(value).digits); }

void print_decimal(uint64_t value) {
    uart::DecimalText text;
    uart::decimal_text(value, text);
    print(text.begin);
}

void print_wide(const CHAR16* text) {
    char buffer[2] = {0, 0};
    for (; *text; ++text) {
        buffer[0] = *text < 0x80 ? static_cast<char>(*text) : '?';
        print(buffer);
    }
}

} // namespace halcyon::boot
