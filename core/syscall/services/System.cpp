// System-wide queries: time, performance counter, system information, NtDisplayString.

#include "core/ps/Scheduler.h"
#include "core/syscall/Services.h"

namespace halcyon::sys {

NtStatus NtQuerySystemTime(SyscallContext&, UserPtr<i64> SystemTime) {
    return to_status(user::write(SystemTime, static_cast<i64>(hal::Clock::system_time_100ns())));
}

NtStatus NtQueryPerformanceCounter(SyscallContext&, UserPtr<i64> PerformanceCounter,
                                   UserPtr<i64> PerformanceFrequency) {
    // A 10 MHz counter, as Windows 10 reports on most machines.
    return to_status([&]() -> ErrorOr<void> {
        TRY(user::write(PerformanceCounter, static_cast<i64>(hal::Clock::monotonic_ns() / 100)));
        TRY(user::write_optional(PerformanceFrequency, static_cast<i64>(10'000'000)));
        return {};
    }());
}

NtStatus NtQuerySystemInformation(SyscallContext&, u32 SystemInformationClass, UserPtr<void> SystemInformation,
                                  u32 SystemInformationLength, UserPtr<u32> ReturnLength) {
    return to_status([&]() -> ErrorOr<void> {
        if (SystemInformationClass != 0) { // SystemBasicInformation
            kernel::log("halcyon: NtQuerySystemInformation class {} is not implemented", SystemInformationClass);
            return Error(status::NotImplemented);
        }
        struct {
            u32 reserved;
            u32 timer_resolution;
            u32 page_size;
            u32 number_of_physical_pages;
            u32 lowest_physical_page_number;
            u32 highest_physical_page_number;
            u32 allocation_granularity;
            u32 padding;
            u64 minimum_user_mode_address;
            u64 maximum_user_mode_address;
            u64 active_processors_affinity_mask;
            u8 number_of_processors;
            u8 padding2[7];
        } info{};
        info.timer_resolution = 156250;
        info.page_size = 4096;
        info.number_of_physical_pages = static_cast<u32>(kernel::frames().total_frames());
        info.lowest_physical_page_number = 1;
        info.highest_physical_page_number = static_cast<u32>(kernel::frames().total_frames());
        info.allocation_granularity = 64 * 1024;
        info.minimum_user_mode_address = hal::Mmu::user_lowest();
        info.maximum_user_mode_address = hal::Mmu::user_highest() - 1;
        info.active_processors_affinity_mask = ps::scheduler::kActiveProcessorMask;
        info.number_of_processors = static_cast<u8>(ps::scheduler::kProcessorCount);
        if (SystemInformationLength != sizeof info)
            return Error(status::InfoLengthMismatch, "SYSTEM_BASIC_INFORMATION size mismatch");
        TRY(user::copy_to(SystemInformation.address, &info, sizeof info));
        TRY(user::write_optional(ReturnLength, static_cast<u32>(sizeof info)));
        return {};
    }());
}

NtStatus NtDisplayString(SyscallContext&, UserPtr<abi::UnicodeString> Text) {
    return to_status([&]() -> ErrorOr<void> {
        String text = TRY(user::read_unicode_string(Text));
        hal::Console::log(text.view());
        return {};
    }());
}

} // namespace halcyon::sys
