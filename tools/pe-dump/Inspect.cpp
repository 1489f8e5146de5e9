#include "tools/pe-dump/Inspect.h"

#include <cerrno>

#include "pe/Debug.h"
#include "pe/Exports.h"
#include "pe/Image.h"
#include "pe/Imports.h"
#include "pe/LoadConfig.h"
#include "pe/Relocations.h"
#include "pe/Resources.h"
#include "pe/Tls.h"
#include "pe/Unwind.h"
#include "tools/pe-dump/FileWindow.h"

namespace halcyon::pe_dump {

namespace {

std::string_view to_std(StringView view) {
    return std::string_view(view.data(), view.length());
}

/// Records the first error only: later ones are often consequences of the first.
template <typename T>
bool note(Report& report, const ErrorOr<T>& result) {
    if (!result.is_error())
        return true;
    if (!report.has_error()) {
        pe::PeError code;
        Error const error = result.error();
        report.error = pe::classify(error, code) ? pe::error_name(code) : error.status().name();
        report.error_message = error.message();
    }
    return false;
}

void collect_imports(Report& report, const pe::Image& image, pe::ImportKind kind,
                     std::vector<ImportedModule>& out) {
    note(report, pe::for_each_import(
                     image, kind,
                     [&](const pe::ImportModule& module) -> ErrorOr<void> {
                         out.push_back({to_std(module.dll_name),
                                        static_cast<uint32_t>(report.imported_functions.size()), 0});
                         return {};
                     },
                     [&](const pe::ImportModule&, const pe::ImportedFunction& function) -> ErrorOr<void> {
                         report.imported_functions.push_back(
                             {function.by_ordinal ? std::string_view() : to_std(function.name),
                              function.ordinal, function.by_ordinal});
                         ++out.back().function_count;
                         return {};
                     }));
}

void collect_exports(Report& report, const pe::Image& image) {
    auto table = pe::ExportTable::open(image);
    if (!note(report, table))
        return;
    pe::ExportTable const& exports = table.value();
    // Names by export-address-table index (the first name of a slot wins), then one entry per
    // non-empty slot in ordinal order. Each slot's target is resolved (and validated) once, in
    // the second loop; the first validates the names and the slots they name.
    std::vector<std::string_view>& names = report.export_names_by_index;
    names.assign(exports.function_count(), std::string_view());
    for (u32 index = 0; index < exports.name_count(); ++index) {
        auto entry = exports.name_entry(index);
        if (!note(report, entry))
            break;
        std::string_view& name = names[entry.value().function_index];
        if (name.data() == nullptr)
            name = to_std(entry.value().name);
    }
    for (u32 index = 0; index < exports.function_count(); ++index) {
        if (exports.is_empty_slot(index))
            continue;
        auto target = exports.target_at(index);
        if (!note(report, target))
            break;
        pe::ExportTarget const& export_target = target.value();
        report.exports.push_back({export_target.ordinal, export_target.rva, names[index],
                                  export_target.is_forwarder() ? to_std(export_target.forwarder)
                                                               : std::string_view()});
    }
}

void collect_exceptions(Report& report, const pe::Image& image) {
    auto table = pe::ExceptionTable::open(image);
    if (!note(report, table))
        return;
    report.runtime_functions = table.value().count();
    for (u32 index = 0; index < table.value().count(); ++index) {
        auto chain = pe::for_each_unwind_info_in_chain(
            image, table.value().entry(index), [](const pe::UnwindInfo&) -> ErrorOr<void> { return {}; });
        if (!note(report, chain))
            return;
    }
}

void collect_everything_else(Report& report, const pe::Image& image) {
    pe::TlsInfo tls{};
    auto has_tls = pe::read_tls(image, tls);
    if (note(report, has_tls) && has_tls.value())
        report.tls_callbacks = tls.callback_count;

    auto resources = pe::ResourceTable::open(image);
    if (note(report, resources)) {
        auto count = resources.value().leaf_count();
        if (note(report, count))
            report.resources = count.value();
    }

    collect_exceptions(report, image);
    note(report, pe::for_each_relocation(image, [&](const pe::Relocation&) -> ErrorOr<void> {
             ++report.relocations;
             return {};
         }));

    pe::LoadConfig config{};
    auto has_config = pe::read_load_config(image, config);
    if (note(report, has_config) && has_config.value()) {
        report.has_load_config = true;
        report.security_cookie_va = config.security_cookie_va;
        report.guard_flags = config.guard_flags;
    }

    note(report, pe::for_each_debug_entry(image, [&](const pe::DebugDirectoryEntry& entry) -> ErrorOr<void> {
             DebugInfo info{entry.type, entry.size_of_data, {}};
             pe::CodeViewRecord record{};
             if (TRY(pe::read_codeview(image, entry, record)))
                 info.pdb_path = to_std(record.pdb_path);
             report.debug.push_back(info);
             return {};
         }));
}

} // namespace

void Report::clear() {
    scope = Scope::Everything;
    headers_valid = false;
    is_pe32_plus = false;
    machine = subsystem = characteristics = dll_characteristics = 0;
    image_base = 0;
    entry_rva = 0;
    is_clr = false;
    sections.clear();
    imports.clear();
    delay_imports.clear();
    imported_functions.clear();
    exports.clear();
    tls_callbacks = resources = runtime_functions = relocations = 0;
    has_load_config = false;
    security_cookie_va = 0;
    guard_flags = 0;
    debug.clear();
    error = {};
    error_message = {};
    export_names_by_index.clear();
}

Report::Report() {
    // Room for the largest tables pe/ accepts, reserved once: only the pages a file actually
    // fills are ever touched, and no vector is reallocated (and its pages faulted in afresh)
    // when a bigger file comes along.
    sections.reserve(pe::kMaxSections);
    exports.reserve(pe::kMaxExports);
    export_names_by_index.reserve(pe::kMaxExports);
    imported_functions.reserve(1u << 16);
}

void inspect(const uint8_t* data, size_t size, Scope scope, Report& report, pe::ReadRecord* record) {
    report.clear();
    report.scope = scope;
    auto parsed = record ? pe::Image::parse_for_inspection(ReadonlyBytes(data, size), *record)
                         : pe::Image::parse_for_inspection(ReadonlyBytes(data, size));
    if (!note(report, parsed))
        return;
    pe::Image const& image = parsed.value();
    report.headers_valid = true;
    report.is_pe32_plus = image.is_pe32_plus();
    report.machine = image.machine();
    report.subsystem = image.subsystem();
    report.characteristics = image.characteristics();
    report.dll_characteristics = image.dll_characteristics();
    report.image_base = image.image_base();
    report.entry_rva = image.entry_rva();
    report.is_clr = image.is_clr();

    if (scope == Scope::Everything) {
        for (u32 index = 0; index < image.sections().count(); ++index) {
            pe::SectionHeader const section = image.sections()[index];
            auto name = image.section_name(index);
            note(report, name);
            report.sections.push_back(
                {to_std(name.is_error() ? image.sections().short_name(index) : name.value()),
                 section.virtual_address, section.virtual_size, section.size_of_raw_data,
                 section.characteristics});
        }
    }

    collect_imports(report, image, pe::ImportKind::Regular, report.imports);
    collect_imports(report, image, pe::ImportKind::DelayLoad, report.delay_imports);
    collect_exports(report, image);
    if (scope == Scope::Everything)
        collect_everything_else(report, image);
}

namespace {

enum class Loading : u8 {
    /// Everything the record names had been loaded already.
    Complete,
    /// The missing ranges were loaded: walk again.
    Loaded,
    /// Map the file instead: the record wants the whole file, or staging would pass
    /// kMaxStagedBytes.
    TooMuch,
    /// Reading the file failed (errno is set).
    ReadError,
};

/// Loads every range `record` names that is not loaded yet.
Loading load_missing(FileWindow& file, const pe::ReadRecord& record) {
    if (record.whole_file())
        return Loading::TooMuch;
    size_t wanted = 0;
    bool missing = false;
    if (!file.is_loaded(0, record.prefix_end())) {
        wanted += record.prefix_end();
        missing = true;
    }
    for (u32 i = 0; i < record.range_count(); ++i) {
        pe::FileRange const range = record.range(i);
        if (!file.is_loaded(range.offset, range.size)) {
            wanted += range.size;
            missing = true;
        }
    }
    if (!missing)
        return Loading::Complete;
    if (file.staged_bytes() + wanted > kMaxStagedBytes)
        return Loading::TooMuch;
    if (!file.load(0, record.prefix_end()))
        return Loading::ReadError;
    for (u32 i = 0; i < record.range_count(); ++i) {
        if (!file.load(record.range(i).offset, record.range(i).size))
            return Loading::ReadError;
    }
    return Loading::Loaded;
}

/// Loads the raw data of the sections holding the export, import and delay-load import
/// directories, which is where the imports-and-exports walk reads first (and usually only).
/// A guess: inspect_file checks it.
bool preload_directory_sections(FileWindow& file, const pe::Image& image) {
    static constexpr u32 kDirectories[] = {pe::directory::Export, pe::directory::Import,
                                           pe::directory::DelayImport};
    for (u32 const index : kDirectories) {
        pe::DataDirectory const directory = image.data_directory(index);
        if (directory.virtual_address == 0)
            continue;
        i32 const section_index = image.section_index_for_rva(directory.virtual_address);
        if (section_index < 0)
            continue;
        pe::SectionHeader const section = image.sections()[static_cast<u32>(section_index)];
        u32 const raw_size = section.mapped_raw_size();
        if (raw_size == 0 || file.staged_bytes() + raw_size > kMaxStagedBytes)
            continue;
        if (!file.load(section.pointer_to_raw_data, raw_size))
            return false;
    }
    return true;
}

} // namespace

bool inspect_file(FileWindow& file, Scope scope, Report& report, const StagingOptions& options) {
    // The full walk reads the tables of most sections (the exception table and every unwind
    // info, relocations, resources): for it, one mapping is cheaper than staging them.
    if (scope == Scope::Everything || !file.can_stage()) {
        if (!file.load_all())
            return false;
        inspect(file.data(), file.size(), scope, report);
        return true;
    }
    if (!file.load(0, options.first_read))
        return false;
    pe::ReadRecord record;
    // The headers first. Where each header is depends on the one before it, so after the first
    // read of bytes not loaded yet, the parse may have followed garbage: load up to that read
    // only, and parse again. Real files need one round; each round loads at least one header.
    constexpr int kMaxHeaderRounds = 8;
    for (int round = 0; round < kMaxHeaderRounds; ++round) {
        record.clear();
        auto image = pe::Image::parse_for_inspection(ReadonlyBytes(file.data(), file.size()), record);
        u64 needed = 0;
        for (u32 i = 0; i < record.prefix_step_count() && needed == 0; ++i) {
            if (!file.is_loaded(0, record.prefix_step(i)))
                needed = record.prefix_step(i);
        }
        if (needed == 0 && !file.is_loaded(0, record.prefix_end()))
            needed = record.prefix_end();
        if (needed == 0) {
            if (options.preload_directory_sections && !image.is_error() &&
                !preload_directory_sections(file, image.value()))
                return false;
            break;
        }
        if (needed > kMaxStagedBytes)
            break; // The walk below finds the same, and maps the file.
        if (!file.load(0, needed))
            return false;
    }
    // A handful of rounds: the directories' sections, and rarely a table elsewhere.
    constexpr int kMaxRounds = 4;
    // Then the walk, until it read nothing that had not been loaded before it began.
    for (int round = 0; round < kMaxRounds; ++round) {
        record.clear();
        inspect(file.data(), file.size(), scope, report, &record);
        Loading const loading = load_missing(file, record);
        if (loading == Loading::Complete)
            return true;
        if (loading == Loading::ReadError)
            return false;
        if (loading == Loading::TooMuch)
            break;
    }
    if (!file.load_all())
        return false;
    inspect(file.data(), file.size(), scope, report);
    return true;
}

bool same_findings(const Report& a, const Report& b) {
    auto same_modules = [](const Report& x, const std::vector<ImportedModule>& mx, const Report& y,
                           const std::vector<ImportedModule>& my) {
        if (mx.size() != my.size())
            return false;
        for (size_t i = 0; i < mx.size(); ++i) {
            if (mx[i].dll != my[i].dll || mx[i].function_count != my[i].function_count)
                return false;
            for (uint32_t f = 0; f < mx[i].function_count; ++f) {
                ImportedFunctionInfo const& p = x.imported_functions[mx[i].first_function + f];
                ImportedFunctionInfo const& q = y.imported_functions[my[i].first_function + f];
                if (p.name != q.name || p.by_ordinal != q.by_ordinal || p.ordinal != q.ordinal)
                    return false;
            }
        }
        return true;
    };
    auto same_view = [](std::string_view x, std::string_view y) {
        return (x.data() == nullptr) == (y.data() == nullptr) && x == y;
    };
    if (a.scope != b.scope || a.headers_valid != b.headers_valid || a.is_pe32_plus != b.is_pe32_plus ||
        a.machine != b.machine || a.subsystem != b.subsystem || a.characteristics != b.characteristics ||
        a.dll_characteristics != b.dll_characteristics || a.image_base != b.image_base ||
        a.entry_rva != b.entry_rva || a.is_clr != b.is_clr || a.tls_callbacks != b.tls_callbacks ||
        a.resources != b.resources || a.runtime_functions != b.runtime_functions ||
        a.relocations != b.relocations || a.has_load_config != b.has_load_config ||
        a.security_cookie_va != b.security_cookie_va || a.guard_flags != b.guard_flags ||
        !same_view(a.error, b.error) || a.error_message != b.error_message)
        return false;
    if (a.sections.size() != b.sections.size() || a.exports.size() != b.exports.size() ||
        a.debug.size() != b.debug.size())
        return false;
    for (size_t i = 0; i < a.sections.size(); ++i) {
        SectionInfo const& x = a.sections[i];
        SectionInfo const& y = b.sections[i];
        if (x.name != y.name || x.rva != y.rva || x.virtual_size != y.virtual_size || x.raw_size != y.raw_size ||
            x.characteristics != y.characteristics)
            return false;
    }
    for (size_t i = 0; i < a.exports.size(); ++i) {
        ExportInfo const& x = a.exports[i];
        ExportInfo const& y = b.exports[i];
        if (x.ordinal != y.ordinal || x.rva != y.rva || !same_view(x.name, y.name) || x.forwarder != y.forwarder)
            return false;
    }
    for (size_t i = 0; i < a.debug.size(); ++i) {
        if (a.debug[i].type != b.debug[i].type || a.debug[i].size != b.debug[i].size ||
            a.debug[i].pdb_path != b.debug[i].pdb_path)
            return false;
    }
    return same_modules(a, a.imports, b, b.imports) && same_modules(a, a.delay_imports, b, b.delay_imports);
}

} // namespace halcyon::pe_dump
