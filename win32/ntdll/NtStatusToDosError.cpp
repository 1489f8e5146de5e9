// RtlNtStatusToDosErrorNoTeb: NTSTATUS -> Win32 error code, as Windows maps them (the values
// agree with Windows' own table as documented in [ms-erref] and observed through Wine's
// conformance tests). The table covers every status the Halcyon kernel produces
// (core/lib/NtStatus.h) plus the ones the user-mode DLLs raise themselves.

#include "Ntdll.h"

namespace {

struct StatusMapping {
    uint32_t status;
    uint32_t error;
};

// Win32 error codes ([ms-erref] 2.2) used below.
constexpr uint32_t kErrorInvalidFunction = 1;
constexpr uint32_t kErrorFileNotFound = 2;
constexpr uint32_t kErrorPathNotFound = 3;
constexpr uint32_t kErrorAccessDenied = 5;
constexpr uint32_t kErrorInvalidHandle = 6;
constexpr uint32_t kErrorNotEnoughMemory = 8;
constexpr uint32_t kErrorNotSameDevice = 17;
constexpr uint32_t kErrorNoMoreFiles = 18;
constexpr uint32_t kErrorWriteProtect = 19;
constexpr uint32_t kErrorNotReady = 21;
constexpr uint32_t kErrorBadLength = 24;
constexpr uint32_t kErrorGenFailure = 31;
constexpr uint32_t kErrorSharingViolation = 32;
constexpr uint32_t kErrorLockViolation = 33;
constexpr uint32_t kErrorHandleEof = 38;
constexpr uint32_t kErrorNotSupported = 50;
constexpr uint32_t kErrorInvalidParameter = 87;
constexpr uint32_t kErrorBrokenPipe = 109;
constexpr uint32_t kErrorDiskFull = 112;
constexpr uint32_t kErrorInsufficientBuffer = 122;
constexpr uint32_t kErrorInvalidName = 123;
constexpr uint32_t kErrorModNotFound = 126;
constexpr uint32_t kErrorProcNotFound = 127;
constexpr uint32_t kErrorDirNotEmpty = 145;
constexpr uint32_t kErrorBadPathname = 161;
constexpr uint32_t kErrorInvalidOrdinal = 182;
constexpr uint32_t kErrorAlreadyExists = 183;
constexpr uint32_t kErrorBadExeFormat = 193;
constexpr uint32_t kErrorEnvvarNotFound = 203;
constexpr uint32_t kErrorFilenameExcedRange = 206;
constexpr uint32_t kErrorPipeBusy = 231;
constexpr uint32_t kErrorNoData = 232;
constexpr uint32_t kErrorPipeNotConnected = 233;
constexpr uint32_t kErrorMoreData = 234;
constexpr uint32_t kErrorNoMoreItems = 259;
constexpr uint32_t kErrorDirectory = 267;
constexpr uint32_t kErrorNotOwner = 288;
constexpr uint32_t kErrorTooManyPosts = 298;
constexpr uint32_t kErrorSignalRefused = 156;
constexpr uint32_t kErrorMrMidNotFound = 317;
constexpr uint32_t kErrorInvalidAddress = 487;
constexpr uint32_t kErrorArithmeticOverflow = 534;
constexpr uint32_t kErrorImageMachineTypeMismatch = 706;
constexpr uint32_t kErrorOperationAborted = 995;
constexpr uint32_t kErrorIoPending = 997;
constexpr uint32_t kErrorNoAccess = 998;
constexpr uint32_t kErrorStackOverflow = 1001;
constexpr uint32_t kErrorDllInitFailed = 1114;
constexpr uint32_t kErrorNotFound = 1168;
constexpr uint32_t kErrorNoSystemResources = 1450;
constexpr uint32_t kErrorTimeout = 1460;
constexpr uint32_t kErrorSemTimeout = 121;
constexpr uint32_t kErrorFileInvalid = 1006;
constexpr uint32_t kErrorResourceDataNotFound = 1812;
constexpr uint32_t kErrorResourceTypeNotFound = 1813;
constexpr uint32_t kErrorResourceNameNotFound = 1814;
constexpr uint32_t kErrorSomeNotMapped = 1301;
constexpr uint32_t kErrorNotLocked = 158;
constexpr uint32_t kErrorDeviceNotConnected = 1167;

// Sorted by status so the lookup can binary-search.
constexpr StatusMapping kMappings[] = {
    {0x00000102, kErrorTimeout},                  // STATUS_TIMEOUT
    {0x00000103, kErrorIoPending},                // STATUS_PENDING
    {0x00000105, kErrorMoreData},                 // STATUS_MORE_ENTRIES
    {0x00000107, kErrorSomeNotMapped},            // STATUS_SOME_NOT_MAPPED
    {0x40000000, kErrorAlreadyExists},            // STATUS_OBJECT_NAME_EXISTS
    {0x4000000E, kErrorImageMachineTypeMismatch}, // STATUS_IMAGE_MACHINE_TYPE_MISMATCH
    {0x80000001, 0x80000001},                     // STATUS_GUARD_PAGE_VIOLATION (1:1)
    {0x80000002, kErrorNoAccess},                 // STATUS_DATATYPE_MISALIGNMENT
    {0x80000003, 0x80000003},                     // STATUS_BREAKPOINT (1:1)
    {0x80000004, 0x80000004},                     // STATUS_SINGLE_STEP (1:1)
    {0x80000005, kErrorMoreData},                 // STATUS_BUFFER_OVERFLOW
    {0x80000006, kErrorNoMoreFiles},              // STATUS_NO_MORE_FILES
    {0x8000001A, kErrorNoMoreItems},              // STATUS_NO_MORE_ENTRIES
    {0xC0000001, kErrorGenFailure},               // STATUS_UNSUCCESSFUL
    {0xC0000002, kErrorInvalidFunction},          // STATUS_NOT_IMPLEMENTED
    {0xC0000003, kErrorInvalidParameter},         // STATUS_INVALID_INFO_CLASS
    {0xC0000004, kErrorBadLength},                // STATUS_INFO_LENGTH_MISMATCH
    {0xC0000005, kErrorNoAccess},                 // STATUS_ACCESS_VIOLATION
    {0xC0000008, kErrorInvalidHandle},            // STATUS_INVALID_HANDLE
    {0xC000000B, kErrorInvalidParameter},         // STATUS_INVALID_CID
    {0xC000000D, kErrorInvalidParameter},         // STATUS_INVALID_PARAMETER
    {0xC000000E, kErrorFileNotFound},             // STATUS_NO_SUCH_DEVICE
    {0xC000000F, kErrorFileNotFound},             // STATUS_NO_SUCH_FILE
    {0xC0000010, kErrorInvalidFunction},          // STATUS_INVALID_DEVICE_REQUEST
    {0xC0000011, kErrorHandleEof},                // STATUS_END_OF_FILE
    {0xC0000017, kErrorNotEnoughMemory},          // STATUS_NO_MEMORY
    {0xC0000018, kErrorInvalidAddress},           // STATUS_CONFLICTING_ADDRESSES
    {0xC0000019, kErrorInvalidAddress},           // STATUS_NOT_MAPPED_VIEW
    {0xC000001A, kErrorInvalidParameter},         // STATUS_UNABLE_TO_FREE_VM
    {0xC000001C, kErrorInvalidFunction},          // STATUS_INVALID_SYSTEM_SERVICE
    {0xC000001D, kErrorInvalidFunction},          // STATUS_ILLEGAL_INSTRUCTION
    {0xC000001F, kErrorAccessDenied},             // STATUS_INVALID_VIEW_SIZE
    {0xC0000020, kErrorBadExeFormat},             // STATUS_INVALID_FILE_FOR_SECTION
    {0xC0000021, kErrorAccessDenied},             // STATUS_ALREADY_COMMITTED
    {0xC0000022, kErrorAccessDenied},             // STATUS_ACCESS_DENIED
    {0xC0000023, kErrorInsufficientBuffer},       // STATUS_BUFFER_TOO_SMALL
    {0xC0000024, kErrorInvalidHandle},            // STATUS_OBJECT_TYPE_MISMATCH
    {0xC0000025, 0xC0000025},                     // STATUS_NONCONTINUABLE_EXCEPTION (1:1)
    {0xC0000026, 0xC0000026},                     // STATUS_INVALID_DISPOSITION (1:1)
    {0xC000002A, kErrorNotLocked},                // STATUS_NOT_LOCKED
    {0xC000002D, kErrorInvalidAddress},           // STATUS_NOT_COMMITTED
    {0xC0000030, kErrorInvalidParameter},         // STATUS_INVALID_PARAMETER_MIX
    {0xC0000033, kErrorInvalidName},              // STATUS_OBJECT_NAME_INVALID
    {0xC0000034, kErrorFileNotFound},             // STATUS_OBJECT_NAME_NOT_FOUND
    {0xC0000035, kErrorAlreadyExists},            // STATUS_OBJECT_NAME_COLLISION
    {0xC0000039, kErrorBadPathname},              // STATUS_OBJECT_PATH_INVALID
    {0xC000003A, kErrorPathNotFound},             // STATUS_OBJECT_PATH_NOT_FOUND
    {0xC000003B, kErrorBadPathname},              // STATUS_OBJECT_PATH_SYNTAX_BAD
    {0xC0000040, kErrorNotEnoughMemory},          // STATUS_SECTION_TOO_BIG
    {0xC0000043, kErrorSharingViolation},         // STATUS_SHARING_VIOLATION
    {0xC0000045, kErrorInvalidParameter},         // STATUS_INVALID_PAGE_PROTECTION
    {0xC0000046, kErrorNotOwner},                 // STATUS_MUTANT_NOT_OWNED
    {0xC0000047, kErrorTooManyPosts},             // STATUS_SEMAPHORE_LIMIT_EXCEEDED
    {0xC0000049, kErrorInvalidParameter},         // STATUS_SECTION_NOT_IMAGE
    {0xC000004A, kErrorSignalRefused},            // STATUS_SUSPEND_COUNT_EXCEEDED
    {0xC000004B, kErrorAccessDenied},             // STATUS_THREAD_IS_TERMINATING
    {0xC0000054, kErrorLockViolation},            // STATUS_FILE_LOCK_CONFLICT
    {0xC0000055, kErrorLockViolation},            // STATUS_LOCK_NOT_GRANTED
    {0xC0000056, kErrorAccessDenied},             // STATUS_DELETE_PENDING
    {0xC000007A, kErrorProcNotFound},             // STATUS_PROCEDURE_NOT_FOUND
    {0xC000007B, kErrorBadExeFormat},             // STATUS_INVALID_IMAGE_FORMAT
    {0xC000007E, kErrorNotLocked},                // STATUS_RANGE_NOT_LOCKED
    {0xC000007F, kErrorDiskFull},                 // STATUS_DISK_FULL
    {0xC0000089, kErrorResourceDataNotFound},     // STATUS_RESOURCE_DATA_NOT_FOUND
    {0xC000008A, kErrorResourceTypeNotFound},     // STATUS_RESOURCE_TYPE_NOT_FOUND
    {0xC000008B, kErrorResourceNameNotFound},     // STATUS_RESOURCE_NAME_NOT_FOUND
    {0xC000008C, 0xC000008C},                     // STATUS_ARRAY_BOUNDS_EXCEEDED (1:1)
    {0xC000008D, 0xC000008D},                     // STATUS_FLOAT_DENORMAL_OPERAND (1:1)
    {0xC000008E, 0xC000008E},                     // STATUS_FLOAT_DIVIDE_BY_ZERO (1:1)
    {0xC000008F, 0xC000008F},                     // STATUS_FLOAT_INEXACT_RESULT (1:1)
    {0xC0000090, 0xC0000090},                     // STATUS_FLOAT_INVALID_OPERATION (1:1)
    {0xC0000091, 0xC0000091},                     // STATUS_FLOAT_OVERFLOW (1:1)
    {0xC0000092, 0xC0000092},                     // STATUS_FLOAT_STACK_CHECK (1:1)
    {0xC0000093, 0xC0000093},                     // STATUS_FLOAT_UNDERFLOW (1:1)
    {0xC0000094, 0xC0000094},                     // STATUS_INTEGER_DIVIDE_BY_ZERO (1:1)
    {0xC0000095, kErrorArithmeticOverflow},       // STATUS_INTEGER_OVERFLOW
    {0xC0000096, 0xC0000096},                     // STATUS_PRIVILEGED_INSTRUCTION (1:1)
    {0xC0000098, kErrorFileInvalid},              // STATUS_FILE_INVALID
    {0xC000009A, kErrorNoSystemResources},        // STATUS_INSUFFICIENT_RESOURCES
    {0xC000009D, kErrorDeviceNotConnected},       // STATUS_DEVICE_NOT_CONNECTED
    {0xC000009F, kErrorInvalidAddress},           // STATUS_FREE_VM_NOT_AT_BASE
    {0xC00000A0, kErrorInvalidAddress},           // STATUS_MEMORY_NOT_ALLOCATED
    {0xC00000A2, kErrorWriteProtect},             // STATUS_MEDIA_WRITE_PROTECTED
    {0xC00000A3, kErrorNotReady},                 // STATUS_DEVICE_NOT_READY
    {0xC00000AE, kErrorPipeBusy},                 // STATUS_PIPE_BUSY
    {0xC00000B0, kErrorPipeNotConnected},         // STATUS_PIPE_DISCONNECTED
    {0xC00000B1, kErrorNoData},                   // STATUS_PIPE_CLOSING
    {0xC00000B5, kErrorSemTimeout},               // STATUS_IO_TIMEOUT
    {0xC00000BA, kErrorAccessDenied},             // STATUS_FILE_IS_A_DIRECTORY
    {0xC00000BB, kErrorNotSupported},             // STATUS_NOT_SUPPORTED
    {0xC00000D4, kErrorNotSameDevice},            // STATUS_NOT_SAME_DEVICE
    {0xC00000EF, kErrorInvalidParameter},         // STATUS_INVALID_PARAMETER_1
    {0xC00000F0, kErrorInvalidParameter},         // STATUS_INVALID_PARAMETER_2
    {0xC00000F1, kErrorInvalidParameter},         // STATUS_INVALID_PARAMETER_3
    {0xC00000F2, kErrorInvalidParameter},         // STATUS_INVALID_PARAMETER_4
    {0xC00000FD, kErrorStackOverflow},            // STATUS_STACK_OVERFLOW
    {0xC0000100, kErrorEnvvarNotFound},           // STATUS_VARIABLE_NOT_FOUND
    {0xC0000101, kErrorDirNotEmpty},              // STATUS_DIRECTORY_NOT_EMPTY
    {0xC0000103, kErrorDirectory},                // STATUS_NOT_A_DIRECTORY
    {0xC0000106, kErrorFilenameExcedRange},       // STATUS_NAME_TOO_LONG
    {0xC000010A, kErrorAccessDenied},             // STATUS_PROCESS_IS_TERMINATING
    {0xC000011E, kErrorFileInvalid},              // STATUS_MAPPED_FILE_SIZE_ZERO
    {0xC0000120, kErrorOperationAborted},         // STATUS_CANCELLED
    {0xC0000121, kErrorAccessDenied},             // STATUS_CANNOT_DELETE
    {0xC0000128, kErrorInvalidHandle},            // STATUS_FILE_CLOSED
    {0xC000012F, kErrorBadExeFormat},             // STATUS_INVALID_IMAGE_NOT_MZ
    {0xC0000130, kErrorBadExeFormat},             // STATUS_INVALID_IMAGE_PROTECT
    {0xC0000131, kErrorBadExeFormat},             // STATUS_INVALID_IMAGE_WIN_16
    {0xC0000135, kErrorModNotFound},              // STATUS_DLL_NOT_FOUND
    {0xC0000138, kErrorInvalidOrdinal},           // STATUS_ORDINAL_NOT_FOUND
    {0xC0000139, kErrorProcNotFound},             // STATUS_ENTRYPOINT_NOT_FOUND
    {0xC000013A, 0xC000013A},                     // STATUS_CONTROL_C_EXIT (1:1)
    {0xC0000141, kErrorInvalidAddress},           // STATUS_INVALID_ADDRESS
    {0xC0000142, kErrorDllInitFailed},            // STATUS_DLL_INIT_FAILED
    {0xC000014B, kErrorBrokenPipe},               // STATUS_PIPE_BROKEN
    {0xC000014C, 1009},                           // STATUS_REGISTRY_CORRUPT (ERROR_BADDB)
    {0xC000017C, 1018},                           // STATUS_KEY_DELETED (ERROR_KEY_DELETED)
    {0xC0000181, 1021},                           // STATUS_CHILD_MUST_BE_VOLATILE (ERROR_CHILD_MUST_BE_VOLATILE)
    {0xC0000204, 1815},                           // STATUS_RESOURCE_LANG_NOT_FOUND (ERROR_RESOURCE_LANG_NOT_FOUND)
    {0xC0000220, 1132},                           // STATUS_MAPPED_ALIGNMENT (ERROR_MAPPED_ALIGNMENT)
    {0xC0000225, kErrorNotFound},                 // STATUS_NOT_FOUND
    {0xC0000359, kErrorBadExeFormat},             // STATUS_INVALID_IMAGE_WIN_64
    {0xC0000374, 0xC0000374},                     // STATUS_HEAP_CORRUPTION (1:1)
};

constexpr bool mappings_are_sorted() {
    for (size_t i = 1; i < sizeof(kMappings) / sizeof(kMappings[0]); ++i)
        if (kMappings[i - 1].status >= kMappings[i].status)
            return false;
    return true;
}
static_assert(mappings_are_sorted(), "kMappings must be sorted by status for the binary search");

} // namespace

extern "C" ULONG NTAPI RtlNtStatusToDosErrorNoTeb(NTSTATUS signed_status) {
    auto status = static_cast<uint32_t>(signed_status);
    // Success and "customer" codes (bit 29) pass through unchanged, as on Windows.
    if (status == 0 || (status & 0x20000000))
        return status;
    // 0xD... codes are 0xC... codes with the reserved bit set; Windows maps them alike.
    if ((status & 0xF0000000) == 0xD0000000)
        status &= ~0x10000000u;
    size_t low = 0;
    size_t high = sizeof(kMappings) / sizeof(kMappings[0]);
    while (low < high) {
        size_t middle = low + (high - low) / 2;
        if (kMappings[middle].status == status)
            return kMappings[middle].error;
        if (kMappings[middle].status < status)
            low = middle + 1;
        else
            high = middle;
    }
    // Facility-wrapped Win32 errors: FACILITY_WIN32 HRESULTs and the 0xC001 NT form.
    if ((status >> 16) == 0xC001 || (status >> 16) == 0x8007)
        return status & 0xFFFF;
    return kErrorMrMidNotFound;
}
