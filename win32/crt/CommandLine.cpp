// Command-line splitting (see CommandLine.h). The loop mirrors the CRT's parse_cmdline so the
// edge cases (odd backslash runs, "" inside quotes, quotes in argv[0]) match it exactly.

#include "win32/crt/CommandLine.h"

namespace crt {

template <typename CharT>
void parse_command_line(const CharT* p, CharT** argv, CharT* buffer, size_t& argc, size_t& characters) {
    argc = 0;
    characters = 0;
    auto emit = [&](CharT c) {
        if (buffer)
            buffer[characters] = c;
        ++characters;
    };
    static const CharT kEmpty[1] = {0};
    if (!p)
        p = kEmpty;

    // argv[0]: the program name.
    if (argv)
        argv[argc] = buffer ? buffer + characters : nullptr;
    ++argc;
    bool in_quotes = false;
    CharT c;
    do {
        if (*p == '"') {
            in_quotes = !in_quotes;
            c = *p++;
            continue;
        }
        emit(*p);
        c = *p++;
    } while (c != 0 && (in_quotes || (c != ' ' && c != '\t')));
    if (c == 0) {
        --p;
    } else if (buffer) {
        buffer[characters - 1] = 0; // replace the separator that was copied
    }
    in_quotes = false;

    for (;;) {
        while (*p == ' ' || *p == '\t')
            ++p;
        if (*p == 0)
            break;
        if (argv)
            argv[argc] = buffer ? buffer + characters : nullptr;
        ++argc;
        for (;;) {
            bool copy = true;
            size_t backslashes = 0;
            while (*p == '\\') {
                ++p;
                ++backslashes;
            }
            if (*p == '"') {
                if (backslashes % 2 == 0) {
                    if (in_quotes && p[1] == '"') {
                        ++p; // "" inside quotes: a literal quote
                    } else {
                        copy = false;
                        in_quotes = !in_quotes;
                    }
                }
                backslashes /= 2;
            }
            while (backslashes--)
                emit('\\');
            if (*p == 0 || (!in_quotes && (*p == ' ' || *p == '\t')))
                break;
            if (copy)
                emit(*p);
            ++p;
        }
        emit(0);
    }
    if (argv)
        argv[argc] = nullptr;
}

template void parse_command_line<char>(const char*, char**, char*, size_t&, size_t&);
template void parse_command_line<WideChar>(const WideChar*, WideChar**, WideChar*, size_t&, size_t&);

} // namespace crt
