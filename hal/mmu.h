#pragma once

#include "core/lib/ErrorOr.h"
#include "core/lib/Types.h"
#include "hal/concepts.h"

namespace halcyon::hal {

/// Page protections the MMU understands; core translates Windows PAGE_* into these.
enum class PageAccess : u8 { None = 0, Read = 1, Write = 2, Execute = 4 };
constexpr PageAccess operator|(PageAccess a, PageAccess b) {
    return static_cast<PageAccess>(static_cast<u8>(a) | static_cast<u8>(b));
}
constexpr bool has(PageAccess set, PageAccess bit) { return (static_cast<u8>(set) & static_cast<u8>(bit)) != 0; }

/// An opaque handle for one user address space's page tables.
using SpaceId = u64;

template <typename T>
concept MmuContract = requires(SpaceId space, u64 va, u64 phys, usize pages, PageAccess access) {
    { T::create_space() } -> SameAs<ErrorOr<SpaceId>>;
    { T::destroy_space(space) } -> SameAs<void>;
    /// Maps `pages` 4 KiB pages at va to consecutive frames starting at phys.
    { T::map(space, va, phys, pages, access) } -> SameAs<ErrorOr<void>>;
    { T::unmap(space, va, pages) } -> SameAs<void>;
    { T::protect(space, va, pages, access) } -> SameAs<ErrorOr<void>>;
    /// Makes `space` the current CPU's user address space.
    { T::activate(space) } -> SameAs<void>;
    /// The range of virtual addresses user mappings may use on this backend.
    { T::user_lowest() } -> SameAs<u64>;
    { T::user_highest() } -> SameAs<u64>;
};

} // namespace halcyon::hal
