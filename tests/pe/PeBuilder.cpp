#include "tests/pe/PeBuilder.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <tuple>

namespace halcyon::pe::test {

namespace {

// Room for this many section headers is always reserved, so the first section's RVA does not
// depend on how many sections are added later.
constexpr u32 kReservedSectionHeaders = 16;

u32 round_up(u32 value, u32 alignment) {
    return (value + alignment - 1) / alignment * alignment;
}

/// A growing byte blob with little-endian writers, for laying out tables.
struct Blob {
    std::vector<u8> bytes;
    u32 reserve(u32 size, u32 alignment = 1) {
        u32 const offset = round_up(static_cast<u32>(bytes.size()), alignment);
        bytes.resize(offset + size);
        return offset;
    }
    u32 add_string(const std::string& s) {
        u32 const offset = reserve(static_cast<u32>(s.size() + 1));
        std::memcpy(bytes.data() + offset, s.c_str(), s.size() + 1);
        return offset;
    }
};

} // namespace

void write_u16(std::vector<u8>& bytes, usize offset, u16 value) {
    std::memcpy(bytes.data() + offset, &value, sizeof(value));
}
void write_u32(std::vector<u8>& bytes, usize offset, u32 value) {
    std::memcpy(bytes.data() + offset, &value, sizeof(value));
}
void write_u64(std::vector<u8>& bytes, usize offset, u64 value) {
    std::memcpy(bytes.data() + offset, &value, sizeof(value));
}
u64 read_u64(const std::vector<u8>& bytes, usize offset) {
    u64 value;
    std::memcpy(&value, bytes.data() + offset, sizeof(value));
    return value;
}
u32 read_u32(const std::vector<u8>& bytes, usize offset) {
    u32 value;
    std::memcpy(&value, bytes.data() + offset, sizeof(value));
    return value;
}

u32 PeBuilder::headers_size() const {
    u32 const count = std::max<u32>(kReservedSectionHeaders, static_cast<u32>(m_sections.size()));
    return round_up(section_table_offset() + count * sizeof(SectionHeader), file_alignment);
}

u32 PeBuilder::next_rva() const {
    if (m_sections.empty())
        return round_up(headers_size(), section_alignment);
    BuiltSection const& last = m_sections.back();
    return round_up(last.rva + std::max<u32>(last.virtual_size, 1), section_alignment);
}

usize PeBuilder::add_section(std::string name, u32 section_characteristics, std::vector<u8> data,
                             u32 virtual_size) {
    u32 const rva = next_rva();
    if (virtual_size == 0)
        virtual_size = static_cast<u32>(data.size());
    m_sections.push_back({std::move(name), section_characteristics, rva, virtual_size, std::move(data)});
    return m_sections.size() - 1;
}

std::vector<u8> PeBuilder::build() const {
    u32 const header_size = size_of_headers_override ? size_of_headers_override : headers_size();
    bool const low_alignment = section_alignment < 0x1000;

    // Lay out raw data: sequential after the headers, or at file offset == RVA when the image
    // uses low alignment ([pecoff] 3.4.2).
    std::vector<u32> raw_offsets;
    u32 file_end = round_up(headers_size(), file_alignment);
    for (BuiltSection const& section : m_sections) {
        u32 const offset = low_alignment ? section.rva : file_end;
        raw_offsets.push_back(section.data.empty() ? 0 : offset);
        if (!section.data.empty())
            file_end = offset + round_up(static_cast<u32>(section.data.size()), file_alignment);
    }
    std::vector<u8> file(std::max(file_end, headers_size()), 0);

    DosHeader dos{};
    dos.magic = kDosMagic;
    dos.new_header_offset = nt_headers_offset;
    std::memcpy(file.data(), &dos, sizeof(dos));
    write_u32(file, nt_headers_offset, kPeSignature);

    FileHeader file_header{};
    file_header.machine = machine;
    file_header.number_of_sections = static_cast<u16>(m_sections.size());
    file_header.size_of_optional_header = static_cast<u16>(optional_header_size());
    file_header.characteristics = characteristics;
    std::memcpy(file.data() + file_header_offset(), &file_header, sizeof(file_header));

    u32 image_end = round_up(headers_size(), section_alignment);
    for (BuiltSection const& section : m_sections)
        image_end = std::max(image_end, round_up(section.rva + section.virtual_size, section_alignment));

    OptionalHeader64 optional{};
    optional.magic = optional_magic;
    optional.address_of_entry_point = entry_rva;
    optional.image_base = image_base;
    optional.section_alignment = section_alignment;
    optional.file_alignment = file_alignment;
    optional.major_operating_system_version = 6;
    optional.major_subsystem_version = 6;
    optional.size_of_image = size_of_image_override ? size_of_image_override : image_end;
    optional.size_of_headers = header_size;
    optional.subsystem = subsystem;
    optional.dll_characteristics = dll_characteristics;
    optional.size_of_stack_reserve = 0x100000;
    optional.size_of_stack_commit = 0x1000;
    optional.size_of_heap_reserve = 0x100000;
    optional.size_of_heap_commit = 0x1000;
    optional.number_of_rva_and_sizes = number_of_rva_and_sizes;
    for (u32 i = 0; i < directory::Count; ++i)
        optional.data_directories[i] = directories[i];
    if (pe32) {
        OptionalHeader32 narrow{};
        narrow.magic =
            optional_magic == kOptionalHeaderMagicPe32Plus ? kOptionalHeaderMagicPe32 : optional_magic;
        narrow.address_of_entry_point = optional.address_of_entry_point;
        narrow.image_base = static_cast<u32>(optional.image_base);
        narrow.section_alignment = optional.section_alignment;
        narrow.file_alignment = optional.file_alignment;
        narrow.major_operating_system_version = 4;
        narrow.major_subsystem_version = 4;
        narrow.size_of_image = optional.size_of_image;
        narrow.size_of_headers = optional.size_of_headers;
        narrow.subsystem = optional.subsystem;
        narrow.dll_characteristics = optional.dll_characteristics;
        narrow.size_of_stack_reserve = 0x100000;
        narrow.size_of_stack_commit = 0x1000;
        narrow.size_of_heap_reserve = 0x100000;
        narrow.size_of_heap_commit = 0x1000;
        narrow.number_of_rva_and_sizes = optional.number_of_rva_and_sizes;
        std::memcpy(file.data() + optional_header_offset(), &narrow, sizeof(narrow));
        std::memcpy(file.data() + optional_header_offset() + sizeof(narrow), optional.data_directories,
                    sizeof(optional.data_directories));
    } else {
        std::memcpy(file.data() + optional_header_offset(), &optional, sizeof(optional));
    }

    // Long section names: "/offset" into a COFF string table appended to the file.
    std::vector<u8> string_table(4, 0);

    for (usize i = 0; i < m_sections.size(); ++i) {
        BuiltSection const& section = m_sections[i];
        SectionHeader header{};
        if (section.name.size() > 8) {
            std::string const reference = "/" + std::to_string(string_table.size());
            string_table.insert(string_table.end(), section.name.begin(), section.name.end());
            string_table.push_back(0);
            std::memcpy(header.name, reference.data(), reference.size());
        } else {
            std::memcpy(header.name, section.name.data(), section.name.size());
        }
        header.virtual_size = section.virtual_size;
        header.virtual_address = section.rva;
        header.size_of_raw_data =
            section.data.empty() ? 0 : round_up(static_cast<u32>(section.data.size()), file_alignment);
        header.pointer_to_raw_data = raw_offsets[i];
        header.characteristics = section.characteristics;
        std::memcpy(file.data() + section_table_offset() + i * sizeof(SectionHeader), &header,
                    sizeof(header));
        if (!section.data.empty())
            std::memcpy(file.data() + raw_offsets[i], section.data.data(), section.data.size());
    }
    if (string_table.size() > 4) {
        u32 const table_offset = static_cast<u32>(file.size());
        write_u32(string_table, 0, static_cast<u32>(string_table.size()));
        file.insert(file.end(), string_table.begin(), string_table.end());
        write_u32(file, file_header_offset() + 8, table_offset); // PointerToSymbolTable; 0 symbols.
    }
    return file;
}

ImportLayout add_import_section(PeBuilder& builder, const std::vector<ImportDllSpec>& dlls, bool delay_load,
                                bool with_lookup_table) {
    u32 const base = builder.next_rva();
    Blob blob;
    u32 const descriptor_size = delay_load ? sizeof(DelayLoadDescriptor) : sizeof(ImportDescriptor);
    u32 const descriptors = blob.reserve(static_cast<u32>((dlls.size() + 1) * descriptor_size), 8);
    ImportLayout layout{};

    for (usize d = 0; d < dlls.size(); ++d) {
        ImportDllSpec const& dll = dlls[d];
        u32 const table_size = static_cast<u32>((dll.functions.size() + 1) * sizeof(u64));
        u32 const lookup = with_lookup_table ? blob.reserve(table_size, 8) : 0;
        u32 const address = blob.reserve(table_size, 8);
        u32 const handle = delay_load ? blob.reserve(8, 8) : 0;
        for (usize f = 0; f < dll.functions.size(); ++f) {
            ImportSpec const& function = dll.functions[f];
            u64 thunk;
            if (function.name.empty()) {
                thunk = kImportByOrdinalFlag64 | function.ordinal;
            } else {
                u32 const hint_name = blob.reserve(static_cast<u32>(2 + function.name.size() + 1), 2);
                write_u16(blob.bytes, hint_name, function.hint);
                std::memcpy(blob.bytes.data() + hint_name + 2, function.name.c_str(),
                            function.name.size() + 1);
                thunk = base + hint_name;
            }
            if (with_lookup_table)
                write_u64(blob.bytes, lookup + f * 8, thunk);
            write_u64(blob.bytes, address + f * 8, thunk);
        }
        u32 const name = blob.add_string(dll.dll_name);
        u32 const descriptor = descriptors + static_cast<u32>(d) * descriptor_size;
        if (delay_load) {
            DelayLoadDescriptor entry{};
            entry.attributes = kDelayLoadAttributeRvaBased;
            entry.name_rva = base + name;
            entry.module_handle_rva = base + handle;
            entry.import_address_table_rva = base + address;
            entry.import_name_table_rva = base + (with_lookup_table ? lookup : address);
            std::memcpy(blob.bytes.data() + descriptor, &entry, sizeof(entry));
            layout.module_handle_rvas.push_back(base + handle);
        } else {
            ImportDescriptor entry{};
            entry.import_lookup_table_rva = with_lookup_table ? base + lookup : 0;
            entry.name_rva = base + name;
            entry.import_address_table_rva = base + address;
            std::memcpy(blob.bytes.data() + descriptor, &entry, sizeof(entry));
        }
        layout.address_table_rvas.push_back(base + address);
    }
    u32 const size = static_cast<u32>(blob.bytes.size());
    layout.section_index =
        builder.add_section(delay_load ? ".didat" : ".idata", kReadWriteData, std::move(blob.bytes));
    builder.set_directory(delay_load ? directory::DelayImport : directory::Import, base,
                          static_cast<u32>((dlls.size() + 1) * descriptor_size));
    (void)size;
    return layout;
}

usize add_export_section(PeBuilder& builder, const std::string& dll_name, u32 ordinal_base,
                         const std::vector<ExportSpec>& exports_in) {
    u32 const base = builder.next_rva();
    std::vector<ExportSpec> exports = exports_in;
    u32 next_ordinal = ordinal_base;
    u32 max_ordinal = ordinal_base;
    for (ExportSpec& e : exports) {
        if (e.ordinal == 0)
            e.ordinal = next_ordinal;
        next_ordinal = std::max(next_ordinal, e.ordinal + 1);
        max_ordinal = std::max(max_ordinal, e.ordinal);
    }
    u32 const function_count = exports.empty() ? 0 : max_ordinal - ordinal_base + 1;
    std::vector<const ExportSpec*> named;
    for (ExportSpec const& e : exports)
        if (!e.name.empty())
            named.push_back(&e);
    std::sort(named.begin(), named.end(),
              [](const ExportSpec* a, const ExportSpec* b) { return a->name < b->name; });

    Blob blob;
    u32 const header = blob.reserve(sizeof(ExportDirectory), 4);
    u32 const functions = blob.reserve(function_count * 4, 4);
    u32 const names = blob.reserve(static_cast<u32>(named.size() * 4), 4);
    u32 const ordinals = blob.reserve(static_cast<u32>(named.size() * 2), 2);
    u32 const own_name = blob.add_string(dll_name);
    for (ExportSpec const& e : exports) {
        u32 rva = e.rva;
        if (!e.forwarder.empty())
            rva = base + blob.add_string(e.forwarder);
        write_u32(blob.bytes, functions + (e.ordinal - ordinal_base) * 4, rva);
    }
    for (usize i = 0; i < named.size(); ++i) {
        write_u32(blob.bytes, names + i * 4, base + blob.add_string(named[i]->name));
        write_u16(blob.bytes, ordinals + i * 2, static_cast<u16>(named[i]->ordinal - ordinal_base));
    }
    ExportDirectory directory{};
    directory.name_rva = base + own_name;
    directory.ordinal_base = ordinal_base;
    directory.number_of_functions = function_count;
    directory.number_of_names = static_cast<u32>(named.size());
    directory.address_of_functions = base + functions;
    directory.address_of_names = base + names;
    directory.address_of_name_ordinals = base + ordinals;
    std::memcpy(blob.bytes.data() + header, &directory, sizeof(directory));
    u32 const size = static_cast<u32>(blob.bytes.size());
    usize const index = builder.add_section(".edata", kReadOnlyData, std::move(blob.bytes));
    builder.set_directory(directory::Export, base, size);
    return index;
}

std::vector<u8> relocation_block(u32 page_rva, const std::vector<u16>& entries) {
    std::vector<u16> padded = entries;
    if (padded.size() % 2)
        padded.push_back(0); // Blocks are 32-bit aligned; pad with an ABSOLUTE entry.
    std::vector<u8> block(8 + padded.size() * 2);
    write_u32(block, 0, page_rva);
    write_u32(block, 4, static_cast<u32>(block.size()));
    for (usize i = 0; i < padded.size(); ++i)
        write_u16(block, 8 + i * 2, padded[i]);
    return block;
}

usize add_relocation_section(PeBuilder& builder, const std::vector<u8>& blocks) {
    u32 const base = builder.next_rva();
    usize const index =
        builder.add_section(".reloc", kReadOnlyData | section_characteristics::MemDiscardable, blocks);
    builder.set_directory(directory::BaseRelocation, base, static_cast<u32>(blocks.size()));
    return index;
}

TlsLayout add_tls_section(PeBuilder& builder, const std::vector<u8>& template_data, u32 zero_fill,
                          const std::vector<u32>& callback_rvas) {
    u32 const base = builder.next_rva();
    Blob blob;
    TlsLayout layout{};
    u32 const directory = blob.reserve(sizeof(TlsDirectory64), 8);
    u32 const index = blob.reserve(8, 8);
    u32 const callbacks = blob.reserve(static_cast<u32>((callback_rvas.size() + 1) * 8), 8);
    u32 const template_offset = blob.reserve(static_cast<u32>(template_data.size()), 16);
    std::copy(template_data.begin(), template_data.end(), blob.bytes.begin() + template_offset);
    for (usize i = 0; i < callback_rvas.size(); ++i)
        write_u64(blob.bytes, callbacks + i * 8, builder.image_base + callback_rvas[i]);
    TlsDirectory64 tls{};
    tls.start_address_of_raw_data = builder.image_base + base + template_offset;
    tls.end_address_of_raw_data = tls.start_address_of_raw_data + template_data.size();
    tls.address_of_index = builder.image_base + base + index;
    tls.address_of_callbacks = callback_rvas.empty() ? 0 : builder.image_base + base + callbacks;
    tls.size_of_zero_fill = zero_fill;
    std::memcpy(blob.bytes.data() + directory, &tls, sizeof(tls));
    layout.section_index = builder.add_section(".tls", kReadWriteData, std::move(blob.bytes));
    layout.directory_rva = base + directory;
    layout.index_rva = base + index;
    layout.callbacks_rva = base + callbacks;
    layout.template_rva = base + template_offset;
    builder.set_directory(directory::Tls, base + directory, sizeof(TlsDirectory64));
    return layout;
}

std::vector<u8> string_table_block(const std::vector<std::string>& strings) {
    std::vector<u8> block;
    for (usize i = 0; i < 16; ++i) {
        std::string const text = i < strings.size() ? strings[i] : std::string();
        block.push_back(static_cast<u8>(text.size()));
        block.push_back(static_cast<u8>(text.size() >> 8));
        for (char const c : text) {
            block.push_back(static_cast<u8>(c));
            block.push_back(0);
        }
    }
    return block;
}

usize add_resource_section(PeBuilder& builder, const std::vector<ResourceSpec>& resources) {
    u32 const base = builder.next_rva();
    // Key: (is_id, name, id) sorts named entries (false) before id entries, as linkers do.
    using Key = std::tuple<bool, std::string, u16>;
    std::map<Key, std::map<Key, std::map<u16, const ResourceSpec*>>> tree;
    for (ResourceSpec const& r : resources) {
        Key const type{r.type_name.empty(), r.type_name, r.type_id};
        Key const name{r.name.empty(), r.name, r.name_id};
        tree[type][name][r.language] = &r;
    }
    Blob blob;
    struct PendingName {
        u32 entry_offset;
        std::string text;
    };
    std::vector<PendingName> names;
    std::vector<std::pair<u32, const ResourceSpec*>> data_entries; // entry field offset, resource
    auto write_table = [&](usize named, usize ids) {
        u32 const table =
            blob.reserve(static_cast<u32>(sizeof(ResourceDirectoryTable) + (named + ids) * 8), 4);
        write_u16(blob.bytes, table + 12, static_cast<u16>(named));
        write_u16(blob.bytes, table + 14, static_cast<u16>(ids));
        return table;
    };
    auto write_entry_name = [&](u32 entry, const Key& key) {
        if (std::get<0>(key))
            write_u32(blob.bytes, entry, std::get<2>(key));
        else
            names.push_back({entry, std::get<1>(key)});
    };
    auto count = [](const auto& map) {
        usize named = 0;
        for (auto const& [key, value] : map)
            named += std::get<0>(key) ? 0 : 1;
        return std::pair<usize, usize>(named, map.size() - named);
    };
    auto [type_named, type_ids] = count(tree);
    u32 const root = write_table(type_named, type_ids);
    u32 type_index = 0;
    for (auto const& [type_key, name_map] : tree) {
        u32 const type_entry = root + 16 + type_index++ * 8;
        write_entry_name(type_entry, type_key);
        auto [name_named, name_ids] = count(name_map);
        u32 const name_table = write_table(name_named, name_ids);
        write_u32(blob.bytes, type_entry + 4, kResourceHighBit | name_table);
        u32 name_index = 0;
        for (auto const& [name_key, languages] : name_map) {
            u32 const name_entry = name_table + 16 + name_index++ * 8;
            write_entry_name(name_entry, name_key);
            u32 const language_table = write_table(0, languages.size());
            write_u32(blob.bytes, name_entry + 4, kResourceHighBit | language_table);
            u32 language_index = 0;
            for (auto const& [language, spec] : languages) {
                u32 const language_entry = language_table + 16 + language_index++ * 8;
                write_u32(blob.bytes, language_entry, language);
                data_entries.push_back({language_entry + 4, spec});
            }
        }
    }
    for (PendingName const& name : names) {
        u32 const at = blob.reserve(static_cast<u32>(2 + name.text.size() * 2), 2);
        write_u16(blob.bytes, at, static_cast<u16>(name.text.size()));
        for (usize i = 0; i < name.text.size(); ++i)
            write_u16(blob.bytes, at + 2 + i * 2, static_cast<u8>(name.text[i]));
        write_u32(blob.bytes, name.entry_offset, kResourceHighBit | at);
    }
    for (auto const& [field, spec] : data_entries) {
        u32 const entry = blob.reserve(sizeof(ResourceDataEntry), 4);
        write_u32(blob.bytes, field, entry);
        u32 const data = blob.reserve(static_cast<u32>(spec->data.size()), 4);
        std::copy(spec->data.begin(), spec->data.end(), blob.bytes.begin() + data);
        write_u32(blob.bytes, entry, base + data);
        write_u32(blob.bytes, entry + 4, static_cast<u32>(spec->data.size()));
        write_u32(blob.bytes, entry + 8, 1252);
    }
    u32 const size = static_cast<u32>(blob.bytes.size());
    usize const index = builder.add_section(".rsrc", kReadOnlyData, std::move(blob.bytes));
    builder.set_directory(directory::Resource, base, size);
    return index;
}

std::vector<u8> build_sample_image() {
    PeBuilder builder;
    builder.characteristics |= file_characteristics::Dll;
    builder.image_base = 0x180000000ull;
    std::vector<u8> code(0x40, 0xC3); // ret
    usize const text = builder.add_section(".text", kCode, code);
    u32 const text_rva = builder.section(text).rva;
    builder.entry_rva = text_rva;

    add_import_section(builder, {{"KERNEL32.dll", {{"GetLastError", 3}, {"", 0, 17}, {"ExitProcess", 0}}},
                                 {"api-ms-win-crt-runtime-l1-1-0.dll", {{"_initterm", 0}}}});
    add_import_section(builder, {{"USER32.dll", {{"MessageBoxA", 0}}}}, true);
    add_export_section(builder, "sample.dll", 1,
                       {{"Alpha", 0, text_rva, ""},
                        {"Beta", 0, text_rva + 0x10, ""},
                        {"Forwarded", 0, 0, "NTDLL.RtlAllocateHeap"},
                        {"", 7, text_rva + 0x20, ""},
                        {"ByOrdinalForward", 0, 0, "KERNELBASE.#12"}});
    TlsLayout const tls = add_tls_section(builder, {1, 2, 3, 4}, 16, {text_rva + 0x30});
    // The TLS directory's four VAs and the callback VA need rebasing.
    u32 const page = tls.directory_rva & ~0xFFFu;
    std::vector<u16> entries;
    for (u32 field = 0; field < 4; ++field)
        entries.push_back(relocation_entry(relocation_type::Dir64, tls.directory_rva - page + field * 8));
    entries.push_back(relocation_entry(relocation_type::Dir64, tls.callbacks_rva - page));
    add_relocation_section(builder, relocation_block(page, entries));
    return builder.build();
}

} // namespace halcyon::pe::test
