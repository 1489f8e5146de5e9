#pragma once

// A process's user address space with Windows semantics: allocations reserved at 64 KiB
// granularity, pages committed and decommitted one by one inside them, PAGE_* protections with
// guard pages and copy-on-write, and the NtAllocate/Free/Protect/QueryVirtualMemory rules.
//
// The class is a template over the page-table backend (see PageTableBackend.h for the contract
// and for why it is a concept and not a virtual interface) and over the lock type. Everything that
// does not touch the backend lives in non-template code: argument rules in AddressSpace.cpp,
// allocations and MEMORY_BASIC_INFORMATION in RegionMap, per-page state in PageStateTable, PAGE_*
// rules in Protection. What remains here is the sequencing of frames and mappings, including
// rollback when a commit fails half-way, so that every failure leaves the address space, the frame
// pool and the backend exactly as they were.
//
// Locking: one lock per address space, held for the whole of every public operation, including
// the backend calls. The PhysicalAllocator has its own lock and is always taken inside this one.

#include "core/lib/ErrorOr.h"
#include "core/lib/Span.h"
#include "core/lib/Spinlock.h"
#include "core/mm/PageTableBackend.h"
#include "core/mm/PhysicalAllocator.h"
#include "core/mm/Protection.h"
#include "core/mm/RegionMap.h"
#include "core/mm/VmTypes.h"

namespace halcyon::mm {

namespace vm_rules {

/// The user range of an address space: [lowest, end), both 64 KiB aligned.
struct UserBounds {
    u64 lowest;
    u64 end;
};

/// NtAllocateVirtualMemory's AllocationType: known bits only, MEM_COMMIT and/or MEM_RESERVE, or a
/// lone MEM_RESET / MEM_RESET_UNDO. Unimplemented features are NotSupported, not silently ignored.
ErrorOr<void> validate_allocation_type(u32 allocation_type);

/// The pages covering [base, base+size): base rounded down and end rounded up to 4 KiB. Zero size,
/// wrap-around and anything outside `bounds` are InvalidParameter.
ErrorOr<VirtualRange> page_range(u64 base, u64 size, UserBounds bounds);

/// A reservation at an explicit address: base rounded down to 64 KiB, end rounded up to 4 KiB
/// (from the caller's unrounded base, as Windows does).
ErrorOr<VirtualRange> reservation_range(u64 base, u64 size, UserBounds bounds);

/// The page-rounded size of a reservation whose address the kernel chooses.
ErrorOr<u64> reservation_size(u64 size, UserBounds bounds);

} // namespace vm_rules

template <PageTableBackend Backend, typename Lock = Spinlock>
class AddressSpace {
public:
    /// `lowest_user_address` and `user_address_end` bound every allocation: [lowest, end). Both are
    /// rounded inward to 64 KiB. The hosted kernel passes a smaller end (below the host's own
    /// mappings); bare metal keeps the Windows default.
    AddressSpace(Backend& backend, PhysicalAllocator& frames,
                 u64 lowest_user_address = kDefaultLowestUserAddress,
                 u64 user_address_end = kDefaultUserAddressEnd)
        : m_backend(backend), m_frames(frames) {
        m_bounds.lowest =
            max<u64>(align_up(lowest_user_address, kAllocationGranularity), kAllocationGranularity);
        m_bounds.end = align_down(user_address_end, kAllocationGranularity);
        if (m_bounds.end < m_bounds.lowest)
            m_bounds.end = m_bounds.lowest; // An empty space: every allocation fails cleanly.
    }
    AddressSpace(const AddressSpace&) = delete;
    AddressSpace& operator=(const AddressSpace&) = delete;
    ~AddressSpace() { release_all(); }

