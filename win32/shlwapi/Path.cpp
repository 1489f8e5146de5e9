// Path helpers (PathFindFileName, PathFindExtension, PathRemoveFileSpec, PathAppend, PathCombine,
// ...) for both character types. They work on the text alone, except PathFileExists and
// PathIsDirectory, which ask the file system. Buffers are MAX_PATH characters, as documented.
//
// FIXME: the ANSI variants step one byte at a time, which is right for the single-byte code
// pages Halcyon has (1252, 437) but not for DBCS ones.

#include "halcyon/win32.h"

namespace {

template <typename Char>
size_t length_of(const Char* s) {
    size_t n = 0;
    while (s[n])
        ++n;
    return n;
}

template <typename Char>
bool is_separator(Char c) {
    return c == '\\' || c == '/';
}

template <typename Char>
bool has_drive(const Char* path) {
    return path[0] && path[1] == ':';
}

template <typename Char>
bool is_unc(const Char* path) {
    return path[0] == '\\' && path[1] == '\\';
}

/// The last component: what follows the last '\', '/' or ':' that is not itself at the end (so a
/// trailing backslash stays with the last component).
template <typename Char>
Char* find_file_name(const Char* path) {
    const Char* name = path;
    for (const Char* p = path; *p; ++p) {
        if ((is_separator(*p) || *p == ':') && p[1] && !is_separator(p[1]))
            name = p + 1;
    }
    return const_cast<Char*>(name);
}

/// The last '.' of the last component, or the terminator when there is none. A space ends an
/// extension too ("file.a b" has none).
template <typename Char>
Char* find_extension(const Char* path) {
    const Char* dot = nullptr;
    const Char* p = path;
    for (; *p; ++p) {
        if (is_separator(*p) || *p == ' ')
            dot = nullptr;
        else if (*p == '.')
            dot = p;
    }
    return const_cast<Char*>(dot ? dot : p);
}

template <typename Char>
BOOL remove_file_spec(Char* path) {
    if (!path)
        return FALSE;
    // Where the path would be cut: after a root ("\", "C:\", "\\"), else at the last separator.
    Char* cut = path;
    Char* p = path;
    if (is_separator(*p))
        cut = ++p;
    if (is_separator(*p))
        cut = ++p;
    for (; *p; ++p) {
        if (is_separator(*p)) {
            cut = p;
        } else if (*p == ':') {
            cut = p + 1;
            if (is_separator(p[1])) {
                ++p;
                cut = p + 1;
            }
        }
    }
    if (!*cut)
        return FALSE;
    *cut = 0;
    return TRUE;
}

template <typename Char>
Char* add_backslash(Char* path) {
    if (!path)
        return nullptr;
    size_t const length = length_of(path);
    if (length >= MAX_PATH - 1)
        return nullptr;
    if (length && path[length - 1] != '\\') {
        path[length] = '\\';
        path[length + 1] = 0;
        return path + length + 1;
    }
    return path + length;
}

/// Removes "." and ".." components (never above the root) from `source` into `out` (MAX_PATH).
template <typename Char>
bool canonicalize(Char* out, const Char* source) {
    size_t const length = length_of(source);
    if (length >= MAX_PATH)
        return false;
    // The root is kept as is: "C:\", "\\server\share\", "\" or nothing.
    size_t root = 0;
    if (has_drive(source)) {
        root = 2;
        if (is_separator(source[2]))
            root = 3;
    } else if (is_unc(source)) {
        root = 2;
    } else if (is_separator(source[0])) {
        root = 1;
    }
    size_t o = 0;
    for (; o < root; ++o)
        out[o] = source[o];
    size_t const floor = o;
    size_t i = root;
    while (i <= length) {
        size_t end = i;
        while (end < length && !is_separator(source[end]))
            ++end;
        size_t const part = end - i;
        bool const last = end >= length;
        if (part == 1 && source[i] == '.') {
            // Dropped.
        } else if (part == 2 && source[i] == '.' && source[i + 1] == '.') {
            // Back to the previous separator, not above the root.
            if (o > floor) {
                if (o > floor && is_separator(out[o - 1]))
                    --o;
                while (o > floor && !is_separator(out[o - 1]))
                    --o;
            }
        } else {
            for (size_t k = i; k < end; ++k)
                out[o++] = source[k];
            if (!last)
                out[o++] = '\\';
        }
        if (last)
            break;
        i = end + 1;
    }
    // "dir\." leaves "dir\": the trailing separator goes unless it is the root's.
    if (o > floor && is_separator(out[o - 1]) && o > 0 && !(length && is_separator(source[length - 1])))
        --o;
    out[o] = 0;
    if (o == 0 && length) {
        out[0] = '\\';
        out[1] = 0;
    }
    return true;
}

template <typename Char>
Char* combine(Char* destination, const Char* directory, const Char* file) {
    if (!destination)
        return nullptr;
    if (!directory && !file) {
        destination[0] = 0;
        return nullptr;
    }
    Char joined[2 * MAX_PATH + 2];
    size_t n = 0;
    auto append = [&](const Char* text) {
        for (; *text && n < 2 * MAX_PATH; ++text)
            joined[n++] = *text;
    };
    if (!file || !*file) {
        append(directory);
    } else if (!directory || !*directory || has_drive(file) || is_unc(file)) {
        append(file);
    } else if (is_separator(file[0])) {
        // A rooted file takes the drive of the directory.
        if (has_drive(directory)) {
            joined[n++] = directory[0];
            joined[n++] = ':';
        }
        append(file);
    } else {
        append(directory);
        if (n && !is_separator(joined[n - 1]))
            joined[n++] = '\\';
        append(file);
    }
    joined[n] = 0;
    if (!canonicalize(destination, joined)) {
        destination[0] = 0;
        return nullptr;
    }
    return destination;
}

template <typename Char>
BOOL append_path(Char* path, const Char* more) {
    if (!path || !more)
        return FALSE;
    if (!is_unc(more)) {
        while (is_separator(*more))
            ++more;
    }
    Char result[MAX_PATH];
    if (!combine(result, path, more))
        return FALSE;
    size_t const length = length_of(result);
    for (size_t i = 0; i <= length; ++i)
        path[i] = result[i];
    return TRUE;
}

template <typename Char>
BOOL is_relative(const Char* path) {
    if (!path || !*path)
        return TRUE;
    if (is_separator(path[0]) || has_drive(path))
        return FALSE;
    return TRUE;
}

template <typename Char>
void remove_extension(Char* path) {
    if (path)
        *find_extension(path) = 0;
}

template <typename Char>
BOOL rename_extension(Char* path, const Char* extension) {
    if (!path || !extension)
        return FALSE;
    Char* dot = find_extension(path);
    size_t const kept = static_cast<size_t>(dot - path);
    size_t const added = length_of(extension);
    if (kept + added >= MAX_PATH)
        return FALSE;
    for (size_t i = 0; i <= added; ++i)
        dot[i] = extension[i];
    return TRUE;
}

template <typename Char>
void strip_path(Char* path) {
    if (!path)
        return;
    Char* name = find_file_name(path);
    if (name == path)
        return;
    size_t const length = length_of(name);
    for (size_t i = 0; i <= length; ++i)
        path[i] = name[i];
}

} // namespace

