// Byte-range locks: LockFile(Ex) and UnlockFile(Ex) on NtLockFile / NtUnlockFile. The kernel keeps
// the locks with the file's shared state (core/fs/OpenFileTable.h) and refuses conflicting reads
// and writes through other handles with ERROR_LOCK_VIOLATION.

#include "win32/kernelbase/KernelBase.h"

using namespace halcyon;
using namespace halcyon::kernelbase;

namespace {

LARGE_INTEGER make_large(DWORD low, DWORD high) {
    LARGE_INTEGER value;
    value.QuadPart = static_cast<LONGLONG>((static_cast<ULONGLONG>(high) << 32) | low);
    return value;
}

BOOL lock(HANDLE file, LARGE_INTEGER offset, LARGE_INTEGER length, bool fail_immediately, bool exclusive,
          OVERLAPPED* overlapped) {
    IO_STATUS_BLOCK io{};
    NTSTATUS status = NtLockFile(translate_std_handle(file), nullptr, nullptr, nullptr, &io, &offset, &length,
                                 0, fail_immediately, exclusive);
    if (overlapped) {
        overlapped->Internal = static_cast<ULONG_PTR>(status);
        overlapped->InternalHigh = 0;
    }
    return succeeded_or_set_error(status);
}

BOOL unlock(HANDLE file, LARGE_INTEGER offset, LARGE_INTEGER length) {
    IO_STATUS_BLOCK io{};
    return succeeded_or_set_error(NtUnlockFile(translate_std_handle(file), &io, &offset, &length, 0));
}

} // namespace

extern "C" {

BOOL WINAPI LockFile(HANDLE file, DWORD offset_low, DWORD offset_high, DWORD length_low, DWORD length_high) {
    return lock(file, make_large(offset_low, offset_high), make_large(length_low, length_high), true, true,
                nullptr);
}

BOOL WINAPI LockFileEx(HANDLE file, DWORD flags, DWORD reserved, DWORD length_low, DWORD length_high,
                       LPOVERLAPPED overlapped) {
    if (reserved || !overlapped) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    // FIXME: handles opened for overlapped I/O should complete through overlapped->hEvent; the
    // kernel has no asynchronous I/O yet, so every lock request completes (or fails) here.
    return lock(file, make_large(overlapped->Offset, overlapped->OffsetHigh),
                make_large(length_low, length_high), flags & LOCKFILE_FAIL_IMMEDIATELY,
                flags & LOCKFILE_EXCLUSIVE_LOCK, overlapped);
}

BOOL WINAPI UnlockFile(HANDLE file, DWORD offset_low, DWORD offset_high, DWORD length_low,
                       DWORD length_high) {
    return unlock(file, make_large(offset_low, offset_high), make_large(length_low, length_high));
}

BOOL WINAPI UnlockFileEx(HANDLE file, DWORD reserved, DWORD length_low, DWORD length_high,
                         LPOVERLAPPED overlapped) {
    if (reserved || !overlapped) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    return unlock(file, make_large(overlapped->Offset, overlapped->OffsetHigh),
                  make_large(length_low, length_high));
}

} // extern "C"
