#pragma once

// Device interrupts on bare metal: the I/O APIC found through the ACPI MADT routes ISA IRQs
// (after the MADT's interrupt source overrides) to IDT vectors on this CPU's local APIC, and the
// console input devices behind them fill the one console input queue (drivers/input) that
// hal::Console reads. The legacy 8259 PICs stay fully masked (Interrupts.cpp).
// FIXME: the FADT's IAPC_BOOT_ARCH "8042" flag is not consulted; a machine without a
// controller is detected by init's bounded waits instead.

#include <stddef.h>
#include <stdint.h>

#include <halcyon/BootInfo.h>

namespace halcyon::baremetal::devices {

inline constexpr uint8_t kIsaIrqKeyboard = 1, kIsaIrqCom1 = 4;
// 0x20 + the ISA IRQ (the LAPIC timer has 0x20 itself, where IRQ 0 would be).
inline constexpr uint8_t kKeyboardVector = 0x21, kCom1Vector = 0x24;

/// Parses the MADT, programs the I/O APIC and turns on COM1's receive interrupt and the PS/2
/// keyboard's. False (with the reason on serial) when the MADT or the I/O APIC fail; console
/// input then falls back to polling COM1. A missing keyboard controller is reported, not fatal.
bool init(const boot::BootInfo& boot_info);

/// Handles a device vector (interrupt_dispatch); false when `vector` is not one of them.
bool handle_interrupt(uint8_t vector);

/// How many COM1 receive interrupts have arrived.
uint64_t com1_interrupt_count();
/// How many PS/2 keyboard interrupts have arrived.
uint64_t keyboard_interrupt_count();

/// The console input queue, each call with interrupts off around it.
size_t input_read(uint8_t* out, size_t size);
bool input_ready();
bool input_take_interrupt();

} // namespace halcyon::baremetal::devices
