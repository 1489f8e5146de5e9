#pragma once

// Rules about PAGE_* values: which combinations are legal where, and what each one lets a
// thread do. Pure functions; the address space and the fault handler both consult them.

#include "core/lib/ErrorOr.h"
#include "core/mm/VmTypes.h"

namespace halcyon::mm {

/// Validates a protection for pages of a region of `type`. Exactly one base protection is
/// required; PAGE_GUARD, PAGE_NOCACHE and PAGE_WRITECOMBINE are mutually exclusive modifiers and
/// cannot accompany PAGE_NOACCESS. Copy-on-write protections only make sense for image and mapped
/// views, so private memory rejects them (Windows fails VirtualAlloc/VirtualProtect the same way).
ErrorOr<void> validate_protection(u32 protection, RegionType type);

/// True when a page with `protection` (a valid value; PAGE_GUARD ignored) lets `access` through.
/// PAGE_EXECUTE is treated as readable, as it is on x86 hardware, which cannot express
/// execute-only; the WRITECOPY protections count as writable (the write breaks the copy first).
bool protection_allows(u32 protection, AccessKind access);

/// True for PAGE_WRITECOPY and PAGE_EXECUTE_WRITECOPY (modifiers ignored).
bool is_copy_on_write(u32 protection);

/// The protection a copy-on-write page has after its first write: WRITECOPY -> READWRITE,
/// EXECUTE_WRITECOPY -> EXECUTE_READWRITE, modifiers kept. Other protections come back unchanged.
u32 protection_after_copy(u32 protection);

} // namespace halcyon::mm
