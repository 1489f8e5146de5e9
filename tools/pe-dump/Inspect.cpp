#include "tools/pe-dump/Inspect.h"

#include "pe/Debug.h"
#include "pe/Exports.h"
#include "pe/Image.h"
#include "pe/Imports.h"
#include "pe/LoadConfig.h"
#include "pe/Relocations.h"
#include "pe/Resources.h"
#include "pe/Tls.h"
#include "pe/Unwind.h"

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
    // Names by export-address-table index, then one entry per non-empty slot in ordinal order.
    std::vector<std::string_view>& names = report.export_names_by_index;
    names.assign(exports.function_count(), std::string_view());
    note(report, exports.for_each_named_export([&](const pe::NamedExport& entry) -> ErrorOr<void> {
        u32 const index = entry.target.ordinal - exports.ordinal_base();
        if (index < names.size() && names[index].data() == nullptr)
            names[index] = to_std(entry.name);
        return {};
    }));
    note(report, exports.for_each_export([&](const pe::ExportTarget& target) -> ErrorOr<void> {
        report.exports.push_back({target.ordinal, target.rva, names[target.ordinal - exports.ordinal_base()],
                                  target.is_forwarder() ? to_std(target.forwarder) : std::string_view()});
        return {};
    }));
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

void inspect(const uint8_t* data, size_t size, Scope scope, Report& report) {
    report.clear();
    report.scope = scope;
    auto parsed = pe::Image::parse_for_inspection(ReadonlyBytes(data, size));
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

} // namespace halcyon::pe_dump
