#include "SelfTest.h"

#include "core/lib/Memory.h"
#include "core/mm/PhysicalAllocator.h"

#include "Arch.h"
#include "Interrupts.h"
#include "KernelMemory.h"
#include "PageTableBuilder.h"
#include "Serial.h"

extern "C" {
void probe_store(uint64_t* address, uint64_t value);
uint64_t probe_load(const uint64_t* address);
void probe_call(const void* target);
extern char probe_store_fault[], probe_store_resume[], probe_load_fault[], probe_load_resume[], probe_call_resume[];
extern const char __text_start[], __rodata_start[], __boot_stack_guard[];
}

namespace halcyon::baremetal {

namespace {

// A read-only kernel object the self-test tries to write to.
const uint64_t g_read_only_word = 0x524541444f4e4c59ull; // "READONLY"
// A data-section byte the self-test tries to execute (ret; never runs when NX works).
uint8_t g_data_code[16] = {0xc3};

bool check(bool condition, const char* what) {
    if (!condition) {
        serial::write("[selftest] FAILED: ");
        serial::write(what);
        serial::write("\n");
    }
    return condition;
}

uint64_t address(const void* pointer) { return reinterpret_cast<uint64_t>(pointer); }

/// Runs `probe` expecting a #PF at [fault_begin, fault_end) with the given error-code bits set.
template <typename Probe>
bool expect_page_fault(const char* what, uint64_t fault_begin, uint64_t fault_end, uint64_t resume,
                       uint64_t fault_address, uint64_t error_bits, Probe probe) {
    FaultProbe expected{fault_begin, fault_end, resume, 14, false, 0, 0};
    arm_fault_probe(&expected);
    probe();
    disarm_fault_probe();
    serial::write("[selftest] ");
    serial::write(what);
    if (!expected.hit) {
        serial::write(": no fault\n");
        return false;
    }
    serial::write(": #PF error code ");
    serial::write_hex_short(expected.error_code);
    serial::write(" at ");
    serial::write_hex(expected.address);
    serial::write("\n");
    return check((expected.error_code & error_bits) == error_bits && expected.address == fault_address,
                 "the page fault had the wrong error code or address");
}

bool test_frames() {
    auto& frames = frame_allocator();
    uint64_t free_before = frames.free_frames();
    constexpr int kCount = 64;
    uint64_t taken[kCount];
    bool ok = true;
    for (int i = 0; i < kCount && ok; ++i) {
        auto frame = frames.allocate_frame();
        ok = check(!frame.is_error(), "allocate_frame failed");
        if (!ok)
            break;
        taken[i] = frame.value();
        ok = check((taken[i] & (kPageSize - 1)) == 0, "frame not page aligned");
        for (int j = 0; j < i && ok; ++j)
            ok = check(taken[j] != taken[i], "the same frame handed out twice");
        // Each frame is reachable through the direct map and holds what was written.
        auto* words = reinterpret_cast<uint64_t*>(physical_to_virtual(taken[i]));
        words[0] = taken[i] ^ 0x5a5a5a5a5a5a5a5aull;
        words[511] = ~taken[i];
    }
    for (int i = 0; i < kCount && ok; ++i) {
        auto* words = reinterpret_cast<uint64_t*>(physical_to_virtual(taken[i]));
        ok = check(words[0] == (taken[i] ^ 0x5a5a5a5a5a5a5a5aull) && words[511] == ~taken[i],
                   "frame contents changed");
    }
    if (!ok)
        return false;
    ok = check(frames.free_frames() == free_before - kCount, "free frame count after allocating");
    for (int i = 0; i < kCount; ++i)
        ok = check(!frames.free_frame(taken[i]).is_error(), "free_frame refused a frame it handed out") && ok;
    ok = check(frames.free_frames() == free_before, "free frame count after freeing") && ok;
    ok = check(frames.free_frame(taken[0]).is_error(), "a double free was accepted") && ok;
    serial::write("[selftest] frames: 64 allocated, written through the direct map, freed; ");
    serial::write_decimal(frames.free_frames());
    serial::write(" of ");
    serial::write_decimal(frames.total_frames());
    serial::write(" free\n");
    return ok;
}

bool test_heap() {
    HeapStatistics before = heap_statistics();
    constexpr int kCount = 48;
    uint8_t* blocks[kCount];
    size_t sizes[kCount];
    bool ok = true;
    for (int i = 0; i < kCount && ok; ++i) {
        sizes[i] = 1 + (static_cast<size_t>(i) * 977) % 6000;
        blocks[i] = static_cast<uint8_t*>(kmalloc(sizes[i]));
        ok = check(blocks[i] != nullptr, "kmalloc failed") && check(address(blocks[i]) % 16 == 0, "kmalloc alignment");
        if (ok)
            __builtin_memset(blocks[i], i, sizes[i]);
    }
    for (int i = 0; i < kCount && ok; ++i)
        for (size_t j = 0; j < sizes[i] && ok; ++j)
            ok = check(blocks[i][j] == static_cast<uint8_t>(i), "heap block overwritten by a neighbour");
    if (!ok)
        return false;
    // Free the odd blocks first, then the even ones: merging must give every byte back.
    for (int i = 1; i < kCount; i += 2)
        kfree(blocks[i]);
    for (int i = 0; i < kCount; i += 2)
        kfree(blocks[i]);

    // A block larger than the first region: the heap grows into its virtual window.
    size_t big = 2u << 20;
    auto* large = static_cast<uint64_t*>(kmalloc(big));
    ok = check(large != nullptr, "a 2 MiB kmalloc failed (heap growth)");
    if (ok) {
        for (size_t i = 0; i < big / 8; i += 512)
            large[i] = i;
        for (size_t i = 0; i < big / 8 && ok; i += 512)
            ok = check(large[i] == i, "grown heap memory does not hold its contents");
        ok = check(address(large) >= kHeapBase && address(large) < kHeapBase + kHeapMaximum,
                   "the grown block is outside the heap window") && ok;
        kfree(large);
    }
    HeapStatistics after = heap_statistics();
    ok = check(after.total_bytes - after.free_bytes == before.total_bytes - before.free_bytes,
               "heap bytes in use differ after freeing everything") && ok;
    kfree(blocks[0]); // a double free: refused and counted, not corrupting
    ok = check(heap_statistics().bad_frees == before.bad_frees + 1, "a double kfree was not refused") && ok;
    serial::write("[selftest] heap: 48 blocks of 1..6000 bytes and one of 2 MiB allocated and freed; ");
    serial::write_decimal(after.total_bytes >> 10);
    serial::write(" KiB in the heap (");
    serial::write_decimal(after.window_pages);
    serial::write(" pages mapped in its window), ");
    serial::write_decimal(after.free_blocks);
    serial::write(" free blocks\n");
    return ok;
}

bool test_protection() {
    bool ok = true;
    constexpr uint64_t kPresent = 1, kWrite = 2, kFetch = 16;
    auto* read_only = const_cast<uint64_t*>(&g_read_only_word);
    ok = expect_page_fault("write to kernel rodata", address(probe_store_fault), address(probe_store_resume),
                           address(probe_store_resume), address(read_only), kPresent | kWrite,
                           [&] { probe_store(read_only, 1); }) && ok;
    ok = check(g_read_only_word == 0x524541444f4e4c59ull, "the read-only word changed") && ok;
    auto* text = reinterpret_cast<uint64_t*>(const_cast<char*>(__text_start));
    ok = expect_page_fault("write to kernel text", address(probe_store_fault), address(probe_store_resume),
                           address(probe_store_resume), address(text), kPresent | kWrite,
                           [&] { probe_store(text, 0); }) && ok;
    auto* guard = reinterpret_cast<const uint64_t*>(__boot_stack_guard);
    ok = expect_page_fault("read of the boot stack guard page", address(probe_load_fault), address(probe_load_resume),
                           address(probe_load_resume), address(guard), 0, [&] { (void)probe_load(guard); }) && ok;
    auto* null_page = reinterpret_cast<const uint64_t*>(0x10);
    ok = expect_page_fault("read of a null pointer", address(probe_load_fault), address(probe_load_resume),
                           address(probe_load_resume), 0x10, 0, [&] { (void)probe_load(null_page); }) && ok;
    if (cpu_protection().nx) {
        ok = expect_page_fault("execute from kernel data (NX)", address(g_data_code), address(g_data_code) + 1,
                               address(probe_call_resume), address(g_data_code), kPresent | kFetch,
                               [&] { probe_call(g_data_code); }) && ok;
        uint64_t physical, flags;
        ok = check(kernel_translate(address(__rodata_start), physical, flags) && (flags & pte::NoExecute) &&
                       !(flags & pte::Writable),
                   "rodata is not mapped read-only and NX") && ok;
    }
    uint64_t physical, flags;
    ok = check(kernel_translate(address(__text_start), physical, flags) && !(flags & pte::NoExecute) &&
                   !(flags & pte::Writable),
               "text is not mapped read+execute") && ok;
    return ok;
}

} // namespace

bool run_memory_self_test() {
    bool frames = test_frames();
    bool heap = test_heap();
    bool protection = test_protection();
    return frames && heap && protection;
}

} // namespace halcyon::baremetal
