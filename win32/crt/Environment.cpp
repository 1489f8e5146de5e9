// getenv/_putenv and the CRT's environment arrays (see Environment.h). Entries that begin with
// '=' (the per-drive current directories, "=C:=C:\dir") are not part of the C environment.

#include "win32/crt/Environment.h"
#include "win32/crt/Errno.h"
#include "win32/crt/Globals.h"
#include "win32/crt/Os.h"

namespace crt {

namespace {

template <typename CharT>
size_t length_of(const CharT* text) {
    size_t n = 0;
    while (text[n])
        ++n;
    return n;
}

template <typename CharT>
int fold(CharT c) {
    return (c >= 'a' && c <= 'z') ? c - 32 : static_cast<int>(c);
}

/// Index of the entry whose name is `name` (length `name_length`), or -1.
template <typename CharT>
int find_entry(CharT** environment, const CharT* name, size_t name_length) {
    if (!environment)
        return -1;
    for (int i = 0; environment[i]; ++i) {
        const CharT* entry = environment[i];
        size_t k = 0;
        while (k < name_length && entry[k] && fold(entry[k]) == fold(name[k]))
            ++k;
        if (k == name_length && entry[k] == '=')
            return i;
    }
    return -1;
}

char* narrow_copy(const WideChar* text) {
    int needed = os::wide_to_multibyte(0, text, -1, nullptr, 0, nullptr);
    if (needed <= 0)
        return nullptr;
    auto* result = static_cast<char*>(os::heap_alloc(static_cast<size_t>(needed), false));
    if (result)
        os::wide_to_multibyte(0, text, -1, result, needed, nullptr);
    return result;
}

WideChar* wide_copy(const char* text) {
    int needed = os::multibyte_to_wide(0, text, -1, nullptr, 0);
    if (needed <= 0)
        return nullptr;
    auto* result = static_cast<WideChar*>(os::heap_alloc(sizeof(WideChar) * static_cast<size_t>(needed), false));
    if (result)
        os::multibyte_to_wide(0, text, -1, result, needed);
    return result;
}

/// Replaces, adds or (value empty) removes NAME in one of the arrays; takes ownership of `entry`.
template <typename CharT>
bool update_array(CharT**& environment, CharT* entry, size_t name_length, bool remove) {
    int index = find_entry(environment, entry, name_length);
    int count = 0;
    while (environment && environment[count])
        ++count;
    if (remove) {
        if (index >= 0) {
            os::heap_free(environment[index]);
            for (int i = index; i < count; ++i)
                environment[i] = environment[i + 1];
        }
        os::heap_free(entry);
        return true;
    }
    if (index >= 0) {
        os::heap_free(environment[index]);
        environment[index] = entry;
        return true;
    }
    auto** grown = static_cast<CharT**>(os::heap_alloc(sizeof(CharT*) * static_cast<size_t>(count + 2), false));
    if (!grown)
        return false;
    for (int i = 0; i < count; ++i)
        grown[i] = environment[i];
    grown[count] = entry;
    grown[count + 1] = nullptr;
    // The old array stays allocated when it is __initenv (main's envp must stay valid).
    if (environment && reinterpret_cast<void*>(environment) != reinterpret_cast<void*>(__initenv) &&
        reinterpret_cast<void*>(environment) != reinterpret_cast<void*>(__winitenv))
        os::heap_free(environment);
    environment = grown;
    return true;
}

} // namespace

bool initialize_environment() {
    WideChar* block = os::environment_block();
    if (!block) {
        static char* empty_narrow[1] = {nullptr};
        static WideChar* empty_wide[1] = {nullptr};
        _environ = __initenv = empty_narrow;
        _wenviron = __winitenv = empty_wide;
        return true;
    }
    size_t count = 0;
    for (WideChar* p = block; *p; p += length_of(p) + 1)
        if (*p != '=')
            ++count;
    auto** wide = static_cast<WideChar**>(os::heap_alloc(sizeof(WideChar*) * (count + 1), false));
    auto** narrow = static_cast<char**>(os::heap_alloc(sizeof(char*) * (count + 1), false));
    if (!wide || !narrow) {
        os::free_environment(block);
        return false;
    }
    size_t i = 0;
    for (WideChar* p = block; *p; p += length_of(p) + 1) {
        if (*p == '=')
            continue;
        size_t length = length_of(p);
        auto* copy = static_cast<WideChar*>(os::heap_alloc(sizeof(WideChar) * (length + 1), false));
        if (!copy)
            break;
        __builtin_memcpy(copy, p, sizeof(WideChar) * (length + 1));
        wide[i] = copy;
        narrow[i] = narrow_copy(copy);
        if (!narrow[i])
            break;
        ++i;
    }
    wide[i] = nullptr;
    narrow[i] = nullptr;
    os::free_environment(block);
    _wenviron = __winitenv = wide;
    _environ = __initenv = narrow;
    return true;
}

} // namespace crt

using namespace crt;

