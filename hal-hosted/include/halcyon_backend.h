#pragma once

// hal-hosted: the kernel as a Linux process. Declarations only; the implementations live in
// hal-hosted/*.cpp and may use libc, libstdc++ and Linux system calls freely.

#include "hal/clock.h"
#include "hal/console.h"
#include "hal/cpu.h"
#include "hal/mmu.h"
#include "hal/phys_mem.h"
#include "hal/user.h"

namespace halcyon::hal {

struct Console {
    static void log(StringView text);
    static ErrorOr<usize> write(ConsoleStream stream, ReadonlyBytes bytes);
    static ErrorOr<usize> read(Bytes buffer);
    static bool input_ready();
    static bool is_terminal(ConsoleStream stream);
    static ConsoleStreamKind stream_kind(ConsoleStream stream);
    static bool take_interrupt();
};
static_assert(ConsoleContract<Console>);

struct Clock {
    static u64 monotonic_ns();
    static u64 system_time_100ns();
};
static_assert(ClockContract<Clock>);

struct PhysMem {
    static u8* to_virt(u64 phys) { return s_window + phys; }
    static usize range_count();
    static u64 range_base(usize index);
    static u64 range_size(usize index);
    static void discard_frame(u64 phys);

    static u8* s_window; // the memfd mapped once, read-write, in the host address space
};
static_assert(PhysMemContract<PhysMem>);

struct Mmu {
    static ErrorOr<SpaceId> create_space();
    static void destroy_space(SpaceId space);
    static ErrorOr<void> map(SpaceId space, u64 va, u64 phys, usize pages, PageAccess access);
    static void unmap(SpaceId space, u64 va, usize pages);
    static ErrorOr<void> protect(SpaceId space, u64 va, usize pages, PageAccess access);
    static void activate(SpaceId space);
    /// Guest mappings live below the host's own code and libraries (PIE binaries and mmap areas
    /// sit above 0x5000'0000'0000), which is also the region syscall user dispatch traps.
    static u64 user_lowest() { return 0x10000; }
    static u64 user_highest() {
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
        return 0x0200'0000'0000; // below AddressSanitizer's high shadow (0x02008fff7000)
#endif
#endif
        return 0x4000'0000'0000;
    }
};
static_assert(MmuContract<Mmu>);

struct UserMode {
    static void run_user(const UserStart& start);
    [[noreturn]] static void leave_user();
    static bool copy_from_user(void* kernel_buffer, u64 user_address, usize size);
    static bool copy_to_user(u64 user_address, const void* kernel_source, usize size);
    static u64 gate_address();
};
static_assert(UserModeContract<UserMode>);

struct Cpu {
    static ErrorOr<ThreadContext*> create_thread(ThreadEntry entry, void* argument);
    static void destroy_thread(ThreadContext* context);
    static ErrorOr<ThreadContext*> adopt_current_thread();
    static void switch_context(ThreadContext& from, ThreadContext& to);
    [[noreturn]] static void exit_and_switch(ThreadContext& from, ThreadContext& to);
    static bool disable_interrupts();
    static void restore_interrupts(bool enabled);
    static void wait_for_interrupt();
    static void start_timer(u64 period_ns);
};
static_assert(CpuContract<Cpu>);

} // namespace halcyon::hal
