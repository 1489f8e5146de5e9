#pragma once

// The vocabulary of the memory manager: the Windows MEM_* / PAGE_* constants, the kernel-side
// MEMORY_BASIC_INFORMATION, and the small value types the AddressSpace API speaks in.
//
// The constants keep their winnt.h names (rather than the usual kCamelCase) on purpose: they are
// ABI values that cross the system-call boundary unchanged, and reading `PAGE_EXECUTE_READ` next
// to the Microsoft documentation is worth more than stylistic uniformity.

#include "core/lib/NtStatus.h"
#include "core/lib/Types.h"

namespace halcyon::mm {

constexpr u64 kPageSize = 4 * KiB;
constexpr u64 kPageShift = 12;
/// Reservations start on this boundary ([ms-docs] VirtualAlloc: "rounded down to the next 64 KB").
constexpr u64 kAllocationGranularity = 64 * KiB;

/// Default user range: Windows x64 keeps the first 64 KiB free and ends user space at
/// MM_HIGHEST_USER_ADDRESS 0x7FFF'FFFE'FFFF (inclusive), so the exclusive end is 0x7FFF'FFFF'0000.
constexpr u64 kDefaultLowestUserAddress = 0x1'0000;
constexpr u64 kDefaultUserAddressEnd = 0x7FFF'FFFF'0000;

// Allocation types (NtAllocateVirtualMemory / NtFreeVirtualMemory).
constexpr u32 MEM_COMMIT = 0x0000'1000;
constexpr u32 MEM_RESERVE = 0x0000'2000;
constexpr u32 MEM_DECOMMIT = 0x0000'4000;
constexpr u32 MEM_RELEASE = 0x0000'8000;
constexpr u32 MEM_FREE = 0x0001'0000;
constexpr u32 MEM_PRIVATE = 0x0002'0000;
constexpr u32 MEM_MAPPED = 0x0004'0000;
constexpr u32 MEM_RESET = 0x0008'0000;
constexpr u32 MEM_TOP_DOWN = 0x0010'0000;
constexpr u32 MEM_WRITE_WATCH = 0x0020'0000;
constexpr u32 MEM_PHYSICAL = 0x0040'0000;
constexpr u32 MEM_RESET_UNDO = 0x0100'0000;
constexpr u32 MEM_LARGE_PAGES = 0x2000'0000;
constexpr u32 MEM_IMAGE = 0x0100'0000; // Same value as MEM_RESET_UNDO; they live in different fields.

// Page protections. Exactly one of the low eight bits, optionally with one modifier.
constexpr u32 PAGE_NOACCESS = 0x01;
constexpr u32 PAGE_READONLY = 0x02;
constexpr u32 PAGE_READWRITE = 0x04;
constexpr u32 PAGE_WRITECOPY = 0x08;
constexpr u32 PAGE_EXECUTE = 0x10;
constexpr u32 PAGE_EXECUTE_READ = 0x20;
constexpr u32 PAGE_EXECUTE_READWRITE = 0x40;
constexpr u32 PAGE_EXECUTE_WRITECOPY = 0x80;
constexpr u32 PAGE_GUARD = 0x100;
constexpr u32 PAGE_NOCACHE = 0x200;
constexpr u32 PAGE_WRITECOMBINE = 0x400;

/// The mask of the base (access) protection within a PAGE_* value.
constexpr u32 kPageAccessMask = 0xFF;
/// The modifiers that may accompany a base protection.
constexpr u32 kPageModifierMask = PAGE_GUARD | PAGE_NOCACHE | PAGE_WRITECOMBINE;

/// What kind of object backs an allocation; reported in MEMORY_BASIC_INFORMATION::Type.
enum class RegionType : u32 {
    Private = MEM_PRIVATE, ///< NtAllocateVirtualMemory.
    Image = MEM_IMAGE,     ///< A PE image laid out by the kernel's image mapper.
    Mapped = MEM_MAPPED,   ///< A view of a data section (not produced yet).
};

/// Kernel-side MEMORY_BASIC_INFORMATION, field for field MEMORY_BASIC_INFORMATION64 so the
/// system-call layer can copy it out verbatim.
struct MemoryBasicInformation {
    u64 base_address;
    u64 allocation_base;
    u32 allocation_protect;
    u16 partition_id;
    u16 reserved0;
    u64 region_size;
    u32 state;
    u32 protect;
    u32 type;
    u32 reserved1;
};
static_assert(sizeof(MemoryBasicInformation) == 48);
static_assert(__builtin_offsetof(MemoryBasicInformation, region_size) == 24);
static_assert(__builtin_offsetof(MemoryBasicInformation, state) == 32);
static_assert(__builtin_offsetof(MemoryBasicInformation, type) == 40);

/// A page-aligned virtual range, as NT returns it in the in/out BaseAddress/RegionSize pair.
struct VirtualRange {
    u64 base;
    u64 size;
    u64 end() const { return base + size; }
};

/// The access that caused a fault or that a user-copy wants to perform.
enum class AccessKind : u8 { Read, Write, Execute };

/// Why handle_fault decided what it decided; for logs and for the exception record.
enum class FaultReason : u8 {
    Spurious,             ///< The page already permits the access (stale TLB, racing fix-up).
    CopyOnWrite,          ///< A write to a WRITECOPY page; the page became READWRITE.
    GuardPage,            ///< First touch of a guard page; the guard bit is now clear.
    OutsideUserRange,     ///< The address is not a user address at all.
    NotAllocated,         ///< No allocation contains the address (MEM_FREE).
    NotCommitted,         ///< The page is reserved but not committed.
    NoAccess,             ///< PAGE_NOACCESS.
    WriteToReadOnly,      ///< A write to a page without write permission.
    ExecuteNonExecutable, ///< Execution from a page without execute permission (DEP).
};

/// The page-fault handler's verdict. `exception` says what (if anything) the kernel raises in the
/// faulting thread: Success (just retry the instruction), GuardPageViolation or AccessViolation.
struct FaultResult {
    enum class Kind : u8 { Resolved, AccessViolation };
    Kind kind;
    FaultReason reason;
    NtStatus exception;

    bool is_resolved() const { return kind == Kind::Resolved; }
    bool should_raise_exception() const { return exception != status::Success; }
};

/// NtProtectVirtualMemory's outputs: the previous protection of the first page and the page range
/// that was changed.
struct ProtectResult {
    u32 old_protection;
    VirtualRange range;
};

// NTSTATUS codes the memory manager reports that core/lib/NtStatus.h does not name yet.
// FIXME: move these into core/lib/NtStatus.h (owned elsewhere) so NtStatus::name() knows them.
namespace mm_status {
/// [ms-erref] STATUS_NOT_COMMITTED: protection change on a page that is only reserved.
constexpr NtStatus NotCommitted{0xC000002D};
/// [ms-erref] STATUS_FREE_VM_NOT_AT_BASE: MEM_RELEASE of an address that is not an allocation base.
constexpr NtStatus FreeVmNotAtBase{0xC000009F};
} // namespace mm_status

} // namespace halcyon::mm
