#include "DeviceInterrupts.h"

#include "drivers/input/InputQueue.h"
#include "drivers/ioapic/IoApic.h"
#include "drivers/ps2/I8042.h"
#include "drivers/uart/Uart16550Input.h"
#include "halcyon/Uart16550.h"

#include "AcpiTables.h"
#include "KernelMemory.h"
#include "Lapic.h"
#include "Serial.h"

namespace halcyon::baremetal::devices {

namespace {

struct KernelPortIo {
    uint8_t read8(uint16_t port) { return uart::inb(port); }
    void write8(uint16_t port, uint8_t value) { uart::outb(port, value); }
};

struct KernelMmio {
    volatile uint32_t* base;
    uint32_t read32(uint32_t offset) { return base[offset / 4]; }
    void write32(uint32_t offset, uint32_t value) { base[offset / 4] = value; }
};

// The loader maps the first 4 GiB into the direct map, where firmware puts its ACPI tables.
// FIXME: tables above 4 GiB (possible on large machines) would need mapping first.
constexpr uint64_t kDirectMapLimit = 1ull << 32;

const uint8_t* read_physical(void* context, uint64_t physical, uint64_t length) {
    auto base = *static_cast<const uint64_t*>(context);
    if (physical >= kDirectMapLimit || length > kDirectMapLimit - physical)
        return nullptr;
    return reinterpret_cast<const uint8_t*>(base + physical);
}

KernelPortIo g_ports;
drivers::input::InputQueue g_queue;
drivers::uart::Uart16550Input<KernelPortIo> g_com1(g_ports, uart::kCom1);
bool g_com1_interrupts;
uint64_t g_com1_interrupt_count;
drivers::ps2::I8042<KernelPortIo> g_keyboard(g_ports);
drivers::ps2::ScanCodeSet1Decoder g_decoder;
bool g_keyboard_ready;
uint64_t g_keyboard_interrupt_count;

/// Interrupts off for the lifetime of the guard, restored (not forced on) after.
class InterruptsOff {
public:
    InterruptsOff() { asm volatile("pushfq; popq %0; cli" : "=r"(m_flags) : : "memory"); }
    ~InterruptsOff() {
        if (m_flags & (1u << 9))
            asm volatile("sti" : : : "memory");
    }

private:
    uint64_t m_flags;
};

drivers::ioapic::RedirectionEntry route_entry(const acpi::IsaRoute& route, uint8_t vector) {
    return drivers::ioapic::RedirectionEntry()
        .set_vector(vector)
        .set_delivery_mode(drivers::ioapic::RedirectionEntry::DeliveryMode::Fixed)
        .set_active_low(route.active_low)
        .set_level_triggered(route.level_triggered)
        .set_destination(lapic::id())
        .set_masked(false);
}

void write_route(const acpi::IsaRoute& route) {
    serial::write(" -> GSI ");
    serial::write_decimal(route.gsi);
    serial::write(route.level_triggered ? ", level" : ", edge");
    serial::write(route.active_low ? ", active low" : ", active high");
}

} // namespace

bool init(const boot::BootInfo& boot_info) {
    acpi::MadtInfo madt;
    uint64_t direct_map = boot_info.direct_map_base;
    acpi::PhysicalReader reader{read_physical, &direct_map};
    if (const char* error = acpi::parse_madt(reader, boot_info.rsdp_physical, madt)) {
        serial::write("[kernel] ACPI: ");
        serial::write(error);
        serial::write(": no device interrupts (console input is polled)\n");
        return false;
    }
    acpi::IsaRoute com1 = madt.isa_route(kIsaIrqCom1);
    const acpi::IoApicInfo* chip = madt.io_apic_for(com1.gsi, 240);
    uint64_t virt = chip ? map_mmio(chip->address & ~0xfffull, 4096) : 0;
    if (!virt) {
        serial::write("[kernel] IOAPIC: no I/O APIC serves COM1's GSI or it cannot be mapped\n");
        return false;
    }
    KernelMmio mmio{reinterpret_cast<volatile uint32_t*>(virt + (chip->address & 0xfff))};
    drivers::ioapic::IoApic<KernelMmio> ioapic(mmio);
    auto version = ioapic.version();
    uint32_t pins = version.redirection_entries();
    if (com1.gsi - chip->gsi_base >= pins) {
        serial::write("[kernel] IOAPIC: COM1's GSI is beyond the chip's redirection table\n");
        return false;
    }
    ioapic.mask_all();
    ioapic.set_entry(com1.gsi - chip->gsi_base, route_entry(com1, kCom1Vector));
    {
        InterruptsOff off;
        g_com1.enable_receive_interrupts(g_queue);
        g_com1_interrupts = true;
    }

    // The keyboard: controller set up with its interrupt off, then the pin routed, then on.
    acpi::IsaRoute keyboard = madt.isa_route(kIsaIrqKeyboard);
    const char* keyboard_error = nullptr;
    if (keyboard.gsi < chip->gsi_base || keyboard.gsi - chip->gsi_base >= pins) {
        keyboard_error = "its GSI is not on the I/O APIC COM1 uses";
    } else {
        InterruptsOff off;
        keyboard_error = g_keyboard.init();
        if (!keyboard_error) {
            ioapic.set_entry(keyboard.gsi - chip->gsi_base, route_entry(keyboard, kKeyboardVector));
            g_keyboard.drain(g_decoder, g_queue);
            g_keyboard_ready = true;
        }
    }

    serial::write("[kernel] ACPI: MADT from the ");
    serial::write(madt.used_xsdt ? "XSDT" : "RSDT");
    serial::write(", ");
    serial::write_decimal(madt.io_apic_count);
    serial::write(" I/O APIC(s), ");
    serial::write_decimal(madt.override_count);
    serial::write(" interrupt source overrides");
    serial::write(madt.has_legacy_pics ? "; legacy PICs present, masked\n" : "\n");
    serial::write("[kernel] IOAPIC: id ");
    serial::write_decimal(chip->id);
    serial::write(" at ");
    serial::write_hex_short(chip->address);
    serial::write(", version ");
    serial::write_hex_short(version.version());
    serial::write(", ");
    serial::write_decimal(pins);
    serial::write(" pins from GSI ");
    serial::write_decimal(chip->gsi_base);
    serial::write("; COM1 receive: ISA IRQ 4");
    write_route(com1);
    serial::write(" -> vector ");
    serial::write_hex_short(kCom1Vector);
    serial::write("\n");
    if (keyboard_error) {
        serial::write("[kernel] PS/2 keyboard: not used: ");
        serial::write(keyboard_error);
        serial::write("\n");
    } else {
        serial::write("[kernel] PS/2 keyboard: i8042 initialised (scan code set 1); ISA IRQ 1");
        write_route(keyboard);
        serial::write(" -> vector ");
        serial::write_hex_short(kKeyboardVector);
        serial::write("\n");
    }
    return true;
}

bool handle_interrupt(uint8_t vector) {
    if (vector == kCom1Vector) {
        ++g_com1_interrupt_count;
        g_com1.drain(g_queue);
    } else if (vector == kKeyboardVector && g_keyboard_ready) {
        ++g_keyboard_interrupt_count;
        g_keyboard.drain(g_decoder, g_queue);
    } else {
        return false;
    }
    lapic::eoi();
    return true;
}

uint64_t com1_interrupt_count() {
    return g_com1_interrupt_count;
}
uint64_t keyboard_interrupt_count() {
    return g_keyboard_interrupt_count;
}

size_t input_read(uint8_t* out, size_t size) {
    InterruptsOff off;
    if (!g_com1_interrupts)
        g_com1.drain(g_queue);
    return g_queue.pop(out, size);
}

bool input_ready() {
    InterruptsOff off;
    // Without the interrupt the UART is polled here, so input still arrives, only later.
    if (!g_com1_interrupts)
        g_com1.drain(g_queue);
    return !g_queue.empty();
}

bool input_take_interrupt() {
    InterruptsOff off;
    if (!g_com1_interrupts)
        g_com1.drain(g_queue);
    return g_queue.take_interrupt();
}

} // namespace halcyon::baremetal::devices
