// NtAllocateVirtualMemory and friends: thin argument handling over mm::AddressSpace.

#include "core/syscall/Services.h"

namespace halcyon::sys {

NtStatus NtAllocateVirtualMemory(SyscallContext& context, RawHandle ProcessHandle, UserPtr<u64> BaseAddress,
                                 u64 ZeroBits, UserPtr<u64> RegionSize, u32 AllocationType, u32 Protect) {
    return to_status([&]() -> ErrorOr<void> {
        ps::Process* process = TRY(process_from_handle(context, ProcessHandle));
        u64 base = TRY(user::read(BaseAddress));
        u64 size = TRY(user::read(RegionSize));
        // FIXME: ZeroBits (a limit on the high address bits) is not honoured yet.
        (void)ZeroBits;
        mm::VirtualRange range = TRY(process->address_space().allocate(base, size, AllocationType, Protect));
        TRY(user::write(BaseAddress, range.base));
        TRY(user::write(RegionSize, range.size));
        return {};
    }());
}

NtStatus NtFreeVirtualMemory(SyscallContext& context, RawHandle ProcessHandle, UserPtr<u64> BaseAddress,
                             UserPtr<u64> RegionSize, u32 FreeType) {
    return to_status([&]() -> ErrorOr<void> {
        ps::Process* process = TRY(process_from_handle(context, ProcessHandle));
        u64 base = TRY(user::read(BaseAddress));
        u64 size = TRY(user::read(RegionSize));
        mm::VirtualRange range = TRY(process->address_space().free(base, size, FreeType));
        TRY(user::write(BaseAddress, range.base));
        TRY(user::write(RegionSize, range.size));
        return {};
    }());
}

NtStatus NtProtectVirtualMemory(SyscallContext& context, RawHandle ProcessHandle, UserPtr<u64> BaseAddress,
                                UserPtr<u64> RegionSize, u32 NewProtect, UserPtr<u32> OldProtect) {
    return to_status([&]() -> ErrorOr<void> {
        ps::Process* process = TRY(process_from_handle(context, ProcessHandle));
        u64 base = TRY(user::read(BaseAddress));
        u64 size = TRY(user::read(RegionSize));
        if (OldProtect.is_null())
            return Error(status::InvalidParameter, "OldProtect is required");
        mm::ProtectResult result = TRY(process->address_space().protect(base, size, NewProtect));
        TRY(user::write(OldProtect, result.old_protection));
        TRY(user::write(BaseAddress, result.range.base));
        TRY(user::write(RegionSize, result.range.size));
        return {};
    }());
}

NtStatus NtQueryVirtualMemory(SyscallContext& context, RawHandle ProcessHandle, UserPtr<void> BaseAddress,
                              u32 MemoryInformationClass, UserPtr<void> MemoryInformation, u64 MemoryInformationLength,
                              UserPtr<u64> ReturnLength) {
    return to_status([&]() -> ErrorOr<void> {
        ps::Process* process = TRY(process_from_handle(context, ProcessHandle));
        if (MemoryInformationClass != 0) {
            kernel::log("halcyon: NtQueryVirtualMemory class {} is not implemented", MemoryInformationClass);
            return Error(status::NotImplemented);
        }
        mm::MemoryBasicInformation info = TRY(process->address_space().query(BaseAddress.address));
        if (MemoryInformationLength < sizeof info)
            return Error(status::InfoLengthMismatch, "MEMORY_BASIC_INFORMATION buffer too small");
        TRY(user::copy_to(MemoryInformation.address, &info, sizeof info));
        TRY(user::write_optional(ReturnLength, static_cast<u64>(sizeof info)));
        return {};
    }());
}

NtStatus NtFlushInstructionCache(SyscallContext& context, RawHandle ProcessHandle, UserPtr<void>, u64) {
    // x86 keeps instruction caches coherent with data writes; there is nothing to flush.
    return to_status(process_from_handle(context, ProcessHandle));
}

} // namespace halcyon::sys