    /// NtAllocateVirtualMemory. With MEM_RESERVE (or a zero base) creates an allocation: at `base`
    /// rounded down to 64 KiB, or, for a zero base, wherever `size` fits (highest first with
    /// MEM_TOP_DOWN). With MEM_COMMIT commits the pages covering [base, base+size), which must lie in
    /// one allocation of the same `type` unless the allocation is made by this call; pages already
    /// committed keep their contents and take the new protection. MEM_RESET / MEM_RESET_UNDO are
    /// accepted as the hints they are (contents are kept, which Windows permits). Returns the range
    /// actually affected. `type` lets the kernel's image mapper create MEM_IMAGE allocations; the
    /// system call always passes Private.
    ErrorOr<VirtualRange> allocate(u64 base, u64 size, u32 allocation_type, u32 protection,
                                   RegionType type = RegionType::Private) {
        TRY(vm_rules::validate_allocation_type(allocation_type));
        if (size == 0)
            return Error(status::InvalidParameter, "zero-sized allocation");
        TRY(validate_protection(protection, type));
        LockGuard guard(m_lock);
        if (allocation_type & (MEM_RESET | MEM_RESET_UNDO))
            return reset_locked(base, size);
        if (base == 0 || (allocation_type & MEM_RESERVE))
            return reserve_locked(base, size, allocation_type, protection, type);
        VirtualRange range = TRY(vm_rules::page_range(base, size, m_bounds));
        Region* region = m_regions.find(range.base);
        if (!region || range.end() > region->end() || region->type != type)
            return Error(status::ConflictingAddresses, "commit outside a single reservation");
        TRY(commit_locked(*region, region->page_index(range.base), range.size / kPageSize, protection));
        return range;
    }

    /// NtFreeVirtualMemory. MEM_RELEASE takes the allocation base (any address in its first page)
    /// and size 0 and removes the whole allocation. MEM_DECOMMIT decommits the pages covering
    /// [base, base+size) inside one allocation; size 0 means up to the end of the allocation.
    /// Decommitting pages that are only reserved is allowed. Views (image, mapped) are removed with
    /// unmap_view instead.
    ErrorOr<VirtualRange> free(u64 base, u64 size, u32 free_type) {
        if (free_type != MEM_RELEASE && free_type != MEM_DECOMMIT)
            return Error(status::InvalidParameter, "free type must be exactly MEM_RELEASE or MEM_DECOMMIT");
        if (base < m_bounds.lowest || base >= m_bounds.end)
            return Error(status::InvalidParameter, "address outside the user address space");
        if (free_type == MEM_RELEASE && size != 0)
            return Error(status::InvalidParameter, "MEM_RELEASE needs size 0");
        LockGuard guard(m_lock);
        Region* region = m_regions.find(align_down(base, kPageSize));
        if (!region)
            return Error(status::MemoryNotAllocated, "no allocation at this address");
        if (region->type != RegionType::Private)
            return Error(status::UnableToFreeVm, "views are removed with NtUnmapViewOfSection");
        if (free_type == MEM_RELEASE) {
            if (align_down(base, kPageSize) != region->base)
                return Error(mm_status::FreeVmNotAtBase, "MEM_RELEASE needs the allocation base");
            VirtualRange range{region->base, region->size};
            release_region_locked(region);
            return range;
        }
        VirtualRange range;
        if (size == 0) {
            range.base = align_down(base, kPageSize);
            range.size = region->end() - range.base;
        } else {
            range = TRY(vm_rules::page_range(base, size, m_bounds));
            if (range.end() > region->end())
                return Error(status::UnableToFreeVm, "decommit range crosses the end of the allocation");
        }
        decommit_locked(*region, region->page_index(range.base), range.size / kPageSize);
        return range;
    }

    /// NtMapViewOfSection for a data section: maps `frames`, which stay the caller's, as a new
    /// MEM_MAPPED allocation at `base` (rounded down to 64 KiB) or, for a zero base, wherever it
    /// fits. Every page is committed with `protection`; unmap_view unmaps them and leaves the
    /// frames alone, and then tells `owner`. Copy-on-write protections are refused: a private copy
    /// of a shared frame is not implemented.
    ErrorOr<VirtualRange> map_frames(u64 base, Span<const u64> frames, u32 protection, ViewOwner owner) {
        if (frames.is_empty())
            return Error(status::InvalidParameter, "empty view");
        TRY(validate_protection(protection, RegionType::Mapped));
        if (is_copy_on_write(protection))
            return Error(status::NotImplemented, "copy-on-write views of data sections");
        LockGuard guard(m_lock);
        VirtualRange range =
            TRY(reserve_locked(base, frames.size() * kPageSize, MEM_RESERVE, protection, RegionType::Mapped));
        Region* region = m_regions.find(range.base);
        if (auto storage = region->pages.reserve_storage(0, frames.size()); storage.is_error()) {
            m_regions.destroy(region);
            return storage.release_error();
        }
        for (u64 i = 0; i < frames.size(); ++i) {
            if (auto mapped = m_backend.map(region->page_address(i), frames[i], 1, protection); mapped.is_error()) {
                m_backend.unmap(region->base, i + 1);
                for (u64 j = 0; j < i; ++j)
                    region->pages.set(j, PageState{});
                region->pages.prune();
                m_regions.destroy(region);
                return mapped.release_error();
            }
            region->pages.set(i, PageState::committed(frames[i], protection).with_borrowed(true));
        }
        region->view_owner = owner;
        return range;
    }

