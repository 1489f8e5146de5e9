// File-system functions of <stdio.h>, <io.h> and <direct.h>: remove, rename, _unlink, _access,
// _mkdir, _rmdir, _chdir, _getcwd (narrow paths go through the ANSI code page).

#include "win32/crt/Errno.h"
#include "win32/crt/FileDescriptors.h"
#include "win32/crt/Os.h"

using namespace crt;

namespace {

int result_of(bool ok) {
    if (ok)
        return 0;
    set_errno_from_win32(os::last_error());
    return -1;
}

constexpr uint32_t kInvalidAttributes = 0xffffffffu, kReadOnly = 1, kDirectory = 0x10;

int access_wide(const WideChar* path, int mode) {
    if (!path || (mode & ~6)) {
        set_errno(kEINVAL);
        return -1;
    }
    uint32_t attributes = os::file_attributes(path);
    if (attributes == kInvalidAttributes) {
        set_errno_from_win32(os::last_error());
        return -1;
    }
    // Directories are always writable as far as _access is concerned.
    if ((mode & 2) && (attributes & kReadOnly) && !(attributes & kDirectory)) {
        set_errno(kEACCES);
        return -1;
    }
    return 0;
}

} // namespace

CRT_EXPORT int _wremove(const WideChar* path) { return path ? result_of(os::delete_file(path)) : (set_errno(kEINVAL), -1); }
CRT_EXPORT int _wunlink(const WideChar* path) { return _wremove(path); }
CRT_EXPORT int _wrename(const WideChar* from, const WideChar* to) {
    if (!from || !to) {
        set_errno(kEINVAL);
        return -1;
    }
    return result_of(os::move_file(from, to));
}
CRT_EXPORT int _waccess(const WideChar* path, int mode) { return access_wide(path, mode); }
CRT_EXPORT int _wmkdir(const WideChar* path) { return path ? result_of(os::create_directory(path)) : (set_errno(kEINVAL), -1); }
CRT_EXPORT int _wrmdir(const WideChar* path) { return path ? result_of(os::remove_directory(path)) : (set_errno(kEINVAL), -1); }
CRT_EXPORT int _wchdir(const WideChar* path) {
    return path ? result_of(os::set_current_directory(path)) : (set_errno(kEINVAL), -1);
}

CRT_EXPORT int remove(const char* path) {
    fd::WidePath wide;
    return wide.convert(path) ? _wremove(wide.text) : -1;
}
CRT_EXPORT int _unlink(const char* path) { return remove(path); }
CRT_EXPORT int rename(const char* from, const char* to) {
    fd::WidePath wide_from, wide_to;
    if (!wide_from.convert(from) || !wide_to.convert(to))
        return -1;
    return _wrename(wide_from.text, wide_to.text);
}
CRT_EXPORT int _access(const char* path, int mode) {
    fd::WidePath wide;
    return wide.convert(path) ? access_wide(wide.text, mode) : -1;
}
CRT_EXPORT int _access_s(const char* path, int mode) { return _access(path, mode) == 0 ? 0 : get_errno(); }
CRT_EXPORT int _mkdir(const char* path) {
    fd::WidePath wide;
    return wide.convert(path) ? _wmkdir(wide.text) : -1;
}
CRT_EXPORT int _rmdir(const char* path) {
    fd::WidePath wide;
    return wide.convert(path) ? _wrmdir(wide.text) : -1;
}
CRT_EXPORT int _chdir(const char* path) {
    fd::WidePath wide;
    return wide.convert(path) ? _wchdir(wide.text) : -1;
}

CRT_EXPORT WideChar* _wgetcwd(WideChar* buffer, int size) {
    WideChar local[1024];
    uint32_t length = os::current_directory(local, 1024);
    if (length == 0 || length >= 1024) {
        set_errno_from_win32(os::last_error());
        return nullptr;
    }
    if (!buffer) {
        int needed = static_cast<int>(length) + 1;
        if (size < needed)
            size = needed;
        buffer = static_cast<WideChar*>(os::heap_alloc(sizeof(WideChar) * static_cast<size_t>(size), false));
        if (!buffer) {
            set_errno(kENOMEM);
            return nullptr;
        }
    } else if (static_cast<int>(length) + 1 > size) {
        set_errno(kERANGE);
        return nullptr;
    }
    __builtin_memcpy(buffer, local, sizeof(WideChar) * (length + 1));
    return buffer;
}

CRT_EXPORT char* _getcwd(char* buffer, int size) {
    WideChar wide[1024];
    if (!_wgetcwd(wide, 1024))
        return nullptr;
    int needed = os::wide_to_multibyte(0, wide, -1, nullptr, 0, nullptr);
    if (needed <= 0) {
        set_errno(kEINVAL);
        return nullptr;
    }
    if (!buffer) {
        if (size < needed)
            size = needed;
        buffer = static_cast<char*>(os::heap_alloc(static_cast<size_t>(size), false));
        if (!buffer) {
            set_errno(kENOMEM);
            return nullptr;
        }
    } else if (needed > size) {
        set_errno(kERANGE);
        return nullptr;
    }
    os::wide_to_multibyte(0, wide, -1, buffer, size, nullptr);
    return buffer;
}
