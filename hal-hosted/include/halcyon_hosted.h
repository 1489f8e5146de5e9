#pragma once

// hal-hosted's own life cycle, beyond the HAL contracts: what the `halcyon` binary and the
// embedding API (halcyon/Embed.h) call around kernel::initialize and kernel::shutdown.

#include "core/lib/ErrorOr.h"

namespace halcyon::hal {

/// Creates the guest's physical memory: a sparse memfd of `ram_size` bytes, mapped once.
ErrorOr<void> hosted_init_physical_memory(u64 ram_size);
/// Unmaps and closes it (after kernel::shutdown).
void hosted_shutdown_physical_memory();
/// Ends and joins the timer's host thread; the next start_timer starts a new one.
void hosted_stop_timer_thread();

} // namespace halcyon::hal
