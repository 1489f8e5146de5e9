// hal-hosted: user address spaces as MAP_FIXED views of the RAM memfd (the UML approach).
//
// Each space keeps its own "page table" (virtual page -> frame + access). The active space's
// pages are mapped at their guest virtual addresses in this process; activating another space
// unmaps the old views and maps the new ones.

#include "hal/backend.h"

#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <sys/mman.h>
#include <unordered_map>

namespace halcyon::hal {

int hosted_memfd();

namespace {

struct PageEntry {
    u64 phys;
    PageAccess access;
};

struct Space {
    std::map<u64, PageEntry> pages; // keyed by page-aligned virtual address
};

std::mutex s_lock;
std::unordered_map<SpaceId, std::unique_ptr<Space>> s_spaces;
SpaceId s_next_id = 1;
SpaceId s_active = 0;

int to_prot(PageAccess access) {
    int prot = PROT_NONE;
    if (has(access, PageAccess::Read))
        prot |= PROT_READ;
    if (has(access, PageAccess::Write))
        prot |= PROT_READ | PROT_WRITE;
    if (has(access, PageAccess::Execute))
        prot |= PROT_READ | PROT_EXEC;
    return prot;
}

bool host_map(u64 va, u64 phys, usize pages, PageAccess access) {
    void* at = mmap(reinterpret_cast<void*>(va), pages * 4096, to_prot(access), MAP_SHARED | MAP_FIXED,
                    hosted_memfd(), static_cast<off_t>(phys));
    return at != MAP_FAILED;
}

void host_unmap(u64 va, usize pages) { munmap(reinterpret_cast<void*>(va), pages * 4096); }

/// Calls fn(va, phys, count, access) for each run of pages contiguous in va and phys with equal
/// access, so activation costs one mmap per run rather than per page.
template <typename Fn>
void for_each_run(const Space& space, Fn fn) {
    auto it = space.pages.begin();
    while (it != space.pages.end()) {
        u64 va = it->first;
        u64 phys = it->second.phys;
        PageAccess access = it->second.access;
        usize count = 1;
        auto next = std::next(it);
        while (next != space.pages.end() && next->first == va + count * 4096 &&
               next->second.phys == phys + count * 4096 && next->second.access == access) {
            ++count;
            ++next;
        }
        fn(va, phys, count, access);
        it = next;
    }
}

Space* find(SpaceId id) {
    auto it = s_spaces.find(id);
    return it == s_spaces.end() ? nullptr : it->second.get();
}

} // namespace

ErrorOr<SpaceId> Mmu::create_space() {
    std::lock_guard guard(s_lock);
    SpaceId id = s_next_id++;
    s_spaces.emplace(id, std::make_unique<Space>());
    return id;
}

void Mmu::destroy_space(SpaceId id) {
    std::lock_guard guard(s_lock);
    Space* space = find(id);
    if (!space)
        return;
    if (s_active == id) {
        for_each_run(*space, [](u64 va, u64, usize count, PageAccess) { host_unmap(va, count); });
        s_active = 0;
    }
    s_spaces.erase(id);
}

/// Ranges of the user window the host itself needs. Under AddressSanitizer the low shadow sits
/// at [0x7fff8000, 0x8fff7000) on x86-64; mapping guest memory over it would corrupt the
/// sanitizer (the high shadow starts at 0x02008fff7000, above user_highest in such builds).
bool overlaps_host_reserved(u64 va, u64 size) {
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
    constexpr u64 kLowShadow = 0x7fff8000, kLowShadowEnd = 0x8fff7000;
    return va < kLowShadowEnd && va + size > kLowShadow;
#endif
#endif
    (void)va;
    (void)size;
    return false;
}

ErrorOr<void> Mmu::map(SpaceId id, u64 va, u64 phys, usize pages, PageAccess access) {
    std::lock_guard guard(s_lock);
    Space* space = find(id);
    if (!space)
        return Error(status::InvalidParameter, "mmu: no such address space");
    if (va < user_lowest() || va + pages * 4096 > user_highest() || va + pages * 4096 < va)
        return Error(status::InvalidParameter, "mmu: mapping outside the user range");
    if (overlaps_host_reserved(va, pages * 4096))
        return Error(status::ConflictingAddresses, "mmu: the host reserves this range (sanitizer shadow memory)");
    if (s_active == id && !host_map(va, phys, pages, access))
        return Error(status::NoMemory, "mmu: host mmap failed");
    for (usize i = 0; i < pages; ++i)
        space->pages[va + i * 4096] = PageEntry{phys + i * 4096, access};
    return {};
}

void Mmu::unmap(SpaceId id, u64 va, usize pages) {
    std::lock_guard guard(s_lock);
    Space* space = find(id);
    if (!space)
        return;
    for (usize i = 0; i < pages; ++i)
        space->pages.erase(va + i * 4096);
    if (s_active == id)
        host_unmap(va, pages);
}

ErrorOr<void> Mmu::protect(SpaceId id, u64 va, usize pages, PageAccess access) {
    std::lock_guard guard(s_lock);
    Space* space = find(id);
    if (!space)
        return Error(status::InvalidParameter, "mmu: no such address space");
    for (usize i = 0; i < pages; ++i) {
        auto it = space->pages.find(va + i * 4096);
        if (it != space->pages.end())
            it->second.access = access;
    }
    if (s_active == id && mprotect(reinterpret_cast<void*>(va), pages * 4096, to_prot(access)) != 0)
        return Error(status::InvalidParameter, "mmu: host mprotect failed");
    return {};
}

void Mmu::activate(SpaceId id) {
    std::lock_guard guard(s_lock);
    if (s_active == id)
        return;
    if (Space* old_space = find(s_active))
        for_each_run(*old_space, [](u64 va, u64, usize count, PageAccess) { host_unmap(va, count); });
    s_active = 0;
    Space* space = find(id);
    if (!space)
        return;
    for_each_run(*space, [](u64 va, u64 phys, usize count, PageAccess access) {
        if (!host_map(va, phys, count, access))
            fprintf(stderr, "halcyon: mmu: cannot map %#llx (+%zu pages)\n", static_cast<unsigned long long>(va),
                    count);
    });
    s_active = id;
}

} // namespace halcyon::hal
