// Phase 1 of the bare-metal kernel: prove the hand-over. Check the BootInfo, report what the
// loader passed on the serial line, then leave QEMU through isa-debug-exit with the pass code.
// FIXME: this does not link core/ yet; GDT/IDT, paging, allocators and the core kernel follow.

#include <stddef.h>

#include <halcyon/BootInfo.h>
#include <halcyon/DebugExit.h>

#include "Serial.h"

using namespace halcyon::boot;

namespace {

[[noreturn]] void debug_exit(DebugExitCode code) {
    asm volatile("outl %0, %1" : : "a"(static_cast<uint32_t>(code)), "Nd"(kDebugExitPort));
    // Real hardware has no isa-debug-exit: stop here.
    for (;;)
        asm volatile("cli; hlt");
}

[[noreturn]] void panic(const char* message) {
    serial::write("[boot] panic: ");
    serial::write(message);
    serial::write("\n");
    debug_exit(DebugExitCode::Panic);
}

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
    serial::init();
    serial::write("[kernel] Halcyon kernel (bare metal, phase 1)\n");
    if (!boot_info || boot_info->magic != kBootInfoMagic)
        panic("no BootInfo (bad magic)");
    if (boot_info->version != kBootInfoVersion || boot_info->size != sizeof(BootInfo))
        panic("BootInfo version or size mismatch");
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
    debug_exit(DebugExitCode::Pass);
}
