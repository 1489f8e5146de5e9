#pragma once

// The fake process the host-built ntdll sources run in: one PEB and ProcessParameters, a TEB per
// host thread, and fake system calls (see NtdllHarness.cpp).

#include <string>
#include <vector>

#include "Ntdll.h"

namespace ntdll_test {

/// Resets the fake process: a new process heap, current directory `C:\apps\`, the environment
/// `PATH=C:\Windows;TEMP=C:\temp` (kernel-owned, i.e. not on the heap), no captured stderr.
void reset_process();

/// Directories NtOpenFile(FILE_DIRECTORY_FILE) accepts, as NT paths (case-insensitive).
void set_existing_directories(std::vector<std::u16string> nt_paths);
/// The NT paths NtOpenFile was asked for, in order.
const std::vector<std::u16string>& opened_paths();

/// Everything NtWriteFile wrote to the standard-error handle.
std::string captured_stderr();

/// Regions currently allocated through the fake NtAllocateVirtualMemory.
size_t live_regions();
/// Makes the next `count` NtAllocateVirtualMemory calls fail with STATUS_NO_MEMORY.
void fail_next_allocations(int count);

halcyon::abi::ProcessParameters& parameters();
halcyon::abi::Peb& peb();

inline std::u16string to_u16(PCWSTR s) {
    return std::u16string(reinterpret_cast<const char16_t*>(s));
}
inline std::u16string to_u16(PCWSTR s, size_t length) {
    return std::u16string(reinterpret_cast<const char16_t*>(s), length);
}
inline std::u16string to_u16(const UNICODE_STRING& s) {
    return to_u16(s.Buffer, s.Length / sizeof(WCHAR));
}
inline PCWSTR w(const char16_t* s) {
    return reinterpret_cast<PCWSTR>(s);
}

} // namespace ntdll_test
