#pragma once

// Phase 3: the bare-metal HAL's own checks (kernel threads, user address spaces and the user
// copies), then the same core kernel the hosted build runs: kernel::initialize (core's frame
// allocator over PhysMem, the registry in memory), the scheduler, the object namespace and the
// VFS with C: mounted (an empty read-only volume until the ramdisk exists, EmptyVolume.h).

#include <halcyon/BootInfo.h>

namespace halcyon::baremetal {

/// False (after saying which step failed on serial) on any failure.
bool boot_core(const boot::BootInfo& boot_info);

} // namespace halcyon::baremetal
