#pragma once

// A PageTableBackend for tests and fuzzers: "physical memory" is a host buffer, and every
// mapping is recorded per page so tests can check exactly what the address space asked for.
// Contract violations (mapping over a mapping, protecting an unmapped page, touching frames
// outside the buffer) are counted in `contract_violations` rather than asserted, so the same
// fake serves GoogleTest and libFuzzer.

#include "core/mm/PageTableBackend.h"
#include "core/mm/VmTypes.h"

#include <cstring>
#include <map>
#include <vector>

namespace halcyon::test {

class FakePageTableBackend {
public:
    struct Mapping {
        u64 phys;
        u32 protection;
    };

    /// Backs `frame_count` frames of physical memory starting at `phys_base`.
    FakePageTableBackend(u64 phys_base, u64 frame_count)
        : m_phys_base(phys_base), m_memory(frame_count * mm::kPageSize, 0xCC) {}

    ErrorOr<void> map(u64 va, u64 phys, u64 page_count, u32 protection) {
        ++map_calls;
        if (map_calls_until_failure == 0) {
            map_calls_until_failure = -1;
            return Error(status::NoMemory, "injected page-table allocation failure");
        }
        if (map_calls_until_failure > 0)
            --map_calls_until_failure;
        for (u64 i = 0; i < page_count; ++i) {
            u64 page = va + i * mm::kPageSize;
            if (!is_page_aligned(page) || mappings.count(page) || !holds(phys + i * mm::kPageSize))
                ++contract_violations;
            mappings[page] = Mapping{phys + i * mm::kPageSize, protection};
        }
        return {};
    }

    void unmap(u64 va, u64 page_count) {
        ++unmap_calls;
        for (u64 i = 0; i < page_count; ++i)
            mappings.erase(va + i * mm::kPageSize);
    }

    void protect(u64 va, u64 page_count, u32 protection) {
        ++protect_calls;
        for (u64 i = 0; i < page_count; ++i) {
            auto it = mappings.find(va + i * mm::kPageSize);
            if (it == mappings.end()) {
                ++contract_violations;
                continue;
            }
            it->second.protection = protection;
        }
    }

    void zero_frame(u64 phys) {
        if (!holds(phys)) {
            ++contract_violations;
            return;
        }
        std::memset(phys_to_virt(phys), 0, mm::kPageSize);
    }

    u8* phys_to_virt(u64 phys) {
        if (!holds(phys)) {
            ++contract_violations;
            return m_scratch;
        }
        return m_memory.data() + (phys - m_phys_base);
    }

    bool holds(u64 phys) const { return phys >= m_phys_base && phys - m_phys_base < m_memory.size(); }
    static bool is_page_aligned(u64 value) { return value % mm::kPageSize == 0; }

    /// The recorded mapping of the page containing `va`, or null.
    const Mapping* mapping(u64 va) const {
        auto it = mappings.find(va - va % mm::kPageSize);
        return it == mappings.end() ? nullptr : &it->second;
    }

    std::map<u64, Mapping> mappings;
    u64 map_calls{0};
    u64 unmap_calls{0};
    u64 protect_calls{0};
    u64 contract_violations{0};
    /// When >= 0: that many more map() calls succeed, the next one fails, then all succeed again.
    int map_calls_until_failure{-1};

private:
    u64 m_phys_base;
    std::vector<u8> m_memory;
    u8 m_scratch[mm::kPageSize]{};
};

static_assert(mm::PageTableBackend<FakePageTableBackend>);

} // namespace halcyon::test
