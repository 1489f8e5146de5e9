#pragma once

#include "core/lib/Types.h"
#include "hal/concepts.h"

namespace halcyon::hal {

/// Registers a user thread starts with (see core/abi/UserAbi.h for the convention).
struct UserStart {
    u64 rip;
    u64 rsp;
    u64 rcx;
    u64 rdx;
    u64 r8;
    u64 r9;
    u64 gs_base; // the thread's TEB
};

/// The complete user register state at an exception, for building the guest's CONTEXT and for
/// resuming somewhere else. Integer registers in x86 encoding order (rax, rcx, rdx, rbx, rsp,
/// rbp, rsi, rdi, r8-r15); `fxsave` is the FXSAVE image (x87, MXCSR, xmm0-15).
struct UserContext {
    u64 gpr[16];
    u64 rip;
    u64 rflags;
    alignas(16) u8 fxsave[512];
};
constexpr u32 kGprRsp = 4;

/// Kinds of access reported with a user page fault.
enum class FaultAccess : u8 { Read = 0, Write = 1, Execute = 8 };

template <typename T>
concept UserModeContract = requires(const UserStart& start, void* kernel_buffer, const void* kernel_source,
                                    u64 user_address, usize size) {
    /// Runs the current kernel thread in user mode from `start`. Returns only when the kernel
    /// calls leave_user() on this thread (thread or process termination).
    { T::run_user(start) } -> SameAs<void>;
    /// From kernel code running on behalf of a user thread: abandon user mode and return from
    /// run_user(). Does not return.
    { T::leave_user() } -> SameAs<void>;
    /// Fault-safe copies between kernel memory and the current user address space. They return
    /// false, instead of crashing, if any byte is unmapped or not accessible.
    { T::copy_from_user(kernel_buffer, user_address, size) } -> SameAs<bool>;
    { T::copy_to_user(user_address, kernel_source, size) } -> SameAs<bool>;
    /// The address user mode calls to enter the kernel (stored in SharedUserData.system_call_gate).
    { T::gate_address() } -> SameAs<u64>;
};

} // namespace halcyon::hal
