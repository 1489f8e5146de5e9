// Unique file names: _mktemp/_wmktemp (and _s forms), tmpnam/_wtmpnam/tmpnam_s and
// _tempnam/_wtempnam. None of them creates the file; each only checks that the name is free.
//
// _mktemp keeps the template's base and replaces its six trailing X's with a letter ('a' first,
// then the next free one up to 'z') and five digits identifying the calling thread, as documented.
// tmpnam's names are "\s<process>.<counter>" relative to the current drive's root in msvcrt and
// in the temporary directory (GetTempPath) in ucrt, with the process id and a counter in base 32.
// _tempnam uses the TMP variable's directory when it exists, else `dir` when it exists, else the
// temporary directory, and returns a heap block the caller frees.

#include "win32/crt/Errno.h"
#include "win32/crt/FileDescriptors.h"
#include "win32/crt/Os.h"
#include "win32/crt/OsProcess.h"

CRT_EXPORT void _invalid_parameter_noinfo();

namespace crt {

namespace {

constexpr size_t kMaxPath = 260;
constexpr uint32_t kTmpMax = 32767;

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

bool exists(const WideChar* path) { return os::file_attributes(path) != 0xFFFFFFFFu; }

template <typename CharT>
bool name_exists(const CharT* name) {
    if constexpr (sizeof(CharT) == 1) {
        fd::WidePath wide;
        // An unconvertible name cannot be created either, so it counts as taken.
        return !wide.convert(name) || exists(wide.text);
    } else {
        return exists(name);
    }
}

/// Fills the template's last six characters (which must be X's); false when the template is
/// malformed or all 26 letters give existing names.
template <typename CharT>
bool fill_template(CharT* pattern, size_t n) {
    if (n < 6)
        return false;
    CharT* tail = pattern + n - 6;
    for (int i = 0; i < 6; ++i) {
        if (tail[i] != 'X')
            return false;
    }
    uint32_t id = os::current_thread_id();
    for (int i = 5; i >= 1; --i) {
        tail[i] = static_cast<CharT>('0' + id % 10);
        id /= 10;
    }
    for (CharT letter = 'a'; letter <= 'z'; ++letter) {
        tail[0] = letter;
        if (!name_exists(pattern))
            return true;
    }
    return false;
}

template <typename CharT>
CharT* make_temp(CharT* pattern) {
    if (!pattern) {
        invalid(kEINVAL);
        return nullptr;
    }
    size_t n = length(pattern);
    CharT saved[6];
    bool shaped = n >= 6;
    for (size_t i = 0; shaped && i < 6; ++i)
        saved[i] = pattern[n - 6 + i];
    if (!fill_template(pattern, n)) {
        if (shaped) {
            for (size_t i = 0; i < 6; ++i)
                pattern[n - 6 + i] = saved[i];
        }
        set_errno(kEINVAL);
        return nullptr;
    }
    return pattern;
}

template <typename CharT>
int make_temp_s(CharT* pattern, size_t size) {
    if (!pattern || size == 0)
        return invalid(kEINVAL);
    size_t n = 0;
    while (n < size && pattern[n])
        ++n;
    if (n == size || n < 6)
        return invalid(kEINVAL);
    for (size_t i = n - 6; i < n; ++i) {
        if (pattern[i] != 'X')
            return invalid(kEINVAL);
    }
    if (!fill_template(pattern, n)) {
        pattern[0] = 0;
        set_errno(kEEXIST);
        return kEEXIST;
    }
    return 0;
}

/// Writes `value` in base 32 (digits 0-9a-v); returns the number of characters.
template <typename CharT>
size_t base32(uint32_t value, CharT* out) {
    CharT digits[8];
    size_t n = 0;
    do {
        uint32_t d = value % 32;
        digits[n++] = static_cast<CharT>(d < 10 ? '0' + d : 'a' + d - 10);
        value /= 32;
    } while (value);
    for (size_t i = 0; i < n; ++i)
        out[i] = digits[n - 1 - i];
    return n;
}

uint32_t g_tmpnam_counter = 1;
uint32_t g_tempnam_counter = 1;

/// The next tmpnam name into `out` (capacity kMaxPath); false when none is free.
template <typename CharT>
bool next_tmpnam(CharT (&out)[kMaxPath]) {
    size_t prefix = 0;
    if (kFlavor == Flavor::Ucrt) {
        WideChar directory[kMaxPath];
        uint32_t n = os::temp_path(directory, kMaxPath);
        if (n == 0 || n + 16 >= kMaxPath)
            return false;
        for (uint32_t i = 0; i < n; ++i)
            out[prefix++] = static_cast<CharT>(directory[i]);
    } else {
        out[prefix++] = '\\';
    }
    out[prefix++] = 's';
    prefix += base32(os::current_process_id(), out + prefix);
    out[prefix++] = '.';
    for (uint32_t attempt = 0; attempt < kTmpMax; ++attempt) {
        uint32_t counter = __atomic_fetch_add(&g_tmpnam_counter, 1, __ATOMIC_RELAXED);
        size_t n = prefix + base32(counter, out + prefix);
        out[n] = 0;
        if (!name_exists(out))
            return true;
    }
    return false;
}

/// _tempnam's directory choice (see the file comment) into `out`; returns its length.
uint32_t tempnam_directory(const WideChar* dir, WideChar (&out)[kMaxPath]) {
    uint32_t n = os::environment_variable(L"TMP", out, kMaxPath);
    if (n > 0 && n < kMaxPath && exists(out))
        return n;
    if (dir && dir[0]) {
        size_t m = length(dir);
        if (m < kMaxPath - 1 && exists(dir)) {
            for (size_t i = 0; i <= m; ++i)
                out[i] = dir[i];
            return static_cast<uint32_t>(m);
        }
    }
    n = os::temp_path(out, kMaxPath);
    if (n > 0 && n < kMaxPath)
        return n;
    out[0] = '.';
    out[1] = 0;
    return 1;
}

WideChar* temp_name_wide(const WideChar* dir, const WideChar* prefix) {
    WideChar name[kMaxPath];
    uint32_t n = tempnam_directory(dir, name);
    if (n > 0 && name[n - 1] != '\\' && name[n - 1] != '/')
        name[n++] = '\\';
    size_t prefix_length = prefix ? length(prefix) : 0;
    if (n + prefix_length + 16 >= kMaxPath) {
        set_errno(kERANGE);
        return nullptr;
    }
    for (size_t i = 0; i < prefix_length; ++i)
        name[n++] = prefix[i];
    n += static_cast<uint32_t>(base32(os::current_process_id(), name + n));
    name[n++] = '.';
    for (uint32_t attempt = 0; attempt < kTmpMax; ++attempt) {
        uint32_t counter = __atomic_fetch_add(&g_tempnam_counter, 1, __ATOMIC_RELAXED);
        size_t end = n + base32(counter, name + n);
        name[end] = 0;
        if (!exists(name)) {
            auto* result = static_cast<WideChar*>(os::heap_alloc(sizeof(WideChar) * (end + 1), false));
            if (!result) {
                set_errno(kENOMEM);
                return nullptr;
            }
            for (size_t i = 0; i <= end; ++i)
                result[i] = name[i];
            return result;
        }
    }
    set_errno(kEEXIST);
    return nullptr;
}

char g_tmpnam_buffer[kMaxPath];
WideChar g_wtmpnam_buffer[kMaxPath];

} // namespace

} // namespace crt

