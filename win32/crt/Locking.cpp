// _locking (byte-range locks from the current file position) and _pipe.
//
// _locking's modes, as documented: _LK_UNLCK unlocks; _LK_NBLCK and _LK_NBRLCK lock or fail at
// once with EACCES; _LK_LOCK and _LK_RLCK try once a second, ten times in all, then fail with
// EDEADLOCK. Windows has no shared byte-range lock that _locking uses, so the "read" modes lock
// exclusively, as the Microsoft CRT does.

#include "win32/crt/Errno.h"
#include "win32/crt/FileDescriptors.h"
#include "win32/crt/Globals.h"
#include "win32/crt/Os.h"
#include "win32/crt/ThreadData.h"

CRT_EXPORT void _invalid_parameter_noinfo();

namespace crt {
namespace {
// _LK_LOCK (1) and _LK_RLCK (3) are the retrying modes.
constexpr int kLkUnlck = 0, kLkNbLck = 2, kLkNbRLck = 4;
constexpr int kLockAttempts = 10;
constexpr uint32_t kRetryMilliseconds = 1000;
constexpr uint32_t kErrorLockViolation = 33;
} // namespace
} // namespace crt

using namespace crt;

CRT_EXPORT int _locking(int fd, int mode, crt::WinLong count) {
    if (!fd::is_valid(fd)) {
        _invalid_parameter_noinfo();
        set_errno(kEBADF);
        thread_data().dos_error = 0;
        return -1;
    }
    if (count < 0 || mode < kLkUnlck || mode > kLkNbRLck) {
        _invalid_parameter_noinfo();
        set_errno(kEINVAL);
        return -1;
    }
    int64_t position = _lseeki64(fd, 0, 1);
    if (position < 0)
        return -1;
    os::Handle handle = fd::handle_of(fd);
    uint64_t offset = static_cast<uint64_t>(position), length = static_cast<uint64_t>(count);
    if (mode == kLkUnlck) {
        if (os::unlock_range(handle, offset, length))
            return 0;
        uint32_t error = os::last_error();
        set_errno(kEACCES);
        thread_data().dos_error = error;
        return -1;
    }
    bool retry = mode != kLkNbLck && mode != kLkNbRLck; // _LK_LOCK, _LK_RLCK
    uint32_t error = kErrorLockViolation;
    for (int attempt = 0; attempt < (retry ? kLockAttempts : 1); ++attempt) {
        if (attempt > 0)
            os::sleep(kRetryMilliseconds);
        if (os::lock_range(handle, offset, length))
            return 0;
        error = os::last_error();
    }
    set_errno(retry ? kEDEADLK : kEACCES);
    thread_data().dos_error = error;
    return -1;
}

CRT_EXPORT int _pipe(int* descriptors, unsigned size, int text_mode) {
    if (!descriptors) {
        _invalid_parameter_noinfo();
        set_errno(kEINVAL);
        return -1;
    }
    descriptors[0] = descriptors[1] = -1;
    int mode = text_mode & (fd::kOBinary | fd::kOText);
    if (mode == (fd::kOBinary | fd::kOText) ||
        (text_mode & ~(fd::kOBinary | fd::kOText | fd::kONoInherit | fd::kOWText | fd::kOU16Text | fd::kOU8Text))) {
        _invalid_parameter_noinfo();
        set_errno(kEINVAL);
        return -1;
    }
    if (mode == 0)
        mode = (_fmode & fd::kOBinary) ? fd::kOBinary : fd::kOText;
    bool inheritable = !(text_mode & fd::kONoInherit);
    os::Handle read_end, write_end;
    if (!os::create_pipe(read_end, write_end, inheritable, size)) {
        set_errno_from_win32(os::last_error());
        return -1;
    }
    uint8_t flags = fd::kPipe;
    if (mode == fd::kOText)
        flags |= fd::kText;
    if (!inheritable)
        flags |= fd::kNoInherit;
    int reader = fd::allocate(read_end, flags);
    if (reader < 0) {
        os::close(read_end);
        os::close(write_end);
        return -1;
    }
    int writer = fd::allocate(write_end, flags);
    if (writer < 0) {
        _close(reader);
        os::close(write_end);
        return -1;
    }
    descriptors[0] = reader;
    descriptors[1] = writer;
    return 0;
}
