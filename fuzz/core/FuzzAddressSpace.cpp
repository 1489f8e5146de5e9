// libFuzzer harness for core/mm: drives random NtAllocate/Free/Protect/QueryVirtualMemory, fault
// and user-copy sequences through one AddressSpace over the recording fake backend, and checks
// the invariants after every step:
//   - every frame is either free in the pool or held by exactly one committed page;
//   - the backend maps exactly the committed pages, with the protection the page state says;
//   - NtQueryVirtualMemory results tile [0, user end) with maximal runs;
//   - the backend never saw a contract violation and the pool never saw a bad free.
// The user range is kept small (4 MiB) so that random addresses collide with allocations often.
//
// Built by fuzz/core/CMakeLists.txt: `tools/halcyon fuzz fuzz_address_space` runs it under
// libFuzzer; every other build replays fuzz/core/corpus/address_space/ as a CTest test.

#include "core/mm/AddressSpace.h"
#include "tests/core/mm/FakePageTableBackend.h"
#include "tests/core/mm/KernelHeapForTests.h"

#include <fuzzer/FuzzedDataProvider.h>

#include <cstdio>
#include <cstdlib>
#include <vector>

using namespace halcyon;
using namespace halcyon::mm;

namespace {

constexpr u64 kPhysBase = 0x100'0000;
constexpr u64 kFrameCount = 192;
constexpr u64 kLowest = kDefaultLowestUserAddress;
constexpr u64 kEnd = kLowest + 64 * kAllocationGranularity;

using Space = AddressSpace<test::FakePageTableBackend>;

[[noreturn]] void invariant_failed(const char* what) {
    std::fprintf(stderr, "FuzzAddressSpace: invariant broken: %s\n", what);
    std::abort();
}

#define CHECK_INVARIANT(condition)                                                                           \
    do {                                                                                                     \
        if (!(condition))                                                                                    \
            invariant_failed(#condition);                                                                    \
    } while (0)

constexpr u32 kProtections[] = {
    PAGE_NOACCESS,
    PAGE_READONLY,
    PAGE_READWRITE,
    PAGE_WRITECOPY,
    PAGE_EXECUTE,
    PAGE_EXECUTE_READ,
    PAGE_EXECUTE_READWRITE,
    PAGE_EXECUTE_WRITECOPY,
    PAGE_READWRITE | PAGE_GUARD,
    PAGE_READONLY | PAGE_NOCACHE,
    PAGE_EXECUTE_READ | PAGE_GUARD,
    PAGE_NOACCESS | PAGE_GUARD,
    0,
};

constexpr u32 kAllocationTypes[] = {
    MEM_RESERVE,
    MEM_COMMIT,
    MEM_RESERVE | MEM_COMMIT,
    MEM_RESERVE | MEM_TOP_DOWN,
    MEM_RESERVE | MEM_COMMIT | MEM_TOP_DOWN,
    MEM_RESET,
    MEM_RESET_UNDO,
    MEM_COMMIT | MEM_RESET,
    0,
};

u64 pick_address(FuzzedDataProvider& input) {
    switch (input.ConsumeIntegralInRange<int>(0, 5)) {
    case 0:
        return 0;
    case 1: // An allocation-granular address in (or just around) the range.
        return input.ConsumeIntegralInRange<u64>(0, 66) * kAllocationGranularity;
    case 2: // A page address.
        return kLowest + input.ConsumeIntegralInRange<u64>(0, 64 * 16 + 4) * kPageSize;
    case 3: // Anything in the range, unaligned.
        return input.ConsumeIntegralInRange<u64>(0, kEnd + kPageSize);
    case 4:
        return ~0ull - input.ConsumeIntegralInRange<u64>(0, 0x10000);
    default:
        return input.ConsumeIntegral<u64>();
    }
}

u64 pick_size(FuzzedDataProvider& input) {
    switch (input.ConsumeIntegralInRange<int>(0, 4)) {
    case 0:
        return 0;
    case 1:
        return input.ConsumeIntegralInRange<u64>(1, 4 * kPageSize);
    case 2:
        return input.ConsumeIntegralInRange<u64>(1, 8) * kAllocationGranularity;
    case 3:
        return ~0ull - input.ConsumeIntegralInRange<u64>(0, 0x10000);
    default:
        return input.ConsumeIntegral<u64>();
    }
}

u32 pick_protection(FuzzedDataProvider& input) {
    if (input.ConsumeIntegralInRange<int>(0, 15) == 0)
        return input.ConsumeIntegral<u32>();
    return input.PickValueInArray(kProtections);
}

AccessKind pick_access(FuzzedDataProvider& input) {
    return static_cast<AccessKind>(input.ConsumeIntegralInRange<int>(0, 2));
}

void check_invariants(Space& space, test::FakePageTableBackend& backend, PhysicalAllocator& frames) {
    CHECK_INVARIANT(backend.contract_violations == 0);
    CHECK_INVARIANT(frames.bad_free_count() == 0);
    u64 committed = space.committed_pages();
    CHECK_INVARIANT(frames.free_frames() + committed == frames.total_frames());
    CHECK_INVARIANT(backend.mappings.size() == committed);

    u64 va = 0;
    u64 committed_seen = 0;
    u32 previous_state = 0;
    u32 previous_protect = 0;
    u64 previous_allocation = ~0ull;
    while (va < kEnd) {
        auto result = space.query(va);
        CHECK_INVARIANT(!result.is_error());
        const MemoryBasicInformation& info = result.value();
        CHECK_INVARIANT(info.base_address == va);
        CHECK_INVARIANT(info.region_size > 0 && info.region_size % kPageSize == 0);
        CHECK_INVARIANT(info.region_size <= kEnd - va);
        if (info.state == MEM_FREE) {
            CHECK_INVARIANT(previous_state != MEM_FREE); // Free runs are maximal.
            CHECK_INVARIANT(info.allocation_base == 0 && info.type == 0 && info.protect == PAGE_NOACCESS);
        } else {
            CHECK_INVARIANT(info.allocation_base >= kLowest && info.allocation_base <= va);
            CHECK_INVARIANT(info.allocation_base % kAllocationGranularity == 0);
            CHECK_INVARIANT(info.state == MEM_COMMIT || info.state == MEM_RESERVE);
            if (info.allocation_base == previous_allocation)
                CHECK_INVARIANT(info.state != previous_state || info.protect != previous_protect);
            for (u64 page = va; page < va + info.region_size; page += kPageSize) {
                const auto* mapping = backend.mapping(page);
                if (info.state == MEM_COMMIT) {
                    CHECK_INVARIANT(mapping && mapping->protection == info.protect);
                    CHECK_INVARIANT(frames.is_allocated(mapping->phys));
                } else {
                    CHECK_INVARIANT(!mapping && info.protect == 0);
                }
            }
            if (info.state == MEM_COMMIT)
                committed_seen += info.region_size / kPageSize;
        }
        previous_state = info.state;
        previous_protect = info.protect;
        previous_allocation = info.allocation_base;
        va += info.region_size;
    }
    CHECK_INVARIANT(va == kEnd);
    CHECK_INVARIANT(committed_seen == committed);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const u8* data, size_t size) {
    FuzzedDataProvider input(data, size);
    test::FakePageTableBackend backend(kPhysBase, kFrameCount);
    PhysicalAllocator frames;
    if (frames.add_range(kPhysBase, kFrameCount * kPageSize).is_error())
        invariant_failed("frame pool setup");
    {
        Space space(backend, frames, kLowest, kEnd);
        std::vector<u8> buffer;

        for (int step = 0; step < 64 && input.remaining_bytes() > 0; ++step) {
            // Occasionally make the heap or the backend fail during the next operation.
            switch (input.ConsumeIntegralInRange<int>(0, 15)) {
            case 0:
                test::fail_kmalloc_after(input.ConsumeIntegralInRange<long>(0, 3));
                break;
            case 1:
                backend.map_calls_until_failure = input.ConsumeIntegralInRange<int>(0, 3);
                break;
            default:
                break;
            }

            switch (input.ConsumeIntegralInRange<int>(0, 8)) {
            case 0: {
                u64 base = pick_address(input);
                u64 length = pick_size(input);
                u32 type = input.PickValueInArray(kAllocationTypes);
                u32 protection = pick_protection(input);
                RegionType region_type = input.ConsumeBool() ? RegionType::Private : RegionType::Image;
                (void)space.allocate(base, length, type, protection, region_type);
                break;
            }
            case 1: {
                u64 base = pick_address(input);
                u64 length = input.ConsumeBool() ? 0 : pick_size(input);
                u32 type = input.ConsumeBool()
                               ? MEM_RELEASE
                               : (input.ConsumeBool() ? MEM_DECOMMIT : input.ConsumeIntegral<u32>());
                (void)space.free(base, length, type);
                break;
            }
            case 2: {
                u64 base = pick_address(input);
                u64 length = pick_size(input);
                auto before = space.query(base < kEnd ? base : 0);
                auto result = space.protect(base, length, pick_protection(input));
                // The old protection reported is what query said about the first page.
                if (!result.is_error() && !before.is_error() && base < kEnd)
                    CHECK_INVARIANT(result.value().old_protection == before.value().protect);
                break;
            }
            case 3: {
                u64 va = pick_address(input);
                auto result = space.query(va);
                CHECK_INVARIANT(result.is_error() == (va >= kEnd));
                break;
            }
            case 4: {
                u64 va = pick_address(input);
                auto before = space.query(va < kEnd ? va : 0);
                FaultResult fault = space.handle_fault(va, pick_access(input));
                if (fault.reason == FaultReason::GuardPage) {
                    CHECK_INVARIANT(!before.is_error() && (before.value().protect & PAGE_GUARD));
                    CHECK_INVARIANT(!(space.query(va).value().protect & PAGE_GUARD));
                }
                CHECK_INVARIANT(fault.is_resolved() == (fault.exception != status::AccessViolation));
                break;
            }
            case 5: {
                u64 va = pick_address(input);
                u64 length = input.ConsumeIntegralInRange<u64>(0, 3 * kPageSize);
                AccessKind access = pick_access(input);
                auto checked = space.check_user_range(va, length, access);
                // A range that passed the check must not fault for that access.
                if (!checked.is_error() && length > 0) {
                    for (u64 page = align_down(va, kPageSize); page < va + length; page += kPageSize) {
                        FaultResult fault = space.handle_fault(page, access);
                        CHECK_INVARIANT(fault.reason == FaultReason::Spurious);
                    }
                }
                break;
            }
            case 6: {
                u64 va = pick_address(input);
                buffer.resize(input.ConsumeIntegralInRange<size_t>(0, 2 * kPageSize));
                for (auto& byte : buffer)
                    byte = static_cast<u8>(step);
                auto written = space.write(va, ReadonlyBytes(buffer.data(), buffer.size()));
                if (!written.is_error()) {
                    std::vector<u8> back(buffer.size(), 0xFF);
                    CHECK_INVARIANT(!space.read(va, Bytes(back.data(), back.size())).is_error());
                    CHECK_INVARIANT(back == buffer);
                }
                break;
            }
            case 7:
                (void)space.unmap_view(pick_address(input));
                break;
            case 8:
                if (input.ConsumeIntegralInRange<int>(0, 7) == 0)
                    space.release_all();
                break;
            }

            test::stop_failing_kmalloc();
            backend.map_calls_until_failure = -1;
            check_invariants(space, backend, frames);
        }
    }
    // Teardown returns everything.
    CHECK_INVARIANT(frames.free_frames() == frames.total_frames());
    CHECK_INVARIANT(backend.mappings.empty());
    CHECK_INVARIANT(frames.bad_free_count() == 0);
    return 0;
}
