// hal::Console on bare metal: the serial line (COM1) and the framebuffer console for the log and
// the output streams, and the standard output stream once more, byte for byte, on COM2 (no
// "\n" -> "\r\n" there), so a host can compare a program's output exactly (tools/qemu-boot.py
// --program). Without a second UART the COM2 writes go nowhere. FIXME: console input (serial
// receive, PS/2 keyboard).

#include <halcyon_backend.h>

#include "halcyon/Uart16550.h"

#include "FramebufferConsole.h"
#include "ProgramOutput.h"

namespace halcyon::hal {

namespace {

void put_bytes(const char* data, usize size) {
    char chunk[129];
    usize used = 0;
    for (usize i = 0; i < size; ++i) {
        if (data[i] == '\n')
            uart::put('\r');
        uart::put(data[i]);
        // The framebuffer console takes NUL-terminated text; NUL bytes are not shown.
        if (data[i])
            chunk[used++] = data[i];
        if (used == sizeof chunk - 1 || i + 1 == size) {
            chunk[used] = 0;
            baremetal::fbcon::write(chunk);
            used = 0;
        }
    }
}

bool g_input_reported;
bool g_com2_ready;

constexpr uint16_t kCom2 = 0x2f8;

void com2_put_bytes(const u8* data, usize size) {
    using namespace uart;
    if (!g_com2_ready) {
        g_com2_ready = true;
        outb(kCom2 + kInterruptEnable, 0);
        outb(kCom2 + kLineControl, kLineControlDlab);
        outb(kCom2 + kData, kDivisor115200 & 0xff);
        outb(kCom2 + kInterruptEnable, kDivisor115200 >> 8);
        outb(kCom2 + kLineControl, kLineControl8N1);
        outb(kCom2 + kFifoControl, 0xc7);
        outb(kCom2 + kModemControl, 0x03);
    }
    for (usize i = 0; i < size; ++i) {
        // Bounded like uart::put: a missing UART must not hang the kernel.
        for (int spin = 0; spin < 100000 && !(inb(kCom2 + kLineStatus) & kLineStatusTransmitEmpty); ++spin)
            asm volatile("pause");
        outb(kCom2 + kData, data[i]);
    }
}

} // namespace

void Console::log(StringView text) { put_bytes(text.data(), text.length()); }

ErrorOr<usize> Console::write(ConsoleStream stream, ReadonlyBytes bytes) {
    if (stream == ConsoleStream::Input)
        return Error(status::InvalidParameter, "the console input stream is not writable");
    put_bytes(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    if (stream == ConsoleStream::Output)
        com2_put_bytes(bytes.data(), bytes.size());
    return bytes.size();
}

ErrorOr<usize> Console::read(Bytes) {
    if (!g_input_reported) {
        g_input_reported = true;
        log("hal-baremetal: Console::read: console input (serial receive, PS/2 keyboard) is not implemented\n");
    }
    return Error(status::NotImplemented, "bare-metal console input is not implemented");
}

// A read returns at once (with NotImplemented), so the scheduler must not wait for input.
bool Console::input_ready() { return true; }

bool Console::is_terminal(ConsoleStream) { return true; }

ConsoleStreamKind Console::stream_kind(ConsoleStream) { return ConsoleStreamKind::Terminal; }

// There is no Ctrl+C source yet (no keyboard input), so there is never a pending interrupt.
bool Console::take_interrupt() { return false; }

} // namespace halcyon::hal

void halcyon::baremetal::mark_program_output_start() {
    halcyon::hal::com2_put_bytes(reinterpret_cast<const halcyon::u8*>(kProgramOutputMarker),
                                 sizeof kProgramOutputMarker - 1);
}
