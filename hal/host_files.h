#pragma once

// Host directories as Halcyon drives: the operations a backend offers so that the VFS can expose a
// directory of the machine it runs on (HostDirectoryFileSystem in core/fs). Only hal-hosted
// provides them; bare metal does not, and a kernel built without them simply never mounts a host
// directory.
//
// The contract is the set of free functions below, implemented once per backend at link time (no
// virtual dispatch). The HostFiles concept states the same contract for a type with static members;
// FreeFunctions adapts the free functions to it, and a backend may static_assert its own
// implementation type against it.
//
// Paths are host paths in UTF-8 (not NUL-terminated: implementations copy them). Handles are
// host-fd-like integers. Every function returns an error rather than failing silently, with the
// host error mapped to an NTSTATUS as follows (POSIX errno names):
//
//   ENOENT        -> ObjectNameNotFound       ENOTDIR      -> ObjectPathNotFound
//   EACCES, EPERM -> AccessDenied             EROFS        -> AccessDenied
//   EEXIST        -> ObjectNameCollision      EISDIR       -> FileIsADirectory
//   ENOSPC,EDQUOT -> DiskFull                 ENOTEMPTY    -> DirectoryNotEmpty
//   ENAMETOOLONG  -> NameTooLong              EINVAL       -> InvalidParameter
//   EBADF         -> InvalidHandle            ENOMEM       -> NoMemory
//   EMFILE,ENFILE -> InsufficientResources    EBUSY, ETXTBSY -> SharingViolation
//   ELOOP         -> ObjectPathNotFound       EFBIG        -> DiskFull
//   EXDEV         -> NotSupported             anything else -> Unsuccessful
//
// Symbolic links on the host are followed. FIXME: a link can lead outside the mounted directory;
// hosted mode is a development tool, not a sandbox (see ARCHITECTURE.md).

#include <core/lib/ErrorOr.h>
#include <core/lib/Span.h>
#include <core/lib/StringView.h>
#include <core/lib/Types.h>
#include <hal/concepts.h>

