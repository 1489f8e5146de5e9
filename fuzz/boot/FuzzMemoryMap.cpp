// The kernel's memory-map reduction (MemoryMap.h) over arbitrary firmware data: the first byte
// picks the descriptor stride, the next 16 a reserved range; the result must be sorted,
// disjoint, page-aligned, above 1 MiB, inside usable descriptors and clear of the reserved range.

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "MemoryMap.h"

using namespace halcyon::baremetal;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 17)
        return 0;
    uint64_t stride = 40 + (data[0] % 32);
    PhysicalRange reserved;
    memcpy(&reserved.base, data + 1, 8);
    memcpy(&reserved.size, data + 9, 8);
    reserved.size %= (1ull << 36);
    data += 17;
    size -= 17;
    PhysicalRange out[8];
    UsableRanges result = usable_ranges(data, size, stride, &reserved, 1, 1u << 20, out, 8);
    if (result.count > 8)
        abort();
    for (size_t i = 0; i < result.count; ++i) {
        const PhysicalRange& range = out[i];
        if (range.size == 0 || (range.base | range.size) % kPageSize || range.base < (1u << 20) ||
            range.base + range.size < range.base)
            abort();
        if (i > 0 && out[i - 1].base + out[i - 1].size > range.base)
            abort();
        uint64_t reserved_end = reserved.base + reserved.size < reserved.base ? ~0ull : reserved.base + reserved.size;
        if (reserved.size && range.base < reserved_end && reserved.base < range.base + range.size)
            abort();
    }
    (void)highest_physical_address(data, size, stride);
    return 0;
}
