// An owned UTF-16 copy of an ANSI argument, for the A entry points that forward to W ones
// (user32, version, ...). Header-only: each DLL that includes it imports MultiByteToWideChar,
// HeapAlloc and HeapFree from kernel32 as it would for its own copy.
#pragma once

#include "halcyon/win32.h"

namespace halcyon::win32 {

class WideCopy {
public:
    /// Converts `text` with the ANSI code page; null stays null.
    explicit WideCopy(LPCSTR text) {
        if (!text)
            return;
        int const count = MultiByteToWideChar(CP_ACP, 0, text, -1, nullptr, 0);
        if (count <= 0)
            return;
        m_text =
            static_cast<WCHAR*>(HeapAlloc(GetProcessHeap(), 0, static_cast<SIZE_T>(count) * sizeof(WCHAR)));
        if (m_text)
            MultiByteToWideChar(CP_ACP, 0, text, -1, m_text, count);
    }
    ~WideCopy() {
        if (m_text)
            HeapFree(GetProcessHeap(), 0, m_text);
    }
    WideCopy(const WideCopy&) = delete;
    WideCopy& operator=(const WideCopy&) = delete;

    /// The copy, or null when the argument was null or the conversion failed.
    LPCWSTR get() const { return m_text; }
    /// True when `original` was not null but could not be converted (out of memory, or not
    /// valid in the ANSI code page).
    bool failed(LPCSTR original) const { return original && !m_text; }

private:
    WCHAR* m_text = nullptr;
};

} // namespace halcyon::win32
