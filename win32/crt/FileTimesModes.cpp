// _utime/_futime (all their 32/64-bit and wide names) and _chmod/_wchmod.
//
// _utime opens the file for writing, as the Microsoft CRT does, so a read-only file or a
// directory fails with EACCES; a null `times` sets both times to now. time_t values are seconds
// since 1970 UTC and become FILETIMEs directly. _chmod only toggles FILE_ATTRIBUTE_READONLY:
// _S_IWRITE clears it, its absence sets it.

#include "win32/crt/Errno.h"
#include "win32/crt/FileDescriptors.h"
#include "win32/crt/Os.h"

CRT_EXPORT void _invalid_parameter_noinfo();

namespace crt {

namespace {

struct Utimbuf64 {
    int64_t access_time;
    int64_t modification_time;
};
struct Utimbuf32 {
    int32_t access_time;
    int32_t modification_time;
};

constexpr uint64_t kUnixEpochAsFileTime = 116444736000000000ull;
constexpr uint64_t kTicksPerSecond = 10000000ull;
constexpr int kShDenyNo = 0x40;
constexpr int kSIWrite = 0x80;
constexpr uint32_t kReadOnly = 1, kInvalidAttributes = 0xFFFFFFFFu;

int set_times(int fd, const Utimbuf64* times) {
    os::Handle handle = fd::handle_of(fd);
    if (handle == os::kInvalidHandle) {
        _invalid_parameter_noinfo();
        set_errno(kEBADF);
        return -1;
    }
    uint64_t access, modification;
    if (!times) {
        access = modification = os::system_time_as_file_time();
    } else {
        if (times->access_time < 0 || times->modification_time < 0) {
            _invalid_parameter_noinfo();
            set_errno(kEINVAL);
            return -1;
        }
        access = kUnixEpochAsFileTime + static_cast<uint64_t>(times->access_time) * kTicksPerSecond;
        modification = kUnixEpochAsFileTime + static_cast<uint64_t>(times->modification_time) * kTicksPerSecond;
    }
    if (!os::set_file_times(handle, access, modification)) {
        set_errno_from_win32(os::last_error());
        return -1;
    }
    return 0;
}

int set_path_times(const WideChar* path, const Utimbuf64* times) {
    if (!path) {
        _invalid_parameter_noinfo();
        set_errno(kEINVAL);
        return -1;
    }
    int fd = fd::open_wide(path, fd::kORdWr | fd::kOBinary, kShDenyNo, 0);
    if (fd < 0)
        return -1;
    int result = set_times(fd, times);
    int saved = get_errno();
    _close(fd);
    set_errno(saved);
    return result;
}

int set_path_times(const char* path, const Utimbuf64* times) {
    if (!path) {
        _invalid_parameter_noinfo();
        set_errno(kEINVAL);
        return -1;
    }
    fd::WidePath wide;
    return wide.convert(path) ? set_path_times(wide.text, times) : -1;
}

const Utimbuf64* widen(const Utimbuf32* times, Utimbuf64& storage) {
    if (!times)
        return nullptr;
    storage = {times->access_time, times->modification_time};
    return &storage;
}

int change_mode(const WideChar* path, int mode) {
    if (!path) {
        _invalid_parameter_noinfo();
        set_errno(kEINVAL);
        return -1;
    }
    uint32_t attributes = os::file_attributes(path);
    if (attributes == kInvalidAttributes) {
        set_errno_from_win32(os::last_error());
        return -1;
    }
    uint32_t wanted = (mode & kSIWrite) ? (attributes & ~kReadOnly) : (attributes | kReadOnly);
    if (wanted != attributes && !os::set_file_attributes(path, wanted)) {
        set_errno_from_win32(os::last_error());
        return -1;
    }
    return 0;
}

} // namespace

} // namespace crt

using namespace crt;

CRT_EXPORT int _futime64(int fd, Utimbuf64* times) { return set_times(fd, times); }
CRT_EXPORT int _futime32(int fd, Utimbuf32* times) {
    Utimbuf64 storage;
    return set_times(fd, widen(times, storage));
}
CRT_EXPORT int _futime(int fd, Utimbuf64* times) { return set_times(fd, times); }

CRT_EXPORT int _utime64(const char* path, Utimbuf64* times) { return set_path_times(path, times); }
CRT_EXPORT int _utime32(const char* path, Utimbuf32* times) {
    Utimbuf64 storage;
    return set_path_times(path, widen(times, storage));
}
CRT_EXPORT int _utime(const char* path, Utimbuf64* times) { return set_path_times(path, times); }

CRT_EXPORT int _wutime64(const WideChar* path, Utimbuf64* times) { return set_path_times(path, times); }
CRT_EXPORT int _wutime32(const WideChar* path, Utimbuf32* times) {
    Utimbuf64 storage;
    return set_path_times(path, widen(times, storage));
}
CRT_EXPORT int _wutime(const WideChar* path, Utimbuf64* times) { return set_path_times(path, times); }

CRT_EXPORT int _wchmod(const WideChar* path, int mode) { return change_mode(path, mode); }
CRT_EXPORT int _chmod(const char* path, int mode) {
    if (!path) {
        _invalid_parameter_noinfo();
        set_errno(kEINVAL);
        return -1;
    }
    fd::WidePath wide;
    return wide.convert(path) ? change_mode(wide.text, mode) : -1;
}
