#include "tools/pe-dump/Inspect.h"

#include <cstdio>

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

std::string to_std(StringView view) {
    return std::string(view.data(), view.length());
}

/// Records the first error only: later ones are often consequences of the first.
template <typename T>
bool note(Report& report, const ErrorOr<T>& result) {
    if (!result.is_error())
        return true;
    if (!report.error) {
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
                         out.push_back({to_std(module.dll_name), {}});
                         return {};
                     },
                     [&](const pe::ImportModule&, const pe::ImportedFunction& function) -> ErrorOr<void> {
                         if (function.by_ordinal)
                             out.back().functions.push_back("#" + std::to_string(function.ordinal));
                         else
                             out.back().functions.push_back(to_std(function.name));
                         return {};
                     }));
}

void collect_exports(Report& report, const pe::Image& image) {
    auto table = pe::ExportTable::open(image);
    if (!note(report, table))
        return;
    pe::ExportTable const& exports = table.value();
    // Names by export-address-table index, then one entry per non-empty slot in ordinal order.
    std::vector<std::optional<std::string>> names(exports.function_count());
    note(report, exports.for_each_named_export([&](const pe::NamedExport& entry) -> ErrorOr<void> {
        u32 const index = entry.target.ordinal - exports.ordinal_base();
        if (index < names.size() && !names[index])
            names[index] = to_std(entry.name);
        return {};
    }));
    note(report, exports.for_each_export([&](const pe::ExportTarget& target) -> ErrorOr<void> {
        ExportInfo info{target.ordinal, names[target.ordinal - exports.ordinal_base()], target.rva,
                        std::nullopt};
        if (target.is_forwarder())
            info.forwarder = to_std(target.forwarder);
        report.exports.push_back(std::move(info));
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

} // namespace

Report inspect(const uint8_t* data, size_t size) {
    Report report;
    auto parsed = pe::Image::parse_for_inspection(ReadonlyBytes(data, size));
    if (!note(report, parsed))
        return report;
    pe::Image const& image = parsed.value();
    report.headers_valid = true;
    report.format = image.is_pe32_plus() ? "PE32+" : "PE32";
    report.machine = image.machine();
    report.subsystem = image.subsystem();
    report.characteristics = image.characteristics();
    report.dll_characteristics = image.dll_characteristics();
    report.image_base = image.image_base();
    report.entry_rva = image.entry_rva();
    report.is_clr = image.is_clr();

    for (u32 index = 0; index < image.sections().count(); ++index) {
        pe::SectionHeader const section = image.sections()[index];
        auto name = image.section_name(index);
        note(report, name);
        report.sections.push_back({to_std(name.is_error() ? section.name_view() : name.value()),
                                   section.virtual_address, section.virtual_size, section.size_of_raw_data,
                                   section.characteristics});
    }

    collect_imports(report, image, pe::ImportKind::Regular, report.imports);
    collect_imports(report, image, pe::ImportKind::DelayLoad, report.delay_imports);
    collect_exports(report, image);

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
             report.debug.push_back(std::move(info));
             return {};
         }));
    return report;
}

} // namespace halcyon::pe_dump
