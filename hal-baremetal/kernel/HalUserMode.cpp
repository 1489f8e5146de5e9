// hal::UserMode on bare metal. FIXME: user-mode entry (iretq to ring 3, syscall/sysret with a
// per-thread kernel stack, FPU/SSE state per thread) is not there yet: run_user and leave_user
// stop the kernel with a panic naming the missing piece instead of pretending a program ran.
// The user copies are real: range-checked, SMAP-aware and fault-safe.

#include <halcyon_backend.h>

#include "Interrupts.h"
#include "KernelMemory.h"
#include "Panic.h"

extern "C" {
void hal_user_copy(void* destination, const void* source, halcyon::usize size);
extern char hal_user_copy_fault[], hal_user_copy_resume[];
}

namespace halcyon::hal {

namespace {

bool user_range(u64 address, usize size) {
    return address >= Mmu::user_lowest() && size <= Mmu::user_highest() && address <= Mmu::user_highest() - size;
}

bool g_gate_reported;

bool guarded_copy(void* destination, const void* source, usize size) {
    if (size == 0)
        return true;
    bool smap = baremetal::cpu_protection().smap;
    baremetal::FaultProbe probe{reinterpret_cast<u64>(hal_user_copy_fault), reinterpret_cast<u64>(hal_user_copy_resume),
                                reinterpret_cast<u64>(hal_user_copy_resume), 14, false, 0, 0};
    baremetal::arm_fault_probe(&probe);
    if (smap)
        asm volatile("stac" ::: "memory");
    hal_user_copy(destination, source, size);
    if (smap)
        asm volatile("clac" ::: "memory");
    baremetal::disarm_fault_probe();
    return !probe.hit;
}

} // namespace

void UserMode::run_user(const UserStart&) {
    baremetal::panic("UserMode::run_user: user-mode entry is not implemented on bare metal yet");
}

void UserMode::leave_user() {
    baremetal::panic("UserMode::leave_user: user-mode entry is not implemented on bare metal yet");
}

bool UserMode::copy_from_user(void* kernel_buffer, u64 user_address, usize size) {
    return user_range(user_address, size) && guarded_copy(kernel_buffer, reinterpret_cast<const void*>(user_address), size);
}

bool UserMode::copy_to_user(u64 user_address, const void* kernel_source, usize size) {
    return user_range(user_address, size) && guarded_copy(reinterpret_cast<void*>(user_address), kernel_source, size);
}

u64 UserMode::gate_address() {
    // There is no user-callable gate page yet (bare metal will use `syscall` directly); 0 makes
    // any user code that calls through it fault at once instead of running somewhere.
    if (!g_gate_reported) {
        g_gate_reported = true;
        Console::log("hal-baremetal: UserMode::gate_address: no system-call gate yet (user mode not implemented)\n");
    }
    return 0;
}

} // namespace halcyon::hal
