#pragma once

// API sets ("api-ms-win-core-synch-l1-2-0.dll") are virtual DLL names that Windows resolves,
// through a schema in ApiSetSchema.dll, to the DLL that really implements them. Halcyon has no
// schema: its DLLs are organised so that two families cover what real programs import.
//
// - api-ms-win-crt-*  -> ucrtbase.dll   (the Universal CRT; every crt set lives there on Windows too)
// - api-ms-win-core-* -> kernelbase.dll (on Windows 10+ nearly all core sets resolve to
//   kernelbase, and kernel32 forwards to it; putting real implementations in kernelbase, as
//   Wine does, means one target for every core set, whatever its version suffix)
//
// FIXME: other families (api-ms-win-security-*, ext-ms-*) are returned unchanged and so fail
// to load by name, which is the honest result until a DLL implements them.

#include "core/lib/StringView.h"

namespace halcyon::pe {

/// True when `dll_name` is an API-set name of any family ("api-ms-" or "ext-ms-" prefix).
bool is_api_set_name(StringView dll_name);

/// The host DLL implementing API set `dll_name` (case-insensitive, with or without ".dll"), or
/// `dll_name` itself when it is not an API set Halcyon maps. The result is a static string
/// ("ucrtbase.dll", "kernelbase.dll") or the argument.
StringView resolve_api_set(StringView dll_name);

} // namespace halcyon::pe
