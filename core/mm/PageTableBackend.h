#pragma once

// The contract between an AddressSpace and the thing that actually makes virtual addresses point
// at frames: x86-64 page tables on bare metal, MAP_FIXED views of the RAM memfd when hosted, a
// recording fake in unit tests and fuzzers.
//
// It is a concept rather than an abstract class because AddressSpace calls it once per page run
// while committing, and the backend is fixed at build time anyway (ARCHITECTURE.md: "no virtual
// dispatch on hot paths; the backend is chosen at build time"). Each backend
// static_asserts(PageTableBackend<Self>).
//
// What the address space promises a backend:
//   - every `va` is 4 KiB aligned and lies inside the address space's user range;
//   - map() is only called on pages it has not mapped (or has unmapped since);
//   - protect() is only called on pages it has mapped;
//   - all calls for one address space are serialised by that address space's lock.
// What a backend promises:
//   - map(va, phys, n, protection): maps n pages of physically contiguous memory starting at phys
//     at va. `protection` is a validated PAGE_* value and must be enforced so that every access it
//     forbids faults into the kernel: PAGE_GUARD pages and PAGE_NOACCESS pages inaccessible,
//     WRITECOPY pages read-only (the write fault is how copy-on-write is noticed), non-EXECUTE
//     pages no-execute where the hardware can. On failure nothing of this call stays mapped.
//   - unmap(va, n): removes whatever is mapped in those pages (pages with no mapping are fine) and
//     makes sure no CPU keeps a stale translation. Cannot fail.
//   - protect(va, n, protection): changes the protection of mapped pages as map() would have set
//     it. Cannot fail: changing bits of existing translations needs no memory.
//   - zero_frame(phys): fills one frame with zeros (committed memory reads as zero on Windows).
//   - phys_to_virt(phys): a kernel pointer through which the frame at phys (page aligned) can be
//     read and written, valid for at least the rest of that frame.

#include "core/lib/ErrorOr.h"
#include "core/lib/Types.h"

namespace halcyon::mm {

template <typename Backend>
concept PageTableBackend = requires(Backend& backend, u64 va, u64 phys, u64 page_count, u32 protection) {
    requires IsSame<decltype(backend.map(va, phys, page_count, protection)), ErrorOr<void>>;
    requires IsSame<decltype(backend.unmap(va, page_count)), void>;
    requires IsSame<decltype(backend.protect(va, page_count, protection)), void>;
    requires IsSame<decltype(backend.zero_frame(phys)), void>;
    requires IsSame<decltype(backend.phys_to_virt(phys)), u8*>;
};

} // namespace halcyon::mm
