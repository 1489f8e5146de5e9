// hal-hosted: host directories as file systems, on POSIX calls.
// Errors map to NTSTATUS as documented in hal/host_files.h.

#include <hal/host_files.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <string>

namespace halcyon::hal::host_files {

namespace {

NtStatus status_from_errno(int error) {
    switch (error) {
    case ENOENT:
        return status::ObjectNameNotFound;
    case ENOTDIR:
    case ELOOP:
        return status::ObjectPathNotFound;
    case EACCES:
    case EPERM:
    case EROFS:
        return status::AccessDenied;
    case EEXIST:
        return status::ObjectNameCollision;
    case EISDIR:
        return status::FileIsADirectory;
    case ENOSPC:
    case EDQUOT:
    case EFBIG:
        return status::DiskFull;
    case ENOTEMPTY:
        return status::DirectoryNotEmpty;
    case ENAMETOOLONG:
        return status::NameTooLong;
    case EINVAL:
        return status::InvalidParameter;
    case EBADF:
        return status::InvalidHandle;
    case ENOMEM:
        return status::NoMemory;
    case EMFILE:
    case ENFILE:
        return status::InsufficientResources;
    case EBUSY:
    case ETXTBSY:
        return status::SharingViolation;
    case EXDEV:
        return status::NotSupported;
    default:
        return status::Unsuccessful;
    }
}

Error host_error() { return Error(status_from_errno(errno), "host file operation failed"); }

std::string to_c(StringView path) { return std::string(path.data(), path.length()); }

HostStat from_stat(const struct stat& st) {
    HostStat out;
    out.size = static_cast<u64>(st.st_size);
    out.allocated_size = static_cast<u64>(st.st_blocks) * 512;
    out.is_directory = S_ISDIR(st.st_mode);
    out.mode = st.st_mode & 0777;
    auto ns = [](const struct timespec& ts) { return static_cast<i64>(ts.tv_sec) * 1000000000 + ts.tv_nsec; };
    out.access_time_ns = ns(st.st_atim);
    out.modification_time_ns = ns(st.st_mtim);
    out.change_time_ns = ns(st.st_ctim);
    out.creation_time_ns = out.modification_time_ns;
    out.device = static_cast<u64>(st.st_dev);
    out.inode = static_cast<u64>(st.st_ino);
    return out;
}

} // namespace

ErrorOr<HostHandle> open(StringView host_path, u32 flags, u32 create_mode) {
    int oflags = O_CLOEXEC;
    if (flags & open_flag::Directory)
        oflags |= O_DIRECTORY | O_RDONLY;
    else if ((flags & open_flag::Write) && (flags & open_flag::Read))
        oflags |= O_RDWR;
    else if (flags & open_flag::Write)
        oflags |= O_WRONLY;
    else
        oflags |= O_RDONLY;
    if (flags & open_flag::Create)
        oflags |= O_CREAT;
    if (flags & open_flag::Exclusive)
        oflags |= O_EXCL;
    if (flags & open_flag::Truncate)
        oflags |= O_TRUNC;
    int fd = ::open(to_c(host_path).c_str(), oflags, static_cast<mode_t>(create_mode));
    if (fd < 0)
        return host_error();
    return static_cast<HostHandle>(fd);
}

ErrorOr<void> close(HostHandle handle) {
    if (::close(static_cast<int>(handle)) < 0)
        return host_error();
    return {};
}

ErrorOr<usize> pread(HostHandle handle, Bytes buffer, u64 offset) {
    for (;;) {
        ssize_t n = ::pread(static_cast<int>(handle), buffer.data(), buffer.size(), static_cast<off_t>(offset));
        if (n >= 0)
            return static_cast<usize>(n);
        if (errno != EINTR)
            return host_error();
    }
}

ErrorOr<usize> pwrite(HostHandle handle, ReadonlyBytes data, u64 offset) {
    usize done = 0;
    while (done < data.size()) {
        ssize_t n = ::pwrite(static_cast<int>(handle), data.data() + done, data.size() - done,
                             static_cast<off_t>(offset + done));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return host_error();
        }
        done += static_cast<usize>(n);
    }
    return done;
}

ErrorOr<HostStat> fstat(HostHandle handle) {
    struct stat st;
    if (::fstat(static_cast<int>(handle), &st) < 0)
        return host_error();
    return from_stat(st);
}

