#include "NtStatus.h"

namespace halcyon {

const char* NtStatus::name() const {
    switch (value) {
#define HALCYON_STATUS_NAME(n)                                                                          \
    case status::n.value:                                                                              \
        return #n;
        HALCYON_STATUS_NAME(Success)
        HALCYON_STATUS_NAME(Pending)
        HALCYON_STATUS_NAME(Abandoned)
        HALCYON_STATUS_NAME(Alerted)
        HALCYON_STATUS_NAME(Timeout)
        HALCYON_STATUS_NAME(NoYieldPerformed)
        HALCYON_STATUS_NAME(MutantNotOwned)
        HALCYON_STATUS_NAME(SemaphoreLimitExceeded)
        HALCYON_STATUS_NAME(SuspendCountExceeded)
        HALCYON_STATUS_NAME(ThreadIsTerminating)
        HALCYON_STATUS_NAME(BufferOverflow)
        HALCYON_STATUS_NAME(NoMoreFiles)
        HALCYON_STATUS_NAME(NoMoreEntries)
        HALCYON_STATUS_NAME(Unsuccessful)
        HALCYON_STATUS_NAME(NotImplemented)
        HALCYON_STATUS_NAME(InvalidInfoClass)
        HALCYON_STATUS_NAME(InfoLengthMismatch)
        HALCYON_STATUS_NAME(AccessViolation)
        HALCYON_STATUS_NAME(InvalidHandle)
        HALCYON_STATUS_NAME(InvalidParameter)
        HALCYON_STATUS_NAME(NoSuchFile)
        HALCYON_STATUS_NAME(EndOfFile)
        HALCYON_STATUS_NAME(NoMemory)
        HALCYON_STATUS_NAME(ConflictingAddresses)
        HALCYON_STATUS_NAME(NotMappedView)
        HALCYON_STATUS_NAME(UnableToFreeVm)
        HALCYON_STATUS_NAME(IllegalInstruction)
        HALCYON_STATUS_NAME(AccessDenied)
        HALCYON_STATUS_NAME(BufferTooSmall)
        HALCYON_STATUS_NAME(ObjectTypeMismatch)
        HALCYON_STATUS_NAME(ObjectNameInvalid)
        HALCYON_STATUS_NAME(ObjectNameNotFound)
        HALCYON_STATUS_NAME(ObjectNameCollision)
        HALCYON_STATUS_NAME(ObjectPathInvalid)
        HALCYON_STATUS_NAME(ObjectPathNotFound)
        HALCYON_STATUS_NAME(ObjectPathSyntaxBad)
        HALCYON_STATUS_NAME(SharingViolation)
        HALCYON_STATUS_NAME(InvalidPageProtection)
        HALCYON_STATUS_NAME(DeletePending)
        HALCYON_STATUS_NAME(MemoryNotAllocated)
        HALCYON_STATUS_NAME(InvalidImageFormat)
        HALCYON_STATUS_NAME(DiskFull)
        HALCYON_STATUS_NAME(InsufficientResources)
        HALCYON_STATUS_NAME(FileIsADirectory)
        HALCYON_STATUS_NAME(NotSupported)
        HALCYON_STATUS_NAME(InvalidImageNotMz)
        HALCYON_STATUS_NAME(InvalidImageProtect)
        HALCYON_STATUS_NAME(InvalidImageWin16)
        HALCYON_STATUS_NAME(DirectoryNotEmpty)
        HALCYON_STATUS_NAME(NotADirectory)
        HALCYON_STATUS_NAME(NameTooLong)
        HALCYON_STATUS_NAME(ProcessIsTerminating)
        HALCYON_STATUS_NAME(DllNotFound)
        HALCYON_STATUS_NAME(EntrypointNotFound)
        HALCYON_STATUS_NAME(OrdinalNotFound)
        HALCYON_STATUS_NAME(DllInitFailed)
        HALCYON_STATUS_NAME(InvalidImageWin64)
        HALCYON_STATUS_NAME(IntegerOverflow)
        HALCYON_STATUS_NAME(IntegerDivideByZero)
        HALCYON_STATUS_NAME(PrivilegedInstruction)
        HALCYON_STATUS_NAME(StackOverflow)
        HALCYON_STATUS_NAME(Breakpoint)
        HALCYON_STATUS_NAME(GuardPageViolation)
        HALCYON_STATUS_NAME(ImageMachineTypeMismatch)
        HALCYON_STATUS_NAME(InvalidSystemService)
        HALCYON_STATUS_NAME(NotFound)
#undef HALCYON_STATUS_NAME
    default:
        return "STATUS_?";
    }
}

} // namespace halcyon
