#pragma once

// A process's handle table, with the handle values Windows programs expect:
//
// - Handle values are multiples of 4 starting at 4. 0 is never a valid handle (NULL), and the low
//   two bits are ignored on lookup, as NT does (they are free for applications to tag; see
//   "Windows Internals" 7th ed., ch. 8, "Object handles and the process handle table").
// - Freed slots are reused, most recently freed first, so handle values stay small.
// - The pseudo-handles NtCurrentProcess() (-1, 0xFFFFFFFFFFFFFFFF) and NtCurrentThread() (-2) are
//   NOT stored here: the system-call layer recognises them before it consults the table, and the
//   table answers InvalidHandle for them.
//
// Each entry owns one reference to its object. Objects are never destroyed while the table's lock
// is held: close() and close_all() move the references out and drop them after unlocking, since
// destroying an object may do arbitrary work (flush a file, wake waiters, take other locks).

#include <core/lib/ErrorOr.h>
#include <core/lib/RefPtr.h>
#include <core/lib/Spinlock.h>
#include <core/lib/Vector.h>
#include <core/ob/Object.h>

namespace halcyon::ob {

/// STATUS_HANDLE_NOT_CLOSABLE [ms-erref] 2.3.1.
// FIXME: move into core/lib/NtStatus.h (status::HandleNotClosable) and give it a name() entry.
constexpr NtStatus kStatusHandleNotClosable{0xC0000235};

/// Per-handle attribute bits, with the values of HANDLE_FLAG_INHERIT and
/// HANDLE_FLAG_PROTECT_FROM_CLOSE (SetHandleInformation), which ObjectHandleFlagInformation maps to.
namespace handle_attribute {
constexpr u32 Inherit = 0x1;
constexpr u32 ProtectFromClose = 0x2;
constexpr u32 ValidMask = Inherit | ProtectFromClose;
} // namespace handle_attribute

/// The pseudo-handles; resolved by the system-call layer, never present in a table.
constexpr u64 kCurrentProcessHandle = 0xFFFFFFFFFFFFFFFFull;
constexpr u64 kCurrentThreadHandle = 0xFFFFFFFFFFFFFFFEull;

/// What a handle refers to, for services that need more than the object.
struct HandleInfo {
    RefPtr<Object> object;
    u32 granted_access{0};
    u32 attributes{0};
};

class HandleTable {
public:
    /// Windows caps a process at 2^24 handles ("16 million"); so do we by default.
    static constexpr u32 kDefaultMaxHandles = 1u << 24;

    /// `max_handles` bounds growth; reaching it makes insert fail with InsufficientResources.
    explicit HandleTable(u32 max_handles = kDefaultMaxHandles);
    HandleTable(const HandleTable&) = delete;
    HandleTable& operator=(const HandleTable&) = delete;
    /// Releases every remaining object (as close_all does).
    ~HandleTable();

    /// Stores a reference to `object` and returns its new handle value. `attributes` is a mask of
    /// handle_attribute bits; unknown bits are InvalidParameter.
    ErrorOr<u64> insert(RefPtr<Object> object, u32 granted_access, u32 attributes = 0);

    /// The object behind `handle`. With a `required_type` other than Any, an object of another
    /// type is ObjectTypeMismatch; an unknown handle is InvalidHandle.
    ErrorOr<RefPtr<Object>> lookup(u64 handle, ObjectType required_type = ObjectType::Any) const;

    /// As lookup, and also checks that every bit of `desired_access` was granted (AccessDenied
    /// otherwise). Generic rights must already be mapped to specific ones by the caller.
    ErrorOr<RefPtr<Object>> lookup_with_access(u64 handle, ObjectType required_type, u32 desired_access) const;

    /// The object, granted access and attributes behind `handle`.
    ErrorOr<HandleInfo> query(u64 handle) const;

    /// Typed lookup: InvalidHandle for an unknown handle, ObjectTypeMismatch for another type,
    /// AccessDenied when `desired_access` was not granted.
    template <typename T>
    ErrorOr<RefPtr<T>> lookup_as(u64 handle, u32 desired_access = 0) const {
        RefPtr<Object> object = TRY(lookup_with_access(handle, T::kType, desired_access));
        return object_cast<T>(move(object));
    }

    /// Removes `handle` and drops its reference. InvalidHandle when unknown; a handle marked
    /// ProtectFromClose stays open and the call fails with kStatusHandleNotClosable, as NtClose does.
    ErrorOr<void> close(u64 handle);

    /// Replaces the attribute bits selected by `mask` with those of `value`
    /// (NtSetInformationObject(ObjectHandleFlagInformation)).
    ErrorOr<void> set_attributes(u64 handle, u32 mask, u32 value);

    /// Process teardown: releases every handle, protected or not. The table stays usable.
    void close_all();

    /// Copies every handle marked Inherit into `child` under the same handle value, as
    /// CreateProcess(bInheritHandles=TRUE) does. `child` must be empty.
    ErrorOr<void> copy_inheritable_into(HandleTable& child) const;

    /// The number of open handles.
    usize count() const;

    /// Self-check for fuzzers and tests: every used slot holds a live object whose reference
    /// count covers the slots naming it, the free chain visits exactly the free slots once, and
    /// the handle count matches. Returns the first inconsistency found.
    ErrorOr<void> check_consistency() const;

private:
    struct Entry {
        /// Null when the slot is free.
        RefPtr<Object> object;
        u32 granted_access{0};
        u32 attributes{0};
        /// When free: index of the next free slot, or kNoFreeSlot.
        u32 next_free{0};
    };

    static constexpr u32 kNoFreeSlot = 0xFFFFFFFF;

    static u64 handle_for_index(u32 index) { return (static_cast<u64>(index) + 1) * 4; }
    /// The slot index for `handle`, or kNoFreeSlot when it cannot name a slot.
    u32 index_for_handle(u64 handle) const;
    /// Requires m_lock. The live entry for `handle`, or null.
    Entry* entry_for_handle(u64 handle);
    const Entry* entry_for_handle(u64 handle) const;

    mutable Spinlock m_lock;
    /// Slot i holds handle value (i + 1) * 4.
    Vector<Entry> m_entries;
    /// Head of the free slot chain threaded through Entry::next_free.
    u32 m_first_free{kNoFreeSlot};
    usize m_count{0};
    const u32 m_max_handles;
};

} // namespace halcyon::ob
