#pragma once

// A text console on the GOP framebuffer: 8x16 cells in the built-in font (gen-font.py), light
// grey on black, scrolling at the bottom. The kernel's serial output is mirrored here once it is
// initialised (Serial.cpp), so the boot log and a panic report are on screen as well.
// FIXME: the framebuffer is reached through the write-back direct map; real hardware wants a
// write-combining mapping (PAT).

#include <halcyon/BootInfo.h>
#include <stdint.h>

namespace halcyon::baremetal::fbcon {

/// False (and the console stays off) when there is no usable 32-bit framebuffer.
bool init(const boot::Framebuffer& framebuffer);
bool active();
void write(const char* text);

} // namespace halcyon::baremetal::fbcon
