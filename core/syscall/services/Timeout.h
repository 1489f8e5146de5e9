#pragma once

// NT timeouts (LARGE_INTEGER: negative = relative in 100 ns units, positive = absolute system
// time) as monotonic deadlines, for the waits and the timers.

#include "core/syscall/Services.h"

namespace halcyon::sys {

/// Converts an NT timeout (negative: relative 100 ns; positive: absolute FILETIME) to a
/// monotonic deadline in nanoseconds; null means infinite (returns ~0).
inline ErrorOr<u64> deadline_from(UserPtr<i64> timeout) {
    if (timeout.is_null())
        return ~0ull;
    i64 value = TRY(user::read(timeout));
    u64 now = hal::Clock::monotonic_ns();
    if (value < 0) {
        u64 relative = static_cast<u64>(-(value + 1)) + 1; // -INT64_MIN does not fit
        u64 deadline;
        if (relative > ~0ull / 100 || !checked_add(now, relative * 100, deadline))
            return ~0ull;
        return deadline;
    }
    u64 wall = hal::Clock::system_time_100ns();
    u64 target = static_cast<u64>(value);
    if (target <= wall)
        return now;
    u64 relative = target - wall, deadline;
    if (relative > ~0ull / 100 || !checked_add(now, relative * 100, deadline))
        return ~0ull;
    return deadline;
}

} // namespace halcyon::sys
