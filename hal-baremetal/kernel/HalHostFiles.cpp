// hal/host_files.h on bare metal: there is no host machine to reach, so every operation fails
// with NotSupported and a message saying why. core links them (HostDirectoryFileSystem, the
// registry's persistence); on bare metal nothing mounts a host directory and the registry stays
// in memory, so they are only reached by a caller that asks for a host path.

#include "hal/host_files.h"

namespace halcyon::hal::host_files {

namespace {
constexpr const char* kWhy = "bare metal has no host file system";
}

ErrorOr<HostHandle> open(StringView, u32, u32) { return Error(status::NotSupported, kWhy); }
ErrorOr<void> close(HostHandle) { return Error(status::NotSupported, kWhy); }
ErrorOr<usize> pread(HostHandle, Bytes, u64) { return Error(status::NotSupported, kWhy); }
ErrorOr<usize> pwrite(HostHandle, ReadonlyBytes, u64) { return Error(status::NotSupported, kWhy); }
ErrorOr<HostStat> fstat(HostHandle) { return Error(status::NotSupported, kWhy); }
ErrorOr<HostStat> stat(StringView) { return Error(status::NotSupported, kWhy); }
ErrorOr<void> ftruncate(HostHandle, u64) { return Error(status::NotSupported, kWhy); }
ErrorOr<void> fsync(HostHandle) { return Error(status::NotSupported, kWhy); }
ErrorOr<void> unlink(StringView) { return Error(status::NotSupported, kWhy); }
ErrorOr<void> rmdir(StringView) { return Error(status::NotSupported, kWhy); }
ErrorOr<void> mkdir(StringView, u32) { return Error(status::NotSupported, kWhy); }
ErrorOr<void> rename(StringView, StringView, bool) { return Error(status::NotSupported, kWhy); }
ErrorOr<void> read_directory(StringView, DirectoryEntryCallback, void*) { return Error(status::NotSupported, kWhy); }
ErrorOr<void> set_times(HostHandle, StringView, i64, i64) { return Error(status::NotSupported, kWhy); }
ErrorOr<void> set_mode(StringView, u32) { return Error(status::NotSupported, kWhy); }
ErrorOr<HostVolumeSpace> volume_space(StringView) { return Error(status::NotSupported, kWhy); }

} // namespace halcyon::hal::host_files