    /// The data-section view containing `va`: its allocation and its owner, with a reference
    /// taken for the caller (release it with owner.on_release). NotMappedView when `va` is not in
    /// a view of a data section.
    struct MappedView {
        VirtualRange range;
        ViewOwner owner;
    };
    ErrorOr<MappedView> query_view(u64 va) const {
        LockGuard guard(m_lock);
        Region* region = m_regions.find(va);
        if (!region || region->type != RegionType::Mapped || !region->view_owner.on_release)
            return Error(status::NotMappedView, "no data-section view at this address");
        if (region->view_owner.on_acquire)
            region->view_owner.on_acquire(region->view_owner.context);
        return MappedView{VirtualRange{region->base, region->size}, region->view_owner};
    }

    /// NtUnmapViewOfSection for the image and mapped allocations the kernel created: removes the
    /// view containing `va`. NotMappedView for private memory or free addresses.
    ErrorOr<void> unmap_view(u64 va) {
        LockGuard guard(m_lock);
        Region* region = m_regions.find(va);
        if (!region || region->type == RegionType::Private)
            return Error(status::NotMappedView, "no view at this address");
        release_region_locked(region);
        return {};
    }

    /// NtProtectVirtualMemory. Every page covering [base, base+size) must be committed and in one
    /// allocation. Returns the previous protection of the first page (PAGE_GUARD included) and the
    /// page range changed.
    ErrorOr<ProtectResult> protect(u64 base, u64 size, u32 new_protection) {
        // Check the protection's shape before anything else, as Windows does; whether WRITECOPY
        // is allowed depends on the allocation and is checked again below.
        TRY(validate_protection(new_protection, RegionType::Image));
        VirtualRange range = TRY(vm_rules::page_range(base, size, m_bounds));
        LockGuard guard(m_lock);
        Region* region = m_regions.find(range.base);
        if (!region || range.end() > region->end())
            return Error(status::ConflictingAddresses, "range is not inside one allocation");
        TRY(validate_protection(new_protection, region->type));
        u64 first = region->page_index(range.base);
        u64 count = range.size / kPageSize;
        if (region->pages.run_length(first, first + count) != count ||
            !region->pages.get(first).is_committed()) {
            // Runs of equal attributes are a cheap first test; mixed protections still need a walk.
            for (u64 i = first; i < first + count; ++i) {
                if (!region->pages.get(i).is_committed())
                    return Error(mm_status::NotCommitted, "protection change on uncommitted pages");
            }
        }
        u32 old_protection = region->pages.get(first).protection();
        for (u64 i = first; i < first + count; ++i)
            region->pages.set(i, region->pages.get(i).with_protection(new_protection));
        m_backend.protect(range.base, count, new_protection);
        return ProtectResult{old_protection, range};
    }

    /// NtQueryVirtualMemory(MemoryBasicInformation) for `va`. Any address below the end of the user
    /// range can be queried; free memory is described up to the next allocation.
    ErrorOr<MemoryBasicInformation> query(u64 va) const {
        if (va >= m_bounds.end)
            return Error(status::InvalidParameter, "address above the user address space");
        LockGuard guard(m_lock);
        return m_regions.describe(va, m_bounds.end);
    }

    /// Copies `data` into this address space at `va` through the phys-to-virt window, regardless of
    /// page protection (the kernel populating an image or a new process). AccessViolation, with
    /// nothing written, unless every page touched is committed.
    ErrorOr<void> write(u64 va, ReadonlyBytes data) {
        LockGuard guard(m_lock);
        TRY(check_committed_locked(va, data.size()));
        copy_locked(va, const_cast<u8*>(data.data()), data.size(), CopyDirection::ToAddressSpace);
        return {};
    }

    /// Copies from this address space at `va` into `buffer`; the same rules as write().
    ErrorOr<void> read(u64 va, Bytes buffer) const {
        LockGuard guard(m_lock);
        TRY(check_committed_locked(va, buffer.size()));
        copy_locked(va, buffer.data(), buffer.size(), CopyDirection::FromAddressSpace);
        return {};
    }