CRT_EXPORT char* getenv(const char* name) {
    if (!name) {
        set_errno(kEINVAL);
        return nullptr;
    }
    size_t length = length_of(name);
    int index = find_entry(_environ, name, length);
    return index >= 0 ? _environ[index] + length + 1 : nullptr;
}

CRT_EXPORT WideChar* _wgetenv(const WideChar* name) {
    if (!name) {
        set_errno(kEINVAL);
        return nullptr;
    }
    size_t length = length_of(name);
    int index = find_entry(_wenviron, name, length);
    return index >= 0 ? _wenviron[index] + length + 1 : nullptr;
}

CRT_EXPORT int getenv_s(size_t* required, char* buffer, size_t size, const char* name) {
    if (!required || !name || (!buffer && size)) {
        set_errno(kEINVAL);
        return kEINVAL;
    }
    const char* value = getenv(name);
    if (!value) {
        *required = 0;
        if (buffer && size)
            buffer[0] = 0;
        return 0;
    }
    size_t needed = length_of(value) + 1;
    *required = needed;
    if (!buffer)
        return 0;
    if (size < needed) {
        buffer[0] = 0;
        return kERANGE;
    }
    __builtin_memcpy(buffer, value, needed);
    return 0;
}

CRT_EXPORT int _dupenv_s(char** result, size_t* length, const char* name) {
    if (!result || !name)
        return kEINVAL;
    *result = nullptr;
    if (length)
        *length = 0;
    const char* value = getenv(name);
    if (!value)
        return 0;
    size_t needed = length_of(value) + 1;
    *result = static_cast<char*>(os::heap_alloc(needed, false));
    if (!*result)
        return kENOMEM;
    __builtin_memcpy(*result, value, needed);
    if (length)
        *length = needed;
    return 0;
}

CRT_EXPORT int _wputenv(const WideChar* assignment) {
    if (!assignment) {
        set_errno(kEINVAL);
        return -1;
    }
    size_t name_length = 0;
    while (assignment[name_length] && assignment[name_length] != '=')
        ++name_length;
    if (name_length == 0 || assignment[name_length] != '=') {
        set_errno(kEINVAL);
        return -1;
    }
    bool remove = assignment[name_length + 1] == 0;
    size_t length = length_of(assignment);
    auto* wide = static_cast<WideChar*>(os::heap_alloc(sizeof(WideChar) * (length + 1), false));
    if (!wide) {
        set_errno(kENOMEM);
        return -1;
    }
    __builtin_memcpy(wide, assignment, sizeof(WideChar) * (length + 1));
    char* narrow = narrow_copy(wide);
    if (!narrow) {
        os::heap_free(wide);
        set_errno(kENOMEM);
        return -1;
    }
    size_t narrow_name_length = 0;
    while (narrow[narrow_name_length] && narrow[narrow_name_length] != '=')
        ++narrow_name_length;
    if (!update_array(_wenviron, wide, name_length, remove) ||
        !update_array(_environ, narrow, narrow_name_length, remove)) {
        set_errno(kENOMEM);
        return -1;
    }
    // Keep the OS environment in step so child processes and GetEnvironmentVariable agree.
    WideChar name[256];
    size_t copy_length = name_length < 255 ? name_length : 255;
    for (size_t i = 0; i < copy_length; ++i)
        name[i] = assignment[i];
    name[copy_length] = 0;
    os::set_environment_variable(name, remove ? nullptr : assignment + name_length + 1);
    return 0;
}

CRT_EXPORT int _putenv(const char* assignment) {
    if (!assignment) {
        set_errno(kEINVAL);
        return -1;
    }
    WideChar* wide = wide_copy(assignment);
    if (!wide) {
        set_errno(kENOMEM);
        return -1;
    }
    int result = _wputenv(wide);
    os::heap_free(wide);
    return result;
}

CRT_EXPORT int _putenv_s(const char* name, const char* value) {
    if (!name || !value)
        return kEINVAL;
    size_t n = length_of(name), v = length_of(value);
    auto* assignment = static_cast<char*>(os::heap_alloc(n + v + 2, false));
    if (!assignment)
        return kENOMEM;
    __builtin_memcpy(assignment, name, n);
    assignment[n] = '=';
    __builtin_memcpy(assignment + n + 1, value, v + 1);
    int result = _putenv(assignment);
    os::heap_free(assignment);
    return result == 0 ? 0 : get_errno();
}

CRT_EXPORT int _wputenv_s(const WideChar* name, const WideChar* value) {
    if (!name || !value)
        return kEINVAL;
    size_t n = length_of(name), v = length_of(value);
    auto* assignment = static_cast<WideChar*>(os::heap_alloc(sizeof(WideChar) * (n + v + 2), false));
    if (!assignment)
        return kENOMEM;
    __builtin_memcpy(assignment, name, sizeof(WideChar) * n);
    assignment[n] = '=';
    __builtin_memcpy(assignment + n + 1, value, sizeof(WideChar) * (v + 1));
    int result = _wputenv(assignment);
    os::heap_free(assignment);
    return result == 0 ? 0 : get_errno();
}
