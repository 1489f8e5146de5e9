// The builtin commands: echo, exit [/b] [N], set, cd/chdir, type, ver, rem, cls.

#include "win32/cmd/Cmd.h"

namespace cmd {

namespace {

/// The text after the command's name and the one delimiter that ends it, as echo and set see it.
Text argument_text(const Text& text, size_t name_length) {
    size_t i = 0;
    while (i < text.size() && (is_blank(text[i]) || text[i] == L'@'))
        ++i;
    i += name_length;
    if (i < text.size() && (is_blank(text[i]) || text[i] == L'.' || text[i] == L',' || text[i] == L';' ||
                            text[i] == L'=' || text[i] == L'/' || text[i] == L'('))
        ++i;
    return text.substring(i, text.size());
}

long long parse_number(const Text& word, bool& ok) {
    long long value = 0;
    size_t i = 0;
    bool negative = false;
    if (i < word.size() && (word[i] == L'-' || word[i] == L'+'))
        negative = word[i++] == L'-';
    ok = i < word.size();
    for (; i < word.size(); ++i) {
        if (word[i] < L'0' || word[i] > L'9') {
            ok = false;
            break;
        }
        value = value * 10 + (word[i] - L'0');
    }
    return negative ? -value : value;
}

void builtin_echo(Shell& shell, const Text& text, const Text& name, HANDLE out) {
    Text words = argument_text(text, 4);
    bool blank = true;
    for (size_t i = 0; i < words.size(); ++i)
        blank &= is_blank(words[i]);
    // "echo" alone reports the echo state; "echo." (echo, echo; ...) prints an empty line.
    if (name.size() == 4 && blank) {
        write_ascii(out, "ECHO is on.\r\n");
        return;
    }
    Text trimmed = words;
    trimmed.trim_end();
    if (name.size() == 4 && (trimmed.equals_ignoring_case(L"off") || trimmed.equals_ignoring_case(L"on")))
        return; // there is no command echo in /c mode to switch
    Text line = words;
    line.append_ascii("\r\n");
    write_text(out, line);
}

void builtin_set(Shell& shell, const Text& text, HANDLE out, HANDLE err) {
    Text argument = argument_text(text, 3);
    // Strip the quotes of set "NAME=value".
    if (argument.size() >= 2 && argument[0] == L'"') {
        size_t last = argument.size();
        while (last > 1 && argument[last - 1] != L'"')
            --last;
        argument = argument.substring(1, last > 1 ? last - 2 : argument.size() - 1);
    }
    size_t equals = 0;
    while (equals < argument.size() && argument[equals] != L'=')
        ++equals;
    if (equals < argument.size()) {
        if (equals == 0) {
            write_ascii(err, "The syntax of the command is incorrect.\r\n");
            shell.errorlevel = 1;
            return;
        }
        Text name = argument.substring(0, equals);
        Text value = argument.substring(equals + 1, argument.size());
        SetEnvironmentVariableW(name.c_str(), value.empty() ? nullptr : value.c_str());
        shell.errorlevel = 0;
        return;
    }
    // List the variables whose names start with the argument (all of them without one).
    Text prefix = argument;
    prefix.trim_end();
    WCHAR* block = GetEnvironmentStringsW();
    bool any = false;
    for (WCHAR* entry = block; entry && *entry;) {
        size_t length = 0;
        while (entry[length])
            ++length;
        bool matches = entry[0] != L'=';
        for (size_t i = 0; matches && i < prefix.size(); ++i)
            matches = i < length && upcase(entry[i]) == upcase(prefix[i]);
        if (matches) {
            Text line(entry, length);
            line.append_ascii("\r\n");
            write_text(out, line);
            any = true;
        }
        entry += length + 1;
    }
    if (block)
        FreeEnvironmentStringsW(block);
    if (!any) {
        Text message;
        message.append_ascii("Environment variable ");
        message.append(prefix.data(), prefix.size());
        message.append_ascii(" not defined\r\n");
        write_text(err, message);
        shell.errorlevel = 1;
        return;
    }
    shell.errorlevel = 0;
}

void builtin_cd(Shell& shell, const TextList& words, HANDLE out, HANDLE err) {
    size_t first = 1;
    if (words.size() > first && words[first].equals_ignoring_case(L"/d"))
        ++first;
    if (words.size() <= first) {
        WCHAR directory[1024];
        DWORD n = GetCurrentDirectoryW(1024, directory);
        Text line(directory, n < 1024 ? n : 0);
        line.append_ascii("\r\n");
        write_text(out, line);
        shell.errorlevel = 0;
        return;
    }
    Text path;
    for (size_t i = first; i < words.size(); ++i) {
        if (i > first)
            path.append(L' ');
        for (size_t k = 0; k < words[i].size(); ++k)
            if (words[i][k] != L'"')
                path.append(words[i][k]);
    }
    if (!SetCurrentDirectoryW(path.c_str())) {
        write_ascii(err, "The system cannot find the path specified.\r\n");
        shell.errorlevel = 1;
        return;
    }
    shell.errorlevel = 0;
}

void builtin_type(Shell& shell, const TextList& words, HANDLE out, HANDLE err) {
    if (words.size() < 2) {
        write_ascii(err, "The syntax of the command is incorrect.\r\n");
        shell.errorlevel = 1;
        return;
    }
    shell.errorlevel = 0;
    for (size_t w = 1; w < words.size(); ++w) {
        Text path;
        for (size_t k = 0; k < words[w].size(); ++k)
            if (words[w][k] != L'"')
                path.append(words[w][k]);
        HANDLE file = CreateFileW(path.c_str(), GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, nullptr, OPEN_EXISTING,
                                  FILE_ATTRIBUTE_NORMAL, nullptr);
        if (file == INVALID_HANDLE_VALUE) {
            write_ascii(err, "The system cannot find the file specified.\r\n");
            shell.errorlevel = 1;
            continue;
        }
        char buffer[4096];
        DWORD n = 0;
        while (ReadFile(file, buffer, sizeof buffer, &n, nullptr) && n) {
            DWORD written;
            WriteFile(out, buffer, n, &written, nullptr);
        }
        CloseHandle(file);
    }
}

void builtin_exit(Shell& shell, const TextList& words) {
    size_t next = 1;
    if (words.size() > next && words[next].equals_ignoring_case(L"/b"))
        ++next;
    long long code = shell.errorlevel;
    if (words.size() > next) {
        bool ok;
        long long value = parse_number(words[next], ok);
        code = ok ? value : 0;
    }
    // In /c mode (no batch file) "exit /b N" and "exit N" both end cmd with N.
    shell.errorlevel = static_cast<DWORD>(code);
    shell.exit_code = static_cast<DWORD>(code);
    shell.exit_requested = true;
}

} // namespace

bool run_builtin(Shell& shell, const Command& command, HANDLE, HANDLE out, HANDLE err) {
    TextList words = split_words(command.text);
    if (words.size() == 0)
        return false;
    const Text& name = words[0];
    if (name.size() >= 4 && equals_ignoring_case(name.data(), 4, "echo") &&
        (name.size() == 4 || name[4] == L'.' || name[4] == L',' || name[4] == L';' || name[4] == L'=' || name[4] == L'/')) {
        // echo and rem leave errorlevel alone, as cmd's do.
        builtin_echo(shell, command.text, name, out);
        return true;
    }
    if (name.equals_ignoring_case(L"rem"))
        return true;
    if (name.equals_ignoring_case(L"exit")) {
        builtin_exit(shell, words);
        return true;
    }
    if (name.equals_ignoring_case(L"set")) {
        builtin_set(shell, command.text, out, err);
        return true;
    }
    if (name.equals_ignoring_case(L"cd") || name.equals_ignoring_case(L"chdir")) {
        builtin_cd(shell, words, out, err);
        return true;
    }
    if (name.equals_ignoring_case(L"type")) {
        builtin_type(shell, words, out, err);
        return true;
    }
    if (name.equals_ignoring_case(L"ver")) {
        write_ascii(out, "\r\nHalcyon cmd [Version 10.0.19045]\r\n");
        shell.errorlevel = 0;
        return true;
    }
    if (name.equals_ignoring_case(L"cls")) {
        shell.errorlevel = 0;
        return true;
    }
    return false;
}

} // namespace cmd
