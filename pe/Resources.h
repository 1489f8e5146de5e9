#pragma once

// The resource tree of an image ([pecoff] 6.9): three levels of directory tables -- type, name,
// language -- whose entries are named either by a 16-bit id or by a length-prefixed UTF-16
// string, with data entries (an RVA, a size and a code page) at the leaves. This is what
// FindResource / LoadResource / LoadString / version-info queries need: find() picks a leaf by
// type, name and language; data() returns its bytes; find_string() decodes string tables.
//
// Hostile trees are expected: every table, entry, name and data range is bounds-checked; the
// depth is fixed at three (a subdirectory below the language level is an error, which also
// rules out cycles); and a walk visits at most kMaxResourceEntries entries, so subtrees shared
// between many parents cannot make the work grow exponentially. Allocates nothing.

#include "core/lib/ErrorOr.h"
#include "core/lib/Span.h"
#include "core/lib/StringView.h"
#include "pe/FunctionRef.h"
#include "pe/Image.h"

namespace halcyon::pe {

/// Bound on directory entries visited by one walk or lookup, far above real images (a large
/// localised DLL has a few thousand leaves).
constexpr u32 kMaxResourceEntries = 1u << 18;
/// Levels of the tree: type, name, language ([pecoff] 6.9 "Resource Directory Table").
constexpr u32 kResourceLevels = 3;
/// find(): match any language, taking the first leaf in table order.
constexpr u32 kAnyLanguage = 0xFFFFFFFF;

/// How an entry is named: an integer id, or a UTF-16 string stored in the image.
struct ResourceName {
    bool is_id;
    u16 id;
    /// Valid when !is_id: the UTF-16LE code units (2 bytes each, unaligned, no terminator).
    ReadonlyBytes utf16;

    u32 length() const { return static_cast<u32>(utf16.size() / 2); }
    u16 unit(u32 index) const {
        return static_cast<u16>(utf16[index * 2] | (static_cast<u16>(utf16[index * 2 + 1]) << 8));
    }
};

/// What a lookup asks for: an id (MAKEINTRESOURCE) or a name, compared case-insensitively in the
/// ASCII range as FindResource does (resource compilers store names upper-cased).
struct ResourceKey {
    bool is_id;
    u16 id;
    /// Valid when !is_id and utf16 is empty: an ASCII name.
    StringView ascii;
    /// Valid when !is_id: a UTF-16LE name (2 bytes per unit), used when non-empty.
    ReadonlyBytes utf16;

    static ResourceKey from_id(u16 id) { return {true, id, {}, {}}; }
    static ResourceKey from_ascii(StringView name) { return {false, 0, name, {}}; }
    static ResourceKey from_utf16(ReadonlyBytes name) { return {false, 0, {}, name}; }

    bool matches(const ResourceName& name) const;
};

struct ResourceLeaf {
    ResourceName type;
    ResourceName name;
    ResourceName language;
    u32 data_rva;
    u32 size;
    u32 code_page;
    /// Offset of the leaf's IMAGE_RESOURCE_DATA_ENTRY from the start of the resource data (what
    /// LdrFindResource_U hands out as a pointer, and HRSRC is on Windows).
    u32 data_entry_offset;
};

/// Which level of the tree a failed lookup stopped at (FindResource reports each differently:
/// ERROR_RESOURCE_TYPE_NOT_FOUND, _NAME_NOT_FOUND, _LANG_NOT_FOUND).
enum class ResourceMiss : u8 { None, Type, Name, Language };

class ResourceTable {
public:
    /// Checks the root table. An image without resources gives an empty table.
    static ErrorOr<ResourceTable> open(const Image& image);

    ResourceTable() = default;

    bool is_empty() const { return m_root.is_empty(); }

    /// Every leaf in table order (types, then names, then languages, each named entries first).
    ErrorOr<void> for_each_leaf(FunctionRef<ErrorOr<void>(const ResourceLeaf&)> callback) const;
    /// Number of leaves (data entries) in the tree.
    ErrorOr<u32> leaf_count() const;
    /// The leaf for (type, name, language); `language` is a LANGID or kAnyLanguage.
    /// PeError::ResourceNotFound when there is none.
    ErrorOr<ResourceLeaf> find(const ResourceKey& type, const ResourceKey& name,
                               u32 language = kAnyLanguage) const;
    /// find() trying each of `languages` in order (a LANGID, or kAnyLanguage for the first leaf in
    /// table order), as FindResourceEx's fallback does. On PeError::ResourceNotFound, `miss` says
    /// whether the type, the name or every language was missing; on success it is None.
    ErrorOr<ResourceLeaf> find_first_of_languages(const ResourceKey& type, const ResourceKey& name,
                                                  Span<const u32> languages, ResourceMiss& miss) const;
    /// Offset of the resource data from the image base (the directory's RVA).
    u32 root_rva() const { return m_root_rva; }
    /// True when `offset` is where a leaf's data entry lies, i.e. some leaf has that
    /// data_entry_offset (walks the whole tree).
    ErrorOr<bool> is_data_entry(u32 offset) const;
    /// The data entry at `offset` (an HRSRC handed back by a program), checked without a walk: it
    /// is 4-byte aligned, lies in the resource data, and its data lies in the image. Reading
    /// through it is then safe, though it need not be reachable from the tree.
    ErrorOr<ResourceLeaf> data_entry_at(u32 offset) const;
    /// The bytes of a leaf, checked to lie in the image's data.
    ErrorOr<ReadonlyBytes> data(const ResourceLeaf& leaf) const;
    /// String `string_id` from the RT_STRING tables, as LoadStringW finds it: block
    /// (id / 16) + 1, entry id % 16, each entry a u16 length and that many UTF-16 units. Returns
    /// the UTF-16LE bytes; PeError::ResourceStringNotFound for a missing block or an empty entry.
    ErrorOr<ReadonlyBytes> find_string(u32 string_id, u32 language = kAnyLanguage) const;

private:
    struct Entry {
        ResourceName name;
        bool is_directory;
        /// Offset from the start of the resource data of a subdirectory or a data entry.
        u32 offset;
    };
    /// Number of entries in the directory at `offset`, after checking its table and entries fit.
    ErrorOr<u32> entry_count(u32 offset) const;
    ErrorOr<Entry> entry_at(u32 directory_offset, u32 index) const;
    ErrorOr<ResourceLeaf> leaf_at(u32 data_entry_offset) const;
    ErrorOr<void> walk(u32 directory_offset, u32 level, ResourceLeaf& partial, u32& budget,
                       FunctionRef<ErrorOr<void>(const ResourceLeaf&)> callback) const;
    ErrorOr<Entry> find_entry(u32 directory_offset, const ResourceKey& key, u32& budget) const;

    Image m_image;
    u32 m_root_rva{0};
    /// The resource data from the directory's RVA to the end of its backing region; all tree
    /// offsets are relative to its start.
    ReadonlyBytes m_root;
};

} // namespace halcyon::pe
