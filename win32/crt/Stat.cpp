// File status and directory search of <sys/stat.h> and <io.h>: the _stat/_fstat families (every
// width of size and time the Microsoft CRT exports) and _findfirst/_findnext/_findclose, on
// GetFileAttributesEx, GetFileInformationByHandle and FindFirstFile/FindNextFile.
//
// As in the Microsoft CRT: st_mode gives read permission always, write permission unless the file
// is read-only, and execute permission to directories and to .exe/.com/.bat/.cmd files, copied to
// the group and other bits; st_dev and st_rdev are the drive number (0 for A:) for a path and 0
// for a file descriptor (the descriptor itself for a device or pipe, whose mode is the bare
// _S_IFCHR or _S_IFIFO); st_ino, st_uid and st_gid are 0; times are seconds since 1970 UTC.

#include "win32/crt/Errno.h"
#include "win32/crt/FileDescriptors.h"
#include "win32/crt/Os.h"

using namespace crt;

namespace {

constexpr uint32_t kAttributeReadOnly = 0x01, kAttributeDirectory = 0x10;
constexpr unsigned short kIfDir = 0x4000, kIfChr = 0x2000, kIfIfo = 0x1000, kIfReg = 0x8000;
constexpr unsigned short kIRead = 0x0100, kIWrite = 0x0080, kIExec = 0x0040;
constexpr uint64_t kFileTimeOfUnixEpoch = 116444736000000000ull;

int64_t unix_seconds(uint64_t filetime) {
    if (filetime < kFileTimeOfUnixEpoch)
        return 0;
    return static_cast<int64_t>((filetime - kFileTimeOfUnixEpoch) / 10000000ull);
}

WideChar fold(WideChar c) {
    return c >= 'A' && c <= 'Z' ? static_cast<WideChar>(c + ('a' - 'A')) : c;
}

bool has_executable_extension(const WideChar* path) {
    const WideChar* dot = nullptr;
    for (const WideChar* p = path; *p; ++p) {
        if (*p == '.')
            dot = p;
        else if (*p == '\\' || *p == '/')
            dot = nullptr;
    }
    if (!dot)
        return false;
    static const char* const kExtensions[] = {".exe", ".com", ".bat", ".cmd"};
    for (const char* extension : kExtensions) {
        int i = 0;
        while (extension[i] && dot[i] && fold(dot[i]) == static_cast<WideChar>(extension[i]))
            ++i;
        if (!extension[i] && !dot[i])
            return true;
    }
    return false;
}

unsigned short mode_for(uint32_t attributes, const WideChar* path) {
    unsigned short mode;
    if (attributes & kAttributeDirectory)
        mode = kIfDir | kIRead | kIWrite | kIExec;
    else {
        mode = kIfReg | kIRead;
        if (!(attributes & kAttributeReadOnly))
            mode |= kIWrite;
        if (path && has_executable_extension(path))
            mode |= kIExec;
    }
    return static_cast<unsigned short>(mode | ((mode & 0700) >> 3) | ((mode & 0700) >> 6));
}

/// The fields every _stat variant has, before narrowing to the caller's structure.
struct Status {
    unsigned int device = 0;
    unsigned short mode = 0;
    uint64_t size = 0;
    int64_t access_time = 0;
    int64_t write_time = 0;
    int64_t creation_time = 0;
};

// The Microsoft structures (x64): sizes are 32 or 64 bits, times 64 bits.
template <typename Size>
struct StatLayout {
    unsigned int st_dev;
    unsigned short st_ino;
    unsigned short st_mode;
    short st_nlink;
    short st_uid;
    short st_gid;
    unsigned int st_rdev;
    Size st_size;
    int64_t st_atime;
    int64_t st_mtime;
    int64_t st_ctime;
};
using Stat64 = StatLayout<int64_t>;
using Stat64i32 = StatLayout<int32_t>;
static_assert(sizeof(Stat64) == 56 && sizeof(Stat64i32) == 48);

template <typename Layout>
void store(const Status& status, Layout* out) {
    __builtin_memset(out, 0, sizeof *out);
    out->st_dev = out->st_rdev = status.device;
    out->st_mode = status.mode;
    out->st_nlink = 1;
    out->st_size = static_cast<decltype(out->st_size)>(status.size);
    out->st_atime = status.access_time;
    out->st_mtime = status.write_time;
    out->st_ctime = status.creation_time;
}

bool has_wildcard(const WideChar* path) {
    for (; *path; ++path) {
        if (*path == '*' || *path == '?')
            return true;
    }
    return false;
}

int stat_wide(const WideChar* path, Status& status) {
    if (!path) {
        set_errno(kEINVAL);
        return -1;
    }
    if (!*path || has_wildcard(path)) {
        set_errno(kENOENT);
        return -1;
    }
    WideChar full[1024];
    uint32_t length = os::full_path(path, full, 1024);
    if (length == 0 || length >= 1024) {
        set_errno(kENOENT);
        return -1;
    }
    os::FileInfo info;
    if (!os::file_info(path, info)) {
        set_errno(kENOENT);
        return -1;
    }
    // "name\" names a directory only.
    size_t path_length = 0;
    while (path[path_length])
        ++path_length;
    WideChar last = path[path_length - 1];
    if ((last == '\\' || last == '/') && !(info.attributes & kAttributeDirectory) && path_length > 1) {
        set_errno(kENOENT);
        return -1;
    }
    WideChar drive = fold(full[0]);
    status.device = full[1] == ':' && drive >= 'a' && drive <= 'z' ? drive - 'a' : 0;
    status.mode = mode_for(info.attributes, path);
    status.size = (info.attributes & kAttributeDirectory) ? 0 : info.size;
    status.access_time = unix_seconds(info.access_time);
    status.write_time = unix_seconds(info.write_time);
    status.creation_time = unix_seconds(info.creation_time);
    return 0;
}

int stat_narrow(const char* path, Status& status) {
    if (!path) {
        set_errno(kEINVAL);
        return -1;
    }
    fd::WidePath wide;
    if (!wide.convert(path)) {
        set_errno(kENOENT);
        return -1;
    }
    return stat_wide(wide.text, status);
}

int fstat_fd(int descriptor, Status& status) {
    if (!fd::is_valid(descriptor)) {
        set_errno(kEBADF);
        return -1;
    }
    os::Handle handle = fd::handle_of(descriptor);
    switch (os::file_kind(handle)) {
    case os::FileKind::Character:
        status.mode = kIfChr;
        status.device = static_cast<unsigned int>(descriptor);
        return 0;
    case os::FileKind::Pipe:
        status.mode = kIfIfo;
        status.device = static_cast<unsigned int>(descriptor);
        return 0;
    default:
        break;
    }
    os::FileInfo info;
    if (!os::file_info(handle, info)) {
        set_errno(kEBADF);
        return -1;
    }
    status.mode = mode_for(info.attributes, nullptr);
    status.size = info.size;
    status.access_time = unix_seconds(info.access_time);
    status.write_time = unix_seconds(info.write_time);
    status.creation_time = unix_seconds(info.creation_time);
    return 0;
}

template <typename Layout>
int finish(int result, const Status& status, Layout* out) {
    if (result == 0)
        store(status, out);
    return result;
}

// ---- _findfirst / _findnext ---------------------------------------------------------------------

template <typename Size, typename Char>
struct FindDataLayout {
    unsigned int attrib;
    int64_t time_create;
    int64_t time_access;
    int64_t time_write;
    Size size;
    Char name[260];
};
using FindData64 = FindDataLayout<int64_t, char>;
using FindData64i32 = FindDataLayout<uint32_t, char>;
using WideFindData64 = FindDataLayout<int64_t, WideChar>;
using WideFindData64i32 = FindDataLayout<uint32_t, WideChar>;
static_assert(sizeof(FindData64) == 304 && sizeof(FindData64i32) == 296);
static_assert(sizeof(WideFindData64) == 560 && sizeof(WideFindData64i32) == 560);

template <typename Layout>
bool store_find(const os::FileInfo& info, const WideChar (&name)[260], Layout* out) {
    out->attrib = info.attributes;
    out->time_create = unix_seconds(info.creation_time);
    out->time_access = unix_seconds(info.access_time);
    out->time_write = unix_seconds(info.write_time);
    out->size = static_cast<decltype(out->size)>(info.size);
    if constexpr (sizeof(out->name[0]) == sizeof(WideChar)) {
        for (int i = 0; i < 260; ++i)
            out->name[i] = name[i];
    } else {
        int length = os::wide_to_multibyte(os::ansi_code_page(), name, -1, out->name, 260, nullptr);
        if (length <= 0) {
            set_errno(kEINVAL);
            return false;
        }
    }
    return true;
}

void set_find_errno(uint32_t error) {
    // ERROR_FILE_NOT_FOUND, ERROR_PATH_NOT_FOUND and ERROR_NO_MORE_FILES are all ENOENT.
    if (error == 2 || error == 3 || error == 18)
        set_errno(kENOENT);
    else if (error == 8 || error == 14)
        set_errno(kENOMEM);
    else
        set_errno(kEINVAL);
}

template <typename Layout>
intptr_t find_first_wide(const WideChar* pattern, Layout* out) {
    if (!pattern || !out) {
        set_errno(kEINVAL);
        return -1;
    }
    os::FileInfo info;
    WideChar name[260];
    os::Handle find = os::find_first(pattern, info, name);
    if (find == os::kInvalidHandle) {
        set_find_errno(os::last_error());
        return -1;
    }
    if (!store_find(info, name, out)) {
        os::find_close(find);
        return -1;
    }
    return reinterpret_cast<intptr_t>(find);
}

template <typename Layout>
intptr_t find_first_narrow(const char* pattern, Layout* out) {
    if (!pattern) {
        set_errno(kEINVAL);
        return -1;
    }
    fd::WidePath wide;
    if (!wide.convert(pattern)) {
        set_errno(kEINVAL);
        return -1;
    }
    return find_first_wide(wide.text, out);
}

template <typename Layout>
int find_next(intptr_t handle, Layout* out) {
    if (handle == -1 || !out) {
        set_errno(kEINVAL);
        return -1;
    }
    os::FileInfo info;
    WideChar name[260];
    if (!os::find_next(reinterpret_cast<os::Handle>(handle), info, name)) {
        set_find_errno(os::last_error());
        return -1;
    }
    return store_find(info, name, out) ? 0 : -1;
}

} // namespace

