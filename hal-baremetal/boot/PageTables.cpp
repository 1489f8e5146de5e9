#include "PageTables.h"

namespace halcyon::boot {

namespace {

constexpr uint64_t kPresent = 1ull << 0;
constexpr uint64_t kWritable = 1ull << 1;
constexpr uint64_t kLargePage = 1ull << 7;
constexpr uint64_t kAddressMask = 0x000ffffffffff000ull;
constexpr uint64_t kGiB = 1ull << 30;
constexpr uint64_t k2MiB = 2ull << 20;

uint64_t* allocate_table(EFI_BOOT_SERVICES* boot_services) {
    EFI_PHYSICAL_ADDRESS page = 0;
    if (EFI_ERROR(boot_services->AllocatePages(AllocateAnyPages, EfiLoaderData, 1, &page)))
        return nullptr;
    auto* table = reinterpret_cast<uint64_t*>(page);
    for (int i = 0; i < 512; ++i)
        table[i] = 0;
    return table;
}

// Returns the table `entry` points to, allocating it if absent.
uint64_t* next_table(EFI_BOOT_SERVICES* boot_services, uint64_t& entry) {
    if (!(entry & kPresent)) {
        uint64_t* table = allocate_table(boot_services);
        if (!table)
            return nullptr;
        entry = reinterpret_cast<uint64_t>(table) | kPresent | kWritable;
    }
    return reinterpret_cast<uint64_t*>(entry & kAddressMask);
}

} // namespace

uint64_t build_page_tables(EFI_BOOT_SERVICES* boot_services, uint64_t physical_limit, uint64_t kernel_virtual,
                           uint64_t kernel_physical, uint64_t kernel_size) {
    uint64_t* pml4 = allocate_table(boot_services);
    uint64_t* low_pdpt = allocate_table(boot_services);
    if (!pml4 || !low_pdpt)
        return 0;

    uint64_t gigabytes = (physical_limit + kGiB - 1) / kGiB;
    if (gigabytes < 4)
        gigabytes = 4;
    if (gigabytes > 512)
        gigabytes = 512; // FIXME: machines with more than 512 GiB need a second PDPT.
    for (uint64_t gb = 0; gb < gigabytes; ++gb) {
        uint64_t* directory = allocate_table(boot_services);
        if (!directory)
            return 0;
        for (uint64_t i = 0; i < 512; ++i)
            directory[i] = (gb * kGiB + i * k2MiB) | kPresent | kWritable | kLargePage;
        low_pdpt[gb] = reinterpret_cast<uint64_t>(directory) | kPresent | kWritable;
    }
    uint64_t low_entry = reinterpret_cast<uint64_t>(low_pdpt) | kPresent | kWritable;
    pml4[0] = low_entry;   // Identity map: the loader keeps running across the CR3 switch.
    pml4[256] = low_entry; // Direct map at kDirectMapBase = 0xffff800000000000.

    // FIXME: map each PT_LOAD segment with its own permissions (W^X, NX once EFER.NXE is on).
    for (uint64_t offset = 0; offset < kernel_size; offset += 4096) {
        uint64_t va = kernel_virtual + offset;
        uint64_t* pdpt = next_table(boot_services, pml4[(va >> 39) & 511]);
        uint64_t* pd = pdpt ? next_table(boot_services, pdpt[(va >> 30) & 511]) : nullptr;
        uint64_t* pt = pd ? next_table(boot_services, pd[(va >> 21) & 511]) : nullptr;
        if (!pt)
            return 0;
        pt[(va >> 12) & 511] = (kernel_physical + offset) | kPresent | kWritable;
    }
    return reinterpret_cast<uint64_t>(pml4);
}

} // namespace halcyon::boot
