#include "FpuState.h"

#include "Arch.h"
#include "Serial.h"

namespace halcyon::baremetal::fpu {

namespace {

constexpr uint32_t kCpuidXsave = 1u << 26, kCpuidAvx = 1u << 28; // CPUID.1:ECX
constexpr uint64_t kCr4OsXsave = 1ull << 18;
// XCR0 state-component bits ([intel/vol1] 13.1).
constexpr uint64_t kX87 = 1u << 0, kSse = 1u << 1, kAvx = 1u << 2;
// The XSAVE header follows the 512-byte legacy region; its first field is XSTATE_BV.
constexpr uint32_t kLegacyRegionSize = 512, kXstateBvOffset = 512;

bool g_xsave;
uint64_t g_features = kX87 | kSse;
uint32_t g_area_size = kLegacyRegionSize;

void write_xcr0(uint64_t value) {
    asm volatile("xsetbv"
                 :
                 : "c"(0u), "a"(static_cast<uint32_t>(value)), "d"(static_cast<uint32_t>(value >> 32))
                 : "memory");
}

} // namespace

void init() {
    auto leaf1 = arch::cpuid(1);
    if (!(leaf1.ecx & kCpuidXsave)) {
        serial::write("[kernel] FPU state: FXSAVE (no XSAVE on this CPU)\n");
        return;
    }
    arch::write_cr4(arch::read_cr4() | kCr4OsXsave);
    uint64_t supported = arch::cpuid(0xd, 0).eax;
    uint64_t features = kX87 | kSse;
    if ((leaf1.ecx & kCpuidAvx) && (supported & kAvx))
        features |= kAvx;
    write_xcr0(features);
    // EBX: the size of the standard-form area for the features XCR0 now enables.
    uint32_t size = arch::cpuid(0xd, 0).ebx;
    if (size > kAreaCapacity) {
        // Cannot happen for x87 | SSE | AVX, but a larger area would overrun ThreadContext.
        write_xcr0(kX87 | kSse);
        size = arch::cpuid(0xd, 0).ebx;
        features = kX87 | kSse;
    }
    if (size > kAreaCapacity || size < kLegacyRegionSize + 64) {
        serial::write("[kernel] FPU state: FXSAVE (the XSAVE area size is unusable)\n");
        write_xcr0(kX87 | kSse);
        arch::write_cr4(arch::read_cr4() & ~kCr4OsXsave);
        return;
    }
    g_xsave = true;
    g_features = features;
    g_area_size = size;
    serial::write("[kernel] FPU state: XSAVE, XCR0 ");
    serial::write_hex_short(features);
    serial::write(features & kAvx ? " (x87, SSE, AVX), " : " (x87, SSE), ");
    serial::write_decimal(size);
    serial::write(" bytes per thread\n");
}

bool using_xsave() {
    return g_xsave;
}
uint64_t enabled_features() {
    return g_features;
}
uint32_t area_size() {
    return g_area_size;
}

void initialize(uint8_t* area) {
    __builtin_memset(area, 0, kAreaCapacity);
    area[0] = 0x7f; // FCW 0x037f
    area[1] = 0x03;
    area[24] = 0x80; // MXCSR 0x1f80
    area[25] = 0x1f;
    // XRSTOR takes x87 and SSE from the image (so FCW and MXCSR above apply) and puts every
    // other component, such as the upper YMM halves, into its initial (zero) state.
    if (g_xsave)
        area[kXstateBvOffset] = static_cast<uint8_t>(kX87 | kSse);
}

void save(uint8_t* area) {
    if (g_xsave)
        asm volatile("xsave64 %0"
                     : "=m"(*reinterpret_cast<uint8_t(*)[kAreaCapacity]>(area))
                     : "a"(static_cast<uint32_t>(g_features)), "d"(static_cast<uint32_t>(g_features >> 32))
                     : "memory");
    else
        asm volatile("fxsave64 %0" : "=m"(*reinterpret_cast<uint8_t(*)[512]>(area)) : : "memory");
}

void restore(const uint8_t* area) {
    if (g_xsave)
        asm volatile("xrstor64 %0"
                     :
                     : "m"(*reinterpret_cast<const uint8_t(*)[kAreaCapacity]>(area)),
                       "a"(static_cast<uint32_t>(g_features)), "d"(static_cast<uint32_t>(g_features >> 32))
                     : "memory");
    else
        asm volatile("fxrstor64 %0" : : "m"(*reinterpret_cast<const uint8_t(*)[512]>(area)) : "memory");
}

} // namespace halcyon::baremetal::fpu
