#include "Lapic.h"

#include "Arch.h"
#include "HalClock.h"
#include "KernelMemory.h"
#include "Serial.h"

namespace halcyon::baremetal::lapic {

namespace {

constexpr uint32_t kMsrApicBase = 0x1b;
constexpr uint64_t kApicBaseEnable = 1ull << 11;
// Register offsets ([intel/vol3] table 11-1).
constexpr uint32_t kId = 0x20, kEoi = 0xb0, kSpurious = 0xf0, kLvtTimer = 0x320, kInitialCount = 0x380, kCurrentCount = 0x390,
                   kDivide = 0x3e0;
constexpr uint32_t kLvtMasked = 1u << 16, kLvtPeriodic = 1u << 17;
constexpr uint32_t kDivideBy16 = 0x3;

volatile uint32_t* g_registers;
uint64_t g_ticks_per_second;
bool g_periodic;
uint64_t g_interrupts;

uint32_t read(uint32_t offset) { return g_registers[offset / 4]; }
void write(uint32_t offset, uint32_t value) { g_registers[offset / 4] = value; }

uint32_t ticks_for(uint64_t ns) {
    // In microseconds so the product stays within 64 bits (1e9 ticks/s times 1e9 us) without a
    // 128-bit division (no compiler runtime in the kernel).
    uint64_t ticks = g_ticks_per_second * (ns / 1000) / 1000000u;
    return ticks == 0 ? 1 : ticks > 0xffffffffu ? 0xffffffffu : static_cast<uint32_t>(ticks);
}

} // namespace

bool init(Calibration& calibration) {
    if (!(arch::cpuid(1).edx & (1u << 9))) {
        serial::write("[kernel] no local APIC (CPUID.1:EDX.APIC = 0): no timer interrupts\n");
        return false;
    }
    uint64_t base_msr = arch::read_msr(kMsrApicBase);
    uint64_t physical = base_msr & 0x000ffffffffff000ull;
    arch::write_msr(kMsrApicBase, base_msr | kApicBaseEnable);
    uint64_t virt = map_mmio(physical, 4096);
    if (!virt) {
        serial::write("[kernel] cannot map the local APIC\n");
        return false;
    }
    g_registers = reinterpret_cast<volatile uint32_t*>(virt);
    write(kSpurious, 0x100 | kSpuriousVector); // software enable
    write(kDivide, kDivideBy16);
    write(kLvtTimer, kLvtMasked | kTimerVector);

    // Count down from the top for 10 ms of PIT time.
    constexpr uint16_t kPitTicks = 11932;
    pit_start(kPitTicks);
    write(kInitialCount, 0xffffffffu);
    bool signalled = pit_wait();
    uint32_t elapsed = 0xffffffffu - read(kCurrentCount);
    write(kInitialCount, 0);
    if (!signalled || elapsed == 0) {
        serial::write("[kernel] the PIT never signalled: the LAPIC timer is not calibrated\n");
        g_registers = nullptr;
        return false;
    }
    g_ticks_per_second = static_cast<uint64_t>(elapsed) * kPitHz / kPitTicks;
    calibration.ticks_per_second = g_ticks_per_second;
    return true;
}

bool available() { return g_registers != nullptr; }

void start_periodic(uint64_t period_ns) {
    if (!g_registers)
        return;
    if (period_ns == 0) {
        g_periodic = false;
        write(kLvtTimer, kLvtMasked | kTimerVector);
        write(kInitialCount, 0);
        return;
    }
    g_periodic = true;
    write(kLvtTimer, kLvtPeriodic | kTimerVector);
    write(kInitialCount, ticks_for(period_ns));
}

void arm_one_shot(uint64_t delay_ns) {
    if (!g_registers || g_periodic)
        return;
    write(kLvtTimer, kTimerVector);
    write(kInitialCount, ticks_for(delay_ns));
}

bool periodic_running() { return g_periodic; }

void on_timer_interrupt() {
    ++g_interrupts;
    write(kEoi, 0);
}

uint64_t timer_interrupt_count() { return g_interrupts; }

void eoi() {
    if (g_registers)
        write(kEoi, 0);
}

uint8_t id() { return g_registers ? static_cast<uint8_t>(read(kId) >> 24) : 0; }

} // namespace halcyon::baremetal::lapic
