#pragma once

// The second serial port (COM2) carries the standard output stream byte for byte
// (HalConsole.cpp), for hosts that compare a program's output exactly (tools/qemu-boot.py
// --program). The firmware prints on every serial port too, so the kernel writes
// kProgramOutputMarker there just before a program starts; its output is what follows.

namespace halcyon::baremetal {

inline constexpr char kProgramOutputMarker[] = "\n[run] stdout follows\n";

/// Writes kProgramOutputMarker to COM2.
void mark_program_output_start();

} // namespace halcyon::baremetal
