#pragma once

// NTSTATUS values as the kernel reports them at the system-call boundary. Values are the ones
// documented in [ms-erref] 2.3; only the codes Halcyon produces are named here.

#include "Types.h"

namespace halcyon {

struct NtStatus {
    u32 value;

    constexpr bool operator==(const NtStatus&) const = default;
    /// Success and informational codes (severity 0 and 1) count as success, as NT_SUCCESS does.
    constexpr bool is_success() const { return static_cast<i32>(value) >= 0; }
    constexpr bool is_error() const { return !is_success(); }
    const char* name() const;
};

namespace status {
constexpr NtStatus Success{0x00000000};
constexpr NtStatus Pending{0x00000103};
constexpr NtStatus Abandoned{0x00000080}; // STATUS_ABANDONED_WAIT_0
constexpr NtStatus Alerted{0x00000101};
constexpr NtStatus Timeout{0x00000102};
constexpr NtStatus NoYieldPerformed{0x40000024};
constexpr NtStatus UserApc{0x000000C0};          // an alertable wait ended for user APCs
constexpr NtStatus ObjectNameExists{0x40000000}; // a create opened an existing named object
constexpr NtStatus BufferOverflow{0x80000005};
constexpr NtStatus NoMoreFiles{0x80000006};
constexpr NtStatus NoMoreEntries{0x8000001A};
constexpr NtStatus Unsuccessful{0xC0000001};
constexpr NtStatus NotImplemented{0xC0000002};
constexpr NtStatus InvalidInfoClass{0xC0000003};
constexpr NtStatus InfoLengthMismatch{0xC0000004};
constexpr NtStatus AccessViolation{0xC0000005};
constexpr NtStatus InvalidHandle{0xC0000008};
constexpr NtStatus InvalidParameter{0xC000000D};
constexpr NtStatus NoSuchFile{0xC000000F};
constexpr NtStatus EndOfFile{0xC0000011};
constexpr NtStatus NoMemory{0xC0000017};
constexpr NtStatus ConflictingAddresses{0xC0000018};
constexpr NtStatus NotMappedView{0xC0000019};
constexpr NtStatus InvalidViewSize{0xC000001F};
constexpr NtStatus InvalidFileForSection{0xC0000020};
constexpr NtStatus UnableToFreeVm{0xC000001A};
constexpr NtStatus IllegalInstruction{0xC000001D};
constexpr NtStatus AccessDenied{0xC0000022};
constexpr NtStatus BufferTooSmall{0xC0000023};
constexpr NtStatus ObjectTypeMismatch{0xC0000024};
constexpr NtStatus ObjectNameInvalid{0xC0000033};
constexpr NtStatus ObjectNameNotFound{0xC0000034};
constexpr NtStatus ObjectNameCollision{0xC0000035};
constexpr NtStatus ObjectPathInvalid{0xC0000039};
constexpr NtStatus ObjectPathNotFound{0xC000003A};
constexpr NtStatus ObjectPathSyntaxBad{0xC000003B};
constexpr NtStatus SharingViolation{0xC0000043};
constexpr NtStatus InvalidPageProtection{0xC0000045};
constexpr NtStatus MutantNotOwned{0xC0000046};
constexpr NtStatus SemaphoreLimitExceeded{0xC0000047};
constexpr NtStatus SuspendCountExceeded{0xC000004A};
constexpr NtStatus ThreadIsTerminating{0xC000004B};
constexpr NtStatus FileLockConflict{0xC0000054};
constexpr NtStatus LockNotGranted{0xC0000055};
constexpr NtStatus DeletePending{0xC0000056};
constexpr NtStatus RangeNotLocked{0xC000007E};
constexpr NtStatus MemoryNotAllocated{0xC00000A0};
constexpr NtStatus InvalidImageFormat{0xC000007B};
constexpr NtStatus DiskFull{0xC000007F};
constexpr NtStatus InvalidDeviceRequest{0xC0000010};
constexpr NtStatus SectionTooBig{0xC0000040};
constexpr NtStatus NotSameDevice{0xC00000D4};
constexpr NtStatus MappedFileSizeZero{0xC000011E};
constexpr NtStatus MappedAlignment{0xC0000220};
constexpr NtStatus InsufficientResources{0xC000009A};
constexpr NtStatus FileIsADirectory{0xC00000BA};
constexpr NtStatus NotSupported{0xC00000BB};
constexpr NtStatus InvalidImageNotMz{0xC000012F};
constexpr NtStatus InvalidImageProtect{0xC0000130};
constexpr NtStatus InvalidImageWin16{0xC0000131};
constexpr NtStatus DirectoryNotEmpty{0xC0000101};
constexpr NtStatus NotADirectory{0xC0000103};
constexpr NtStatus NameTooLong{0xC0000106};
constexpr NtStatus ProcessIsTerminating{0xC000010A};
constexpr NtStatus DllNotFound{0xC0000135};
constexpr NtStatus EntrypointNotFound{0xC0000139};
constexpr NtStatus OrdinalNotFound{0xC0000138};
constexpr NtStatus DllInitFailed{0xC0000142};
constexpr NtStatus InvalidImageWin64{0xC0000359};
constexpr NtStatus IntegerOverflow{0xC0000095};
constexpr NtStatus IntegerDivideByZero{0xC0000094};
constexpr NtStatus PrivilegedInstruction{0xC0000096};
constexpr NtStatus StackOverflow{0xC00000FD};
constexpr NtStatus Breakpoint{0x80000003};
constexpr NtStatus GuardPageViolation{0x80000001};
constexpr NtStatus ImageMachineTypeMismatch{0x4000000E};
constexpr NtStatus InvalidSystemService{0xC000001C};
constexpr NtStatus NotFound{0xC0000225};
// The registry's statuses (core/registry).
constexpr NtStatus CannotDelete{0xC0000121};
constexpr NtStatus RegistryCorrupt{0xC000014C};
constexpr NtStatus KeyDeleted{0xC000017C};
constexpr NtStatus ChildMustBeVolatile{0xC0000181};
} // namespace status

} // namespace halcyon
