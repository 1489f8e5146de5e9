#pragma once

// The numbers of the NtCreateFile family, as [ms-fscc] and the DDK (wdm.h, ntifs.h) define them.
// The VFS speaks them directly so the system-call layer passes user values through unchanged.

#include <core/lib/Types.h>

namespace halcyon::fs {

/// CreateDisposition.
namespace disposition {
constexpr u32 Supersede = 0;
constexpr u32 Open = 1;
constexpr u32 Create = 2;
constexpr u32 OpenIf = 3;
constexpr u32 Overwrite = 4;
constexpr u32 OverwriteIf = 5;
constexpr u32 Maximum = OverwriteIf;
} // namespace disposition

/// CreateOptions.
namespace create_option {
constexpr u32 DirectoryFile = 0x00000001;
constexpr u32 WriteThrough = 0x00000002;
constexpr u32 SequentialOnly = 0x00000004;
constexpr u32 SynchronousIoAlert = 0x00000010;
constexpr u32 SynchronousIoNonalert = 0x00000020;
constexpr u32 NonDirectoryFile = 0x00000040;
constexpr u32 DeleteOnClose = 0x00001000;
} // namespace create_option

/// IO_STATUS_BLOCK.Information after a successful create.
namespace create_info {
constexpr u32 Superseded = 0;
constexpr u32 Opened = 1;
constexpr u32 Created = 2;
constexpr u32 Overwritten = 3;
} // namespace create_info

/// FILE_ATTRIBUTE_* ([ms-fscc] 2.6).
namespace file_attribute {
constexpr u32 ReadOnly = 0x00000001;
constexpr u32 Hidden = 0x00000002;
constexpr u32 System = 0x00000004;
constexpr u32 Directory = 0x00000010;
constexpr u32 Archive = 0x00000020;
constexpr u32 Normal = 0x00000080;
} // namespace file_attribute

/// File access rights (winnt.h).
namespace file_access {
constexpr u32 ReadData = 0x00000001;
constexpr u32 ListDirectory = 0x00000001;
constexpr u32 WriteData = 0x00000002;
constexpr u32 AddFile = 0x00000002;
constexpr u32 AppendData = 0x00000004;
constexpr u32 ReadEa = 0x00000008;
constexpr u32 WriteEa = 0x00000010;
constexpr u32 Execute = 0x00000020;
constexpr u32 Traverse = 0x00000020;
constexpr u32 DeleteChild = 0x00000040;
constexpr u32 ReadAttributes = 0x00000080;
constexpr u32 WriteAttributes = 0x00000100;
constexpr u32 Delete = 0x00010000;
constexpr u32 ReadControl = 0x00020000;
constexpr u32 WriteDac = 0x00040000;
constexpr u32 WriteOwner = 0x00080000;
constexpr u32 Synchronize = 0x00100000;
constexpr u32 GenericRead = 0x80000000;
constexpr u32 GenericWrite = 0x40000000;
constexpr u32 GenericExecute = 0x20000000;
constexpr u32 GenericAll = 0x10000000;
constexpr u32 FileAllAccess = 0x001F01FF;
constexpr u32 FileGenericRead = 0x00120089;
constexpr u32 FileGenericWrite = 0x00120116;
constexpr u32 FileGenericExecute = 0x001200A0;
} // namespace file_access

/// ShareAccess.
namespace file_share {
constexpr u32 Read = 0x1;
constexpr u32 Write = 0x2;
constexpr u32 Delete = 0x4;
} // namespace file_share

/// Maps GENERIC_* bits to the file-specific rights (the File object type's GENERIC_MAPPING).
constexpr u32 map_generic_file_access(u32 access) {
    u32 mapped = access & ~(file_access::GenericRead | file_access::GenericWrite | file_access::GenericExecute |
                            file_access::GenericAll);
    if (access & file_access::GenericRead)
        mapped |= file_access::FileGenericRead;
    if (access & file_access::GenericWrite)
        mapped |= file_access::FileGenericWrite;
    if (access & file_access::GenericExecute)
        mapped |= file_access::FileGenericExecute;
    if (access & file_access::GenericAll)
        mapped |= file_access::FileAllAccess;
    return mapped;
}

/// Special ByteOffset values for NtReadFile/NtWriteFile (LARGE_INTEGER with HighPart -1).
/// Use the file object's current position (FILE_USE_FILE_POINTER_POSITION).
constexpr u64 kUseFilePointerPosition = 0xFFFFFFFFFFFFFFFEull;
/// Append at the end of the file (FILE_WRITE_TO_END_OF_FILE).
constexpr u64 kWriteToEndOfFile = 0xFFFFFFFFFFFFFFFFull;

/// FILETIME counts 100 ns intervals since 1601-01-01 UTC; this is 1970-01-01 in those units.
constexpr i64 kFileTimeOfUnixEpoch = 116444736000000000ll;

/// Converts nanoseconds since the Unix epoch to a FILETIME value (0 for times before 1601).
/// The inverse of filetime_from_unix_ns (exact: FILETIME ticks are whole multiples of 100 ns).
constexpr i64 unix_ns_from_filetime(u64 filetime) {
    return (static_cast<i64>(filetime) - kFileTimeOfUnixEpoch) * 100;
}

constexpr u64 filetime_from_unix_ns(i64 unix_ns) {
    // Floor division so times before 1970 round toward 1601 consistently.
    i64 ticks = unix_ns / 100;
    if (unix_ns % 100 < 0)
        --ticks;
    if (ticks < -kFileTimeOfUnixEpoch)
        return 0;
    return static_cast<u64>(ticks + kFileTimeOfUnixEpoch);
}

} // namespace halcyon::fs
