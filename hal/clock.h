#pragma once

#include "core/lib/Types.h"
#include "hal/concepts.h"

namespace halcyon::hal {

template <typename T>
concept ClockContract = requires {
    /// Nanoseconds since an arbitrary fixed point; never goes backwards.
    { T::monotonic_ns() } -> SameAs<u64>;
    /// Wall-clock time as a Windows FILETIME: 100 ns units since 1601-01-01 UTC.
    { T::system_time_100ns() } -> SameAs<u64>;
};

} // namespace halcyon::hal
