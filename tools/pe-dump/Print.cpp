// Rendering a Report as one JSON line (the shape the issue and tests/pe-diff rely on) or as text.

#include <cstdio>

#include "tools/pe-dump/Inspect.h"

namespace halcyon::pe_dump {

namespace {

/// JSON string literal. Bytes outside printable ASCII become \u00XX (each byte read as Latin-1),
/// so the output is valid JSON and valid UTF-8 whatever a hostile file's names contain.
void append_string(std::string& out, const std::string& text) {
    out += '"';
    size_t run_start = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        unsigned char const c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\')
            continue;
        out.append(text, run_start, i - run_start);
        run_start = i + 1;
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else {
            char escape[8];
            std::snprintf(escape, sizeof(escape), "\\u%04x", c);
            out += escape;
        }
    }
    out.append(text, run_start, text.size() - run_start);
    out += '"';
}

void append_modules(std::string& out, const std::vector<ImportedModule>& modules) {
    // An object keyed by DLL name: descriptors naming the same DLL twice are merged, in order.
    std::vector<std::pair<std::string, std::vector<std::string>>> merged;
    for (ImportedModule const& module : modules) {
        auto it = merged.begin();
        while (it != merged.end() && it->first != module.dll)
            ++it;
        if (it == merged.end()) {
            merged.push_back({module.dll, {}});
            it = merged.end() - 1;
        }
        it->second.insert(it->second.end(), module.functions.begin(), module.functions.end());
    }
    out += '{';
    for (size_t i = 0; i < merged.size(); ++i) {
        if (i)
            out += ',';
        append_string(out, merged[i].first);
        out += ":[";
        for (size_t j = 0; j < merged[i].second.size(); ++j) {
            if (j)
                out += ',';
            append_string(out, merged[i].second[j]);
        }
        out += ']';
    }
    out += '}';
}

std::string hex(uint64_t value) {
    char buffer[24];
    std::snprintf(buffer, sizeof(buffer), "0x%llx", static_cast<unsigned long long>(value));
    return buffer;
}

} // namespace

std::string machine_name(uint16_t machine) {
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
        char buffer[8];
        std::snprintf(buffer, sizeof(buffer), "0x%04x", machine);
        return buffer;
    }
    }
}

std::string to_json(const std::string& file, const Report& report) {
    std::string out = "{\"file\":";
    append_string(out, file);
    auto number = [&](const char* key, uint64_t value) {
        out += ",\"";
        out += key;
        out += "\":";
        out += std::to_string(value);
    };
    if (!report.headers_valid) {
        out += ",\"format\":null,\"machine\":null,\"subsystem\":null,\"characteristics\":null,"
               "\"dll_characteristics\":null,\"image_base\":null,\"entry_rva\":null,\"sections\":null,"
               "\"imports\":null,\"delay_imports\":null,\"exports\":null,\"tls_callbacks\":null,"
               "\"resources\":null";
    } else {
        out += ",\"format\":";
        append_string(out, report.format);
        out += ",\"machine\":";
        append_string(out, machine_name(report.machine));
        number("subsystem", report.subsystem);
        number("characteristics", report.characteristics);
        number("dll_characteristics", report.dll_characteristics);
        number("image_base", report.image_base);
        number("entry_rva", report.entry_rva);
        out += ",\"sections\":[";
        for (size_t i = 0; i < report.sections.size(); ++i) {
            SectionInfo const& section = report.sections[i];
            out += i ? ",{\"name\":" : "{\"name\":";
            append_string(out, section.name);
            number("rva", section.rva);
            number("vsize", section.virtual_size);
            number("raw_size", section.raw_size);
            number("characteristics", section.characteristics);
            out += '}';
        }
        out += "],\"imports\":";
        append_modules(out, report.imports);
        out += ",\"delay_imports\":";
        append_modules(out, report.delay_imports);
        out += ",\"exports\":[";
        for (size_t i = 0; i < report.exports.size(); ++i) {
            ExportInfo const& entry = report.exports[i];
            out += i ? ",{\"ordinal\":" : "{\"ordinal\":";
            out += std::to_string(entry.ordinal);
            out += ",\"name\":";
            if (entry.name)
                append_string(out, *entry.name);
            else
                out += "null";
            if (entry.forwarder) {
                out += ",\"forwarder\":";
                append_string(out, *entry.forwarder);
            } else {
                number("rva", entry.rva);
            }
            out += '}';
        }
        out += ']';
        number("tls_callbacks", report.tls_callbacks);
        number("resources", report.resources);
    }
    out += ",\"error\":";
    if (report.error)
        append_string(out, *report.error);
    else
        out += "null";
    out += '}';
    return out;
}

std::string to_text(const std::string& file, const Report& report) {
    std::string out = file + ":\n";
    if (!report.headers_valid) {
        out += "  error: " + report.error.value_or("?") + " (" + report.error_message + ")\n";
        return out;
    }
    out += "  format " + report.format + ", machine " + machine_name(report.machine) + ", subsystem " +
           std::to_string(report.subsystem) + ", characteristics " + hex(report.characteristics) +
           ", dll characteristics " + hex(report.dll_characteristics) +
           (report.is_clr ? ", .NET (CLR)" : "") + "\n";
    out += "  image base " + hex(report.image_base) + ", entry rva " + hex(report.entry_rva) + "\n";
    out += "  sections (" + std::to_string(report.sections.size()) + "):\n";
    for (SectionInfo const& section : report.sections) {
        char line[160];
        std::snprintf(line, sizeof(line), "    %-16s rva 0x%08x vsize 0x%08x raw 0x%08x flags 0x%08x\n",
                      section.name.c_str(), section.rva, section.virtual_size, section.raw_size,
                      section.characteristics);
        out += line;
    }
    auto modules = [&](const char* title, const std::vector<ImportedModule>& list) {
        if (list.empty())
            return;
        out += std::string("  ") + title + ":\n";
        for (ImportedModule const& module : list) {
            out += "    " + module.dll + " (" + std::to_string(module.functions.size()) + ")\n";
            for (std::string const& function : module.functions)
                out += "      " + function + "\n";
        }
    };
    modules("imports", report.imports);
    modules("delay-load imports", report.delay_imports);
    if (!report.exports.empty()) {
        out += "  exports (" + std::to_string(report.exports.size()) + "):\n";
        for (ExportInfo const& entry : report.exports) {
            out += "    @" + std::to_string(entry.ordinal) + " " + entry.name.value_or("(no name)");
            out += entry.forwarder ? " -> " + *entry.forwarder : " rva " + hex(entry.rva);
            out += "\n";
        }
    }
    out += "  tls callbacks " + std::to_string(report.tls_callbacks) + ", resources " +
           std::to_string(report.resources) + ", runtime functions " +
           std::to_string(report.runtime_functions) + ", base relocations " +
           std::to_string(report.relocations) + "\n";
    if (report.has_load_config)
        out += "  load config: security cookie " + hex(report.security_cookie_va) + ", guard flags " +
               hex(report.guard_flags) + "\n";
    for (DebugInfo const& debug : report.debug)
        out += "  debug: type " + std::to_string(debug.type) + ", " + std::to_string(debug.size) + " bytes" +
               (debug.pdb_path.empty() ? "" : ", pdb " + debug.pdb_path) + "\n";
    out += "  error: " +
           (report.error ? *report.error + " (" + report.error_message + ")" : std::string("none")) + "\n";
    return out;
}

} // namespace halcyon::pe_dump
