#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "NtdllHarness.h"

using namespace ntdll_test;

TEST(CriticalSection, IsRecursiveAndCountsLikeWindows) {
    reset_process();
    RTL_CRITICAL_SECTION section;
    RtlInitializeCriticalSection(&section);
    EXPECT_EQ(section.LockCount, -1);
    RtlEnterCriticalSection(&section);
    RtlEnterCriticalSection(&section);
    EXPECT_EQ(section.RecursionCount, 2);
    EXPECT_EQ(section.LockCount, 1);
    EXPECT_EQ(section.OwningThread,
              reinterpret_cast<HANDLE>(halcyon::ntdll::current_teb()->client_id.unique_thread));
    EXPECT_TRUE(RtlIsCriticalSectionLockedByThread(&section));
    EXPECT_TRUE(RtlTryEnterCriticalSection(&section));
    RtlLeaveCriticalSection(&section);
    RtlLeaveCriticalSection(&section);
    RtlLeaveCriticalSection(&section);
    EXPECT_EQ(section.LockCount, -1);
    EXPECT_EQ(section.OwningThread, nullptr);
    RtlDeleteCriticalSection(&section);
}

TEST(CriticalSection, TryEnterFailsWhileAnotherThreadOwnsIt) {
    reset_process();
    RTL_CRITICAL_SECTION section;
    RtlInitializeCriticalSection(&section);
    RtlEnterCriticalSection(&section);
    bool acquired = true;
    std::thread([&] { acquired = RtlTryEnterCriticalSection(&section); }).join();
    EXPECT_FALSE(acquired);
    RtlLeaveCriticalSection(&section);
    std::thread([&] {
        acquired = RtlTryEnterCriticalSection(&section);
        RtlLeaveCriticalSection(&section);
    }).join();
    EXPECT_TRUE(acquired);
    RtlDeleteCriticalSection(&section);
}

TEST(CriticalSection, ContendedThreadsBlockAndAllGetIn) {
    reset_process();
    for (ULONG spin : {0u, 4000u}) {
        RTL_CRITICAL_SECTION section;
        RtlInitializeCriticalSectionAndSpinCount(&section, spin);
        long counter = 0; // deliberately unsynchronised except by the section
        std::vector<std::thread> threads;
        for (int t = 0; t < 6; ++t) {
            threads.emplace_back([&] {
                for (int i = 0; i < 20000; ++i) {
                    RtlEnterCriticalSection(&section);
                    RtlEnterCriticalSection(&section);
                    long value = counter;
                    if (i % 1000 == 0)
                        std::this_thread::yield();
                    counter = value + 1;
                    RtlLeaveCriticalSection(&section);
                    RtlLeaveCriticalSection(&section);
                }
            });
        }
        for (auto& thread : threads)
            thread.join();
        EXPECT_EQ(counter, 6 * 20000);
        EXPECT_EQ(section.LockCount, -1);
        EXPECT_NE(section.LockSemaphore, nullptr) << "contention created the wake-up event";
        RtlDeleteCriticalSection(&section);
    }
}
