/* Two threads each fill all sixteen YMM registers (full 256 bits) with their own pattern, spin
 * long enough to be preempted many times while the other thread does the same, then check every
 * register still holds its pattern. Exits 0 when both threads kept all their values. Built with
 * -mavx: on a CPU or OS without AVX it dies with an illegal instruction. */
#include <stdio.h>
#include <string.h>
#include <windows.h>

#define SPIN_ITERATIONS 40000000ull

static int check_thread(unsigned seed) {
    unsigned long long in[4], out[16][4];
    for (int i = 0; i < 4; ++i)
        in[i] = 0x0101010101010101ull * (seed + i) ^ ((unsigned long long)seed << 40);
    __asm__ volatile(
        "vmovdqu (%[in]), %%ymm0\n"
        "vpaddq %%ymm0, %%ymm0, %%ymm1\n vpaddq %%ymm1, %%ymm0, %%ymm2\n vpaddq %%ymm2, %%ymm0, %%ymm3\n"
        "vpaddq %%ymm3, %%ymm0, %%ymm4\n vpaddq %%ymm4, %%ymm0, %%ymm5\n vpaddq %%ymm5, %%ymm0, %%ymm6\n"
        "vpaddq %%ymm6, %%ymm0, %%ymm7\n vpaddq %%ymm7, %%ymm0, %%ymm8\n vpaddq %%ymm8, %%ymm0, %%ymm9\n"
        "vpaddq %%ymm9, %%ymm0, %%ymm10\n vpaddq %%ymm10, %%ymm0, %%ymm11\n vpaddq %%ymm11, %%ymm0, %%ymm12\n"
        "vpaddq %%ymm12, %%ymm0, %%ymm13\n vpaddq %%ymm13, %%ymm0, %%ymm14\n vpaddq %%ymm14, %%ymm0, %%ymm15\n"
        "mov %[spin], %%rcx\n"
        "1: dec %%rcx\n jnz 1b\n"
        "vmovdqu %%ymm0, 0x000(%[out])\n vmovdqu %%ymm1, 0x020(%[out])\n vmovdqu %%ymm2, 0x040(%[out])\n"
        "vmovdqu %%ymm3, 0x060(%[out])\n vmovdqu %%ymm4, 0x080(%[out])\n vmovdqu %%ymm5, 0x0a0(%[out])\n"
        "vmovdqu %%ymm6, 0x0c0(%[out])\n vmovdqu %%ymm7, 0x0e0(%[out])\n vmovdqu %%ymm8, 0x100(%[out])\n"
        "vmovdqu %%ymm9, 0x120(%[out])\n vmovdqu %%ymm10, 0x140(%[out])\n vmovdqu %%ymm11, 0x160(%[out])\n"
        "vmovdqu %%ymm12, 0x180(%[out])\n vmovdqu %%ymm13, 0x1a0(%[out])\n vmovdqu %%ymm14, 0x1c0(%[out])\n"
        "vmovdqu %%ymm15, 0x1e0(%[out])\n"
        "vzeroupper\n"
        :
        : [in] "r"(in), [out] "r"(out), [spin] "i"(SPIN_ITERATIONS)
        : "rcx", "memory", "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9",
          "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15");
    int bad = 0;
    for (int r = 0; r < 16; ++r)
        for (int i = 0; i < 4; ++i)
            if (out[r][i] != in[i] * (unsigned long long)(r + 1))
                ++bad;
    return bad;
}

static volatile LONG results[2];

static DWORD WINAPI worker(LPVOID argument) {
    unsigned index = (unsigned)(ULONG_PTR)argument;
    results[index] = check_thread(0x11 * (index + 1));
    return 0;
}

int main(void) {
    HANDLE threads[2];
    for (int i = 0; i < 2; ++i)
        threads[i] = CreateThread(NULL, 0, worker, (LPVOID)(ULONG_PTR)i, 0, NULL);
    WaitForMultipleObjects(2, threads, TRUE, INFINITE);
    for (int i = 0; i < 2; ++i) {
        printf("thread %d: %s\n", i, results[i] ? "YMM registers changed" : "all 16 YMM registers kept");
        CloseHandle(threads[i]);
    }
    return results[0] || results[1];
}
