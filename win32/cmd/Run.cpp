// Parsing and running one command line: %VAR% expansion, the && || & operators, pipelines,
// redirections, and starting external programs.

#include "win32/cmd/Cmd.h"

namespace cmd {

namespace {

enum class Join { First, Always, IfSuccess, IfFailure };

struct Segment {
    Text text; // one pipeline, as typed
    Join join;
};

const DWORD kNotRecognized = 9009; // cmd's errorlevel for an unknown command

/// %NAME% -> value; unknown names stay as typed, as cmd does for command lines. %ERRORLEVEL% and
/// %CD% are dynamic unless the environment defines them.
Text expand_variables(const Shell& shell, const Text& line) {
    Text out;
    for (size_t i = 0; i < line.size(); ++i) {
        if (line[i] != L'%') {
            out.append(line[i]);
            continue;
        }
        size_t end = i + 1;
        while (end < line.size() && line[end] != L'%')
            ++end;
        if (end >= line.size() || end == i + 1) {
            out.append(line[i]);
            continue;
        }
        Text name = line.substring(i + 1, end - i - 1);
        WCHAR value[8192];
        DWORD n = GetEnvironmentVariableW(name.c_str(), value, 8192);
        if (n > 0 && n < 8192) {
            out.append(value, n);
        } else if (name.equals_ignoring_case(L"ERRORLEVEL")) {
            out.append_number(static_cast<int>(shell.errorlevel));
        } else if (name.equals_ignoring_case(L"CD")) {
            n = GetCurrentDirectoryW(8192, value);
            out.append(value, n < 8192 ? n : 0);
        } else {
            out.append(line.c_str() + i, end - i + 1);
        }
        i = end;
    }
    return out;
}

/// Splits at & && || outside quotes (^ escapes the next character). Returns false with a message
/// for syntax this cmd does not have.
bool split_segments(const Text& line, Segment* segments, size_t& count, size_t capacity) {
    count = 0;
    Text current;
    Join join = Join::First;
    bool quoted = false;
    for (size_t i = 0; i < line.size(); ++i) {
        WCHAR c = line[i];
        if (c == L'"')
            quoted = !quoted;
        if (!quoted && c == L'^' && i + 1 < line.size()) {
            current.append(c);
            current.append(line[++i]);
            continue;
        }
        if (!quoted && (c == L'(' || c == L')')) {
            write_ascii(GetStdHandle(STD_ERROR_HANDLE), "cmd: parenthesised command blocks are not supported by Halcyon's cmd.exe\r\n");
            return false;
        }
        bool is_and = !quoted && c == L'&';
        bool is_or = !quoted && c == L'|' && i + 1 < line.size() && line[i + 1] == L'|';
        if (!is_and && !is_or) {
            current.append(c);
            continue;
        }
        if (count == capacity)
            return false;
        segments[count++] = {static_cast<Text&&>(current), join};
        current = Text();
        if (is_and && i + 1 < line.size() && line[i + 1] == L'&') {
            join = Join::IfSuccess;
            ++i;
        } else if (is_or) {
            join = Join::IfFailure;
            ++i;
        } else {
            join = Join::Always;
        }
    }
    if (count == capacity)
        return false;
    segments[count++] = {static_cast<Text&&>(current), join};
    return true;
}

/// Splits a pipeline at single | outside quotes.
TextList split_pipeline(const Text& text) {
    TextList parts;
    Text current;
    bool quoted = false;
    for (size_t i = 0; i < text.size(); ++i) {
        WCHAR c = text[i];
        if (c == L'"')
            quoted = !quoted;
        if (!quoted && c == L'^' && i + 1 < text.size()) {
            current.append(c);
            current.append(text[++i]);
            continue;
        }
        if (!quoted && c == L'|') {
            parts.push(static_cast<Text&&>(current));
            current = Text();
            continue;
        }
        current.append(c);
    }
    parts.push(static_cast<Text&&>(current));
    return parts;
}

/// Reads a redirection target starting at `i` (after the operator and blanks).
Text read_target(const Text& text, size_t& i) {
    while (i < text.size() && is_blank(text[i]))
        ++i;
    Text target;
    bool quoted = false;
    while (i < text.size() && (quoted || (!is_blank(text[i]) && text[i] != L'<' && text[i] != L'>'))) {
        if (text[i] == L'"')
            quoted = !quoted;
        else
            target.append(text[i]);
        ++i;
    }
    return target;
}

/// Takes the redirections out of one command. ^ escapes are removed here.
bool parse_command(const Text& raw, Command& command) {
    bool quoted = false;
    for (size_t i = 0; i < raw.size();) {
        WCHAR c = raw[i];
        if (c == L'"') {
            quoted = !quoted;
            command.text.append(c);
            ++i;
            continue;
        }
        if (!quoted && c == L'^' && i + 1 < raw.size()) {
            command.text.append(raw[i + 1]);
            i += 2;
            continue;
        }
        bool stream_2 = !quoted && c == L'2' && i + 1 < raw.size() && raw[i + 1] == L'>' &&
                        (i == 0 || is_blank(raw[i - 1]));
        bool stream_1 = !quoted && c == L'1' && i + 1 < raw.size() && raw[i + 1] == L'>' &&
                        (i == 0 || is_blank(raw[i - 1]));
        if (!quoted && (c == L'>' || stream_2 || stream_1)) {
            if (stream_2 || stream_1)
                ++i;
            ++i; // '>'
            bool append = i < raw.size() && raw[i] == L'>';
            if (append)
                ++i;
            if (stream_2 && i + 1 < raw.size() && raw[i] == L'&' && raw[i + 1] == L'1') {
                command.error_to_output = true;
                i += 2;
                continue;
            }
            Text target = read_target(raw, i);
            if (target.empty()) {
                write_ascii(GetStdHandle(STD_ERROR_HANDLE), "The syntax of the command is incorrect.\r\n");
                return false;
            }
            if (stream_2) {
                command.error = static_cast<Text&&>(target);
                command.append_error = append;
            } else {
                command.output = static_cast<Text&&>(target);
                command.append_output = append;
            }
            continue;
        }
        if (!quoted && c == L'<') {
            ++i;
            Text target = read_target(raw, i);
            if (target.empty()) {
                write_ascii(GetStdHandle(STD_ERROR_HANDLE), "The syntax of the command is incorrect.\r\n");
                return false;
            }
            command.input = static_cast<Text&&>(target);
            continue;
        }
        command.text.append(c);
        ++i;
    }
    return true;
}

HANDLE open_redirection(const Text& path, bool for_output, bool append) {
    SECURITY_ATTRIBUTES inheritable{sizeof(SECURITY_ATTRIBUTES), nullptr, TRUE};
    HANDLE file = CreateFileW(path.c_str(), for_output ? (append ? FILE_APPEND_DATA | SYNCHRONIZE : GENERIC_WRITE) : GENERIC_READ,
                              FILE_SHARE_READ | FILE_SHARE_WRITE, &inheritable,
                              for_output ? (append ? OPEN_ALWAYS : CREATE_ALWAYS) : OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL,
                              nullptr);
    if (file == INVALID_HANDLE_VALUE) {
        write_ascii(GetStdHandle(STD_ERROR_HANDLE),
                    for_output ? "The system cannot find the path specified.\r\n" : "The system cannot find the file specified.\r\n");
    }
    return file;
}

bool has_extension(const Text& name) {
    bool dot = false;
    for (size_t i = 0; i < name.size(); ++i) {
        if (name[i] == L'\\' || name[i] == L'/')
            dot = false;
        else if (name[i] == L'.')
            dot = true;
    }
    return dot;
}

bool is_file(const Text& path) {
    DWORD attributes = GetFileAttributesW(path.c_str());
    return attributes != INVALID_FILE_ATTRIBUTES && !(attributes & FILE_ATTRIBUTE_DIRECTORY);
}

/// Finds the program a command names as cmd does: with a path, only there; otherwise in the
/// current directory, then in each PATH directory. ".exe" and ".com" are tried when the name has
/// no extension.
bool find_program(const Text& name, Text& found) {
    bool has_path = false;
    for (size_t i = 0; i < name.size(); ++i)
        if (name[i] == L'\\' || name[i] == L'/' || name[i] == L':')
            has_path = true;
    auto try_in = [&](const WCHAR* directory, size_t length) {
        const char* extensions[] = {"", ".exe", ".com"};
        for (const char* extension : extensions) {
            if (!*extension && !has_extension(name))
                continue;
            if (*extension && has_extension(name))
                continue;
            Text candidate(directory, length);
            if (length && directory[length - 1] != L'\\')
                candidate.append(L'\\');
            candidate.append(name.data(), name.size());
            candidate.append_ascii(extension);
            if (is_file(candidate)) {
                WCHAR full[1024];
                DWORD n = GetFullPathNameW(candidate.c_str(), 1024, full, nullptr);
                found = n && n < 1024 ? Text(full, n) : candidate;
                return true;
            }
        }
        return false;
    };
    if (has_path)
        return try_in(L"", 0);
    WCHAR directory[1024];
    DWORD n = GetCurrentDirectoryW(1024, directory);
    if (n && n < 1024 && try_in(directory, n))
        return true;
    static WCHAR path[32768];
    n = GetEnvironmentVariableW(L"PATH", path, 32768);
    if (n == 0 || n >= 32768)
        return false;
    const WCHAR* entry = path;
    while (*entry) {
        const WCHAR* end = entry;
        while (*end && *end != L';')
            ++end;
        if (end > entry && try_in(entry, static_cast<size_t>(end - entry)))
            return true;
        entry = *end ? end + 1 : end;
    }
    return false;
}

bool is_unsupported_keyword(const Text& word) {
    const char* keywords[] = {"if", "for", "goto", "call", "setlocal", "endlocal", "pushd", "popd", "shift"};
    for (const char* keyword : keywords)
        if (equals_ignoring_case(word.data(), word.size(), keyword))
            return true;
    return false;
}

void set_inherit(HANDLE handle, bool inherit) {
    if (handle && handle != INVALID_HANDLE_VALUE)
        SetHandleInformation(handle, HANDLE_FLAG_INHERIT, inherit ? HANDLE_FLAG_INHERIT : 0);
}

/// Starts an external program with the given standard handles. Returns its process handle, or
/// null (errorlevel set) when it cannot be started.
HANDLE start_program(Shell& shell, const Command& command, const Text& name, HANDLE in, HANDLE out, HANDLE err) {
    Text program;
    if (!find_program(name, program)) {
        Text message;
        message.append(L'\'');
        message.append(name.data(), name.size());
        message.append_ascii("' is not recognized as an internal or external command,\r\noperable program or batch file.\r\n");
        write_text(err, message);
        shell.errorlevel = kNotRecognized;
        return nullptr;
    }
    Text extension = program.size() >= 4 ? program.substring(program.size() - 4, 4) : Text();
    if (extension.equals_ignoring_case(L".bat") || extension.equals_ignoring_case(L".cmd")) {
        write_ascii(err, "cmd: batch files are not supported by Halcyon's cmd.exe\r\n");
        shell.errorlevel = 1;
        return nullptr;
    }
    STARTUPINFOW startup{};
    startup.cb = sizeof startup;
    startup.dwFlags = STARTF_USESTDHANDLES;
    startup.hStdInput = in;
    startup.hStdOutput = out;
    startup.hStdError = err;
    PROCESS_INFORMATION info{};
    // The command line as typed, from the program name on.
    size_t start = 0;
    while (start < command.text.size() && (is_blank(command.text[start]) || command.text[start] == L'@'))
        ++start;
    Text line = command.text.substring(start, command.text.size());
    // Only the child's own standard handles may be inherited, or a pipe's write end would stay
    // open in its reader and the reader would never see the end of its input.
    set_inherit(in, true);
    set_inherit(out, true);
    set_inherit(err, true);
    BOOL started = CreateProcessW(program.c_str(), line.mutable_data() ? line.mutable_data() : const_cast<WCHAR*>(L""),
                                  nullptr, nullptr, TRUE, 0, nullptr, nullptr, &startup, &info);
    DWORD error = GetLastError();
    set_inherit(in, false);
    set_inherit(out, false);
    set_inherit(err, false);
    if (!started) {
        Text message;
        message.append_ascii("cmd: cannot run ");
        message.append(program.data(), program.size());
        message.append_ascii(" (error ");
        message.append_number(static_cast<long long>(error));
        message.append_ascii(")\r\n");
        write_text(err, message);
        shell.errorlevel = error == ERROR_BAD_EXE_FORMAT ? error : 1;
        return nullptr;
    }
    CloseHandle(info.hThread);
    return info.hProcess;
}

/// Runs a pipeline of one or more commands; errorlevel is the last command's.
void run_pipeline(Shell& shell, const Text& text) {
    TextList parts = split_pipeline(text);
    size_t count = parts.size();
    constexpr size_t kMaxStages = 16;
    if (count > kMaxStages) {
        write_ascii(GetStdHandle(STD_ERROR_HANDLE), "cmd: pipeline too long\r\n");
        shell.errorlevel = 1;
        return;
    }
    Command commands[kMaxStages];
    for (size_t i = 0; i < count; ++i) {
        if (!parse_command(parts[i], commands[i])) {
            shell.errorlevel = 1;
            return;
        }
        if (split_words(commands[i].text).size() == 0 && count > 1) {
            write_ascii(GetStdHandle(STD_ERROR_HANDLE), "The syntax of the command is incorrect.\r\n");
            shell.errorlevel = 1;
            return;
        }
    }
    // Pipes between the stages (not inheritable until a child is started with them).
    HANDLE pipe_read[kMaxStages] = {}, pipe_write[kMaxStages] = {};
    for (size_t i = 0; i + 1 < count; ++i) {
        if (!CreatePipe(&pipe_read[i], &pipe_write[i], nullptr, 0)) {
            write_ascii(GetStdHandle(STD_ERROR_HANDLE), "cmd: cannot create a pipe\r\n");
            shell.errorlevel = 1;
            return;
        }
    }
    HANDLE processes[kMaxStages] = {};
    HANDLE opened[kMaxStages * 3] = {};
    size_t opened_count = 0;
    bool is_builtin_stage[kMaxStages] = {};
    HANDLE stage_in[kMaxStages], stage_out[kMaxStages], stage_err[kMaxStages];
    bool failed_redirection = false;
    for (size_t i = 0; i < count && !failed_redirection; ++i) {
        const Command& command = commands[i];
        HANDLE in = i > 0 ? pipe_read[i - 1] : GetStdHandle(STD_INPUT_HANDLE);
        HANDLE out = i + 1 < count ? pipe_write[i] : GetStdHandle(STD_OUTPUT_HANDLE);
        HANDLE err = GetStdHandle(STD_ERROR_HANDLE);
        if (!command.input.empty()) {
            in = open_redirection(command.input, false, false);
            if (in == INVALID_HANDLE_VALUE) {
                failed_redirection = true;
                break;
            }
            opened[opened_count++] = in;
        }
        if (!command.output.empty()) {
            out = open_redirection(command.output, true, command.append_output);
            if (out == INVALID_HANDLE_VALUE) {
                failed_redirection = true;
                break;
            }
            opened[opened_count++] = out;
        }
        if (command.error_to_output) {
            err = out;
        } else if (!command.error.empty()) {
            err = open_redirection(command.error, true, command.append_error);
            if (err == INVALID_HANDLE_VALUE) {
                failed_redirection = true;
                break;
            }
            opened[opened_count++] = err;
        }
        if (command.append_output && out != INVALID_HANDLE_VALUE) {
            LARGE_INTEGER zero{};
            SetFilePointerEx(out, zero, nullptr, FILE_END);
        }
        stage_in[i] = in;
        stage_out[i] = out;
        stage_err[i] = err;
    }
    if (failed_redirection) {
        shell.errorlevel = 1;
    } else {
        // External programs start first, all at once, so builtins writing into a pipe always
        // have a reader.
        for (size_t i = 0; i < count; ++i) {
            TextList words = split_words(commands[i].text);
            if (words.size() == 0)
                continue;
            if (is_unsupported_keyword(words[0])) {
                Text message;
                message.append_ascii("cmd: '");
                message.append(words[0].data(), words[0].size());
                message.append_ascii("' is not supported by Halcyon's cmd.exe\r\n");
                write_text(stage_err[i], message);
                shell.errorlevel = 1;
                is_builtin_stage[i] = true;
                continue;
            }
            // Builtins are recognised by name; their run happens below.
            const char* builtins[] = {"echo", "exit", "set", "cd", "chdir", "type", "ver", "rem", "echo.", "cls"};
            bool builtin = false;
            for (const char* name : builtins)
                builtin |= equals_ignoring_case(words[0].data(), words[0].size(), name);
            if (words[0].size() >= 5 && equals_ignoring_case(words[0].data(), 5, "echo.") )
                builtin = true;
            if (builtin) {
                is_builtin_stage[i] = true;
                continue;
            }
            Text name = words[0];
            // The program name without its quotes.
            Text unquoted;
            for (size_t k = 0; k < name.size(); ++k)
                if (name[k] != L'"')
                    unquoted.append(name[k]);
            processes[i] = start_program(shell, commands[i], unquoted, stage_in[i], stage_out[i], stage_err[i]);
        }
        // Our copies of the pipe ends the children now hold.
        for (size_t i = 0; i < count; ++i) {
            if (!is_builtin_stage[i]) {
                if (i > 0 && pipe_read[i - 1]) {
                    CloseHandle(pipe_read[i - 1]);
                    pipe_read[i - 1] = nullptr;
                }
                if (i + 1 < count && pipe_write[i]) {
                    CloseHandle(pipe_write[i]);
                    pipe_write[i] = nullptr;
                }
            }
        }
        for (size_t i = 0; i < count; ++i) {
            if (!is_builtin_stage[i])
                continue;
            TextList words = split_words(commands[i].text);
            if (!is_unsupported_keyword(words[0]))
                run_builtin(shell, commands[i], stage_in[i], stage_out[i], stage_err[i]);
            if (i + 1 < count && pipe_write[i]) {
                CloseHandle(pipe_write[i]);
                pipe_write[i] = nullptr;
            }
            if (i > 0 && pipe_read[i - 1]) {
                CloseHandle(pipe_read[i - 1]);
                pipe_read[i - 1] = nullptr;
            }
            if (shell.exit_requested)
                break;
        }
        for (size_t i = 0; i < count; ++i) {
            if (!processes[i]) {
                if (!is_builtin_stage[i] && i + 1 == count && shell.errorlevel == 0)
                    shell.errorlevel = 1;
                continue;
            }
            WaitForSingleObject(processes[i], INFINITE);
            DWORD code = 0;
            GetExitCodeProcess(processes[i], &code);
            if (i + 1 == count)
                shell.errorlevel = code;
            CloseHandle(processes[i]);
        }
    }
    for (size_t i = 0; i + 1 < count; ++i) {
        if (pipe_read[i])
            CloseHandle(pipe_read[i]);
        if (pipe_write[i])
            CloseHandle(pipe_write[i]);
    }
    for (size_t i = 0; i < opened_count; ++i)
        CloseHandle(opened[i]);
}

} // namespace

TextList split_words(const Text& text) {
    TextList words;
    size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && (is_blank(text[i]) || text[i] == L'@'))
            ++i;
        if (i >= text.size())
            break;
        Text word;
        bool quoted = false;
        while (i < text.size() && (quoted || !is_blank(text[i]))) {
            if (text[i] == L'"')
                quoted = !quoted;
            word.append(text[i]);
            ++i;
        }
        words.push(static_cast<Text&&>(word));
    }
    return words;
}

