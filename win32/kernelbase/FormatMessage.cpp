// FormatMessageA/W: messages from a string or from the system message table, with inserts
// (%1 .. %99, optionally with a printf-style "!format!"), escapes (%0 %n %r %t %% %. %! and
// "% "; with FORMAT_MESSAGE_IGNORE_INSERTS only %n and %0 act), FORMAT_MESSAGE_ALLOCATE_BUFFER and
// FORMAT_MESSAGE_MAX_WIDTH_MASK (0xFF only: the line breaks of the text become spaces).
//
// Both variants format in UTF-16; the ANSI variant converts its source and %s inserts from, and
// its result to, CP_ACP. Arguments are 8-byte slots on x64 whether they come as an array
// (FORMAT_MESSAGE_ARGUMENT_ARRAY) or as a va_list, so both are read as an array indexed by the
// insert number.
//
// Message tables in modules (FORMAT_MESSAGE_FROM_HMODULE) come from the module's RT_MESSAGETABLE.
//
// FIXME: line wrapping at widths other than 0xFF, and the '*' width/precision that takes an extra argument.

#include "win32/kernelbase/KernelBase.h"
#include "win32/kernelbase/MessageTable.h"
#include "win32/kernelbase/ResourceNames.h"
#include "win32/kernelbase/SystemMessages.h"

using namespace halcyon;
using namespace halcyon::kernelbase;

namespace {

/// A growing UTF-16 buffer on the process heap.
class Output {
public:
    ~Output() { heap_free(m_data); }
    Output() = default;
    Output(const Output&) = delete;
    Output& operator=(const Output&) = delete;

    bool push(WCHAR c) {
        if (m_length + 1 >= m_capacity && !grow(m_length + 2))
            return false;
        m_data[m_length++] = c;
        m_data[m_length] = 0;
        return true;
    }
    bool append(const WCHAR* text, size_t length) {
        for (size_t i = 0; i < length; ++i) {
            if (!push(text[i]))
                return false;
        }
        return true;
    }
    bool append_ascii(const char* text) {
        for (; *text; ++text) {
            if (!push(static_cast<unsigned char>(*text)))
                return false;
        }
        return true;
    }
    const WCHAR* data() const { return m_data ? m_data : L""; }
    size_t length() const { return m_length; }

private:
    bool grow(size_t needed) {
        size_t capacity = m_capacity ? m_capacity * 2 : 128;
        while (capacity < needed)
            capacity *= 2;
        auto* data = static_cast<WCHAR*>(heap_alloc(capacity * sizeof(WCHAR)));
        if (!data) {
            set_last_error(ERROR_NOT_ENOUGH_MEMORY);
            return false;
        }
        if (m_data) {
            __builtin_memcpy(data, m_data, (m_length + 1) * sizeof(WCHAR));
            heap_free(m_data);
        }
        m_data = data;
        m_capacity = capacity;
        return true;
    }

