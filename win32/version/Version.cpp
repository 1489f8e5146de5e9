// version.dll: GetFileVersionInfoSize/GetFileVersionInfo read a file's RT_VERSION resource (the
// file is read and parsed with the same pe/ code as the loader, so any file -- not only loaded
// modules -- can be asked, and a malformed one fails cleanly); VerQueryValue walks the block.
//
// As on Windows, the size reported is twice the resource: the second half is scratch space where
// VerQueryValueA puts the ANSI copies of the strings it returns.

#include "core/lib/Span.h"
#include "halcyon/WideCopy.h"
#include "halcyon/winres.h"
#include "pe/Image.h"
#include "pe/Resources.h"
#include "win32/version/VersionInfo.h"

using halcyon::win32::WideCopy;

using namespace halcyon;

namespace {

/// Files larger than this are not read whole (no real image is this large).
constexpr LONGLONG kMaxFileSize = 256ll * 1024 * 1024;

/// The whole file on the process heap; null with LastError on failure.
uint8_t* read_file(LPCWSTR name, size_t& size) {
    HANDLE file = CreateFileW(name, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, nullptr, OPEN_EXISTING,
                              0, nullptr);
    if (file == INVALID_HANDLE_VALUE)
        return nullptr;
    LARGE_INTEGER file_size;
    uint8_t* data = nullptr;
    if (!GetFileSizeEx(file, &file_size)) {
        CloseHandle(file);
        return nullptr;
    }
    if (file_size.QuadPart <= 0 || file_size.QuadPart > kMaxFileSize) {
        CloseHandle(file);
        SetLastError(ERROR_BAD_FORMAT);
        return nullptr;
    }
    size = static_cast<size_t>(file_size.QuadPart);
    data = static_cast<uint8_t*>(HeapAlloc(GetProcessHeap(), 0, size));
    if (!data) {
        CloseHandle(file);
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return nullptr;
    }
    size_t done = 0;
    while (done < size) {
        DWORD chunk = size - done > 0x10000000 ? 0x10000000 : static_cast<DWORD>(size - done);
        DWORD got = 0;
        if (!ReadFile(file, data + done, chunk, &got, nullptr) || got == 0) {
            HeapFree(GetProcessHeap(), 0, data);
            CloseHandle(file);
            SetLastError(ERROR_READ_FAULT);
            return nullptr;
        }
        done += got;
    }
    CloseHandle(file);
    return data;
}

/// Calls `use(bytes, size)` with the file's VS_VERSIONINFO resource. False with LastError when the
/// file cannot be read, is not an image, or has no version resource.
template <typename Use>
bool with_version_resource(LPCWSTR name, Use&& use) {
    if (!name) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return false;
    }
    size_t size = 0;
    uint8_t* file = read_file(name, size);
    if (!file)
        return false;
    bool ok = false;
    auto image = pe::Image::parse(ReadonlyBytes(file, size));
    if (image.is_error()) {
        SetLastError(ERROR_BAD_FORMAT);
    } else {
        auto table = pe::ResourceTable::open(image.value());
        u32 const languages[] = {0x0000, 0x0400, 0x0409, pe::kAnyLanguage};
        pe::ResourceMiss miss = pe::ResourceMiss::None;
        if (table.is_error()) {
            SetLastError(ERROR_RESOURCE_DATA_NOT_FOUND);
        } else {
            auto leaf = table.value().find_first_of_languages(pe::ResourceKey::from_id(RT_VERSION),
                                                              pe::ResourceKey::from_id(1), languages, miss);
            auto bytes = leaf.is_error() ? ErrorOr<ReadonlyBytes>(leaf.release_error())
                                         : table.value().data(leaf.value());
            if (bytes.is_error() || bytes.value().size() < 6) {
                SetLastError(miss == pe::ResourceMiss::Type ? ERROR_RESOURCE_TYPE_NOT_FOUND
                                                            : ERROR_RESOURCE_DATA_NOT_FOUND);
            } else {
                use(bytes.value().data(), bytes.value().size());
                ok = true;
            }
        }
    }
    HeapFree(GetProcessHeap(), 0, file);
    return ok;
}

size_t wide_length(LPCWSTR s) {
    size_t n = 0;
    while (s[n])
        ++n;
    return n;
}

} // namespace

