#pragma once

// The software state of one committed page, packed like a page-table entry: the frame address in
// bits 12..51, the PAGE_* protection (access byte plus GUARD/NOCACHE/WRITECOMBINE) in bits 0..10,
// a committed bit, a transient bit used to roll back a commit that failed half-way, and a borrowed
// bit for frames the address space maps but does not own (views of data sections).

#include "core/lib/Types.h"
#include "core/mm/VmTypes.h"

namespace halcyon::mm {

class PageState {
public:
    static constexpr u64 kProtectionMask = 0x7FF;
    static constexpr u64 kCommittedBit = 1ull << 11;
    static constexpr u64 kFrameMask = 0x000F'FFFF'FFFF'F000;
    /// Set on pages committed by the AddressSpace operation in progress; never visible between
    /// operations (the lock is held while it is set).
    static constexpr u64 kPendingBit = 1ull << 63;
    /// The frame belongs to someone else (a data section): decommitting unmaps it without freeing.
    static constexpr u64 kBorrowedBit = 1ull << 62;
    /// The bits that make two pages "the same" for MEMORY_BASIC_INFORMATION runs.
    static constexpr u64 kAttributeMask = kProtectionMask | kCommittedBit;

    constexpr PageState() = default;
    static constexpr PageState committed(u64 frame, u32 protection) {
        return PageState((frame & kFrameMask) | (protection & kProtectionMask) | kCommittedBit);
    }
    static constexpr PageState from_raw(u64 raw) { return PageState(raw); }

    constexpr u64 raw() const { return m_raw; }
    constexpr bool is_committed() const { return m_raw & kCommittedBit; }
    constexpr bool is_pending() const { return m_raw & kPendingBit; }
    constexpr bool is_borrowed() const { return m_raw & kBorrowedBit; }
    constexpr u64 frame() const { return m_raw & kFrameMask; }
    constexpr u32 protection() const { return static_cast<u32>(m_raw & kProtectionMask); }
    constexpr u64 attributes() const { return m_raw & kAttributeMask; }

    constexpr PageState with_protection(u32 protection) const {
        return PageState((m_raw & ~kProtectionMask) | (protection & kProtectionMask));
    }
    constexpr PageState with_borrowed(bool borrowed) const {
        return PageState(borrowed ? (m_raw | kBorrowedBit) : (m_raw & ~kBorrowedBit));
    }
    constexpr PageState with_pending(bool pending) const {
        return PageState(pending ? (m_raw | kPendingBit) : (m_raw & ~kPendingBit));
    }

private:
    constexpr explicit PageState(u64 raw) : m_raw(raw) {}
    u64 m_raw{0};
};

} // namespace halcyon::mm
