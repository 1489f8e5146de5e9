// The computer's and the user's names: GetComputerNameA/W, GetComputerNameExA/W,
// GetUserNameA/W (advapi32 forwards GetUserName here).
//
// Both come from the registry, whose defaults core/registry/Paths.cpp defines:
//   HKLM\SYSTEM\CurrentControlSet\Control\ComputerName\ActiveComputerName\ComputerName
//   HKCU\Volatile Environment\USERNAME (Halcyon has one account; this is its name)
// Halcyon has no network stack and no domain: the DNS host name is the computer name and the
// DNS domain is empty, so the fully qualified name is the host name.
//
// Buffer sizes follow Windows exactly: GetComputerName reports ERROR_BUFFER_OVERFLOW and
// GetComputerNameEx ERROR_MORE_DATA with the size needed (NUL included), and on success the
// length without the NUL; GetUserName reports ERROR_INSUFFICIENT_BUFFER, and on success the
// length *with* the NUL.

#include "halcyon/winreg.h"
#include "win32/kernelbase/KernelBase.h"

using namespace halcyon;
using namespace halcyon::kernelbase;

namespace {

constexpr DWORD kNameCapacity = 256; // longer names are refused as corrupt (DNS labels are 63)

// COMPUTER_NAME_FORMAT.
enum : int {
    kNetBios = 0,
    kDnsHostname = 1,
    kDnsDomain = 2,
    kDnsFullyQualified = 3,
    kPhysicalNetBios = 4,
    kPhysicalDnsHostname = 5,
    kPhysicalDnsDomain = 6,
    kPhysicalDnsFullyQualified = 7,
    kFormatCount = 8,
};

/// Reads a REG_SZ value into `out` (kNameCapacity characters); its length, or -1 with LastError.
int read_name(HKEY root, const WCHAR* key, const WCHAR* value, WCHAR* out) {
    DWORD bytes = kNameCapacity * sizeof(WCHAR);
    LSTATUS status = RegGetValueW(root, key, value, RRF_RT_REG_SZ, nullptr, out, &bytes);
    if (status != ERROR_SUCCESS) {
        set_last_error(status == ERROR_MORE_DATA ? ERROR_INVALID_DATA : static_cast<DWORD>(status));
        return -1;
    }
    return static_cast<int>(wide_length(out));
}

int computer_name(WCHAR* out) {
    return read_name(HKEY_LOCAL_MACHINE, L"SYSTEM\\CurrentControlSet\\Control\\ComputerName\\ActiveComputerName",
                     L"ComputerName", out);
}

int user_name(WCHAR* out) { return read_name(HKEY_CURRENT_USER, L"Volatile Environment", L"USERNAME", out); }

/// Copies `length` characters and a NUL to `buffer` when *size (NUL included) allows; else
/// sets `too_small` as LastError. *size becomes the length without the NUL on success, the
/// size needed with it on failure.
template<typename Char>
BOOL copy_name(const Char* name, DWORD length, Char* buffer, LPDWORD size, DWORD too_small) {
    if (!size) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!buffer || *size < length + 1) {
        *size = length + 1;
        set_last_error(too_small);
        return FALSE;
    }
    for (DWORD i = 0; i < length; ++i)
        buffer[i] = name[i];
    buffer[length] = 0;
    *size = length;
    return TRUE;
}

/// The same with an ANSI result converted from UTF-16 `name`.
BOOL copy_name_ansi(const WCHAR* name, DWORD length, char* buffer, LPDWORD size, DWORD too_small) {
    char ansi[kNameCapacity * 2];
    int converted = WideCharToMultiByte(CP_ACP, 0, name, static_cast<int>(length), ansi, sizeof(ansi), nullptr,
                                        nullptr);
    if (length && converted <= 0)
        return FALSE;
    return copy_name(ansi, static_cast<DWORD>(converted), buffer, size, too_small);
}

/// The name in `format`, into `out`; its length or -1 with LastError.
int name_in_format(int format, WCHAR* out) {
    switch (format) {
    case kNetBios:
    case kPhysicalNetBios:
    case kDnsHostname:
    case kPhysicalDnsHostname:
    case kDnsFullyQualified:
    case kPhysicalDnsFullyQualified:
        return computer_name(out);
    case kDnsDomain:
    case kPhysicalDnsDomain:
        out[0] = 0;
        return 0;
    default:
        set_last_error(ERROR_INVALID_PARAMETER);
        return -1;
    }
}

} // namespace

extern "C" {

BOOL WINAPI GetComputerNameW(LPWSTR buffer, LPDWORD size) {
    WCHAR name[kNameCapacity];
    int length = computer_name(name);
    if (length < 0)
        return FALSE;
    return copy_name(name, static_cast<DWORD>(length), buffer, size, ERROR_BUFFER_OVERFLOW);
}

BOOL WINAPI GetComputerNameA(LPSTR buffer, LPDWORD size) {
    WCHAR name[kNameCapacity];
    int length = computer_name(name);
    if (length < 0)
        return FALSE;
    return copy_name_ansi(name, static_cast<DWORD>(length), buffer, size, ERROR_BUFFER_OVERFLOW);
}

BOOL WINAPI GetComputerNameExW(int format, LPWSTR buffer, LPDWORD size) {
    if (format < 0 || format >= kFormatCount) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    WCHAR name[kNameCapacity];
    int length = name_in_format(format, name);
    if (length < 0)
        return FALSE;
    return copy_name(name, static_cast<DWORD>(length), buffer, size, ERROR_MORE_DATA);
}

BOOL WINAPI GetComputerNameExA(int format, LPSTR buffer, LPDWORD size) {
    if (format < 0 || format >= kFormatCount) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    WCHAR name[kNameCapacity];
    int length = name_in_format(format, name);
    if (length < 0)
        return FALSE;
    return copy_name_ansi(name, static_cast<DWORD>(length), buffer, size, ERROR_MORE_DATA);
}

BOOL WINAPI GetUserNameW(LPWSTR buffer, LPDWORD size) {
    WCHAR name[kNameCapacity];
    int length = user_name(name);
    if (length < 0)
        return FALSE;
    if (!copy_name(name, static_cast<DWORD>(length), buffer, size, ERROR_INSUFFICIENT_BUFFER))
        return FALSE;
    *size += 1; // GetUserName counts the NUL
    return TRUE;
}

BOOL WINAPI GetUserNameA(LPSTR buffer, LPDWORD size) {
    WCHAR name[kNameCapacity];
    int length = user_name(name);
    if (length < 0)
        return FALSE;
    if (!copy_name_ansi(name, static_cast<DWORD>(length), buffer, size, ERROR_INSUFFICIENT_BUFFER))
        return FALSE;
    *size += 1;
    return TRUE;
}

} // extern "C"