using namespace crt;

CRT_EXPORT char* _mktemp(char* pattern) { return make_temp(pattern); }
CRT_EXPORT WideChar* _wmktemp(WideChar* pattern) { return make_temp(pattern); }
CRT_EXPORT int _mktemp_s(char* pattern, size_t size) { return make_temp_s(pattern, size); }
CRT_EXPORT int _wmktemp_s(WideChar* pattern, size_t size) { return make_temp_s(pattern, size); }

CRT_EXPORT char* tmpnam(char* buffer) {
    char name[kMaxPath];
    if (!next_tmpnam(name)) {
        set_errno(kEEXIST);
        return nullptr;
    }
    char* out = buffer ? buffer : g_tmpnam_buffer;
    for (size_t i = 0; i <= length(name); ++i)
        out[i] = name[i];
    return out;
}

CRT_EXPORT WideChar* _wtmpnam(WideChar* buffer) {
    WideChar name[kMaxPath];
    if (!next_tmpnam(name)) {
        set_errno(kEEXIST);
        return nullptr;
    }
    WideChar* out = buffer ? buffer : g_wtmpnam_buffer;
    for (size_t i = 0; i <= length(name); ++i)
        out[i] = name[i];
    return out;
}

CRT_EXPORT int tmpnam_s(char* buffer, size_t size) {
    if (!buffer || size == 0)
        return invalid(kEINVAL);
    char name[kMaxPath];
    if (!next_tmpnam(name)) {
        buffer[0] = 0;
        set_errno(kEEXIST);
        return kEEXIST;
    }
    size_t n = length(name);
    if (n + 1 > size) {
        buffer[0] = 0;
        return invalid(kERANGE);
    }
    for (size_t i = 0; i <= n; ++i)
        buffer[i] = name[i];
    return 0;
}

CRT_EXPORT WideChar* _wtempnam(const WideChar* dir, const WideChar* prefix) { return temp_name_wide(dir, prefix); }

CRT_EXPORT char* _tempnam(const char* dir, const char* prefix) {
    fd::WidePath wide_dir, wide_prefix;
    if ((dir && !wide_dir.convert(dir)) || (prefix && !wide_prefix.convert(prefix)))
        return nullptr;
    WideChar* wide = temp_name_wide(dir ? wide_dir.text : nullptr, prefix ? wide_prefix.text : nullptr);
    if (!wide)
        return nullptr;
    int needed = os::wide_to_multibyte(0, wide, -1, nullptr, 0, nullptr);
    char* result = needed > 0 ? static_cast<char*>(os::heap_alloc(static_cast<size_t>(needed), false)) : nullptr;
    if (result)
        os::wide_to_multibyte(0, wide, -1, result, needed, nullptr);
    else
        set_errno(kENOMEM);
    os::heap_free(wide);
    return result;
}
