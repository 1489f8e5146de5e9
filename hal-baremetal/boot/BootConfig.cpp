#include "BootConfig.h"

namespace halcyon::boot {

namespace {

constexpr size_t kMaxLine = 512;

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\r';
}

bool equals(const char* a, size_t a_length, const char* b) {
    size_t i = 0;
    for (; i < a_length; ++i) {
        // `b` ends at its NUL: a key with a NUL byte in it must not read past that (found by
        // fuzz_boot_config).
        if (b[i] == 0 || b[i] != a[i])
            return false;
    }
    return b[i] == 0;
}

bool assign(char* out, size_t capacity, const char* value, size_t length) {
    if (length >= capacity)
        return false;
    for (size_t i = 0; i < length; ++i)
        out[i] = value[i];
    out[length] = 0;
    return true;
}

} // namespace

BootConfigError parse_boot_config(const char* data, size_t size, BootConfig& config, size_t& error_line) {
    size_t line_number = 0;
    size_t at = 0;
    while (at < size) {
        ++line_number;
        error_line = line_number;
        size_t end = at;
        while (end < size && data[end] != '\n')
            ++end;
        if (end - at > kMaxLine)
            return BootConfigError::LineTooLong;
        size_t begin = at;
        at = end + 1;
        while (begin < end && is_space(data[begin]))
            ++begin;
        while (end > begin && is_space(data[end - 1]))
            --end;
        if (begin == end || data[begin] == '#')
            continue;
        size_t equals_at = begin;
        while (equals_at < end && data[equals_at] != '=')
            ++equals_at;
        if (equals_at == end)
            return BootConfigError::MissingEquals;
        size_t key_end = equals_at;
        while (key_end > begin && is_space(data[key_end - 1]))
            --key_end;
        size_t value = equals_at + 1;
        while (value < end && is_space(data[value]))
            ++value;
        const char* key = data + begin;
        size_t key_length = key_end - begin;
        // Unknown keys are ignored so an older loader can read a newer config.
        if (equals(key, key_length, "kernel")) {
            if (!assign(config.kernel_path, sizeof(config.kernel_path), data + value, end - value))
                return BootConfigError::ValueTooLong;
        } else if (equals(key, key_length, "ramdisk")) {
            if (!assign(config.ramdisk_path, sizeof(config.ramdisk_path), data + value, end - value))
                return BootConfigError::ValueTooLong;
        } else if (equals(key, key_length, "debug")) {
            config.debug_stale_map_key = equals(data + value, end - value, "stale-map-key");
        } else if (equals(key, key_length, "cmdline")) {
            if (!assign(config.command_line, sizeof(config.command_line), data + value, end - value))
                return BootConfigError::ValueTooLong;
        }
    }
    error_line = 0;
    return BootConfigError::None;
}

const char* boot_config_error_message(BootConfigError error) {
    switch (error) {
    case BootConfigError::None:
        return "valid";
    case BootConfigError::LineTooLong:
        return "line longer than 512 characters";
    case BootConfigError::ValueTooLong:
        return "value too long";
    case BootConfigError::MissingEquals:
        return "expected key=value";
    }
    return "unknown error";
}

} // namespace halcyon::boot
