// Binding imports: for each DLL in a module's import directory, load it, then resolve every
// imported function (by ordinal, or by name trying the importer's hint first) and write its
// address into the import address table. Forwarded exports ("NTDLL.RtlAllocateHeap",
// "KERNELBASE.#12", "api-ms-win-core-x-l1-1-0.Func") load their target DLL and are followed, with a
// bounded depth and explicit cycle detection. The IAT is usually in a read-only section, so it is
// made writable for the duration of the binding and its protection restored afterwards.

#include "Loader.h"
#include "pe/ApiSet.h"
#include "pe/Imports.h"

namespace halcyon::ntdll {

namespace {

/// Real forwarder chains are one or two hops (kernel32 -> kernelbase -> ntdll).
constexpr int kMaxForwarderDepth = 16;

struct ForwarderHop {
    const LoaderModule* module;
    bool by_ordinal;
    uint32_t ordinal;
    StringView name;
};

void report_missing_export(LoaderModule* module, bool by_ordinal, uint32_t ordinal, StringView name,
                           const LoaderModule* importer, const char* why) {
    if (!g_report_errors && !g_ldr_trace)
        return;
    DiagnosticLine line;
    error_line(line);
    if (by_ordinal)
        line.text("ordinal ").decimal(ordinal);
    else
        line.text("entry point ").text(name.data(), name.length());
    line.text(" ").text(why).text(" ").wide(base_name(module));
    if (importer)
        line.text(" (needed by ").wide(base_name(importer)).text(")");
    line.emit();
}

NTSTATUS resolve(LoaderModule* module, bool by_ordinal, uint32_t ordinal, StringView name, uint32_t hint,
                 const LoaderModule* importer, ForwarderHop* chain, int depth, void** address) {
    for (int i = 0; i < depth; ++i) {
        const ForwarderHop& hop = chain[i];
        if (hop.module == module && hop.by_ordinal == by_ordinal &&
            (by_ordinal ? hop.ordinal == ordinal : hop.name == name)) {
            report_missing_export(module, by_ordinal, ordinal, name, importer, "is a forwarder cycle in");
            return by_ordinal ? STATUS_ORDINAL_NOT_FOUND : STATUS_ENTRYPOINT_NOT_FOUND;
        }
    }
    if (depth >= kMaxForwarderDepth) {
        report_missing_export(module, by_ordinal, ordinal, name, importer, "forwards too deeply from");
        return by_ordinal ? STATUS_ORDINAL_NOT_FOUND : STATUS_ENTRYPOINT_NOT_FOUND;
    }
    chain[depth] = {module, by_ordinal, ordinal, name};

    auto target =
        by_ordinal ? module->exports.find_by_ordinal(ordinal) : module->exports.find_by_name(name, hint);
    if (target.is_error()) {
        report_missing_export(module, by_ordinal, ordinal, name, importer, "not found in");
        return by_ordinal ? STATUS_ORDINAL_NOT_FOUND : STATUS_ENTRYPOINT_NOT_FOUND;
    }
    pe::ExportTarget export_target = target.release_value();
    if (!export_target.is_forwarder()) {
        *address = static_cast<char*>(module->entry.DllBase) + export_target.rva;
        return STATUS_SUCCESS;
    }
    auto forwarder_or_error = pe::parse_forwarder(export_target.forwarder);
    if (forwarder_or_error.is_error()) {
        report_missing_export(module, by_ordinal, ordinal, name, importer, "has a malformed forwarder in");
        return STATUS_INVALID_IMAGE_FORMAT;
    }
    pe::Forwarder forwarder = forwarder_or_error.release_value();
    LoaderModule* target_module = nullptr;
    NTSTATUS status = load_dll_ascii(forwarder.module, nullptr, module, &target_module);
    if (!NT_SUCCESS(status))
        return status;
    // The forwarding DLL now depends on the target: it must be initialised first and stay loaded.
    status = add_dependency(module, target_module);
    if (!NT_SUCCESS(status))
        return status;
    return resolve(target_module, forwarder.by_ordinal, forwarder.ordinal, forwarder.function, pe::kNoHint,
                   importer, chain, depth + 1, address);
}

} // namespace

NTSTATUS resolve_export(LoaderModule* module, bool by_ordinal, uint32_t ordinal, StringView name,
                        uint32_t hint, const LoaderModule* importer, void** address) {
    ForwarderHop chain[kMaxForwarderDepth];
    return resolve(module, by_ordinal, ordinal, name, hint, importer, chain, 0, address);
}

NTSTATUS bind_imports(LoaderModule* module, PCWSTR search_path) {
    if (module->imports_bound)
        return STATUS_SUCCESS;
    // Set first: a dependency cycle (A imports B imports A) must not bind A twice. Exports do
    // not need the exporter to be bound, only mapped.
    module->imports_bound = true;
    auto* base = static_cast<char*>(module->entry.DllBase);
    NTSTATUS status = STATUS_SUCCESS;
    auto walk =
        pe::for_each_import_module(module->image, [&](const pe::ImportModule& import) -> ErrorOr<void> {
            LoaderModule* dependency = nullptr;
            status = load_dll_ascii(import.dll_name, search_path, module, &dependency);
            if (!NT_SUCCESS(status))
                return Error(NtStatus{static_cast<u32>(status)});
            status = add_dependency(module, dependency);
            if (!NT_SUCCESS(status))
                return Error(NtStatus{static_cast<u32>(status)});

            // Count the slots first so the whole table is made writable once.
            uint32_t count = 0;
            TRY(pe::for_each_imported_function(module->image, import,
                                               [&](const pe::ImportedFunction&) -> ErrorOr<void> {
                                                   ++count;
                                                   return {};
                                               }));
            if (count == 0)
                return {};
            // The names are read from the lookup table; for images without one they are read from
            // the IAT itself, which is why the walk happens before each slot is overwritten.
            WritableRange writable(base + import.address_table_rva, count * sizeof(uint64_t));
            return pe::for_each_imported_function(
                module->image, import, [&](const pe::ImportedFunction& function) -> ErrorOr<void> {
                    void* address = nullptr;
                    status = resolve_export(dependency, function.by_ordinal, function.ordinal, function.name,
                                            function.hint, module, &address);
                    if (!NT_SUCCESS(status))
                        return Error(NtStatus{static_cast<u32>(status)});
                    if (g_ldr_trace) {
                        DiagnosticLine line;
                        line.text("[ldr] bind ")
                            .wide(base_name(module))
                            .text(" -> ")
                            .wide(base_name(dependency))
                            .text("!");
                        if (function.by_ordinal)
                            line.text("#").decimal(function.ordinal);
                        else
                            line.text(function.name.data(), function.name.length());
                        line.emit();
                    }
                    auto* slot = reinterpret_cast<uint64_t*>(base + function.address_slot_rva);
                    *slot = reinterpret_cast<uint64_t>(address);
                    return {};
                });
        });
    if (walk.is_error()) {
        if (NT_SUCCESS(status)) {
            // The import directory itself is malformed.
            status = STATUS_INVALID_IMAGE_FORMAT;
            if (g_report_errors || g_ldr_trace) {
                DiagnosticLine line;
                error_line(line)
                    .text("malformed import table in ")
                    .wide(base_name(module))
                    .text(": ")
                    .text(walk.error().message())
                    .emit();
            }
        }
        return status;
    }
    return STATUS_SUCCESS;
}

} // namespace halcyon::ntdll
