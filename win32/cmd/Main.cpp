// cmd.exe's entry point: `cmd /c COMMAND`, `cmd /k COMMAND`, or commands read from standard input.

#include "win32/cmd/Cmd.h"

namespace cmd {

namespace {

/// The text after cmd's own name on its command line.
const WCHAR* skip_program_name(const WCHAR* line) {
    while (is_blank(*line))
        ++line;
    if (*line == L'"') {
        ++line;
        while (*line && *line != L'"')
            ++line;
        if (*line)
            ++line;
    } else {
        while (*line && !is_blank(*line))
            ++line;
    }
    return line;
}

/// What follows /c or /k, with cmd's quote rule ("cmd /?"): if the text starts with a quote and
/// holds exactly two, with no special character and some white space between them, and the quoted
/// text names a file, the quotes stay; otherwise the first quote and the last one are removed.
Text command_after_switch(const WCHAR* text) {
    while (is_blank(*text))
        ++text;
    Text command(text);
    if (command.empty() || command[0] != L'"')
        return command;
    size_t quotes = 0, second = 0;
    for (size_t i = 0; i < command.size(); ++i) {
        if (command[i] == L'"') {
            if (++quotes == 2)
                second = i;
        }
    }
    if (quotes == 2) {
        bool special = false, blank = false;
        for (size_t i = 1; i < second; ++i) {
            WCHAR c = command[i];
            special |= c == L'&' || c == L'<' || c == L'>' || c == L'(' || c == L')' || c == L'@' || c == L'^' || c == L'|';
            blank |= is_blank(c);
        }
        Text inside = command.substring(1, second - 1);
        DWORD attributes = GetFileAttributesW(inside.c_str());
        if (!special && blank && attributes != INVALID_FILE_ATTRIBUTES && !(attributes & FILE_ATTRIBUTE_DIRECTORY))
            return command;
    }
    size_t last = command.size();
    while (last > 1 && command[last - 1] != L'"')
        --last;
    Text stripped = command.substring(1, last > 1 ? last - 2 : command.size() - 1);
    if (last > 1)
        stripped.append(command.c_str() + last, command.size() - last);
    return stripped;
}

/// Reads lines from standard input and runs them until end of input or `exit`.
void interactive(Shell& shell) {
    HANDLE in = GetStdHandle(STD_INPUT_HANDLE);
    HANDLE out = GetStdHandle(STD_OUTPUT_HANDLE);
    DWORD mode;
    bool console = GetConsoleMode(in, &mode);
    char buffer[4096];
    Text pending;
    for (;;) {
        if (console) {
            WCHAR directory[1024];
            DWORD n = GetCurrentDirectoryW(1024, directory);
            Text prompt(directory, n < 1024 ? n : 0);
            prompt.append(L'>');
            write_text(out, prompt);
        }
        // One line.
        Text line;
        bool ended = false;
        for (;;) {
            size_t newline = 0;
            while (newline < pending.size() && pending[newline] != L'\n')
                ++newline;
            if (newline < pending.size()) {
                line = pending.substring(0, newline);
                pending = pending.substring(newline + 1, pending.size());
                break;
            }
            DWORD got = 0;
            if (!ReadFile(in, buffer, sizeof buffer, &got, nullptr) || got == 0) {
                line = pending;
                pending.clear();
                ended = true;
                break;
            }
            WCHAR wide[4096];
            int chars = MultiByteToWideChar(GetConsoleCP(), 0, buffer, static_cast<int>(got), wide, 4096);
            pending.append(wide, chars > 0 ? static_cast<size_t>(chars) : 0);
        }
        if (line.size() && line[line.size() - 1] == L'\r')
            line = line.substring(0, line.size() - 1);
        if (!line.empty())
            run_line(shell, line);
        if (shell.exit_requested || ended)
            return;
    }
}

} // namespace

} // namespace cmd

extern "C" void CmdMain() {
    using namespace cmd;
    Shell shell;
    const WCHAR* arguments = skip_program_name(GetCommandLineW());
    // Switches before /c or /k (/q, /d, /a, /u, /s ...) are accepted and ignored.
    const WCHAR* p = arguments;
    bool run_once = false, keep = false;
    while (*p) {
        while (is_blank(*p))
            ++p;
        if (p[0] != L'/')
            break;
        WCHAR option = upcase(p[1]);
        p += 2;
        if (option == L'C' || option == L'K') {
            run_once = option == L'C';
            keep = option == L'K';
            break;
        }
        while (*p && !is_blank(*p) && *p != L'/')
            ++p;
    }
    if (run_once || keep) {
        Text command = command_after_switch(p);
        run_line(shell, command);
        if (run_once || shell.exit_requested)
            ExitProcess(shell.exit_requested ? shell.exit_code : shell.errorlevel);
    }
    interactive(shell);
    ExitProcess(shell.exit_requested ? shell.exit_code : shell.errorlevel);
}
