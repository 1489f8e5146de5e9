#include "KernelMemory.h"

#include "core/lib/Memory.h"
#include "core/mm/PhysicalAllocator.h"

#include "Arch.h"
#include "KernelHeap.h"
#include "PageTableBuilder.h"
#include "Panic.h"
#include "Serial.h"

extern "C" const char __kernel_start[], __text_start[], __text_end[], __rodata_start[], __rodata_end[],
    __data_start[], __data_end[], __boot_stack_guard[], __boot_stack_bottom[], __boot_stack_top[], __kernel_end[];

namespace halcyon::baremetal {

namespace {

constexpr size_t kMaxRanges = 128;
constexpr uint64_t kLowMemoryLimit = 1ull << 20; // left to firmware quirks and future AP start-up code
constexpr uint64_t kLargePage = 2ull << 20;

PhysicalRange g_ranges[kMaxRanges];
size_t g_range_count;
PhysicalRange g_core_ranges[kMaxRanges + 1];
size_t g_core_range_count;
CpuProtection g_protection;
uint64_t g_nx_bit; // pte::NoExecute when EFER.NXE is on, else 0 (the bit is reserved without NX)

// Before the frame allocator exists, page-table frames and the first heap region are carved off
// the top of the largest usable range; the allocator later gets only what is left.
size_t g_early_range;
bool g_allocator_ready;
alignas(mm::PhysicalAllocator) uint8_t g_allocator_storage[sizeof(mm::PhysicalAllocator)];
mm::PhysicalAllocator* g_allocator;

KernelHeap g_heap;
uint64_t g_heap_window_pages;

uint64_t early_frame() {
    PhysicalRange& range = g_ranges[g_early_range];
    if (range.size < kPageSize)
        return 0;
    range.size -= kPageSize;
    return range.base + range.size;
}

uint64_t table_frame(void*) {
    if (g_allocator_ready) {
        auto frame = g_allocator->allocate_frame();
        return frame.is_error() ? 0 : frame.value();
    }
    return early_frame();
}

uint8_t* table_to_virt(void*, uint64_t physical) { return physical_to_virtual(physical); }

PageTableBuilder g_tables({nullptr, table_frame, table_to_virt});

uint64_t virt(const char* symbol) { return reinterpret_cast<uint64_t>(symbol); }

void map_or_panic(uint64_t virt_base, uint64_t phys, uint64_t size, PageSize page_size, uint64_t flags,
                  const char* what) {
    MapError error = g_tables.map(virt_base, phys, size, page_size, flags & ~(pte::NoExecute & ~g_nx_bit));
    if (error != MapError::None) {
        serial::write("[kernel] mapping ");
        serial::write(what);
        serial::write(" failed: ");
        serial::write(map_error_message(error));
        serial::write("\n");
        panic("cannot build the kernel page tables");
    }
}

void enable_protection() {
    auto extended = arch::cpuid(0x80000000);
    bool nx = extended.eax >= 0x80000001 && (arch::cpuid(0x80000001).edx & (1u << 20));
    auto leaf7 = arch::cpuid(0).eax >= 7 ? arch::cpuid(7) : arch::CpuidResult{};
    g_protection.nx = nx;
    g_protection.smep = leaf7.ebx & (1u << 7);
    g_protection.smap = leaf7.ebx & (1u << 20);
    g_protection.umip = leaf7.ecx & (1u << 2);
    g_protection.write_protect = true;
    if (nx) {
        arch::write_msr(arch::kMsrEfer, arch::read_msr(arch::kMsrEfer) | arch::kEferNxe);
        g_nx_bit = pte::NoExecute;
    }
}

void activate_protection_bits() {
    arch::write_cr0(arch::read_cr0() | arch::kCr0Wp);
    uint64_t cr4 = arch::read_cr4();
    if (g_protection.smep)
        cr4 |= arch::kCr4Smep;
    if (g_protection.smap)
        cr4 |= arch::kCr4Smap;
    if (g_protection.umip)
        cr4 |= arch::kCr4Umip;
    arch::write_cr4(cr4);
}

void build_kernel_tables(const boot::BootInfo& info) {
    if (!g_tables.create())
        panic("no frame for the kernel's PML4");

    // The direct map: everything the memory map describes, the framebuffer, and at least 4 GiB.
    const auto& map = info.memory_map;
    auto* descriptors = physical_to_virtual(map.physical_address);
    uint64_t limit = highest_physical_address(descriptors, map.size, map.descriptor_size);
    if (info.framebuffer.physical_address + info.framebuffer.size > limit)
        limit = info.framebuffer.physical_address + info.framebuffer.size;
    if (limit < (4ull << 30))
        limit = 4ull << 30;
    limit = (limit + kLargePage - 1) & ~(kLargePage - 1);
    // FIXME: MMIO through the direct map is write-back cached; device drivers need their own
    // uncached mappings (PAT) before they touch registers beyond the framebuffer.
    map_or_panic(boot::kDirectMapBase, 0, limit, PageSize::Large, pte::Writable | pte::NoExecute, "the direct map");

    // The kernel image, section by section (kernel.ld).
    uint64_t phys_base = info.kernel.physical_base, virt_base = info.kernel.virtual_base;
    auto phys_of = [&](const char* symbol) { return phys_base + (virt(symbol) - virt_base); };
    map_or_panic(virt(__text_start), phys_of(__text_start), virt(__text_end) - virt(__text_start), PageSize::Small, 0,
                 "kernel text");
    map_or_panic(virt(__rodata_start), phys_of(__rodata_start), virt(__rodata_end) - virt(__rodata_start),
                 PageSize::Small, pte::NoExecute, "kernel rodata");
    map_or_panic(virt(__data_start), phys_of(__data_start), virt(__data_end) - virt(__data_start), PageSize::Small,
                 pte::Writable | pte::NoExecute, "kernel data");
    // __boot_stack_guard .. __boot_stack_bottom stays unmapped.
    map_or_panic(virt(__boot_stack_bottom), phys_of(__boot_stack_bottom),
                 virt(__boot_stack_top) - virt(__boot_stack_bottom), PageSize::Small, pte::Writable | pte::NoExecute,
                 "the boot stack");
}

KernelHeap::Region grow_heap(void*, size_t minimum) {
    // Fresh frames mapped at the end of the heap window; they merge with the last free block.
    uint64_t pages = (minimum + kPageSize - 1) / kPageSize;
    if (pages < 16)
        pages = 16;
    if ((g_heap_window_pages + pages) * kPageSize > kHeapMaximum || !g_allocator_ready)
        return {nullptr, 0};
    uint64_t start = kHeapBase + g_heap_window_pages * kPageSize;
    for (uint64_t i = 0; i < pages; ++i) {
        auto frame = g_allocator->allocate_frame();
        if (frame.is_error()) {
            serial::write("[kernel] heap: out of physical frames while growing\n");
            // The pages mapped so far stay in the window and are handed over below.
            pages = i;
            break;
        }
        map_or_panic(start + i * kPageSize, frame.value(), kPageSize, PageSize::Small,
                     pte::Writable | pte::NoExecute, "a heap page");
    }
    g_heap_window_pages += pages;
    return {reinterpret_cast<void*>(start), pages * kPageSize};
}

} // namespace

uint8_t* physical_to_virtual(uint64_t physical) {
    return reinterpret_cast<uint8_t*>(boot::kDirectMapBase + physical);
}

void init_memory(const boot::BootInfo& info) {
    // 1. The usable ranges, minus the kernel image (the loader put it in loader data, which is
    //    already excluded, but a loader bug must not turn the kernel into free memory).
    const auto& map = info.memory_map;
    PhysicalRange reserved[] = {{info.kernel.physical_base, info.kernel.size}};
    UsableRanges usable = usable_ranges(physical_to_virtual(map.physical_address), map.size, map.descriptor_size,
                                        reserved, 1, kLowMemoryLimit, g_ranges, kMaxRanges);
    g_range_count = usable.count;
    if (usable.truncated)
        serial::write("[kernel] memory map: more usable ranges than the kernel tracks; the smallest are unused\n");
    if (usable.malformed)
        serial::write("[kernel] memory map: malformed descriptors skipped\n");
    if (g_range_count == 0)
        panic("the memory map has no usable RAM above 1 MiB");
    uint64_t usable_bytes = 0;
    for (size_t i = 0; i < g_range_count; ++i) {
        usable_bytes += g_ranges[i].size;
        if (g_ranges[i].size > g_ranges[g_early_range].size)
            g_early_range = i;
    }

    // 2. Page tables, then the switch.
    enable_protection();
    build_kernel_tables(info);
    arch::write_cr3(g_tables.root());
    activate_protection_bits();

    // 3. The heap's first region: contiguous frames through the direct map, big enough for the
    //    frame allocator's bitmaps (one bit per frame) with room to spare.
    uint64_t bitmap_bytes = usable_bytes / kPageSize / 8;
    uint64_t first_region = ((bitmap_bytes * 2 + (256 << 10)) + kPageSize - 1) & ~(kPageSize - 1);
    PhysicalRange& donor = g_ranges[g_early_range];
    if (donor.size < first_region + kPageSize)
        panic("not enough contiguous RAM for the first heap region");
    donor.size -= first_region;
    g_heap.add_region(physical_to_virtual(donor.base + donor.size), first_region);
    g_heap.set_grow(grow_heap, nullptr);

    // 4. The kernel pool: an eighth of what is left (16..256 MiB) goes to the kernel's frame
    //    allocator, the rest to core (PhysMem ranges).
    uint64_t left = 0;
    for (size_t i = 0; i < g_range_count; ++i)
        left += g_ranges[i].size;
    uint64_t budget = left / 8;
    budget = budget < (16ull << 20) ? (16ull << 20) : budget > (256ull << 20) ? (256ull << 20) : budget;
    budget &= ~(kPageSize - 1);
    g_allocator = new (g_allocator_storage) mm::PhysicalAllocator();
    for (size_t i = 0; i < g_range_count; ++i) {
        PhysicalRange range = g_ranges[i];
        uint64_t for_kernel = range.size < budget ? range.size : budget;
        if (for_kernel) {
            if (g_allocator->add_range(range.base, for_kernel).is_error())
                panic("the frame allocator refused a usable range");
            budget -= for_kernel;
        }
        if (range.size > for_kernel)
            g_core_ranges[g_core_range_count++] = {range.base + for_kernel, range.size - for_kernel};
    }
    g_allocator_ready = true;
    // The heap, MMIO and stack windows have their PML4 slots from the start, so address spaces
    // (which copy the kernel half when created) see every mapping made there later.
    if (!g_tables.ensure_top_level(kHeapBase) || !g_tables.ensure_top_level(kMmioBase) ||
        !g_tables.ensure_top_level(kStackBase))
        panic("no frame for the heap's, the MMIO window's or the stack window's page-directory pointer table");
}

uint64_t map_mmio(uint64_t physical, uint64_t size) {
    static uint64_t used;
    uint64_t first = physical & ~(kPageSize - 1);
    uint64_t bytes = ((physical + size + kPageSize - 1) & ~(kPageSize - 1)) - first;
    if (bytes == 0 || used + bytes > kMmioMaximum)
        return 0;
    uint64_t virt_base = kMmioBase + used;
    MapError error = g_tables.map(virt_base, first, bytes, PageSize::Small,
                                  pte::Writable | pte::CacheDisable | pte::WriteThrough | (pte::NoExecute & g_nx_bit));
    if (error != MapError::None)
        return 0;
    used += bytes;
    return virt_base + (physical - first);
}

namespace {

constexpr uint64_t kStackSlotSize = kKernelStackSize + kPageSize; // the guard page, then the stack
uint64_t g_stack_slot_used[kKernelStackSlots / 64];

uint64_t slot_bottom(uint64_t slot) { return kStackBase + slot * kStackSlotSize + kPageSize; }

bool slot_of(uint64_t address, uint64_t& slot) {
    if (address < kStackBase || address >= kStackBase + kKernelStackSlots * kStackSlotSize)
        return false;
    slot = (address - kStackBase) / kStackSlotSize;
    return g_stack_slot_used[slot / 64] & (1ull << (slot % 64));
}

void release_stack_pages(uint64_t bottom, uint64_t pages) {
    for (uint64_t i = 0; i < pages; ++i) {
        Translation translation;
        uint64_t page = bottom + i * kPageSize;
        if (g_tables.translate(page, translation)) {
            g_tables.unmap_small(page);
            arch::invlpg(page);
            (void)g_allocator->free_frame(translation.physical);
        }
    }
}

} // namespace

uint64_t allocate_kernel_stack() {
    for (uint64_t slot = 0; slot < kKernelStackSlots; ++slot) {
        uint64_t& word = g_stack_slot_used[slot / 64];
        if (word & (1ull << (slot % 64)))
            continue;
        uint64_t bottom = slot_bottom(slot);
        for (uint64_t i = 0; i < kKernelStackSize / kPageSize; ++i) {
            auto frame = g_allocator->allocate_frame();
            MapError error = frame.is_error() ? MapError::OutOfMemory
                                              : g_tables.map(bottom + i * kPageSize, frame.value(), kPageSize,
                                                             PageSize::Small, pte::Writable | (pte::NoExecute & g_nx_bit));
            if (error != MapError::None) {
                if (!frame.is_error())
                    (void)g_allocator->free_frame(frame.value());
                release_stack_pages(bottom, i);
                return 0;
            }
        }
        word |= 1ull << (slot % 64);
        return bottom + kKernelStackSize;
    }
    return 0;
}

void free_kernel_stack(uint64_t top) {
    uint64_t slot;
    if (!top || !slot_of(top - 1, slot) || top != slot_bottom(slot) + kKernelStackSize)
        panic("free_kernel_stack: not the top of a kernel stack");
    release_stack_pages(slot_bottom(slot), kKernelStackSize / kPageSize);
    g_stack_slot_used[slot / 64] &= ~(1ull << (slot % 64));
}

bool is_kernel_stack_memory(uint64_t address, uint64_t size) {
    uint64_t slot, last_slot;
    if (size == 0 || address + size < address || !slot_of(address, slot) || !slot_of(address + size - 1, last_slot))
        return false;
    return slot == last_slot && address >= slot_bottom(slot);
}

bool is_kernel_stack_guard(uint64_t address) {
    uint64_t slot;
    return slot_of(address, slot) && address < slot_bottom(slot);
}

CpuProtection cpu_protection() { return g_protection; }

mm::PhysicalAllocator& frame_allocator() { return *g_allocator; }

size_t core_range_count() { return g_core_range_count; }
PhysicalRange core_range(size_t index) {
    return index < g_core_range_count ? g_core_ranges[index] : PhysicalRange{0, 0};
}

uint64_t kernel_page_table_root() { return g_tables.root(); }

HeapStatistics heap_statistics() {
    return {g_heap.total_bytes(), g_heap.free_bytes(), g_heap.free_block_count(), g_heap.bad_free_count(),
            g_heap_window_pages};
}

bool kernel_translate(uint64_t virt_address, uint64_t& physical, uint64_t& flags) {
    Translation translation;
    if (!g_tables.translate(virt_address, translation))
        return false;
    physical = translation.physical;
    flags = translation.flags;
    return true;
}

} // namespace halcyon::baremetal

// core/lib/Memory.h: the kernel heap for everything in core/. Interrupts are off while the
// kernel runs (no preemption yet), which is what makes the unlocked heap safe here.
namespace halcyon {

void* kmalloc(usize size) { return baremetal::g_heap.allocate(size); }
void kfree(void* pointer) { baremetal::g_heap.free(pointer); }

} // namespace halcyon