ErrorOr<HostStat> stat(StringView host_path) {
    struct stat st;
    if (::stat(to_c(host_path).c_str(), &st) < 0)
        return host_error();
    return from_stat(st);
}

ErrorOr<void> ftruncate(HostHandle handle, u64 size) {
    if (::ftruncate(static_cast<int>(handle), static_cast<off_t>(size)) < 0)
        return host_error();
    return {};
}

ErrorOr<void> fsync(HostHandle handle) {
    if (::fsync(static_cast<int>(handle)) < 0)
        return host_error();
    return {};
}

ErrorOr<void> unlink(StringView host_path) {
    if (::unlink(to_c(host_path).c_str()) < 0)
        return host_error();
    return {};
}

ErrorOr<void> rmdir(StringView host_path) {
    if (::rmdir(to_c(host_path).c_str()) < 0)
        return host_error();
    return {};
}

ErrorOr<void> mkdir(StringView host_path, u32 mode) {
    if (::mkdir(to_c(host_path).c_str(), static_cast<mode_t>(mode)) < 0)
        return host_error();
    return {};
}

ErrorOr<void> rename(StringView from, StringView to, bool replace_existing) {
    std::string source = to_c(from);
    std::string target = to_c(to);
    if (!replace_existing) {
        // Check, then rename: racy, which is acceptable for tests. A production backend should
        // use renameat2(RENAME_NOREPLACE).
        struct stat st;
        if (::lstat(target.c_str(), &st) == 0)
            return Error(status::ObjectNameCollision, "rename target exists");
    }
    if (::rename(source.c_str(), target.c_str()) < 0)
        return host_error();
    return {};
}

ErrorOr<void> read_directory(StringView host_path, DirectoryEntryCallback callback, void* context) {
    DIR* directory = ::opendir(to_c(host_path).c_str());
    if (!directory)
        return host_error();
    for (;;) {
        errno = 0;
        struct dirent* entry = ::readdir(directory);
        if (!entry) {
            int error = errno;
            ::closedir(directory);
            if (error != 0) {
                errno = error;
                return host_error();
            }
            return {};
        }
        if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0)
            continue;
        if (!callback(context, StringView(entry->d_name)))
            break;
    }
    ::closedir(directory);
    return {};
}

ErrorOr<void> set_times(HostHandle handle, StringView host_path, i64 access_time_ns, i64 modification_time_ns) {
    auto to_timespec = [](i64 ns) {
        struct timespec ts;
        if (ns == kKeepTime) {
            ts.tv_sec = 0;
            ts.tv_nsec = UTIME_OMIT;
            return ts;
        }
        // Floor division, so times before 1970 keep a nanosecond field in [0, 1e9).
        i64 seconds = ns / 1000000000;
        i64 rest = ns % 1000000000;
        if (rest < 0) {
            rest += 1000000000;
            --seconds;
        }
        ts.tv_sec = static_cast<time_t>(seconds);
        ts.tv_nsec = static_cast<long>(rest);
        return ts;
    };
    struct timespec times[2] = {to_timespec(access_time_ns), to_timespec(modification_time_ns)};
    int result = handle >= 0 ? ::futimens(static_cast<int>(handle), times)
                             : ::utimensat(AT_FDCWD, to_c(host_path).c_str(), times, 0);
    if (result < 0)
        return host_error();
    return {};
}

ErrorOr<void> set_mode(StringView host_path, u32 mode) {
    if (::chmod(to_c(host_path).c_str(), static_cast<mode_t>(mode & 0777)) < 0)
        return host_error();
    return {};
}

ErrorOr<HostVolumeSpace> volume_space(StringView host_path) {
    struct statvfs info;
    if (::statvfs(to_c(host_path).c_str(), &info) < 0)
        return host_error();
    HostVolumeSpace space;
    space.block_size = info.f_frsize ? static_cast<u64>(info.f_frsize) : static_cast<u64>(info.f_bsize);
    space.total_blocks = static_cast<u64>(info.f_blocks);
    space.free_blocks = static_cast<u64>(info.f_bfree);
    space.available_blocks = static_cast<u64>(info.f_bavail);
    return space;
}

} // namespace halcyon::hal::host_files
