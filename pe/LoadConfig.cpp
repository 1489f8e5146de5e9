#include "pe/LoadConfig.h"

namespace halcyon::pe {

namespace {

/// A field of `width` bytes at `offset` in the structure, or 0 when the structure is too short
/// to hold it (older images simply do not have the newer fields).
u64 field(ReadonlyBytes structure, u32 offset, u32 width) {
    if (offset > structure.size() || width > structure.size() - offset)
        return 0;
    u64 value = 0;
    __builtin_memcpy(&value, structure.data() + offset, width); // Little-endian: low bytes first.
    return value;
}

bool va_range_inside(const Image& image, u64 va, u64 size) {
    u32 rva = 0;
    return image.va_to_rva(va, rva) && size <= image.size_of_image() - rva;
}

} // namespace

ErrorOr<bool> read_load_config(const Image& image, LoadConfig& out) {
    DataDirectory const directory = image.data_directory(directory::LoadConfig);
    if (directory.virtual_address == 0)
        return false;
    u32 const declared_size =
        TRY(image.object_at_rva<u32>(directory.virtual_address, PeError::LoadConfigUnreadable));
    if (declared_size < sizeof(u32))
        return error(PeError::LoadConfigSizeTooSmall);
    // The Size field, not the directory entry, is what Windows trusts (old linkers wrote 0x40
    // in the directory for XP's sake); it must still be backed by image data.
    ReadonlyBytes const structure =
        TRY(image.bytes_at_rva(directory.virtual_address, declared_size, PeError::LoadConfigUnreadable));

    LoadConfig config{};
    config.size = declared_size;
    u32 const pointer = image.pointer_size();
    if (image.is_pe32_plus()) {
        config.security_cookie_va = field(structure, load_config_offset64::SecurityCookie, pointer);
        config.guard_cf_check_function_pointer_va =
            field(structure, load_config_offset64::GuardCfCheckFunctionPointer, pointer);
        config.guard_cf_function_table_va =
            field(structure, load_config_offset64::GuardCfFunctionTable, pointer);
        config.guard_cf_function_count =
            field(structure, load_config_offset64::GuardCfFunctionCount, pointer);
        config.guard_flags =
            static_cast<u32>(field(structure, load_config_offset64::GuardFlags, sizeof(u32)));
    } else {
        config.security_cookie_va = field(structure, load_config_offset32::SecurityCookie, pointer);
        config.se_handler_table_va = field(structure, load_config_offset32::SeHandlerTable, pointer);
        config.se_handler_count = field(structure, load_config_offset32::SeHandlerCount, pointer);
        config.guard_cf_check_function_pointer_va =
            field(structure, load_config_offset32::GuardCfCheckFunctionPointer, pointer);
        config.guard_cf_function_table_va =
            field(structure, load_config_offset32::GuardCfFunctionTable, pointer);
        config.guard_cf_function_count =
            field(structure, load_config_offset32::GuardCfFunctionCount, pointer);
        config.guard_flags =
            static_cast<u32>(field(structure, load_config_offset32::GuardFlags, sizeof(u32)));
    }

    // The loader writes a fresh cookie through this VA, so it must be a pointer-sized slot in
    // the image.
    if (config.security_cookie_va != 0 && !va_range_inside(image, config.security_cookie_va, pointer))
        return error(PeError::LoadConfigCookieOutsideImage);
    if (config.guard_cf_function_count != 0) {
        // count * entry size, with the count first bounded so the product cannot overflow.
        if (config.guard_cf_function_count > image.size_of_image() ||
            !va_range_inside(image, config.guard_cf_function_table_va,
                             config.guard_cf_function_count * config.guard_cf_function_entry_size()))
            return error(PeError::LoadConfigGuardTableOutsideImage);
    }
    out = config;
    return true;
}

} // namespace halcyon::pe
