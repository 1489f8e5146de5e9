#include "HostHandshake.h"

#include <halcyon_backend.h>

#include "halcyon/Uart16550.h"

#include "Serial.h"

namespace halcyon::baremetal {

bool wait_for_host() {
    constexpr uint64_t kTimeoutNs = 20'000'000'000ull;
    // Drop whatever arrived before the question.
    while (uart::inb(uart::kCom1 + uart::kLineStatus) & 0x01)
        (void)uart::inb(uart::kCom1 + uart::kData);
    serial::write("[boot] waiting for the host (one byte on the serial line)\n");
    uint64_t start = hal::Clock::monotonic_ns();
    while (hal::Clock::monotonic_ns() - start < kTimeoutNs) {
        if (uart::inb(uart::kCom1 + uart::kLineStatus) & 0x01) {
            (void)uart::inb(uart::kCom1 + uart::kData);
            serial::write("[boot] the host answered\n");
            return true;
        }
        asm volatile("pause");
    }
    serial::write("[boot] fail: the host did not answer within 20 s\n");
    return false;
}

} // namespace halcyon::baremetal