namespace halcyon::hal::host_files {

/// A host file descriptor (or equivalent). Never negative when valid.
using HostHandle = i64;

/// Flags for open(); combine with |.
namespace open_flag {
constexpr u32 Read = 0x01;
constexpr u32 Write = 0x02;
/// Create the file when it does not exist (O_CREAT).
constexpr u32 Create = 0x04;
/// With Create: fail with ObjectNameCollision when it exists (O_EXCL).
constexpr u32 Exclusive = 0x08;
/// Truncate to zero length on open (O_TRUNC); needs Write.
constexpr u32 Truncate = 0x10;
/// The path must be a directory (O_DIRECTORY); opened read-only.
constexpr u32 Directory = 0x20;
} // namespace open_flag

/// What fstat()/stat() report. Times are nanoseconds since the Unix epoch (1970-01-01 UTC).
struct HostStat {
    u64 size{0};
    /// Bytes actually allocated on the host (st_blocks * 512).
    u64 allocated_size{0};
    bool is_directory{false};
    /// POSIX permission bits (0777 mask); a file without any write bit counts as read-only.
    u32 mode{0};
    i64 access_time_ns{0};
    i64 modification_time_ns{0};
    i64 change_time_ns{0};
    /// Birth time when the host knows it, else the modification time.
    i64 creation_time_ns{0};
    /// The host's identity of the file (st_dev, st_ino): equal for every path that leads to it,
    /// whatever the spelling, case, hard link or symbolic link.
    u64 device{0};
    u64 inode{0};
};

/// What statvfs() reports about the host file system holding a path.
struct HostVolumeSpace {
    /// The fundamental block size (f_frsize); the counts below are in these blocks.
    u64 block_size{0};
    u64 total_blocks{0};
    /// Free blocks, including those reserved for the host's superuser.
    u64 free_blocks{0};
    /// Free blocks an unprivileged user may use.
    u64 available_blocks{0};
};

/// For set_times(): leave this time as it is.
constexpr i64 kKeepTime = -0x7fffffffffffffffll - 1;

/// Called once per directory entry ("." and ".." are omitted). Return false to stop early.
using DirectoryEntryCallback = bool (*)(void* context, StringView name);

/// Opens (and with open_flag::Create, creates with permission bits `create_mode`) a host file.
ErrorOr<HostHandle> open(StringView host_path, u32 flags, u32 create_mode);
/// Closes a handle from open().
ErrorOr<void> close(HostHandle handle);
/// Reads up to buffer.size() bytes at `offset`; returns the count, 0 at end of file.
ErrorOr<usize> pread(HostHandle handle, Bytes buffer, u64 offset);
/// Writes all of `data` at `offset` (retrying short writes); returns the count written.
ErrorOr<usize> pwrite(HostHandle handle, ReadonlyBytes data, u64 offset);
ErrorOr<HostStat> fstat(HostHandle handle);
/// As fstat, by path, without opening.
ErrorOr<HostStat> stat(StringView host_path);
/// Sets the file's size, truncating or extending with zeros.
ErrorOr<void> ftruncate(HostHandle handle, u64 size);
ErrorOr<void> fsync(HostHandle handle);
/// Removes a file (not a directory).
ErrorOr<void> unlink(StringView host_path);
/// Removes an empty directory.
ErrorOr<void> rmdir(StringView host_path);
ErrorOr<void> mkdir(StringView host_path, u32 mode);
/// Renames; with `replace_existing` false an existing target is ObjectNameCollision.
ErrorOr<void> rename(StringView from, StringView to, bool replace_existing);
/// Lists the names in a directory, in host order.
ErrorOr<void> read_directory(StringView host_path, DirectoryEntryCallback callback, void* context);
/// Sets the access and modification times (nanoseconds since the Unix epoch, or kKeepTime) of the
/// file open as `handle` or, when `handle` is negative, of the file at `host_path` (utimensat).
ErrorOr<void> set_times(HostHandle handle, StringView host_path, i64 access_time_ns, i64 modification_time_ns);
/// Replaces the POSIX permission bits (0777 mask) of the file at `host_path` (chmod).
ErrorOr<void> set_mode(StringView host_path, u32 mode);
/// Size and free space of the host file system holding `host_path` (statvfs).
ErrorOr<HostVolumeSpace> volume_space(StringView host_path);

/// The contract as a concept over a type with static member functions of the same names.
template <typename T>
concept HostFiles = requires(StringView path, HostHandle handle, Bytes buffer, ReadonlyBytes data, u64 offset,
                             u32 flags, bool flag, DirectoryEntryCallback callback, void* context) {
    { T::open(path, flags, flags) } -> SameAs<ErrorOr<HostHandle>>;
    { T::close(handle) } -> SameAs<ErrorOr<void>>;
    { T::pread(handle, buffer, offset) } -> SameAs<ErrorOr<usize>>;
    { T::pwrite(handle, data, offset) } -> SameAs<ErrorOr<usize>>;
    { T::fstat(handle) } -> SameAs<ErrorOr<HostStat>>;
    { T::stat(path) } -> SameAs<ErrorOr<HostStat>>;
    { T::ftruncate(handle, offset) } -> SameAs<ErrorOr<void>>;
    { T::fsync(handle) } -> SameAs<ErrorOr<void>>;
    { T::unlink(path) } -> SameAs<ErrorOr<void>>;
    { T::rmdir(path) } -> SameAs<ErrorOr<void>>;
    { T::mkdir(path, flags) } -> SameAs<ErrorOr<void>>;
    { T::rename(path, path, flag) } -> SameAs<ErrorOr<void>>;
    { T::read_directory(path, callback, context) } -> SameAs<ErrorOr<void>>;
    { T::set_times(handle, path, handle, handle) } -> SameAs<ErrorOr<void>>;
    { T::set_mode(path, flags) } -> SameAs<ErrorOr<void>>;
    { T::volume_space(path) } -> SameAs<ErrorOr<HostVolumeSpace>>;
};

/// The free functions above, seen through the concept.
struct FreeFunctions {
    static ErrorOr<HostHandle> open(StringView p, u32 f, u32 m) { return host_files::open(p, f, m); }
    static ErrorOr<void> close(HostHandle h) { return host_files::close(h); }
    static ErrorOr<usize> pread(HostHandle h, Bytes b, u64 o) { return host_files::pread(h, b, o); }
    static ErrorOr<usize> pwrite(HostHandle h, ReadonlyBytes d, u64 o) { return host_files::pwrite(h, d, o); }
    static ErrorOr<HostStat> fstat(HostHandle h) { return host_files::fstat(h); }
    static ErrorOr<HostStat> stat(StringView p) { return host_files::stat(p); }
    static ErrorOr<void> ftruncate(HostHandle h, u64 s) { return host_files::ftruncate(h, s); }
    static ErrorOr<void> fsync(HostHandle h) { return host_files::fsync(h); }
    static ErrorOr<void> unlink(StringView p) { return host_files::unlink(p); }
    static ErrorOr<void> rmdir(StringView p) { return host_files::rmdir(p); }
    static ErrorOr<void> mkdir(StringView p, u32 m) { return host_files::mkdir(p, m); }
    static ErrorOr<void> rename(StringView a, StringView b, bool r) { return host_files::rename(a, b, r); }
    static ErrorOr<void> read_directory(StringView p, DirectoryEntryCallback c, void* x) {
        return host_files::read_directory(p, c, x);
    }
    static ErrorOr<void> set_times(HostHandle h, StringView p, i64 a, i64 m) { return host_files::set_times(h, p, a, m); }
    static ErrorOr<void> set_mode(StringView p, u32 m) { return host_files::set_mode(p, m); }
    static ErrorOr<HostVolumeSpace> volume_space(StringView p) { return host_files::volume_space(p); }
};
static_assert(HostFiles<FreeFunctions>);

} // namespace halcyon::hal::host_files
