// hal::Console on bare metal: the serial line (COM1) and the framebuffer console for the log and
// the output streams, and the standard output stream once more, byte for byte, on COM2 (no
// "\n" -> "\r\n" there), so a host can compare a program's output exactly (tools/qemu-boot.py
// --program). Without a second UART the COM2 writes go nowhere.
// Input comes from the console input queue that COM1's receive interrupt fills (DeviceInterrupts.h).
// FIXME: the PS/2 keyboard; echo and line editing (Windows' cooked console mode).

#include <halcyon_backend.h>

#include "halcyon/Uart16550.h"

#include "DeviceInterrupts.h"
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

// Blocks (polling, interrupts on) only when called with nothing queued: core waits for
// input_ready in its scheduler first (io/ConsoleNode.cpp), so this happens only before threads
// exist. A terminal never reaches end of input, so 0 is returned only for an empty buffer.
ErrorOr<usize> Console::read(Bytes buffer) {
    if (buffer.size() == 0)
        return usize(0);
    for (;;) {
        usize taken = baremetal::devices::input_read(buffer.data(), buffer.size());
        if (taken)
            return taken;
        asm volatile("pause");
    }
}

bool Console::input_ready() { return baremetal::devices::input_ready(); }

bool Console::is_terminal(ConsoleStream) { return true; }

ConsoleStreamKind Console::stream_kind(ConsoleStream) { return ConsoleStreamKind::Terminal; }

// Ctrl+C on the serial line (byte 0x03) is taken out of the input and left pending here.
bool Console::take_interrupt() { return baremetal::devices::input_take_interrupt(); }

} // namespace halcyon::hal

void halcyon::baremetal::mark_program_output_start() {
    halcyon::hal::com2_put_bytes(reinterpret_cast<const halcyon::u8*>(kProgramOutputMarker),
                                 sizeof kProgramOutputMarker - 1);
}