extern "C" {

DWORD WINAPI GetFileVersionInfoSizeW(LPCWSTR name, LPDWORD handle) {
    if (handle)
        *handle = 0;
    DWORD result = 0;
    if (!with_version_resource(name,
                               [&](const uint8_t*, size_t size) { result = static_cast<DWORD>(size * 2); }))
        return 0;
    return result;
}

DWORD WINAPI GetFileVersionInfoSizeExW(DWORD flags, LPCWSTR name, LPDWORD handle) {
    (void)flags;
    return GetFileVersionInfoSizeW(name, handle);
}

DWORD WINAPI GetFileVersionInfoSizeA(LPCSTR name, LPDWORD handle) {
    WideCopy wide(name);
    if (wide.failed(name)) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return 0;
    }
    return GetFileVersionInfoSizeW(wide.get(), handle);
}

BOOL WINAPI GetFileVersionInfoW(LPCWSTR name, DWORD handle, DWORD length, LPVOID data) {
    (void)handle;
    if (!data || length == 0) {
        SetLastError(ERROR_INVALID_DATA);
        return FALSE;
    }
    return with_version_resource(name, [&](const uint8_t* bytes, size_t size) {
        size_t const copied = size < length ? size : length;
        __builtin_memcpy(data, bytes, copied);
        // The scratch half starts zeroed.
        if (length > copied)
            __builtin_memset(static_cast<uint8_t*>(data) + copied, 0, length - copied);
    });
}

BOOL WINAPI GetFileVersionInfoExW(DWORD flags, LPCWSTR name, DWORD handle, DWORD length, LPVOID data) {
    (void)flags;
    return GetFileVersionInfoW(name, handle, length, data);
}

BOOL WINAPI GetFileVersionInfoA(LPCSTR name, DWORD handle, DWORD length, LPVOID data) {
    WideCopy wide(name);
    if (wide.failed(name)) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    return GetFileVersionInfoW(wide.get(), handle, length, data);
}

BOOL WINAPI VerQueryValueW(LPCVOID block, LPCWSTR sub_block, LPVOID* buffer, PUINT length) {
    if (!block || !buffer) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!sub_block || !sub_block[0])
        sub_block = L"\\";
    auto const* bytes = static_cast<const uint8_t*>(block);
    // The block is one GetFileVersionInfo filled: its root node says how long it is.
    size_t const size = static_cast<size_t>(bytes[0] | (bytes[1] << 8));
    win32::VersionValue value{};
    if (!win32::query_version_value(bytes, size, reinterpret_cast<const uint16_t*>(sub_block),
                                    wide_length(sub_block), value)) {
        if (length)
            *length = 0;
        SetLastError(ERROR_RESOURCE_TYPE_NOT_FOUND);
        return FALSE;
    }
    *buffer = const_cast<uint8_t*>(value.data);
    if (length)
        *length = value.length;
    return TRUE;
}

BOOL WINAPI VerQueryValueA(LPCVOID block, LPCSTR sub_block, LPVOID* buffer, PUINT length) {
    if (!block || !buffer) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    WideCopy wide(sub_block && sub_block[0] ? sub_block : "\\");
    if (!wide.get()) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    auto const* bytes = static_cast<const uint8_t*>(block);
    size_t const size = static_cast<size_t>(bytes[0] | (bytes[1] << 8));
    win32::VersionValue value{};
    if (!win32::query_version_value(bytes, size, reinterpret_cast<const uint16_t*>(wide.get()),
                                    wide_length(wide.get()), value)) {
        if (length)
            *length = 0;
        SetLastError(ERROR_RESOURCE_TYPE_NOT_FOUND);
        return FALSE;
    }
    if (!value.is_text) {
        *buffer = const_cast<uint8_t*>(value.data);
        if (length)
            *length = value.length;
        return TRUE;
    }
    // A text value: its ANSI copy goes to the scratch half, at half its offset in the block, where
    // there is one byte for each UTF-16 unit of the value (terminator included).
    static char empty[1] = {0};
    size_t const slot = value.size / 2;
    if (slot == 0) {
        *buffer = empty;
        if (length)
            *length = 0;
        return TRUE;
    }
    auto const* text = reinterpret_cast<LPCWSTR>(value.data);
    size_t units = slot;
    while (units && text[units - 1] == 0)
        --units;
    if (units > slot - 1)
        units = slot - 1; // No terminator in the value: keep room for ours.
    size_t const offset = static_cast<size_t>(value.data - bytes);
    char* ansi = const_cast<char*>(reinterpret_cast<const char*>(bytes)) + size + offset / 2;
    int converted = 0;
    if (units)
        converted = WideCharToMultiByte(CP_ACP, 0, text, static_cast<int>(units), ansi,
                                        static_cast<int>(units), nullptr, nullptr);
    if (converted < 0)
        converted = 0;
    ansi[converted] = 0;
    converted += 1;
    *buffer = ansi;
    if (length)
        *length = static_cast<UINT>(converted);
    return TRUE;
}

} // extern "C"
