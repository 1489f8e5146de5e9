// Path-name helpers of <stdlib.h> and <direct.h>: _splitpath/_makepath (and their _s and wide
// forms), _fullpath/_wfullpath, _getdrive/_chdrive, _getdcwd/_wgetdcwd and _searchenv/_wsearchenv.
//
// The _s forms report errors as their return value and through errno, after calling the
// invalid-parameter handler; the plain forms are the _s forms with the documented maximum sizes
// (_MAX_DRIVE, _MAX_DIR, _MAX_FNAME, _MAX_EXT, _MAX_PATH).
//
// FIXME: narrow paths are treated byte by byte; a DBCS trail byte equal to '\\' or '.' is taken
// as a separator (the Microsoft CRT skips trail bytes of the ANSI code page).

#include "win32/crt/Errno.h"
#include "win32/crt/FileDescriptors.h"
#include "win32/crt/Os.h"
#include "win32/crt/OsProcess.h"
#include "win32/crt/ThreadData.h"

CRT_EXPORT void _invalid_parameter_noinfo();
CRT_EXPORT crt::WideChar* _wgetcwd(crt::WideChar* buffer, int size);
CRT_EXPORT char* _getcwd(char* buffer, int size);

namespace crt {

namespace {

constexpr size_t kMaxPath = 260, kMaxDrive = 3, kMaxDir = 256, kMaxFname = 256, kMaxExt = 256;
constexpr uint32_t kErrorInvalidDrive = 15;

int invalid(int error) {
    _invalid_parameter_noinfo();
    set_errno(error);
    return error;
}

template <typename CharT>
size_t length(const CharT* s) {
    size_t n = 0;
    while (s[n])
        ++n;
    return n;
}

template <typename CharT>
bool is_separator(CharT c) {
    return c == '\\' || c == '/';
}

/// One output component of _splitpath_s: a caller buffer and its size, either both given or
/// neither.
template <typename CharT>
struct Component {
    CharT* buffer;
    size_t size;
    bool valid() const { return (buffer == nullptr) == (size == 0); }
    void clear() const {
        if (buffer)
            buffer[0] = 0;
    }
    /// Copies text[0, n); false when the buffer is too small.
    bool assign(const CharT* text, size_t n) const {
        if (!buffer)
            return true;
        if (n + 1 > size)
            return false;
        for (size_t i = 0; i < n; ++i)
            buffer[i] = text[i];
        buffer[n] = 0;
        return true;
    }
};

template <typename CharT>
int split_path(const CharT* path, Component<CharT> drive, Component<CharT> dir, Component<CharT> fname,
               Component<CharT> ext) {
    if (!path || !drive.valid() || !dir.valid() || !fname.valid() || !ext.valid()) {
        drive.clear(), dir.clear(), fname.clear(), ext.clear();
        return invalid(kEINVAL);
    }
    const CharT* p = path;
    size_t drive_length = 0;
    if (p[0] && p[1] == ':')
        drive_length = 2;
    p += drive_length;
    // The directory runs to the last separator (inclusive); the extension starts at the last dot
    // after it.
    const CharT* last_separator = nullptr;
    const CharT* last_dot = nullptr;
    for (const CharT* q = p; *q; ++q) {
        if (is_separator(*q)) {
            last_separator = q;
            last_dot = nullptr;
        } else if (*q == '.') {
            last_dot = q;
        }
    }
    const CharT* name = last_separator ? last_separator + 1 : p;
    const CharT* end = p + length(p);
    const CharT* name_end = last_dot ? last_dot : end;
    if (!drive.assign(path, drive_length) || !dir.assign(p, static_cast<size_t>(name - p)) ||
        !fname.assign(name, static_cast<size_t>(name_end - name)) ||
        !ext.assign(name_end, static_cast<size_t>(end - name_end))) {
        drive.clear(), dir.clear(), fname.clear(), ext.clear();
        return invalid(kERANGE);
    }
    return 0;
}

/// Appends text[0, n) to out (capacity `size`, `used` characters so far); false when full.
template <typename CharT>
bool append(CharT* out, size_t size, size_t& used, const CharT* text, size_t n) {
    if (used + n + 1 > size)
        return false;
    for (size_t i = 0; i < n; ++i)
        out[used + i] = text[i];
    used += n;
    out[used] = 0;
    return true;
}

template <typename CharT>
int make_path(CharT* path, size_t size, const CharT* drive, const CharT* dir, const CharT* fname,
              const CharT* ext) {
    if (!path || size == 0)
        return invalid(kEINVAL);
    size_t used = 0;
    path[0] = 0;
    bool fits = true;
    if (drive && drive[0]) {
        CharT letter[2] = {drive[0], ':'};
        fits = append(path, size, used, letter, 2);
    }
    if (fits && dir && dir[0]) {
        size_t n = length(dir);
        fits = append(path, size, used, dir, n);
        if (fits && !is_separator(dir[n - 1])) {
            CharT separator = '\\';
            fits = append(path, size, used, &separator, 1);
        }
    }
    if (fits && fname && fname[0])
        fits = append(path, size, used, fname, length(fname));
    if (fits && ext && ext[0]) {
        if (ext[0] != '.') {
            CharT dot = '.';
            fits = append(path, size, used, &dot, 1);
        }
        if (fits)
            fits = append(path, size, used, ext, length(ext));
    }
    if (!fits) {
        path[0] = 0;
        return invalid(kERANGE);
    }
    return 0;
}

/// The drive letter (1 = A:) of the current directory, 0 when it is not on a lettered drive.
int current_drive() {
    WideChar cwd[kMaxPath + 1];
    uint32_t n = os::current_directory(cwd, kMaxPath + 1);
    if (n < 2 || n > kMaxPath || cwd[1] != ':')
        return 0;
    WideChar letter = cwd[0];
    if (letter >= 'a' && letter <= 'z')
        return letter - 'a' + 1;
    if (letter >= 'A' && letter <= 'Z')
        return letter - 'A' + 1;
    return 0;
}

/// The current directory of drive `drive` (1 = A:): the process's own when it is the current
/// drive, else the per-drive "=X:" environment variable Windows keeps, else the drive's root.
/// Returns the length, 0 (errno set) on failure.
uint32_t drive_directory(int drive, WideChar* out, uint32_t capacity) {
    if (drive == 0 || drive == current_drive()) {
        uint32_t n = os::current_directory(out, capacity);
        if (n == 0 || n >= capacity) {
            set_errno(n == 0 ? errno_for_win32(os::last_error()) : kERANGE);
            return 0;
        }
        return n;
    }
    if (drive < 1 || drive > 26) {
        set_errno(kEACCES);
        thread_data().dos_error = kErrorInvalidDrive;
        return 0;
    }
    WideChar letter = static_cast<WideChar>('A' + drive - 1);
    WideChar root[4] = {letter, ':', '\\', 0};
    if (os::file_attributes(root) == 0xFFFFFFFFu) {
        set_errno(kEACCES);
        thread_data().dos_error = kErrorInvalidDrive;
        return 0;
    }
    WideChar variable[4] = {'=', letter, ':', 0};
    uint32_t n = os::environment_variable(variable, out, capacity);
    if (n > 0 && n < capacity)
        return n;
    if (capacity < 4) {
        set_errno(kERANGE);
        return 0;
    }
    for (int i = 0; i < 4; ++i)
        out[i] = root[i];
    return 3;
}

/// Converts UTF-16 to the ANSI code page into `buffer` (or a new heap block of at least `size`
/// when buffer is null), as _getcwd-like functions return their result.
char* narrow_result(const WideChar* wide, char* buffer, int size) {
    int needed = os::wide_to_multibyte(0, wide, -1, nullptr, 0, nullptr);
    if (needed <= 0) {
        set_errno(kEINVAL);
        return nullptr;
    }
    if (!buffer) {
        size = max(size, needed);
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

WideChar* wide_result(const WideChar* text, uint32_t n, WideChar* buffer, int size) {
    if (!buffer) {
        size = max(size, static_cast<int>(n) + 1);
        buffer = static_cast<WideChar*>(os::heap_alloc(sizeof(WideChar) * static_cast<size_t>(size), false));
        if (!buffer) {
            set_errno(kENOMEM);
            return nullptr;
        }
    } else if (static_cast<int>(n) + 1 > size) {
        set_errno(kERANGE);
        return nullptr;
    }
    for (uint32_t i = 0; i <= n; ++i)
        buffer[i] = text[i];
    return buffer;
}

/// _searchenv's search: `name` in the current directory, then in each directory of the
/// environment variable `variable`. On success `out` holds the full path.
bool search_environment(const WideChar* name, const WideChar* variable, WideChar (&out)[kMaxPath * 4]) {
    uint32_t attributes = os::file_attributes(name);
    if (attributes != 0xFFFFFFFFu && !(attributes & 0x10)) {
        uint32_t n = os::full_path(name, out, kMaxPath * 4);
        return n > 0 && n < kMaxPath * 4;
    }
    static constexpr uint32_t kValueCapacity = 32768;
    auto* value = static_cast<WideChar*>(os::heap_alloc(sizeof(WideChar) * kValueCapacity, false));
    if (!value)
        return false;
    bool found = false;
    uint32_t n = os::environment_variable(variable, value, kValueCapacity);
    if (n > 0 && n < kValueCapacity) {
        const WideChar* entry = value;
        size_t name_length = length(name);
        while (*entry && !found) {
            const WideChar* end = entry;
            while (*end && *end != ';')
                ++end;
            // Quotes around a directory are allowed and dropped.
            WideChar candidate[kMaxPath * 2];
            size_t used = 0;
            for (const WideChar* c = entry; c < end && used < kMaxPath; ++c) {
                if (*c != '"')
                    candidate[used++] = *c;
            }
            if (used > 0 && used + 1 + name_length < kMaxPath * 2) {
                if (!is_separator(candidate[used - 1]))
                    candidate[used++] = '\\';
                for (size_t i = 0; i <= name_length; ++i)
                    candidate[used + i] = name[i];
                // As in the Microsoft CRT the directory is used as written (a relative one gives
                // a relative result); only the current-directory match is made absolute.
                uint32_t a = os::file_attributes(candidate);
                if (a != 0xFFFFFFFFu && !(a & 0x10)) {
                    for (size_t i = 0; i <= used + name_length; ++i)
                        out[i] = candidate[i];
                    found = true;
                }
            }
            entry = *end ? end + 1 : end;
        }
    }
    os::heap_free(value);
    return found;
}

template <typename CharT>
int copy_out(const CharT* text, CharT* out, size_t size) {
    size_t n = length(text);
    if (n + 1 > size) {
        out[0] = 0;
        return invalid(kERANGE);
    }
    for (size_t i = 0; i <= n; ++i)
        out[i] = text[i];
    return 0;
}

int search_environment_wide(const WideChar* name, const WideChar* variable, WideChar* out, size_t size) {
    if (!out || size == 0)
        return invalid(kEINVAL);
    out[0] = 0;
    if (!name || !variable)
        return invalid(kEINVAL);
    WideChar found[kMaxPath * 4];
    if (!search_environment(name, variable, found)) {
        set_errno(kENOENT);
        return kENOENT;
    }
    return copy_out(found, out, size);
}

int search_environment_narrow(const char* name, const char* variable, char* out, size_t size) {
    if (!out || size == 0)
        return invalid(kEINVAL);
    out[0] = 0;
    if (!name || !variable)
        return invalid(kEINVAL);
    fd::WidePath wide_name, wide_variable;
    if (!wide_name.convert(name) || !wide_variable.convert(variable))
        return get_errno();
    WideChar found[kMaxPath * 4];
    if (!search_environment(wide_name.text, wide_variable.text, found)) {
        set_errno(kENOENT);
        return kENOENT;
    }
    char narrow[kMaxPath * 8];
    int n = os::wide_to_multibyte(0, found, -1, narrow, static_cast<int>(sizeof narrow), nullptr);
    if (n <= 0) {
        set_errno(kEINVAL);
        return kEINVAL;
    }
    return copy_out(narrow, out, size);
}

} // namespace

} // namespace crt

using namespace crt;

CRT_EXPORT int _splitpath_s(const char* path, char* drive, size_t drive_size, char* dir, size_t dir_size,
                            char* fname, size_t fname_size, char* ext, size_t ext_size) {
    return split_path<char>(path, {drive, drive_size}, {dir, dir_size}, {fname, fname_size}, {ext, ext_size});
}
CRT_EXPORT int _wsplitpath_s(const WideChar* path, WideChar* drive, size_t drive_size, WideChar* dir,
                             size_t dir_size, WideChar* fname, size_t fname_size, WideChar* ext, size_t ext_size) {
    return split_path<WideChar>(path, {drive, drive_size}, {dir, dir_size}, {fname, fname_size},
                                {ext, ext_size});
}
CRT_EXPORT void _splitpath(const char* path, char* drive, char* dir, char* fname, char* ext) {
    split_path<char>(path, {drive, drive ? kMaxDrive : 0}, {dir, dir ? kMaxDir : 0},
                     {fname, fname ? kMaxFname : 0}, {ext, ext ? kMaxExt : 0});
}
CRT_EXPORT void _wsplitpath(const WideChar* path, WideChar* drive, WideChar* dir, WideChar* fname, WideChar* ext) {
    split_path<WideChar>(path, {drive, drive ? kMaxDrive : 0}, {dir, dir ? kMaxDir : 0},
                         {fname, fname ? kMaxFname : 0}, {ext, ext ? kMaxExt : 0});
}

CRT_EXPORT int _makepath_s(char* path, size_t size, const char* drive, const char* dir, const char* fname,
                           const char* ext) {
    return make_path(path, size, drive, dir, fname, ext);
}
CRT_EXPORT int _wmakepath_s(WideChar* path, size_t size, const WideChar* drive, const WideChar* dir,
                            const WideChar* fname, const WideChar* ext) {
    return make_path(path, size, drive, dir, fname, ext);
}
CRT_EXPORT void _makepath(char* path, const char* drive, const char* dir, const char* fname, const char* ext) {
    make_path(path, kMaxPath, drive, dir, fname, ext);
}
CRT_EXPORT void _wmakepath(WideChar* path, const WideChar* drive, const WideChar* dir, const WideChar* fname,
                           const WideChar* ext) {
    make_path(path, kMaxPath, drive, dir, fname, ext);
}

CRT_EXPORT WideChar* _wfullpath(WideChar* buffer, const WideChar* path, size_t size) {
    if (!path || !path[0])
        return _wgetcwd(buffer, static_cast<int>(size));
    WideChar full[kMaxPath * 4];
    uint32_t n = os::full_path(path, full, kMaxPath * 4);
    if (n == 0) {
        set_errno_from_win32(os::last_error());
        return nullptr;
    }
    if (n >= kMaxPath * 4) {
        set_errno(kERANGE);
        return nullptr;
    }
    return wide_result(full, n, buffer, buffer ? static_cast<int>(size) : static_cast<int>(kMaxPath));
}

CRT_EXPORT char* _fullpath(char* buffer, const char* path, size_t size) {
    if (!path || !path[0])
        return _getcwd(buffer, static_cast<int>(size));
    fd::WidePath wide;
    if (!wide.convert(path))
        return nullptr;
    WideChar full[kMaxPath * 4];
    uint32_t n = os::full_path(wide.text, full, kMaxPath * 4);
    if (n == 0) {
        set_errno_from_win32(os::last_error());
        return nullptr;
    }
    if (n >= kMaxPath * 4) {
        set_errno(kERANGE);
        return nullptr;
    }
    return narrow_result(full, buffer, buffer ? static_cast<int>(size) : static_cast<int>(kMaxPath));
}

CRT_EXPORT int _getdrive() { return current_drive(); }

CRT_EXPORT int _chdrive(int drive) {
    if (drive < 1 || drive > 26) {
        _invalid_parameter_noinfo();
        set_errno(kEACCES);
        thread_data().dos_error = kErrorInvalidDrive;
        return -1;
    }
    WideChar directory[kMaxPath + 1];
    if (!drive_directory(drive, directory, kMaxPath + 1))
        return -1;
    if (!os::set_current_directory(directory)) {
        set_errno_from_win32(os::last_error());
        set_errno(kEACCES);
        return -1;
    }
    return 0;
}

CRT_EXPORT WideChar* _wgetdcwd(int drive, WideChar* buffer, int size) {
    if (drive < 0 || drive > 26) {
        _invalid_parameter_noinfo();
        set_errno(kEACCES);
        thread_data().dos_error = kErrorInvalidDrive;
        return nullptr;
    }
    WideChar directory[kMaxPath + 1];
    uint32_t n = drive_directory(drive, directory, kMaxPath + 1);
    if (!n)
        return nullptr;
    return wide_result(directory, n, buffer, size);
}

CRT_EXPORT char* _getdcwd(int drive, char* buffer, int size) {
    WideChar directory[kMaxPath + 1];
    if (!_wgetdcwd(drive, directory, kMaxPath + 1))
        return nullptr;
    return narrow_result(directory, buffer, size);
}

CRT_EXPORT int _searchenv_s(const char* name, const char* variable, char* out, size_t size) {
    return search_environment_narrow(name, variable, out, size);
}
CRT_EXPORT int _wsearchenv_s(const WideChar* name, const WideChar* variable, WideChar* out, size_t size) {
    return search_environment_wide(name, variable, out, size);
}
CRT_EXPORT void _searchenv(const char* name, const char* variable, char* out) {
    search_environment_narrow(name, variable, out, kMaxPath);
}
CRT_EXPORT void _wsearchenv(const WideChar* name, const WideChar* variable, WideChar* out) {
    search_environment_wide(name, variable, out, kMaxPath);
}
