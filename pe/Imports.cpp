#include "pe/Imports.h"

namespace halcyon::pe {

namespace {

/// rva + index * stride as a u32, or false when that leaves the 32-bit RVA space.
bool indexed_rva(u32 rva, u32 index, u32 stride, u32& out) {
    u64 const value = static_cast<u64>(rva) + static_cast<u64>(index) * stride;
    if (value > 0xFFFFFFFFull)
        return false;
    out = static_cast<u32>(value);
    return true;
}

ErrorOr<StringView> read_dll_name(const Image& image, u32 name_rva) {
    StringView const name = TRY(image.string_at_rva(name_rva, PeError::ImportDllNameUnreadable));
    if (name.is_empty())
        return error(PeError::ImportDllNameEmpty);
    return name;
}

/// One lookup-table entry, widened: PE32 entries keep their flag in bit 31, PE32+ in bit 63.
struct Thunk {
    bool is_null;
    bool by_ordinal;
    u16 ordinal;
    u32 hint_name_rva;
};

ErrorOr<Thunk> read_thunk(const Image& image, u32 thunk_rva) {
    Thunk thunk{};
    if (image.is_pe32_plus()) {
        u64 const raw = TRY(image.object_at_rva<u64>(thunk_rva, PeError::ImportLookupTableUnreadable));
        thunk.is_null = raw == 0;
        if (raw & kImportByOrdinalFlag64) {
            if (raw & kImportOrdinalReservedMask64)
                return error(PeError::ImportOrdinalReservedBits);
            thunk.by_ordinal = true;
            thunk.ordinal = static_cast<u16>(raw);
        } else {
            if (raw & ~kImportNameRvaMask64)
                return error(PeError::ImportNameRvaReservedBits);
            thunk.hint_name_rva = static_cast<u32>(raw);
        }
        return thunk;
    }
    u32 const raw = TRY(image.object_at_rva<u32>(thunk_rva, PeError::ImportLookupTableUnreadable));
    thunk.is_null = raw == 0;
    if (raw & kImportByOrdinalFlag32) {
        if (raw & kImportOrdinalReservedMask32)
            return error(PeError::ImportOrdinalReservedBits);
        thunk.by_ordinal = true;
        thunk.ordinal = static_cast<u16>(raw);
    } else {
        thunk.hint_name_rva = raw;
    }
    return thunk;
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
            return error(PeError::TooManyImportDescriptors);
        u32 descriptor_rva = 0;
        if (!indexed_rva(directory.virtual_address, index, sizeof(ImportDescriptor), descriptor_rva))
            return error(PeError::ImportDescriptorsNotTerminated);
        auto const descriptor =
            TRY(image.object_at_rva<ImportDescriptor>(descriptor_rva, PeError::ImportDescriptorUnreadable));
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
            return error(PeError::TooManyDelayImportDescriptors);
        u32 descriptor_rva = 0;
        if (!indexed_rva(directory.virtual_address, index, sizeof(DelayLoadDescriptor), descriptor_rva))
            return error(PeError::DelayImportDescriptorsNotTerminated);
        auto const descriptor = TRY(image.object_at_rva<DelayLoadDescriptor>(
            descriptor_rva, PeError::DelayImportDescriptorUnreadable));
        if (descriptor.name_rva == 0)
            return {};
        // Pre-VC7 delay-load tables hold VAs; nothing produces them for x64 ([pecoff] 5.8.1).
        if ((descriptor.attributes & kDelayLoadAttributeRvaBased) == 0)
            return error(PeError::DelayImportUsesVas);
        if (descriptor.import_name_table_rva == 0)
            return error(PeError::DelayImportWithoutNameTable);
        if (descriptor.import_address_table_rva == 0)
            return error(PeError::DelayImportWithoutAddressTable);
        if (descriptor.module_handle_rva != 0 &&
            (descriptor.module_handle_rva >= image.size_of_image() ||
             image.size_of_image() - descriptor.module_handle_rva < image.pointer_size()))
            return error(PeError::DelayImportHandleOutsideImage);
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
    u32 const thunk_size = image.pointer_size();
    for (u32 index = 0;; ++index) {
        if (index >= kMaxImportsPerModule)
            return error(PeError::ImportLookupTableTooLong);
        u32 thunk_rva = 0;
        u32 slot_rva = 0;
        if (!indexed_rva(module.lookup_table_rva, index, thunk_size, thunk_rva))
            return error(PeError::ImportLookupTableNotTerminated);
        if (!indexed_rva(module.address_table_rva, index, thunk_size, slot_rva) ||
            slot_rva >= image.size_of_image() || image.size_of_image() - slot_rva < thunk_size)
            return error(PeError::ImportAddressSlotOutsideImage);
        Thunk const thunk = TRY(read_thunk(image, thunk_rva));
        if (thunk.is_null)
            return {};

        ImportedFunction function{};
        function.index = index;
        function.address_slot_rva = slot_rva;
        if (thunk.by_ordinal) {
            function.by_ordinal = true;
            function.ordinal = thunk.ordinal;
        } else {
            // [pecoff] 6.4.3 Hint/Name Table: a 16-bit hint, then the NUL-terminated name.
            u32 const hint_name_rva = thunk.hint_name_rva;
            function.hint = TRY(image.object_at_rva<u16>(hint_name_rva, PeError::ImportHintNameUnreadable));
            if (hint_name_rva > 0xFFFFFFFFu - sizeof(u16))
                return error(PeError::ImportHintNameUnreadable);
            function.name =
                TRY(image.string_at_rva(hint_name_rva + sizeof(u16), PeError::ImportNameUnreadable));
            if (function.name.is_empty())
                return error(PeError::ImportNameEmpty);
        }
        TRY(callback(function));
    }
}

ErrorOr<void>
for_each_import(const Image& image, ImportKind kind, ImportModuleCallback on_module,
                FunctionRef<ErrorOr<void>(const ImportModule&, const ImportedFunction&)> on_function) {
    u32 visited = 0;
    auto visit_module = [&](const ImportModule& module) -> ErrorOr<void> {
        TRY(on_module(module));
        return for_each_imported_function(image, module,
                                          [&](const ImportedFunction& function) -> ErrorOr<void> {
                                              if (++visited > kMaxImportedFunctionsPerImage)
                                                  return error(PeError::TooManyImports);
                                              return on_function(module, function);
                                          });
    };
    if (kind == ImportKind::Regular)
        return for_each_import_module(image, visit_module);
    return for_each_delay_import_module(image, visit_module);
}

} // namespace halcyon::pe
