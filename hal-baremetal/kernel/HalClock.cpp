#include "HalClock.h"

#include <halcyon_backend.h>

#include "Arch.h"
#include "Calendar.h"

namespace halcyon::baremetal {

namespace {

constexpr uint16_t kPitChannel2 = 0x42, kPitCommand = 0x43, kSpeakerPort = 0x61;

uint64_t g_tsc_at_calibration;
uint64_t g_ns_per_tick_fixed; // nanoseconds per TSC tick, 32.32 fixed point
ClockInfo g_info;

void outb(uint16_t port, uint8_t value) { asm volatile("outb %0, %1" : : "a"(value), "Nd"(port)); }
uint8_t inb(uint16_t port) {
    uint8_t value;
    asm volatile("inb %1, %0" : "=a"(value) : "Nd"(port));
    return value;
}

uint64_t rdtsc() {
    uint32_t low, high;
    asm volatile("rdtsc" : "=a"(low), "=d"(high));
    return (static_cast<uint64_t>(high) << 32) | low;
}

} // namespace

void pit_start(uint16_t pit_ticks) {
    uint8_t speaker = inb(kSpeakerPort);
    outb(kSpeakerPort, (speaker & ~0x02) | 0x01); // gate on, speaker off
    outb(kPitCommand, 0xb0);                      // channel 2, lobyte/hibyte, mode 0, binary
    outb(kPitChannel2, static_cast<uint8_t>(pit_ticks));
    outb(kPitChannel2, static_cast<uint8_t>(pit_ticks >> 8));
    // Restart the count by toggling the gate; OUT (port 0x61 bit 5) rises when it reaches 0.
    speaker = inb(kSpeakerPort);
    outb(kSpeakerPort, speaker & ~0x01);
    outb(kSpeakerPort, speaker | 0x01);
}

bool pit_wait() {
    // Bounded: a machine without a PIT must not hang the boot.
    for (uint64_t i = 0; i < 200000000; ++i) {
        if (inb(kSpeakerPort) & 0x20)
            return true;
        asm volatile("pause");
    }
    return false;
}

namespace {

/// TSC ticks during `pit_ticks` of PIT channel 2.
uint64_t measure_tsc(uint16_t pit_ticks) {
    pit_start(pit_ticks);
    uint64_t start = rdtsc();
    pit_wait();
    return rdtsc() - start;
}

uint8_t cmos(uint8_t reg) {
    outb(0x70, reg);
    return inb(0x71);
}

/// Reads the RTC twice until two reads agree (no update in between), [MC146818A].
uint64_t read_rtc_filetime() {
    uint8_t values[6], again[6];
    const uint8_t regs[6] = {0x00, 0x02, 0x04, 0x07, 0x08, 0x09};
    for (int attempt = 0; attempt < 8; ++attempt) {
        for (int i = 0; i < 100000 && (cmos(0x0a) & 0x80); ++i)
            asm volatile("pause");
        for (int i = 0; i < 6; ++i)
            values[i] = cmos(regs[i]);
        for (int i = 0; i < 100000 && (cmos(0x0a) & 0x80); ++i)
            asm volatile("pause");
        for (int i = 0; i < 6; ++i)
            again[i] = cmos(regs[i]);
        bool same = true;
        for (int i = 0; i < 6; ++i)
            same = same && values[i] == again[i];
        if (same)
            break;
    }
    uint8_t status_b = cmos(0x0b);
    bool bcd = !(status_b & 0x04), twelve_hour = !(status_b & 0x02);
    bool pm = values[2] & 0x80;
    values[2] &= 0x7f;
    if (bcd)
        for (auto& value : values)
            value = static_cast<uint8_t>((value & 0x0f) + (value >> 4) * 10);
    unsigned second = values[0], minute = values[1], hour = values[2], day = values[3], month = values[4];
    if (twelve_hour)
        hour = (hour % 12) + (pm ? 12 : 0);
    // FIXME: the century register's index comes from the ACPI FADT; assume 20xx until then.
    int year = 2000 + values[5];
    if (second > 59 || minute > 59 || hour > 23 || day < 1 || day > 31 || month < 1 || month > 12)
        return 0;
    return filetime_of(year, month, day, hour, minute, second);
}

} // namespace

const ClockInfo& clock_info() { return g_info; }

uint64_t read_tsc() { return rdtsc(); }

uint64_t tsc_interval_us(uint64_t from, uint64_t to) {
    if (!g_info.tsc_hz || to < from)
        return 0;
    return static_cast<uint64_t>((static_cast<unsigned __int128>(to - from) * g_ns_per_tick_fixed) >> 32) / 1000;
}

ClockInfo init_clock() {
    constexpr uint16_t kPitTicks = 11932; // 10 ms
    uint64_t ticks = measure_tsc(kPitTicks);
    g_tsc_at_calibration = rdtsc();
    g_info.tsc_hz = ticks * kPitHz / kPitTicks;
    if (g_info.tsc_hz == 0)
        g_info.tsc_hz = 1;
    g_ns_per_tick_fixed = (1000000000ull << 32) / g_info.tsc_hz;
    g_info.boot_filetime = read_rtc_filetime();
    return g_info;
}

} // namespace halcyon::baremetal

namespace halcyon::hal {

u64 Clock::monotonic_ns() {
    using namespace halcyon::baremetal;
    uint64_t delta = rdtsc() - g_tsc_at_calibration;
    return static_cast<u64>((static_cast<unsigned __int128>(delta) * g_ns_per_tick_fixed) >> 32);
}

u64 Clock::system_time_100ns() { return halcyon::baremetal::g_info.boot_filetime + monotonic_ns() / 100; }

} // namespace halcyon::hal
