// Rendering a Report as one JSON line (the shape the README and tests/pe-diff rely on) or as
// text, straight into the run's Output buffer.

#include "tools/pe-dump/Print.h"

namespace halcyon::pe_dump {

namespace {

/// An object keyed by DLL name: descriptors naming the same DLL twice are merged, in order of
/// first appearance. Quadratic in the number of descriptors, which pe/ bounds (4096).
void write_modules(Output& out, const Report& report, const std::vector<ImportedModule>& modules) {
    out.append('{');
    bool first = true;
    for (size_t i = 0; i < modules.size(); ++i) {
        std::string_view const dll = modules[i].dll;
        bool seen = false;
        for (size_t j = 0; j < i && !seen; ++j)
            seen = modules[j].dll == dll;
        if (seen)
            continue;
        if (!first)
            out.append(',');
        first = false;
        out.json_string(dll);
        out.append(":[");
        bool first_function = true;
        for (size_t k = i; k < modules.size(); ++k) {
            if (modules[k].dll != dll)
                continue;
            for (uint32_t f = 0; f < modules[k].function_count; ++f) {
                ImportedFunctionInfo const& function =
                    report.imported_functions[modules[k].first_function + f];
                char* p = out.begin_write(8 + Output::kMaxDecimal + Output::json_size(function.name.size()));
                if (!first_function)
                    *p++ = ',';
                first_function = false;
                if (function.by_ordinal) {
                    p = Output::put(p, "\"#");
                    p = Output::put_decimal(p, function.ordinal);
                    *p++ = '"';
                } else {
                    p = Output::put_json_string(p, function.name);
                }
                out.end_write(p);
            }
        }
        out.append(']');
    }
    out.append('}');
}

void write_number(Output& out, std::string_view key_with_punctuation, uint64_t value) {
    out.append(key_with_punctuation);
    out.decimal(value);
}

void write_exports_json(Output& out, const Report& report) {
    out.append(",\"exports\":[");
    for (size_t i = 0; i < report.exports.size(); ++i) {
        ExportInfo const& entry = report.exports[i];
        // One capacity check per export: names and forwarders are at most 4096 bytes (pe/'s
        // bound), so the worst case, every byte escaped, still fits the buffer.
        size_t const need = 64 + 2 * Output::kMaxDecimal + Output::json_size(entry.name.size()) +
                            Output::json_size(entry.forwarder.size());
        char* p = out.begin_write(need);
        if (i)
            *p++ = ',';
        p = Output::put(p, "{\"ordinal\":");
        p = Output::put_decimal(p, entry.ordinal);
        p = Output::put(p, ",\"name\":");
        p = entry.has_name() ? Output::put_json_string(p, entry.name) : Output::put(p, "null");
        if (entry.is_forwarder()) {
            p = Output::put(p, ",\"forwarder\":");
            p = Output::put_json_string(p, entry.forwarder);
        } else {
            p = Output::put(p, ",\"rva\":");
            p = Output::put_decimal(p, entry.rva);
        }
        *p++ = '}';
        out.end_write(p);
    }
    out.append(']');
}

void write_modules_text(Output& out, const Report& report, std::string_view title,
                        const std::vector<ImportedModule>& modules) {
    if (modules.empty())
        return;
    out.append("  ");
    out.append(title);
    out.append(":\n");
    for (ImportedModule const& module : modules) {
        out.append("    ");
        out.append(module.dll);
        out.append(" (");
        out.decimal(module.function_count);
        out.append(")\n");
        for (uint32_t f = 0; f < module.function_count; ++f) {
            ImportedFunctionInfo const& function = report.imported_functions[module.first_function + f];
            out.append("      ");
            if (function.by_ordinal) {
                out.append('#');
                out.decimal(function.ordinal);
            } else {
                out.append(function.name);
            }
            out.append('\n');
        }
    }
}

void write_error_text(Output& out, const Report& report) {
    out.append("  error: ");
    if (report.has_error()) {
        out.append(report.error);
        out.append(" (");
        out.append(report.error_message);
        out.append(")\n");
    } else {
        out.append("none\n");
    }
}

} // namespace

std::string_view machine_name(uint16_t machine, char (&buffer)[8]) {
    switch (machine) {
    case 0x8664:
        return "AMD64";
    case 0x014C:
        return "I386";
    case 0xAA64:
        return "ARM64";
    case 0x01C4:
        return "ARMNT";
    case 0x0EBC:
        return "EBC";
    default: {
        constexpr char kDigits[] = "0123456789abcdef";
        buffer[0] = '0';
        buffer[1] = 'x';
        for (int i = 0; i < 4; ++i)
            buffer[2 + i] = kDigits[(machine >> (12 - 4 * i)) & 0xF];
        return std::string_view(buffer, 6);
    }
    }
}

void write_json(Output& out, std::string_view file, const Report& report) {
    bool const everything = report.scope == Scope::Everything;
    out.append("{\"file\":");
    out.json_string(file);
    if (!report.headers_valid) {
        out.append(
            everything
                ? ",\"format\":null,\"machine\":null,\"subsystem\":null,\"characteristics\":null,"
                  "\"dll_characteristics\":null,\"image_base\":null,\"entry_rva\":null,\"sections\":null,"
                  "\"imports\":null,\"delay_imports\":null,\"exports\":null,\"tls_callbacks\":null,"
                  "\"resources\":null"
                : ",\"format\":null,\"machine\":null,\"imports\":null,\"delay_imports\":null,"
                  "\"exports\":null");
    } else {
        char buffer[8];
        out.append(report.is_pe32_plus ? ",\"format\":\"PE32+\",\"machine\":"
                                       : ",\"format\":\"PE32\",\"machine\":");
        out.json_string(machine_name(report.machine, buffer));
        if (everything) {
            write_number(out, ",\"subsystem\":", report.subsystem);
            write_number(out, ",\"characteristics\":", report.characteristics);
            write_number(out, ",\"dll_characteristics\":", report.dll_characteristics);
            write_number(out, ",\"image_base\":", report.image_base);
            write_number(out, ",\"entry_rva\":", report.entry_rva);
            out.append(",\"sections\":[");
            for (size_t i = 0; i < report.sections.size(); ++i) {
                SectionInfo const& section = report.sections[i];
                out.append(i ? ",{\"name\":" : "{\"name\":");
                out.json_string(section.name);
                write_number(out, ",\"rva\":", section.rva);
                write_number(out, ",\"vsize\":", section.virtual_size);
                write_number(out, ",\"raw_size\":", section.raw_size);
                write_number(out, ",\"characteristics\":", section.characteristics);
                out.append('}');
            }
            out.append(']');
        }
        out.append(",\"imports\":");
        write_modules(out, report, report.imports);
        out.append(",\"delay_imports\":");
        write_modules(out, report, report.delay_imports);
        write_exports_json(out, report);
        if (everything) {
            write_number(out, ",\"tls_callbacks\":", report.tls_callbacks);
            write_number(out, ",\"resources\":", report.resources);
        }
    }
    out.append(",\"error\":");
    if (report.has_error())
        out.json_string(report.error);
    else
        out.append("null");
    out.append("}\n");
}

void write_text(Output& out, std::string_view file, const Report& report) {
    bool const everything = report.scope == Scope::Everything;
    out.append(file);
    out.append(":\n");
    if (!report.headers_valid) {
        out.append("  error: ");
        out.append(report.has_error() ? report.error : std::string_view("?"));
        out.append(" (");
        out.append(report.error_message);
        out.append(")\n");
        return;
    }
    char buffer[8];
    out.append(report.is_pe32_plus ? "  format PE32+, machine " : "  format PE32, machine ");
    out.append(machine_name(report.machine, buffer));
    if (everything) {
        out.append(", subsystem ");
        out.decimal(report.subsystem);
        out.append(", characteristics ");
        out.hex(report.characteristics);
        out.append(", dll characteristics ");
        out.hex(report.dll_characteristics);
        if (report.is_clr)
            out.append(", .NET (CLR)");
        out.append("\n  image base ");
        out.hex(report.image_base);
        out.append(", entry rva ");
        out.hex(report.entry_rva);
        out.append("\n  sections (");
        out.decimal(report.sections.size());
        out.append("):\n");
        for (SectionInfo const& section : report.sections) {
            out.append("    ");
            out.append(section.name);
            if (section.name.size() < 16)
                out.pad(16 - section.name.size(), ' ');
            out.append(" rva 0x");
            out.hex_fixed(section.rva, 8);
            out.append(" vsize 0x");
            out.hex_fixed(section.virtual_size, 8);
            out.append(" raw 0x");
            out.hex_fixed(section.raw_size, 8);
            out.append(" flags 0x");
            out.hex_fixed(section.characteristics, 8);
            out.append('\n');
        }
    } else {
        out.append('\n');
    }
    write_modules_text(out, report, "imports", report.imports);
    write_modules_text(out, report, "delay-load imports", report.delay_imports);
    if (!report.exports.empty()) {
        out.append("  exports (");
        out.decimal(report.exports.size());
        out.append("):\n");
        for (ExportInfo const& entry : report.exports) {
            out.append("    @");
            out.decimal(entry.ordinal);
            out.append(' ');
            out.append(entry.has_name() ? entry.name : std::string_view("(no name)"));
            if (entry.is_forwarder()) {
                out.append(" -> ");
                out.append(entry.forwarder);
            } else {
                out.append(" rva ");
                out.hex(entry.rva);
            }
            out.append('\n');
        }
    }
    if (everything) {
        out.append("  tls callbacks ");
        out.decimal(report.tls_callbacks);
        out.append(", resources ");
        out.decimal(report.resources);
        out.append(", runtime functions ");
        out.decimal(report.runtime_functions);
        out.append(", base relocations ");
        out.decimal(report.relocations);
        out.append('\n');
        if (report.has_load_config) {
            out.append("  load config: security cookie ");
            out.hex(report.security_cookie_va);
            out.append(", guard flags ");
            out.hex(report.guard_flags);
            out.append('\n');
        }
        for (DebugInfo const& debug : report.debug) {
            out.append("  debug: type ");
            out.decimal(debug.type);
            out.append(", ");
            out.decimal(debug.size);
            out.append(" bytes");
            if (!debug.pdb_path.empty()) {
                out.append(", pdb ");
                out.append(debug.pdb_path);
            }
            out.append('\n');
        }
    }
    write_error_text(out, report);
}

} // namespace halcyon::pe_dump
