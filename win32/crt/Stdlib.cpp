// Small <stdlib.h> functions: abs/div families, rand/srand (the Microsoft LCG, per thread),
// rotations, byte swaps and the _sleep hook. (system() is in Process.cpp.)

#include "win32/crt/Errno.h"
#include "win32/crt/Os.h"
#include "win32/crt/ThreadData.h"

struct DivResult {
    int quot, rem;
};
struct LdivResult {
    crt::WinLong quot, rem;
};
struct LldivResult {
    int64_t quot, rem;
};

CRT_EXPORT int abs(int v) { return v < 0 ? -v : v; }
CRT_EXPORT crt::WinLong labs(crt::WinLong v) { return v < 0 ? -v : v; }
CRT_EXPORT int64_t llabs(int64_t v) { return v < 0 ? -v : v; }
CRT_EXPORT int64_t _abs64(int64_t v) { return v < 0 ? -v : v; }
CRT_EXPORT int64_t imaxabs(int64_t v) { return v < 0 ? -v : v; }
CRT_EXPORT DivResult div(int a, int b) { return {a / b, a % b}; }
CRT_EXPORT LdivResult ldiv(crt::WinLong a, crt::WinLong b) { return {a / b, a % b}; }
CRT_EXPORT LldivResult lldiv(int64_t a, int64_t b) { return {a / b, a % b}; }
CRT_EXPORT LldivResult imaxdiv(int64_t a, int64_t b) { return {a / b, a % b}; }

/// The Microsoft CRT's generator: state = state * 214013 + 2531011, result bits 16..30.
CRT_EXPORT void srand(unsigned int seed) { crt::thread_data().rand_state = seed; }
CRT_EXPORT int rand() {
    uint32_t& state = crt::thread_data().rand_state;
    state = state * 214013u + 2531011u;
    return static_cast<int>((state >> 16) & 0x7fff);
}

CRT_EXPORT int rand_s(unsigned int* value) {
    if (!value)
        return crt::kEINVAL;
    // FIXME: should come from the kernel's random source (RtlGenRandom); mix the clock and the
    // LCG until that exists.
    static uint64_t state = 0x9e3779b97f4a7c15ull;
    state ^= crt::os::performance_counter() + (state << 6) + (state >> 2);
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    *value = static_cast<unsigned int>(state >> 32);
    return 0;
}

// The rotations are compiler intrinsics under -fms-extensions, so they are defined under
// private names and exported as _rotl & co. through the spec ("_rotl = halcyon_rotl").
CRT_EXPORT unsigned int halcyon_rotl(unsigned int v, int s) { return (v << (s & 31)) | (v >> ((32 - s) & 31)); }
CRT_EXPORT unsigned int halcyon_rotr(unsigned int v, int s) { return (v >> (s & 31)) | (v << ((32 - s) & 31)); }
CRT_EXPORT uint64_t halcyon_rotl64(uint64_t v, int s) { return (v << (s & 63)) | (v >> ((64 - s) & 63)); }
CRT_EXPORT uint64_t halcyon_rotr64(uint64_t v, int s) { return (v >> (s & 63)) | (v << ((64 - s) & 63)); }
CRT_EXPORT unsigned short _byteswap_ushort(unsigned short v) { return __builtin_bswap16(v); }
CRT_EXPORT crt::WinULong _byteswap_ulong(crt::WinULong v) { return __builtin_bswap32(v); }
CRT_EXPORT uint64_t _byteswap_uint64(uint64_t v) { return __builtin_bswap64(v); }

CRT_EXPORT void _sleep(crt::WinULong milliseconds) { crt::os::sleep(milliseconds); }
CRT_EXPORT int _getpid() { return static_cast<int>(crt::os::current_process_id()); }