extern "C" {

LPWSTR WINAPI PathFindFileNameW(LPCWSTR path) {
    return path ? find_file_name(path) : nullptr;
}
LPSTR WINAPI PathFindFileNameA(LPCSTR path) {
    return path ? find_file_name(path) : nullptr;
}
LPWSTR WINAPI PathFindExtensionW(LPCWSTR path) {
    return path ? find_extension(path) : nullptr;
}
LPSTR WINAPI PathFindExtensionA(LPCSTR path) {
    return path ? find_extension(path) : nullptr;
}
BOOL WINAPI PathRemoveFileSpecW(LPWSTR path) {
    return remove_file_spec(path);
}
BOOL WINAPI PathRemoveFileSpecA(LPSTR path) {
    return remove_file_spec(path);
}
LPWSTR WINAPI PathAddBackslashW(LPWSTR path) {
    return add_backslash(path);
}
LPSTR WINAPI PathAddBackslashA(LPSTR path) {
    return add_backslash(path);
}
LPWSTR WINAPI PathCombineW(LPWSTR destination, LPCWSTR directory, LPCWSTR file) {
    return combine(destination, directory, file);
}
LPSTR WINAPI PathCombineA(LPSTR destination, LPCSTR directory, LPCSTR file) {
    return combine(destination, directory, file);
}
BOOL WINAPI PathAppendW(LPWSTR path, LPCWSTR more) {
    return append_path(path, more);
}
BOOL WINAPI PathAppendA(LPSTR path, LPCSTR more) {
    return append_path(path, more);
}
BOOL WINAPI PathIsRelativeW(LPCWSTR path) {
    return is_relative(path);
}
BOOL WINAPI PathIsRelativeA(LPCSTR path) {
    return is_relative(path);
}
void WINAPI PathRemoveExtensionW(LPWSTR path) {
    remove_extension(path);
}
void WINAPI PathRemoveExtensionA(LPSTR path) {
    remove_extension(path);
}
BOOL WINAPI PathRenameExtensionW(LPWSTR path, LPCWSTR extension) {
    return rename_extension(path, extension);
}
BOOL WINAPI PathRenameExtensionA(LPSTR path, LPCSTR extension) {
    return rename_extension(path, extension);
}
void WINAPI PathStripPathW(LPWSTR path) {
    strip_path(path);
}
void WINAPI PathStripPathA(LPSTR path) {
    strip_path(path);
}

BOOL WINAPI PathFileExistsW(LPCWSTR path) {
    if (!path)
        return FALSE;
    return GetFileAttributesW(path) != INVALID_FILE_ATTRIBUTES;
}

BOOL WINAPI PathFileExistsA(LPCSTR path) {
    if (!path)
        return FALSE;
    return GetFileAttributesA(path) != INVALID_FILE_ATTRIBUTES;
}

/// FILE_ATTRIBUTE_DIRECTORY when `path` is a directory, as Windows returns it.
BOOL WINAPI PathIsDirectoryW(LPCWSTR path) {
    if (!path)
        return FALSE;
    DWORD const attributes = GetFileAttributesW(path);
    if (attributes == INVALID_FILE_ATTRIBUTES)
        return FALSE;
    return static_cast<BOOL>(attributes & FILE_ATTRIBUTE_DIRECTORY);
}

BOOL WINAPI PathIsDirectoryA(LPCSTR path) {
    if (!path)
        return FALSE;
    DWORD const attributes = GetFileAttributesA(path);
    if (attributes == INVALID_FILE_ATTRIBUTES)
        return FALSE;
    return static_cast<BOOL>(attributes & FILE_ATTRIBUTE_DIRECTORY);
}

} // extern "C"
