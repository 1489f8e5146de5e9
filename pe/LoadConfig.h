#pragma once

// The load configuration directory ([pecoff] 6.10): the /GS security cookie the loader
// initialises, SafeSEH handler tables (PE32) and Control Flow Guard metadata. The structure grew
// with each Windows release; its first field gives the size this image has, and a field is
// present only when it lies entirely below that size.

#include "core/lib/ErrorOr.h"
#include "pe/Image.h"

namespace halcyon::pe {

struct LoadConfig {
    /// The structure's own Size field (bytes of it the image has).
    u32 size;
    /// VA of the security cookie, 0 when absent. Checked to lie inside the image.
    u64 security_cookie_va;
    /// PE32 only: the SafeSEH handler table (VA) and its entry count.
    u64 se_handler_table_va;
    u64 se_handler_count;
    u64 guard_cf_check_function_pointer_va;
    u64 guard_cf_function_table_va;
    u64 guard_cf_function_count;
    /// guard_flags::*; 0 when the field is absent.
    u32 guard_flags;

    bool has_security_cookie() const { return security_cookie_va != 0; }
    /// Bytes per CFG function table entry: a 4-byte RVA plus the metadata bytes GuardFlags asks for.
    u32 guard_cf_function_entry_size() const {
        return 4 + ((guard_flags & guard_flags::CfFunctionTableSizeMask) >>
                    guard_flags::CfFunctionTableSizeShift);
    }
};

/// Reads the load config directory. Returns false when the image has none.
ErrorOr<bool> read_load_config(const Image& image, LoadConfig& out);

} // namespace halcyon::pe
