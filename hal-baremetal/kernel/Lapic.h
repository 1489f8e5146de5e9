#pragma once

// The local APIC timer ([intel/vol3] 11.5.4): calibrated against the PIT at boot, then used as
// hal::Cpu's timer (periodic ticks for the scheduler, start_timer) and as the wake-up for an
// idle CPU (a 1 ms one-shot in wait_for_interrupt, like the hosted backend's 1 ms sleep).
// Device interrupts arrive through the I/O APIC (DeviceInterrupts.h) and are acknowledged here.
// FIXME: x2APIC mode; TSC-deadline mode where present.

#include <stdint.h>

namespace halcyon::baremetal::lapic {

inline constexpr uint8_t kTimerVector = 0x20;
inline constexpr uint8_t kSpuriousVector = 0xff;

struct Calibration {
    uint64_t ticks_per_second; ///< Timer ticks (bus clock / 16) per second.
};

/// Maps and enables the local APIC and measures its timer against 10 ms of PIT time. False (with
/// the reason on serial) when there is no APIC or the PIT never signalled.
bool init(Calibration& calibration);
bool available();

/// Periodic interrupts every `period_ns` (0 stops the timer).
void start_periodic(uint64_t period_ns);
/// One interrupt after `delay_ns` unless the periodic timer is running.
void arm_one_shot(uint64_t delay_ns);
bool periodic_running();

/// Called from interrupt_dispatch for kTimerVector: acknowledges the interrupt and counts it.
void on_timer_interrupt();
uint64_t timer_interrupt_count();

/// Signals the end of a device interrupt's handling ([intel/vol3] 11.8.5).
void eoi();
/// This CPU's local APIC ID (the APIC ID register, bits 24-31, [intel/vol3] 11.4.6).
uint8_t id();

} // namespace halcyon::baremetal::lapic
