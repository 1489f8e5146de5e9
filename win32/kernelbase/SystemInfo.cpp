// System information and the Windows version: GetSystemInfo, GetVersion(Ex),
// IsProcessorFeaturePresent.

#include "win32/kernelbase/KernelBase.h"

using namespace halcyon;
using namespace halcyon::kernelbase;

namespace {

void cpuid(unsigned leaf, unsigned subleaf, unsigned regs[4]) {
    asm volatile("cpuid" : "=a"(regs[0]), "=b"(regs[1]), "=c"(regs[2]), "=d"(regs[3]) : "a"(leaf), "c"(subleaf));
}

template <typename Info>
bool fill_version(Info* info) {
    if (info->dwOSVersionInfoSize != sizeof(OSVERSIONINFOW) &&
        info->dwOSVersionInfoSize != sizeof(OSVERSIONINFOEXW) &&
        info->dwOSVersionInfoSize != sizeof(OSVERSIONINFOA) &&
        info->dwOSVersionInfoSize != sizeof(OSVERSIONINFOEXA))
        return false;
    halcyon::abi::Peb* block = peb();
    info->dwMajorVersion = block->os_major_version;
    info->dwMinorVersion = block->os_minor_version;
    info->dwBuildNumber = block->os_build_number;
    info->dwPlatformId = VER_PLATFORM_WIN32_NT;
    info->szCSDVersion[0] = 0;
    return true;
}

} // namespace

extern "C" {

void WINAPI GetSystemInfo(LPSYSTEM_INFO info) {
    DWORD processors = peb()->number_of_processors;
    if (processors == 0)
        processors = 1;
    info->wProcessorArchitecture = PROCESSOR_ARCHITECTURE_AMD64;
    info->wReserved = 0;
    info->dwPageSize = 0x1000;
    info->lpMinimumApplicationAddress = reinterpret_cast<LPVOID>(0x10000);
    info->lpMaximumApplicationAddress = reinterpret_cast<LPVOID>(0x7FFFFFFEFFFF);
    info->dwActiveProcessorMask = processors >= 64 ? ~0ull : (1ull << processors) - 1;
    info->dwNumberOfProcessors = processors;
    info->dwProcessorType = PROCESSOR_AMD_X8664;
    info->dwAllocationGranularity = 0x10000;
    unsigned regs[4];
    cpuid(1, 0, regs);
    unsigned family = (regs[0] >> 8) & 0xF;
    unsigned model = (regs[0] >> 4) & 0xF;
    if (family == 0xF)
        family += (regs[0] >> 20) & 0xFF;
    if (family == 6 || family >= 0xF)
        model |= ((regs[0] >> 16) & 0xF) << 4;
    info->wProcessorLevel = static_cast<WORD>(family);
    info->wProcessorRevision = static_cast<WORD>((model << 8) | (regs[0] & 0xF));
}

void WINAPI GetNativeSystemInfo(LPSYSTEM_INFO info) { GetSystemInfo(info); }

DWORD WINAPI GetVersion(void) {
    halcyon::abi::Peb* block = peb();
    // Build number in the high word (bit 31 clear for NT), minor then major version below.
    return (static_cast<DWORD>(block->os_build_number & 0x7FFF) << 16) | (block->os_minor_version << 8) |
           block->os_major_version;
}

BOOL WINAPI GetVersionExW(LPOSVERSIONINFOW info) {
    if (!fill_version(info) || (info->dwOSVersionInfoSize != sizeof(OSVERSIONINFOW) &&
                                info->dwOSVersionInfoSize != sizeof(OSVERSIONINFOEXW))) {
        set_last_error(ERROR_INSUFFICIENT_BUFFER);
        return FALSE;
    }
    if (info->dwOSVersionInfoSize == sizeof(OSVERSIONINFOEXW)) {
        auto* ex = reinterpret_cast<LPOSVERSIONINFOEXW>(info);
        ex->wServicePackMajor = 0;
        ex->wServicePackMinor = 0;
        ex->wSuiteMask = 0x100; // VER_SUITE_SINGLEUSERTS
        ex->wProductType = VER_NT_WORKSTATION;
        ex->wReserved = 0;
    }
    return TRUE;
}

BOOL WINAPI GetVersionExA(LPOSVERSIONINFOA info) {
    if (!fill_version(info) || (info->dwOSVersionInfoSize != sizeof(OSVERSIONINFOA) &&
                                info->dwOSVersionInfoSize != sizeof(OSVERSIONINFOEXA))) {
        set_last_error(ERROR_INSUFFICIENT_BUFFER);
        return FALSE;
    }
    if (info->dwOSVersionInfoSize == sizeof(OSVERSIONINFOEXA)) {
        auto* ex = reinterpret_cast<LPOSVERSIONINFOEXA>(info);
        ex->wServicePackMajor = 0;
        ex->wServicePackMinor = 0;
        ex->wSuiteMask = 0x100;
        ex->wProductType = VER_NT_WORKSTATION;
        ex->wReserved = 0;
    }
    return TRUE;
}

BOOL WINAPI IsProcessorFeaturePresent(DWORD feature) {
    unsigned leaf1[4], leaf7[4];
    cpuid(1, 0, leaf1);
    cpuid(7, 0, leaf7);
    unsigned ecx = leaf1[2], edx = leaf1[3];
    switch (feature) {
    case PF_MMX_INSTRUCTIONS_AVAILABLE:
    case PF_XMMI_INSTRUCTIONS_AVAILABLE:
    case PF_XMMI64_INSTRUCTIONS_AVAILABLE:
    case PF_RDTSC_INSTRUCTION_AVAILABLE:
    case PF_NX_ENABLED:
        return TRUE; // architectural on x86-64 (NX: Halcyon always enables it)
    case PF_SSE3_INSTRUCTIONS_AVAILABLE:
        return (ecx & 1) ? TRUE : FALSE;
    case PF_COMPARE_EXCHANGE128:
        return (ecx & (1u << 13)) ? TRUE : FALSE;
    case 36: // PF_SSSE3_INSTRUCTIONS_AVAILABLE
        return (ecx & (1u << 9)) ? TRUE : FALSE;
    case 37: // PF_SSE4_1_INSTRUCTIONS_AVAILABLE
        return (ecx & (1u << 19)) ? TRUE : FALSE;
    case 38: // PF_SSE4_2_INSTRUCTIONS_AVAILABLE
        return (ecx & (1u << 20)) ? TRUE : FALSE;
    case 39: // PF_AVX_INSTRUCTIONS_AVAILABLE
        return (ecx & (1u << 28)) ? TRUE : FALSE;
    case 40: // PF_AVX2_INSTRUCTIONS_AVAILABLE
        return (leaf7[1] & (1u << 5)) ? TRUE : FALSE;
    case PF_FASTFAIL_AVAILABLE:
        return FALSE; // FIXME: int 0x29 is not handled by the kernel yet
    default:
        (void)edx;
        return FALSE;
    }
}

} // extern "C"
