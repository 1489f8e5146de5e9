#include "pe/Exports.h"

namespace halcyon::pe {

namespace {

template <typename T>
T table_entry(ReadonlyBytes table, u32 index) {
    T value;
    __builtin_memcpy(&value, table.data() + static_cast<usize>(index) * sizeof(T), sizeof(T));
    return value;
}

/// Byte-wise unsigned comparison, the order the linker sorts the name table in (strcmp order).
int compare_names(StringView a, StringView b) {
    usize const common = min(a.length(), b.length());
    for (usize i = 0; i < common; ++i) {
        u8 const x = static_cast<u8>(a[i]);
        u8 const y = static_cast<u8>(b[i]);
        if (x != y)
            return x < y ? -1 : 1;
    }
    if (a.length() == b.length())
        return 0;
    return a.length() < b.length() ? -1 : 1;
}

} // namespace

ErrorOr<Forwarder> parse_forwarder(StringView forwarder) {
    i64 const dot = forwarder.find_last('.');
    if (dot <= 0 || static_cast<usize>(dot) + 1 >= forwarder.length())
        return error(PeError::ExportForwarderMalformed);
    Forwarder result{};
    result.module = forwarder.substring(0, static_cast<usize>(dot));
    StringView const function = forwarder.substring(static_cast<usize>(dot) + 1);
    if (function[0] != '#') {
        result.function = function;
        return result;
    }
    StringView const digits = function.substring(1);
    if (digits.is_empty() || digits.length() > 5)
        return error(PeError::ExportForwarderOrdinalMalformed);
    u32 ordinal = 0;
    for (char const c : digits) {
        if (c < '0' || c > '9')
            return error(PeError::ExportForwarderOrdinalMalformed);
        ordinal = ordinal * 10 + static_cast<u32>(c - '0');
    }
    if (ordinal > 0xFFFF)
        return error(PeError::ExportForwarderOrdinalOutOfRange);
    result.by_ordinal = true;
    result.ordinal = static_cast<u16>(ordinal);
    return result;
}

ErrorOr<ExportTable> ExportTable::open(const Image& image) {
    ExportTable table;
    table.m_image = image;
    DataDirectory const range = image.data_directory(directory::Export);
    if (range.virtual_address == 0)
        return table;
    if (range.size < sizeof(ExportDirectory))
        return error(PeError::ExportDirectoryTooSmall);
    table.m_range = range;
    table.m_directory =
        TRY(image.object_at_rva<ExportDirectory>(range.virtual_address, PeError::ExportDirectoryUnreadable));
    ExportDirectory const& directory = table.m_directory;

    if (directory.number_of_functions > kMaxExports)
        return error(PeError::TooManyExportFunctions);
    if (directory.number_of_names > kMaxExports)
        return error(PeError::TooManyExportNames);
    u32 last_ordinal = 0;
    if (directory.number_of_functions != 0 &&
        !checked_add(directory.ordinal_base, directory.number_of_functions - 1, last_ordinal))
        return error(PeError::ExportOrdinalOverflow);

    // Counts are at most 65536, so these products fit in a u32.
    if (directory.number_of_functions != 0)
        table.m_functions = TRY(image.bytes_at_rva(directory.address_of_functions,
                                                   directory.number_of_functions * sizeof(u32),
                                                   PeError::ExportAddressTableUnreadable));
    if (directory.number_of_names != 0) {
        table.m_names =
            TRY(image.bytes_at_rva(directory.address_of_names, directory.number_of_names * sizeof(u32),
                                   PeError::ExportNameTableUnreadable));
        table.m_name_ordinals = TRY(image.bytes_at_rva(directory.address_of_name_ordinals,
                                                       directory.number_of_names * sizeof(u16),
                                                       PeError::ExportOrdinalTableUnreadable));
    }
    if (directory.name_rva != 0)
        table.m_dll_name = TRY(image.string_at_rva(directory.name_rva, PeError::ExportDllNameUnreadable));
    return table;
}

ErrorOr<ExportTarget> ExportTable::target_at(u32 index) const {
    if (index >= m_directory.number_of_functions)
        return error(PeError::ExportOrdinalNotFound);
    u32 const rva = table_entry<u32>(m_functions, index);
    if (rva == 0)
        return error(PeError::ExportOrdinalEmptySlot);
    ExportTarget target{m_directory.ordinal_base + index, rva, {}};
    // [pecoff] 6.3.2: an export RVA inside the export directory is a forwarder string.
    if (rva >= m_range.virtual_address && rva - m_range.virtual_address < m_range.size) {
        target.rva = 0;
        target.forwarder = TRY(m_image.string_at_rva(rva, PeError::ExportForwarderUnreadable));
        if (target.forwarder.is_empty())
            return error(PeError::ExportForwarderEmpty);
        return target;
    }
    if (rva >= m_image.size_of_image())
        return error(PeError::ExportRvaOutsideImage);
    return target;
}

bool ExportTable::is_empty_slot(u32 index) const {
    return table_entry<u32>(m_functions, index) == 0;
}

ErrorOr<u32> ExportTable::slot_for_name_index(u32 name_index) const {
    u16 const index = table_entry<u16>(m_name_ordinals, name_index);
    if (index >= m_directory.number_of_functions)
        return error(PeError::ExportNameOrdinalOutOfRange);
    return index;
}

ErrorOr<NameEntry> ExportTable::name_entry(u32 name_index) const {
    StringView const name = TRY(name_at(name_index));
    u32 const index = TRY(slot_for_name_index(name_index));
    if (is_empty_slot(index))
        return error(PeError::ExportOrdinalEmptySlot);
    return NameEntry{name, index};
}

ErrorOr<ExportTarget> ExportTable::target_for_name_index(u32 name_index) const {
    return target_at(TRY(slot_for_name_index(name_index)));
}

ErrorOr<ExportTarget> ExportTable::find_by_ordinal(u32 ordinal) const {
    if (ordinal < m_directory.ordinal_base)
        return error(PeError::ExportOrdinalNotFound);
    return target_at(ordinal - m_directory.ordinal_base);
}

ErrorOr<StringView> ExportTable::name_at(u32 index) const {
    if (index >= m_directory.number_of_names)
        return error(PeError::ExportNameIndexOutOfRange);
    return m_image.string_at_rva(table_entry<u32>(m_names, index), PeError::ExportNameUnreadable);
}

ErrorOr<ExportTarget> ExportTable::find_by_name(StringView name, u32 hint) const {
    if (hint < m_directory.number_of_names && TRY(name_at(hint)) == name)
        return target_for_name_index(hint);
    u32 low = 0;
    u32 high = m_directory.number_of_names;
    while (low < high) {
        u32 const middle = low + (high - low) / 2;
        int const order = compare_names(name, TRY(name_at(middle)));
        if (order == 0)
            return target_for_name_index(middle);
        if (order < 0)
            high = middle;
        else
            low = middle + 1;
    }
    return error(PeError::ExportNameNotFound);
}

ErrorOr<void> ExportTable::for_each_export(FunctionRef<ErrorOr<void>(const ExportTarget&)> callback) const {
    for (u32 index = 0; index < m_directory.number_of_functions; ++index) {
        if (is_empty_slot(index))
            continue;
        ExportTarget const target = TRY(target_at(index));
        TRY(callback(target));
    }
    return {};
}

ErrorOr<void>
ExportTable::for_each_named_export(FunctionRef<ErrorOr<void>(const NamedExport&)> callback) const {
    for (u32 index = 0; index < m_directory.number_of_names; ++index) {
        StringView const name = TRY(name_at(index));
        ExportTarget const target = TRY(target_for_name_index(index));
        NamedExport const entry{name, index, target};
        TRY(callback(entry));
    }
    return {};
}

} // namespace halcyon::pe
