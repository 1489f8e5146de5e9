// SHGetFolderPath(A/W) and SHGetSpecialFolderPath(A/W) for the folders a Halcyon system has:
// the Windows and System directories, and the profile folders named by the environment
// (APPDATA, LOCALAPPDATA, USERPROFILE, ProgramFiles, ProgramData), as Windows' user profile sets
// them. A folder whose variable is not set has no location here: E_FAIL, with a log line. CSIDLs
// Halcyon does not know (the desktop, the start menu, ...) fail the same way.
//
// FIXME: the profile folders from the registry's User Shell Folders once there is a registry, and
// SHGetKnownFolderPath (it needs CoTaskMemAlloc, i.e. ole32).

#include "halcyon/win32.h"

namespace {

typedef LONG HRESULT;
constexpr HRESULT kOk = 0;
constexpr HRESULT kFail = static_cast<HRESULT>(0x80004005);
constexpr HRESULT kInvalidArgument = static_cast<HRESULT>(0x80070057);
constexpr HRESULT hresult_from_win32(DWORD error) {
    return error ? static_cast<HRESULT>((error & 0xFFFF) | 0x80070000) : 0;
}

constexpr int kCsidlPersonal = 0x0005;
constexpr int kCsidlAppData = 0x001A;
constexpr int kCsidlLocalAppData = 0x001C;
constexpr int kCsidlCommonAppData = 0x0023;
constexpr int kCsidlWindows = 0x0024;
constexpr int kCsidlSystem = 0x0025;
constexpr int kCsidlProgramFiles = 0x0026;
constexpr int kCsidlProfile = 0x0028;
constexpr int kCsidlFlagDontVerify = 0x4000;
constexpr int kCsidlFlagCreate = 0x8000;
constexpr int kCsidlFlagMask = 0xFF00;

void log_line(const char* text) {
    HANDLE error = GetStdHandle(STD_ERROR_HANDLE);
    DWORD length = 0, written = 0;
    while (text[length])
        ++length;
    if (error && error != INVALID_HANDLE_VALUE)
        WriteFile(error, text, length, &written, nullptr);
}

/// Appends `tail` (may be null) to the environment variable `name`'s value.
bool from_environment(LPCWSTR name, LPCWSTR tail, LPWSTR path) {
    DWORD const length = GetEnvironmentVariableW(name, path, MAX_PATH);
    if (length == 0 || length >= MAX_PATH)
        return false;
    if (!tail)
        return true;
    DWORD tail_length = 0;
    while (tail[tail_length])
        ++tail_length;
    if (length + tail_length >= MAX_PATH)
        return false;
    for (DWORD i = 0; i <= tail_length; ++i)
        path[length + i] = tail[i];
    return true;
}

/// Creates every missing directory of `path`.
bool create_directories(LPCWSTR path) {
    WCHAR partial[MAX_PATH];
    size_t i = 0;
    for (; path[i] && i < MAX_PATH - 1; ++i) {
        partial[i] = path[i];
        if ((path[i] == '\\' || path[i] == '/') && i > 2) {
            partial[i] = 0;
            CreateDirectoryW(partial, nullptr);
            partial[i] = path[i];
        }
    }
    partial[i] = 0;
    if (CreateDirectoryW(partial, nullptr))
        return true;
    return GetLastError() == ERROR_ALREADY_EXISTS;
}

HRESULT folder_path(int csidl, LPWSTR path) {
    bool found = false;
    switch (csidl & ~kCsidlFlagMask) {
    case kCsidlWindows: {
        UINT const length = GetWindowsDirectoryW(path, MAX_PATH);
        found = length > 0 && length < MAX_PATH;
        break;
    }
    case kCsidlSystem: {
        UINT const length = GetSystemDirectoryW(path, MAX_PATH);
        found = length > 0 && length < MAX_PATH;
        break;
    }
    case kCsidlAppData:
        found = from_environment(L"APPDATA", nullptr, path);
        break;
    case kCsidlLocalAppData:
        found = from_environment(L"LOCALAPPDATA", nullptr, path);
        break;
    case kCsidlCommonAppData:
        found = from_environment(L"ProgramData", nullptr, path);
        break;
    case kCsidlProgramFiles:
        found = from_environment(L"ProgramFiles", nullptr, path);
        break;
    case kCsidlProfile:
        found = from_environment(L"USERPROFILE", nullptr, path);
        break;
    case kCsidlPersonal:
        found = from_environment(L"USERPROFILE", L"\\Documents", path);
        break;
    default:
        if ((csidl & ~kCsidlFlagMask) > 0x3F)
            return kInvalidArgument;
        break;
    }
    if (!found) {
        path[0] = 0;
        log_line("shell32: SHGetFolderPath: this folder has no location on this system\n");
        return kFail;
    }
    if (csidl & kCsidlFlagCreate) {
        if (!create_directories(path))
            return hresult_from_win32(GetLastError());
    } else if (!(csidl & kCsidlFlagDontVerify)) {
        DWORD const attributes = GetFileAttributesW(path);
        if (attributes == INVALID_FILE_ATTRIBUTES || !(attributes & FILE_ATTRIBUTE_DIRECTORY))
            return hresult_from_win32(ERROR_FILE_NOT_FOUND);
    }
    return kOk;
}

} // namespace

extern "C" {

HRESULT WINAPI SHGetFolderPathW(HANDLE owner, int csidl, HANDLE token, DWORD flags, LPWSTR path) {
    (void)owner;
    (void)token;
    (void)flags; // SHGFP_TYPE_CURRENT and SHGFP_TYPE_DEFAULT agree: nothing is redirected.
    if (!path)
        return kInvalidArgument;
    return folder_path(csidl, path);
}

HRESULT WINAPI SHGetFolderPathA(HANDLE owner, int csidl, HANDLE token, DWORD flags, LPSTR path) {
    if (!path)
        return kInvalidArgument;
    WCHAR wide[MAX_PATH];
    HRESULT const result = SHGetFolderPathW(owner, csidl, token, flags, wide);
    path[0] = 0;
    if (result == kOk && !WideCharToMultiByte(CP_ACP, 0, wide, -1, path, MAX_PATH, nullptr, nullptr))
        return kFail;
    return result;
}

BOOL WINAPI SHGetSpecialFolderPathW(HANDLE owner, LPWSTR path, int csidl, BOOL create) {
    return SHGetFolderPathW(owner, csidl | (create ? kCsidlFlagCreate : 0), nullptr, 0, path) == kOk;
}

BOOL WINAPI SHGetSpecialFolderPathA(HANDLE owner, LPSTR path, int csidl, BOOL create) {
    return SHGetFolderPathA(owner, csidl | (create ? kCsidlFlagCreate : 0), nullptr, 0, path) == kOk;
}

} // extern "C"
