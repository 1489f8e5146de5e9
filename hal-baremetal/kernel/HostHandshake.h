#pragma once

// debug.wait-for-host=1: after the boot verdict the kernel waits (up to 20 s) for one byte on
// the serial line before it exits, so a test harness can capture the framebuffer first
// (tools/qemu-boot.py --screendump). Reported on serial; false on timeout.

namespace halcyon::baremetal {

bool wait_for_host();

} // namespace halcyon::baremetal
