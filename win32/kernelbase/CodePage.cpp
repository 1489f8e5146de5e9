// National-language code pages: MultiByteToWideChar/WideCharToMultiByte and code-page queries,
// on the conversion logic of CodePageConvert.cpp. Code pages: 1252 (CP_ACP), 437 (CP_OEMCP),
// 28591 and 65001 (UTF-8). All single-byte pages are SBCS: there are no DBCS lead bytes.

#include "win32/kernelbase/CodePageConvert.h"
#include "win32/kernelbase/KernelBase.h"

using namespace halcyon;
using namespace halcyon::kernelbase;
namespace codepage = halcyon::win32::codepage;

namespace {

bool g_file_apis_oem;

struct CodePageName {
    UINT code_page;
    const char* name;
};

// The names Windows reports in CPINFOEX.CodePageName.
constexpr CodePageName kNames[] = {
    {1252, "1252  (ANSI - Latin I)"},
    {437, "437   (OEM - United States)"},
    {28591, "28591 (ISO 8859-1 Latin I)"},
    {65001, "65001 (UTF-8)"},
};

/// The lead-byte ranges of the double-byte code pages (their CPINFO.LeadByte).
struct DbcsLeadBytes {
    UINT code_page;
    BYTE ranges[2][2];
};

constexpr DbcsLeadBytes kDbcsLeadBytes[] = {
    {932, {{0x81, 0x9F}, {0xE0, 0xFC}}}, // Shift-JIS
    {936, {{0x81, 0xFE}, {0, 0}}},       // GBK
    {949, {{0x81, 0xFE}, {0, 0}}},       // Unified Hangul
    {950, {{0x81, 0xFE}, {0, 0}}},       // Big5
};

const char* code_page_name(UINT code_page) {
    for (const CodePageName& entry : kNames) {
        if (entry.code_page == code_page)
            return entry.name;
    }
    return "";
}

/// Resolves and validates for the query functions; sets ERROR_INVALID_PARAMETER when unknown.
bool resolve_supported(UINT& code_page) {
    code_page = codepage::resolve(code_page);
    if (!codepage::is_supported(code_page)) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return false;
    }
    return true;
}

void fill_cp_info(UINT code_page, UINT& max_char_size, BYTE* default_char, BYTE* lead_bytes) {
    max_char_size = codepage::max_char_size(code_page);
    default_char[0] = '?';
    default_char[1] = 0;
    for (int i = 0; i < MAX_LEADBYTES; ++i)
        lead_bytes[i] = 0;
}

} // namespace

namespace halcyon::kernelbase {

UINT file_api_code_page() { return g_file_apis_oem ? CP_OEMCP : CP_ACP; }

} // namespace halcyon::kernelbase

extern "C" {

int WINAPI MultiByteToWideChar(UINT code_page, DWORD flags, LPCCH source, int source_length,
                               LPWSTR destination, int destination_length) {
    codepage::Error error;
    int result = codepage::multibyte_to_wide(code_page, flags, source, source_length,
                                             reinterpret_cast<char16_t*>(destination), destination_length, error);
    if (error != codepage::Error::None)
        set_last_error(static_cast<DWORD>(error));
    return result;
}

int WINAPI WideCharToMultiByte(UINT code_page, DWORD flags, LPCWCH source, int source_length,
                               LPSTR destination, int destination_length, LPCCH default_char,
                               LPBOOL used_default_char) {
    codepage::Error error;
    bool used = false;
    int result = codepage::wide_to_multibyte(code_page, flags, reinterpret_cast<const char16_t*>(source),
                                             source_length, destination, destination_length, default_char,
                                             used_default_char ? &used : nullptr, error);
    if (error != codepage::Error::None) {
        set_last_error(static_cast<DWORD>(error));
        return 0;
    }
    if (used_default_char)
        *used_default_char = used ? TRUE : FALSE;
    return result;
}

UINT WINAPI GetACP(void) { return codepage::kSystemAnsiCodePage; }
UINT WINAPI GetOEMCP(void) { return codepage::kSystemOemCodePage; }

BOOL WINAPI IsValidCodePage(UINT code_page) {
    // The symbolic values (CP_ACP, CP_OEMCP, ...) are not code pages: FALSE, as on Windows.
    return codepage::is_supported(code_page) ? TRUE : FALSE;
}

BOOL WINAPI IsDBCSLeadByteEx(UINT code_page, BYTE test_char) {
    // The East Asian double-byte pages are not converted yet, but their lead-byte ranges are
    // fixed facts that programs scanning strings byte by byte rely on.
    // FIXME: MultiByteToWideChar/WideCharToMultiByte and GetCPInfo for these pages.
    for (const DbcsLeadBytes& page : kDbcsLeadBytes) {
        if (page.code_page != code_page)
            continue;
        for (const auto& range : page.ranges) {
            if (range[0] && test_char >= range[0] && test_char <= range[1])
                return TRUE;
        }
        return FALSE;
    }
    if (!resolve_supported(code_page))
        return FALSE;
    return FALSE; // every supported code page is single-byte or UTF-8
}

BOOL WINAPI IsDBCSLeadByte(BYTE test_char) { return FALSE; }

BOOL WINAPI GetCPInfo(UINT code_page, LPCPINFO info) {
    if (!info) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!resolve_supported(code_page))
        return FALSE;
    fill_cp_info(code_page, info->MaxCharSize, info->DefaultChar, info->LeadByte);
    return TRUE;
}

BOOL WINAPI GetCPInfoExW(UINT code_page, DWORD flags, LPCPINFOEXW info) {
    if (!info) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!resolve_supported(code_page))
        return FALSE;
    fill_cp_info(code_page, info->MaxCharSize, info->DefaultChar, info->LeadByte);
    info->UnicodeDefaultChar = code_page == CP_UTF8 ? 0xFFFD : '?';
    info->CodePage = code_page;
    const char* name = code_page_name(code_page);
    size_t i = 0;
    for (; name[i] && i + 1 < MAX_PATH; ++i)
        info->CodePageName[i] = static_cast<WCHAR>(name[i]);
    info->CodePageName[i] = 0;
    return TRUE;
}

BOOL WINAPI GetCPInfoExA(UINT code_page, DWORD flags, LPCPINFOEXA info) {
    if (!info) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!resolve_supported(code_page))
        return FALSE;
    fill_cp_info(code_page, info->MaxCharSize, info->DefaultChar, info->LeadByte);
    info->UnicodeDefaultChar = code_page == CP_UTF8 ? 0xFFFD : '?';
    info->CodePage = code_page;
    const char* name = code_page_name(code_page);
    size_t i = 0;
    for (; name[i] && i + 1 < MAX_PATH; ++i)
        info->CodePageName[i] = name[i];
    info->CodePageName[i] = 0;
    return TRUE;
}

BOOL WINAPI AreFileApisANSI(void) { return g_file_apis_oem ? FALSE : TRUE; }
void WINAPI SetFileApisToANSI(void) { g_file_apis_oem = false; }
void WINAPI SetFileApisToOEM(void) { g_file_apis_oem = true; }

// FIXME: no locale database yet: everything is en-US.
LCID WINAPI GetUserDefaultLCID(void) { return 0x0409; }
LCID WINAPI GetThreadLocale(void) { return 0x0409; }

} // extern "C"