    WCHAR* m_data = nullptr;
    size_t m_length = 0;
    size_t m_capacity = 0;
};

/// A parsed "!format!" of an insert.
struct InsertFormat {
    bool left_align = false;
    bool zero_pad = false;
    bool plus = false;
    bool space = false;
    bool alternate = false;
    int width = 0;
    int precision = -1;
    /// 'h' (narrow), 'l'/'w' (wide), 'q' (64-bit), or 0.
    char size = 0;
    WCHAR conversion = 's';
};

bool parse_insert_format(const WCHAR*& cursor, InsertFormat& format) {
    const WCHAR* p = cursor;
    for (;; ++p) {
        if (*p == '-')
            format.left_align = true;
        else if (*p == '0')
            format.zero_pad = true;
        else if (*p == '+')
            format.plus = true;
        else if (*p == ' ')
            format.space = true;
        else if (*p == '#')
            format.alternate = true;
        else
            break;
    }
    while (*p >= '0' && *p <= '9')
        format.width = format.width * 10 + (*p++ - '0');
    if (*p == '.') {
        ++p;
        format.precision = 0;
        while (*p >= '0' && *p <= '9')
            format.precision = format.precision * 10 + (*p++ - '0');
    }
    if (p[0] == 'I' && p[1] == '6' && p[2] == '4') {
        format.size = 'q';
        p += 3;
    } else if (p[0] == 'I' && p[1] == '3' && p[2] == '2') {
        p += 3;
    } else if (p[0] == 'l' && p[1] == 'l') {
        format.size = 'q';
        p += 2;
    } else if (*p == 'I') {
        format.size = 'q'; // pointer-sized
        ++p;
    } else if (*p == 'h' || *p == 'l' || *p == 'w') {
        format.size = static_cast<char>(*p);
        ++p;
    }
    if (!*p || *p == '!')
        return false;
    format.conversion = *p++;
    if (*p != '!')
        return false;
    cursor = p + 1;
    return true;
}

/// Appends `body` (with an optional sign/prefix already in it) padded to the format's width.
bool append_padded(Output& out, const InsertFormat& format, const WCHAR* prefix, size_t prefix_length,
                   const WCHAR* body, size_t body_length, bool numeric) {
    size_t total = prefix_length + body_length;
    size_t padding = format.width > 0 && static_cast<size_t>(format.width) > total ? format.width - total : 0;
    if (!format.left_align && !(numeric && format.zero_pad)) {
        for (size_t i = 0; i < padding; ++i)
            if (!out.push(' '))
                return false;
    }
    if (!out.append(prefix, prefix_length))
        return false;
    if (!format.left_align && numeric && format.zero_pad) {
        for (size_t i = 0; i < padding; ++i)
            if (!out.push('0'))
                return false;
    }
    if (!out.append(body, body_length))
        return false;
    if (format.left_align) {
        for (size_t i = 0; i < padding; ++i)
            if (!out.push(' '))
                return false;
    }
    return true;
}

bool append_number(Output& out, const InsertFormat& format, ULONG_PTR raw) {
    WCHAR conversion = format.conversion;
    bool is_signed = conversion == 'd' || conversion == 'i';
    unsigned long long value;
    bool negative = false;
    if (format.size == 'q') {
        value = raw;
    } else if (format.size == 'h') {
        value = static_cast<unsigned short>(raw);
    } else {
        value = static_cast<unsigned int>(raw);
    }
    if (is_signed) {
        long long signed_value = format.size == 'q'   ? static_cast<long long>(raw)
                                 : format.size == 'h' ? static_cast<short>(raw)
                                                      : static_cast<int>(raw);
        negative = signed_value < 0;
        value = negative ? 0ull - static_cast<unsigned long long>(signed_value)
                         : static_cast<unsigned long long>(signed_value);
    }
    unsigned base = 10;
    const char* digits = "0123456789abcdef";
    if (conversion == 'x' || conversion == 'p')
        base = 16;
    else if (conversion == 'X') {
        base = 16;
        digits = "0123456789ABCDEF";
    } else if (conversion == 'o')
        base = 8;
    WCHAR body[64];
    size_t length = 0;
    WCHAR reversed[32];
    size_t count = 0;
    do {
        reversed[count++] = static_cast<WCHAR>(digits[value % base]);
        value /= base;
    } while (value);
    int minimum = format.precision < 0 ? 1 : format.precision;
    for (int i = static_cast<int>(count); i < minimum && length < 32; ++i)
        body[length++] = '0';
    while (count)
        body[length++] = reversed[--count];
    WCHAR prefix[3];
    size_t prefix_length = 0;
    if (negative)
        prefix[prefix_length++] = '-';
    else if (is_signed && format.plus)
        prefix[prefix_length++] = '+';
    else if (is_signed && format.space)
        prefix[prefix_length++] = ' ';
    if (format.alternate && base == 16 && raw) {
        prefix[prefix_length++] = '0';
        prefix[prefix_length++] = conversion == 'X' ? 'X' : 'x';
    }
    InsertFormat numeric = format;
    if (format.precision >= 0)
        numeric.zero_pad = false;
    return append_padded(out, numeric, prefix, prefix_length, body, length, true);
}

bool append_string(Output& out, const InsertFormat& format, ULONG_PTR raw, bool wide) {
    if (!raw)
        return append_padded(out, format, nullptr, 0, L"(null)", 6, false);
    if (wide) {
        const auto* text = reinterpret_cast<const WCHAR*>(raw);
        size_t length = wide_length(text);
        if (format.precision >= 0 && static_cast<size_t>(format.precision) < length)
            length = format.precision;
        return append_padded(out, format, nullptr, 0, text, length, false);
    }
    const auto* text = reinterpret_cast<const char*>(raw);
    int length = static_cast<int>(ansi_length(text));
    if (format.precision >= 0 && format.precision < length)
        length = format.precision;
    if (length == 0)
        return append_padded(out, format, nullptr, 0, L"", 0, false);
    int wide_count = MultiByteToWideChar(CP_ACP, 0, text, length, nullptr, 0);
    auto* converted = static_cast<WCHAR*>(heap_alloc((wide_count + 1) * sizeof(WCHAR)));
    if (!converted) {
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return false;
    }
    MultiByteToWideChar(CP_ACP, 0, text, length, converted, wide_count);
    bool ok = append_padded(out, format, nullptr, 0, converted, wide_count, false);
    heap_free(converted);
    return ok;
}

bool append_insert(Output& out, const InsertFormat& format, ULONG_PTR raw, bool ansi_api) {
    switch (format.conversion) {
    case 's':
    case 'S': {
        // 's' is the API's own width, 'S' the other one; 'h' and 'l'/'w' force narrow or wide.
        bool wide = (format.conversion == 's') != ansi_api;
        if (format.size == 'h')
            wide = false;
        else if (format.size == 'l' || format.size == 'w')
            wide = true;
        return append_string(out, format, raw, wide);
    }
    case 'c':
    case 'C': {
        bool wide = (format.conversion == 'c') != ansi_api;
        if (format.size == 'h')
            wide = false;
        else if (format.size == 'l' || format.size == 'w')
            wide = true;
        WCHAR c;
        if (wide) {
            c = static_cast<WCHAR>(raw);
        } else {
            char narrow = static_cast<char>(raw);
            if (MultiByteToWideChar(CP_ACP, 0, &narrow, 1, &c, 1) != 1)
                c = '?';
        }
        return append_padded(out, format, nullptr, 0, &c, 1, false);
    }
    case 'd':
    case 'i':
    case 'u':
    case 'x':
    case 'X':
    case 'o':
        return append_number(out, format, raw);
    case 'p': {
        InsertFormat pointer = format;
        pointer.size = 'q';
        pointer.precision = 16;
        pointer.conversion = 'X';
        return append_number(out, pointer, raw);
    }
    default:
        set_last_error(ERROR_INVALID_PARAMETER);
        return false;
    }
}

/// Formats `source` into `out`. `arguments` is null when there are none; with `ignore_inserts`
/// inserts are copied as written.
bool format_text(Output& out, const WCHAR* source, const ULONG_PTR* arguments, bool ignore_inserts,
                 DWORD max_width, bool ansi_api) {
    const WCHAR* p = source;
    while (*p) {
        if (*p == '\r' || *p == '\n') {
            if (max_width == FORMAT_MESSAGE_MAX_WIDTH_MASK) {
                // The text's own line breaks become spaces; only %n breaks lines.
                if (p[0] == '\r' && p[1] == '\n')
                    ++p;
                ++p;
                if (!out.push(' '))
                    return false;
                continue;
            }
            if (!out.push(*p++))
                return false;
            continue;
        }
        if (*p != '%') {
            if (!out.push(*p++))
                return false;
            continue;
        }
        const WCHAR* escape = p++;
        WCHAR c = *p;
        if (c >= '1' && c <= '9') {
            unsigned number = c - '0';
            ++p;
            if (*p >= '0' && *p <= '9')
                number = number * 10 + (*p++ - '0');
            InsertFormat format;
            const WCHAR* after = p;
            bool has_format = false;
            if (*p == '!') {
                after = p + 1;
                if (!parse_insert_format(after, format)) {
                    set_last_error(ERROR_INVALID_PARAMETER);
                    return false;
                }
                has_format = true;
            }
            if (ignore_inserts) {
                // Copied as written, "!format!" included.
                if (!out.append(escape, (has_format ? after : p) - escape))
                    return false;
                p = has_format ? after : p;
                continue;
            }
            if (!arguments) {
                set_last_error(ERROR_INVALID_PARAMETER);
                return false;
            }
            if (!append_insert(out, format, arguments[number - 1], ansi_api))
                return false;
            p = after;
            continue;
        }
        if (ignore_inserts && c != 'n' && c != '0' && c != 0) {
            // Without inserts the escapes stay as written too, except the hard line break.
            ++p;
            if (!out.push('%') || !out.push(c))
                return false;
            continue;
        }
        switch (c) {
        case '0':
            // Ends the message, without the newline the text would otherwise end with.
            return true;
        case 'n':
            ++p;
            if (!out.push('\r') || !out.push('\n'))
                return false;
            break;
        case 'r':
            ++p;
            if (!out.push('\r'))
                return false;
            break;
        case 't':
            ++p;
            if (!out.push('\t'))
                return false;
            break;
        case 0:
            // A lone '%' at the end is dropped.
            break;
        default:
            // "%%", "%.", "%!", "% " and any other character stand for themselves.
            ++p;
            if (!out.push(c))
                return false;
            break;
        }
    }
    return true;
}

/// Message `message_id` from the RT_MESSAGETABLE resource (name 1) of `module`, as UTF-16 on the
/// heap (caller frees), or null with LastError set (MessageTable.cpp does the bounds-checked walk).
WCHAR* module_message(HMODULE module, DWORD message_id, DWORD language) {
    // Language 0 searches in the fallback order; any other must be there exactly.
    HRSRC resource = language
                         ? find_resource_in_language(module, RT_MESSAGETABLE, 1, static_cast<WORD>(language))
                         : find_resource(module, RT_MESSAGETABLE, 1, 0);
    if (!resource)
        return nullptr;
    PVOID address = nullptr;
    ULONG size = 0;
    if (!access_resource(module, resource, &address, &size))
        return nullptr;
    win32::MessageText message{};
    if (!win32::find_message(static_cast<const uint8_t*>(address), size, message_id, message)) {
        set_last_error(ERROR_MR_MID_NOT_FOUND);
        return nullptr;
    }
    if (message.unicode) {
        size_t const units = message.size / sizeof(WCHAR);
        auto* wide = static_cast<WCHAR*>(heap_alloc((units + 1) * sizeof(WCHAR)));
        if (!wide) {
            set_last_error(ERROR_NOT_ENOUGH_MEMORY);
            return nullptr;
        }
        __builtin_memcpy(wide, message.bytes, units * sizeof(WCHAR));
        wide[units] = 0;
        return wide;
    }
    auto const* text = reinterpret_cast<const char*>(message.bytes);
    int const count =
        message.size ? MultiByteToWideChar(CP_ACP, 0, text, static_cast<int>(message.size), nullptr, 0) : 0;
    auto* wide = static_cast<WCHAR*>(heap_alloc((static_cast<size_t>(count) + 1) * sizeof(WCHAR)));
    if (!wide) {
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return nullptr;
    }
    if (count)
        MultiByteToWideChar(CP_ACP, 0, text, static_cast<int>(message.size), wide, count);
    wide[count] = 0;
    return wide;
}

/// The message text for the flags and source, as UTF-16 on the heap (caller frees), or null with
/// LastError set.
WCHAR* load_message(DWORD flags, LPCVOID source, DWORD message_id, DWORD language, bool ansi_api) {
    if (flags & FORMAT_MESSAGE_FROM_STRING) {
        if (!source) {
            set_last_error(ERROR_INVALID_PARAMETER);
            return nullptr;
        }
        if (ansi_api) {
            const auto* text = static_cast<const char*>(source);
            int count = MultiByteToWideChar(CP_ACP, 0, text, -1, nullptr, 0);
            auto* wide = static_cast<WCHAR*>(heap_alloc(count * sizeof(WCHAR)));
            if (!wide) {
                set_last_error(ERROR_NOT_ENOUGH_MEMORY);
                return nullptr;
            }
            MultiByteToWideChar(CP_ACP, 0, text, -1, wide, count);
            return wide;
        }
        const auto* text = static_cast<const WCHAR*>(source);
        size_t length = wide_length(text);
        auto* copy = static_cast<WCHAR*>(heap_alloc((length + 1) * sizeof(WCHAR)));
        if (!copy) {
            set_last_error(ERROR_NOT_ENOUGH_MEMORY);
            return nullptr;
        }
        __builtin_memcpy(copy, text, (length + 1) * sizeof(WCHAR));
        return copy;
    }
    if (!(flags & (FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_FROM_HMODULE))) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return nullptr;
    }
    if (flags & FORMAT_MESSAGE_FROM_HMODULE) {
        // A null module means the executable. Without FROM_SYSTEM the module's answer is final.
        WCHAR* text = module_message(static_cast<HMODULE>(const_cast<void*>(source)), message_id, language);
        if (text || !(flags & FORMAT_MESSAGE_FROM_SYSTEM))
            return text;
    }
    // There are English texts only; any other language falls back to them (as on Wine; Windows
    // without that language pack fails with ERROR_RESOURCE_LANG_NOT_FOUND).
    const char* text = system_message(message_id);
    if (!text) {
        set_last_error(ERROR_MR_MID_NOT_FOUND);
        return nullptr;
    }
    size_t length = ansi_length(text);
    auto* wide = static_cast<WCHAR*>(heap_alloc((length + 1) * sizeof(WCHAR)));
    if (!wide) {
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return nullptr;
    }
    for (size_t i = 0; i <= length; ++i)
        wide[i] = static_cast<unsigned char>(text[i]);
    return wide;
}