    /// The page-fault handler's question: what to do about an `access` fault at `va`. A guard page
    /// loses its guard bit and the thread gets STATUS_GUARD_PAGE_VIOLATION once; a write to a
    /// copy-on-write page makes it writable; an access the page already permits is spurious and is
    /// simply retried; everything else is an access violation, with the reason.
    FaultResult handle_fault(u64 va, AccessKind access) {
        if (va < m_bounds.lowest || va >= m_bounds.end)
            return violation(FaultReason::OutsideUserRange);
        LockGuard guard(m_lock);
        Region* region = m_regions.find(va);
        if (!region)
            return violation(FaultReason::NotAllocated);
        u64 index = region->page_index(va);
        PageState state = region->pages.get(index);
        if (!state.is_committed())
            return violation(FaultReason::NotCommitted);
        u32 protection = state.protection();
        if (protection & PAGE_GUARD) {
            set_page_protection_locked(*region, index, protection & ~PAGE_GUARD);
            return FaultResult{FaultResult::Kind::Resolved, FaultReason::GuardPage,
                               status::GuardPageViolation};
        }
        if (!protection_allows(protection, access)) {
            if ((protection & kPageAccessMask) == PAGE_NOACCESS)
                return violation(FaultReason::NoAccess);
            return violation(access == AccessKind::Execute ? FaultReason::ExecuteNonExecutable
                                                           : FaultReason::WriteToReadOnly);
        }
        if (access == AccessKind::Write && is_copy_on_write(protection)) {
            // FIXME: once sections share frames between processes, copy the frame here first. Today
            // every frame is private to its address space (the image mapper copies), so breaking
            // the copy is only the protection change Windows reports afterwards.
            set_page_protection_locked(*region, index, protection_after_copy(protection));
            return FaultResult{FaultResult::Kind::Resolved, FaultReason::CopyOnWrite, status::Success};
        }
        return FaultResult{FaultResult::Kind::Resolved, FaultReason::Spurious, status::Success};
    }

    /// Validation for copy_from_user / copy_to_user: succeeds iff every page covering
    /// [va, va+size) is committed, not a guard page, and permits `access`. A write check breaks
    /// copy-on-write on the pages it covers, as the user's own write would, so the copy that follows
    /// cannot fault. Size 0 always succeeds (ProbeForRead/ProbeForWrite do the same).
    ErrorOr<void> check_user_range(u64 va, usize size, AccessKind access) {
        if (size == 0)
            return {};
        u64 end;
        if (!checked_add<u64>(va, size, end) || va < m_bounds.lowest || end > m_bounds.end)
            return Error(status::AccessViolation, "user range outside the user address space");
        LockGuard guard(m_lock);
        bool needs_copy = false;
        TRY(for_each_page_locked(va, end, [&](Region& region, u64 index) -> ErrorOr<void> {
            PageState state = region.pages.get(index);
            if (!state.is_committed() || (state.protection() & PAGE_GUARD) ||
                !protection_allows(state.protection(), access))
                return Error(status::AccessViolation, "user range not accessible");
            needs_copy |= access == AccessKind::Write && is_copy_on_write(state.protection());
            return {};
        }));
        if (needs_copy) {
            (void)for_each_page_locked(va, end, [&](Region& region, u64 index) -> ErrorOr<void> {
                u32 protection = region.pages.get(index).protection();
                if (is_copy_on_write(protection))
                    set_page_protection_locked(region, index, protection_after_copy(protection));
                return {};
            });
        }
        return {};
    }

    /// Releases every allocation and returns every frame. The destructor calls it; process
    /// teardown may call it earlier.
    void release_all() {
        LockGuard guard(m_lock);
        while (m_regions.size() > 0)
            release_region_locked(&m_regions.at(m_regions.size() - 1));
    }

    /// Pages committed across all allocations (equals the frames this space holds).
    u64 committed_pages() const {
        LockGuard guard(m_lock);
        u64 total = 0;
        for (usize i = 0; i < m_regions.size(); ++i)
            total += m_regions.at(i).pages.committed_count();
        return total;
    }

    usize allocation_count() const {
        LockGuard guard(m_lock);
        return m_regions.size();
    }

    u64 lowest_user_address() const { return m_bounds.lowest; }
    u64 user_address_end() const { return m_bounds.end; }

private:
    enum class CopyDirection { ToAddressSpace, FromAddressSpace };

    static FaultResult violation(FaultReason reason) {
        return FaultResult{FaultResult::Kind::AccessViolation, reason, status::AccessViolation};
    }

