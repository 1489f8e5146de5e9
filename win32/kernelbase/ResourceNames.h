#pragma once

// Shared by the resource APIs (Resource.cpp, LoadString.cpp, FormatMessage.cpp): resource names
// in the form LDR_RESOURCE_INFO takes them, and lookups that set LastError.

#include "halcyon/winres.h"
#include "win32/kernelbase/KernelBase.h"

namespace halcyon::kernelbase {

/// The executable's base when `module` is null.
HMODULE module_or_executable(HMODULE module);

/// A Unicode resource name or type: MAKEINTRESOURCE ids pass through, "#123" becomes id 123,
/// anything else stays a pointer to the caller's string.
struct ResourceNameW {
    static ULONG_PTR parse(LPCWSTR name);
};

/// An ANSI resource name converted to the form above (owning the UTF-16 copy).
class ResourceNameA {
public:
    explicit ResourceNameA(LPCSTR name);
    bool ok() const { return m_ok; }
    ULONG_PTR value() const { return m_value; }

private:
    WideString m_wide;
    ULONG_PTR m_value = 0;
    bool m_ok = true;
};

/// LdrFindResource_U with the language fallback; null with LastError on failure.
HRSRC find_resource(HMODULE module, ULONG_PTR type, ULONG_PTR name, WORD language);
/// The resource in exactly `language` (no fallback), as FormatMessage wants it for a language it
/// is given; null with LastError (ERROR_RESOURCE_LANG_NOT_FOUND when only the language is missing).
HRSRC find_resource_in_language(HMODULE module, ULONG_PTR type, ULONG_PTR name, WORD language);
/// LdrAccessResource; false with LastError on failure.
bool access_resource(HMODULE module, HRSRC resource, PVOID* address, ULONG* size);

} // namespace halcyon::kernelbase
