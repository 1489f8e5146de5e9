#pragma once

// The import tables of an image ([pecoff] 6.4) and its delay-load import tables ([pecoff] 5.8),
// walked in place through callbacks so that nothing is allocated. Both work on a file and on a
// mapped view; the loader in ntdll uses the mapped view and writes each resolved address to
// the IAT slot it is given.
//
// Both formats are walked: PE32+ thunks are 8 bytes, PE32 thunks (inspection only) 4 bytes.
//
// Bound imports ([pecoff] 6.4.1: TimeDateStamp -1 with a bound import directory) are ignored on
// purpose: their IAT holds addresses precomputed for one build of the exporting DLL, which Halcyon
// never has, so names are always taken from the lookup table and every slot is bound afresh.
//
// Delay-load imports are parsed here but not bound by Halcyon's loader: their IAT slots
// initially point at linker-generated thunks inside the image, which call the image's own
// delay-load helper (__delayLoadHelper2 from the CRT's delayimp) on first use; that helper
// loads the DLL with LoadLibraryExA and finds the function with GetProcAddress, so binding is
// lazy, through ordinary kernel32 calls, exactly as on Windows.
//
// Note that once an IAT slot has been written, an image without a separate lookup table (an old
// linker's OriginalFirstThunk == 0) no longer carries the names: walk imports before binding.

#include "core/lib/ErrorOr.h"
#include "core/lib/StringView.h"
#include "pe/FunctionRef.h"
#include "pe/Image.h"

namespace halcyon::pe {

/// More DLLs than any real image imports from; bounds the walk over an unterminated table.
constexpr u32 kMaxImportModules = 4096;
/// Ordinals are 16-bit, so no DLL can supply more distinct imports than this.
constexpr u32 kMaxImportsPerModule = 65536;
/// Bound on the functions for_each_import visits in one image. Descriptors may share (or
/// overlap) lookup tables, so without it 4096 descriptors x 65536 thunks would be walkable;
/// the largest real images import a few tens of thousands of functions.
constexpr u32 kMaxImportedFunctionsPerImage = 1u << 18;

struct ImportModule {
    /// As written in the image, e.g. "KERNEL32.dll" or "api-ms-win-crt-runtime-l1-1-0.dll".
    StringView dll_name;
    /// RVA of the descriptor this entry came from.
    u32 descriptor_rva;
    /// Where names and ordinals are read: the import lookup (name) table, or the IAT itself for
    /// old images that have no separate lookup table.
    u32 lookup_table_rva;
    /// The import address table: one 8-byte slot per function, written by the loader.
    u32 address_table_rva;
    u32 time_date_stamp;
    bool is_delay_load;
    /// Delay-load only: where the delay helper caches the loaded module's handle (0 if none).
    u32 module_handle_rva;
};

struct ImportedFunction {
    /// Position in the module's thunk table.
    u32 index;
    bool by_ordinal;
    /// Valid when by_ordinal.
    u16 ordinal;
    /// Valid when !by_ordinal: the index into the exporter's name table to try first.
    u16 hint;
    /// Valid when !by_ordinal; never empty.
    StringView name;
    /// RVA of the IAT slot (8 bytes; 4 in a PE32 image) that receives the function's address.
    u32 address_slot_rva;
};

using ImportModuleCallback = FunctionRef<ErrorOr<void>(const ImportModule&)>;
using ImportedFunctionCallback = FunctionRef<ErrorOr<void>(const ImportedFunction&)>;

/// Calls `callback` for each DLL in the import directory, in table order. An error returned by
/// the callback stops the walk and is returned.
ErrorOr<void> for_each_import_module(const Image& image, ImportModuleCallback callback);
/// The same for the delay-load import directory (is_delay_load is set on each module).
ErrorOr<void> for_each_delay_import_module(const Image& image, ImportModuleCallback callback);
/// Calls `callback` for each function imported from `module` (from either directory).
ErrorOr<void> for_each_imported_function(const Image& image, const ImportModule& module,
                                         ImportedFunctionCallback callback);

enum class ImportKind : u8 {
    Regular,
    DelayLoad,
};
/// Walks every module of one directory and every function of each, calling `on_module` before
/// the module's functions. Stops with PeError::TooManyImports after
/// kMaxImportedFunctionsPerImage functions, so the work is bounded by that, not by the file.
ErrorOr<void>
for_each_import(const Image& image, ImportKind kind, ImportModuleCallback on_module,
                FunctionRef<ErrorOr<void>(const ImportModule&, const ImportedFunction&)> on_function);

} // namespace halcyon::pe
