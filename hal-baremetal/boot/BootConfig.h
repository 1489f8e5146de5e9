#pragma once

// The loader's config file, \halcyon\boot.cfg on the boot volume: `key=value` lines, `#` comments.
//   kernel=\halcyon\kernel.elf     the kernel ELF (a path on the boot volume)
//   cmdline=...                    the kernel command line (BootInfo::command_line)
//   ramdisk=\halcyon\system.tar   the system image (a ustar archive of C:\), passed to the kernel
//                                  in BootInfo::ramdisk_*; a missing file means no system image
//   debug=stale-map-key            test hook: make the first ExitBootServices see a stale map
//                                  key, so the boot tests exercise the loader's retry
// Pure code over a byte buffer, unit-tested on the host (tests/boot/).

#include <stddef.h>

namespace halcyon::boot {

struct BootConfig {
    char kernel_path[128] = "\\halcyon\\kernel.elf";
    char command_line[256] = "";
    char ramdisk_path[128] = "\\halcyon\\system.tar";
    bool debug_stale_map_key = false;
};

enum class BootConfigError { None, LineTooLong, ValueTooLong, MissingEquals };

/// Parses `data[0..size)` over the defaults already in `config`. On error, `error_line` is the
/// 1-based line number.
[[nodiscard]] BootConfigError parse_boot_config(const char* data, size_t size, BootConfig& config,
                                                size_t& error_line);

const char* boot_config_error_message(BootConfigError error);

} // namespace halcyon::boot
