// String plumbing shared by the ANSI and Unicode variants of the APIs (see KernelBase.h).

#include "win32/kernelbase/CodePageConvert.h"
#include "win32/kernelbase/KernelBase.h"

namespace halcyon::kernelbase {

using win32::codepage::Error;

namespace {

char16_t* as_utf16(WCHAR* s) { return reinterpret_cast<char16_t*>(s); }
const char16_t* as_utf16(const WCHAR* s) { return reinterpret_cast<const char16_t*>(s); }

constexpr WCHAR kDosDevicesPrefix[] = L"\\??\\";

} // namespace

bool equals_ignoring_ascii_case(const WCHAR* a, const char* b) {
    for (;; ++a, ++b) {
        WCHAR x = *a;
        char y = *b;
        if (x >= 'a' && x <= 'z')
            x = static_cast<WCHAR>(x - 'a' + 'A');
        if (y >= 'a' && y <= 'z')
            y = static_cast<char>(y - 'a' + 'A');
        if (x != static_cast<WCHAR>(static_cast<unsigned char>(y)))
            return false;
        if (x == 0)
            return true;
    }
}

WideString::WideString(const char* ansi, UINT code_page) {
    if (!ansi)
        return;
    Error error;
    int needed = win32::codepage::multibyte_to_wide(code_page, 0, ansi, -1, nullptr, 0, error);
    if (needed <= 0) {
        set_last_error(static_cast<DWORD>(error));
        m_ok = false;
        return;
    }
    if (!allocate(static_cast<size_t>(needed)))
        return;
    win32::codepage::multibyte_to_wide(code_page, 0, ansi, -1, as_utf16(m_buffer), needed, error);
}

bool WideString::allocate(size_t characters) {
    heap_free(m_buffer);
    m_buffer = static_cast<WCHAR*>(heap_alloc(characters * sizeof(WCHAR)));
    if (!m_buffer) {
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        m_ok = false;
        return false;
    }
    m_ok = true;
    return true;
}

WideString::~WideString() { heap_free(m_buffer); }

AnsiString::AnsiString(const WCHAR* wide, UINT code_page) {
    if (!wide)
        return;
    Error error;
    int needed = win32::codepage::wide_to_multibyte(code_page, 0, as_utf16(wide), -1, nullptr, 0,
                                                    nullptr, nullptr, error);
    if (needed <= 0) {
        set_last_error(static_cast<DWORD>(error));
        m_ok = false;
        return;
    }
    m_buffer = static_cast<char*>(heap_alloc(static_cast<size_t>(needed)));
    if (!m_buffer) {
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        m_ok = false;
        return;
    }
    win32::codepage::wide_to_multibyte(code_page, 0, as_utf16(wide), -1, m_buffer, needed, nullptr,
                                       nullptr, error);
}

AnsiString::~AnsiString() { heap_free(m_buffer); }

NtPath::NtPath(const WCHAR* dos_path) {
    if (!dos_path || !*dos_path) {
        set_last_error(ERROR_PATH_NOT_FOUND);
        return;
    }
    // The console and the null device are named by the kernel itself; spell their NT names here
    // rather than rely on the DOS-device rules of path conversion.
    static constexpr const char* kDevices[] = {"CONIN$", "CONOUT$", "NUL"};
    for (const char* device : kDevices) {
        if (!equals_ignoring_ascii_case(dos_path, device))
            continue;
        size_t n = 0;
        for (const WCHAR* p = kDosDevicesPrefix; *p; ++p)
            m_device[n++] = *p;
        for (const char* p = device; *p; ++p)
            m_device[n++] = static_cast<WCHAR>(*p);
        m_device[n] = 0;
        init_unicode_string(m_name, m_device);
        m_ok = true;
        return;
    }
    if (!RtlDosPathNameToNtPathName_U(dos_path, &m_name, nullptr, nullptr)) {
        set_last_error(ERROR_PATH_NOT_FOUND);
        return;
    }
    m_ok = true;
    m_owned = true;
}

NtPath::~NtPath() {
    if (m_owned)
        RtlFreeUnicodeString(&m_name);
}

OBJECT_ATTRIBUTES NtPath::object_attributes(ULONG extra_attributes) {
    OBJECT_ATTRIBUTES attributes{};
    attributes.Length = sizeof(attributes);
    attributes.RootDirectory = nullptr;
    attributes.ObjectName = &m_name;
    attributes.Attributes = OBJ_CASE_INSENSITIVE | extra_attributes;
    return attributes;
}

DWORD copy_wide_result_to_ansi(const WCHAR* wide, size_t length, char* buffer, DWORD buffer_size,
                               UINT code_page) {
    if (length == 0) {
        if (buffer && buffer_size > 0)
            buffer[0] = 0;
        return 0;
    }
    Error error;
    int needed = win32::codepage::wide_to_multibyte(code_page, 0, as_utf16(wide), static_cast<int>(length),
                                                    nullptr, 0, nullptr, nullptr, error);
    if (needed <= 0) {
        set_last_error(static_cast<DWORD>(error));
        return 0;
    }
    if (!buffer || buffer_size < static_cast<DWORD>(needed) + 1)
        return static_cast<DWORD>(needed) + 1;
    win32::codepage::wide_to_multibyte(code_page, 0, as_utf16(wide), static_cast<int>(length), buffer,
                                       needed, nullptr, nullptr, error);
    buffer[needed] = 0;
    return static_cast<DWORD>(needed);
}

DWORD copy_wide_result(const WCHAR* wide, size_t length, WCHAR* buffer, DWORD buffer_size) {
    if (!buffer || buffer_size < length + 1)
        return static_cast<DWORD>(length + 1);
    for (size_t i = 0; i < length; ++i)
        buffer[i] = wide[i];
    buffer[length] = 0;
    return static_cast<DWORD>(length);
}

} // namespace halcyon::kernelbase
