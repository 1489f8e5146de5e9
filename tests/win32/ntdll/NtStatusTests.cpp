#include <gtest/gtest.h>

#include "NtdllHarness.h"
#include "core/lib/NtStatus.h"

using namespace halcyon;

TEST(NtStatusToDosError, EveryKernelStatusHasAMapping) {
    const NtStatus statuses[] = {
        status::Pending,
        status::Timeout,
        status::BufferOverflow,
        status::NoMoreFiles,
        status::NoMoreEntries,
        status::Unsuccessful,
        status::NotImplemented,
        status::InvalidInfoClass,
        status::InfoLengthMismatch,
        status::AccessViolation,
        status::InvalidHandle,
        status::InvalidParameter,
        status::NoSuchFile,
        status::EndOfFile,
        status::NoMemory,
        status::ConflictingAddresses,
        status::NotMappedView,
        status::UnableToFreeVm,
        status::IllegalInstruction,
        status::AccessDenied,
        status::BufferTooSmall,
        status::ObjectTypeMismatch,
        status::ObjectNameInvalid,
        status::ObjectNameNotFound,
        status::ObjectNameCollision,
        status::ObjectPathInvalid,
        status::ObjectPathNotFound,
        status::ObjectPathSyntaxBad,
        status::SharingViolation,
        status::InvalidPageProtection,
        status::DeletePending,
        status::MemoryNotAllocated,
        status::InvalidImageFormat,
        status::DiskFull,
        status::InsufficientResources,
        status::FileIsADirectory,
        status::NotSupported,
        status::InvalidImageNotMz,
        status::InvalidImageProtect,
        status::InvalidImageWin16,
        status::DirectoryNotEmpty,
        status::NotADirectory,
        status::NameTooLong,
        status::ProcessIsTerminating,
        status::DllNotFound,
        status::EntrypointNotFound,
        status::OrdinalNotFound,
        status::DllInitFailed,
        status::InvalidImageWin64,
        status::IntegerOverflow,
        status::IntegerDivideByZero,
        status::PrivilegedInstruction,
        status::StackOverflow,
        status::Breakpoint,
        status::GuardPageViolation,
        status::ImageMachineTypeMismatch,
        status::InvalidSystemService,
        status::NotFound,
    };
    for (NtStatus s : statuses)
        EXPECT_NE(RtlNtStatusToDosErrorNoTeb(static_cast<NTSTATUS>(s.value)), 317u) << s.name();
}

TEST(NtStatusToDosError, MapsTheWellKnownCodes) {
    struct Case {
        uint32_t status;
        ULONG error;
    } const cases[] = {
        {0x00000000, 0},   {0xC0000034, 2},          {0xC000003A, 3},    {0xC0000022, 5},
        {0xC0000008, 6},   {0xC0000017, 8},          {0xC000000D, 87},   {0xC0000023, 122},
        {0xC0000135, 126}, {0xC0000139, 127},        {0xC0000138, 182},  {0xC0000035, 183},
        {0xC000007B, 193}, {0xC0000142, 1114},       {0x80000005, 234},  {0x80000006, 18},
        {0xC0000043, 32},  {0xC0000101, 145},        {0xC0000103, 267},  {0xC00000BA, 5},
        {0xC0000011, 38},  {0x00000103, 997},        {0x00000102, 1460}, {0xC0000005, 998},
        {0xC0000100, 203}, {0x80070005, 5},          {0xC0010020, 0x20}, {0xD0000022, 5},
        {0xC0FFEE00, 317}, {0xE0000001, 0xE0000001},
    };
    for (const Case& c : cases)
        EXPECT_EQ(RtlNtStatusToDosErrorNoTeb(static_cast<NTSTATUS>(c.status)), c.error)
            << std::hex << c.status;
}
