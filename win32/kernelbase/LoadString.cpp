// LoadStringA/W (exported by user32 on Windows; kernelbase has them too): string tables are
// RT_STRING resources of 16 strings each, block (id / 16) + 1 holding strings id & ~15 .. id | 15,
// each a WORD count of UTF-16 units and the units, without a terminator. Every read is checked
// against the resource's size, so a truncated table yields "not found" rather than a fault.

#include "win32/kernelbase/ResourceNames.h"

using namespace halcyon;
using namespace halcyon::kernelbase;

namespace {

/// The string `id` inside its block: a pointer into the image and its length in UTF-16 units.
/// False (LastError set) when the block is missing or malformed; an empty entry gives length 0.
bool find_string(HINSTANCE instance, UINT id, const WCHAR*& text, size_t& length) {
    HRSRC resource = find_resource(instance, RT_STRING, ((id >> 4) & 0xFFFF) + 1,
                                   MAKELANGID(LANG_NEUTRAL, SUBLANG_NEUTRAL));
    if (!resource)
        return false;
    PVOID address = nullptr;
    ULONG size = 0;
    if (!access_resource(instance, resource, &address, &size))
        return false;
    auto const* block = static_cast<const BYTE*>(address);
    size_t offset = 0;
    for (UINT entry = 0;; ++entry) {
        if (offset + sizeof(WORD) > size) {
            set_last_error(ERROR_RESOURCE_NAME_NOT_FOUND);
            return false;
        }
        WORD count;
        __builtin_memcpy(&count, block + offset, sizeof(count));
        offset += sizeof(WORD);
        if (offset + static_cast<size_t>(count) * sizeof(WCHAR) > size) {
            set_last_error(ERROR_RESOURCE_NAME_NOT_FOUND);
            return false;
        }
        if (entry == (id & 15)) {
            text = reinterpret_cast<const WCHAR*>(block + offset);
            length = count;
            return true;
        }
        offset += static_cast<size_t>(count) * sizeof(WCHAR);
    }
}

} // namespace

extern "C" {

int WINAPI LoadStringW(HINSTANCE instance, UINT id, LPWSTR buffer, int buffer_max) {
    if (!buffer) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    const WCHAR* text = nullptr;
    size_t length = 0;
    if (!find_string(instance, id, text, length))
        return 0; // The buffer is left as it was (as Windows does for a missing block).
    if (buffer_max == 0) {
        // The documented special case: the buffer receives a read-only pointer to the string
        // inside the image (not terminated), and the result is its length.
        *reinterpret_cast<const WCHAR**>(buffer) = text;
        return static_cast<int>(length);
    }
    if (buffer_max < 0) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    size_t const copied =
        length < static_cast<size_t>(buffer_max - 1) ? length : static_cast<size_t>(buffer_max - 1);
    __builtin_memcpy(buffer, text, copied * sizeof(WCHAR));
    buffer[copied] = 0;
    return static_cast<int>(copied);
}

int WINAPI LoadStringA(HINSTANCE instance, UINT id, LPSTR buffer, int buffer_max) {
    if (!buffer || buffer_max <= 0) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    const WCHAR* text = nullptr;
    size_t length = 0;
    buffer[0] = 0;
    if (!find_string(instance, id, text, length) || length == 0)
        return 0;
    // Converts as much as fits in buffer_max - 1 bytes, never splitting a character.
    int bytes = WideCharToMultiByte(CP_ACP, 0, text, static_cast<int>(length), nullptr, 0, nullptr, nullptr);
    size_t units = length;
    while (bytes > buffer_max - 1 && units > 0) {
        --units;
        bytes = units ? WideCharToMultiByte(CP_ACP, 0, text, static_cast<int>(units), nullptr, 0, nullptr,
                                            nullptr)
                      : 0;
    }
    if (bytes > 0)
        WideCharToMultiByte(CP_ACP, 0, text, static_cast<int>(units), buffer, bytes, nullptr, nullptr);
    buffer[bytes > 0 ? bytes : 0] = 0;
    return bytes > 0 ? bytes : 0;
}

} // extern "C"