CRT_EXPORT int _stat64(const char* path, Stat64* out) {
    Status status;
    return finish(stat_narrow(path, status), status, out);
}
CRT_EXPORT int _stat64i32(const char* path, Stat64i32* out) {
    Status status;
    return finish(stat_narrow(path, status), status, out);
}
// On x64, _stat is _stat64i32 (64-bit times, 32-bit size).
CRT_EXPORT int _stat(const char* path, Stat64i32* out) {
    return _stat64i32(path, out);
}
CRT_EXPORT int _wstat64(const WideChar* path, Stat64* out) {
    Status status;
    return finish(stat_wide(path, status), status, out);
}
CRT_EXPORT int _wstat64i32(const WideChar* path, Stat64i32* out) {
    Status status;
    return finish(stat_wide(path, status), status, out);
}
CRT_EXPORT int _wstat(const WideChar* path, Stat64i32* out) {
    return _wstat64i32(path, out);
}
CRT_EXPORT int _fstat64(int descriptor, Stat64* out) {
    Status status;
    return finish(fstat_fd(descriptor, status), status, out);
}
CRT_EXPORT int _fstat64i32(int descriptor, Stat64i32* out) {
    Status status;
    return finish(fstat_fd(descriptor, status), status, out);
}
CRT_EXPORT int _fstat(int descriptor, Stat64i32* out) {
    return _fstat64i32(descriptor, out);
}

