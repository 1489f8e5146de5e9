#pragma once

// Builds small synthetic PE32+ images for the pe/ tests and the fuzz seed corpus. Host-only
// code (uses the standard library). The builder lays sections out at consecutive RVAs as soon as
// they are added, so table helpers can compute RVAs before the image is built.

#include <string>
#include <vector>

#include "pe/Format.h"

namespace halcyon::pe::test {

struct BuiltSection {
    std::string name;
    u32 characteristics;
    u32 rva;
    u32 virtual_size;
    std::vector<u8> data;
};

constexpr u32 kCode = section_characteristics::ContainsCode | section_characteristics::MemExecute |
                      section_characteristics::MemRead;
constexpr u32 kReadOnlyData =
    section_characteristics::ContainsInitializedData | section_characteristics::MemRead;
constexpr u32 kReadWriteData = kReadOnlyData | section_characteristics::MemWrite;

class PeBuilder {
public:
    /// Header fields, public so tests can corrupt exactly one of them.
    u16 machine = machine::Amd64;
    u16 characteristics = file_characteristics::ExecutableImage | file_characteristics::LargeAddressAware;
    u16 optional_magic = kOptionalHeaderMagicPe32Plus;
    u64 image_base = 0x140000000ull;
    u32 section_alignment = 0x1000;
    u32 file_alignment = 0x200;
    u16 subsystem = subsystem::WindowsCui;
    u16 dll_characteristics =
        dll_characteristics::DynamicBase | dll_characteristics::NxCompat | dll_characteristics::HighEntropyVa;
    u32 entry_rva = 0;
    u32 number_of_rva_and_sizes = directory::Count;
    DataDirectory directories[directory::Count] = {};
    /// When nonzero, replace the computed values.
    u32 size_of_image_override = 0;
    u32 size_of_headers_override = 0;
    /// Where the "PE\0\0" signature goes.
    u32 nt_headers_offset = 0x80;
    /// Write a PE32 optional header (with BaseOfData and 32-bit ImageBase) instead of PE32+.
    /// Set machine = machine::I386 and a 32-bit image_base with it.
    bool pe32 = false;
    /// Section names longer than 8 bytes go to a COFF string table appended to the file and are
    /// written as "/offset", as mingw's ld does.

    /// Adds a section at the next free RVA and returns its index. virtual_size 0 = data size.
    usize add_section(std::string name, u32 characteristics, std::vector<u8> data, u32 virtual_size = 0);
    BuiltSection& section(usize index) { return m_sections[index]; }
    usize section_count() const { return m_sections.size(); }
    /// The RVA the next added section will get.
    u32 next_rva() const;
    u32 headers_size() const;
    void set_directory(u32 index, u32 rva, u32 size) { directories[index] = {rva, size}; }

    std::vector<u8> build() const;

    /// Offsets of header fields in the built file, for tests that corrupt them.
    u32 file_header_offset() const { return nt_headers_offset + 4; }
    u32 optional_header_offset() const { return nt_headers_offset + 4 + sizeof(FileHeader); }
    u32 optional_header_size() const {
        return pe32 ? kOptionalHeader32FixedSize + directory::Count * sizeof(DataDirectory)
                    : sizeof(OptionalHeader64);
    }
    u32 section_table_offset() const { return optional_header_offset() + optional_header_size(); }

private:
    std::vector<BuiltSection> m_sections;
};

// ---- Table helpers ---------------------------------------------------------------------------

struct ImportSpec {
    std::string name; // empty = by ordinal
    u16 hint = 0;
    u16 ordinal = 0;
};

struct ImportDllSpec {
    std::string dll_name;
    std::vector<ImportSpec> functions;
};

struct ImportLayout {
    usize section_index;
    std::vector<u32> address_table_rvas; // per DLL
    std::vector<u32> module_handle_rvas; // delay-load only
};

/// Adds an .idata section (or a delay-load section) and points the directory at it.
ImportLayout add_import_section(PeBuilder& builder, const std::vector<ImportDllSpec>& dlls,
                                bool delay_load = false, bool with_lookup_table = true);

struct ExportSpec {
    std::string name;      // empty = exported by ordinal only
    u32 ordinal = 0;       // biased; 0 = next free
    u32 rva = 0;           // target, unless forwarder is set
    std::string forwarder; // "DLL.Func" or "DLL.#N"
};

/// Adds an .edata section holding the export directory; names are sorted as the linker does.
usize add_export_section(PeBuilder& builder, const std::string& dll_name, u32 ordinal_base,
                         const std::vector<ExportSpec>& exports);

/// One base relocation block: page RVA, then raw 16-bit entries ((type << 12) | offset).
std::vector<u8> relocation_block(u32 page_rva, const std::vector<u16>& entries);
/// Adds a .reloc section with the given blocks and points the directory at it.
usize add_relocation_section(PeBuilder& builder, const std::vector<u8>& blocks);
constexpr u16 relocation_entry(u8 type, u32 page_offset) {
    return static_cast<u16>((type << 12) | (page_offset & 0xFFF));
}

struct TlsLayout {
    usize section_index;
    u32 directory_rva;
    u32 index_rva;
    u32 callbacks_rva;
    u32 template_rva;
};
/// Adds a .tls section: directory, index slot, callback array (callback RVAs as VAs), template.
TlsLayout add_tls_section(PeBuilder& builder, const std::vector<u8>& template_data, u32 zero_fill,
                          const std::vector<u32>& callback_rvas);

/// One resource for add_resource_section: type and name are an id (when the string is empty) or
/// a name; the language is a LANGID.
struct ResourceSpec {
    u16 type_id = 0;
    std::string type_name;
    u16 name_id = 0;
    std::string name;
    u16 language = 0;
    std::vector<u8> data;
};
/// Adds a .rsrc section with a well-formed three-level tree (named entries before id entries,
/// each sorted) and points the directory at it.
usize add_resource_section(PeBuilder& builder, const std::vector<ResourceSpec>& resources);
/// An RT_STRING block: 16 entries, each a u16 length and its UTF-16 units (ASCII here).
std::vector<u8> string_table_block(const std::vector<std::string>& strings);

/// A complete small DLL-like image with code, imports (by name and ordinal), delay imports,
/// exports with a forwarder, TLS with a callback, and DIR64 relocations for the TLS VAs.
std::vector<u8> build_sample_image();

void write_u16(std::vector<u8>& bytes, usize offset, u16 value);
void write_u32(std::vector<u8>& bytes, usize offset, u32 value);
void write_u64(std::vector<u8>& bytes, usize offset, u64 value);
u64 read_u64(const std::vector<u8>& bytes, usize offset);
u32 read_u32(const std::vector<u8>& bytes, usize offset);

} // namespace halcyon::pe::test