    ErrorOr<VirtualRange> reserve_locked(u64 base, u64 size, u32 allocation_type, u32 protection,
                                         RegionType type) {
        VirtualRange range;
        if (base == 0) {
            range.size = TRY(vm_rules::reservation_size(size, m_bounds));
            range.base = TRY(m_regions.find_free(range.size, allocation_type & MEM_TOP_DOWN, m_bounds.lowest,
                                                 m_bounds.end));
        } else {
            range = TRY(vm_rules::reservation_range(base, size, m_bounds));
            if (!m_regions.is_free(range.base, range.end()))
                return Error(status::ConflictingAddresses, "range overlaps an existing allocation");
        }
        Region* region = TRY(m_regions.create(range.base, range.size, protection, type));
        if (allocation_type & MEM_COMMIT) {
            auto committed = commit_locked(*region, 0, region->page_count(), protection);
            if (committed.is_error()) {
                m_regions.destroy(region);
                return committed.release_error();
            }
        }
        return range;
    }

    ErrorOr<VirtualRange> reset_locked(u64 base, u64 size) {
        // MEM_RESET says the contents are no longer interesting; keeping them is a valid
        // implementation. The range must still name committed-or-reserved pages of one allocation.
        VirtualRange range = TRY(vm_rules::page_range(base, size, m_bounds));
        Region* region = m_regions.find(range.base);
        if (!region || range.end() > region->end())
            return Error(status::ConflictingAddresses, "MEM_RESET outside a single allocation");
        return range;
    }

    /// Commits pages [first, first+count) of `region` with `protection`. New pages get a zeroed
    /// frame; committed pages keep theirs and take the new protection. On failure nothing changed.
    ErrorOr<void> commit_locked(Region& region, u64 first, u64 count, u32 protection) {
        // Refuse early when the pool cannot possibly cover the new pages. This is what keeps the
        // per-page loops below bounded by physical memory even for a terabyte-sized request; the
        // rollback still handles another address space taking the frames meanwhile.
        u64 new_pages = count - region.pages.count_committed(first, count);
        if (new_pages > m_frames.free_frames())
            return Error(status::NoMemory, "not enough free frames to commit");
        if (auto storage = region.pages.reserve_storage(first, count); storage.is_error()) {
            region.pages.prune();
            return storage;
        }

        // Pass 1: give every new page a frame and map it, in runs of contiguous frames. Pages
        // touched here carry the pending bit until the whole commit is known to succeed.
        u64 run_va = 0;
        u64 run_phys = 0;
        u64 run_pages = 0;
        for (u64 i = first; i < first + count; ++i) {
            if (region.pages.get(i).is_committed())
                continue;
            auto frame = m_frames.allocate_frame();
            if (frame.is_error())
                return roll_back_commit_locked(region, first, count, frame.release_error());
            m_backend.zero_frame(frame.value());
            region.pages.set(i, PageState::committed(frame.value(), protection).with_pending(true));
            u64 va = region.page_address(i);
            if (run_pages && va == run_va + run_pages * kPageSize &&
                frame.value() == run_phys + run_pages * kPageSize) {
                ++run_pages;
                continue;
            }
            if (run_pages) {
                if (auto mapped = m_backend.map(run_va, run_phys, run_pages, protection); mapped.is_error())
                    return roll_back_commit_locked(region, first, count, mapped.release_error());
            }
            run_va = va;
            run_phys = frame.value();
            run_pages = 1;
        }
        if (run_pages) {
            if (auto mapped = m_backend.map(run_va, run_phys, run_pages, protection); mapped.is_error())
                return roll_back_commit_locked(region, first, count, mapped.release_error());
        }

        // Pass 2 cannot fail: settle the new pages and re-protect the old ones.
        u64 protect_start = 0;
        u64 protect_pages = 0;
        auto flush_protect = [&] {
            if (protect_pages)
                m_backend.protect(region.page_address(protect_start), protect_pages, protection);
            protect_pages = 0;
        };
        for (u64 i = first; i < first + count; ++i) {
            PageState state = region.pages.get(i);
            if (state.is_pending()) {
                region.pages.set(i, state.with_pending(false));
                flush_protect();
                continue;
            }
            if (state.protection() == protection) {
                flush_protect();
                continue;
            }
            region.pages.set(i, state.with_protection(protection));
            if (!protect_pages)
                protect_start = i;
            ++protect_pages;
        }
        flush_protect();
        return {};
    }

