// The MADT parser (hal-baremetal/kernel/AcpiTables.h) over arbitrary firmware memory: the first
// two bytes give the RSDP's address, the rest is physical memory from address 0. Whatever the
// bytes, the parser must stay inside the memory it was given (ASan checks that), report either
// an error or at least one I/O APIC, and keep its counts within its arrays.

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "AcpiTables.h"

using namespace halcyon::baremetal::acpi;

namespace {

struct Memory {
    const uint8_t* data;
    size_t size;
};

const uint8_t* read(void* context, uint64_t physical, uint64_t length) {
    auto* memory = static_cast<Memory*>(context);
    if (physical > memory->size || length > memory->size - physical)
        return nullptr;
    return memory->data + physical;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 2)
        return 0;
    uint64_t rsdp = data[0] | data[1] << 8;
    Memory memory{data + 2, size - 2};
    PhysicalReader reader{read, &memory};
    MadtInfo madt;
    const char* error = parse_madt(reader, rsdp, madt);
    if (madt.io_apic_count > kMaxIoApics || madt.override_count > kMaxOverrides)
        abort();
    if (!error) {
        if (madt.io_apic_count == 0)
            abort();
        for (uint8_t irq = 0; irq < 16; ++irq) {
            IsaRoute route = madt.isa_route(irq);
            (void)madt.io_apic_for(route.gsi);
        }
    }
    return 0;
}
