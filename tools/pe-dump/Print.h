#pragma once

// Rendering a Report (see Inspect.h) into an Output (see Output.h). Host code.

#include <string_view>

#include "tools/pe-dump/Inspect.h"
#include "tools/pe-dump/Output.h"

namespace halcyon::pe_dump {

/// One JSON object on one line, with its newline. `file` is the path as given. With
/// Scope::ImportsExports the object has only file, format, machine, imports, delay_imports,
/// exports and error.
void write_json(Output& out, std::string_view file, const Report& report);
/// A human-readable listing of what the report's scope covers.
void write_text(Output& out, std::string_view file, const Report& report);

} // namespace halcyon::pe_dump
