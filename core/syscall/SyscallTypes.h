#pragma once

// Types every system service sees. Services receive typed arguments (generated from
// syscalls.tbl): handles as RawHandle, user pointers as UserPtr<T> that can only be dereferenced
// through the user-access helpers in UserAccess.h.

#include "core/abi/UserAbi.h"
#include "core/lib/NtStatus.h"
#include "core/lib/Types.h"

namespace halcyon {
namespace ps {
class Process;
class Thread;
} // namespace ps

/// A handle value exactly as user mode passed it.
struct RawHandle {
    u64 value;

    constexpr bool is_null() const { return value == 0; }
    /// NtCurrentProcess() and NtCurrentThread() are the pseudo-handles -1 and -2; they are never
    /// stored in a handle table.
    constexpr bool is_current_process() const { return value == ~0ull; }
    constexpr bool is_current_thread() const { return value == ~1ull; }
};

/// A pointer into the calling process's address space. Never dereferenced directly.
template <typename T>
struct UserPtr {
    u64 address;

    constexpr bool is_null() const { return address == 0; }
    constexpr u64 value() const { return address; }
    template <typename U>
    constexpr UserPtr<U> cast() const {
        return UserPtr<U>{address};
    }
    constexpr UserPtr offset(u64 bytes) const { return UserPtr{address + bytes}; }
};

struct SyscallContext {
    ps::Process& process;
    ps::Thread& thread;
};

namespace sys {

using SyscallThunk = NtStatus (*)(SyscallContext&, const u64* arguments);

struct SyscallDescriptor {
    const char* name;
    u32 argument_count;
    SyscallThunk thunk;
};

extern const SyscallDescriptor kSyscallTable[];
extern const usize kSyscallTableSize;

} // namespace sys
} // namespace halcyon
