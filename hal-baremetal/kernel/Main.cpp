// The bare-metal kernel: check the loader's BootInfo (phase 1), install the GDT/TSS/IDT
// (Interrupts.h) so every fault ends in the panic report (Panic.h), switch to the kernel's own
// page tables and bring up the frame allocator and heap (KernelMemory.h), self-test them
// (phase 2), bring up the same core kernel as the hosted build on the bare-metal HAL (phase 3,
// CoreBoot.h), then leave QEMU through isa-debug-exit with the pass code.
// When the command line names a program (run=), it runs after phase 3 and the kernel then exits
// with its status. FIXME: device interrupts (IOAPIC), console input.

#include <stddef.h>

#include <halcyon/BootInfo.h>
#include <halcyon/DebugExit.h>

#include "Arch.h"
#include "CoreBoot.h"
#include "DeviceInterrupts.h"
#include "FaultInjection.h"
#include "FpuState.h"
#include "FramebufferConsole.h"
#include "HalClock.h"
#include "HostHandshake.h"
#include "Interrupts.h"
#include "KernelMemory.h"
#include "Panic.h"
#include "SelfTest.h"
#include "Serial.h"
#include "UserEntry.h"

extern "C" void (*const __init_array_start[])(), (*const __init_array_end[])();

using namespace halcyon::boot;
using halcyon::baremetal::panic;

namespace {

bool contains(const char* haystack, const char* needle) {
    for (; *haystack; ++haystack) {
        size_t i = 0;
        while (needle[i] && haystack[i] == needle[i])
            ++i;
        if (!needle[i])
            return true;
    }
    return false;
}

constexpr uint32_t kEfiConventionalMemory = 7;

} // namespace

