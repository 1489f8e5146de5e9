#include "pe/Resources.h"

namespace halcyon::pe {

namespace {

constexpr u16 ascii_upper(u16 unit) {
    return (unit >= 'a' && unit <= 'z') ? static_cast<u16>(unit - ('a' - 'A')) : unit;
}

u16 utf16_unit(ReadonlyBytes bytes, u32 index) {
    return static_cast<u16>(bytes[index * 2] | (static_cast<u16>(bytes[index * 2 + 1]) << 8));
}

} // namespace

bool ResourceKey::matches(const ResourceName& name) const {
    if (is_id || name.is_id)
        return is_id && name.is_id && id == name.id;
    if (!utf16.is_empty()) {
        u32 const length = static_cast<u32>(utf16.size() / 2);
        if (length != name.length())
            return false;
        for (u32 i = 0; i < length; ++i) {
            if (ascii_upper(utf16_unit(utf16, i)) != ascii_upper(name.unit(i)))
                return false;
        }
        return true;
    }
    if (ascii.length() != name.length())
        return false;
    for (u32 i = 0; i < name.length(); ++i) {
        if (ascii_upper(static_cast<u8>(ascii[i])) != ascii_upper(name.unit(i)))
            return false;
    }
    return true;
}

ErrorOr<ResourceTable> ResourceTable::open(const Image& image) {
    ResourceTable table;
    table.m_image = image;
    DataDirectory const directory = image.data_directory(directory::Resource);
    if (directory.virtual_address == 0)
        return table;
    table.m_root = TRY(image.bytes_from_rva(directory.virtual_address, PeError::ResourceDirectoryUnreadable));
    table.m_root_rva = directory.virtual_address;
    TRY(table.entry_count(0));
    return table;
}

ErrorOr<u32> ResourceTable::entry_count(u32 offset) const {
    ResourceDirectoryTable header;
    if (!read_object(m_root, offset, header))
        return error(PeError::ResourceDirectoryUnreadable);
    u32 const count = static_cast<u32>(header.number_of_name_entries) + header.number_of_id_entries;
    u64 const entries_offset = static_cast<u64>(offset) + sizeof(ResourceDirectoryTable);
    if (!m_root.contains_range(entries_offset, static_cast<u64>(count) * sizeof(ResourceDirectoryEntry)))
        return error(PeError::ResourceEntriesUnreadable);
    return count;
}

ErrorOr<ResourceTable::Entry> ResourceTable::entry_at(u32 directory_offset, u32 index) const {
    // entry_count() checked that the whole entry array fits.
    ResourceDirectoryEntry raw;
    u64 const offset = static_cast<u64>(directory_offset) + sizeof(ResourceDirectoryTable) +
                       static_cast<u64>(index) * sizeof(ResourceDirectoryEntry);
    if (!read_object(m_root, offset, raw))
        return error(PeError::ResourceEntriesUnreadable);
    Entry entry{};
    entry.is_directory = (raw.offset_to_data & kResourceHighBit) != 0;
    entry.offset = raw.offset_to_data & ~kResourceHighBit;
    if ((raw.name_or_id & kResourceHighBit) == 0) {
        entry.name.is_id = true;
        entry.name.id = static_cast<u16>(raw.name_or_id);
        return entry;
    }
    // [pecoff] 6.9.3 "Resource Directory String": a u16 length, then that many UTF-16 units.
    u32 const name_offset = raw.name_or_id & ~kResourceHighBit;
    u16 length = 0;
    if (!read_object(m_root, name_offset, length))
        return error(PeError::ResourceNameUnreadable);
    u64 const units_offset = static_cast<u64>(name_offset) + sizeof(u16);
    if (!m_root.contains_range(units_offset, static_cast<u64>(length) * 2))
        return error(PeError::ResourceNameUnreadable);
    entry.name.is_id = false;
    entry.name.utf16 = m_root.slice(units_offset, static_cast<usize>(length) * 2);
    return entry;
}

ErrorOr<ResourceLeaf> ResourceTable::leaf_at(u32 data_entry_offset) const {
    ResourceDataEntry raw;
    if (!read_object(m_root, data_entry_offset, raw))
        return error(PeError::ResourceDataEntryUnreadable);
    if (raw.data_rva >= m_image.size_of_image() || raw.size > m_image.size_of_image() - raw.data_rva)
        return error(PeError::ResourceDataOutsideImage);
    ResourceLeaf leaf{};
    leaf.data_rva = raw.data_rva;
    leaf.size = raw.size;
    leaf.code_page = raw.code_page;
    leaf.data_entry_offset = data_entry_offset;
    return leaf;
}

ErrorOr<void> ResourceTable::walk(u32 directory_offset, u32 level, ResourceLeaf& partial, u32& budget,
                                  FunctionRef<ErrorOr<void>(const ResourceLeaf&)> callback) const {
    u32 const count = TRY(entry_count(directory_offset));
    for (u32 index = 0; index < count; ++index) {
        if (budget == 0)
            return error(PeError::ResourceTooManyEntries);
        --budget;
        Entry const entry = TRY(entry_at(directory_offset, index));
        ResourceName* const slot = level == 0   ? &partial.type
                                   : level == 1 ? &partial.name
                                                : &partial.language;
        *slot = entry.name;
        if (level + 1 < kResourceLevels) {
            if (!entry.is_directory)
                return error(PeError::ResourceLeafAboveLanguageLevel);
            TRY(walk(entry.offset, level + 1, partial, budget, callback));
            continue;
        }
        if (entry.is_directory)
            return error(PeError::ResourceTreeTooDeep);
        ResourceLeaf leaf = TRY(leaf_at(entry.offset));
        leaf.type = partial.type;
        leaf.name = partial.name;
        leaf.language = partial.language;
        TRY(callback(leaf));
    }
    return {};
}

ErrorOr<void> ResourceTable::for_each_leaf(FunctionRef<ErrorOr<void>(const ResourceLeaf&)> callback) const {
    if (is_empty())
        return {};
    ResourceLeaf partial{};
    u32 budget = kMaxResourceEntries;
    return walk(0, 0, partial, budget, callback);
}

ErrorOr<u32> ResourceTable::leaf_count() const {
    u32 count = 0;
    TRY(for_each_leaf([&](const ResourceLeaf&) -> ErrorOr<void> {
        ++count;
        return {};
    }));
    return count;
}

ErrorOr<ResourceTable::Entry> ResourceTable::find_entry(u32 directory_offset, const ResourceKey& key,
                                                        u32& budget) const {
    // A linear scan rather than Windows' binary search: it does not depend on the linker having
    // sorted the entries, and no directory is large enough for the difference to matter.
    u32 const count = TRY(entry_count(directory_offset));
    for (u32 index = 0; index < count; ++index) {
        if (budget == 0)
            return error(PeError::ResourceTooManyEntries);
        --budget;
        Entry const entry = TRY(entry_at(directory_offset, index));
        if (key.matches(entry.name))
            return entry;
    }
    return error(PeError::ResourceNotFound);
}

ErrorOr<ResourceLeaf> ResourceTable::find(const ResourceKey& type, const ResourceKey& name,
                                          u32 language) const {
    if (is_empty())
        return error(PeError::ResourceNotFound);
    u32 budget = kMaxResourceEntries;
    Entry const type_entry = TRY(find_entry(0, type, budget));
    if (!type_entry.is_directory)
        return error(PeError::ResourceLeafAboveLanguageLevel);
    Entry const name_entry = TRY(find_entry(type_entry.offset, name, budget));
    if (!name_entry.is_directory)
        return error(PeError::ResourceLeafAboveLanguageLevel);
    // FIXME: FindResourceW falls back neutral -> thread -> user -> system language -> any;
    // kAnyLanguage takes the first leaf in table order, which is what single-language images need.
    Entry language_entry{};
    if (language == kAnyLanguage) {
        u32 const count = TRY(entry_count(name_entry.offset));
        if (count == 0)
            return error(PeError::ResourceNotFound);
        language_entry = TRY(entry_at(name_entry.offset, 0));
    } else {
        language_entry =
            TRY(find_entry(name_entry.offset, ResourceKey::from_id(static_cast<u16>(language)), budget));
    }
    if (language_entry.is_directory)
        return error(PeError::ResourceTreeTooDeep);
    ResourceLeaf leaf = TRY(leaf_at(language_entry.offset));
    leaf.type = type_entry.name;
    leaf.name = name_entry.name;
    leaf.language = language_entry.name;
    return leaf;
}

ErrorOr<ResourceLeaf> ResourceTable::find_first_of_languages(const ResourceKey& type, const ResourceKey& name,
                                                             Span<const u32> languages,
                                                             ResourceMiss& miss) const {
    miss = ResourceMiss::Type;
    if (is_empty())
        return error(PeError::ResourceNotFound);
    u32 budget = kMaxResourceEntries;
    Entry const type_entry = TRY(find_entry(0, type, budget));
    if (!type_entry.is_directory)
        return error(PeError::ResourceLeafAboveLanguageLevel);
    miss = ResourceMiss::Name;
    Entry const name_entry = TRY(find_entry(type_entry.offset, name, budget));
    if (!name_entry.is_directory)
        return error(PeError::ResourceLeafAboveLanguageLevel);
    miss = ResourceMiss::Language;
    u32 const count = TRY(entry_count(name_entry.offset));
    for (u32 language : languages) {
        Entry language_entry{};
        if (language == kAnyLanguage) {
            if (count == 0)
                continue;
            language_entry = TRY(entry_at(name_entry.offset, 0));
        } else {
            auto found = find_entry(name_entry.offset, ResourceKey::from_id(static_cast<u16>(language)), budget);
            if (found.is_error()) {
                PeError code;
                if (classify(found.error(), code) && code == PeError::ResourceNotFound)
                    continue;
                return found.release_error();
            }
            language_entry = found.value();
        }
        if (language_entry.is_directory)
            return error(PeError::ResourceTreeTooDeep);
        ResourceLeaf leaf = TRY(leaf_at(language_entry.offset));
        leaf.type = type_entry.name;
        leaf.name = name_entry.name;
        leaf.language = language_entry.name;
        miss = ResourceMiss::None;
        return leaf;
    }
    return error(PeError::ResourceNotFound);
}

ErrorOr<bool> ResourceTable::is_data_entry(u32 offset) const {
    bool found = false;
    auto result = for_each_leaf([&](const ResourceLeaf& leaf) -> ErrorOr<void> {
        if (leaf.data_entry_offset == offset) {
            found = true;
            // Stops the walk early; the caller sees `found`.
            return error(PeError::ResourceNotFound);
        }
        return {};
    });
    if (found)
        return true;
    if (result.is_error())
        return result.release_error();
    return false;
}

ErrorOr<ResourceLeaf> ResourceTable::data_entry_at(u32 offset) const {
    if (offset % 4 != 0)
        return error(PeError::ResourceDataEntryUnreadable);
    return leaf_at(offset);
}

ErrorOr<ReadonlyBytes> ResourceTable::data(const ResourceLeaf& leaf) const {
    if (leaf.size == 0)
        return ReadonlyBytes();
    return m_image.bytes_at_rva(leaf.data_rva, leaf.size, PeError::ResourceDataOutsideImage);
}

ErrorOr<ReadonlyBytes> ResourceTable::find_string(u32 string_id, u32 language) const {
    if (string_id > 0xFFFF)
        return error(PeError::ResourceStringNotFound);
    u16 const block_id = static_cast<u16>((string_id >> 4) + 1);
    auto leaf = find(ResourceKey::from_id(resource_type::String), ResourceKey::from_id(block_id), language);
    if (leaf.is_error()) {
        PeError code;
        if (classify(leaf.error(), code) && code == PeError::ResourceNotFound)
            return error(PeError::ResourceStringNotFound);
        return leaf.release_error();
    }
    ReadonlyBytes const block = TRY(data(leaf.value()));
    // Each of the 16 entries is a u16 count followed by that many UTF-16 units.
    u64 offset = 0;
    for (u32 entry = 0; entry <= (string_id & 0xF); ++entry) {
        u16 length = 0;
        if (!read_object(block, offset, length))
            return error(PeError::ResourceStringTableMalformed);
        offset += sizeof(u16);
        if (!block.contains_range(offset, static_cast<u64>(length) * 2))
            return error(PeError::ResourceStringTableMalformed);
        if (entry == (string_id & 0xF)) {
            if (length == 0)
                return error(PeError::ResourceStringNotFound);
            return block.slice(offset, static_cast<usize>(length) * 2);
        }
        offset += static_cast<u64>(length) * 2;
    }
    return error(PeError::ResourceStringNotFound);
}

} // namespace halcyon::pe