// On x64, _findfirst/_findnext use _finddata64i32_t (64-bit times, 32-bit size).
CRT_EXPORT intptr_t _findfirst64(const char* pattern, FindData64* out) {
    return find_first_narrow(pattern, out);
}
CRT_EXPORT int _findnext64(intptr_t handle, FindData64* out) {
    return find_next(handle, out);
}
CRT_EXPORT intptr_t _findfirst(const char* pattern, FindData64i32* out) {
    return find_first_narrow(pattern, out);
}
CRT_EXPORT int _findnext(intptr_t handle, FindData64i32* out) {
    return find_next(handle, out);
}
CRT_EXPORT intptr_t _wfindfirst64(const WideChar* pattern, WideFindData64* out) {
    return find_first_wide(pattern, out);
}
CRT_EXPORT int _wfindnext64(intptr_t handle, WideFindData64* out) {
    return find_next(handle, out);
}
CRT_EXPORT intptr_t _wfindfirst(const WideChar* pattern, WideFindData64i32* out) {
    return find_first_wide(pattern, out);
}
CRT_EXPORT int _wfindnext(intptr_t handle, WideFindData64i32* out) {
    return find_next(handle, out);
}
CRT_EXPORT int _findclose(intptr_t handle) {
    if (handle == -1 || !os::find_close(reinterpret_cast<os::Handle>(handle))) {
        set_errno(kEINVAL);
        return -1;
    }
    return 0;
}
