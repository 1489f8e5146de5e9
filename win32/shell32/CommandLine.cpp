// CommandLineToArgvW with Windows' rules:
//   - The first argument (the program) ends at the first space or tab, or, when it starts with a
//     quote, at the next quote; backslashes in it are plain characters.
//   - Later arguments are separated by spaces and tabs outside quotes. 2n backslashes before a
//     quote become n backslashes and the quote acts; 2n+1 backslashes before a quote become n
//     backslashes and a literal quote; backslashes before anything else are literal.
//   - A quote outside quotes opens a quoted part. Inside one, a quote followed by another quote
//     is a literal quote and closes the part; a lone quote just closes it.
//   - An empty command line gives the program's path as the only argument.
// The result is one LocalAlloc block (the pointer array, then the strings) that the caller frees
// with LocalFree.

#include "halcyon/win32.h"

namespace {

bool is_blank(WCHAR c) {
    return c == ' ' || c == '\t';
}

/// Parses the arguments after the program name. With `out` null only counts: `count` and the
/// characters needed (each argument's terminator included) are returned.
void parse_arguments(LPCWSTR p, LPWSTR* argv, WCHAR* out, int& count, size_t& characters) {
    for (;;) {
        while (is_blank(*p))
            ++p;
        if (!*p)
            return;
        if (argv)
            argv[count] = out;
        ++count;
        bool quoted = false;
        while (*p && (quoted || !is_blank(*p))) {
            if (*p == '\\') {
                size_t backslashes = 0;
                while (p[backslashes] == '\\')
                    ++backslashes;
                if (p[backslashes] == '"') {
                    for (size_t i = 0; i < backslashes / 2; ++i, ++characters)
                        if (out)
                            *out++ = '\\';
                    p += backslashes;
                    if (backslashes % 2) {
                        if (out)
                            *out++ = '"';
                        ++characters;
                        ++p;
                    }
                } else {
                    for (size_t i = 0; i < backslashes; ++i, ++characters)
                        if (out)
                            *out++ = '\\';
                    p += backslashes;
                }
                continue;
            }
            if (*p == '"') {
                if (!quoted) {
                    quoted = true;
                    ++p;
                } else if (p[1] == '"') {
                    if (out)
                        *out++ = '"';
                    ++characters;
                    p += 2;
                    quoted = false;
                } else {
                    quoted = false;
                    ++p;
                }
                continue;
            }
            if (out)
                *out++ = *p;
            ++characters;
            ++p;
        }
        if (out)
            *out++ = 0;
        ++characters;
    }
}

/// The program name: [start, end) and where the arguments begin.
void split_program(LPCWSTR line, LPCWSTR& start, LPCWSTR& end, LPCWSTR& rest) {
    LPCWSTR p = line;
    if (*p == '"') {
        start = ++p;
        while (*p && *p != '"')
            ++p;
        end = p;
        if (*p)
            ++p;
    } else {
        start = p;
        while (*p && !is_blank(*p))
            ++p;
        end = p;
    }
    rest = p;
}

} // namespace

extern "C" {

LPWSTR* WINAPI CommandLineToArgvW(LPCWSTR command_line, int* argument_count) {
    if (!argument_count || !command_line) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return nullptr;
    }
    WCHAR module[MAX_PATH + 1];
    LPCWSTR start, end, rest;
    if (!*command_line) {
        DWORD const length = GetModuleFileNameW(nullptr, module, MAX_PATH + 1);
        module[length <= MAX_PATH ? length : MAX_PATH] = 0;
        start = module;
        end = module + (length <= MAX_PATH ? length : MAX_PATH);
        rest = end;
    } else {
        split_program(command_line, start, end, rest);
    }
    int count = 1;
    size_t characters = static_cast<size_t>(end - start) + 1;
    parse_arguments(rest, nullptr, nullptr, count, characters);

    size_t const pointers = (static_cast<size_t>(count) + 1) * sizeof(LPWSTR);
    auto* block = static_cast<BYTE*>(LocalAlloc(LMEM_FIXED, pointers + characters * sizeof(WCHAR)));
    if (!block) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return nullptr;
    }
    auto** argv = reinterpret_cast<LPWSTR*>(block);
    auto* out = reinterpret_cast<WCHAR*>(block + pointers);
    argv[0] = out;
    for (LPCWSTR p = start; p < end; ++p)
        *out++ = *p;
    *out++ = 0;
    int filled = 1;
    size_t ignored = 0;
    parse_arguments(rest, argv, out, filled, ignored);
    argv[count] = nullptr;
    *argument_count = count;
    return argv;
}

} // extern "C"
