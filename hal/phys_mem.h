#pragma once

#include "core/lib/Types.h"
#include "hal/concepts.h"

namespace halcyon::hal {

/// Physical memory is never dereferenced directly: always through the backend's window (a memfd
/// mapping when hosted, the direct map on bare metal), so tests can back "RAM" with anything.
template <typename T>
concept PhysMemContract = requires(u64 phys, usize index) {
    { T::to_virt(phys) } -> SameAs<u8*>;
    /// Usable RAM as ranges [base, base + size), for the frame allocator.
    { T::range_count() } -> SameAs<usize>;
    { T::range_base(index) } -> SameAs<u64>;
    { T::range_size(index) } -> SameAs<u64>;
    /// Gives a frame's memory back to the host (hosted) or does nothing; contents become zero.
    { T::discard_frame(phys) } -> SameAs<void>;
};

} // namespace halcyon::hal
