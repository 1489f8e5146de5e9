#pragma once

// The export directory of an image ([pecoff] 6.3): lookup by name (the importer's hint first,
// then a binary search of the sorted name table, as Windows and Wine do), lookup by ordinal,
// forwarders, and enumeration. Works on a file and on a mapped view; allocates nothing.

#include "core/lib/ErrorOr.h"
#include "core/lib/StringView.h"
#include "pe/FunctionRef.h"
#include "pe/Image.h"

namespace halcyon::pe {

/// Ordinals are 16-bit in import tables, so no export table needs more entries than this.
constexpr u32 kMaxExports = 65536;
constexpr u32 kNoHint = 0xFFFFFFFF;

/// What an export resolves to: either an RVA in the exporting image, or a forwarder string
/// naming the export of another DLL ("NTDLL.RtlAllocateHeap", "KERNELBASE.#12").
struct ExportTarget {
    /// The biased ordinal (OrdinalBase + index).
    u32 ordinal;
    /// The exported code or data; 0 for a forwarder.
    u32 rva;
    /// Non-empty exactly for a forwarder: the export's RVA points inside the export directory.
    StringView forwarder;

    bool is_forwarder() const { return !forwarder.is_empty(); }
};

/// A name-table entry and the export-address-table slot it names.
struct NameEntry {
    StringView name;
    /// Index into the export address table (the ordinal minus OrdinalBase).
    u32 function_index;
};

struct NamedExport {
    StringView name;
    /// Position in the (sorted) name table: what an importer's hint refers to.
    u32 name_index;
    ExportTarget target;
};

/// A forwarder string split at its last '.', as Wine does: "api-ms-x-l1-1-0.Func" keeps its dashes.
struct Forwarder {
    /// The DLL, without ".dll" (the loader appends it when absent).
    StringView module;
    bool by_ordinal;
    /// Valid when !by_ordinal.
    StringView function;
    /// Valid when by_ordinal ("DLL.#N").
    u16 ordinal;
};
ErrorOr<Forwarder> parse_forwarder(StringView forwarder);

class ExportTable {
public:
    /// Validates the export directory and its three tables. An image without exports gives an
    /// empty table whose lookups fail with "not found".
    static ErrorOr<ExportTable> open(const Image& image);

    ExportTable() = default;

    bool is_empty() const { return m_directory.number_of_functions == 0; }
    /// The DLL's own name as recorded by the linker (may be empty).
    StringView dll_name() const { return m_dll_name; }
    u32 ordinal_base() const { return m_directory.ordinal_base; }
    u32 function_count() const { return m_directory.number_of_functions; }
    u32 name_count() const { return m_directory.number_of_names; }

    /// Looks `ordinal` (biased, as an importer writes it) up. status::OrdinalNotFound when the
    /// ordinal is outside the table or its slot is empty.
    ErrorOr<ExportTarget> find_by_ordinal(u32 ordinal) const;
    /// Looks `name` up, trying name-table entry `hint` first. status::EntrypointNotFound when absent.
    /// The name table must be sorted (the binary search relies on it, as Windows' does).
    ErrorOr<ExportTarget> find_by_name(StringView name, u32 hint = kNoHint) const;
    /// Name-table entry `index` (precondition: index < name_count()).
    ErrorOr<StringView> name_at(u32 index) const;

    /// Name-table entry `name_index` (precondition: index < name_count()): its name and the
    /// slot it names, which must be inside the export address table and not empty. The slot's
    /// target is not resolved (target_at does that).
    ErrorOr<NameEntry> name_entry(u32 name_index) const;
    /// Whether export-address-table slot `index` is empty (precondition: index < function_count()).
    bool is_empty_slot(u32 index) const;
    /// What slot `index` exports: ExportOrdinalNotFound past the table, ExportOrdinalEmptySlot
    /// for an empty slot, and the named errors of an invalid RVA or forwarder.
    ErrorOr<ExportTarget> target_at(u32 index) const;

    /// Every non-empty export address table slot, in ordinal order, without names.
    ErrorOr<void> for_each_export(FunctionRef<ErrorOr<void>(const ExportTarget&)> callback) const;
    /// Every name-table entry, in name order, with the export it refers to.
    ErrorOr<void> for_each_named_export(FunctionRef<ErrorOr<void>(const NamedExport&)> callback) const;

private:
    /// The export-address-table slot name-table entry `name_index` names, checked to be inside
    /// the table.
    ErrorOr<u32> slot_for_name_index(u32 name_index) const;
    ErrorOr<ExportTarget> target_for_name_index(u32 name_index) const;

    // A copy, not a pointer: tables are stored next to their Image in loader structures, and a
    // copy stays valid when those move. The image's bytes must still outlive the table.
    Image m_image;
    DataDirectory m_range{0, 0};
    ExportDirectory m_directory{};
    StringView m_dll_name;
    ReadonlyBytes m_functions;
    ReadonlyBytes m_names;
    ReadonlyBytes m_name_ordinals;
};

} // namespace halcyon::pe
