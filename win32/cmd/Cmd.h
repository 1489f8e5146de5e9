#pragma once

// Halcyon's cmd.exe: a small, honest command interpreter for `cmd /c`, `cmd /k` and commands read
// from standard input. It understands what programs hand to system() and _popen(): builtins
// (echo, exit [/b], set, cd/chdir, type, ver, rem), external programs (searched in the current
// directory, then PATH), redirections (>, >>, <, 2>, 2>&1), pipelines (|) and the && || &
// operators, with %VARIABLE% expansion. Anything else (if, for, goto, call, parentheses, batch
// files) fails with a message that says so, and errorlevel 1.
//
// Built like the system DLLs (no C runtime): only kernel32 imports.

#include "halcyon/win32.h"

// Placement new without the C++ library.
inline void* operator new(size_t, void* where) noexcept { return where; }

namespace cmd {

/// A growable UTF-16 string on the process heap.
class Text {
public:
    Text() = default;
    explicit Text(const WCHAR* s) { append(s); }
    Text(const WCHAR* s, size_t n) { append(s, n); }
    ~Text();
    Text(const Text& other) { append(other.data(), other.size()); }
    Text& operator=(const Text& other);
    Text(Text&& other) : m_data(other.m_data), m_size(other.m_size), m_capacity(other.m_capacity) {
        other.m_data = nullptr;
        other.m_size = other.m_capacity = 0;
    }

    const WCHAR* c_str() const { return m_data ? m_data : L""; }
    const WCHAR* data() const { return c_str(); }
    WCHAR* mutable_data() { return m_data; }
    size_t size() const { return m_size; }
    bool empty() const { return m_size == 0; }
    WCHAR operator[](size_t i) const { return m_data[i]; }

    void append(const WCHAR* s, size_t n);
    void append(const WCHAR* s);
    void append(WCHAR c) { append(&c, 1); }
    void append_ascii(const char* s);
    void append_number(long long value);
    void clear() { m_size = 0; if (m_data) m_data[0] = 0; }
    Text substring(size_t start, size_t length) const;
    bool equals_ignoring_case(const WCHAR* other) const;
    /// Drops trailing blanks.
    void trim_end();

private:
    WCHAR* m_data = nullptr;
    size_t m_size = 0;
    size_t m_capacity = 0;
};

/// A small vector of Texts.
class TextList {
public:
    ~TextList();
    void push(Text text);
    size_t size() const { return m_size; }
    Text& operator[](size_t i) { return m_items[i]; }
    const Text& operator[](size_t i) const { return m_items[i]; }

private:
    Text* m_items = nullptr;
    size_t m_size = 0;
    size_t m_capacity = 0;
};

void* allocate(size_t bytes);
void release(void* memory);

bool is_blank(WCHAR c);
WCHAR upcase(WCHAR c);
bool equals_ignoring_case(const WCHAR* a, size_t a_length, const char* b);

/// Writes text to a handle: UTF-16 through WriteConsoleW on a console, otherwise converted to the
/// console output code page, as cmd does.
void write_text(HANDLE handle, const WCHAR* text, size_t length);
inline void write_text(HANDLE handle, const Text& text) { write_text(handle, text.data(), text.size()); }
void write_ascii(HANDLE handle, const char* text);

/// The state of the interpreter.
struct Shell {
    DWORD errorlevel = 0;
    bool exit_requested = false;
    DWORD exit_code = 0;
};

/// Runs one command line; returns with shell.errorlevel set.
void run_line(Shell& shell, const Text& line);

/// One simple command after its redirections were taken out.
struct Command {
    Text text;  // the command as typed, without its redirections
    Text input;  // "<" target
    Text output; // ">" or ">>" target
    bool append_output = false;
    Text error;  // "2>" target
    bool append_error = false;
    bool error_to_output = false; // 2>&1
};

/// Runs a builtin if `command` names one: returns true (and sets errorlevel) when it did.
bool run_builtin(Shell& shell, const Command& command, HANDLE in, HANDLE out, HANDLE err);

/// Splits a command's text into its words (quotes kept), as argv-like tokens for builtins.
TextList split_words(const Text& text);

} // namespace cmd
