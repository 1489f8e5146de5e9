// The loader's boot config parser: any text is parsed or refused with a line number; the
// values it keeps stay NUL-terminated inside their fields.

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "BootConfig.h"

using namespace halcyon::boot;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    BootConfig config;
    size_t error_line = 0;
    BootConfigError error = parse_boot_config(reinterpret_cast<const char*>(data), size, config, error_line);
    if (error != BootConfigError::None && error_line == 0)
        abort();
    if (strnlen(config.kernel_path, sizeof config.kernel_path) == sizeof config.kernel_path ||
        strnlen(config.command_line, sizeof config.command_line) == sizeof config.command_line ||
        strnlen(config.ramdisk_path, sizeof config.ramdisk_path) == sizeof config.ramdisk_path)
        abort();
    (void)boot_config_error_message(error);
    return 0;
}
