// Strings, memory and output for cmd.exe.

#include "win32/cmd/Cmd.h"

namespace cmd {

void* allocate(size_t bytes) { return HeapAlloc(GetProcessHeap(), 0, bytes ? bytes : 1); }
void release(void* memory) {
    if (memory)
        HeapFree(GetProcessHeap(), 0, memory);
}

Text::~Text() { release(m_data); }

Text& Text::operator=(const Text& other) {
    if (this != &other) {
        clear();
        append(other.data(), other.size());
    }
    return *this;
}

void Text::append(const WCHAR* s, size_t n) {
    if (m_size + n + 1 > m_capacity) {
        size_t capacity = m_capacity ? m_capacity * 2 : 32;
        while (capacity < m_size + n + 1)
            capacity *= 2;
        auto* data = static_cast<WCHAR*>(allocate(capacity * sizeof(WCHAR)));
        if (!data)
            ExitProcess(1);
        for (size_t i = 0; i < m_size; ++i)
            data[i] = m_data[i];
        release(m_data);
        m_data = data;
        m_capacity = capacity;
    }
    for (size_t i = 0; i < n; ++i)
        m_data[m_size + i] = s[i];
    m_size += n;
    m_data[m_size] = 0;
}

void Text::append(const WCHAR* s) {
    size_t n = 0;
    while (s && s[n])
        ++n;
    append(s, n);
}

void Text::append_ascii(const char* s) {
    while (*s)
        append(static_cast<WCHAR>(static_cast<unsigned char>(*s++)));
}

void Text::append_number(long long value) {
    char digits[24];
    int n = 0;
    unsigned long long v = value < 0 ? 0ull - static_cast<unsigned long long>(value) : static_cast<unsigned long long>(value);
    do {
        digits[n++] = static_cast<char>('0' + v % 10);
        v /= 10;
    } while (v);
    if (value < 0)
        append(L'-');
    while (n)
        append(static_cast<WCHAR>(digits[--n]));
}

Text Text::substring(size_t start, size_t length) const {
    if (start > m_size)
        start = m_size;
    if (length > m_size - start)
        length = m_size - start;
    return Text(c_str() + start, length);
}

bool Text::equals_ignoring_case(const WCHAR* other) const {
    size_t i = 0;
    for (; i < m_size && other[i]; ++i)
        if (upcase(m_data[i]) != upcase(other[i]))
            return false;
    return i == m_size && !other[i];
}

void Text::trim_end() {
    while (m_size && is_blank(m_data[m_size - 1]))
        m_data[--m_size] = 0;
}

TextList::~TextList() {
    for (size_t i = 0; i < m_size; ++i)
        m_items[i].~Text();
    release(m_items);
}

void TextList::push(Text text) {
    if (m_size == m_capacity) {
        size_t capacity = m_capacity ? m_capacity * 2 : 8;
        auto* items = static_cast<Text*>(allocate(capacity * sizeof(Text)));
        if (!items)
            ExitProcess(1);
        for (size_t i = 0; i < m_size; ++i) {
            new (&items[i]) Text(static_cast<Text&&>(m_items[i]));
            m_items[i].~Text();
        }
        release(m_items);
        m_items = items;
        m_capacity = capacity;
    }
    new (&m_items[m_size++]) Text(static_cast<Text&&>(text));
}

bool is_blank(WCHAR c) { return c == L' ' || c == L'\t'; }
WCHAR upcase(WCHAR c) { return c >= L'a' && c <= L'z' ? static_cast<WCHAR>(c - 32) : c; }

bool equals_ignoring_case(const WCHAR* a, size_t a_length, const char* b) {
    size_t i = 0;
    for (; i < a_length && b[i]; ++i)
        if (upcase(a[i]) != upcase(static_cast<WCHAR>(b[i])))
            return false;
    return i == a_length && !b[i];
}

void write_text(HANDLE handle, const WCHAR* text, size_t length) {
    if (!length)
        return;
    DWORD mode;
    DWORD written;
    if (GetConsoleMode(handle, &mode)) {
        WriteConsoleW(handle, text, static_cast<DWORD>(length), &written, nullptr);
        return;
    }
    UINT code_page = GetConsoleOutputCP();
    int bytes = WideCharToMultiByte(code_page, 0, text, static_cast<int>(length), nullptr, 0, nullptr, nullptr);
    if (bytes <= 0)
        return;
    char* buffer = static_cast<char*>(allocate(static_cast<size_t>(bytes)));
    if (!buffer)
        return;
    WideCharToMultiByte(code_page, 0, text, static_cast<int>(length), buffer, bytes, nullptr, nullptr);
    WriteFile(handle, buffer, static_cast<DWORD>(bytes), &written, nullptr);
    release(buffer);
}

void write_ascii(HANDLE handle, const char* text) {
    Text wide;
    wide.append_ascii(text);
    write_text(handle, wide);
}

} // namespace cmd
