#include "pe/Imports.h"

namespace halcyon::pe {

namespace {

Error format_error(const char* message) {
    return Error(status::InvalidImageFormat, message);
}

/// rva + index * stride as a u32, or false when that leaves the 32-bit RVA space.
bool indexed_rva(u32 rva, u32 index, u32 stride, u32& out) {
    u64 const value = static_cast<u64>(rva) + static_cast<u64>(index) * stride;
    if (value > 0xFFFFFFFFull)
        return false;
    out = static_cast<u32>(value);
    return true;
}

ErrorOr<StringView> read_dll_name(const Image& image, u32 name_rva) {
    StringView const name = TRY(image.string_at_rva(name_rva, "import DLL name outside image data"));
    if (name.is_empty())
        return format_error("import DLL name is empty");
    return name;
}

} // namespace

ErrorOr<void> for_each_import_module(const Image& image, ImportModuleCallback callback) {
    DataDirectory const directory = image.data_directory(directory::Import);
    if (directory.virtual_address == 0)
        return {};
    // The descriptor array ends with a null entry, not at the directory size (linkers disagree
    // on what the size covers), so each descriptor is bounds-checked against the image instead.
    for (u32 index = 0;; ++index) {
        if (index >= kMaxImportModules)
            return format_error("too many import descriptors (table not terminated?)");
        u32 descriptor_rva = 0;
        if (!indexed_rva(directory.virtual_address, index, sizeof(ImportDescriptor), descriptor_rva))
            return format_error("import descriptor table not terminated within image");
        auto const descriptor = TRY(image.object_at_rva<ImportDescriptor>(
            descriptor_rva, "import descriptor table not terminated within image data"));
        // Wine and Windows stop at the first descriptor without a name or an IAT.
        if (descriptor.name_rva == 0 || descriptor.import_address_table_rva == 0)
            return {};
        ImportModule module{};
        module.dll_name = TRY(read_dll_name(image, descriptor.name_rva));
        module.descriptor_rva = descriptor_rva;
        module.lookup_table_rva = descriptor.import_lookup_table_rva ? descriptor.import_lookup_table_rva
                                                                     : descriptor.import_address_table_rva;
        module.address_table_rva = descriptor.import_address_table_rva;
        module.time_date_stamp = descriptor.time_date_stamp;
        module.is_delay_load = false;
        TRY(callback(module));
    }
}

ErrorOr<void> for_each_delay_import_module(const Image& image, ImportModuleCallback callback) {
    DataDirectory const directory = image.data_directory(directory::DelayImport);
    if (directory.virtual_address == 0)
        return {};
    for (u32 index = 0;; ++index) {
        if (index >= kMaxImportModules)
            return format_error("too many delay-load descriptors (table not terminated?)");
        u32 descriptor_rva = 0;
        if (!indexed_rva(directory.virtual_address, index, sizeof(DelayLoadDescriptor), descriptor_rva))
            return format_error("delay-load descriptor table not terminated within image");
        auto const descriptor = TRY(image.object_at_rva<DelayLoadDescriptor>(
            descriptor_rva, "delay-load descriptor table not terminated within image data"));
        if (descriptor.name_rva == 0)
            return {};
        // Pre-VC7 delay-load tables hold VAs; nothing produces them for x64 ([pecoff] 5.8.1).
        if ((descriptor.attributes & kDelayLoadAttributeRvaBased) == 0)
            return format_error("delay-load descriptor uses VAs instead of RVAs");
        if (descriptor.import_name_table_rva == 0)
            return format_error("delay-load descriptor has no import name table");
        if (descriptor.import_address_table_rva == 0)
            return format_error("delay-load descriptor has no import address table");
        if (descriptor.module_handle_rva != 0 &&
            (descriptor.module_handle_rva >= image.size_of_image() ||
             image.size_of_image() - descriptor.module_handle_rva < sizeof(u64)))
            return format_error("delay-load module handle slot outside image");
        ImportModule module{};
        module.dll_name = TRY(read_dll_name(image, descriptor.name_rva));
        module.descriptor_rva = descriptor_rva;
        module.lookup_table_rva = descriptor.import_name_table_rva;
        module.address_table_rva = descriptor.import_address_table_rva;
        module.time_date_stamp = descriptor.time_date_stamp;
        module.is_delay_load = true;
        module.module_handle_rva = descriptor.module_handle_rva;
        TRY(callback(module));
    }
}

ErrorOr<void> for_each_imported_function(const Image& image, const ImportModule& module,
                                         ImportedFunctionCallback callback) {
    for (u32 index = 0;; ++index) {
        if (index >= kMaxImportsPerModule)
            return format_error("import lookup table not terminated within 65536 entries");
        u32 thunk_rva = 0;
        u32 slot_rva = 0;
        if (!indexed_rva(module.lookup_table_rva, index, sizeof(u64), thunk_rva))
            return format_error("import lookup table not terminated within image");
        if (!indexed_rva(module.address_table_rva, index, sizeof(u64), slot_rva) ||
            slot_rva >= image.size_of_image() || image.size_of_image() - slot_rva < sizeof(u64))
            return format_error("import address table slot outside image");
        u64 const thunk =
            TRY(image.object_at_rva<u64>(thunk_rva, "import lookup table not terminated within image data"));
        if (thunk == 0)
            return {};

        ImportedFunction function{};
        function.index = index;
        function.address_slot_rva = slot_rva;
        if (thunk & kImportByOrdinalFlag64) {
            if (thunk & kImportOrdinalReservedMask64)
                return format_error("import by ordinal has reserved bits set");
            function.by_ordinal = true;
            function.ordinal = static_cast<u16>(thunk);
        } else {
            if (thunk & ~kImportNameRvaMask64)
                return format_error("import name RVA has reserved bits set");
            u32 const hint_name_rva = static_cast<u32>(thunk);
            // [pecoff] 6.4.3 Hint/Name Table: a 16-bit hint, then the NUL-terminated name.
            function.hint = TRY(image.object_at_rva<u16>(hint_name_rva, "import hint/name entry outside image data"));
            if (hint_name_rva > 0xFFFFFFFFu - sizeof(u16))
                return format_error("import hint/name entry outside image data");
            function.name = TRY(image.string_at_rva(hint_name_rva + sizeof(u16), "import name outside image data"));
            if (function.name.is_empty())
                return format_error("import name is empty");
        }
        TRY(callback(function));
    }
}

} // namespace halcyon::pe