void run_line(Shell& shell, const Text& raw_line) {
    Text line = expand_variables(shell, raw_line);
    constexpr size_t kMaxSegments = 64;
    Segment* segments = static_cast<Segment*>(allocate(sizeof(Segment) * kMaxSegments));
    for (size_t i = 0; i < kMaxSegments; ++i)
        new (&segments[i]) Segment{Text(), Join::First};
    size_t count = 0;
    if (!split_segments(line, segments, count, kMaxSegments)) {
        shell.errorlevel = 1;
    } else {
        for (size_t i = 0; i < count && !shell.exit_requested; ++i) {
            if (segments[i].join == Join::IfSuccess && shell.errorlevel != 0)
                continue;
            if (segments[i].join == Join::IfFailure && shell.errorlevel == 0)
                continue;
            TextList words = split_words(segments[i].text);
            if (words.size() == 0) {
                if (segments[i].join != Join::First || i + 1 < count) {
                    write_ascii(GetStdHandle(STD_ERROR_HANDLE), "The syntax of the command is incorrect.\r\n");
                    shell.errorlevel = 1;
                    break;
                }
                continue;
            }
            run_pipeline(shell, segments[i].text);
        }
    }
    for (size_t i = 0; i < kMaxSegments; ++i)
        segments[i].~Segment();
    release(segments);
}

} // namespace cmd