/// The shared body: formats into `out` (UTF-16).
bool format_message(DWORD flags, LPCVOID source, DWORD message_id, DWORD language, va_list* arguments,
                    bool ansi_api, Output& out) {
    WCHAR* text = load_message(flags, source, message_id, language, ansi_api);
    if (!text)
        return false;
    const ULONG_PTR* slots = nullptr;
    if (arguments) {
        slots = (flags & FORMAT_MESSAGE_ARGUMENT_ARRAY) ? reinterpret_cast<const ULONG_PTR*>(arguments)
                                                        : reinterpret_cast<const ULONG_PTR*>(*arguments);
    }
    bool ok = format_text(out, text, slots, flags & FORMAT_MESSAGE_IGNORE_INSERTS,
                          flags & FORMAT_MESSAGE_MAX_WIDTH_MASK, ansi_api);
    heap_free(text);
    return ok;
}

} // namespace

extern "C" {

DWORD WINAPI FormatMessageW(DWORD flags, LPCVOID source, DWORD message_id, DWORD language, LPWSTR buffer,
                            DWORD size, va_list* arguments) {
    if (!buffer) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    Output out;
    if (!format_message(flags, source, message_id, language, arguments, false, out))
        return 0;
    size_t length = out.length();
    if (flags & FORMAT_MESSAGE_ALLOCATE_BUFFER) {
        size_t characters = length + 1 > size ? length + 1 : size;
        auto* allocated = static_cast<WCHAR*>(LocalAlloc(LMEM_FIXED, characters * sizeof(WCHAR)));
        if (!allocated) {
            set_last_error(ERROR_NOT_ENOUGH_MEMORY);
            return 0;
        }
        __builtin_memcpy(allocated, out.data(), (length + 1) * sizeof(WCHAR));
        *reinterpret_cast<WCHAR**>(buffer) = allocated;
        return static_cast<DWORD>(length);
    }
    if (length + 1 > size) {
        set_last_error(ERROR_INSUFFICIENT_BUFFER);
        return 0;
    }
    __builtin_memcpy(buffer, out.data(), (length + 1) * sizeof(WCHAR));
    return static_cast<DWORD>(length);
}

DWORD WINAPI FormatMessageA(DWORD flags, LPCVOID source, DWORD message_id, DWORD language, LPSTR buffer,
                            DWORD size, va_list* arguments) {
    if (!buffer) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    Output out;
    if (!format_message(flags, source, message_id, language, arguments, true, out))
        return 0;
    int bytes = 0;
    if (out.length())
        bytes = WideCharToMultiByte(CP_ACP, 0, out.data(), static_cast<int>(out.length()), nullptr, 0,
                                    nullptr, nullptr);
    if (flags & FORMAT_MESSAGE_ALLOCATE_BUFFER) {
        size_t allocation = static_cast<size_t>(bytes) + 1 > size ? static_cast<size_t>(bytes) + 1 : size;
        auto* allocated = static_cast<char*>(LocalAlloc(LMEM_FIXED, allocation));
        if (!allocated) {
            set_last_error(ERROR_NOT_ENOUGH_MEMORY);
            return 0;
        }
        if (bytes)
            WideCharToMultiByte(CP_ACP, 0, out.data(), static_cast<int>(out.length()), allocated, bytes,
                                nullptr, nullptr);
        allocated[bytes] = 0;
        *reinterpret_cast<char**>(buffer) = allocated;
        return static_cast<DWORD>(bytes);
    }
    if (static_cast<DWORD>(bytes) + 1 > size) {
        set_last_error(ERROR_INSUFFICIENT_BUFFER);
        return 0;
    }
    if (bytes)
        WideCharToMultiByte(CP_ACP, 0, out.data(), static_cast<int>(out.length()), buffer, bytes, nullptr,
                            nullptr);
    buffer[bytes] = 0;
    return static_cast<DWORD>(bytes);
}

} // extern "C"
