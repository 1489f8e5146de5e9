#pragma once

// Splitting a command line into argv with the Microsoft C runtime's rules (VS2008 and later,
// msvcrt.dll on current Windows; "Parsing C command-line arguments" on learn.microsoft.com):
//   - argv[0] is taken up to the first unquoted space or tab; quotes toggle but are dropped and
//     backslashes are literal (a program path cannot contain quotes);
//   - later arguments are separated by unquoted spaces/tabs;
//   - 2n backslashes before a quote become n backslashes and the quote toggles quoting;
//     2n+1 backslashes before a quote become n backslashes and a literal quote;
//   - backslashes not followed by a quote are literal;
//   - inside a quoted part, "" is a literal quote (and quoting continues).

#include "win32/crt/CrtTypes.h"

namespace crt {

/// Measures (argv/buffer null) or fills the argument vector. `argc` receives the argument
/// count, `characters` the characters needed for all arguments including their terminators.
/// argv must have room for argc + 1 pointers (a null pointer ends it).
template <typename CharT>
void parse_command_line(const CharT* command_line, CharT** argv, CharT* buffer, size_t& argc, size_t& characters);

} // namespace crt
