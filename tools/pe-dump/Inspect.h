#pragma once

// What pe-dump reports about one file, gathered through pe/ exactly as the loader would read it
// (Image::parse_for_inspection, then every directory walker). Separate from the printing so the
// benchmark can time the parse alone. Host code: std library allowed.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace halcyon::pe_dump {

struct SectionInfo {
    std::string name;
    uint32_t rva;
    uint32_t virtual_size;
    uint32_t raw_size;
    uint32_t characteristics;
};

struct ImportedModule {
    std::string dll;
    /// Function names, or "#N" for imports by ordinal.
    std::vector<std::string> functions;
};

struct ExportInfo {
    uint32_t ordinal;
    std::optional<std::string> name;
    /// Exactly one of rva / forwarder is meaningful.
    uint32_t rva;
    std::optional<std::string> forwarder;
};

struct DebugInfo {
    uint32_t type;
    uint32_t size;
    std::string pdb_path;
};

struct Report {
    /// False when the headers themselves did not parse: only `error` is meaningful then.
    bool headers_valid = false;
    std::string format; // "PE32+" / "PE32"
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
    std::vector<ExportInfo> exports;
    uint32_t tls_callbacks = 0;
    uint32_t resources = 0;
    uint32_t runtime_functions = 0;
    uint32_t relocations = 0;
    bool has_load_config = false;
    uint64_t security_cookie_va = 0;
    uint32_t guard_flags = 0;
    std::vector<DebugInfo> debug;
    /// The first error met, as a pe/ error name ("SectionsOverlap"), with its message.
    std::optional<std::string> error;
    std::string error_message;
};

/// Parses `bytes` and walks every directory. Never fails: problems end up in Report::error, and
/// everything readable before (and independently of) the failing table is still reported.
Report inspect(const uint8_t* data, size_t size);

/// Machine name for a COFF machine type ("AMD64", "I386", ...; "0x1234" when unknown).
std::string machine_name(uint16_t machine);

/// One JSON object on one line (no trailing newline). `file` is the path as given.
std::string to_json(const std::string& file, const Report& report);
/// A human-readable listing.
std::string to_text(const std::string& file, const Report& report);

} // namespace halcyon::pe_dump
