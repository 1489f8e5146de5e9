#pragma once

// The bare-metal clock: the TSC, calibrated once against the PIT (8254 channel 2, gated through
// port 0x61, so no interrupt is needed), and the CMOS RTC read once at boot for the wall clock.

#include <stdint.h>

namespace halcyon::baremetal {

struct ClockInfo {
    uint64_t tsc_hz;
    uint64_t boot_filetime; ///< The RTC at calibration as a Windows FILETIME (0: RTC unreadable).
};

/// Calibrates (about 10 ms of PIT time) and reads the RTC. Call once, early.
ClockInfo init_clock();

/// What init_clock measured (zeros before it ran).
const ClockInfo& clock_info();
/// Microseconds between two TSC readings at the calibrated rate.
uint64_t tsc_interval_us(uint64_t from, uint64_t to);
uint64_t read_tsc();

/// PIT channel 2 as a one-shot stopwatch (no interrupt): pit_start arms `pit_ticks` of
/// 1.193182 MHz, pit_wait polls until they have passed (false if the PIT never signals).
inline constexpr uint32_t kPitHz = 1193182;
void pit_start(uint16_t pit_ticks);
bool pit_wait();

} // namespace halcyon::baremetal
