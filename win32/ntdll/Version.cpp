// RtlGetVersion / RtlGetNtVersionNumbers: the true OS version (no compatibility shims), which
// the kernel also records in the PEB. Halcyon reports Windows 10 22H2 (core/abi/UserAbi.h).

#include "Ntdll.h"

using namespace halcyon;

extern "C" {

NTSTATUS NTAPI RtlGetVersion(PRTL_OSVERSIONINFOW info) {
    ULONG size = info->dwOSVersionInfoSize;
    if (size != sizeof(OSVERSIONINFOW) && size != sizeof(OSVERSIONINFOEXW))
        return STATUS_INVALID_PARAMETER;
    info->dwMajorVersion = abi::kOsMajorVersion;
    info->dwMinorVersion = abi::kOsMinorVersion;
    info->dwBuildNumber = abi::kOsBuildNumber;
    info->dwPlatformId = VER_PLATFORM_WIN32_NT;
    info->szCSDVersion[0] = 0; // no service pack
    if (size == sizeof(OSVERSIONINFOEXW)) {
        auto* ex = reinterpret_cast<POSVERSIONINFOEXW>(info);
        ex->wServicePackMajor = 0;
        ex->wServicePackMinor = 0;
        ex->wSuiteMask = VER_SUITE_SINGLEUSERTS;
        ex->wProductType = VER_NT_WORKSTATION;
        ex->wReserved = 0;
    }
    return STATUS_SUCCESS;
}

void NTAPI RtlGetNtVersionNumbers(PULONG major, PULONG minor, PULONG build) {
    if (major)
        *major = abi::kOsMajorVersion;
    if (minor)
        *minor = abi::kOsMinorVersion;
    // The top nibble marks a free (release) build, as Windows reports it.
    if (build)
        *build = 0xF0000000u | abi::kOsBuildNumber;
}

/// Park-Miller "minimal standard" generator, the algorithm documented for RtlRandom.
ULONG NTAPI RtlRandom(PULONG seed) {
    uint64_t next = (static_cast<uint64_t>(*seed) * 16807u) % 0x7FFFFFFFu;
    *seed = static_cast<ULONG>(next);
    return static_cast<ULONG>(next);
}

ULONG NTAPI RtlRandomEx(PULONG seed) {
    return RtlRandom(seed);
}

} // extern "C"
