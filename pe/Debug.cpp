#include "pe/Debug.h"

namespace halcyon::pe {

/// No real image has more than a handful of entries; this only bounds the loop (the directory
/// size already does, to at most SizeOfImage / 28).
constexpr u32 kMaxDebugEntries = 4096;

ErrorOr<ReadonlyBytes> debug_entry_data(const Image& image, const DebugDirectoryEntry& entry) {
    if (entry.size_of_data == 0)
        return ReadonlyBytes();
    if (image.is_mapped()) {
        if (entry.address_of_raw_data == 0)
            return error(PeError::DebugDataOutsideFile);
        return image.bytes_at_rva(entry.address_of_raw_data, entry.size_of_data,
                                  PeError::DebugDataOutsideFile);
    }
    ReadonlyBytes data;
    if (!image.file_bytes(entry.pointer_to_raw_data, entry.size_of_data, data))
        return error(PeError::DebugDataOutsideFile);
    return data;
}

ErrorOr<void> for_each_debug_entry(const Image& image,
                                   FunctionRef<ErrorOr<void>(const DebugDirectoryEntry&)> callback) {
    DataDirectory const directory = image.data_directory(directory::Debug);
    if (directory.virtual_address == 0 || directory.size == 0)
        return {};
    if (directory.size % sizeof(DebugDirectoryEntry) != 0)
        return error(PeError::DebugDirectorySizeMisaligned);
    ReadonlyBytes const table =
        TRY(image.bytes_at_rva(directory.virtual_address, directory.size, PeError::DebugDirectoryUnreadable));
    u32 const count = min<u32>(directory.size / sizeof(DebugDirectoryEntry), kMaxDebugEntries);
    for (u32 index = 0; index < count; ++index) {
        DebugDirectoryEntry entry;
        (void)read_object(table, static_cast<u64>(index) * sizeof(DebugDirectoryEntry), entry);
        TRY(debug_entry_data(image, entry));
        TRY(callback(entry));
    }
    return {};
}

ErrorOr<bool> read_codeview(const Image& image, const DebugDirectoryEntry& entry, CodeViewRecord& out) {
    if (entry.type != debug_type::CodeView)
        return false;
    ReadonlyBytes const data = TRY(debug_entry_data(image, entry));
    u32 signature = 0;
    if (!read_object(data, 0, signature) || signature != kCodeViewRsdsSignature)
        return false;
    // "RSDS", a 16-byte GUID, a u32 age, then the NUL-terminated path.
    constexpr u32 kPathOffset = 4 + 16 + 4;
    if (data.size() <= kPathOffset)
        return error(PeError::CodeViewRecordMalformed);
    CodeViewRecord record{};
    __builtin_memcpy(record.guid, data.data() + 4, sizeof(record.guid));
    (void)read_object(data, 20, record.age);
    auto const* path = reinterpret_cast<const char*>(data.data() + kPathOffset);
    usize const limit = data.size() - kPathOffset;
    usize length = 0;
    while (length < limit && path[length] != '\0')
        ++length;
    if (length == limit)
        return error(PeError::CodeViewRecordMalformed);
    record.pdb_path = StringView(path, length);
    out = record;
    return true;
}

} // namespace halcyon::pe
