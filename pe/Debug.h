#pragma once

// The debug directory ([pecoff] 6.1): an array of entries describing debug data (CodeView
// records naming the PDB, build ids, repro hashes). Halcyon reads it for tools and for
// diagnostics: pe-dump shows it, and a crash report can name the PDB.

#include "core/lib/ErrorOr.h"
#include "core/lib/StringView.h"
#include "pe/FunctionRef.h"
#include "pe/Image.h"

namespace halcyon::pe {

struct CodeViewRecord {
    u8 guid[16];
    u32 age;
    /// The PDB path as the linker recorded it (without its terminator).
    StringView pdb_path;
};

/// Calls `callback` for each entry of the debug directory (size / 28 entries; the directory
/// size must be a multiple of 28). Each entry's data is checked to lie in the file (or, for a
/// mapped view, in the image) when it has any.
ErrorOr<void> for_each_debug_entry(const Image& image,
                                   FunctionRef<ErrorOr<void>(const DebugDirectoryEntry&)> callback);

/// The data an entry describes: from the file by PointerToRawData, or through its RVA in a
/// mapped view (where file offsets mean nothing).
ErrorOr<ReadonlyBytes> debug_entry_data(const Image& image, const DebugDirectoryEntry& entry);

/// Decodes an "RSDS" CodeView record. Returns false for other CodeView formats ("NB10").
ErrorOr<bool> read_codeview(const Image& image, const DebugDirectoryEntry& entry, CodeViewRecord& out);

} // namespace halcyon::pe
