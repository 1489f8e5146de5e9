#pragma once

// Shared pieces of the core/mm tests: a harness wiring an AddressSpace to a fake backend and a
// frame pool, and helpers to compare ErrorOr results by NTSTATUS with readable failure output.

#include "core/mm/AddressSpace.h"
#include "tests/core/mm/FakePageTableBackend.h"

#include <gtest/gtest.h>
#include <ostream>

namespace halcyon {

inline void PrintTo(const NtStatus& status, std::ostream* out) {
    *out << status.name() << " (0x" << std::hex << status.value << std::dec << ")";
}

template <typename T>
NtStatus status_of(const ErrorOr<T>& result) {
    return result.is_error() ? result.error().status() : status::Success;
}

} // namespace halcyon

namespace halcyon::test {

constexpr u64 kTestPhysBase = 0x20'0000;

using TestAddressSpace = mm::AddressSpace<FakePageTableBackend>;

struct Harness {
    explicit Harness(u64 frame_count = 256, u64 lowest = mm::kDefaultLowestUserAddress,
                     u64 end = mm::kDefaultUserAddressEnd)
        : backend(kTestPhysBase, frame_count), space(backend, frames, lowest, end) {
        auto added = frames.add_range(kTestPhysBase, frame_count * mm::kPageSize);
        EXPECT_FALSE(added.is_error());
    }

    FakePageTableBackend backend;
    mm::PhysicalAllocator frames;
    TestAddressSpace space;

    /// Reserves and commits `size` bytes wherever the space chooses; fails the test otherwise.
    u64 commit_anywhere(u64 size, u32 protection = mm::PAGE_READWRITE) {
        auto range = space.allocate(0, size, mm::MEM_RESERVE | mm::MEM_COMMIT, protection);
        EXPECT_FALSE(range.is_error());
        return range.is_error() ? 0 : range.value().base;
    }

    mm::MemoryBasicInformation query(u64 va) {
        auto info = space.query(va);
        EXPECT_FALSE(info.is_error());
        return info.is_error() ? mm::MemoryBasicInformation{} : info.value();
    }

    /// Frames held by the space plus frames free must be every frame, and the backend must map
    /// exactly the committed pages.
    void expect_consistent() {
        EXPECT_EQ(frames.free_frames() + space.committed_pages(), frames.total_frames());
        EXPECT_EQ(backend.mappings.size(), space.committed_pages());
        EXPECT_EQ(backend.contract_violations, 0u);
        EXPECT_EQ(frames.bad_free_count(), 0u);
    }
};

} // namespace halcyon::test

#define EXPECT_STATUS(expression, expected) EXPECT_EQ(::halcyon::status_of(expression), (expected))
#define ASSERT_OK(expression) ASSERT_EQ(::halcyon::status_of(expression), ::halcyon::status::Success)
#define EXPECT_OK(expression) EXPECT_EQ(::halcyon::status_of(expression), ::halcyon::status::Success)
