#pragma once

// Helpers shared by the narrow and wide string files.

#include "win32/crt/CrtTypes.h"

namespace crt {

/// strcpy_s/strncpy_s core: copies at most `count` characters (all of them when `count` is
/// huge) into `destination` of `size`, always terminating. Returns 0, EINVAL, ERANGE, or
/// STRUNCATE when `truncate` allowed a shortened copy. On error the destination becomes "".
template <typename CharT>
int string_copy_secure(CharT* destination, size_t size, const CharT* source, size_t count, bool truncate) {
    if (!destination || size == 0)
        return 22;
    if (!source) {
        destination[0] = 0;
        return 22;
    }
    size_t i = 0;
    for (; i < count && source[i]; ++i) {
        if (i + 1 >= size) {
            if (truncate) {
                destination[i] = 0;
                return 80;
            }
            destination[0] = 0;
            return 34;
        }
        destination[i] = source[i];
    }
    destination[i] = 0;
    return 0;
}

/// strtok's per-thread position (ThreadData on the target, a static in host tests).
char*& strtok_context();
WideChar*& wcstok_context();

/// malloc for CRT-internal allocations that the caller frees with free() (strdup, ...).
void* crt_allocate(size_t size);

} // namespace crt
