#pragma once

// Loader output: every line goes to COM1 directly (16550 at 0x3F8, so it keeps working after
// ExitBootServices) and, while boot services are up, to the firmware's ConOut (the screen). When
// the firmware's ConOut already includes a serial terminal (OVMF), COM1 gets it only through ConOut.

#include <stddef.h>

#include <efi.h>

namespace halcyon::boot {

void console_init(EFI_SYSTEM_TABLE* system_table);
/// Stops using ConOut (call right before ExitBootServices).
void console_detach_firmware();

void print(const char* text);
void print_hex(uint64_t value);
void print_decimal(uint64_t value);
/// Prints a CHAR16 string (ASCII subset; anything else as '?').
void print_wide(const CHAR16* text);

} // namespace halcyon::boot
