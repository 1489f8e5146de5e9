#include "core/ke/Kernel.h"

#include "core/ps/Scheduler.h"
#include "core/registry/Registry.h"

namespace halcyon::kernel {

namespace {
mm::PhysicalAllocator s_frames;
fs::Vfs s_vfs;
Options s_options;
u64 s_next_id = 4;
} // namespace

ErrorOr<void> initialize(const Options& options) {
    s_options = options;
    s_next_id = 4;
    for (usize i = 0; i < hal::PhysMem::range_count(); ++i)
        TRY(s_frames.add_range(hal::PhysMem::range_base(i), hal::PhysMem::range_size(i)));
    TRY(registry::initialize(options.registry_path));
    s_options.registry_path = {};
    return {};
}

u64 shutdown() {
    for (char drive = 'A'; drive <= 'Z'; ++drive)
        (void)s_vfs.unmount(drive);
    ps::scheduler::shutdown();
    // After every process has ended, so the last writes are in the file.
    registry::shutdown();
    u64 leaked = s_frames.remove_all_ranges();
    s_options = {};
    return leaked;
}

mm::PhysicalAllocator& frames() { return s_frames; }
fs::Vfs& vfs() { return s_vfs; }
const Options& options() { return s_options; }
u64 allocate_id() { return __atomic_fetch_add(&s_next_id, 4, __ATOMIC_RELAXED); }

} // namespace halcyon::kernel