    Error roll_back_commit_locked(Region& region, u64 first, u64 count, Error error) {
        region.pages.for_each_committed(first, count, [&](u64 index, PageState state) {
            if (!state.is_pending())
                return;
            // The page may or may not have been mapped yet; unmap tolerates both.
            m_backend.unmap(region.page_address(index), 1);
            (void)m_frames.free_frame(state.frame());
            region.pages.set(index, PageState{});
        });
        region.pages.prune();
        return error;
    }

    /// Decommits pages [first, first+count) of `region`; reserved pages are left alone. The
    /// translations go before the frames do, so no CPU can reach a frame after it is reused. Cost
    /// follows the committed pages, so releasing a huge, sparsely used reservation is cheap.
    void decommit_locked(Region& region, u64 first, u64 count) {
        u64 run_start = 0;
        u64 run_pages = 0;
        region.pages.for_each_committed(first, count, [&](u64 index, PageState) {
            if (run_pages && index == run_start + run_pages) {
                ++run_pages;
                return;
            }
            if (run_pages)
                m_backend.unmap(region.page_address(run_start), run_pages);
            run_start = index;
            run_pages = 1;
        });
        if (run_pages)
            m_backend.unmap(region.page_address(run_start), run_pages);

        region.pages.for_each_committed(first, count, [&](u64 index, PageState state) {
            // A refusal here means the page table and the pool disagree: a kernel bug that the
            // pool counts (bad_free_count) for tests to catch; the page is dropped either way.
            // Borrowed frames (section views) go back to their owner, not to the pool.
            if (!state.is_borrowed())
                (void)m_frames.free_frame(state.frame());
            region.pages.set(index, PageState{});
        });
        region.pages.prune();
    }

    void release_region_locked(Region* region) {
        ViewOwner owner = region->view_owner;
        decommit_locked(*region, 0, region->page_count());
        m_regions.destroy(region);
        if (owner.on_release)
            owner.on_release(owner.context);
    }

    void set_page_protection_locked(Region& region, u64 index, u32 protection) {
        region.pages.set(index, region.pages.get(index).with_protection(protection));
        m_backend.protect(region.page_address(index), 1, protection);
    }

    /// Calls `visit(region, page_index)` for every page covering [va, end) and stops at the first
    /// error. Pages outside any allocation are AccessViolation.
    template <typename Visitor>
    ErrorOr<void> for_each_page_locked(u64 va, u64 end, Visitor visit) const {
        Region* region = nullptr;
        for (u64 page = align_down(va, kPageSize); page < end; page += kPageSize) {
            if (!region || !region->contains(page))
                region = m_regions.find(page);
            if (!region)
                return Error(status::AccessViolation, "address not allocated");
            TRY(visit(*region, region->page_index(page)));
        }
        return {};
    }

    ErrorOr<void> check_committed_locked(u64 va, usize size) const {
        if (size == 0)
            return {};
        u64 end;
        if (!checked_add<u64>(va, size, end) || va < m_bounds.lowest || end > m_bounds.end)
            return Error(status::AccessViolation, "range outside the user address space");
        return for_each_page_locked(va, end, [](Region& region, u64 index) -> ErrorOr<void> {
            if (!region.pages.get(index).is_committed())
                return Error(status::AccessViolation, "page not committed");
            return {};
        });
    }

    /// Copies between `buffer` and [va, va+size), which check_committed_locked has approved.
    void copy_locked(u64 va, u8* buffer, usize size, CopyDirection direction) const {
        usize done = 0;
        Region* region = nullptr;
        while (done < size) {
            u64 address = va + done;
            if (!region || !region->contains(address))
                region = m_regions.find(address);
            u64 offset = address % kPageSize;
            usize chunk = min<usize>(size - done, kPageSize - offset);
            u8* frame = m_backend.phys_to_virt(region->pages.get(region->page_index(address)).frame());
            if (direction == CopyDirection::ToAddressSpace)
                copy_bytes(frame + offset, buffer + done, chunk);
            else
                copy_bytes(buffer + done, frame + offset, chunk);
            done += chunk;
        }
    }

    Backend& m_backend;
    PhysicalAllocator& m_frames;
    vm_rules::UserBounds m_bounds{};
    mutable Lock m_lock;
    /// Guarded by m_lock, like every page state reachable from it.
    RegionMap m_regions;
};

} // namespace halcyon::mm
