#pragma once

// What pe-dump reports about one file, gathered through pe/ exactly as the loader would read it
// (Image::parse_for_inspection, then the directory walkers). Separate from the printing so the
// benchmark can time the parse alone. Host code: std library allowed.
//
// A Report does not own its strings: every name is a view into the file's bytes (names in a PE
// are NUL-terminated in the image, and pe/ has bounded and checked each one), so the bytes must
// outlive the Report's use. A Report is meant to be reused from file to file: inspect() clears
// it and its vectors keep their capacity, so a batch of files allocates almost nothing.

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace halcyon::pe {
class ReadRecord;
}

namespace halcyon::pe_dump {

class FileWindow;

/// How much of the image inspect() walks. Every table that is walked is validated completely
/// (each offset, size and count is checked); a narrower scope only walks fewer tables.
enum class Scope : uint8_t {
    /// Headers, sections, imports, delay-load imports, exports, TLS, resources, the exception
    /// table with every unwind-info chain, base relocations, load config and debug directory.
    Everything,
    /// Headers (with the section table and data directories), imports, delay-load imports and
    /// exports: what `llvm-readobj --coff-imports --coff-exports` reads and prints.
    ImportsExports,
};

struct SectionInfo {
    std::string_view name;
    uint32_t rva;
    uint32_t virtual_size;
    uint32_t raw_size;
    uint32_t characteristics;
};

struct ImportedFunctionInfo {
    /// The name; empty for an import by ordinal.
    std::string_view name;
    uint16_t ordinal;
    bool by_ordinal;
};

struct ImportedModule {
    std::string_view dll;
    /// The module's functions are Report::imported_functions[first_function, +function_count).
    uint32_t first_function;
    uint32_t function_count;
};

struct ExportInfo {
    uint32_t ordinal;
    /// Meaningful when forwarder is empty.
    uint32_t rva;
    /// name.data() == nullptr for an export without a name (an empty name is still a name).
    std::string_view name;
    /// Non-empty exactly for a forwarder.
    std::string_view forwarder;

    bool has_name() const { return name.data() != nullptr; }
    bool is_forwarder() const { return !forwarder.empty(); }
};

struct DebugInfo {
    uint32_t type;
    uint32_t size;
    std::string_view pdb_path;
};

struct Report {
    Report();

    /// Which tables inspect() walked.
    Scope scope = Scope::Everything;
    /// False when the headers themselves did not parse: only `error` is meaningful then.
    bool headers_valid = false;
    bool is_pe32_plus = false;
    uint16_t machine = 0;
    uint16_t subsystem = 0;
    uint16_t characteristics = 0;
    uint16_t dll_characteristics = 0;
    uint64_t image_base = 0;
    uint32_t entry_rva = 0;
    bool is_clr = false;
    std::vector<SectionInfo> sections;
    std::vector<ImportedModule> imports;
    std::vector<ImportedModule> delay_imports;
    /// The functions of every module of `imports` and `delay_imports`, module after module.
    std::vector<ImportedFunctionInfo> imported_functions;
    std::vector<ExportInfo> exports;
    uint32_t tls_callbacks = 0;
    uint32_t resources = 0;
    uint32_t runtime_functions = 0;
    uint32_t relocations = 0;
    bool has_load_config = false;
    uint64_t security_cookie_va = 0;
    uint32_t guard_flags = 0;
    std::vector<DebugInfo> debug;
    /// The first error met, as a pe/ error name ("SectionsOverlap"), with its message; both
    /// are static strings. error.data() == nullptr when there was none.
    std::string_view error;
    std::string_view error_message;

    bool has_error() const { return error.data() != nullptr; }
    /// Forgets the previous file, keeping the vectors' capacity. Update it with every field.
    void clear();

    /// Scratch for the export walk: each export-address-table slot's name. Kept here so its
    /// capacity, too, is reused across files.
    std::vector<std::string_view> export_names_by_index;
};

/// Parses `bytes` and walks the tables `scope` names into `report` (cleared first). Never
/// fails: problems end up in Report::error, and everything readable before (and independently
/// of) the failing table is still reported. With a `record`, every range of `data` that was
/// read is noted in it (see pe/ReadRecord.h).
void inspect(const uint8_t* data, size_t size, Scope scope, Report& report, pe::ReadRecord* record = nullptr);

/// How inspect_file stages a file (the defaults are pe-dump's).
struct StagingOptions {
    /// Loaded before the headers are parsed: real headers nearly always fit in 4 KiB.
    size_t first_read = 4096;
    /// Whether the sections holding the directories are loaded before the first walk (else the
    /// walks find them). Tests and the fuzzer turn it off, and make first_read small, so that
    /// everything must be found through the record.
    bool preload_directory_sections = true;
};

/// inspect() on the file open in `file`. For Scope::ImportsExports it loads only what the walk
/// reads: the headers, then the sections holding the export, import and delay-load import
/// directories, then whatever else the walk turns out to read, walking again until everything
/// it read had been loaded before the walk began (past kMaxStagedBytes or a few rounds it maps
/// the whole file instead). The report is therefore the one the whole file gives. The full walk
/// (Scope::Everything) reads most sections, and maps the file whole. Returns false with errno
/// set when reading the file fails.
bool inspect_file(FileWindow& file, Scope scope, Report& report, const StagingOptions& options = {});

/// Whether two reports say the same things: every field and every name, forwarder and error
/// compared by content (the views of the two may point into different copies of a file).
bool same_findings(const Report& a, const Report& b);

/// Above this much staged data for one file, inspect_file maps the file instead: copying is
/// then dearer than a mapping and its page faults.
constexpr size_t kMaxStagedBytes = size_t{256} << 10;

/// Machine name for a COFF machine type ("AMD64", "I386", ...; "0x1234" when unknown), written
/// into `buffer` (at least 8 bytes); returns a view of it or of a static string.
std::string_view machine_name(uint16_t machine, char (&buffer)[8]);

} // namespace halcyon::pe_dump