extern "C" [[noreturn]] void kernel_main(const BootInfo* boot_info) {
    uint64_t entry_tsc = halcyon::baremetal::read_tsc();
    serial::init();
    serial::write("[kernel] Halcyon kernel (bare metal, phase 1)\n");
    if (!boot_info || boot_info->magic != kBootInfoMagic)
        panic("no BootInfo (bad magic)");
    if (boot_info->version != kBootInfoVersion || boot_info->size != sizeof(BootInfo))
        panic("BootInfo version or size mismatch");

    halcyon::baremetal::init_descriptor_tables();
    serial::write("[kernel] GDT, TSS (IST stacks for NMI, #DF, #MC) and IDT (256 vectors) loaded\n");
    if (contains(boot_info->command_line, "debug.panic=1"))
        panic("requested by debug.panic=1 on the command line");

    const auto& map = boot_info->memory_map;
    if (map.descriptor_size < sizeof(MemoryDescriptor) || map.size == 0)
        panic("empty or malformed memory map");
    auto* descriptors = reinterpret_cast<const uint8_t*>(boot_info->direct_map_base + map.physical_address);
    uint64_t conventional_pages = 0;
    uint64_t count = map.size / map.descriptor_size;
    for (uint64_t i = 0; i < count; ++i) {
        auto* descriptor = reinterpret_cast<const MemoryDescriptor*>(descriptors + i * map.descriptor_size);
        if (descriptor->type == kEfiConventionalMemory)
            conventional_pages += descriptor->page_count;
    }
    serial::write("[kernel] memory map: ");
    serial::write_decimal(count);
    serial::write(" ranges, ");
    serial::write_decimal(conventional_pages * 4096 >> 20);
    serial::write(" MiB free; rsdp ");
    serial::write_hex(boot_info->rsdp_physical);
    serial::write("; framebuffer ");
    serial::write_decimal(boot_info->framebuffer.width);
    serial::write("x");
    serial::write_decimal(boot_info->framebuffer.height);
    serial::write("; cmdline \"");
    serial::write(boot_info->command_line);
    serial::write("\"\n");
    if (conventional_pages == 0)
        panic("no conventional memory in the memory map");

    serial::write("[boot] ok phase=1\n");

    halcyon::baremetal::init_memory(*boot_info);
    if (halcyon::baremetal::fbcon::init(boot_info->framebuffer))
        serial::write("[kernel] Halcyon kernel (bare metal): framebuffer console on\n");
    else
        serial::write("[kernel] no usable framebuffer: the console is the serial line only\n");
    auto protection = halcyon::baremetal::cpu_protection();
    serial::write("[kernel] own page tables active (text RX, rodata R, data RW, direct map NX, boot stack guard); NX ");
    serial::write(protection.nx ? "on" : "absent");
    serial::write(", WP on, SMEP ");
    serial::write(protection.smep ? "on" : "absent");
    serial::write(", SMAP ");
    serial::write(protection.smap ? "on" : "absent");
    serial::write(", UMIP ");
    serial::write(protection.umip ? "on" : "absent");
    serial::write("\n");
    // Constructors of objects with static storage run once the heap exists: core's may allocate.
    for (auto* constructor = __init_array_start; constructor != __init_array_end; ++constructor)
        (*constructor)();
    halcyon::baremetal::inject_requested_fault(boot_info->command_line);

    if (!halcyon::baremetal::run_memory_self_test()) {
        serial::write("[boot] fail: the memory self-test failed\n");
        halcyon::baremetal::arch::debug_exit(DebugExitCode::Fail);
    }
    serial::write("[boot] ok phase=2\n");

    // Before the first thread exists: it decides the size and form of every thread's FPU state.
    halcyon::baremetal::fpu::init();
    if (!halcyon::baremetal::boot_core(*boot_info)) {
        serial::write("[boot] fail: the core kernel did not come up\n");
        halcyon::baremetal::arch::debug_exit(DebugExitCode::Fail);
    }
    // Device interrupts once core runs (the LAPIC is up for their EOIs). Without them console
    // input is polled, so a failure here is reported but not fatal.
    (void)halcyon::baremetal::devices::init(*boot_info);
    uint64_t phase3_tsc = halcyon::baremetal::read_tsc();
    serial::write("[boot] time (TSC, firmware excluded): loader start to kernel entry ");
    serial::write_decimal(halcyon::baremetal::tsc_interval_us(boot_info->loader_start_tsc, entry_tsc));
    serial::write(" us, to phase 3 ");
    serial::write_decimal(halcyon::baremetal::tsc_interval_us(boot_info->loader_start_tsc, phase3_tsc));
    serial::write(" us");
    if (uint64_t user_tsc = halcyon::baremetal::first_user_entry_tsc()) {
        serial::write(", to the first user-mode instruction ");
        serial::write_decimal(halcyon::baremetal::tsc_interval_us(boot_info->loader_start_tsc, user_tsc));
        serial::write(" us");
    }
    serial::write("\n[boot] ok phase=3\n");

    // The program the command line names (run=...): run it, then leave QEMU with the
    // program-exited code; its exit status is on the serial line.
    if (const char* program = halcyon::baremetal::boot_program_command_line(boot_info->command_line)) {
        uint32_t exit_status = 0;
        if (!halcyon::baremetal::run_boot_program(program, exit_status))
            halcyon::baremetal::arch::debug_exit(DebugExitCode::Fail);
        // Evidence for the console-input boot test that typed input came through the interrupt.
        if (uint64_t count = halcyon::baremetal::devices::com1_interrupt_count()) {
            serial::write("[kernel] console input: ");
            serial::write_decimal(count);
            serial::write(" COM1 receive interrupts\n");
        }
        if (uint64_t count = halcyon::baremetal::devices::keyboard_interrupt_count()) {
            serial::write("[kernel] console input: ");
            serial::write_decimal(count);
            serial::write(" PS/2 keyboard interrupts\n");
        }
        halcyon::baremetal::arch::debug_exit(DebugExitCode::ProgramExited);
    }

    // For the screenshot test: keep the framebuffer on screen until the host has taken it.
    if (contains(boot_info->command_line, "debug.wait-for-host=1") && !halcyon::baremetal::wait_for_host())
        halcyon::baremetal::arch::debug_exit(DebugExitCode::Fail);
    halcyon::baremetal::arch::debug_exit(DebugExitCode::Pass);
}
